#!/bin/sh -
# careen - virt-sysprep on Fedora 40 (btrfs subvolumes, dnf, rpm): the
# Red Hat paths: rpm's __db files (through the /var/lib/rpm link), the ifcfg HWADDR / HOSTNAME /
# DHCP_HOSTNAME keys (other lines kept byte for byte), NetworkManager
# keyfiles, dnf's cache (directories kept), yum's UUID, and process
# accounting in /var/account (Debian's path left alone).

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
write /var/lib/rpm/__db.001 x
mkdir-p /etc/sysconfig/network-scripts
write /etc/sysconfig/network-scripts/ifcfg-eth0 "DEVICE=eth0\nHWADDR=52:54:00:12:34:56\nHOSTNAME=old\nDHCP_HOSTNAME=old\nONBOOT=yes\n# HWADDR=kept comment\n"
mkdir-p /etc/NetworkManager/system-connections
write /etc/NetworkManager/system-connections/eth0.nmconnection x
mkdir-p /var/cache/dnf/fedora-1234/packages
write /var/cache/dnf/fedora-1234/packages/a.rpm x
mkdir-p /var/lib/yum
write /var/lib/yum/uuid x
mkdir-p /var/account
write /var/account/pacct.1 x
mkdir-p /var/log/account
write /var/log/account/pacct.1 kept
mkdir-p /home/u
write /home/u/.bash_history x
END
cat > expected <<'END'
changed /etc/sysconfig/network-scripts/ifcfg-eth0
removed /etc/NetworkManager/system-connections/eth0.nmconnection
removed /var/cache/dnf/fedora-1234/packages/a.rpm
removed /usr/lib/sysimage/rpm/__db.001
removed /var/lib/yum/uuid
added /var/account/pacct
removed /var/account/pacct.1
removed /home/u/.bash_history
removed /home/careen/.bash_history
END
sp_default_run fedora40 seed expected

$VG "$fish" --ro --format=raw -a fedora40.img -i -- \
  cat /etc/sysconfig/network-scripts/ifcfg-eth0 > ifcfg
expect_output ifcfg <<'END'
DEVICE=eth0
ONBOOT=yes
# HWADDR=kept comment

END
