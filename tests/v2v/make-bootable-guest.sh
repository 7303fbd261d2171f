#!/bin/sh -
# careen - build the bootable Debian 12 guest of the virt-v2v tests
# Copyright (C) 2026 the careen authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: make-bootable-guest.sh [--dracut] [--uefi] [OUT]
#
# Builds a raw disk image holding a real Debian 12 that a BIOS PC boots:
# an MBR with one ext4 partition (/dev/sda1) holding /, GRUB in the MBR
# and the gap after it, Debian's kernel and an initramfs-tools initramfs
# with the IDE and SATA drivers only (MODULES=list).  So the guest boots
# on an IDE disk and cannot find its root filesystem on a virtio one:
# what virt-v2v's conversion has to fix.  Prints the image's path as the
# last line of its output.
#
# With --dracut the guest is the same Debian with dracut (dracut-core)
# in place of initramfs-tools, the way Fedora, RHEL and SUSE make their
# initramfs: its image is made by dracut, with the IDE and SATA drivers
# only and neither the virtio drivers nor dracut's qemu module, as if
# made on VMware; its configuration is host-only, as those distributions
# have it (/etc/dracut.conf.d/10-careen-test.conf).  update-initramfs is
# not in that guest, so a converter has to run dracut.
#
# With --uefi the guest boots with UEFI instead: a GPT disk whose first
# partition (/dev/sda1) is an EFI system partition (FAT, mounted on
# /boot/efi) and whose second (/dev/sda2) holds /.  The ESP has GRUB
# for x86_64-efi (Debian's grub-efi-amd64-bin, made by grub-mkimage) at
# the removable-media path \EFI\BOOT\BOOTX64.EFI only, which UEFI
# firmware such as OVMF starts when its variables name no boot entry,
# as in a new virtual machine.  That GRUB finds the root filesystem by
# its UUID and reads /boot/grub/grub.cfg there, with its modules in
# /boot/grub/x86_64-efi as grub-install puts them.  The FAT filesystem
# is made in a file of its own (mkfs.fat) and filled with mtools.
#
# Everything comes from the packages installed on this machine (no
# download, no loop device, no chroot): supermin copies the dependency
# closure of a small package set into a tree, mkfs.ext4 -d writes the
# tree into the partition, grub-mkimage makes GRUB's core image, and
# mkinitramfs makes the initramfs from the guest's own configuration.
#
# The guest's /sbin/init is a script of its own: when the kernel runs
# it, the guest booted from its own root filesystem.  It prints
#   CAREEN-V2V-BOOTED root=<root= of the command line> mounted=<device of />
# on the console and powers off.  When the root device is missing, the
# initramfs gives up after 30 s ("Gave up waiting for root file system
# device") and, told to by panic= on the kernel command line, reboots:
# that ends a qemu started with -no-reboot.
#
# Like a guest exported from VMware, it has open-vm-tools in its dpkg
# database and that unit enabled (files only), for a converter to
# remove.
#
# Without OUT the image is cached as
# $LIBGUESTFS_CACHEDIR/careen-v2v-guest-HASH/debian12.img (with
# --dracut debian12-dracut.img, with --uefi debian12-uefi.img, with
# both debian12-dracut-uefi.img; default /var/tmp), HASH covering this
# script and the kernel's version, under a lock so that concurrent
# tests build it once.  It is built under a
# temporary name and renamed when complete.  Tests never write it.

set -e

srcdir="$(cd "$(dirname "$0")" && pwd)"

die ()
{
  echo "make-bootable-guest.sh: $*" >&2
  exit 1
}

flavour=initramfs-tools
firmware=bios
while [ $# -ge 1 ]; do
  case "$1" in
    --dracut) flavour=dracut ;;
    --uefi) firmware=uefi ;;
    *) break ;;
  esac
  shift
done
case "$flavour" in
  dracut) mkinitrd_tools="dracut lsinitrd" ;;
  *) mkinitrd_tools=mkinitramfs ;;
esac
case "$firmware" in
  uefi) firmware_tools="mkfs.fat mmd mcopy uuidgen" ;;
  *) firmware_tools= ;;
esac

for p in supermin mkfs.ext4 sfdisk grub-mkimage $mkinitrd_tools \
         $firmware_tools dpkg-query sha256sum flock truncate; do
  command -v "$p" >/dev/null 2>&1 ||
    die "'$p' is needed to build the bootable guest and is not installed"
