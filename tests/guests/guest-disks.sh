# careen - the disk layouts of the test guests
# Copyright (C) 2026 the careen authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Sourced by make-guests.sh after guest-trees.sh: fish_NAME prints the
# guestfish commands that partition guest NAME's disk, make its
# filesystems and fill them from the trees.  They are written for
# /dev/sda; make-guests.sh renames the disk for the launch.

# Commands filling a mounted NTFS with the Windows files.  Single files
# go in with upload: tar would try to set owners NTFS does not keep.
windows_fish ()
{
  cat <<EOF
mkdir-p "/Windows/System32/config"
mkdir-p "/Windows/Temp"
mkdir-p "/Program Files/7-Zip"
mkdir-p "/Program Files/Mozilla Firefox"
mkdir-p "/Users/careen/Desktop"
upload "$work/windows/SOFTWARE" "/Windows/System32/config/SOFTWARE"
upload "$work/windows/SYSTEM" "/Windows/System32/config/SYSTEM"
upload "$work/windows/cmd.exe" "/Windows/System32/cmd.exe"
write "/Windows/win.ini" "; for 16-bit app support"
EOF
}

# Partition boundaries in sectors from MiB.
mib () { echo $(( $1 * 2048 )); }
mibend () { echo $(( $1 * 2048 - 1 )); }

# debian12: MBR, /boot, /, swap.
fish_debian12 ()
{
  echo "part-init /dev/sda mbr"
  echo "part-add /dev/sda p $(mib 1) $(mibend 33)"
  echo "part-add /dev/sda p $(mib 33) $(mibend 113)"
  echo "part-add /dev/sda p $(mib 113) $(mibend 128)"
  echo "part-set-bootable /dev/sda 1 true"
  echo "mkfs ext4 /dev/sda1 label:debboot"
  echo "set-uuid /dev/sda1 $deb_boot_uuid"
  echo "mkfs ext4 /dev/sda2"
  echo "set-uuid /dev/sda2 $deb_root_uuid"
  echo "mkswap /dev/sda3"
  echo "mount /dev/sda2 /"
  echo "tar-in $work/debian12-root.tar /"
  echo "mount /dev/sda1 /boot"
  echo "tar-in $work/debian12-boot.tar /boot"
  echo "umount-all"
}

# ubuntu2404: GPT, BIOS boot, /boot, LVM root.
fish_ubuntu2404 ()
{
  echo "part-init /dev/sda gpt"
  echo "part-add /dev/sda p $(mib 1) $(mibend 2)"
  echo "part-add /dev/sda p $(mib 2) $(mibend 34)"
  echo "part-add /dev/sda p $(mib 34) $(mibend 191)"
  echo "part-set-gpt-type /dev/sda 1 21686148-6449-6E6F-744E-656564454649"
  echo "part-set-gpt-type /dev/sda 3 E6D6D379-F507-44C2-A23C-238F2A3DF928"
  echo "mkfs ext4 /dev/sda2"
  echo "set-uuid /dev/sda2 $ubu_boot_uuid"
  echo "pvcreate /dev/sda3"
  echo "vgcreate ubuntu-vg /dev/sda3"
  echo "lvcreate ubuntu-lv ubuntu-vg 100"
  echo "mkfs ext4 /dev/ubuntu-vg/ubuntu-lv"
  echo "mount /dev/ubuntu-vg/ubuntu-lv /"
  echo "tar-in $work/ubuntu2404-root.tar /"
  echo "mount /dev/sda2 /boot"
  echo "tar-in $work/ubuntu2404-boot.tar /boot"
  echo "umount-all"
}

# fedora40: GPT, BIOS boot, /boot, btrfs.
fish_fedora40 ()
{
  echo "part-init /dev/sda gpt"
  echo "part-add /dev/sda p $(mib 1) $(mibend 2)"
  echo "part-add /dev/sda p $(mib 2) $(mibend 34)"
  echo "part-add /dev/sda p $(mib 34) $(mibend 255)"
  echo "part-set-gpt-type /dev/sda 1 21686148-6449-6E6F-744E-656564454649"
  echo "mkfs ext4 /dev/sda2"
  echo "set-uuid /dev/sda2 $fed_boot_uuid"
  echo "mkfs btrfs /dev/sda3 label:fedora"
  echo "set-uuid /dev/sda3 $fed_btrfs_uuid"
  # Fedora's layout: the subvolumes "root" and "home" in the top level.
  echo "mount /dev/sda3 /"
  echo "btrfs-subvolume-create /root"
  echo "btrfs-subvolume-create /home"
  echo "umount-all"
  echo "mount btrfsvol:/dev/sda3/root /"
  echo "tar-in $work/fedora40-root.tar /"
  echo "mount btrfsvol:/dev/sda3/home /home"
  echo "tar-in $work/fedora40-home.tar /home"
  echo "mount /dev/sda2 /boot"
  echo "tar-in $work/fedora40-boot.tar /boot"
  echo "umount-all"
}

