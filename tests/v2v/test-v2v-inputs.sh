#!/bin/sh -
# careen - virt-v2v's inputs read what the source describes: disk
# images of every format qemu-img makes (VMDK in its four layouts), OVAs
# as plain, gzip and xz tars and as directories, with SHA-1 and SHA-256
# manifests and a gzip-compressed disk, a VMware .vmx and a libvirt
# domain XML.  v2v-input-dump prints every field the input filled in.
# No appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
requires qemu-img tar gzip xz sha1sum sha256sum

dump="$top_builddir/tests/v2v/v2v-input-dump"
[ -x "$dump" ] || skip "v2v-input-dump is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
scratch="$(cd "$scratch" && pwd -P)"
cd "$scratch"

# Runs an input and prints its dump with the scratch directory as @.
run_dump ()
{
  $VG "$dump" "$@" > out.raw
  sed "s|$scratch|@|g" out.raw > out
}

# ---- -i disk: one image of each format, guessed metadata ----
for f in raw qcow2 vhdx vpc vdi; do
  qemu-img create -q -f $f "guest.$f" 1M
done
for sf in monolithicSparse streamOptimized twoGbMaxExtentSparse \
          monolithicFlat; do
  qemu-img create -q -f vmdk -o subformat=$sf "$sf.vmdk" 1M
done
run_dump disk guest.qcow2 guest.raw guest.vhdx guest.vpc guest.vdi \
  monolithicSparse.vmdk streamOptimized.vmdk twoGbMaxExtentSparse.vmdk \
  monolithicFlat.vmdk
expect_output out <<'END'
name: guest
hypervisor: unknown
memory: 2147483648
vcpus: 1
cpu: 0 sockets 0 cores 0 threads
firmware: unknown
genid: (none)
display: no
disk 0: @/guest.qcow2 format qcow2 bus unknown slot -1
disk 1: @/guest.raw format raw bus unknown slot -1
disk 2: @/guest.vhdx format vhdx bus unknown slot -1
disk 3: @/guest.vpc format vpc bus unknown slot -1
disk 4: @/guest.vdi format vdi bus unknown slot -1
disk 5: @/monolithicSparse.vmdk format vmdk bus unknown slot -1
disk 6: @/streamOptimized.vmdk format vmdk bus unknown slot -1
disk 7: @/twoGbMaxExtentSparse.vmdk format vmdk bus unknown slot -1
disk 8: @/monolithicFlat.vmdk format vmdk bus unknown slot -1
nic 0: network default mac (none) model (none)
END

# -if wins over the probe; the name loses only its last extension.
cp guest.raw my.guest.img
run_dump disk -if raw my.guest.img
grep -x 'name: my.guest' out
grep -x 'disk 0: @/my.guest.img format raw bus unknown slot -1' out

# A missing disk is named.
if $VG "$dump" disk missing.img 2> err; then exit 1; fi
cat err
grep "missing.img" err

