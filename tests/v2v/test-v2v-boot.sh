#!/bin/sh -
# careen - a guest converted by virt-v2v boots on virtio
# Copyright (C) 2026 the careen authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The bootable Debian guest cannot boot on virtio as built
# (test-v2v-boot-unconverted.sh): its initramfs has IDE and SATA drivers
# only and its fstab and boot loader name /dev/sda1.  Here it is
# converted by careen's virt-v2v to raw with -o local from three
# formats made from it: a streamOptimized VMDK (as ESX exports), a VHDX
# (Hyper-V) and a qcow2; and each result is booted on virtio: the
# guest's own init must say that its root filesystem came from
# /dev/vda1.  The results' fstabs must name /dev/vda1 too, their
# initramfs must hold virtio_blk, and the VMware tools the guest had
# must be gone from their package databases.  Each conversion takes
# one or two minutes here, most of it the guest's update-initramfs
# under TCG, so the three run at once, and so do the boots.  The
# cached image is never written.

. "$top_srcdir/tests/functions.sh"
set -e -x
skip_if_skipped
. "$top_srcdir/tests/v2v/v2v-functions.sh"
requires_bootable_guest

conversion_test_setup

formats="vmdk vhdx qcow2"

convert ()
{
  f="$1"
  case "$f" in
    vmdk) opts="-o subformat=streamOptimized" ;;
    *) opts= ;;
  esac
  # shellcheck disable=SC2086
  qemu-img convert -f raw -O "$f" $opts "$img" "$tmp/debian-$f.$f" &&
    mkdir "$tmp/out-$f" &&
    $VG "$v2v" -i disk "$tmp/debian-$f.$f" -o local -os "$tmp/out-$f" \
      -of raw &&
    rm "$tmp/debian-$f.$f"
}

pids=
for f in $formats; do
  convert "$f" > "$tmp/convert-$f.log" 2>&1 &
  pids="$pids $!"
done
status=0
for p in $pids; do
  wait "$p" || status=1
done
for f in $formats; do
  cat "$tmp/convert-$f.log"
  [ -f "$tmp/out-$f/debian-$f-sda" ] ||
    fail "$f: virt-v2v wrote no disk $tmp/out-$f/debian-$f-sda"
done
[ "$status" = 0 ] || fail "a conversion failed"

pids=
for f in $formats; do
  boot_guest "$tmp/out-$f/debian-$f-sda" raw virtio 400 \
    > "$tmp/boot-$f.line" &
  pids="$pids $!"
done
n=0
for f in $formats; do
  n=$((n + 1))
  p="$(echo $pids | cut -d' ' -f$n)"
  wait "$p" || fail "$f: the converted guest does not boot on virtio"
  line="$(cat "$tmp/boot-$f.line")"
  case "$line" in
    *" mounted=/dev/vda1") ;;
    *) fail "$f: the converted guest's root is not /dev/vda1: '$line'" ;;
  esac
done
adds=
for f in $formats; do
  adds="$adds -a $tmp/out-$f/debian-$f-sda"
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
  printf 'glob download /boot/initrd.img-* %s/initrd-%s\n' "$tmp" "$n" \
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
k=0
while [ "$k" -lt "$n" ]; do
  lsinitramfs "$tmp/initrd-$k" | grep -q '/virtio_blk\.ko' ||
    fail "a converted guest's initramfs has no virtio_blk"
  k=$((k + 1))
done
! grep -q open-vm-tools "$tmp/out" ||
  fail "a converted guest still has open-vm-tools"

[ "$(stat -c '%s %Z' "$img")" = "$stamp" ] ||
  fail "the cached image was written"
