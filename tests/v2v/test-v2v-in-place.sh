#!/bin/sh -
# careen - virt-v2v-in-place on a copy of the Windows test guest
# (grown so that C: has room, with a virtio-win tree made here): the
# copy itself is converted (the block driver in System32\drivers, its
# boot-start service in the registry) and nothing else is written;
# --print-source reads it; an OVA whose disks are in its tar is
# refused; a too-full guest is refused with its disk unchanged.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
requires qemu-img truncate sha256sum tar
. "$top_srcdir/tests/guests/guests.sh"

inplace="$top_builddir/tools/v2v-in-place/virt-v2v-in-place"
fish="$top_builddir/fish/guestfish"
[ -x "$inplace" ] || skip "virt-v2v-in-place is not built"

img="$(guest_image windows)"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
mkdir tmp
export VIRT_V2V_TMPDIR="$scratch/tmp"
sh "$top_srcdir/tests/v2v/make-virtio-win.sh" "$scratch/virtio-win"
export VIRTIO_WIN="$scratch/virtio-win/new"

"$inplace" --machine-readable > caps
grep -qx in-place caps

# Too full: refused before anything is written.
cp --sparse=always "$img" full.img
sum_full="$(sha256sum < full.img)"
status=0
$VG "$inplace" -i disk -if raw full.img -q 2> err || status=$?
cat err
[ "$status" = 1 ]
grep -F "not enough free space" err
[ "$(sha256sum < full.img)" = "$sum_full" ]

windows_with_room win.img

$VG "$inplace" -i disk win.img --print-source > source
grep -F "win.img" source

# An OVA packed as a tar: its disk would be converted in a temporary
# copy, so it is refused.
cp --sparse=always win.img disk1.img
cat > guest.ovf <<'END'
<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1"
 xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"
 xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData">
  <References><File ovf:href="disk1.img" ovf:id="file1"/></References>
  <DiskSection><Disk ovf:diskId="d1" ovf:fileRef="file1"/></DiskSection>
  <VirtualSystem ovf:id="win">
    <Name>win</Name>
    <VirtualHardwareSection>
      <Item><rasd:InstanceID>1</rasd:InstanceID>
        <rasd:ResourceType>6</rasd:ResourceType></Item>
      <Item><rasd:AddressOnParent>0</rasd:AddressOnParent>
        <rasd:HostResource>ovf:/disk/d1</rasd:HostResource>
        <rasd:InstanceID>2</rasd:InstanceID><rasd:Parent>1</rasd:Parent>
        <rasd:ResourceType>17</rasd:ResourceType></Item>
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>
END
tar -cf guest.ova guest.ovf disk1.img
status=0
$VG "$inplace" -i ova -if raw guest.ova -q 2> err || status=$?
cat err
[ "$status" = 1 ]
grep -F "cannot be converted in place" err
rm -f disk1.img guest.ova

$VG "$inplace" -i disk -if raw win.img > progress 2>&1
cat progress
grep -F "Converting" progress

# The conversion is in the disk itself.
$VG "$fish" --ro -a win.img -i <<'END' > after
is-file /Windows/System32/drivers/viostor.sys
is-dir /Windows/Drivers/VirtIO
END
cat after
[ "$(sed -n 1p after)" = true ]
[ "$(sed -n 2p after)" = true ]
"$top_builddir/tools/win-reg/virt-win-reg" win.img \
  'HKLM\SYSTEM\ControlSet001\Services\viostor' Start > start
cat start
[ "$(cat start)" = 0 ]
[ -z "$(find tmp -mindepth 1)" ]