done
grub_pc=/usr/lib/grub/i386-pc
grub_efi=/usr/lib/grub/x86_64-efi
if [ "$firmware" = uefi ]; then
  [ -f "$grub_efi/linux.mod" ] ||
    die "GRUB's UEFI modules are not installed ($grub_efi: package grub-efi-amd64-bin)"
else
  [ -f "$grub_pc/boot.img" ] ||
    die "GRUB's BIOS images are not installed ($grub_pc: package grub-pc-bin)"
fi

# Debian's kernel as installed on this machine: the newest
# /boot/vmlinuz-*-amd64 that a linux-image package owns.  Not uname -r:
# the machine may run another kernel.
kver=
for k in $(ls /boot/vmlinuz-*-amd64 2>/dev/null | sort -V); do
  v="${k#/boot/vmlinuz-}"
  if [ "$(dpkg-query -W -f '${Status}' "linux-image-$v" 2>/dev/null)" = \
       "install ok installed" ] && [ -d "/lib/modules/$v" ]; then
    kver="$v"
  fi
done
[ -n "$kver" ] ||
  die "no Debian kernel installed (/boot/vmlinuz-*-amd64: package linux-image-amd64)"

hash="$( { cat "$srcdir/make-bootable-guest.sh"
           echo "$kver"
           dpkg-query -W -f '${Version}\n' "linux-image-$kver"; } |
         sha256sum | cut -c1-16)"

if [ $# -ge 1 ]; then
  img="$1"
else
  cachedir="${LIBGUESTFS_CACHEDIR:-${TMPDIR:-/var/tmp}}"
  name=debian12
  [ "$flavour" != dracut ] || name="$name-dracut"
  [ "$firmware" != uefi ] || name="$name-uefi"
  img="$cachedir/careen-v2v-guest-$hash/$name.img"
fi
outdir="$(dirname "$img")"
mkdir -p "$outdir"
img="$(cd "$outdir" && pwd)/$(basename "$img")"
outdir="$(dirname "$img")"

# The image only exists once complete (it is renamed into place last).
if [ -f "$img" ]; then
  echo "$img"
  exit 0
fi

# One builder at a time in a directory (all flavours take the same
# lock); the others wait and then find the image.
exec 9>"$outdir/debian12.img.lock"
flock 9
if [ -f "$img" ]; then
  echo "$img"
  exit 0
fi

# A build killed before it could clean up left its tree: only one
# build runs at a time in the cache, so any there is stale.
[ $# -ge 1 ] || rm -rf "$outdir"/build.*
work="$(mktemp -d "$outdir/build.XXXXXX")"
trap 'rm -rf "$work"' EXIT INT TERM
root="$work/root"

# What is built goes to stderr: stdout carries the image's path only.
exec 3>&1 >&2
echo "make-bootable-guest.sh: building $img (kernel $kver)"

# ----------------------------------------------------------------------
# The tree: a small Debian: its Essential packages (converters run
# grub-mkconfig and update-initramfs in the guest, which need sed, grep,
# find ...), what virt-v2v looks at when converting it (the kernel,
# initramfs-tools, GRUB's configuration tools) and what the initramfs
# needs at boot (udev, kmod, busybox).
packages="$(dpkg-query -W -f '${Essential} ${Package}\n' |
            awk '$1 == "yes" { print $2 }')"
packages="$packages linux-image-$kver busybox kmod udev
          e2fsprogs mount mawk grub-common grub2-common"
case "$firmware" in
  uefi) packages="$packages grub-efi-amd64-bin dosfstools" ;;
  *) packages="$packages grub-pc-bin" ;;
esac
case "$flavour" in
  dracut) packages="$packages dracut-core" ;;
  *) packages="$packages initramfs-tools" ;;
esac
# Present on any Debian, used by grub-mkconfig when there.
for p in gettext-base; do
  [ "$(dpkg-query -W -f '${Status}' "$p" 2>/dev/null)" != \
    "install ok installed" ] || packages="$packages $p"
done
# shellcheck disable=SC2086
supermin --use-installed --prepare -o "$work/supermin.d" $packages
supermin --build -f chroot -o "$root" "$work/supermin.d"

