#!/bin/sh -
# careen - a UEFI guest converted by virt-v2v boots on virtio with OVMF
# Copyright (C) 2026 the careen authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The bootable Debian guest built for UEFI (make-bootable-guest.sh
# --uefi): a GPT disk, its ESP (/dev/sda1, on /boot/efi) holding GRUB at
# the removable-media path \EFI\BOOT\BOOTX64.EFI only, / on /dev/sda2,
# and an initramfs without virtio.  This test:
#   - boots it unconverted on virtio with OVMF: OVMF must start GRUB
#     from the fallback path and GRUB the kernel, and the initramfs
#     must give up waiting for its root device (so the boot below
#     cannot pass by accident);
#   - converts it from qcow2 with -o local: virt-v2v must find UEFI from
#     the guest's ESP (-i disk says nothing of the firmware), the
#     domain XML must ask for UEFI firmware (<os firmware='efi'>), the
#     disks must be on virtio,
#     and the converted fstab must name /dev/vda2 and /dev/vda1;
#   - moves its GRUB from the fallback path to \EFI\debian\grubx64.efi,
#     where Debian's installer puts it (its NVRAM entry is not
#     converted): unconverted, even on IDE, OVMF finds nothing to
#     boot on it (it says it failed to load the disk's boot option,
#     and starts its shell).  Converted from qcow2 with -o qemu
#     --qemu-boot, virt-v2v must make GRUB the fallback loader again,
#     the script must name Debian's OVMF and a copy of its variables
#     store, and virt-v2v runs it as written (but for KVM: see below),
#     with a variables store naming no boot entry: the guest's own init
#     must say, on the script's serial console, that its root came
#     from /dev/vda2.
# The three run at once (each conversion takes a minute or two under
# TCG, most of it the guest's update-initramfs; OVMF and the guest's
# boot as long again), and building the guest takes minutes more:
# make check-slow only.  The cached image is never written.

. "$top_srcdir/tests/functions.sh"
set -e -x
skip_if_skipped
slow_test
. "$top_srcdir/tests/v2v/v2v-functions.sh"
requires_uefi_guest
requires xmllint setsid

conversion_test_setup --uefi

# The guest as built, on virtio with OVMF: must not reach its init.
# The overlay's backing file is the shared guest, outside its directory.
export CAREEN_BACKING_FILES=any
qemu-img create -q -f qcow2 -b "$img" -F raw "$tmp/virtio.qcow2"
boot_guest "$tmp/virtio.qcow2" qcow2 virtio 400 "$tmp/virtio.log" uefi \
  > "$tmp/virtio.out" 2> "$tmp/virtio.err" &
unconverted_pid=$!

# -o local, at once (virt-v2v takes no disk with a backing file).
mkdir "$tmp/local"
qemu-img convert -f raw -O qcow2 "$img" "$tmp/debian-uefi.qcow2"
$VG "$v2v" -v -i disk "$tmp/debian-uefi.qcow2" -o local -os "$tmp/local" \
  -of raw > "$tmp/local.log" 2>&1 &
local_pid=$!

# The guest as Debian installs it: GRUB in \EFI\debian only.
qemu-img convert -f raw -O qcow2 "$img" "$tmp/debian-nofb.qcow2"
$VG "$fish" --format=qcow2 -a "$tmp/debian-nofb.qcow2" -m /dev/sda1 <<'EOF'
mkdir /EFI/debian
mv /EFI/BOOT/BOOTX64.EFI /EFI/debian/grubx64.efi
rmdir /EFI/BOOT
EOF
boot_guest "$tmp/debian-nofb.qcow2" qcow2 ide 240 "$tmp/nofb.log" uefi \
  > "$tmp/nofb.out" 2> "$tmp/nofb.err" &
nofb_pid=$!

# The script's qemu asks for KVM, falling back to TCG only where KVM
# cannot start: on a host whose KVM starts but cannot run OVMF (nested
# virtualization), the guest would stop at KVM's first emulation
# failure.  A stand-in qemu first on PATH runs the real one with
# accel=tcg in place of accel=kvm:tcg and nothing else changed, and
# keeps the arguments it was given.
real_qemu="$(command -v qemu-system-x86_64)"
mkdir "$tmp/bin"
cat > "$tmp/bin/qemu-system-x86_64" <<EOF
#!/bin/sh
printf '%s\\n' "\$@" > "$tmp/qemu-args.\$\$"
for a do
  shift
  case "\$a" in
    *accel=kvm:tcg*) a="\${a%%accel=kvm:tcg*}accel=tcg\${a#*accel=kvm:tcg}" ;;
  esac
  set -- "\$@" "\$a"
done
exec "$real_qemu" "\$@"
EOF
chmod +x "$tmp/bin/qemu-system-x86_64"

# -o qemu --qemu-boot: virt-v2v boots the guest with its script, whose
# serial console is virt-v2v's standard output.  In a session of its
# own, so that all of it (virt-v2v, the script, qemu) can be stopped
# if the guest never powers off.
mkdir "$tmp/qemu"
PATH="$tmp/bin:$PATH" setsid "$v2v" -i disk "$tmp/debian-nofb.qcow2" \
  -o qemu -os "$tmp/qemu" -of qcow2 --qemu-boot < /dev/null \
  > "$tmp/qemu.log" 2>&1 &
