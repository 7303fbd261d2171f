#!/bin/sh -
# careen - virt-v2v --mac MAC:ip:ADDR,GW,LEN,NS... on Linux guests: the
# static address written, with exact contents, in the configuration of
# the network stack each guest has (set up on an overlay of a test
# guest): netplan on Ubuntu, a NetworkManager keyfile on Fedora,
# systemd-networkd on Arch (IPv6, no gateway), ifupdown with a .link
# file naming the NIC on Debian (two NICs).  One launch per guest, the
# converter's static-ip step alone.

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

# ---- Ubuntu: netplan ----
linux_steps static-ip ubuntu2404 --before mkdir:/etc/netplan \
  --mac 52:54:00:01:02:03:ip:192.0.2.10,192.0.2.1,24,192.0.2.53,192.0.2.54 \
  --show /etc/netplan/90-careen-v2v-525400010203.yaml
shown ubuntu2404 /etc/netplan/90-careen-v2v-525400010203.yaml > got
expect_output got <<'EOF'
# The static address virt-v2v --mac gave 52:54:00:01:02:03.
network:
  version: 2
  ethernets:
    careen-v2v-525400010203:
      match:
        macaddress: "52:54:00:01:02:03"
      dhcp4: false
      dhcp6: false
      addresses:
        - "192.0.2.10/24"
      routes:
        - to: default
          via: "192.0.2.1"
      nameservers:
        addresses:
          - "192.0.2.53"
          - "192.0.2.54"
EOF
grep -q 'Setting static addresses with netplan' ubuntu2404.out

# ---- Fedora: NetworkManager (upper case MAC, default length) ----
linux_steps static-ip fedora40 --before touch:/usr/sbin/NetworkManager \
  --mac 52:54:00:AA:BB:CC:ip:198.51.100.7,198.51.100.1 \
  --show /etc/NetworkManager/system-connections/careen-v2v-525400aabbcc.nmconnection
shown fedora40 /etc/NetworkManager/system-connections/careen-v2v-525400aabbcc.nmconnection > got
expect_output got <<'EOF'
# The static address virt-v2v --mac gave 52:54:00:aa:bb:cc.
[connection]
id=careen-v2v-525400aabbcc
type=ethernet
autoconnect=true

[ethernet]
mac-address=52:54:00:aa:bb:cc

[ipv4]
method=manual
address1=198.51.100.7/24,198.51.100.1

[ipv6]
method=auto
EOF

# ---- Arch: systemd-networkd enabled; IPv6, no gateway ----
linux_steps static-ip archlinux \
  --before mkdir:/etc/systemd/system/multi-user.target.wants \
  --before ln:/usr/lib/systemd/system/systemd-networkd.service=/etc/systemd/system/multi-user.target.wants/systemd-networkd.service \
  --before mkdir:/etc/systemd/network \
  --mac 52:54:00:00:00:01:ip:2001:DB8::0:10,,48,2001:db8::53 \
  --show /etc/systemd/network/10-careen-v2v-525400000001.network
shown archlinux /etc/systemd/network/10-careen-v2v-525400000001.network > got
expect_output got <<'EOF'
# The static address virt-v2v --mac gave 52:54:00:00:00:01.
[Match]
MACAddress=52:54:00:00:00:01

[Network]
Address=2001:db8::10/48
DNS=2001:db8::53
EOF

# ---- Debian: ifupdown, two NICs named by .link files ----
linux_steps static-ip debian12 --before mkdir:/etc/network \
  --before "write:/etc/network/interfaces=auto lo
iface lo inet loopback
" \
  --before mkdir:/lib/systemd --before touch:/lib/systemd/systemd-udevd \
  --mac 52:54:00:00:00:0a:ip:192.0.2.20,192.0.2.1,25,192.0.2.53 \
  --mac 52:54:00:00:00:0b:ip:203.0.113.5 \
  --show /etc/network/interfaces \
  --show /etc/systemd/network/10-careen-v2v-52540000000a.link \
  --show /etc/systemd/network/10-careen-v2v-52540000000b.link
shown debian12 /etc/network/interfaces > got
expect_output got <<'EOF'
auto lo
iface lo inet loopback

# The static address virt-v2v --mac gave 52:54:00:00:00:0a (named v2v0 by
# /etc/systemd/network/10-careen-v2v-52540000000a.link).
auto v2v0
iface v2v0 inet static
    address 192.0.2.20/25
    gateway 192.0.2.1
    dns-nameservers 192.0.2.53

# The static address virt-v2v --mac gave 52:54:00:00:00:0b (named v2v1 by
# /etc/systemd/network/10-careen-v2v-52540000000b.link).
auto v2v1
iface v2v1 inet static
    address 203.0.113.5/24
EOF
shown debian12 /etc/systemd/network/10-careen-v2v-52540000000b.link > got
expect_output got <<'EOF'
# virt-v2v --mac: ifupdown's name of 52:54:00:00:00:0b.
[Match]
MACAddress=52:54:00:00:00:0b

[Link]
Name=v2v1
EOF
