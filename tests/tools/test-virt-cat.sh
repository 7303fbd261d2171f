#!/bin/sh -
# careen - virt-cat: several files in order, a binary file of a few
# megabytes byte for byte (streamed, not held in memory), a missing
# file (reported, the next file still shown, exit 1), inspection
# without -m, the old positional form, and the usage errors.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 head cmp

# careen's tools by their build-tree path: Debian's libguestfs tools of
# the same names may be installed.
cat_="$top_builddir/tools/cat/virt-cat"
fish="$top_builddir/fish/guestfish"
[ -x "$cat_" ] || skip "virt-cat is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Without an appliance.
$VG "$cat_" --help > help
grep -q '^Usage:' help
$VG "$cat_" --version | grep -Eq '^virt-cat [0-9]+\.[0-9]+\.[0-9]+$'
$VG "$cat_" --long-options > long
grep -qx -- '--mount' long
grep -qx -- '--key' long
$VG "$cat_" --short-options > short
grep -qx -- '-m' short
status=0; $VG "$cat_" --bogus 2>err || status=$?
[ "$status" -eq 1 ]
status=0; $VG "$cat_" -a missing.img /etc/motd 2>err || status=$?
[ "$status" -eq 1 ]
grep -q '^virt-cat: access: missing.img: No such file or directory$' err
status=0; $VG "$cat_" -d guest /etc/motd 2>err || status=$?
[ "$status" -eq 1 ]
grep -q "add_domain: no libvirt domain 'guest' on 'test:///default'" err
status=0; $VG "$cat_" -m /dev/sda1 2>err || status=$?
[ "$status" -eq 1 ]
status=0; $VG "$cat_" -m : -a /dev/null /x 2>err || status=$?
[ "$status" -eq 1 ]
grep -q 'no device given' err

# A Linux-looking guest (for inspection) holding a binary file.
head -c 3000000 /dev/urandom > big.bin
cat > os-release <<'REL'
NAME="Debian GNU/Linux"
ID=debian
VERSION_ID="12"
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
REL
cat > mk.fish <<'FISH'
mkdir-p /etc
mkdir-p /bin
upload os-release /etc/os-release
write /etc/fstab "/dev/sda1 / ext4 defaults 0 1\n"
write /etc/motd "hello, world\n"
write /etc/hostname "guest\n"
upload big.bin /big.bin
ln-s ../etc/motd /bin/motd-link
FISH
$VG "$fish" -N t.img=fs:ext4:32M -m /dev/sda1 -f mk.fish

# With -m: files in order, through a symlink, binary safe.
$VG "$cat_" -a t.img -m /dev/sda1 /etc/motd /bin/motd-link /big.bin \
  /etc/hostname > out
head -c 26 out > text
printf 'hello, world\nhello, world\n' | cmp - text
tail -c +27 out | head -c 3000000 | cmp - big.bin
tail -c 6 out | cmp - /dev/stdin <<'TXT'
guest
TXT

# A missing file: an error and exit 1, the next file still shown.
status=0
$VG "$cat_" -a t.img -m /dev/sda1 /nonexistent /etc/hostname \
  > out 2> err || status=$?
[ "$status" -eq 1 ]
grep -q 'nonexistent' err
expect_output out <<'OUT'
guest
OUT

# Without -m: inspection finds the guest and mounts it; the old form
# gives the disk without -a.
$VG "$cat_" t.img /etc/motd > out
expect_output out <<'OUT'
hello, world
OUT

# A disk with no operating system: inspection says so.
$VG "$fish" -N empty.img=fs:ext2:16M exit
status=0; $VG "$cat_" -a empty.img /etc/motd 2>err || status=$?
[ "$status" -eq 1 ]
grep -q 'no operating system' err
