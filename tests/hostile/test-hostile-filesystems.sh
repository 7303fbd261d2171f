#!/bin/sh -
# careen - hostile disks inside the appliance, one launch: a partition
# table with overlapping, out-of-range and wrapping entries, an ext4
# superblock with absurd geometry, a zeroed superblock, and a sparse
# 1 TiB file read whole by the calls that return file contents.
#
# Each must give a clear error or a bounded result, and the appliance
# must still answer afterwards.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/hostile/functions.sh"
requires_appliance
requires python3 truncate mkfs.ext4
images="$top_srcdir/tests/hostile/make-hostile-images.py"

truncate -s 64M mbr.img
python3 "$images" bad-mbr mbr.img
for f in garbage zeroed big; do
  truncate -s 256M $f.img
  mkfs.ext4 -q -F -b 4096 $f.img
done
python3 "$images" ext-garbage garbage.img
dd if=/dev/zero of=zeroed.img bs=1024 seek=1 count=1 conv=notrunc 2>/dev/null

fish_rc --format=raw -a mbr.img -a garbage.img -a zeroed.img -a big.img \
  > out 2> err <<'END'
run
echo == partitions
-list-partitions
-part-list /dev/sda
-mount /dev/sda1 /
-blockdev-getsize64 /dev/sda1
echo == superblocks
-mount /dev/sdb /
-vfs-type /dev/sdc
-mount /dev/sdc /
echo == sparse
mount /dev/sdd /
touch /sparse
truncate-size /sparse 1099511627776
filesize /sparse
-cat /sparse
-read-file /sparse
-read-lines /sparse
echo == alive
list-devices
END
cat out err
[ "$rc" -eq 0 ] || { echo "guestfish failed ($rc)" >&2; exit 1; }

# The appliance survived everything.
sed -n '/^== alive$/,$p' out > alive
expect_output alive <<'END'
== alive
/dev/sda
/dev/sdb
/dev/sdc
/dev/sdd
END

# The corrupt filesystems were refused with messages naming them.
grep -q 'mount.*/dev/sdb' err
grep -q 'mount.*/dev/sdc' err
grep -qx 1099511627776 out

# The whole-file calls refused the 1 TiB file instead of trying to
# return it (each prints an error, no content).
[ "$(grep -c -e 'cat:' -e 'read_file:' -e 'read_lines:' err)" -eq 3 ]
