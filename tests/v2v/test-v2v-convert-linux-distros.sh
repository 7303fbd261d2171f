#!/bin/sh -
# careen - the Linux converter on the fake distribution guests: kernels
# found the way each distribution installs them (Alpine's flavours,
# Arch's pkgbase, Fedora's image in /lib/modules, debug and Xen kernels
# dropped), device names renamed for virtio-blk and virtio-scsi (whole
# names only, disks beyond the source's left alone), the other
# hypervisors' tools disabled where the guest has no package manager
# to remove them, Xen's console and network settings undone, SELinux
# relabelling, and the clear error of a guest without an initramfs
# tool.  The guests have no real kernels: each overlay gets stand-ins.
# One launch to prepare and one to convert per guest.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img
. "$top_srcdir/tests/guests/guests.sh"

fish="$top_builddir/fish/guestfish"
driver="$top_builddir/tests/v2v/v2v-convert-linux-test"
[ -x "$driver" ] || skip "the driver is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# overlay NAME: a qcow2 overlay of the shared guest, the only thing
# written.
overlay ()
{
  # The overlay's backing file is the shared test guest, outside the
  # overlay's directory: allow it (careen's default refuses it).
  export CAREEN_BACKING_FILES=any
  qemu-img create -q -f qcow2 -b "$(guest_image "$1")" -F raw "$1.qcow2"
}

# The last line of the steps must be the initramfs tool's error.
expect_no_initramfs_tool ()
{
  grep -qx 'step initramfs: failed' "$1.out"
  grep -q 'error: no initramfs tool in the guest: looked for update-initramfs, dracut, mkinitcpio, mkinitfs and mkinitrd' "$1.err"
}

steps=kernels,tools,remap,console,network,blkid,selinux,initramfs

# ---------------------------------------------------------------------
# Alpine: vmlinuz-lts with its modules in 6.6.31-0-lts, virtio_pci
# built in; open-vm-tools in apk's database but no apk to remove it.
overlay alpine320
$VG "$fish" --format=qcow2 -a alpine320.qcow2 -i <<'EOF'
mkdir-p /lib/modules/6.6.31-0-lts/kernel/drivers/block
mkdir-p /lib/modules/6.6.31-0-lts/kernel/drivers/net
touch /lib/modules/6.6.31-0-lts/kernel/drivers/block/virtio_blk.ko.gz
touch /lib/modules/6.6.31-0-lts/kernel/drivers/net/virtio_net.ko.gz
write /lib/modules/6.6.31-0-lts/modules.builtin "kernel/drivers/virtio/virtio_pci.ko\n"
write /boot/vmlinuz-lts "stand-in"
write-append /etc/fstab "/dev/sda2 /data ext4 defaults 0 2\n/dev/sdb1 /srv ext4 defaults 0 2\n/dev/sda10 /x ext4 defaults 0 0\n/dev/sdab1 /y ext4 defaults 0 0\n/dev/sda1x /z ext4 defaults 0 0\n"
write-append /lib/apk/db/installed "C:Q1aaaaaaaaaaaaaaaaaaaaaaaaaaa=\nP:open-vm-tools\nV:12.4.0-r0\nA:x86_64\nS:1\nI:1\nT:VMware tools\nU:https://github.com/vmware/open-vm-tools\nL:LGPL-2.1-or-later\no:open-vm-tools\n\n"
mkdir-p /etc/runlevels/default
ln-s /etc/init.d/open-vm-tools /etc/runlevels/default/open-vm-tools
ln-s /etc/init.d/sshd /etc/runlevels/default/sshd
EOF
status=0
$VG "$driver" --steps "$steps" --nr-disks 2 \
  --show /etc/fstab --show /etc/runlevels/default/open-vm-tools \
  --show /etc/runlevels/default/sshd \
  alpine320.qcow2 qcow2 > alpine320.out 2> alpine320.err || status=$?
cat alpine320.out alpine320.err
[ "$status" -eq 1 ]
grep -qx 'kernel: 6.6.31-0-lts /boot/vmlinuz-lts /boot/initramfs-lts blk=1 scsi=0 net=1' alpine320.out
grep -qx 'step selinux: ok' alpine320.out
expect_no_initramfs_tool alpine320
grep -q "warning: no working package manager for 'apk' packages in the guest: disabling the services of open-vm-tools instead" alpine320.err
grep -qx '== /etc/runlevels/default/open-vm-tools: absent' alpine320.out
grep -qx '== /etc/runlevels/default/sshd: symlink to /etc/init.d/sshd' alpine320.out
sed -n '/^== \/etc\/fstab/,/^==/p' alpine320.out | sed '1d;$d' > fstab
expect_output fstab <<'EOF'
UUID=a3200000-1c2d-4e3f-8a9b-320000000a01	/	ext4	rw,relatime 0 1
/dev/vda2 /data ext4 defaults 0 2
/dev/vdb1 /srv ext4 defaults 0 2
/dev/vda10 /x ext4 defaults 0 0
/dev/sdab1 /y ext4 defaults 0 0
/dev/sda1x /z ext4 defaults 0 0
EOF

