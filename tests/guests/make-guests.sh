#!/bin/sh -
# careen - build the test guests
# Copyright (C) 2026 the careen authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: make-guests.sh [OUTDIR]
#
# Builds the test guest images with careen's own guestfish and host
# tools, and prints the directory holding them (NAME.img, raw, sparse)
# as the last line of its output.  The images look like Debian 12,
# Ubuntu 24.04, Fedora 40, RHEL 9, Alpine 3.20, Arch Linux, openSUSE
# Leap 15.6, Windows 10, and a disk with Windows and Alpine side by side:
# release files as each distribution ships them, an /etc/fstab naming
# filesystems by UUID, LABEL and device path, a host name, a host ELF
# binary (or a PE cmd.exe) for the architecture, and a package
# database in the distribution's own format.  NAME.expected next to this
# script lists what inspection must find in each one.
#
# The images are cached: without OUTDIR they go to
# $LIBGUESTFS_CACHEDIR/careen-test-guests-HASH (default /var/tmp),
# where HASH covers this script and every file it reads, so a change to
# any of them builds a new set and an unchanged set is never rebuilt.
# With OUTDIR they go there, with the hash in OUTDIR/stamp.  A lock
# keeps concurrent runs from building the same set twice.
#
# Environment: top_srcdir, top_builddir (set by the test harness; by
# default the tree this script is in), LIBGUESTFS_CACHEDIR, V=1 for
# guestfish tracing.

set -e

srcdir="$(cd "$(dirname "$0")" && pwd)"
top_srcdir="${top_srcdir:-$(cd "$srcdir/../.." && pwd)}"
top_builddir="${top_builddir:-$top_srcdir}"
guests_builddir="$top_builddir/tests/guests"

# careen's guestfish, run through ./run so it uses the build tree's
# library and appliance.  Never a guestfish found on PATH: the host may
# have libguestfs's.
guestfish="$top_builddir/run $top_builddir/fish/guestfish"

die ()
{
  echo "make-guests.sh: $*" >&2
  exit 1
}

for p in tar sha256sum flock clang lld-link rpm rpmbuild sqlite3; do
  command -v "$p" >/dev/null 2>&1 ||
    die "'$p' is needed to build the test guests and is not installed"
done
[ -x "$top_builddir/fish/guestfish" ] ||
  die "careen's guestfish is not built: $top_builddir/fish/guestfish"

# The cache key: this script and everything it reads.
inputs="make-guests.sh guest-trees.sh guest-disks.sh make-hive.c write-hive.c
        test-hives.sh win-cmd.c windows-software.reg windows-system.reg"
hash="$( (cd "$srcdir" && cat $inputs) | sha256sum | cut -c1-16)"