# rhel9: MBR, /boot, LVM "rhel" with an xfs root and swap.
fish_rhel9 ()
{
  echo "part-init /dev/sda mbr"
  echo "part-add /dev/sda p $(mib 1) $(mibend 65)"
  echo "part-add /dev/sda p $(mib 65) $(mibend 512)"
  echo "part-set-bootable /dev/sda 1 true"
  echo "part-set-mbr-id /dev/sda 2 0x8e"
  echo "mkfs ext4 /dev/sda1"
  echo "set-uuid /dev/sda1 $rhel_boot_uuid"
  echo "pvcreate /dev/sda2"
  echo "vgcreate rhel /dev/sda2"
  echo "lvcreate root rhel 320"
  echo "lvcreate swap rhel 32"
  echo "mkfs xfs /dev/rhel/root"
  echo "mkswap /dev/rhel/swap"
  echo "mount /dev/rhel/root /"
  echo "tar-in $work/rhel9-root.tar /"
  echo "mount /dev/sda1 /boot"
  echo "tar-in $work/rhel9-boot.tar /boot"
  echo "umount-all"
}

# alpine320: MBR, one ext4.
fish_alpine320 ()
{
  echo "part-init /dev/sda mbr"
  echo "part-add /dev/sda p $(mib 1) $(mibend 64)"
  echo "mkfs ext4 /dev/sda1"
  echo "set-uuid /dev/sda1 $alp_root_uuid"
  echo "mount /dev/sda1 /"
  echo "tar-in $work/alpine320-root.tar /"
  echo "umount-all"
}

# archlinux: GPT, ESP as /boot, ext4 root by LABEL.
fish_archlinux ()
{
  echo "part-init /dev/sda gpt"
  echo "part-add /dev/sda p $(mib 1) $(mibend 33)"
  echo "part-add /dev/sda p $(mib 33) $(mibend 111)"
  echo "part-set-gpt-type /dev/sda 1 C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
  echo "mkfs vfat /dev/sda1"
  echo "mkfs ext4 /dev/sda2 label:archroot"
  echo "mount /dev/sda2 /"
  echo "tar-in $work/archlinux-root.tar /"
  echo "mount /dev/sda1 /boot"
  echo "tar-in $work/archlinux-boot.tar /boot"
  echo "umount-all"
}

# opensuse15: GPT, BIOS boot, btrfs.
fish_opensuse15 ()
{
  echo "part-init /dev/sda gpt"
  echo "part-add /dev/sda p $(mib 1) $(mibend 2)"
  echo "part-add /dev/sda p $(mib 2) $(mibend 191)"
  echo "part-set-gpt-type /dev/sda 1 21686148-6449-6E6F-744E-656564454649"
  echo "mkfs btrfs /dev/sda2"
  echo "set-uuid /dev/sda2 $suse_btrfs_uuid"
  # openSUSE's layout (snapper): subvolume "@" holds the others; the
  # root is snapshot 1, @/.snapshots/1/snapshot, made the default
  # subvolume.  Subvolume ids are given in creation order from 256.
  echo "mount /dev/sda2 /"
  echo "btrfs-subvolume-create /@"
  echo "btrfs-subvolume-create /@/.snapshots"
  echo "mkdir /@/.snapshots/1"
  echo "btrfs-subvolume-create /@/.snapshots/1/snapshot"
  echo "btrfs-subvolume-create /@/home"
  echo "btrfs-subvolume-create /@/var"
  echo "btrfs-subvolume-set-default 258 /"
  echo "umount-all"
  echo "mount /dev/sda2 /"
  echo "mkdir /var"
  echo "mkdir /home"
  echo "mkdir /.snapshots"
  echo "mount btrfsvol:/dev/sda2/@/var /var"
  echo "mount btrfsvol:/dev/sda2/@/home /home"
  echo "mount btrfsvol:/dev/sda2/@/.snapshots /.snapshots"
  echo "tar-in $work/opensuse15-root.tar /"
  echo "write /.snapshots/1/info.xml '<snapshot><type>single</type><num>1</num></snapshot>'"
  echo "umount-all"
}

# windows: MBR, one NTFS from 1 MiB (MountedDevices says so).
fish_windows ()
{
  echo "part-init /dev/sda mbr"
  echo "part-add /dev/sda p $(mib 1) $(mibend 96)"
  echo "part-set-bootable /dev/sda 1 true"
  echo "part-set-mbr-id /dev/sda 1 0x07"
  echo "mkfs ntfs /dev/sda1"
  echo "set-label /dev/sda1 Windows"
  echo "mount /dev/sda1 /"
  windows_fish
  echo "umount-all"
}

# dualboot: Windows on sda1 (the same NTFS contents), Alpine on
# sda2.
fish_dualboot ()
{
  echo "part-init /dev/sda mbr"
  echo "part-add /dev/sda p $(mib 1) $(mibend 81)"
  echo "part-add /dev/sda p $(mib 81) $(mibend 160)"
  echo "part-set-bootable /dev/sda 1 true"
  echo "part-set-mbr-id /dev/sda 1 0x07"
  echo "mkfs ntfs /dev/sda1"
  echo "mount /dev/sda1 /"
  windows_fish
  echo "umount-all"
  echo "mkfs ext4 /dev/sda2"
  echo "set-uuid /dev/sda2 $dual_root_uuid"
  echo "mount /dev/sda2 /"
  echo "tar-in $work/dualboot-root.tar /"
  echo "umount-all"
}
