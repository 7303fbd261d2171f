#!/bin/sh -
# careen - make-appliance builds a kernel, an initrd with init and the
# early modules in order, and a root image holding the daemon, the
# manifest's programs with their libraries, and the kernel modules.

. "$top_srcdir/tests/functions.sh"
set -e -x
skip_if_skipped
requires cpio depmod

a="$top_builddir/appliance"
t="$(mktemp -d "${TMPDIR:-/var/tmp}/test-appliance-build.XXXXXX")"
cleanup_fn rm -rf "$t"

sh "$a/make-appliance" --init "$a/careen-init" \
    --daemon "$top_builddir/tests/appliance/test-appliance-daemon" \
    --binaries "$top_srcdir/appliance/binaries" --output "$t/app"

for f in kernel initrd root kernel-version rootfs; do
    test -s "$t/app/$f"
done
kver="$(cat "$t/app/kernel-version")"

# The initrd: init, the root's type, and the list of early modules whose
# files are all there, dependencies before what needs them.
mkdir "$t/ird"
(cd "$t/ird" && cpio -id --quiet < "$t/app/initrd")
test -x "$t/ird/init"
grep -Eqx 'squashfs|ext4' "$t/ird/rootfs"
# Lines are "[CONDITION ]PATH[ PARAMETERS]" (pci: only on a PCI machine).
sed 's,^pci ,,; s, .*,,' "$t/ird/modules.list" > "$t/paths"
while read -r m; do test -f "$t/ird$m"; done < "$t/paths"
order="$(sed 's,.*/,,; s,\.ko$,,' "$t/paths" | tr '\n' ' ')"
grep -q '/scsi_mod\.ko scan=sync$' "$t/ird/modules.list"
case "$order" in
    *virtio_ring*virtio\ *virtio_mmio*virtio_blk*scsi_mod*virtio_scsi*sd_mod*virtio_console*virtio_pci\ *) ;;
    *) echo "unexpected module order: $order"; exit 1 ;;
esac

# The root image: the daemon and a few programs, libraries, modules.
case "$(cat "$t/app/rootfs")" in
squashfs)
    requires unsquashfs
    unsquashfs -d "$t/root" -no-xattrs "$t/app/root" >/dev/null ;;
ext2)
    requires debugfs
    mkdir "$t/root"
    debugfs -R "rdump / $t/root" "$t/app/root" >/dev/null 2>&1 ;;
esac
grep -q '^pci .*/virtio_pci\.ko$' "$t/ird/modules.list"
test -x "$t/root/usr/libexec/careen-daemon"
for p in sh mount mkfs.ext4 sfdisk lvm modprobe; do
    found=
    for d in usr/sbin usr/bin sbin bin; do
        if [ -e "$t/root/$d/$p" ] || [ -L "$t/root/$d/$p" ]; then found=1; fi
    done
    test -n "$found"
done
# libmagic's compiled database, where libmagic looks for it (libmagic
# itself comes with the daemon's libraries): the daemon's file and
# file_architecture need it.
test -s "$t/root/usr/share/misc/magic.mgc"
test -f "$t/root/etc/lvm/lvm.conf"
grep -q 'udev_sync = 0' "$t/root/etc/lvm/lvm.conf"
test -L "$t/root/etc/mtab"
test -d "$t/root/sysroot"
test -f "$t/root/lib/modules/$kver/modules.dep"
grep -q '/ext4\.ko:' "$t/root/lib/modules/$kver/modules.dep"
grep -q '/dm-mod\.ko:' "$t/root/lib/modules/$kver/modules.dep"
