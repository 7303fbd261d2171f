#!/bin/sh -
# careen - virt-get-kernel: of four kernels in /boot the highest version
# (6.1.0-18 above 6.1.0-9 and 5.10.0-28) is copied with its initramfs,
# each copy announced; --prefix, --unversioned-names and -q; a guest
# that is not Linux fails; --machine-readable alone; the usage errors.
# When libguestfs's virt-get-kernel is installed, it must copy the same
# files with the same announcements.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64

gk="$top_builddir/tools/get-kernel/virt-get-kernel"
fish="$top_builddir/fish/guestfish"
[ -x "$gk" ] || skip "virt-get-kernel is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Without an appliance.
$VG "$gk" --help | grep -q '^Usage:'
$VG "$gk" --version | grep -Eq '^virt-get-kernel [0-9]+\.[0-9]+\.[0-9]+$'
$VG "$gk" --long-options | grep -qx -- '--unversioned-names'
[ "$($VG "$gk" --machine-readable)" = virt-get-kernel ]
$VG "$gk" --machine-readable=file:"$scratch/mr"
[ "$(cat mr)" = virt-get-kernel ]
status=0; $VG "$gk" --machine-readable=bogus 2>err || status=$?
[ "$status" -eq 1 ]
status=0; $VG "$gk" --bogus 2>err || status=$?
[ "$status" -eq 1 ]
status=0; $VG "$gk" 2>err || status=$?
[ "$status" -eq 1 ]

cat > os-release <<'REL'
NAME="Debian GNU/Linux"
ID=debian
VERSION_ID="12"
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
REL
cat > mk.fish <<'FISH'
mkdir-p /etc
mkdir-p /bin
mkdir-p /boot
upload os-release /etc/os-release
write /etc/fstab "/dev/sda1 / ext4 defaults 0 1\n"
write /boot/vmlinuz-5.10.0-9-amd64 "k5.10.0-9\n"
write /boot/vmlinuz-5.10.0-28-amd64 "k5.10.0-28\n"
write /boot/vmlinuz-6.1.0-18-amd64 "k6.1.0-18\n"
write /boot/vmlinuz-6.1.0-9-amd64 "k6.1.0-9\n"
write /boot/initrd.img-6.1.0-18-amd64 "i6.1.0-18\n"
write /boot/initrd.img-6.1.0-9-amd64 "i6.1.0-9\n"
write /boot/config-6.1.0-18-amd64 "c\n"
FISH
$VG "$fish" -N k.img=fs:ext4:32M -m /dev/sda1 -f mk.fish

mkdir out
$VG "$gk" --format=raw -a k.img -o out > log
expect_output log <<'OUT'
download: /boot/vmlinuz-6.1.0-18-amd64 -> out/vmlinuz-6.1.0-18-amd64
download: /boot/initrd.img-6.1.0-18-amd64 -> out/initrd.img-6.1.0-18-amd64
OUT
[ "$(ls out | tr '\n' ' ')" = "initrd.img-6.1.0-18-amd64 vmlinuz-6.1.0-18-amd64 " ]
[ "$(cat out/vmlinuz-6.1.0-18-amd64)" = k6.1.0-18 ]
[ "$(cat out/initrd.img-6.1.0-18-amd64)" = i6.1.0-18 ]

mkdir out2
$VG "$gk" -q --prefix deb --unversioned-names --format=raw -a k.img \
  --output out2 > log
[ ! -s log ]
[ "$(ls out2 | tr '\n' ' ')" = "deb-initrd.img deb-vmlinuz " ]
[ "$(cat out2/deb-vmlinuz)" = k6.1.0-18 ]

. "$top_srcdir/tests/guests/guests.sh"
if win="$(guest_image windows)"; then
  status=0
  $VG "$gk" --format=raw -a "$win" -o out2 2> err || status=$?
  [ "$status" -eq 1 ]
  grep -q 'operating system not supported: windows' err
fi

# libguestfs's own (one slow launch).
if [ -x /usr/bin/virt-get-kernel ]; then
  rm -rf out && mkdir out
  libguestfs /usr/bin/virt-get-kernel --format=raw -a k.img -o out > lg.log
  expect_output lg.log <<'OUT'
download: /boot/vmlinuz-6.1.0-18-amd64 -> out/vmlinuz-6.1.0-18-amd64
download: /boot/initrd.img-6.1.0-18-amd64 -> out/initrd.img-6.1.0-18-amd64
OUT
  [ "$(cat out/vmlinuz-6.1.0-18-amd64)" = k6.1.0-18 ]
fi
