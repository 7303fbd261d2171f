#!/bin/sh -
# careen - virt-resize killed part way: SIGTERM and SIGKILL while the
# new partition table is written, SIGINT, SIGTERM and SIGKILL to
# virt-resize and SIGKILL to its qemu during the host copy and while
# the second launch grows the filesystems, and an output on a full
# filesystem.  virt-resize writes in place to the disk the user made,
# so an interrupted output cannot be removed; instead it carries no
# boot signature from the first write to the very last: sfdisk (like a
# kernel or firmware) finds no partition table on it, and virt-resize
# says that it is incomplete, except after its own SIGKILL.  The input
# is never written.  make check-slow adds random kill points (SEED
# replays them).

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img pgrep sha256sum truncate sfdisk od \
  e2fsck dumpe2fs
. "$top_srcdir/tests/guests/guests.sh"

tool="$top_builddir/tools/resize/virt-resize"
[ -x "$tool" ] || skip "virt-resize is not built"

img="$(guest_image debian12)"
sum_before="$(sha256sum < "$img")"
. "$top_srcdir/tests/faults/kill-points.sh"
kill_points_setup

# The output with a partition table is the whole resize: /dev/sda2's
# ext4 is clean and fills its grown partition (its input was 80 MB).
check_complete ()
{
  sfdisk -d out.img > table
  cat table
  set -- $(sed -n 's/^out\.img2 : start= *\([0-9]*\), size= *\([0-9]*\),.*/\1 \2/p' table)
  e2fsck -fn "out.img?offset=$(($1 * 512))"
  dumpe2fs -h "out.img?offset=$(($1 * 512))" > sb
  bytes=$(( $(sed -n 's/^Block count: *//p' sb) * $(sed -n 's/^Block size: *//p' sb) ))
  [ "$bytes" -gt $(($2 * 512 * 9 / 10)) ]
}

# check_output SIGNAL: what a killed (or finished) run left in out.img.
# A kill can come after the last write: then the output is complete.
check_output ()
{
  kp_check_gone
  kp_check_status "$1"
  if [ "$kp_status" = 0 ] || sfdisk -d out.img > /dev/null 2>&1; then
    check_complete
  else
    refute sfdisk -d out.img
    # Once it has written to the output, virt-resize says it is
    # incomplete (unless it could not: SIGKILL).
    if [ "$1" != KILL ] &&
       grep -q 'Setting up initial partition table' log; then
      grep -F "the output disk 'out.img' is incomplete: do not use it" log
    fi
  fi
  [ "$(sha256sum < "$img")" = "$sum_before" ]
}

# resize KILLER ARGS...: one run, killed as KILLER says.  Until the
# copy starts (the new table is being made), sector 0 of the output
# must never carry a boot signature, even for a moment: a poller on
# the host looks every 50 ms.
resize ()
{
  rm -f out.img log sig-seen
  truncate -s 256M out.img
  (
    while ! grep -q 'Copying' log 2>/dev/null; do
      [ "$(od -An -tx1 -j510 -N2 out.img | tr -d ' \n')" != 55aa ] ||
        echo "signature seen before the copy" >> sig-seen
      sleep 0.05
    done
  ) &
  poller=$!
  "$@" $VG "$tool" --format=raw --output-format=raw --expand /dev/sda2 \
    "$img" out.img
  kill "$poller" 2>/dev/null || :
  wait "$poller" 2>/dev/null || :
  refute test -e sig-seen
}

# While the new table is being made (on a scratch disk of the
# appliance, then put on the output without its signature).
resize kill_at_message TERM 'Setting up initial partition table' log
check_output TERM
resize kill_at_message KILL 'Setting up initial partition table' log
check_output KILL
resize kill_at_message TERM 'Copying /dev/sda1' log
check_output TERM
resize kill_at_message INT 'Expanding /dev/sda2' log
check_output INT
resize kill_at_message KILL 'Expanding /dev/sda2' log
check_output KILL
resize kill_at_message QEMU 'Expanding /dev/sda2' log
check_output QEMU
[ "$kp_status" = 1 ]

# The output on a filesystem that cannot hold it: the copy or the
# growing fails (the appliance gets an I/O error, qemu does not stop),
# and the output says nothing of partitions.
if mkdir small && mount -t tmpfs -o size=2m careen-test small 2>/dev/null
then
  cleanup_fn "umount '$scratch/small' 2>/dev/null || :"
  truncate -s 256M small/out.img
  status=0
  $VG "$tool" --format=raw --output-format=raw --expand /dev/sda2 \
    "$img" small/out.img > log 2>&1 || status=$?
  cat log
  [ "$status" = 1 ]
  grep -F "the output disk 'small/out.img' is incomplete: do not use it" log
  refute sfdisk -d small/out.img
  umount small
else
  echo "$test_name: full output not tested: cannot mount a tmpfs here"
fi

# make check-slow: random points in the time of a whole run, which
# also proves that a run that ends has its partition table.
if [ -n "${SLOW:-}" ]; then
  kill_at_random 12 resize check_output
fi
