#!/bin/sh -
# careen - the appliance boots under qemu exactly as the library
# launches it (microvm, PVH kernel, root on the first virtio-blk device,
# a disk on virtio-scsi, the channel on virtio-serial), init runs the
# daemon on the channel, and the VM powers itself off afterwards.

. "$top_srcdir/tests/functions.sh"
set -e -x
skip_if_skipped
requires qemu-system-x86_64 timeout
slow_test

a="$top_builddir/appliance"
t="$(mktemp -d "${TMPDIR:-/var/tmp}/test-appliance-boot.XXXXXX")"
cleanup_fn rm -rf "$t"

sh "$a/make-appliance" --init "$a/careen-init" \
    --daemon "$top_builddir/tests/appliance/test-appliance-daemon" \
    --binaries "$top_srcdir/appliance/binaries" --output "$t/app"
if ! head -c 4 "$t/app/kernel" | grep -q ELF; then
    skip "the kernel could not be extracted for PVH boot"
fi
truncate -s 64M "$t/disk.img"

# Without the host's TSC frequency the kernel sometimes hangs
# calibrating against the PIT under TCG (DESIGN.md).
khz="$(awk '/^cpu MHz/ { printf "%d", $4 * 1000; exit }' /proc/cpuinfo)"
tsc="${khz:+tsc_early_khz=$khz }tsc=reliable no_timer_check"

# A file chardev is always "connected", so the daemon's write does not
# wait for a reader.
timeout 120 qemu-system-x86_64 \
    -machine microvm,accel=tcg -cpu max -m 512 \
    -nodefaults -no-user-config -display none -no-reboot \
    -serial "file:$t/console" \
    -kernel "$t/app/kernel" -initrd "$t/app/initrd" \
    -append "console=ttyS0 panic=1 quiet $tsc careen.verbose=1" \
    -drive "file=$t/app/root,format=raw,if=none,id=root,readonly=on" \
    -device virtio-blk-device,drive=root \
    -device virtio-scsi-device,id=scsi \
    -drive "file=$t/disk.img,format=raw,if=none,id=hd0" \
    -device scsi-hd,drive=hd0,bus=scsi.0 \
    -device virtio-serial-device \
    -chardev "file,id=channel,path=$t/channel" \
    -device virtserialport,chardev=channel,name=careen.channel.0 ||
    { cat "$t/console"; exit 1; }

cat "$t/console"
grep -q 'careen-init: .* starting' "$t/console"
grep -qx 'test-appliance-daemon: ok' "$t/channel"
grep -q 'Power down' "$t/console"