# The kernel package depends on initramfs-tools or another initramfs
# tool, so supermin copied it into the dracut guest too: its files go
# (and the dpkg database below then leaves the package out).
if [ "$flavour" = dracut ]; then
  for pkg in initramfs-tools initramfs-tools-core; do
    dpkg-query -L "$pkg" 2>/dev/null | while read -r f; do
      if [ -f "$root$f" ] || [ -L "$root$f" ]; then rm -f "$root$f"; fi
    done
  done
  [ ! -e "$root/usr/sbin/update-initramfs" ] ||
    die "update-initramfs is still in the dracut guest"
fi

# The dpkg database of the packages supermin copied: inspection reads
# the status file, and converters list a kernel package's files with
# dpkg -L.  A package is in the tree when its first file is.
mkdir -p "$root/var/lib/dpkg/info"
: > "$root/var/lib/dpkg/status"
for pkg in $(dpkg-query -W -f '${binary:Package}\n'); do
  list="/var/lib/dpkg/info/$pkg.list"
  [ -f "$list" ] || list="/var/lib/dpkg/info/${pkg%:*}.list"
  [ -f "$list" ] || continue
  first=
  while read -r f; do
    if [ -f "$f" ] && [ ! -L "$f" ]; then first="$f"; break; fi
  done < "$list"
  [ -n "$first" ] && [ -e "$root$first" ] || continue
  dpkg-query -s "$pkg" >> "$root/var/lib/dpkg/status"
  echo >> "$root/var/lib/dpkg/status"
  cp -p /var/lib/dpkg/info/"${pkg%:*}".* "$root/var/lib/dpkg/info/" \
     2>/dev/null || :
  cp -p /var/lib/dpkg/info/"${pkg%:*}":*.* "$root/var/lib/dpkg/info/" \
     2>/dev/null || :
done
grep -q "^Package: linux-image-$kver\$" "$root/var/lib/dpkg/status" ||
  die "the kernel package is missing from the guest's dpkg database"

# A leftover of the guest's life on VMware for the converter to remove:
# open-vm-tools as dpkg knows it, its unit enabled.  Files only: no
# maintainer scripts, and the unit never runs (the guest's init is the
# script below).
cat >> "$root/var/lib/dpkg/status" <<'END'
Package: open-vm-tools
Status: install ok installed
Priority: optional
Section: admin
Installed-Size: 1
Maintainer: careen test guest <root@localhost>
Architecture: amd64
Version: 2:12.2.0-1+deb12u2
Description: Open VMware Tools for virtual machines hosted on VMware (CLI)
 The unit file only: a leftover for virt-v2v to remove.

END
unit=/lib/systemd/system/open-vm-tools.service
mkdir -p "$root/lib/systemd/system" \
         "$root/etc/systemd/system/multi-user.target.wants"
cat > "$root$unit" <<'END'
[Unit]
Description=Service for virtual machines hosted on VMware
ConditionVirtualization=vmware

[Service]
ExecStart=/usr/bin/vmtoolsd

[Install]
WantedBy=multi-user.target
END
printf '%s\n' /. /lib /lib/systemd /lib/systemd/system "$unit" \
  > "$root/var/lib/dpkg/info/open-vm-tools.list"
ln -sf "$unit" \
  "$root/etc/systemd/system/multi-user.target.wants/open-vm-tools.service"

# Drivers no test machine has (sound, graphics, radio, cameras, wired
# and wireless network cards other than virtio's): half of the tree's
# size.  The storage and virtio drivers the converters look for stay.
kmods="$root/lib/modules/$kver/kernel"
rm -rf "$kmods/sound" "$kmods/drivers/gpu" "$kmods/drivers/media" \
       "$kmods/drivers/net/wireless" "$kmods/drivers/net/ethernet" \
       "$kmods/drivers/infiniband" "$kmods/drivers/iio" \
       "$kmods/drivers/staging" "$kmods/drivers/bluetooth" \
       "$kmods/net/bluetooth" "$kmods/net/wireless" "$kmods/net/mac80211"
rm -rf "$root/usr/share/locale" "$root/usr/share/doc" "$root/usr/share/man"
depmod -b "$root" "$kver"

echo careen-v2v-guest > "$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tcareen-v2v-guest\n' > "$root/etc/hosts"
if [ "$firmware" = uefi ]; then
  # The ESP is sda1, / is sda2, as the Debian installer lays them out.
  mkdir -p "$root/boot/efi"
  printf '%s\n' "/dev/sda2 / ext4 defaults 0 1" \
    "/dev/sda1 /boot/efi vfat umask=0077 0 1" > "$root/etc/fstab"
  rootdev=/dev/sda2
  rootpart=gpt2
