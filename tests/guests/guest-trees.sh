# careen - the host-side trees of the test guests
# Copyright (C) 2026 the careen authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Sourced by make-guests.sh (which sets work, srcdir, guests_builddir
# and die): functions writing each guest's files under
# $work (NAME-root, NAME-boot ... become tar archives unpacked into the
# guest's filesystems) and the fixed UUIDs its fstab names.

# The host binary standing in for the guests' programs: any real x86-64
# ELF executable will do, inspection only reads its header.
host_elf=/bin/ls
[ -f "$host_elf" ] || die "$host_elf is missing"

# ----------------------------------------------------------------------
# Filesystem UUIDs and labels, fixed so that each fstab (and the
# .expected files) can name them.

deb_boot_uuid=4d0b8a52-2b8e-4f0c-9a31-0d1e12000001
deb_root_uuid=4d0b8a52-2b8e-4f0c-9a31-0d1e12000002
ubu_boot_uuid=7e5c1f20-66d4-4b1a-8c0e-24040000b001
ubu_root_uuid=7e5c1f20-66d4-4b1a-8c0e-24040000a001
fed_boot_uuid=f0400000-3b1e-4a8f-b7c2-40000000b001
fed_btrfs_uuid=f0400000-3b1e-4a8f-b7c2-40000000a001
rhel_boot_uuid=9e190000-5d2c-4e11-a9b3-900000000b01
alp_root_uuid=a3200000-1c2d-4e3f-8a9b-320000000a01
suse_btrfs_uuid=5e150000-8f7a-4c6b-9d0e-156000000a01
dual_root_uuid=d0a10000-4b3c-4d2e-8f1a-000000000a02

# ----------------------------------------------------------------------
# Helpers writing the host-side trees.

# Directories every Linux guest has.
linux_skeleton ()
{
  for d in etc root home tmp dev proc sys run var/log var/tmp \
           var/lib boot usr/share usr/lib usr/bin usr/sbin; do
    mkdir -p "$1/$d"
  done
}

# The merged /usr layout (Debian 12, Ubuntu, Fedora, RHEL, Arch): /bin
# and friends are links into /usr, and the ELF binary is /usr/bin/ls.
usrmerge ()
{
  ln -s usr/bin "$1/bin"
  ln -s usr/sbin "$1/sbin"
  ln -s usr/lib "$1/lib"
  mkdir -p "$1/usr/lib64"
  ln -s usr/lib64 "$1/lib64"
  cp "$host_elf" "$1/usr/bin/ls"
}

# os-release in /usr/lib with the /etc link, as systemd-era
# distributions ship it.
os_release ()
{
  cat > "$1/usr/lib/os-release"
  ln -s ../usr/lib/os-release "$1/etc/os-release"
}

# A few text files every guest has; $2 is the host name.
etc_common ()
{
  echo "$2" > "$1/etc/hostname"
  cat > "$1/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/bash
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
  cat > "$1/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
  echo "127.0.0.1 localhost" > "$1/etc/hosts"
}

# One dpkg status stanza: name version [status].
dpkg_pkg ()
{
  cat <<EOF
Package: $1
Status: ${3:-install ok installed}
Priority: important
Section: misc
Installed-Size: 1024
Maintainer: Test Maintainers <test@example.org>
Architecture: amd64
Version: $2
Description: the $1 package of a careen test guest
 A package entry made for careen's inspection tests.

EOF
}

# A tiny rpm built with rpmbuild: name epoch version release.  Its
# header goes into the guest's rpm database with rpm --justdb.
make_rpm ()
{
  mkdir -p "$work/rpm/specs"
  spec="$work/rpm/specs/$1-$3-$4.spec"
  {
    echo "Name: $1"
    [ "$2" = 0 ] || echo "Epoch: $2"
    echo "Version: $3"
    echo "Release: $4"
    echo "Summary: the $1 package of a careen test guest"
    echo "License: MIT"
    echo "URL: https://example.org/$1"
    echo "BuildArch: x86_64"
    echo "%description"
    echo "A package made for careen's inspection tests."
    echo "%files"
  } > "$spec"
  rpmbuild --quiet --define "_topdir $work/rpm/top" \
    --define "_build_id_links none" --target x86_64-redhat-linux \
    -bb "$spec" >/dev/null
}

