#!/bin/sh
# careen - disks appear in the appliance as /dev/sda, /dev/sdb ... in the
# order they were added, whatever order the kernel probes them in.
# Five disks of different sizes, two launches: each /dev/sdX must have
# the size of the disk added in that position.

. "$top_srcdir/tests/functions.sh"
set -e
skip_if_skipped

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"

args=""
expected=""
for i in 1 2 3 4 5; do
  truncate -s "${i}M" "$tmp/d$i.img"
  args="$args -a $tmp/d$i.img"
  expected="$expected$((i * 1024 * 1024))
"
done

for launch in 1 2; do
  guestfish --format=raw $args run : \
    blockdev-getsize64 /dev/sda : blockdev-getsize64 /dev/sdb : \
    blockdev-getsize64 /dev/sdc : blockdev-getsize64 /dev/sdd : \
    blockdev-getsize64 /dev/sde > "$tmp/out"
  printf '%s' "$expected" | expect_output "$tmp/out"
done