# ---- -i ova ----
mkdir ova
cd ova
qemu-img create -q -f vmdk -o subformat=streamOptimized disk1.vmdk 1M
qemu-img create -q -f raw disk2.img 1M
gzip -c disk2.img > disk2.img.gz
cat > guest.ovf <<'END'
<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1"
 xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"
 xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"
 xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData"
 xmlns:vmw="http://www.vmware.com/schema/ovf">
  <References>
    <File ovf:href="disk1.vmdk" ovf:id="file1" ovf:size="1"/>
    <File ovf:href="disk2.img.gz" ovf:id="file2" ovf:compression="gzip"/>
  </References>
  <DiskSection>
    <Info>Virtual disk information</Info>
    <Disk ovf:capacity="1" ovf:diskId="vmdisk1" ovf:fileRef="file1"/>
    <Disk ovf:capacity="1" ovf:diskId="vmdisk2" ovf:fileRef="file2"/>
  </DiskSection>
  <VirtualSystem ovf:id="vm-id">
    <Name>ovaguest</Name>
    <VirtualHardwareSection>
      <System><vssd:VirtualSystemType>vmx-13</vssd:VirtualSystemType></System>
      <Item>
        <rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits>
        <rasd:InstanceID>1</rasd:InstanceID>
        <rasd:ResourceType>3</rasd:ResourceType>
        <rasd:VirtualQuantity>4</rasd:VirtualQuantity>
        <vmw:CoresPerSocket ovf:required="false">2</vmw:CoresPerSocket>
      </Item>
      <Item>
        <rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits>
        <rasd:InstanceID>2</rasd:InstanceID>
        <rasd:ResourceType>4</rasd:ResourceType>
        <rasd:VirtualQuantity>3072</rasd:VirtualQuantity>
      </Item>
      <Item>
        <rasd:Address>0</rasd:Address>
        <rasd:InstanceID>3</rasd:InstanceID>
        <rasd:ResourceSubType>VirtualSCSI</rasd:ResourceSubType>
        <rasd:ResourceType>6</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:Address>1</rasd:Address>
        <rasd:InstanceID>4</rasd:InstanceID>
        <rasd:ResourceType>5</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:AddressOnParent>0</rasd:AddressOnParent>
        <rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource>
        <rasd:InstanceID>5</rasd:InstanceID>
        <rasd:Parent>3</rasd:Parent>
        <rasd:ResourceType>17</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:AddressOnParent>2</rasd:AddressOnParent>
        <rasd:HostResource>ovf:/disk/vmdisk2</rasd:HostResource>
        <rasd:InstanceID>6</rasd:InstanceID>
        <rasd:Parent>3</rasd:Parent>
        <rasd:ResourceType>17</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:AddressOnParent>1</rasd:AddressOnParent>
        <rasd:InstanceID>7</rasd:InstanceID>
        <rasd:Parent>4</rasd:Parent>
        <rasd:ResourceType>15</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:InstanceID>8</rasd:InstanceID>
        <rasd:ResourceType>14</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:Address>00:50:56:AA:BB:CC</rasd:Address>
        <rasd:Connection>VM Network</rasd:Connection>
        <rasd:InstanceID>9</rasd:InstanceID>
        <rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType>
        <rasd:ResourceType>10</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:InstanceID>10</rasd:InstanceID>
        <rasd:ResourceType>24</rasd:ResourceType>
      </Item>
      <vmw:Config ovf:required="false" vmw:key="firmware" vmw:value="efi"/>
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>
END
{
  for f in guest.ovf disk1.vmdk; do
    echo "SHA1($f)= $(sha1sum < $f | cut -d' ' -f1)"
  done
  echo "SHA256(disk2.img.gz)= $(sha256sum < disk2.img.gz | cut -d' ' -f1)"
} > guest.mf
rm disk2.img
cd ..

# The expected dump, with the disks where INPUT leaves them.
ova_expected ()
{
  cat <<END
name: ovaguest
hypervisor: vmware
memory: 3221225472
vcpus: 4
cpu: 2 sockets 2 cores 1 threads
firmware: uefi
genid: (none)
display: yes
disk 0: $1/disk1.vmdk format vmdk bus scsi slot 0
disk 1: @/tmp-$2/disk2.img.gz format raw bus scsi slot 2
removable 0: cdrom bus ide slot 3
removable 1: floppy bus unknown slot -1
nic 0: network VM Network mac 00:50:56:aa:bb:cc model vmxnet3
END
}

# A directory: the plain disk is used in place.
mkdir tmp-dir
run_dump ova -t "$scratch/tmp-dir" ova
ova_expected @/ova dir | expect_output out
[ "$(ls tmp-dir)" = "disk2.img.gz" ]
[ "$(stat -c %s tmp-dir/disk2.img.gz)" = 1048576 ]

# Tars: every disk is copied out into the temporary directory, and
# nothing else is.
tar -C ova -cf guest.ova guest.ovf guest.mf disk1.vmdk disk2.img.gz
gzip -c guest.ova > guest.ova.gz
xz -c guest.ova > guest.ova.xz
for t in ova ova.gz ova.xz; do
  mkdir "tmp-$t"
  run_dump ova -t "$scratch/tmp-$t" "guest.$t"
  ova_expected "@/tmp-$t" "$t" | expect_output out
  case $t in
    ova) want="disk1.vmdk disk2.img.gz" ;;
    *) want="disk1.vmdk disk2.img.gz ova.tar" ;;
  esac
  [ "$(ls "tmp-$t" | tr '\n' ' ')" = "$want " ]
  cmp "tmp-$t/disk1.vmdk" ova/disk1.vmdk
  # The compressed disk was decompressed on the way out.
  [ "$(stat -c %s "tmp-$t/disk2.img.gz")" = 1048576 ]
done