# ---------------------------------------------------------------------
# Arch: vmlinuz-linux, whose version only the modules' pkgbase file
# names; vmtoolsd enabled under systemd, open-vm-tools in pacman's
# database, no pacman.
overlay archlinux
$VG "$fish" --format=qcow2 -a archlinux.qcow2 -i <<'EOF'
mkdir-p /usr/lib/modules/6.10.10-arch1-1/kernel/drivers/block
mkdir-p /usr/lib/modules/6.10.10-arch1-1/kernel/drivers/scsi
touch /usr/lib/modules/6.10.10-arch1-1/kernel/drivers/block/virtio_blk.ko.zst
touch /usr/lib/modules/6.10.10-arch1-1/kernel/drivers/scsi/virtio_scsi.ko.zst
write /usr/lib/modules/6.10.10-arch1-1/pkgbase "linux\n"
mkdir-p /usr/lib/modules/6.6.52-1-lts/kernel
write /usr/lib/modules/6.6.52-1-lts/pkgbase "linux-lts\n"
mkdir-p /var/lib/pacman/local/open-vm-tools-6:12.4.5-1
write /var/lib/pacman/local/open-vm-tools-6:12.4.5-1/desc "%NAME%\nopen-vm-tools\n\n%VERSION%\n6:12.4.5-1\n\n%DESC%\nThe Open Virtual Machine Tools\n\n%ARCH%\nx86_64\n\n"
mkdir-p /etc/systemd/system/multi-user.target.wants
ln-s /usr/lib/systemd/system/vmtoolsd.service /etc/systemd/system/multi-user.target.wants/vmtoolsd.service
ln-s /usr/lib/systemd/system/sshd.service /etc/systemd/system/multi-user.target.wants/sshd.service
EOF
status=0
$VG "$driver" --steps "$steps" --block-driver virtio-scsi \
  --show /etc/fstab \
  --show /etc/systemd/system/multi-user.target.wants/vmtoolsd.service \
  --show /etc/systemd/system/multi-user.target.wants/sshd.service \
  archlinux.qcow2 qcow2 > archlinux.out 2> archlinux.err || status=$?
cat archlinux.out archlinux.err
[ "$status" -eq 1 ]
# vmlinuz-linux-lts is not there: its modules are leftovers.
grep -qx 'kernel: 6.10.10-arch1-1 /boot/vmlinuz-linux /boot/initramfs-linux.img blk=1 scsi=1 net=0' archlinux.out
[ "$(grep -c '^kernel:' archlinux.out)" -eq 1 ]
expect_no_initramfs_tool archlinux
grep -q "warning: no working package manager for 'pacman' packages" archlinux.err
grep -qx '== /etc/systemd/system/multi-user.target.wants/vmtoolsd.service: absent' archlinux.out
grep -qx '== /etc/systemd/system/multi-user.target.wants/sshd.service: symlink to /usr/lib/systemd/system/sshd.service' archlinux.out
# virtio-scsi: disks stay sdX.
grep -q '^/dev/sda1 .*/boot' archlinux.out

# ---------------------------------------------------------------------
# Fedora: the kernel of /boot, a newer one whose image is only in
# /lib/modules/VER (the one the caps follow), a debug kernel and a Xen
# one (both dropped), Xen's console and disk names in GRUB's
# configuration, SELinux enforcing.
overlay fedora40
$VG "$fish" --format=qcow2 -a fedora40.qcow2 -i <<'EOF'
mkdir-p /lib/modules/6.8.5-301.fc40.x86_64/kernel/drivers/block
mkdir-p /lib/modules/6.8.5-301.fc40.x86_64/kernel/drivers/net
touch /lib/modules/6.8.5-301.fc40.x86_64/kernel/drivers/block/virtio_blk.ko.xz
touch /lib/modules/6.8.5-301.fc40.x86_64/kernel/drivers/net/virtio_net.ko.xz
touch /lib/modules/6.8.5-301.fc40.x86_64/kernel/drivers/net/virtio_balloon.ko.xz
mkdir-p /lib/modules/6.9.7-200.fc40.x86_64/kernel
touch /lib/modules/6.9.7-200.fc40.x86_64/kernel/virtio_blk.ko.xz
write /lib/modules/6.9.7-200.fc40.x86_64/vmlinuz "stand-in"
mkdir-p /lib/modules/6.9.0-1.fc40.x86_64+debug/kernel
write /lib/modules/6.9.0-1.fc40.x86_64+debug/vmlinuz "stand-in"
mkdir-p /lib/modules/2.6.18-400.el5xen/kernel
write /boot/vmlinuz-2.6.18-400.el5xen "stand-in"
mkdir-p /etc/selinux
write /etc/selinux/config "# SELinux\nSELINUX=enforcing\nSELINUXTYPE=targeted\n"
mkdir-p /etc/default
write /etc/default/grub "GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX=\"root=/dev/xvda3 console=hvc0 rhgb quiet\"\n"
mkdir-p /boot/grub2
write /boot/grub2/device.map "(hd0)      /dev/xvda\n(hd1)      /dev/xvdb\n"
write /etc/inittab "id:3:initdefault:\nco:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav\n"
EOF
status=0
$VG "$driver" --steps "$steps" \
  --show /etc/default/grub --show /boot/grub2/device.map \
  --show /etc/inittab --show /.autorelabel \
  fedora40.qcow2 qcow2 > fedora40.out 2> fedora40.err || status=$?
