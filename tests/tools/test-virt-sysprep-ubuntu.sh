#!/bin/sh -
# careen - virt-sysprep's default run on Ubuntu 24.04 (root on LVM):
# the Debian family's paths (apt's archives emptied with partial/
# kept, process accounting in /var/log/account, Red Hat's ifcfg and
# /var/account left alone), and lvm-uuids on a guest whose root is a
# logical volume (it must still be found and mounted afterwards).

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 comm join
. "$top_srcdir/tests/guests/guests.sh"
[ -x "$top_builddir/tools/sysprep/virt-sysprep" ] || skip "virt-sysprep is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
. "$top_srcdir/tests/tools/test-virt-sysprep-lib.sh"

cat > seed <<'END'
mkdir-p /var/cache/apt/archives/partial
write /var/cache/apt/archives/lock ""
write /var/cache/apt/archives/bash_5.2_amd64.deb x
write /var/cache/apt/archives/partial/c.deb x
mkdir-p /var/log/account
write /var/log/account/pacct x
write /var/log/account/pacct.0 x
mkdir-p /var/account
write /var/account/pacct.1 kept
mkdir-p /etc/sysconfig/network-scripts
write /etc/sysconfig/network-scripts/ifcfg-eth0 "HWADDR=52:54:00:12:34:56\n"
mkdir-p /var/log/installer
write /var/log/installer/syslog x
vguuid ubuntu-vg
END
cat > expected <<'END'
removed /var/cache/apt/archives/bash_5.2_amd64.deb
removed /var/cache/apt/archives/lock
removed /var/cache/apt/archives/partial/c.deb
changed /var/log/account/pacct
removed /var/log/account/pacct.0
removed /var/log/installer/syslog
END
echo "vguuid ubuntu-vg" > show
sp_default_run ubuntu2404 seed expected show
[ -s ubuntu2404.seeded ]
[ -s ubuntu2404.shown ]
if cmp -s ubuntu2404.seeded ubuntu2404.shown; then
  echo "$test_name: lvm-uuids did not change the volume group UUID" >&2
  exit 1
fi