# An OVA whose files sit in a folder of the tar, as some exporters do.
mkdir sub
cp -r ova sub/vm
tar -C sub -cf foldered.ova vm
mkdir tmp-foldered
run_dump ova -t "$scratch/tmp-foldered" foldered.ova
grep -x 'disk 0: @/tmp-foldered/disk1.vmdk format vmdk bus scsi slot 0' out

# ---- -i vmx ----
mkdir vmx
qemu-img create -q -f vmdk -o subformat=monolithicFlat vmx/guest.vmdk 1M
qemu-img create -q -f vmdk -o subformat=twoGbMaxExtentSparse vmx/data.vmdk 1M
cat > vmx/guest.vmx <<'END'
.encoding = "UTF-8"
config.version = "8"
displayName = "vmx |22guest|22"
memsize = "2048"
numvcpus = "4"
cpuid.coresPerSocket = "2"
firmware = "efi"
uuid.bios = "56 4d 12 34 56 78 9a bc-de f0 12 34 56 78 9a bc"
vm.genid = "-8536691797830587195"
vm.genidX = "-1723453263670062919"
svga.present = "TRUE"
scsi0.present = "TRUE"
scsi0.virtualDev = "pvscsi"
scsi0:0.present = "TRUE"
scsi0:0.fileName = "guest.vmdk"
scsi0:1.present = "FALSE"
scsi0:1.fileName = "missing.vmdk"
sata0.present = "TRUE"
sata0:1.present = "TRUE"
sata0:1.fileName = "data.vmdk"
ide1:0.present = "TRUE"
ide1:0.deviceType = "cdrom-image"
ide1:0.fileName = "/isos/install.iso"
floppy0.present = "TRUE"
ethernet0.present = "TRUE"
ethernet0.virtualDev = "vmxnet3"
ethernet0.networkName = "VM Network"
ethernet0.addressType = "generated"
ethernet0.generatedAddress = "00:0C:29:12:34:56"
ethernet1.present = "TRUE"
ethernet1.virtualDev = "e1000"
ethernet1.addressType = "static"
ethernet1.address = "00:50:56:00:00:01"
END
run_dump vmx vmx/guest.vmx
expect_output out <<'END'
name: vmx "guest"
hypervisor: vmware
memory: 2147483648
vcpus: 4
cpu: 2 sockets 2 cores 1 threads
firmware: uefi
genid: 09512cc5-940a-8987-b950-f54f631015e8
display: yes
disk 0: @/vmx/guest.vmdk format vmdk bus scsi slot 0
disk 1: @/vmx/data.vmdk format vmdk bus sata slot 1
removable 0: cdrom bus ide slot 2
removable 1: floppy bus unknown slot 0
nic 0: network VM Network mac 00:0c:29:12:34:56 model vmxnet3
nic 1: network ethernet1 mac 00:50:56:00:00:01 model e1000
END

# ---- -i libvirtxml ----
mkdir xml
qemu-img create -q -f qcow2 xml/root.qcow2 1M
qemu-img create -q -f raw xml/data.img 1M
cat > xml/guest.xml <<END
<domain type='kvm'>
  <name>xmlguest</name>
  <memory unit='MiB'>1536</memory>
  <vcpu>6</vcpu>
  <genid>43dc0cf8-809b-4adb-9bea-a9abb5f3d90d</genid>
  <cpu><topology sockets='1' cores='3' threads='2'/></cpu>
  <os firmware='efi'><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='root.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='$scratch/xml/data.img'/>
      <target dev='sdc' bus='scsi'/>
    </disk>
    <disk type='file' device='cdrom'>
      <target dev='hdc' bus='ide'/>
    </disk>
    <disk type='file' device='floppy'>
      <target dev='fda' bus='fdc'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:01:02:03'/>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
    <interface type='bridge'>
      <source bridge='br0'/>
    </interface>
    <graphics type='vnc'/>
  </devices>
</domain>
END
run_dump libvirtxml xml/guest.xml
expect_output out <<'END'
name: xmlguest
hypervisor: kvm
memory: 1610612736
vcpus: 6
cpu: 1 sockets 3 cores 2 threads
firmware: uefi
genid: 43dc0cf8-809b-4adb-9bea-a9abb5f3d90d
display: yes
disk 0: @/xml/root.qcow2 format qcow2 bus virtio-blk slot 0
disk 1: @/xml/data.img format raw bus scsi slot 2
removable 0: cdrom bus ide slot 2
removable 1: floppy bus unknown slot 0
nic 0: network default mac 52:54:00:01:02:03 model virtio
nic 1: bridge br0 mac (none) model (none)
END