qemu_pid=$!
cleanup_fn kill -TERM -- "-$qemu_pid" "2>/dev/null" "||" ":"
qemu_status=
elapsed=0
set +x
while [ "$elapsed" -lt 900 ]; do
  if ! boot_guest_qemu_running "$qemu_pid"; then
    qemu_status=0
    wait "$qemu_pid" || qemu_status=$?
    break
  fi
  sleep 2
  elapsed=$((elapsed + 2))
done
set -x
if [ -z "$qemu_status" ]; then
  kill -TERM -- "-$qemu_pid" 2>/dev/null || :
  wait "$qemu_pid" || :
fi
tr -d '\r' < "$tmp/qemu.log"

status=0
wait "$local_pid" || status=$?
cat "$tmp/local.log"
[ "$status" = 0 ] || fail "the conversion with -o local failed"
grep -q 'target firmware: uefi' "$tmp/local.log" ||
  fail "virt-v2v did not find that the guest boots with UEFI"
# It has a fallback loader: kept.
refute grep -q 'the UEFI fallback loader' "$tmp/local.log"

# OVMF started GRUB, GRUB the kernel: only the root device was missing.
expect_no_boot_on_virtio "$unconverted_pid"
# Without the fallback loader, the firmware found none.
if wait "$nofb_pid"; then
  fail "the guest without a fallback loader booted: $(cat "$tmp/nofb.out")"
fi
grep -q 'BdsDxe: failed to load Boot.*HARDDISK.*Not Found' "$tmp/nofb.log" ||
  fail "OVMF did not fail to boot the guest without a fallback loader"

# -o qemu: the script, and the boot it made.
[ -n "$qemu_status" ] || fail "the guest booted by --qemu-boot did not stop"
[ "$qemu_status" = 0 ] || fail "virt-v2v -o qemu --qemu-boot failed"
grep -q 'Making /boot/efi/EFI/debian/grubx64.efi the UEFI fallback loader' \
  "$tmp/qemu.log" || fail "virt-v2v did not make GRUB the fallback loader"
script="$tmp/qemu/debian-nofb.sh"
[ -x "$script" ] || fail "virt-v2v wrote no script $script"
cat "$script"
grep -qF "if=pflash,format=raw,readonly=on,file=$ovmf_code " "$script" ||
  fail "the script does not boot with Debian's OVMF ($ovmf_code)"
grep -qF "cp $ovmf_vars " "$script" ||
  fail "the script does not copy Debian's OVMF variables ($ovmf_vars)"
grep -qF "'file=$tmp/qemu/debian-nofb-sda',format=qcow2,if=virtio" \
  "$script" || fail "the script does not put the disk on virtio-blk"
# The stand-in ran qemu once (the appliance's qemu is not looked up on
# PATH), with the script's OVMF.
set -- "$tmp"/qemu-args.*
[ $# = 1 ] && [ -f "$1" ] || fail "the script did not run qemu once"
grep -qx "if=pflash,format=raw,readonly=on,file=$ovmf_code" "$1" ||
  fail "the script's qemu was not given Debian's OVMF"
line="$(tr -d '\r' < "$tmp/qemu.log" | grep -o "$boot_marker .*" |
        head -n 1)"
case "$line" in
  *" mounted=/dev/vda2") ;;
  *) fail "the guest booted by the script did not come up from /dev/vda2: '$line'" ;;
esac

# -o local: the domain and the disk.
xml="$tmp/local/debian-uefi.xml"
cat "$xml"
xmllint --noout "$xml"
[ "$(xmllint --xpath 'string(/domain/os/@firmware)' "$xml")" = efi ] ||
  fail "the domain does not ask for UEFI firmware"
[ "$(xmllint --xpath 'string(/domain/devices/disk/target/@bus)' "$xml")" = \
  virtio ] || fail "the domain's disk is not on virtio"
disk="$tmp/local/debian-uefi-sda"
[ -f "$disk" ] || fail "virt-v2v wrote no disk $disk"
printf 'cat /etc/fstab\nls /boot/efi/EFI/BOOT\n' |
  $VG "$fish" --ro --format=raw -a "$disk" -m /dev/sda2 -m /dev/sda1:/boot/efi \
  > "$tmp/fstab"
cat "$tmp/fstab"
grep -qx '/dev/vda2 / ext4 defaults 0 1' "$tmp/fstab" ||
  fail "the converted fstab does not name /dev/vda2 for /"
grep -qx '/dev/vda1 /boot/efi vfat umask=0077 0 1' "$tmp/fstab" ||
  fail "the converted fstab does not name /dev/vda1 for the ESP"
refute grep -q sda "$tmp/fstab"
grep -qx 'BOOTX64.EFI' "$tmp/fstab" ||
  fail "the converted ESP lost its fallback boot loader"

[ "$(stat -c '%s %Z' "$img")" = "$stamp" ] ||
  fail "the cached image was written"
