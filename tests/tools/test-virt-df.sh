#!/bin/sh -
# careen - virt-df: the table, -h, -i, --csv, --json, several guests
# at once with one missing (-P, --images-from, --json lines), --one-per-guest (which
# changes nothing, as in libguestfs), and
# the errors that need no appliance.  Expected output is exact: the
# same columns and numbers as libguestfs's virt-df on the same image.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 truncate

# careen's tools by their build-tree path: Debian's libguestfs tools of
# the same names may be installed.
df="$top_builddir/tools/df/virt-df"
fish="$top_builddir/fish/guestfish"
[ -x "$df" ] || skip "virt-df is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Without an appliance: help, version, completion lists, usage errors.
$VG "$df" --help > help
grep -q '^Usage:' help
$VG "$df" --version > version
grep -Eq '^virt-df [0-9]+\.[0-9]+\.[0-9]+$' version
$VG "$df" --long-options > long
grep -qx -- '--csv' long
grep -qx -- '--one-per-guest' long
if grep -qx -- '--long-options' long; then exit 1; fi
$VG "$df" --short-options > short
grep -qx -- '-h' short
grep -qx -- '-P' short
status=0; $VG "$df" --no-such-option 2>err || status=$?
[ "$status" -eq 1 ]
status=0; $VG "$df" -h --csv -a x.img 2>err || status=$?
[ "$status" -eq 1 ]
grep -q 'cannot use -h and --csv' err
# A domain libvirt does not have (tests/functions.sh makes libvirt's
# default connection its test driver).
status=0; $VG "$df" -d guest 2>err || status=$?
[ "$status" -eq 1 ]
grep -q "^virt-df: guest: add_domain: no libvirt domain 'guest' on 'test:///default'" err
status=0; $VG "$df" --domain guest -c test:///default 2>err || status=$?
[ "$status" -eq 1 ]
grep -q "no libvirt domain 'guest' on 'test:///default'" err
status=0; $VG "$top_builddir/tools/diff/virt-diff" -D guest -d guest2 \
  2>err || status=$?
[ "$status" -eq 1 ]
grep -q "add_domain: no libvirt domain 'guest2'" err
# No guest named: every domain of the connection, here the test
# driver's one domain, whose disk does not exist.
status=0; $VG "$df" 2>err || status=$?
[ "$status" -eq 1 ]
grep -q "^virt-df: test: add_domain: domain 'test' on 'test:///default': /guest/diskimage1: No such file" err
status=0; $VG "$df" -a missing.img 2>err || status=$?
[ "$status" -eq 1 ]
grep -q '^virt-df: access: missing.img: No such file or directory$' err
status=0; $VG "$df" --blocksize=1000 -a x.img 2>err || status=$?
[ "$status" -eq 1 ]
status=0; $VG "$df" -P many -a x.img 2>err || status=$?
[ "$status" -eq 1 ]

# The guest: ext4 on a partition, ext4 on an LV, swap (not listed).
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
$VG "$fish" -N u.img=fs:ext2:16M exit

$VG "$df" -a t.img > out
expect_output out <<'OUT'
Filesystem                           1K-blocks       Used  Available  Use%
t.img:/dev/sda1                          16901         14      15526    1%
t.img:/dev/VG/LV                         21623         14      19890    1%
OUT

# The old form (a positional disk), with -h.  (--format before it is
# refused: test-format-after-disks.sh.)
$VG "$df" -h t.img > out
expect_output out <<'OUT'
Filesystem                                Size       Used  Available  Use%
t.img:/dev/sda1                            17M        14K        15M    1%
t.img:/dev/VG/LV                           21M        14K        19M    1%
OUT

$VG "$df" -i --csv -a t.img > out
expect_output out <<'OUT'
VirtualMachine,Filesystem,Inodes,IUsed,IFree,IUse%
t.img,/dev/sda1,4872,11,4861,0.2
t.img,/dev/VG/LV,6144,11,6133,0.2
OUT

# Several guests on two appliances at once (a fleet: see
# test-fleet.sh): the missing one is reported, the others are still
# done, one JSON line each in list order, exit status 2.
printf 't.img\nmissing.img\nu.img\n' > three
status=0
$VG "$df" -P 2 --json --images-from three > out 2> err || status=$?
[ "$status" -eq 2 ]
expect_output out <<'OUT'
{"image":"t.img","index":0,"status":"ok","result":{"guest":"t.img","filesystems":[{"filesystem":"/dev/sda1","size":17306624,"used":14336,"available":15898624,"use_percent":0.1},{"filesystem":"/dev/VG/LV","size":22141952,"used":14336,"available":20367360,"use_percent":0.1}]}}
{"image":"missing.img","index":1,"status":"error","error":"access: missing.img: No such file or directory"}
{"image":"u.img","index":2,"status":"ok","result":{"guest":"u.img","filesystems":[{"filesystem":"/dev/sda1","size":14615552,"used":14336,"available":13814784,"use_percent":0.1}]}}
OUT

# Two disks of one guest: the name gets a '+'.  The disks are copies
# of each other, so the lines do not depend on which is /dev/sda.
cp u.img u2.img
$VG "$df" -a u.img -a u2.img > out
expect_output out <<'OUT'
Filesystem                           1K-blocks       Used  Available  Use%
u.img+:/dev/sda1                         14273         14      13491    1%
u.img+:/dev/sdb1                         14273         14      13491    1%
OUT
$VG "$df" --one-per-guest -a u.img -a u2.img > out2
diff -u out out2

# A list file, and CSV quoting of a name with a space, comma, quote.
ln -s u.img 'q "c, s".img'
printf '# images\nq "c, s".img\n\nt.img\n' > list
$VG "$df" --images-from list --csv > out
expect_output out <<'OUT'
VirtualMachine,Filesystem,1K-blocks,Used,Available,Use%
"q ""c, s"".img",/dev/sda1,14273,14,13491,0.1
t.img,/dev/sda1,16901,14,15526,0.1
t.img,/dev/VG/LV,21623,14,19890,0.1
OUT