# rpm_db DIR NAME:EPOCH:VERSION:RELEASE...: an sqlite rpm database
# (rpmdb.sqlite, the format of Fedora 33+, RHEL 9 and openSUSE) in DIR.
rpm_db ()
{
  dbdir="$1"; shift
  rm -rf "$work/rpm/top/RPMS" "$work/rpm/db"
  mkdir -p "$work/rpm/db" "$dbdir"
  for p in "$@"; do
    IFS=: read -r pkg_n pkg_e pkg_v pkg_r <<EOF
$p
EOF
    make_rpm "$pkg_n" "$pkg_e" "$pkg_v" "$pkg_r"
  done
  rpm --dbpath "$work/rpm/db" --define "_db_backend sqlite" --initdb
  # Debian's rpm warns that rpm should not install packages there: this
  # only records headers.
  rpm --dbpath "$work/rpm/db" --define "_db_backend sqlite" \
    -i --justdb --nodeps --ignorearch --ignoreos --noscripts \
    "$work"/rpm/top/RPMS/x86_64/*.rpm 2>/dev/null
  # rpm leaves the database in WAL mode, with -wal and -shm files
  # beside it.  A reader on a read-only mount cannot open a WAL database
  # (sqlite must write the -shm file): libguestfs's inspection fails on
  # one.  Fold the log in and switch to a rollback journal, which any
  # reader opens, so one file holds the whole database.
  sqlite3 "$work/rpm/db/rpmdb.sqlite" 'PRAGMA journal_mode=DELETE;' \
    >/dev/null || die "sqlite3 failed on the rpm database"
  # .rpm.lock too: rpm takes a lock on it even to read, and cannot
  # create it on a read-only mount (real systems have it).
  cp "$work/rpm/db/rpmdb.sqlite" "$work/rpm/db/.rpm.lock" "$dbdir/"
}

# A /boot with the files a kernel install leaves (text stand-ins).
boot_files ()
{
  mkdir -p "$1/grub"
  for f in vmlinuz initrd.img config System.map; do
    echo "careen test guest: stand-in for $f-$2" > "$1/$f-$2"
  done
  echo "# careen test guest" > "$1/grub/grub.cfg"
}

# ----------------------------------------------------------------------
# Debian 12: /boot (ext4, by LABEL), / (ext4, by UUID), swap (by device
# path) on an MBR disk.

make_debian12 ()
{
  r="$work/debian12-root"; b="$work/debian12-boot"
  linux_skeleton "$r"; usrmerge "$r"; etc_common "$r" debian12
  mkdir -p "$b"; boot_files "$b" 6.1.0-18-amd64
  os_release "$r" <<'EOF'
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
EOF
  echo "12.5" > "$r/etc/debian_version"
  cat > "$r/etc/fstab" <<EOF
# /etc/fstab: static file system information.
#
# <file system> <mount point>   <type>  <options>       <dump>  <pass>
UUID=$deb_root_uuid /               ext4    errors=remount-ro 0       1
LABEL=debboot   /boot           ext4    defaults        0       2
/dev/sda3       none            swap    sw              0       0
EOF
  mkdir -p "$r/var/lib/dpkg/info" "$r/etc/apt"
  {
    dpkg_pkg base-files 12.4+deb12u5
    dpkg_pkg bash 5.2.15-2+b7
    dpkg_pkg coreutils 9.1-1
    dpkg_pkg libc6 2.36-9+deb12u4
    dpkg_pkg openssh-server 1:9.2p1-2+deb12u2
    dpkg_pkg nano 7.2-1 "deinstall ok config-files"
  } > "$r/var/lib/dpkg/status"
  echo "deb http://deb.debian.org/debian bookworm main" \
    > "$r/etc/apt/sources.list"
}

# ----------------------------------------------------------------------
# Ubuntu 24.04: GPT, a BIOS boot partition, /boot (ext4, by UUID), and
# the root on LVM (ubuntu-vg/ubuntu-lv, by device path).

make_ubuntu2404 ()
{
  r="$work/ubuntu2404-root"; b="$work/ubuntu2404-boot"
  linux_skeleton "$r"; usrmerge "$r"; etc_common "$r" ubuntu2404
  mkdir -p "$b"; boot_files "$b" 6.8.0-45-generic
  os_release "$r" <<'EOF'
PRETTY_NAME="Ubuntu 24.04.1 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
VERSION="24.04.1 LTS (Noble Numbat)"
VERSION_CODENAME=noble
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=noble
LOGO=ubuntu-logo
EOF
  cat > "$r/etc/lsb-release" <<'EOF'
DISTRIB_ID=Ubuntu
DISTRIB_RELEASE=24.04
DISTRIB_CODENAME=noble
DISTRIB_DESCRIPTION="Ubuntu 24.04.1 LTS"
EOF
  echo "trixie/sid" > "$r/etc/debian_version"
  cat > "$r/etc/fstab" <<EOF
# /etc/fstab: static file system information.
#
# Use 'blkid' to print the universally unique identifier for a
# device; this may be used with UUID= as a more robust way to name devices
# that works even if disks are added and removed. See fstab(5).
#
# <file system> <mount point>   <type>  <options>       <dump>  <pass>
/dev/mapper/ubuntu--vg-ubuntu--lv / ext4 defaults 0 1
UUID=$ubu_boot_uuid /boot ext4 defaults 0 1
EOF
  mkdir -p "$r/var/lib/dpkg/info"
  {
    dpkg_pkg base-files 13ubuntu10.1
    dpkg_pkg bash 5.2.21-2ubuntu4
    dpkg_pkg coreutils 9.4-3ubuntu6
    dpkg_pkg libc6 2.39-0ubuntu8.3
    dpkg_pkg openssh-server 1:9.6p1-3ubuntu13.5
  } > "$r/var/lib/dpkg/status"
}

# ----------------------------------------------------------------------
# Fedora 40: GPT, /boot (ext4, by UUID), and btrfs for / (by UUID).
# Fedora mounts the subvolumes "root" and "home" of that btrfs as / and
# /home (guest-disks.sh makes them).  The rpm database is in /usr/lib/sysimage/rpm with the /var/lib/rpm link, as
# Fedora 36 and later have it.

make_fedora40 ()
{
  r="$work/fedora40-root"; b="$work/fedora40-boot"; h="$work/fedora40-home"
  linux_skeleton "$r"; usrmerge "$r"; etc_common "$r" fedora40
  mkdir -p "$b" "$h/careen"; boot_files "$b" 6.8.5-301.fc40.x86_64
  echo "careen" > "$h/careen/.bash_history"
  os_release "$r" <<'EOF'
NAME="Fedora Linux"
VERSION="40 (Server Edition)"
ID=fedora
VERSION_ID=40
VERSION_CODENAME=""
PLATFORM_ID="platform:f40"
PRETTY_NAME="Fedora Linux 40 (Server Edition)"
ANSI_COLOR="0;38;2;60;110;180"
LOGO=fedora-logo-icon
CPE_NAME="cpe:/o:fedoraproject:fedora:40"
HOME_URL="https://fedoraproject.org/"
DOCUMENTATION_URL="https://docs.fedoraproject.org/en-US/fedora/f40/system-administrators-guide/"
SUPPORT_URL="https://ask.fedoraproject.org/"
BUG_REPORT_URL="https://bugzilla.redhat.com/"
REDHAT_BUGZILLA_PRODUCT="Fedora"
REDHAT_BUGZILLA_PRODUCT_VERSION=40
REDHAT_SUPPORT_PRODUCT="Fedora"
REDHAT_SUPPORT_PRODUCT_VERSION=40
SUPPORT_END=2025-05-13
VARIANT="Server Edition"
VARIANT_ID=server
EOF
  echo "Fedora release 40 (Forty)" > "$r/etc/fedora-release"
  # dnf as Fedora installs it: inspection says "dnf" only when it is there.
  printf '#!/usr/bin/python3\n' > "$r/usr/bin/dnf-3"
  ln -s dnf-3 "$r/usr/bin/dnf"
  ln -s fedora-release "$r/etc/redhat-release"
  ln -s fedora-release "$r/etc/system-release"
  cat > "$r/etc/fstab" <<EOF

#
# /etc/fstab
# Created by anaconda on Mon Apr 15 10:00:00 2024
#
# Accessible filesystems, by reference, are maintained under '/dev/disk/'.
# See man pages fstab(5), findfs(8), mount(8) and/or blkid(8) for more info.
#
EOF
  cat >> "$r/etc/fstab" <<EOF
UUID=$fed_btrfs_uuid /                       btrfs   subvol=root,compress=zstd:1 0 0
UUID=$fed_boot_uuid /boot                   ext4    defaults        1 2
UUID=$fed_btrfs_uuid /home                   btrfs   subvol=home,compress=zstd:1 0 0
EOF
  mkdir -p "$r/usr/lib/sysimage"
  rpm_db "$r/usr/lib/sysimage/rpm" \
    fedora-release-common:0:40:39 bash:0:5.2.26:3.fc40 \
    coreutils:0:9.4:6.fc40 glibc:0:2.39:17.fc40 \
    openssl-libs:1:3.2.2:3.fc40 kernel-core:0:6.8.5:301.fc40
  ln -s ../../usr/lib/sysimage/rpm "$r/var/lib/rpm"
}

# ----------------------------------------------------------------------
# RHEL 9: MBR, /boot (ext4, by UUID: RHEL itself uses xfs, but xfs
# refuses filesystems under 300 MB), and LVM "rhel" with an xfs root and
# swap (by device path).

make_rhel9 ()
{
  r="$work/rhel9-root"; b="$work/rhel9-boot"
  linux_skeleton "$r"; usrmerge "$r"; etc_common "$r" rhel9.example.com
  mkdir -p "$b"; boot_files "$b" 5.14.0-427.13.1.el9_4.x86_64
  os_release "$r" <<'EOF'
NAME="Red Hat Enterprise Linux"
VERSION="9.4 (Plow)"
ID="rhel"
ID_LIKE="fedora"
VERSION_ID="9.4"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"
ANSI_COLOR="0;31"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:redhat:enterprise_linux:9::baseos"
HOME_URL="https://www.redhat.com/"
DOCUMENTATION_URL="https://access.redhat.com/documentation/en-us/red_hat_enterprise_linux/9"
BUG_REPORT_URL="https://issues.redhat.com/"
REDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 9"
REDHAT_BUGZILLA_PRODUCT_VERSION=9.4
REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"
REDHAT_SUPPORT_PRODUCT_VERSION="9.4"
EOF
  echo "Red Hat Enterprise Linux release 9.4 (Plow)" \
    > "$r/etc/redhat-release"
  ln -s redhat-release "$r/etc/system-release"
  cat > "$r/etc/fstab" <<EOF

#
# /etc/fstab
# Created by anaconda on Tue Apr 30 08:00:00 2024
#
/dev/mapper/rhel-root   /                       xfs     defaults        0 0
UUID=$rhel_boot_uuid /boot                   ext4    defaults        1 2
/dev/mapper/rhel-swap   none                    swap    defaults        0 0
EOF
  mkdir -p "$r/var/lib"
  rpm_db "$r/var/lib/rpm" \
    redhat-release:0:9.4:0.5.el9 bash:0:5.1.8:9.el9 \
    coreutils:0:8.32:35.el9 glibc:0:2.34:100.el9_4.2 \
    openssl-libs:1:3.0.7:27.el9 kernel-core:0:5.14.0:427.13.1.el9_4
}

# ----------------------------------------------------------------------
# Alpine 3.20: one ext4 filesystem (by UUID), busybox (the host ELF
# standing in) with /bin/ls linking to it, apk's installed database.
# $1 is the tree, $2 the host name, $3 the fstab root specification.

make_alpine_tree ()
{
  r="$1"
  linux_skeleton "$r"; etc_common "$r" "$2"
  mkdir -p "$r/bin" "$r/sbin" "$r/lib/apk/db" "$r/etc/apk"
  cp "$host_elf" "$r/bin/busybox"
  ln -s /bin/busybox "$r/bin/ls"
  ln -s /bin/busybox "$r/bin/sh"
  cat > "$r/etc/os-release" <<'EOF'
NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.20.3
PRETTY_NAME="Alpine Linux v3.20"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
EOF
  echo "3.20.3" > "$r/etc/alpine-release"
  cat > "$r/etc/fstab" <<EOF
$3	/	ext4	rw,relatime 0 1
EOF
  echo "https://dl-cdn.alpinelinux.org/alpine/v3.20/main" \
    > "$r/etc/apk/repositories"
  for p in "musl 1.2.5-r0 MIT https://musl.libc.org/" \
           "busybox 1.36.1-r29 GPL-2.0-only https://busybox.net/" \
           "alpine-baselayout 3.6.5-r0 GPL-2.0-only https://git.alpinelinux.org/cgit/aports/tree/main/alpine-baselayout" \
           "openssl 3.3.2-r1 Apache-2.0 https://www.openssl.org/"; do
    set -- $p
    cat <<EOF
C:Q1$(printf '%s' "$1$2" | sha1sum | cut -c1-27)=
P:$1
V:$2
A:x86_64
S:100000
I:300000
T:the $1 package of a careen test guest
U:$4
L:$3
o:$1
m:Test Maintainer <test@example.org>
t:1725000000
c:0123456789abcdef0123456789abcdef01234567

EOF
  done > "$r/lib/apk/db/installed"
  printf 'alpine-base\nopenssl\n' > "$r/etc/apk/world"
}

make_alpine320 ()
{
  make_alpine_tree "$work/alpine320-root" alpine320 "UUID=$alp_root_uuid"
}

# ----------------------------------------------------------------------
# Arch Linux: GPT, the EFI system partition as /boot (vfat, by device
# path) and / (ext4, by LABEL); pacman's local database.

# One pacman local database entry: name version(with release) desc.
pacman_pkg ()
{
  d="$1/var/lib/pacman/local/$2-$3"
  mkdir -p "$d"
  cat > "$d/desc" <<EOF
%NAME%
$2

%VERSION%
$3

%BASE%
$2

%DESC%
$4

%URL%
https://archlinux.org/packages/?name=$2

%ARCH%
x86_64

%BUILDDATE%
1720000000

%INSTALLDATE%
1725000000

%PACKAGER%
Test Packager <test@example.org>

%SIZE%
1048576

%LICENSE%
GPL-3.0-or-later

%VALIDATION%
pgp

EOF
  printf '%%FILES%%\nusr/\nusr/share/\n\n' > "$d/files"
}

make_archlinux ()
{
  r="$work/archlinux-root"; b="$work/archlinux-boot"
  linux_skeleton "$r"; usrmerge "$r"; etc_common "$r" archlinux
  mkdir -p "$b"
  for f in vmlinuz-linux initramfs-linux.img; do
    echo "careen test guest: stand-in for $f" > "$b/$f"
  done
  os_release "$r" <<'EOF'
NAME="Arch Linux"
PRETTY_NAME="Arch Linux"
ID=arch
BUILD_ID=rolling
ANSI_COLOR="38;2;23;147;209"
HOME_URL="https://archlinux.org/"
DOCUMENTATION_URL="https://wiki.archlinux.org/"
SUPPORT_URL="https://bbs.archlinux.org/"
BUG_REPORT_URL="https://gitlab.archlinux.org/groups/archlinux/-/issues"
PRIVACY_POLICY_URL="https://terms.archlinux.org/docs/privacy-policy/"
LOGO=archlinux-logo
EOF
  : > "$r/etc/arch-release"
  cat > "$r/etc/fstab" <<'EOF'
# Static information about the filesystems.
# See fstab(5) for details.

# <file system> <dir> <type> <options> <dump> <pass>
# /dev/sda2 LABEL=archroot
LABEL=archroot      	/         	ext4      	rw,relatime	0 1

# /dev/sda1
/dev/sda1           	/boot     	vfat      	rw,relatime,fmask=0022,dmask=0022,codepage=437,iocharset=ascii,shortname=mixed,utf8,errors=remount-ro	0 2
EOF
  mkdir -p "$r/var/lib/pacman/local"
  echo 9 > "$r/var/lib/pacman/local/ALPM_DB_VERSION"
  pacman_pkg "$r" bash 5.2.032-1 "The GNU Bourne Again shell"
  pacman_pkg "$r" coreutils 9.5-1 "The basic file, shell and text manipulation utilities of the GNU operating system"
  pacman_pkg "$r" glibc 2.40+r16+gaa533d58ff-2 "GNU C Library"
  pacman_pkg "$r" linux 6.10.10.arch1-1 "The Linux kernel and modules"
  pacman_pkg "$r" zlib 1:1.3.1-2 "Compression library implementing the deflate compression method found in gzip and PKZIP"
}

# ----------------------------------------------------------------------
# openSUSE Leap 15.6: GPT, a BIOS boot partition and btrfs (by UUID)
# for /, in snapper's layout (guest-disks.sh): / is the default
# subvolume, /var, /home and /.snapshots are subvolumes under "@".
# Leap has no merged /usr: /bin/ls is a real file.

make_opensuse15 ()
{
  r="$work/opensuse15-root"
  linux_skeleton "$r"; etc_common "$r" opensuse15
  mkdir -p "$r/bin" "$r/sbin" "$r/lib" "$r/lib64" "$r/usr/lib/sysimage"
  cp "$host_elf" "$r/bin/ls"
  boot_files "$r/boot" 6.4.0-150600.23.22-default
  os_release "$r" <<'EOF'
NAME="openSUSE Leap"
VERSION="15.6"
ID="opensuse-leap"
ID_LIKE="suse opensuse"
VERSION_ID="15.6"
PRETTY_NAME="openSUSE Leap 15.6"
ANSI_COLOR="0;32"
CPE_NAME="cpe:/o:opensuse:leap:15.6"
BUG_REPORT_URL="https://bugs.opensuse.org"
HOME_URL="https://www.opensuse.org/"
DOCUMENTATION_URL="https://en.opensuse.org/Portal:Leap"
LOGO="distributor-logo-Leap"
EOF
  cat > "$r/etc/fstab" <<EOF
UUID=$suse_btrfs_uuid  /            btrfs  defaults                  0  0
UUID=$suse_btrfs_uuid  /var         btrfs  subvol=/@/var             0  0
UUID=$suse_btrfs_uuid  /home        btrfs  subvol=/@/home            0  0
UUID=$suse_btrfs_uuid  /.snapshots  btrfs  subvol=/@/.snapshots      0  0
EOF
  rpm_db "$r/usr/lib/sysimage/rpm" \
    openSUSE-release:0:15.6:lp156.415.1 bash:0:4.4:150400.27.3.2 \
    coreutils:0:8.32:150400.9.6.1 glibc:0:2.38:150600.14.8.2 \
    kernel-default:0:6.4.0:150600.23.22.1
  ln -s ../../usr/lib/sysimage/rpm "$r/var/lib/rpm"
}

# ----------------------------------------------------------------------
# Windows 10: NTFS with \Windows\System32\config\SOFTWARE and SYSTEM
# made by make-hive from the .reg texts, starting from the empty hive
# of write-hive (test-hives.sh), and a PE cmd.exe.

make_windows_files ()
{
  w="$work/windows"
  mkdir -p "$w"
  make_hive="$guests_builddir/make-hive"
  # A test of another directory may come first: build the helper then.
  [ -x "$make_hive" ] || ${MAKE:-make} -C "$guests_builddir" make-hive >&2 ||
    die "cannot build $make_hive"
  hives="$(top_builddir="$top_builddir" sh "$srcdir/test-hives.sh")" ||
    die "cannot write the test hives"
  minimal_hive="$hives/minimal"
  "$make_hive" "$minimal_hive" "$w/SOFTWARE" < "$srcdir/windows-software.reg"
  "$make_hive" "$minimal_hive" "$w/SYSTEM" < "$srcdir/windows-system.reg"
  clang --target=x86_64-pc-windows-msvc -O2 -c \
    -o "$w/cmd.obj" "$srcdir/win-cmd.c"
  lld-link /nologo /subsystem:console /entry:main /nodefaultlib \
    /out:"$w/cmd.exe" "$w/cmd.obj"
}
