#!/bin/sh -
# careen - virt-v2v's command line: --help, --version, the capability
# list of --machine-readable, the option lists, refusals of what careen
# does not have (remote transports, pools that are not directories)
# naming the option, bad values and combinations, all before any work;
# and --print-source of a disk image and of a libvirt XML made here,
# with -on, -n, -b and --mac applied.  No appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
requires qemu-img

v2v="$top_builddir/tools/v2v/virt-v2v"
[ -x "$v2v" ] || skip "virt-v2v is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
scratch="$(cd "$scratch" && pwd -P)"
cd "$scratch"
mkdir tmp out
# Every run's temporary directory goes here: it must be empty after it.
export VIRT_V2V_TMPDIR="$scratch/tmp"

# fails EXPECTED-TEXT ARGS...: virt-v2v exits 1, says EXPECTED-TEXT on
# stderr, and leaves nothing in tmp or out.
fails ()
{
  text="$1"; shift
  status=0
  $VG "$v2v" "$@" > stdout 2> stderr || status=$?
  cat stderr
  [ "$status" = 1 ]
  grep -F -- "$text" stderr
  [ -z "$(find tmp out -mindepth 1)" ]
}

# ---- the listings ----
$VG "$v2v" --help > help
grep -q '^Usage:' help
grep -q -- '-os DIR' help

$VG "$v2v" --version > version
grep -E -q '^virt-v2v [0-9]+\.[0-9]+' version
$VG "$v2v" -V > version2
cmp version version2

$VG "$v2v" --machine-readable > caps
expect_output caps <<'END'
virt-v2v
virt-v2v-2.0
colours-option
mac-option
mac-ip-option
block-driver-option
input:disk
input:libvirt
input:libvirtxml
input:ova
input:vmx
output:json
output:libvirt
output:local
output:null
output:qemu
convert:linux
convert:windows
END
$VG "$v2v" --machine-readable=file:"$scratch/caps2"
cmp caps caps2
fails "invalid output format 'bogus:x'" --machine-readable=bogus:x

$VG "$v2v" --long-options > long
for o in --ic --if --os --of --oa --on --bridge --network --mac \
         --root --print-source --block-driver --compressed --qemu-boot; do
  grep -qx -- "$o" long
done
$VG "$v2v" --short-options > short
for o in -i -ic -if -o -os -of -oa -on -b -n -q -v -V -x; do
  grep -qx -- "$o" short
done

# ---- errors in the options ----
fails "unrecognized option" --bogus
fails "unknown input mode 'nope'" -i nope x
fails "unknown output mode 'glance'" -i disk -o glance x
fails "'vmdk' is not raw or qcow2" -of vmdk
fails "'thick' is not sparse or preallocated" -oa thick
fails "'virtio-x' is not virtio-blk or virtio-scsi" --block-driver virtio-x
fails "'maybe' is not ask, single, first" --root maybe
fails "expected aa:bb:cc:dd:ee:ff:network:OUT" --mac 52:54:00:zz:00:01:network:x
fails "unknown kind of mapping" --mac 52:54:00:00:00:01:vlan:x
fails "not an IPv4 or IPv6 address" --mac 52:54:00:00:00:01:ip:192.0.2.300
fails "not an address of the same family" \
  --mac 52:54:00:00:00:01:ip:192.0.2.3,2001:db8::1
fails "prefix length is not a number from 0 to 32" \
  --mac 52:54:00:00:00:01:ip:192.0.2.3,,33
fails "a nameserver is not an IPv4 or IPv6 address" \
  --mac 52:54:00:00:00:01:ip:192.0.2.3,192.0.2.1,24,dns.example
fails "too many nameservers" \
  --mac 52:54:00:00:00:01:ip:192.0.2.3,,,1.1.1.1,1.1.1.2,1.1.1.3,1.1.1.4,1.1.1.5,1.1.1.6,1.1.1.7,1.1.1.8,1.1.1.9
fails "is mapped twice" -n a:x -n a:y
fails "unknown output option" -oo sparse

# ---- what careen does not have: refused, naming the option ----
fails "-ic and -ip are only used with -i libvirt" -ic qemu:///system -i disk \
  -o null x
fails "-it is not supported by careen" -it ssh -i vmx x
fails "-io is not supported by careen" -io vddk-thumbprint=x
fails "-ic and -ip are only used with -i libvirt" -ip pw -i vmx -o null x.vmx
fails "-oc is only used with -o libvirt" -i disk -o null -oc test:///default \
  x.img
fails "-op is not supported by careen" -op passwordfile
fails "--vddk-libdir is not supported by careen" --vddk-libdir /x
fails "--in-place is not supported by careen" --in-place
fails "-i libvirt: expected one guest name, got 2" -i libvirt -o null g h
fails "careen cannot read the disks of VMware vCenter guests" \
  -ic vpx://root@vc/dc/h -o local -os out g
# -o libvirt's storage pool is checked before any work: the test
# driver's default connection has one, "default-pool", whose directory
# is not on this host.
fails "-os nopool: no such storage pool on libvirt test:///default" \
  -i disk -o libvirt -oc test:///default -os nopool x.img
fails "storage pool directory '/default-pool': No such file" \
  -i disk -o libvirt -oc test:///default -os default-pool x.img
# The defaults are virt-v2v's: libvirt in (libvirt's default
# connection) and out, into the pool "default".
LIBVIRT_DEFAULT_URI=test:///default \
  fails "cannot find libvirt domain 'guest'" -o local -os out guest
