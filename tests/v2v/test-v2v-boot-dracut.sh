#!/bin/sh -
# careen - a guest whose initramfs is dracut's, converted and booted
# Copyright (C) 2026 the careen authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The bootable Debian guest built with dracut in place of
# initramfs-tools (make-bootable-guest.sh --dracut): its initramfs has
# no virtio driver and its dracut configuration is host-only, as on
# Fedora, RHEL and SUSE.  careen's virt-v2v converts it to raw; the
# guest's own dracut must have made the new initramfs (lsinitrd shows
# the arguments dracut was run with) and put virtio_blk in it, the
# fstab must name /dev/vda1, and the result must boot on virtio-blk to
# the guest's own init.  dracut takes minutes under TCG: make
# check-slow only.  The cached image is never written.

. "$top_srcdir/tests/functions.sh"
set -e -x
skip_if_skipped
slow_test
. "$top_srcdir/tests/v2v/v2v-functions.sh"
requires_dracut_guest

conversion_test_setup --dracut
mkdir "$tmp/out"

# As built: dracut's image, without virtio_blk.
echo "glob download /boot/initrd.img-* $tmp/initrd-before" |
  $VG "$fish" --ro --format=raw -a "$img" -m /dev/sda1
lsinitrd "$tmp/initrd-before" > "$tmp/before"
grep -q '^Arguments: ' "$tmp/before" ||
  fail "the guest's initramfs was not made by dracut"
refute grep -q '/virtio_blk\.ko' "$tmp/before"

$VG "$v2v" -v -i disk "$img" -o local -os "$tmp/out" -of raw \
  > "$tmp/convert.log" 2>&1 || {
  cat "$tmp/convert.log"
  fail "the conversion failed"
}
grep -q 'Rebuilding the initramfs of kernel .* with /usr/bin/dracut' \
  "$tmp/convert.log"
grep -q 'running in the guest: /usr/bin/dracut -f --add-drivers .*virtio_blk' \
  "$tmp/convert.log"
refute grep -q 'update-initramfs' "$tmp/convert.log"

disk="$tmp/out/$(basename "$img" .img)-sda"
[ -f "$disk" ] || fail "virt-v2v wrote no disk $disk"
printf 'cat /etc/fstab\nglob download /boot/initrd.img-* %s\n' \
  "$tmp/initrd-after" |
  $VG "$fish" --ro --format=raw -a "$disk" -m /dev/sda1 > "$tmp/fstab"
grep -qx '/dev/vda1 / ext4 defaults 0 1' "$tmp/fstab" ||
  fail "the converted fstab does not name /dev/vda1: $(cat "$tmp/fstab")"

# Made by the guest's dracut with careen's arguments, with the virtio
# drivers.
lsinitrd "$tmp/initrd-after" > "$tmp/after"
grep '^Arguments: ' "$tmp/after" | grep -q -- "--add-drivers '.*virtio_blk" ||
  fail "the new initramfs was not made by dracut --add-drivers"
grep -q '/virtio_blk\.ko' "$tmp/after" ||
  fail "the new initramfs has no virtio_blk"
grep -q '/virtio_pci\.ko' "$tmp/after" ||
  fail "the new initramfs has no virtio_pci"

line="$(boot_guest "$disk" raw virtio 600)" ||
  fail "the converted guest does not boot on virtio"
case "$line" in
  *" mounted=/dev/vda1") ;;
  *) fail "the converted guest's root is not /dev/vda1: '$line'" ;;
esac

[ "$(stat -c '%s %Z' "$img")" = "$stamp" ] ||
  fail "the cached image was written"
