#!/bin/sh -
# careen - the Linux converter makes GRUB boot a kernel with virtio
# drivers when the default one has none and another has them: GRUB 2
# with GRUB_DEFAULT=0 and grub-mkconfig's submenu (Debian), GRUB 2 with
# GRUB_DEFAULT=saved and a BLS saved_entry in grubenv (Fedora), GRUB
# legacy's default=N (a RHEL guest given a grub.conf), each with two
# stand-in kernels of which only one has virtio_blk.  One launch per
# guest, the kernels and grub-default steps alone.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img
. "$top_srcdir/tests/guests/guests.sh"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
. "$top_srcdir/tests/v2v/linux-steps.sh"

# kernel VERSION virtio|none: --before ops making a stand-in kernel.
kernel ()
{
  echo "--before mkdir:/lib/modules/$1/kernel/drivers/block"
  [ "$2" = none ] ||
    echo "--before touch:/lib/modules/$1/kernel/drivers/block/virtio_blk.ko"
  echo "--before write:/boot/vmlinuz-$1=stand-in"
}

# ---- Debian: GRUB_DEFAULT=0, the newest kernel lacks virtio ----
tab="$(printf '\t')"
cat > grub.cfg <<EOF
set default="0"
menuentry 'Debian GNU/Linux' --class debian \$menuentry_id_option 'gnulinux-simple-d12' {
${tab}linux${tab}/vmlinuz-6.1.0-18-amd64 root=UUID=d12 ro quiet
}
submenu 'Advanced options for Debian GNU/Linux' \$menuentry_id_option 'gnulinux-advanced-d12' {
${tab}menuentry 'Debian GNU/Linux, with Linux 6.1.0-18-amd64' --class debian \$menuentry_id_option 'gnulinux-6.1.0-18-amd64-advanced-d12' {
${tab}${tab}linux${tab}/vmlinuz-6.1.0-18-amd64 root=UUID=d12 ro quiet
${tab}}
${tab}menuentry 'Debian GNU/Linux, with Linux 6.1.0-9-amd64' --class debian \$menuentry_id_option 'gnulinux-6.1.0-9-amd64-advanced-d12' {
${tab}${tab}linux${tab}/vmlinuz-6.1.0-9-amd64 root=UUID=d12 ro quiet
${tab}}
}
EOF
linux_steps kernels,grub-default debian12 \
  $(kernel 6.1.0-18-amd64 none) $(kernel 6.1.0-9-amd64 virtio) \
  --before mkdir:/etc/default \
  --before "write:/etc/default/grub=GRUB_DEFAULT=0
GRUB_TIMEOUT=5
" \
  --before "write:/boot/grub/grub.cfg=$(cat grub.cfg)
" \
  --show /etc/default/grub --show /boot/grub/grub.cfg
grep -qx 'best kernel: 6.1.0-9-amd64' debian12.out
grep -F 'warning: the default kernel 6.1.0-18-amd64 has no virtio drivers: the guest now boots kernel 6.1.0-9-amd64 by default (/boot/grub/grub.cfg)' debian12.err
shown debian12 /etc/default/grub > got
expect_output got <<'EOF'
GRUB_DEFAULT="gnulinux-advanced-d12>gnulinux-6.1.0-9-amd64-advanced-d12"
GRUB_TIMEOUT=5
EOF
shown debian12 /boot/grub/grub.cfg > got
sed '1s/.*/set default="gnulinux-advanced-d12>gnulinux-6.1.0-9-amd64-advanced-d12"/' \
  grub.cfg > want
diff -u want got

# ---- Fedora: GRUB_DEFAULT=saved, BLS saved_entry in grubenv ----
# grubenv ENTRY: the 1024-byte block GRUB writes.
grubenv ()
{
  head="$(printf '# GRUB Environment Block\nsaved_entry=%s\nboot_success=1\n' "$1")"
  printf '%s\n' "$head"
  head -c $((1024 - ${#head} - 1)) /dev/zero | tr '\0' '#'
}
linux_steps kernels,grub-default fedora40 \
  $(kernel 6.9.7-200.fc40.x86_64 none) \
  $(kernel 6.8.5-301.fc40.x86_64 virtio) \
  --before mkdir:/etc/default --before mkdir:/boot/grub2 \
  --before "write:/etc/default/grub=GRUB_TIMEOUT=5
GRUB_DEFAULT=saved
" \
  --before "write:/boot/grub2/grubenv=$(grubenv 0f0e0d0c0b0a-6.9.7-200.fc40.x86_64)" \
  --show /boot/grub2/grubenv --show /etc/default/grub
grep -qx '== /boot/grub2/grubenv: 1024 bytes' fedora40.out
shown fedora40 /boot/grub2/grubenv > got
grubenv 0f0e0d0c0b0a-6.8.5-301.fc40.x86_64 > want
echo >> want
diff -u want got
grep -F 'the default kernel 6.9.7-200.fc40.x86_64 has no virtio drivers: the guest now boots kernel 6.8.5-301.fc40.x86_64 by default (/boot/grub2/grubenv)' fedora40.err
shown fedora40 /etc/default/grub > got
expect_output got <<'EOF'
GRUB_TIMEOUT=5
GRUB_DEFAULT=saved
EOF

# ---- GRUB legacy: default=0 is the newer kernel, without virtio ----
cat > grub.conf <<EOF
default=0
timeout=5
title Red Hat Enterprise Linux (5.14.0-500.el9.x86_64)
${tab}root (hd0,0)
${tab}kernel /vmlinuz-5.14.0-500.el9.x86_64 ro root=/dev/sda2
title Red Hat Enterprise Linux (5.14.0-427.13.1.el9_4.x86_64)
${tab}root (hd0,0)
${tab}kernel /vmlinuz-5.14.0-427.13.1.el9_4.x86_64 ro root=/dev/sda2
EOF
linux_steps kernels,grub-default rhel9 \
  $(kernel 5.14.0-500.el9.x86_64 none) \
  $(kernel 5.14.0-427.13.1.el9_4.x86_64 virtio) \
  --before rm:/boot/grub/grub.cfg \
  --before "write:/boot/grub/grub.conf=$(cat grub.conf)
" \
  --show /boot/grub/grub.conf
shown rhel9 /boot/grub/grub.conf > got
sed '1s/.*/default=1/' grub.conf > want
diff -u want got
grep -F 'the default kernel 5.14.0-500.el9.x86_64 has no virtio drivers: the guest now boots kernel 5.14.0-427.13.1.el9_4.x86_64 by default (/boot/grub/grub.conf)' rhel9.err