cat fedora40.out fedora40.err
[ "$status" -eq 1 ]
grep -qx 'kernel: 6.8.5-301.fc40.x86_64 /boot/vmlinuz-6.8.5-301.fc40.x86_64 /boot/initrd.img-6.8.5-301.fc40.x86_64 blk=1 scsi=0 net=1' fedora40.out
grep -qx 'kernel: 6.9.7-200.fc40.x86_64 /lib/modules/6.9.7-200.fc40.x86_64/vmlinuz /boot/initramfs-6.9.7-200.fc40.x86_64.img blk=1 scsi=0 net=0' fedora40.out
[ "$(grep -c '^kernel:' fedora40.out)" -eq 2 ]
grep -qx 'best kernel: 6.9.7-200.fc40.x86_64' fedora40.out
expect_no_initramfs_tool fedora40
grep -qx 'GRUB_CMDLINE_LINUX="root=/dev/vda3 console=ttyS0 rhgb quiet"' fedora40.out
grep -qx '(hd0)      /dev/vda' fedora40.out
grep -qx '(hd1)      /dev/xvdb' fedora40.out
grep -qx 'co:2345:respawn:/sbin/agetty ttyS0 9600 vt100-nav' fedora40.out
grep -qx '== /.autorelabel: 0 bytes' fedora40.out

# ---------------------------------------------------------------------
# openSUSE: virtio-scsi asked for and present, hdX and xvdX names,
# network aliases and rules of the old hypervisor, blkid's cache.
overlay opensuse15
$VG "$fish" --format=qcow2 -a opensuse15.qcow2 -i <<'EOF'
mkdir-p /lib/modules/6.4.0-150600.23.22-default/kernel/drivers
touch /lib/modules/6.4.0-150600.23.22-default/kernel/drivers/virtio_blk.ko.zst
touch /lib/modules/6.4.0-150600.23.22-default/kernel/drivers/virtio_scsi.ko.zst
touch /lib/modules/6.4.0-150600.23.22-default/kernel/drivers/virtio_net.ko.zst
write-append /etc/fstab "/dev/hda2 /old ext4 defaults 0 0\n/dev/xvdb1 /srv ext4 defaults 0 0\n/dev/xvdc1 /gone ext4 defaults 0 0\n"
mkdir-p /etc/modprobe.d
write /etc/modprobe.d/50-hw.conf "alias eth0 e1000\nalias eth1 virtio_net\nalias scsi_hostadapter mptspi\noptions e1000 debug=1\n"
mkdir-p /etc/udev/rules.d
write /etc/udev/rules.d/70-persistent-net.rules "SUBSYSTEM==\"net\", ATTR{address}==\"00:0c:29:00:00:01\", NAME=\"eth0\"\n"
mkdir-p /etc/blkid
write /etc/blkid/blkid.tab "<device DEVNO=\"0x0801\">/dev/sda1</device>\n"
EOF
status=0
$VG "$driver" --steps "$steps" --block-driver virtio-scsi --nr-disks 2 \
  --show /etc/fstab --show /etc/modprobe.d/50-hw.conf \
  --show /etc/udev/rules.d/70-persistent-net.rules \
  --show /etc/blkid/blkid.tab \
  opensuse15.qcow2 qcow2 > opensuse15.out 2> opensuse15.err || status=$?
cat opensuse15.out opensuse15.err
[ "$status" -eq 1 ]
grep -qx 'kernel: 6.4.0-150600.23.22-default /boot/vmlinuz-6.4.0-150600.23.22-default /boot/initrd.img-6.4.0-150600.23.22-default blk=1 scsi=1 net=1' opensuse15.out
expect_no_initramfs_tool opensuse15
grep -q '^/dev/sda2 /old ' opensuse15.out
grep -q '^/dev/sdb1 /srv ' opensuse15.out
grep -q '^/dev/xvdc1 /gone ' opensuse15.out
sed -n '/^== \/etc\/modprobe.d\/50-hw.conf/,/^==/p' opensuse15.out |
  sed '1d;$d' > modprobe
expect_output modprobe <<'EOF'
alias eth0 virtio_net
alias eth1 virtio_net
alias scsi_hostadapter mptspi
options e1000 debug=1
EOF
grep -qx '== /etc/udev/rules.d/70-persistent-net.rules: absent' opensuse15.out
grep -qx '== /etc/blkid/blkid.tab: absent' opensuse15.out