else
  echo "/dev/sda1 / ext4 defaults 0 1" > "$root/etc/fstab"
  rootdev=/dev/sda1
  rootpart=msdos1
fi

# The guest's own init (see the header).  /proc is mounted already when
# the initramfs hands over; mounting it again is harmless.
rm -f "$root/sbin/init"
cat > "$root/sbin/init" <<'EOF'
#!/bin/sh
# careen test guest: the first program of the guest's own root
# filesystem.  Says which device the root filesystem came from, then
# powers the machine off.
mount -t proc proc /proc 2>/dev/null
arg=
for w in $(cat /proc/cmdline); do
  case "$w" in root=*) arg="$w" ;; esac
done
dev=
while read -r d m rest; do
  if [ "$m" = / ] && [ "$d" != rootfs ]; then dev="$d"; fi
done < /proc/mounts
msg="CAREEN-V2V-BOOTED $arg mounted=$dev"
echo "$msg" > /dev/console
echo "$msg" > /dev/ttyS0 2>/dev/null
echo o > /proc/sysrq-trigger
sleep 60
EOF
chmod 755 "$root/sbin/init"

# The kernel command line, in /etc/default/grub too: converters
# regenerate grub.cfg from it.  panic=1 makes the initramfs reboot
# rather than wait at its shell.  No rootdelay: initramfs-tools sleeps
# that long before every boot, and gives up on a missing root device
# after 30 s without it.
cmdline="console=ttyS0 panic=1"
cat > "$root/etc/default/grub" <<EOF
GRUB_DEFAULT=0
GRUB_TIMEOUT=0
GRUB_DISTRIBUTOR=Debian
GRUB_CMDLINE_LINUX_DEFAULT=""
GRUB_CMDLINE_LINUX="$cmdline"
GRUB_TERMINAL=serial
GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
EOF

# The initramfs configuration, in the guest (so that update-initramfs
# there works as on any Debian) and used from there to build the
# initramfs: the listed modules only, none of virtio.
if [ "$flavour" = dracut ]; then
  mkdir -p "$root/etc/dracut.conf.d"
  cat > "$root/etc/dracut.conf.d/10-careen-test.conf" <<'EOF'
# The careen test guest: an initramfs for the hardware it runs on.
hostonly="yes"
hostonly_cmdline="no"
EOF
  # Made here, from the guest's modules: not host-only (that would take
  # this machine's drivers) but without any virtio driver.
  dracut -q -f --no-hostonly --kmoddir "$root/lib/modules/$kver" \
    --omit "qemu qemu-net plymouth" \
    --omit-drivers "virtio virtio_ring virtio_pci virtio_pci_legacy_dev virtio_pci_modern_dev virtio_blk virtio_scsi virtio_net virtio_console" \
    "$root/boot/initrd.img-$kver" "$kver"
  if lsinitrd "$root/boot/initrd.img-$kver" | grep -q '/virtio_blk\.ko'; then
    die "the initramfs has virtio_blk: the guest would boot on virtio"
  fi
else
conf="$root/etc/initramfs-tools"
sed -i 's/^MODULES=.*/MODULES=list/' "$conf/initramfs.conf"
grep -q '^MODULES=list$' "$conf/initramfs.conf" ||
  die "no MODULES= line in $conf/initramfs.conf"
mkdir -p "$conf/conf.d"
echo RESUME=none > "$conf/conf.d/resume"
cat >> "$conf/modules" <<'EOF'
ata_piix
ata_generic
pata_acpi
ahci
libata
sd_mod
ext4
crc32c_generic
EOF
mkinitramfs -d "$conf" -o "$root/boot/initrd.img-$kver" "$kver"
if lsinitramfs "$root/boot/initrd.img-$kver" | grep -q 'virtio_blk'; then
  die "the initramfs has virtio_blk: the guest would boot on virtio"
fi
fi
ln -sf "boot/initrd.img-$kver" "$root/initrd.img"
ln -sf "boot/vmlinuz-$kver" "$root/vmlinuz"

