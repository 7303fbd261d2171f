#!/bin/sh -
# careen - the bootable guest, unconverted: boots on IDE, not on virtio
# Copyright (C) 2026 the careen authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# test-v2v-boot.sh proves a conversion by booting its result on virtio.
# That proof is only worth something if the guest as built cannot boot
# there: this test boots it on IDE, where its init must say it came up
# from /dev/sda1, and on virtio, where its initramfs must give up
# waiting for the root device.  It also checks boot_guest itself, both
# ways.

. "$top_srcdir/tests/functions.sh"
set -e -x
skip_if_skipped
. "$top_srcdir/tests/v2v/v2v-functions.sh"
requires_bootable_guest

img="$(bootable_guest)"
[ -f "$img" ] || fail "no bootable guest"

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"

# The image is never written: overlays, opened by qemu with
# snapshot=on besides; the image's size and time of change are compared
# before and after.
stamp="$(stat -c '%s %Z' "$img")"
# The overlay's backing file is the shared test guest, outside the
# overlay's directory: allow it (careen's default refuses it).
export CAREEN_BACKING_FILES=any
qemu-img create -q -f qcow2 -b "$img" -F raw "$tmp/ide.qcow2"
qemu-img create -q -f qcow2 -b "$img" -F raw "$tmp/virtio.qcow2"

# Both boots at once: each qemu is one thread under TCG.
boot_guest "$tmp/virtio.qcow2" qcow2 virtio 300 "$tmp/virtio.log" \
  > "$tmp/virtio.out" 2> "$tmp/virtio.err" &
virtio_pid=$!

line="$(boot_guest "$tmp/ide.qcow2" qcow2 ide 300)" ||
  fail "the guest does not boot on IDE"
[ "$line" = "CAREEN-V2V-BOOTED root=/dev/sda1 mounted=/dev/sda1" ] ||
  fail "unexpected marker on IDE: '$line'"

expect_no_boot_on_virtio "$virtio_pid"

[ "$(stat -c '%s %Z' "$img")" = "$stamp" ] ||
  fail "the cached image was written"
