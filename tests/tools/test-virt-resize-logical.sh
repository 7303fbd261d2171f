#!/bin/sh -
# careen - virt-resize of an MBR disk with an extended partition holding
# two logical partitions (ext4 and swap), built here.  /dev/sda1 grows
# by 30M, which moves the extended partition as a whole: the logical
# partitions keep their contents, label and UUID; the surplus becomes
# an extra primary partition; logical partitions cannot be named.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img truncate

tool="$top_builddir/tools/resize/virt-resize"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-resize is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# sda1 ext4 20M; sda2 extended: sda5 ext4 31M, sda6 swap to the end.
truncate -s 120M in.img
$VG "$fish" --format=raw -a in.img <<'END' > in.out
run
part-init /dev/sda mbr
part-add /dev/sda p 2048 43007
part-add /dev/sda e 43008 -1
part-add /dev/sda l 45056 108543
part-add /dev/sda l 110592 -1
part-set-bootable /dev/sda 1 true
mkfs ext4 /dev/sda1 label:FIRST
mkfs ext4 /dev/sda5 label:LOGICAL
mkswap /dev/sda6 label:SWAP6 uuid:0b2f6a3e-0d1c-4c55-9b7e-7f1c2a3b4c5d
mount /dev/sda5 /
mkdir /d
fill-pattern "careen logical" 3000000 /d/big
write /d/small "in a logical partition"
checksum sha256 /d/big
checksum sha256 /d/small
umount-all
mount /dev/sda1 /
write /first "in the first partition"
checksum sha256 /first
END

# A logical partition cannot be named.
truncate -s 300M out.img
set +e
$VG "$tool" --format=raw --resize /dev/sda5=+1M in.img out.img 2> err
rc=$?
set -e
[ "$rc" = 1 ]
grep -q 'logical partitions cannot be changed' err

$VG "$tool" --format=raw in.img out.img --resize /dev/sda1=+30M > log
cat log
grep -q 'extended partition will be copied as a whole' log
grep -q 'extra partition will be created' log

$VG "$fish" --ro --format=raw -a out.img <<'END' > out.out
run
mount /dev/sda5 /
checksum sha256 /d/big
checksum sha256 /d/small
umount-all
mount /dev/sda1 /
checksum sha256 /first
umount-all
vfs-label /dev/sda5
vfs-label /dev/sda6
vfs-uuid /dev/sda6
part-get-mbr-part-type /dev/sda 2
part-get-mbr-part-type /dev/sda 3
part-get-bootable /dev/sda 1
fsck ext4 /dev/sda1
fsck ext4 /dev/sda5
END
cat out.out
head -n 3 out.out > sums
cmp in.out sums
tail -n +4 out.out > rest
expect_output rest <<'END'
LOGICAL
SWAP6
0b2f6a3e-0d1c-4c55-9b7e-7f1c2a3b4c5d
extended
primary
true
0
0
END
