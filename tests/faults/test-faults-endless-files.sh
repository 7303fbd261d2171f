#!/bin/sh -
# careen - guest files without a fixed size: character devices that
# never end (/dev/zero's numbers), a FIFO nobody writes, a block device
# node.  download, cat, read-file and checksum must each end within a
# bounded time with a bounded result or an error, never hang or stream
# for ever.
#
# A regular file that really grows or shrinks while a call reads it
# cannot be produced through the API: the daemon runs one call at a
# time and nothing else in the appliance writes guest files, and two
# handles may not open one image read-write.  The daemon's readers are
# bounded anyway (download stops at the size seen at open, cat and
# read-file at the reply limit, checksum reads only regular files), and
# these special files are the hostile image's way to try it.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 mkfs.ext4 mknod mkfifo timeout truncate
[ "$(id -u)" = 0 ] || skip "mknod of device nodes needs root"

fish="$top_builddir/fish/guestfish"
[ -x "$fish" ] || skip "guestfish is not built"

scratch="$(mktemp -d /tmp/careen-endless.XXXXXX)"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

mkdir root
mknod root/zero c 1 5
mknod root/urandom c 1 9
mknod root/sda b 8 0
mkfifo root/fifo
printf 'regular\n' > root/file
truncate -s 64M disk.img
mkfs.ext4 -q -F -d root disk.img

# A script whose "-" commands may fail without stopping it; the whole
# run is bounded.
set +e
timeout 300 "$fish" --ro --format=raw -a disk.img > out 2> err <<EOF
run
mount /dev/sda /
-download /zero $scratch/zero.out
-download /urandom $scratch/urandom.out
-download /fifo $scratch/fifo.out
-download /sda $scratch/sda.out
-cat /zero
-cat /fifo
-read-file /urandom
-checksum sha256 /zero
-checksum sha256 /fifo
download /file $scratch/file.out
echo done
EOF
rc=$?
set -e
cat out err
[ $rc = 0 ]
grep -qx done out
# Nothing endless came back, and no partial file was left.
for f in zero urandom fifo sda; do
  [ ! -e "$f.out" ] || { ls -la "$f.out"; echo "$f: partial download" >&2; exit 1; }
done
[ "$(cat file.out)" = regular ]
[ "$(grep -c 'download: /[a-z]*: Invalid argument' err)" = 4 ]
[ "$(grep -c 'checksum: ' err)" = 2 ]