# GRUB: its modules where grub-install puts them (a regenerated
# grub.cfg loads some), and a grub.cfg of the kind grub-mkconfig writes.
if [ "$firmware" = uefi ]; then
  mkdir -p "$root/boot/grub/x86_64-efi"
  cp "$grub_efi"/*.mod "$grub_efi"/*.lst "$root/boot/grub/x86_64-efi/"
else
  mkdir -p "$root/boot/grub/i386-pc"
  cp "$grub_pc"/*.mod "$grub_pc"/*.lst "$root/boot/grub/i386-pc/"
fi
cat > "$root/boot/grub/grub.cfg" <<EOF
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
set default=0
set timeout=0
menuentry 'Debian GNU/Linux' {
	insmod part_${rootpart%[0-9]}
	insmod ext2
	set root='hd0,$rootpart'
	linux /boot/vmlinuz-$kver root=$rootdev ro $cmdline
	initrd /boot/initrd.img-$kver
}
EOF

# ----------------------------------------------------------------------
# The disk: 1 GiB, sparse; the root partition to the end leaves a few
# hundred MiB free for a converter's new initramfs.
size_mib=1024
part="$work/disk.img"
truncate -s "${size_mib}M" "$part"
if [ "$firmware" = uefi ]; then
  # GPT: the ESP from 1 MiB, 64 MiB of FAT; / from 65 MiB up to the
  # last MiB, which keeps the backup GPT at the end of the disk.
  esp_mib=64
  root_mib=$((size_mib - esp_mib - 2))
  root_uuid="$(uuidgen)"
  mkfs.ext4 -q -F -L root -U "$root_uuid" -d "$root" \
    -E offset=$(((1 + esp_mib) * 1048576)) "$part" "${root_mib}M"
  printf '%s\n' 'label: gpt' \
    "start=2048, size=$((esp_mib * 2048)), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B" \
    "start=$(((1 + esp_mib) * 2048)), size=$((root_mib * 2048)), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4" |
    sfdisk -q --no-reread --no-tell-kernel "$part"

  # GRUB's image for the firmware: its embedded configuration finds /
  # by the UUID given to mkfs.ext4 and hands over to /boot/grub there,
  # as the image grub-install makes does.
  cat > "$work/early.cfg" <<EOF
search --no-floppy --fs-uuid --set=root $root_uuid
set prefix=(\$root)/boot/grub
EOF
  grub-mkimage -O x86_64-efi -c "$work/early.cfg" -p /boot/grub \
    -o "$work/BOOTX64.EFI" \
    part_gpt part_msdos fat ext2 normal linux search search_fs_uuid \
    configfile serial terminal echo test efi_gop all_video gzio
  mkfs.fat -C -n ESP "$work/esp.img" $((esp_mib * 1024)) >/dev/null
  mmd -i "$work/esp.img" ::/EFI ::/EFI/BOOT
  mcopy -i "$work/esp.img" "$work/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI
  dd if="$work/esp.img" of="$part" bs=1M seek=1 conv=notrunc,sparse \
    status=none
  rm -f "$work/esp.img"
else
  mkfs.ext4 -q -F -L root -d "$root" -E offset=1048576 "$part" \
    "$((size_mib - 1))M"
  echo 'start=2048, type=83, bootable' |
    sfdisk -q --no-reread --no-tell-kernel "$part"

  grub-mkimage -O i386-pc -p '(hd0,msdos1)/boot/grub' -o "$work/core.img" \
    biosdisk part_msdos ext2 normal linux search configfile serial \
    terminal echo test
  # core.img goes in the gap between the MBR and the partition; its block
  # list already points at sector 2 onward.
  [ "$(stat -c %s "$work/core.img")" -lt $((2047 * 512)) ] ||
    die "GRUB's core image does not fit before the partition"
  dd if="$work/core.img" of="$part" bs=512 seek=1 conv=notrunc status=none
  dd if="$grub_pc/boot.img" of="$part" bs=440 count=1 conv=notrunc status=none
fi

mv -f "$part" "$img"
echo "make-bootable-guest.sh: built $img"

# Guests built by other versions of this script are of no more use:
# remove those built over an hour ago (a test may still be reading a
# recent one) that nobody is building (their lock is free).
if [ $# -eq 0 ]; then
  for old in "$cachedir"/careen-v2v-guest-*; do
    [ "$old" != "$outdir" ] && [ -f "$old/debian12.img.lock" ] || continue
    [ -n "$(find "$old" -maxdepth 0 -mmin +60)" ] || continue
    flock -n "$old/debian12.img.lock" rm -rf "$old" || :
  done
fi
echo "$img" >&3
