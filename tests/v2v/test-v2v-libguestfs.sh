#!/bin/sh -
# careen - what careen's virt-v2v reads from a source is what virt-v2v
# 2.2 reads: --print-source of both on the same VMX (VMware, with a
# CD-ROM and two NICs), libvirt XML and plain disk, compared on the
# facts both print (name, hypervisor, generation ID, memory, vCPUs,
# CPU topology, firmware, the networks of the NICs and their models,
# the buses of disks and CD-ROMs).  No appliance is needed.  Skipped
# where virt-v2v 2.2 is not installed.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
requires qemu-img nbdkit
[ -x /usr/bin/virt-v2v ] || skip "libguestfs's virt-v2v is not installed"

v2v="$top_builddir/tools/v2v/virt-v2v"
[ -x "$v2v" ] || skip "virt-v2v is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# The facts both print, one a line, in a form that does not depend on
# how each spells a disk's file or a MAC address's case.
facts ()
{
  sed -n \
    -e 's/^ *\(source name\|VM genid\|memory\|nr vCPUs\|firmware\): /\1: /p' \
    -e 's/^ *\(CPU topology\): \(.\)/\1: \2/p' \
    -e 's/^\t\(Network\|Bridge\) \("[^"]*"\).*\(\[[a-z0-9]*\]\)$/nic \1 \2 \3/p' \
    -e 's/^\t\(Network\|Bridge\) \("[^"]*"\)[^[]*$/nic \1 \2/p' \
    -e 's/^\t.* \(\[[a-z]*\]\).*$/disk \1/p' \
    -e 's/^\tCD-ROM \(.*\)$/cdrom \1/p' \
    "$1"
}

compare ()
{
  what="$1"; shift
  libguestfs /usr/bin/virt-v2v "$@" --print-source > "libguestfs-$what" \
    2>&1 || { cat "libguestfs-$what"; exit 1; }
  $VG "$v2v" "$@" --print-source > "careen-$what" 2>&1 ||
    { cat "careen-$what"; exit 1; }
  facts "libguestfs-$what" > "want-$what"
  facts "careen-$what" > "got-$what"
  cat "libguestfs-$what" "careen-$what"
  [ -s "want-$what" ]
  diff -u "want-$what" "got-$what"
}

mkdir vmx
qemu-img create -q -f vmdk -o subformat=monolithicFlat vmx/guest.vmdk 1M
cat > vmx/guest.vmx <<'END'
.encoding = "UTF-8"
config.version = "8"
displayName = "web |22one|22"
memsize = "3072"
numvcpus = "4"
cpuid.coresPerSocket = "2"
firmware = "efi"
vm.genid = "-8536691797830587195"
vm.genidX = "-1723453263670062919"
scsi0.present = "TRUE"
scsi0.virtualDev = "pvscsi"
scsi0:0.present = "TRUE"
scsi0:0.fileName = "guest.vmdk"
ide1:0.present = "TRUE"
ide1:0.deviceType = "cdrom-image"
ide1:0.fileName = "/isos/install.iso"
ethernet0.present = "TRUE"
ethernet0.virtualDev = "vmxnet3"
ethernet0.networkName = "VM Network"
ethernet0.addressType = "generated"
ethernet0.generatedAddress = "00:0C:29:12:34:56"
ethernet1.present = "TRUE"
ethernet1.virtualDev = "e1000"
END
compare vmx -i vmx vmx/guest.vmx

qemu-img create -q -f qcow2 root.qcow2 1M
cat > guest.xml <<END
<domain type='kvm'>
  <name>xmlguest</name>
  <memory>1572864</memory>
  <vcpu>6</vcpu>
  <genid>43dc0cf8-809b-4adb-9bea-a9abb5f3d90d</genid>
  <cpu><topology sockets='1' cores='3' threads='2'/></cpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$scratch/root.qcow2'/>
      <target dev='sda' bus='sata'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:01:02:03'/>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
    <interface type='bridge'>
      <source bridge='br0'/>
      <model type='e1000'/>
    </interface>
  </devices>
</domain>
END
compare libvirtxml -i libvirtxml guest.xml

qemu-img create -q -f qcow2 plain.qcow2 10M
compare disk -i disk plain.qcow2
