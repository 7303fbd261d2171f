#!/bin/sh -
# careen - the Linux converter on a real Debian guest that boots on IDE
# and not on virtio (v2v-functions.sh): afterwards fstab and grub.cfg
# name /dev/vda1, the initramfs rebuilt by the guest's update-initramfs
# holds virtio_blk, open-vm-tools (in dpkg's database, with its
# service enabled) is purged by the guest's dpkg, and the guest boots
# from a virtio disk.  One launch prepares the overlay, one converts
# (the initramfs rebuild is most of it: about a minute under TCG), and
# one boot proves it.  In make check, test-v2v-boot.sh converts and
# boots the same guest through virt-v2v from three formats and checks
# the same things but the steps' own messages, so this runs with make
# check-slow only.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
slow_test
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
. "$top_srcdir/tests/v2v/v2v-functions.sh"
requires_bootable_guest

fish="$top_builddir/fish/guestfish"
driver="$top_builddir/tests/v2v/v2v-convert-linux-test"
[ -x "$driver" ] || skip "the driver is not built"

img="$(bootable_guest)"


scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
# The overlay's backing file is the shared test guest, outside the
# overlay's directory: allow it (careen's default refuses it).
export CAREEN_BACKING_FILES=any
qemu-img create -q -f qcow2 -b "$img" -F raw guest.qcow2

# update-initramfs needs the guest's grep and ldd (packages grep and
# libc-bin); a guest built without them cannot rebuild its initramfs,
# whatever the converter does.  dpkg needs diff: without it the tools
# cannot be purged and their service is disabled instead.  The same
# launch adds VMware's tools: a dpkg database entry, one file of
# theirs and their enabled service.
$VG "$fish" --format=qcow2 -a guest.qcow2 -i <<'EOF' > prep
is-file /usr/bin/grep followsymlinks:true
is-file /usr/bin/ldd followsymlinks:true
is-file /usr/bin/diff followsymlinks:true
write-append /var/lib/dpkg/status "Package: open-vm-tools\nStatus: install ok installed\nPriority: optional\nSection: admin\nInstalled-Size: 10\nMaintainer: Test Maintainers <test@example.org>\nArchitecture: amd64\nVersion: 2:12.2.0-1+deb12u2\nDescription: Open VMware Tools for virtual machines hosted on VMware\n\n"
write /var/lib/dpkg/info/open-vm-tools.list "/usr/share/doc/open-vm-tools-careen-test\n"
mkdir-p /usr/share/doc
write /usr/share/doc/open-vm-tools-careen-test "stand-in\n"
mkdir-p /etc/systemd/system/multi-user.target.wants
ln-s /lib/systemd/system/open-vm-tools.service /etc/systemd/system/multi-user.target.wants/open-vm-tools.service
EOF
if [ "$(sed -n 1,2p prep)" != "$(printf 'true\ntrue')" ]; then
  skip "the bootable guest lacks grep or ldd, which update-initramfs needs"
fi

kver="$(basename "$(ls /boot/vmlinuz-*-amd64 | sort -V | tail -n 1)")"
kver="${kver#vmlinuz-}"

start=$(date +%s)
$VG "$driver" -v \
  --show /etc/fstab --show /boot/grub/grub.cfg \
  --show /etc/systemd/system/multi-user.target.wants/open-vm-tools.service \
  --show /usr/share/doc/open-vm-tools-careen-test \
  --sh "lsinitramfs /boot/initrd.img-$kver | grep -c 'virtio_blk\.ko'" \
  --sh "dpkg-query -W -f '\${Status}\n' open-vm-tools || :" \
  guest.qcow2 qcow2 > out 2> err
echo "conversion took $(($(date +%s) - start)) s"
cat out err

grep -qx 'block_bus: virtio-blk' out
grep -qx 'net_model: virtio' out
grep -qx 'machine: q35' out
grep -qx 'virtio_1_0: 1' out
grep -q "running in the guest: /usr/sbin/update-initramfs -u -k $kver" err
grep -q "running in the guest: /usr/bin/dpkg --purge open-vm-tools" err
refute grep -q '^v2v-convert-linux-test: error' err
sed -n '/^== \/etc\/fstab/,/^==/p' out | sed '1d;$d' > fstab
expect_output fstab <<'EOF'
/dev/vda1 / ext4 defaults 0 1
EOF
grep -q "linux /boot/vmlinuz-$kver root=/dev/vda1 ro console=ttyS0" out
refute grep -q '/dev/sda' out
grep -qx '== /etc/systemd/system/multi-user.target.wants/open-vm-tools.service: absent' out
if [ "$(sed -n 3p prep)" = true ]; then
  grep -qx '== /usr/share/doc/open-vm-tools-careen-test: absent' out
  refute grep -q 'install ok installed' out
else
  grep -q "warning: guest tools removal: '/usr/bin/dpkg' failed: .*'diff' not found" err
  grep -q 'warning: the guest tools could not be removed: disabling the services of open-vm-tools instead' err
fi
# The initramfs holds the driver.
sed -n "/^== sh lsinitramfs/{n;p}" out | grep -qx '1'

boot_guest guest.qcow2 qcow2 virtio 300 boot.log
grep -q 'CAREEN-V2V-BOOTED root=/dev/vda1 mounted=/dev/vda1' boot.log
