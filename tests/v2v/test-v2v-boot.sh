#!/bin/sh -
# careen - a guest converted by virt-v2v boots on virtio
# Copyright (C) 2026 the careen authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The bootable Debian guest cannot boot on virtio as built
# (test-v2v-boot-unconverted.sh): its initramfs has IDE and SATA drivers
# only and its fstab and boot loader name /dev/sda1.  Here it is
# converted by careen's virt-v2v to raw with -o local from a
# streamOptimized VMDK made from it (as ESX exports), and the result is
# booted on virtio: the guest's own init must say that its root
# filesystem came from /dev/vda1.  The result's fstab must name
# /dev/vda1 too, and the VMware tools the guest had must be gone from
# its package database.  Under make check-slow the same is done from a
# VHDX and a qcow2 as well.  Each conversion takes about two minutes
# here, most of it the guest's update-initramfs under TCG.  The cached
# image is never written.

. "$top_srcdir/tests/functions.sh"
set -e -x
skip_if_skipped
. "$top_srcdir/tests/v2v/v2v-functions.sh"
requires_bootable_guest

v2v="$top_builddir/tools/v2v/virt-v2v"
fish="$top_builddir/fish/guestfish"
[ -x "$v2v" ] || skip "virt-v2v is not built"

fail ()
{
  echo "$test_name: $*" >&2
  exit 1
}

img="$(bootable_guest)"
[ -f "$img" ] || fail "no bootable guest"
stamp="$(stat -c '%s %Z' "$img")"

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
mkdir "$tmp/v2vtmp"
export VIRT_V2V_TMPDIR="$tmp/v2vtmp"

formats=vmdk
[ -z "${SLOW:-}" ] || formats="vmdk vhdx qcow2"
adds=
for f in $formats; do
  case "$f" in
    vmdk) opts="-o subformat=streamOptimized" ;;
    *) opts= ;;
  esac
  # shellcheck disable=SC2086
  qemu-img convert -f raw -O "$f" $opts "$img" "$tmp/debian-$f.$f"
  mkdir "$tmp/out-$f"
  $VG "$v2v" -i disk "$tmp/debian-$f.$f" -o local -os "$tmp/out-$f" \
    -of raw
  disk="$tmp/out-$f/debian-$f-sda"
  [ -f "$disk" ] || fail "$f: virt-v2v wrote no disk $disk"
  rm "$tmp/debian-$f.$f"

  line="$(boot_guest "$disk" raw virtio 300)" ||
    fail "$f: the converted guest does not boot on virtio"
  case "$line" in
    *" mounted=/dev/vda1") ;;
    *) fail "$f: the converted guest's root is not /dev/vda1: '$line'" ;;
  esac
  adds="$adds -a $disk"
done

# The fstabs and package databases, all in one launch.  Every disk must
# pass the same checks, so the order the appliance names them in does
# not matter.
n=0
echo run > "$tmp/script"
for f in $formats; do
  dev="/dev/sd$(echo abcdefgh | cut -c$((n + 1)))1"
  printf 'mount %s /\ncat /etc/fstab\n' "$dev" >> "$tmp/script"
  printf -- '-grep "^Package: open-vm-tools$" /var/lib/dpkg/status\n' \
    >> "$tmp/script"
  printf 'umount /\n' >> "$tmp/script"
  n=$((n + 1))
done
# shellcheck disable=SC2086
$VG "$fish" --ro --format=raw $adds < "$tmp/script" > "$tmp/out"
cat "$tmp/out"
[ "$(grep -c '^/dev/vda1 / ext4 ' "$tmp/out")" = "$n" ] ||
  fail "the converted guests' fstabs do not all name /dev/vda1"
! grep -q sda "$tmp/out" || fail "a converted fstab still names sda"
! grep -q open-vm-tools "$tmp/out" ||
  fail "a converted guest still has open-vm-tools"

[ "$(stat -c '%s %Z' "$img")" = "$stamp" ] ||
  fail "the cached image was written"
