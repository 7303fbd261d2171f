#!/bin/sh -
# careen - the command line virt-v2v runs dracut with, in make check
#
# The real dracut takes minutes under TCG (test-v2v-boot-dracut.sh,
# make check-slow).  Here an overlay of the bootable Debian guest gets,
# in place of update-initramfs, a /usr/bin/dracut that writes down its
# arguments and makes a small image: the converter's initramfs step
# must pick dracut and call it with exactly -f, --add-drivers and the
# virtio drivers the guest's kernel has as modules, then the image and
# the kernel version.  One launch to prepare, one for the step.

. "$top_srcdir/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
. "$top_srcdir/tests/v2v/v2v-functions.sh"
requires_bootable_guest

fish="$top_builddir/fish/guestfish"
driver="$top_builddir/tests/v2v/v2v-convert-linux-test"
[ -x "$driver" ] || skip "the driver is not built"

img="$(bootable_guest)"
[ -f "$img" ] || { echo "$test_name: no bootable guest" >&2; exit 1; }

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
cd "$tmp"
export CAREEN_BACKING_FILES=any
qemu-img create -q -f qcow2 -b "$img" -F raw guest.qcow2

cat > dracut <<'EOF'
#!/bin/sh
# careen test: writes down its arguments, one a line, and makes the
# image it was asked for.
printf '%s\n' "$@" > /root/dracut-args
echo "image of $5" > "$4"
EOF
$VG "$fish" --format=qcow2 -a guest.qcow2 -m /dev/sda1 <<EOF
rm /usr/sbin/update-initramfs
upload $tmp/dracut /usr/bin/dracut
chmod 0755 /usr/bin/dracut
EOF

status=0
$VG "$driver" --steps kernels,initramfs --show /root/dracut-args \
  guest.qcow2 qcow2 > out 2> err || status=$?
cat out err
[ "$status" = 0 ]

# What is expected: the kernel of the guest (the newest one of this
# machine, as make-bootable-guest.sh takes it) and those of the virtio
# drivers it has as module files.
kver="$(sed -n 's/^kernel: \([^ ]*\) .*/\1/p' out)"
[ -n "$kver" ] && [ -d "/lib/modules/$kver" ]
drivers=
for m in virtio virtio_ring virtio_pci virtio_pci_legacy_dev \
         virtio_pci_modern_dev virtio_blk virtio_scsi virtio_net \
         virtio_console virtio_rng virtio_balloon; do
  # Module names treat - and _ alike: virtio_rng is virtio-rng.ko.
  f="$(find "/lib/modules/$kver/kernel" -name "$m.ko*" -o \
         -name "$(echo "$m" | tr _ -).ko*" | head -n 1)"
  [ -z "$f" ] || drivers="${drivers:+$drivers }$m"
done
case " $drivers " in
  *" virtio_blk "*) ;;
  *) echo "$test_name: this machine's kernel has no virtio_blk module" >&2
     exit 1 ;;
esac

grep -q "Rebuilding the initramfs of kernel $kver with /usr/bin/dracut" out err
shown ()
{
  sed -n "\\|^== $1: |,/^==/p" out | sed '1d;/^==/d'
}
shown /root/dracut-args > got
expect_output got <<EOF
-f
--add-drivers
$drivers
/boot/initrd.img-$kver
$kver
EOF
