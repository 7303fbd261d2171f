#!/bin/sh -
# careen - virt-resize on LVM guests: ubuntu2404 (GPT, BIOS boot
# partition, ext4 root in LVM) and rhel9 (MBR, xfs root in LVM), each
# with --expand of the PV and --LV-expand (--lvexpand, libguestfs's
# other spelling, for the second guest) of the root LV.  Same files,
# same inspection, the root filesystem grown, the GPT attributes kept
# and the backup GPT header at the new end, filesystems clean.

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

# ubuntu2404: GPT.  The partitions' GPT attributes, the disk GUID and
# the LV are compared before and after.
img="$(guest_image ubuntu2404)"
truncate -s 320M ub.img
$VG "$tool" --format=raw "$img" ub.img --expand /dev/sda3 \
  --LV-expand /dev/ubuntu-vg/ubuntu-lv > log
cat log
grep -q "Expanding /dev/ubuntu-vg/ubuntu-lv using the 'resize2fs'" log
common="part-get-disk-guid /dev/sda
part-get-gpt-type /dev/sda 1
part-get-gpt-guid /dev/sda 1
part-get-gpt-guid /dev/sda 3
part-get-name /dev/sda 2
statvfs /"
root="$(sed -n 's/^root: //p' "$(guest_expected ubuntu2404)")"
resize_probe "$img" raw "$root" in "$common"
resize_probe ub.img raw "$root" out "$common" \
  umount-all "fsck ext4 /dev/ubuntu-vg/ubuntu-lv" \
  "fsck ext4 /dev/sda2" "part-list /dev/sda"
cmp in.sums out.sums
sed "/^bsize:/,\$d" in.inspect > in.head
sed "/^bsize:/,\$d" out.inspect > out.head
cmp in.head out.head
[ "$(resize_blocks out)" -gt $(( $(resize_blocks in) * 3 / 2 )) ]
grep -A2 '^namemax' out.inspect | tail -n 2 > fsck
expect_output fsck <<'END'
0
0
END
# The PV partition ends at the last usable sector of the new disk: the
# backup header was written at the new end.
grep -A3 'part_num: 3' out.inspect | grep -q 'part_end: 334233599'

# rhel9: MBR, xfs root grown by xfs_growfs.
img="$(guest_image rhel9)"
truncate -s 700M rh.img
$VG "$tool" --format=raw "$img" rh.img --expand /dev/sda2 \
  --lvexpand /dev/rhel/root > log
cat log
grep -q "Expanding /dev/rhel/root using the 'xfs_growfs'" log
common="part-get-mbr-id /dev/sda 2
lvs
statvfs /"
root="$(sed -n 's/^root: //p' "$(guest_expected rhel9)")"
resize_probe "$img" raw "$root" in "$common"
resize_probe rh.img raw "$root" out "$common" umount-all \
  "xfs-repair /dev/rhel/root nomodify:true" "fsck ext4 /dev/sda1"
cmp in.sums out.sums
sed "/^bsize:/,\$d" in.inspect > in.head
sed "/^bsize:/,\$d" out.inspect > out.head
cmp in.head out.head
[ "$(resize_blocks out)" -gt $(( $(resize_blocks in) * 5 / 4 )) ]
grep -A2 '^namemax' out.inspect | tail -n 2 > fsck
expect_output fsck <<'END'
0
0
END