if [ $# -ge 1 ]; then
  outdir="$1"
else
  cachedir="${LIBGUESTFS_CACHEDIR:-${TMPDIR:-/var/tmp}}"
  outdir="$cachedir/careen-test-guests-$hash"
fi
mkdir -p "$(dirname "$outdir")"
outdir="$(cd "$(dirname "$outdir")" && pwd)/$(basename "$outdir")"

# Built already?  (The stamp is written last, after every image.)
if [ "$(cat "$outdir/stamp" 2>/dev/null)" = "$hash" ]; then
  echo "$outdir"
  exit 0
fi

# One builder at a time; the others wait and then find the stamp.
exec 9>"$outdir.lock"
flock 9
if [ "$(cat "$outdir/stamp" 2>/dev/null)" = "$hash" ]; then
  echo "$outdir"
  exit 0
fi

# Built next to OUTDIR, so the finished images are only renamed.
work="$(mktemp -d "$outdir.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT INT TERM

echo "make-guests.sh: building the test guests in $outdir" >&2

. "$srcdir/guest-trees.sh"
. "$srcdir/guest-disks.sh"

# ----------------------------------------------------------------------
# The disks, all built in one appliance launch: one guestfish server
# (--listen) holds them and each guest's commands go to it with
# --remote.  The commands (guest-disks.sh) are written for /dev/sda and
# rewritten for the disk's name in that launch.  Each image has its own
# size, which is how its disk is recognised: the appliance does not
# always name several disks in the order they were added.

guests="debian12 ubuntu2404 fedora40 rhel9 alpine320 archlinux opensuse15 windows dualboot"
# Sizes in MiB, each one different (see above).
size_debian12=128
size_ubuntu2404=192
size_fedora40=256
size_rhel9=512
size_alpine320=64
size_archlinux=112
size_opensuse15=200
size_windows=96
size_dualboot=160

make_debian12
make_ubuntu2404
make_fedora40
make_rhel9
make_alpine320
make_archlinux
make_opensuse15
make_windows_files
make_alpine_tree "$work/dualboot-root" dualboot /dev/sda2

# Pack each tree; --owner/--group make them root's whoever builds.
for t in "$work"/*-root "$work"/*-boot "$work"/*-home; do
  [ -d "$t" ] || continue
  tar -C "$t" --owner=0 --group=0 --numeric-owner -cf "$t.tar" .
done

x=
[ -z "${V:-}" ] || x=-x
mkdir -p "$work/img"
adds=
for n in $guests; do
  eval "size=\$size_$n"
  truncate -s "${size}M" "$work/img/$n.img"
  adds="$adds -a $work/img/$n.img"
done

# The server must not inherit the lock (fd 9): it may outlive us.
# shellcheck disable=SC2086
server="$($guestfish $x --listen --format=raw $adds 9>&-)" ||
  die "cannot start guestfish --listen"
eval "$server"
export GUESTFISH_PID
# The server exits by itself when a command fails.
trap '$guestfish --remote exit 2>/dev/null; rm -rf "$work"' EXIT INT TERM
$guestfish --remote run >&2 || die "guestfish: launch failed"

for dev in $($guestfish --remote list-devices); do
  bytes="$($guestfish --remote blockdev-getsize64 "$dev")"
  found=
  for n in $guests; do
    eval "size=\$size_$n"
    if [ "$bytes" = $(( size * 1024 * 1024 )) ]; then
      found=$n
      {
        "fish_$n" | sed "s|/dev/sda|$dev|g"
        # Leave no volume group active on a disk that is about to close.
        echo "vg-activate-all false"
      } > "$work/$n.fish"
      echo "make-guests.sh: $n ($dev)" >&2
      $guestfish --remote < "$work/$n.fish" >&2 ||
        die "guestfish failed building the $n guest"
    fi
  done
  [ -n "$found" ] || die "$dev: no test guest is $bytes bytes"
done
for n in $guests; do
  [ -f "$work/$n.fish" ] || die "no disk was found for the $n guest"
done
$guestfish --remote sync >&2
$guestfish --remote exit >&2
trap 'rm -rf "$work"' EXIT INT TERM
# The server closes its handle (and qemu, which writes the images)
# after answering: wait for it to be gone before using the images.  It
# is no child of ours: once it exits it may stay a zombie until init
# reaps it, which counts as gone.
i=0
while kill -0 "$GUESTFISH_PID" 2>/dev/null &&
      [ "$(ps -o stat= -p "$GUESTFISH_PID" 2>/dev/null | cut -c1)" != Z ]; do
  i=$((i + 1))
  [ $i -le 600 ] || die "guestfish server $GUESTFISH_PID did not exit"
  sleep 0.1
done

# The MBR disk signature of the Windows disks, which the SYSTEM hive's
# MountedDevices entry for C: names (0x1234abcd, little-endian).
for n in windows dualboot; do
  printf '\315\253\064\022' |
    dd of="$work/img/$n.img" bs=1 seek=440 count=4 conv=notrunc 2>/dev/null
done

mkdir -p "$outdir"
for n in $guests; do
  mv -f "$work/img/$n.img" "$outdir/$n.img"
done
echo "$hash" > "$outdir/stamp"

# Sets built from other inputs are of no more use: remove those built
# over an hour ago (a test may still be reading a recent one) that
# nobody is building (their lock is free).
if [ $# -eq 0 ]; then
  for old in "$cachedir"/careen-test-guests-*; do
    case "$old" in
      "$outdir"|*.lock|*.build.*) continue ;;
    esac
    [ -d "$old" ] && [ -f "$old.lock" ] || continue
    [ -n "$(find "$old/stamp" -mmin +60 2>/dev/null)" ] || continue
    if flock -n "$old.lock" rm -rf "$old"; then
      rm -f "$old.lock"
    fi
  done
fi
echo "$outdir"
