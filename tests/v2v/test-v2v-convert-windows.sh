#!/bin/sh -
# careen - the Windows converter on overlays of the Windows test guest,
# five cases in three launches (seed, convert, dump):
#   1. Windows 10 with VMware and Parallels Tools, a Xen PV disk driver
#      and CrashControl, a virtio-win tree in today's layout: drivers
#      copied (with the fallbacks), DriverDatabase, firstboot by RunOnce
#   2. Windows 10, no VIRTIO_WIN: a warning, IDE and rtl8139, no change
#   3. a hibernated Windows 10: refused, no change
#   4. Windows 10 with Fast Startup: refused, no change
#   5. Windows 7, the older virtio-win layout, --block-driver
#      virtio-scsi, rhsrvany.exe: CriticalDeviceDatabase, the service
# What changed is the difference between dumps of both hives and of
# every file before and after, compared with the text below.

. "$top_srcdir/tests/functions.sh"
set -e -x
skip_if_skipped
requires qemu-img
. "$top_srcdir/tests/guests/guests.sh"

img="$(guest_image windows)"
d="$(mktemp -d)"
cleanup_fn rm -rf "$d"

sh "$top_srcdir/tests/v2v/make-virtio-win.sh" "$d/virtio-win"
mkdir "$d/tools"
echo "rhsrvany.exe for careen's tests" > "$d/tools/rhsrvany.exe"
for n in 1 2 3 4 5; do
  qemu-img create -q -f qcow2 -b "$img" -F raw "$d/disk$n.qcow2"
done

$VG ./v2v-convert-windows-test seed \
  "$d/disk1.qcow2=foreign" "$d/disk2.qcow2=none" \
  "$d/disk3.qcow2=hibernated" "$d/disk4.qcow2=faststartup" \
  "$d/disk5.qcow2=win7" > "$d/before"
$VG ./v2v-convert-windows-test convert \
  "$d/disk1.qcow2" "$d/virtio-win/new" - virtio-blk \
  "$d/disk2.qcow2" - - virtio-blk \
  "$d/disk3.qcow2" "$d/virtio-win/new" - virtio-blk \
  "$d/disk4.qcow2" "$d/virtio-win/new" - virtio-blk \
  "$d/disk5.qcow2" "$d/virtio-win/old" "$d/tools" virtio-scsi \
  > "$d/caps" 2> "$d/stderr" || { cat "$d/stderr"; exit 1; }
cat "$d/stderr"
$VG ./v2v-convert-windows-test dump \
  "$d/disk1.qcow2" "$d/disk2.qcow2" "$d/disk3.qcow2" "$d/disk4.qcow2" \
  "$d/disk5.qcow2" > "$d/after"

# changes N: what differs in disk N, "-" removed, "+" added.
changes ()
{
  for f in before after; do
    awk -v n="$1" '/^== disk / { on = ($3 == n); next } on' "$d/$f" \
      > "$d/$f.$1"
  done
  diff "$d/before.$1" "$d/after.$1" | sed -n 's/^< /- /p; s/^> /+ /p' \
    > "$d/changes.$1" || :
}
