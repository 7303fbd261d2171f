#!/bin/sh -
# careen - the -i tools (virt-cat, virt-ls, virt-inspector, virt-edit)
# on a guest whose fstab names a filesystem that cannot be mounted
# (here /srv, which the root filesystem does not have): the library's
# error and "some filesystems could not be mounted (ignored)" on
# stderr, and the tool still does its job, as libguestfs's tools do.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64

fish="$top_builddir/fish/guestfish"
tools="$top_builddir/tools"
[ -x "$fish" ] || skip "guestfish is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

cat > mk.fish <<'FISH'
part-init /dev/sda mbr
part-add /dev/sda p 2048 40000
part-add /dev/sda p 40001 -1
mkfs ext4 /dev/sda1
mkfs ext4 /dev/sda2
mount /dev/sda1 /
mkdir-p /etc
mkdir-p /bin
mkdir-p /usr/bin
write /etc/os-release "ID=debian\nVERSION_ID=12\nNAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
write /etc/debian_version "12.5\n"
write /etc/fstab "/dev/sda1 / ext4 defaults 0 1\n/dev/sda2 /srv ext4 defaults 0 2\n"
write /etc/hostname "guest\n"
FISH
$VG "$fish" -N t.img=disk:64M -f mk.fish

# What every tool says on stderr (the call is mount_ro for the
# read-only tools, mount for virt-edit).
expected_err ()
{
  printf 'libguestfs: error: %s: mount: /srv: mount point is not a directory\n%s: some filesystems could not be mounted (ignored)\n' "$1" "$2"
}

$VG "$tools/cat/virt-cat" -a t.img /etc/hostname > out 2> err
echo guest | diff -u - out
expected_err mount_ro virt-cat | diff -u - err
if [ -x /usr/bin/virt-cat ]; then
  libguestfs /usr/bin/virt-cat -a t.img /etc/hostname > lg.out 2> lg.err
  diff -u lg.out out
  grep -v "^+" lg.err | diff -u - err
fi

$VG "$tools/ls/virt-ls" -a t.img /etc > out 2> err
grep -qx hostname out
expected_err mount_ro virt-ls | diff -u - err

$VG "$tools/inspector/virt-inspector" -a t.img > out 2> err
grep -q '<hostname>guest</hostname>' out
expected_err mount_ro virt-inspector | diff -u - err

$VG "$tools/edit/virt-edit" -a t.img /etc/hostname -e 's/guest/host/' 2> err
expected_err mount virt-edit | diff -u - err
$VG "$tools/cat/virt-cat" -a t.img /etc/hostname > out 2> err
echo host | diff -u - out

# A partition of a disk that was not added (/dev/vdb1, the appliance's
# /dev/sdb1): libguestfs keeps the fstab entry, so its tools report the
# filesystem they could not mount, and so do careen's.
sed 's|^write /etc/fstab .*|write /etc/fstab "/dev/sda1 / ext4 defaults 0 1\\n/dev/vdb1 /data ext4 defaults 0 2\\n"|' mk.fish > mk2.fish
$VG "$fish" -N t2.img=disk:64M -f mk2.fish
$VG "$tools/cat/virt-cat" -a t2.img /etc/hostname > out 2> err
echo guest | diff -u - out
grep -q '^virt-cat: some filesystems could not be mounted (ignored)$' err
grep -q '/dev/sdb1' err
$VG "$tools/inspector/virt-inspector" -a t2.img > out 2> err
grep -q '<mountpoint dev="/dev/sdb1">/data</mountpoint>' out
if [ -x /usr/bin/virt-cat ]; then
  libguestfs /usr/bin/virt-cat -a t2.img /etc/hostname > lg.out 2> lg.err
  echo guest | diff -u - lg.out
  grep -q '^virt-cat: some filesystems could not be mounted (ignored)$' lg.err
fi
