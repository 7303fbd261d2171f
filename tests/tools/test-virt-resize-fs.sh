#!/bin/sh -
# careen - virt-resize of btrfs and NTFS: fedora40 (GPT, btrfs root
# grown mounted) to a raw output, and windows (MBR, bootable NTFS grown
# by ntfsresize) to a qcow2 output.  Same files, same inspection, the
# filesystem bigger, the partition types and boot flag kept.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img truncate sha256sum

tool="$top_builddir/tools/resize/virt-resize"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-resize is not built"
. "$top_srcdir/tests/tools/test-virt-resize-functions.sh"
. "$top_srcdir/tests/guests/guests.sh"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

img="$(guest_image fedora40)"
truncate -s 384M fed.img
$VG "$tool" --format=raw "$img" fed.img --expand /dev/sda3 > log
cat log
grep -q "Expanding /dev/sda3 using the 'btrfs-filesystem-resize'" log
common="part-get-gpt-type /dev/sda 3
part-get-gpt-guid /dev/sda 3
statvfs /"
root="$(sed -n 's/^root: //p' "$(guest_expected fedora40)")"
resize_probe "$img" raw "$root" in "$common"
resize_probe fed.img raw "$root" out "$common" umount-all \
  "fsck ext4 /dev/sda2"
cmp in.sums out.sums
sed "/^bsize:/,\$d" in.inspect > in.head
sed "/^bsize:/,\$d" out.inspect > out.head
cmp in.head out.head
[ "$(resize_blocks out)" -gt $(( $(resize_blocks in) * 5 / 4 )) ]
tail -n 1 out.inspect > fsck
expect_output fsck <<'END'
0
END

img="$(guest_image windows)"
qemu-img create -q -f qcow2 win.qcow2 192M
$VG "$tool" --format=raw --output-format=qcow2 "$img" win.qcow2 \
  --expand /dev/sda1 > log
cat log
grep -q "Expanding /dev/sda1 using the 'ntfsresize'" log
common="part-get-mbr-id /dev/sda 1
part-get-bootable /dev/sda 1
statvfs /"
root="$(sed -n 's/^root: //p' "$(guest_expected windows)")"
resize_probe "$img" raw "$root" in "$common"
resize_probe win.qcow2 qcow2 "$root" out "$common"
cmp in.sums out.sums
sed "/^bsize:/,\$d" in.inspect > in.head
sed "/^bsize:/,\$d" out.inspect > out.head
cmp in.head out.head
[ "$(resize_blocks out)" -gt $(( $(resize_blocks in) * 3 / 2 )) ]
# The output really is qcow2, and sparse.
qemu-img info --output=json win.qcow2 | grep -q '"format": "qcow2"'
