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

# ---- RHEL: ifcfg files.  The file whose HWADDR= is the MAC (in upper
# case, quoted) keeps its other lines and gets the address; another
# NIC's file is left alone; a MAC without a file gets ifcfg-v2vN. ----
linux_steps static-ip rhel9 --before mkdir:/etc/sysconfig/network-scripts \
  --before "write:/etc/sysconfig/network-scripts/ifcfg-ens192=TYPE=Ethernet
BOOTPROTO=dhcp
NAME=ens192
DEVICE=ens192
HWADDR=\"00:50:56:AA:BB:01\"
ONBOOT=no
IPADDR0=10.0.0.9
PREFIX0=8
DNS1=10.0.0.1
" \
  --before "write:/etc/sysconfig/network-scripts/ifcfg-ens224=DEVICE=ens224
HWADDR=00:50:56:aa:bb:02
BOOTPROTO=dhcp
" \
  --before "write:/etc/sysconfig/network-scripts/ifcfg-lo=DEVICE=lo
IPADDR=127.0.0.1
" \
  --mac 00:50:56:aa:bb:01:ip:192.0.2.30,192.0.2.1,24,192.0.2.53,192.0.2.54 \
  --mac 52:54:00:00:00:0c:ip:2001:db8::7,2001:db8::1,64 \
  --show /etc/sysconfig/network-scripts/ifcfg-ens192 \
  --show /etc/sysconfig/network-scripts/ifcfg-ens224 \
  --show /etc/sysconfig/network-scripts/ifcfg-v2v1
grep -q 'Setting static addresses with Red Hat ifcfg files' rhel9.out
shown rhel9 /etc/sysconfig/network-scripts/ifcfg-ens192 > got
expect_output got <<'EOF2'
TYPE=Ethernet
NAME=ens192
DEVICE=ens192
HWADDR="00:50:56:AA:BB:01"
# The static address virt-v2v --mac gave 00:50:56:aa:bb:01.
BOOTPROTO=none
ONBOOT=yes
IPADDR=192.0.2.30
PREFIX=24
GATEWAY=192.0.2.1
DNS1=192.0.2.53
DNS2=192.0.2.54
EOF2
shown rhel9 /etc/sysconfig/network-scripts/ifcfg-ens224 > got
expect_output got <<'EOF2'
DEVICE=ens224
HWADDR=00:50:56:aa:bb:02
BOOTPROTO=dhcp
EOF2
shown rhel9 /etc/sysconfig/network-scripts/ifcfg-v2v1 > got
expect_output got <<'EOF2'
# The static address virt-v2v --mac gave 52:54:00:00:00:0c.
DEVICE=v2v1
HWADDR=52:54:00:00:00:0c
TYPE=Ethernet
BOOTPROTO=none
ONBOOT=yes
IPV6INIT=yes
IPV6_AUTOCONF=no
IPV6ADDR=2001:db8::7/64
IPV6_DEFAULTGW=2001:db8::1
EOF2
refute grep -q 'ifcfg-v2v0' rhel9.out rhel9.err

# ---- SUSE: ifcfg-v2vN with SUSE's keys, the NIC named by a .link
# file, the gateway in ifroute-v2vN, the name servers added to
# NETCONFIG_DNS_STATIC_SERVERS. ----
linux_steps static-ip opensuse15 --before mkdir:/etc/sysconfig/network \
  --before "write:/etc/sysconfig/network/config=NETCONFIG_DNS_POLICY=\"auto\"
NETCONFIG_DNS_STATIC_SERVERS=\"192.0.2.53\"
" \
  --before "write:/etc/sysconfig/network/ifcfg-eth0=BOOTPROTO='dhcp'
STARTMODE='auto'
" \
  --before mkdir:/usr/lib/systemd --before touch:/usr/lib/systemd/systemd-udevd \
  --mac 52:54:00:00:00:0d:ip:192.0.2.40,192.0.2.1,26,192.0.2.53,192.0.2.55 \
  --show /etc/sysconfig/network/ifcfg-v2v0 \
  --show /etc/sysconfig/network/ifroute-v2v0 \
  --show /etc/sysconfig/network/config \
  --show /etc/sysconfig/network/ifcfg-eth0 \
  --show /etc/systemd/network/10-careen-v2v-52540000000d.link
grep -q 'Setting static addresses with SUSE ifcfg files' opensuse15.out
shown opensuse15 /etc/sysconfig/network/ifcfg-v2v0 > got
expect_output got <<'EOF2'
# The static address virt-v2v --mac gave 52:54:00:00:00:0d.
STARTMODE='auto'
BOOTPROTO='static'
IPADDR='192.0.2.40/26'
EOF2
shown opensuse15 /etc/sysconfig/network/ifroute-v2v0 > got
expect_output got <<'EOF2'
# The default route virt-v2v --mac gave 52:54:00:00:00:0d.
default 192.0.2.1 - v2v0
EOF2
shown opensuse15 /etc/sysconfig/network/config > got
expect_output got <<'EOF2'
NETCONFIG_DNS_POLICY="auto"
NETCONFIG_DNS_STATIC_SERVERS="192.0.2.53 192.0.2.55"
EOF2
shown opensuse15 /etc/sysconfig/network/ifcfg-eth0 > got
expect_output got <<'EOF2'
BOOTPROTO='dhcp'
STARTMODE='auto'
EOF2
shown opensuse15 /etc/systemd/network/10-careen-v2v-52540000000d.link > got
expect_output got <<'EOF2'
# virt-v2v --mac: the name of 52:54:00:00:00:0d for its ifcfg file.
[Match]
MACAddress=52:54:00:00:00:0d

[Link]
Name=v2v0
EOF2