LIBVIRT_DEFAULT_URI=test:///default \
  fails "-os default: no such storage pool on libvirt (default connection)" \
  -i disk x.img

# ---- combinations ----
fails "-os DIR is required" -i disk -o local x.img
fails "-os DIR is required" -i disk -o qemu x.img
fails "-os DIR is required" -i disk -o json x.img
fails "-os cannot be used with -o null" -i disk -o null -os out x.img
fails "needs -of qcow2" -i disk -o local -os out --compressed x.img
fails "needs -of qcow2" -i disk -o local -os out -oo compressed x.img
fails "only for -o qemu" -i disk -o local -os out --qemu-boot x.img
fails "no source was given" -i disk -o local -os out
fails "expected one source file, got 2" -i ova -o null a.ova b.ova
fails "must be an existing directory" -i disk -o local -os nodir x.img
touch notdir
fails "not a directory" -i disk -o local -os notdir x.img
rm notdir
fails "the name must not be empty" -i disk -o null -on ../x x.img

# ---- --print-source ----
qemu-img create -q -f qcow2 guest.qcow2 16M
$VG "$v2v" -i disk guest.qcow2 --print-source -q > source
expect_output source <<END
Source guest information (--print-source option):

    source name: guest
hypervisor type: unknown
       VM genid: 
         memory: 2147483648 (bytes)
       nr vCPUs: 1
       firmware: unknown
        display: none
disks:
	$scratch/guest.qcow2 (qcow2)
removable media:
NICs:
	Network "default"
END
[ -z "$(find tmp out -mindepth 1)" ]

# -on renames; -n maps the network; -if names the format.
$VG "$v2v" -i disk -if qcow2 guest.qcow2 --print-source -q -on renamed \
  -n default:lan > source
grep -qx '    source name: renamed' source
grep -qx '	Network "lan"' source

# --mac wins over -n for the NIC it names; -i disk has no MAC, so -n
# applies.
$VG "$v2v" -i disk guest.qcow2 --print-source -q -n lan2 \
  --mac 52:54:00:00:00:01:bridge:br0 > source
grep -qx '	Network "lan2"' source

# Without -q the first progress line comes first.
$VG "$v2v" -i disk guest.qcow2 --print-source > source
head -n 1 source | grep -E -q '^\[ *[0-9]+\.[0-9]\] Setting up the source: -i disk guest.qcow2$'

# A disk with a backing file is refused (the source would be read
# through a file it does not name).
qemu-img create -q -f qcow2 -b guest.qcow2 -F qcow2 child.qcow2
fails "child.qcow2" -i disk child.qcow2 --print-source

# A libvirt XML source with everything --print-source shows: topology,
# UEFI, a display, disks on two buses, removables, NICs on a network
# and a bridge.
qemu-img create -q -f raw second.img 8M
cat > guest.xml <<'END'
<domain type='vmware'>
  <name>web&amp;db</name>
  <memory unit='KiB'>1048576</memory>
  <vcpu>4</vcpu>
  <cpu><topology sockets='2' cores='2' threads='1'/></cpu>
  <os firmware='efi'><type>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='guest.qcow2'/>
      <target dev='sda' bus='scsi'/>
    </disk>
    <disk type='file' device='disk'>
      <source file='second.img'/>
      <target dev='hdb' bus='ide'/>
    </disk>
    <disk type='file' device='cdrom'>
      <target dev='hdc' bus='ide'/>
    </disk>
    <disk type='file' device='floppy'>
      <target dev='fda' bus='fdc'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:01:02:03'/>
      <source network='VM Network'/>
      <model type='e1000'/>
    </interface>
    <interface type='bridge'>
      <mac address='52:54:00:01:02:04'/>
      <source bridge='br9'/>
      <model type='vmxnet3'/>
    </interface>
    <graphics type='vnc'/>
  </devices>
</domain>
END
$VG "$v2v" -i libvirtxml guest.xml --print-source -q > source
expect_output source <<END
Source guest information (--print-source option):

    source name: web&db
hypervisor type: vmware
       VM genid: 
         memory: 1073741824 (bytes)
       nr vCPUs: 4
   CPU topology: sockets: 2 cores/socket: 2 threads/core: 1
       firmware: uefi
        display: yes
disks:
	$scratch/guest.qcow2 (qcow2) [scsi] in slot 0
	$scratch/second.img (raw) [ide] in slot 1
removable media:
	CD-ROM [ide] in slot 2
	Floppy in slot 0
NICs:
	Network "VM Network" mac: 52:54:00:01:02:03 [e1000]
	Bridge "br9" mac: 52:54:00:01:02:04 [vmxnet3]
END

# --mac moves the first NIC to a bridge; -b br9:... names
# the second's bridge and wins over the default -b; -n has no network
# left to map.
$VG "$v2v" -i libvirtxml guest.xml --print-source -q -n lan -b br0 \
  -b br9:br1 --mac 52:54:00:01:02:03:bridge:brmac > source
sed -n '/^NICs:/,$p' source > nics
expect_output nics <<'END'
NICs:
	Bridge "brmac" mac: 52:54:00:01:02:03 [e1000]
	Bridge "br1" mac: 52:54:00:01:02:04 [vmxnet3]
END
$VG "$v2v" -i libvirtxml guest.xml --print-source -q -n lan -b br0 > source
sed -n '/^NICs:/,$p' source > nics
expect_output nics <<'END'
NICs:
	Network "lan" mac: 52:54:00:01:02:03 [e1000]
	Bridge "br0" mac: 52:54:00:01:02:04 [vmxnet3]
END
[ -z "$(find tmp out -mindepth 1)" ]
