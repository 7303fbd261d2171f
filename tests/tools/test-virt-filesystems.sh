#!/bin/sh -
# careen - virt-filesystems: every listing (filesystems, --extra,
# partitions, LVs, VGs, PVs, block devices, --all), the column sets of
# --long, -h, --uuid, --csv, --no-title, and the usage errors.  The
# expected tables are those libguestfs's virt-filesystems prints for
# the same image.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 truncate

# careen's tools by their build-tree path: Debian's libguestfs tools of
# the same names may be installed.
vfs="$top_builddir/tools/filesystems/virt-filesystems"
fish="$top_builddir/fish/guestfish"
[ -x "$vfs" ] || skip "virt-filesystems is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Without an appliance.
$VG "$vfs" --help > help
grep -q '^Usage:' help
$VG "$vfs" --version | grep -Eq '^virt-filesystems [0-9]+\.[0-9]+\.[0-9]+$'
$VG "$vfs" --long-options > long
for o in --all --blkdevs --extra --logical-volumes --no-title --uuids \
         --volume-groups --physvols --key --keys-from-stdin --echo-keys; do
  grep -qx -- "$o" long
done
$VG "$vfs" --short-options > short
grep -qx -- '-l' short
status=0; $VG "$vfs" --bogus 2>err || status=$?
[ "$status" -eq 1 ]
status=0; $VG "$vfs" 2>err || status=$?
[ "$status" -eq 1 ]
status=0; $VG "$vfs" -a t.img extra-arg 2>err || status=$?
[ "$status" -eq 1 ]
status=0; $VG "$vfs" -a missing.img 2>err || status=$?
[ "$status" -eq 1 ]
grep -q '^virt-filesystems: access: missing.img: No such file or directory$' err
status=0; $VG "$vfs" -c qemu:///system 2>err || status=$?
[ "$status" -eq 1 ]
grep -q 'no disk image (-a) or domain (-d) was given' err
status=0; $VG "$vfs" --key nocolon 2>err || status=$?
[ "$status" -eq 1 ]

# The guest: three MBR partitions (ext4 labelled "boot", an LVM PV
# holding VG/LV with ext4, swap).
truncate -s 64M t.img
cat > mk.fish <<'FISH'
run
part-init /dev/sda mbr
part-add /dev/sda p 2048 40959
part-add /dev/sda p 40960 106495
part-add /dev/sda p 106496 -2048
mkfs ext4 /dev/sda1
set-label /dev/sda1 boot
pvcreate /dev/sda2
vgcreate VG /dev/sda2
lvcreate LV VG 24
mkfs ext4 /dev/VG/LV
mkswap /dev/sda3
FISH
$VG "$fish" -a t.img -f mk.fish

$VG "$vfs" -a t.img > out
expect_output out <<'OUT'
/dev/sda1
/dev/VG/LV
OUT

$VG "$vfs" -a t.img --extra > out
expect_output out <<'OUT'
/dev/sda1
/dev/sda3
/dev/VG/LV
OUT

$VG "$vfs" -a t.img --all --long > out
expect_output out <<'OUT'
Name        Type        VFS   Label  MBR  Size      Parent
/dev/sda1   filesystem  ext4  boot   -    17306624  -
/dev/sda3   filesystem  swap  -      -    11534848  -
/dev/VG/LV  filesystem  ext4  -      -    22141952  -
/dev/VG/LV  lv          -     -      -    25165824  /dev/VG
/dev/VG     vg          -     -      -    29360128  /dev/sda2
/dev/sda2   pv          -     -      -    29360128  -
/dev/sda1   partition   -     -      83   19922944  /dev/sda
/dev/sda2   partition   -     -      83   33554432  /dev/sda
/dev/sda3   partition   -     -      83   11534848  /dev/sda
/dev/sda    device      -     -      -    67108864  -
OUT

$VG "$vfs" -a t.img --parts --lvs -l -h > out
expect_output out <<'OUT'
Name        Type       MBR  Size  Parent
/dev/VG/LV  lv         -    24M   /dev/VG
/dev/sda1   partition  83   19M   /dev/sda
/dev/sda2   partition  83   32M   /dev/sda
/dev/sda3   partition  83   11M   /dev/sda
OUT

$VG "$vfs" -a t.img --blkdevs --vgs --pvs --csv --long > out
expect_output out <<'OUT'
Name,Type,Size,Parent
/dev/VG,vg,29360128,/dev/sda2
/dev/sda2,pv,29360128,
/dev/sda,device,67108864,
OUT

# UUIDs are random: check their shapes.  A table this wide has one
# space between columns.
$VG "$vfs" -a t.img -l --no-title --lvs --vgs --pvs --uuid > out
cat out
[ "$(wc -l < out)" -eq 3 ]
grep -Eq '^/dev/VG/LV lv 25165824 /dev/VG   [0-9A-Za-z]{6}(-[0-9A-Za-z]{4}){5}-[0-9A-Za-z]{6}$' out
grep -Eq '^/dev/VG    vg 29360128 /dev/sda2 [0-9A-Za-z]{32}$' out
grep -Eq '^/dev/sda2  pv 29360128 -         [0-9A-Za-z]{32}$' out

$VG "$vfs" -a t.img --filesystems --csv --long --uuid > out
cat out
head -n 1 out | grep -qx 'Name,Type,VFS,Label,Size,UUID'
grep -Eq '^/dev/sda1,filesystem,ext4,boot,17306624,[0-9a-f-]{36}$' out

# An encrypted partition is opened with --key or a key on stdin, and
# what it holds is listed; a wrong key is an error.
echo secret | $VG "$fish" --keys-from-stdin -N lk.img=part:32M -- \
  luks-format /dev/sda1 0
echo secret | $VG "$fish" --keys-from-stdin -a lk.img run : \
  cryptsetup-open /dev/sda1 lk : mkfs ext4 /dev/mapper/lk
$VG "$vfs" --key /dev/sda1:key:secret -a lk.img > out
expect_output out <<'OUT'
/dev/sda1
/dev/mapper/luks-sda1
OUT
echo secret | $VG "$vfs" --keys-from-stdin -a lk.img --filesystems -l > out
expect_output out <<'OUT'
Name                   Type        VFS          Label  Size
/dev/sda1              filesystem  crypto_LUKS  -      32505856
/dev/mapper/luks-sda1  filesystem  ext4         -      13444096
OUT
status=0
$VG "$vfs" --key all:key:wrong -a lk.img > out 2>err || status=$?
[ "$status" -eq 1 ]
