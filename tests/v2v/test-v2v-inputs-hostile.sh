#!/bin/sh -
# careen - virt-v2v's inputs refuse sources that name files they must
# not: OVF references out of the OVA, tar members with '..' or that are
# links, manifests that do not match, VMDK extents outside the
# descriptor's directory, images with a backing file and names qemu
# would take for a protocol.  Each is refused with a message that names
# it, and nothing is written outside the temporary directory.  No
# appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
requires qemu-img tar sha1sum

dump="$top_builddir/tests/v2v/v2v-input-dump"
[ -x "$dump" ] || skip "v2v-input-dump is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
scratch="$(cd "$scratch" && pwd -P)"
cd "$scratch"

# Runs the dump, which must fail with a message containing $1.
refused ()
{
  pattern="$1"
  shift
  if $VG "$dump" "$@" > out 2> err; then
    echo "$test_name: accepted: $*" >&2
    cat out >&2
    exit 1
  fi
  cat err
  if ! grep -F -- "$pattern" err; then
    echo "$test_name: expected '$pattern' from: $*" >&2
    exit 1
  fi
}

# An OVF with one disk whose File has the href $1.
write_ovf ()
{
  cat <<END
<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1"
 xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"
 xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData">
  <References><File ovf:href="$1" ovf:id="file1"/></References>
  <DiskSection><Disk ovf:diskId="d1" ovf:fileRef="file1"/></DiskSection>
  <VirtualSystem ovf:id="hostile">
    <VirtualHardwareSection>
      <Item>
        <rasd:HostResource>ovf:/disk/d1</rasd:HostResource>
        <rasd:InstanceID>1</rasd:InstanceID>
        <rasd:ResourceType>17</rasd:ResourceType>
      </Item>
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>
END
}

# Everything below is made in work/; nothing may appear beside it.
mkdir work tmp
cd work
qemu-img create -q -f raw disk.img 1M
echo secret > ../secret

# ---- OVF references out of the OVA ----
for href in ../../etc/passwd /etc/passwd ../secret "json:{}" \
            "nbd:localhost:10809"; do
  rm -rf dir && mkdir dir
  write_ovf "$href" > dir/guest.ovf
  cp disk.img dir/
  refused "names '$href', which is not a file beside the ovf" \
    ova -t "$scratch/tmp" dir
  tar -C dir -cf href.ova guest.ovf disk.img
  refused "names '$href', which is not a file beside the ovf" \
    ova -t "$scratch/tmp" href.ova
done

# A name that is not in the tar at all.
write_ovf other.img > guest.ovf
tar -cf missing.ova guest.ovf disk.img
refused "names 'other.img', which is not in the ova" \
  ova -t "$scratch/tmp" missing.ova

# ---- tar members ----
# A member called "../x.src": never extracted, and an OVF naming
# "x.src" does not find it.
write_ovf x.src > guest.ovf
cp disk.img ../x.src
tar -P -cf dotdot.ova guest.ovf ../x.src
tar -tf dotdot.ova | grep -x '\.\./x\.src'
refused "names 'x.src', which is not in the ova" \
  ova -t "$scratch/tmp" dotdot.ova
[ ! -e x.src ] && [ -z "$(ls -A "$scratch/tmp")" ]

# An absolute member name.
tar -P -cf absolute.ova guest.ovf "$scratch/x.src"
tar -tf absolute.ova | grep -x "$scratch/x.src"
refused "names 'x.src', which is not in the ova" ova -t "$scratch/tmp" \
  absolute.ova

# A symbolic link member pointing out of the OVA, in a tar and in a
# directory.
write_ovf disk.vmdk > guest.ovf
ln -s ../secret disk.vmdk
tar -cf link.ova guest.ovf disk.vmdk
refused "names 'disk.vmdk', which is not a regular file in the ova" \
  ova -t "$scratch/tmp" link.ova
rm -rf dir && mkdir dir && cp guest.ovf dir/ && ln -s "$scratch/secret" \
  dir/disk.vmdk
refused "names 'disk.vmdk'" ova -t "$scratch/tmp" dir
rm disk.vmdk

# No .ovf, and two.
tar -cf empty.ova disk.img
refused "no .ovf file" ova -t "$scratch/tmp" empty.ova
cp guest.ovf second.ovf
tar -cf two.ova guest.ovf second.ovf disk.img
refused "more than one .ovf" ova -t "$scratch/tmp" two.ova
rm second.ovf

# A truncated tar, a file that is no tar, and a corrupt gzip stream.
write_ovf disk.img > guest.ovf
tar -cf good.ova guest.ovf disk.img
head -c 4096 good.ova > truncated.ova
refused "truncated.ova': member size out of range" \
  ova -t "$scratch/tmp" truncated.ova
refused "guest.ovf': not a tar file" ova -t "$scratch/tmp" guest.ovf
printf '\037\213garbage' > corrupt.ova
refused "gzip of 'corrupt.ova' failed" ova -t "$scratch/tmp" corrupt.ova
rm -f "$scratch/tmp/ova.tar"

# ---- manifests ----
write_ovf disk.img > guest.ovf
echo "SHA1(disk.img)= 0123456789abcdef0123456789abcdef01234567" > guest.mf
tar -cf badsum.ova guest.ovf guest.mf disk.img
refused "checksum of 'disk.img' does not match the manifest 'guest.mf': expected 0123456789abcdef0123456789abcdef01234567, got $(sha1sum < disk.img | cut -d' ' -f1)" \
  ova -t "$scratch/tmp" badsum.ova
# The manifest may not name files outside either.
echo "SHA1(../secret)= $(sha1sum < ../secret | cut -d' ' -f1)" > guest.mf
tar -cf mfout.ova guest.ovf guest.mf disk.img
refused "guest.mf names '../secret', which is not a file beside the ovf" \
  ova -t "$scratch/tmp" mfout.ova
rm guest.mf

# Nothing of the refused OVAs was copied out.
[ -z "$(ls -A "$scratch/tmp")" ]

# ---- VMDK descriptors naming files they must not ----
qemu-img create -q -f vmdk -o subformat=monolithicFlat flat.vmdk 1M
for extent in /etc/shadow ../secret "json:{}" "" .; do
  sed "s|\"flat-flat.vmdk\"|\"$extent\"|" flat.vmdk > bad.vmdk
  refused "bad.vmdk': extent '$extent' is not a file beside the descriptor" \
    disk bad.vmdk
done
# An extent that is a link, even to a file beside it.
ln -s flat-flat.vmdk link-flat.vmdk
sed 's|"flat-flat.vmdk"|"link-flat.vmdk"|' flat.vmdk > bad.vmdk
refused "extent 'link-flat.vmdk' is not a regular file" disk bad.vmdk

# A missing extent of a split disk is named.
qemu-img create -q -f vmdk -o subformat=twoGbMaxExtentSparse split.vmdk 1M
rm split-s001.vmdk
refused "split.vmdk': extent 'split-s001.vmdk': No such file or directory" \
  disk split.vmdk

# A descriptor with a parent is an image with a backing file.
sed 's|^parentCID=.*|parentCID=12345678\nparentFileNameHint="../secret"|' \
  flat.vmdk > child.vmdk
grep parentFileNameHint child.vmdk
refused "child.vmdk' has a backing file" disk child.vmdk

# The descriptor embedded in a sparse extent is checked too: its
# extent line names itself, rewritten here to a name of the same
# length.
qemu-img create -q -f vmdk -o subformat=monolithicSparse sparse.vmdk 1M
off="$(grep -abo '"sparse.vmdk"' sparse.vmdk | head -1 | cut -d: -f1)"
printf '"/etc/shadow"' | dd of=sparse.vmdk bs=1 seek="$off" conv=notrunc \
  status=none
refused "extent '/etc/shadow' is not a file beside the descriptor" \
  disk sparse.vmdk

# The same through a .vmx, and .vmx disk names out of its directory.
mkdir vmx
cp flat.vmdk flat-flat.vmdk vmx/
sed 's|"flat-flat.vmdk"|"../secret"|' flat.vmdk > vmx/bad.vmdk
for name in bad.vmdk ../work/flat.vmdk "$scratch/work/flat.vmdk"; do
  cat > vmx/guest.vmx <<END
displayName = "hostile"
scsi0.present = "TRUE"
scsi0:0.present = "TRUE"
scsi0:0.fileName = "$name"
END
  case $name in
    bad.vmdk) want="extent '../secret' is not a file beside" ;;
    ../*) want="disk '$name' names a parent directory" ;;
    *) want="disk '$name' is outside the directory of the vmx file" ;;
  esac
  refused "$want" vmx vmx/guest.vmx
done
ln -s ../flat.vmdk vmx/escape.vmdk
sed -i 's|"/.*"|"escape.vmdk"|; s|fileName = ".*"|fileName = "escape.vmdk"|' \
  vmx/guest.vmx
refused "disk 'escape.vmdk' is outside the directory of the vmx file" \
  vmx vmx/guest.vmx

# ---- backing files and protocol names ----
qemu-img create -q -f qcow2 -b disk.img -F raw overlay.qcow2
refused "overlay.qcow2' has a backing file" disk overlay.qcow2
refused "overlay.qcow2' has a backing file" disk -if qcow2 \
  overlay.qcow2
refused "'json:{\"file\":{\"driver\":\"file\",\"filename\":\"/etc/shadow\"}}' is not a local file name" \
  disk 'json:{"file":{"driver":"file","filename":"/etc/shadow"}}'
refused "'nbd://localhost/x' is not a local file name" disk nbd://localhost/x

cat > net.xml <<'END'
<domain type='kvm'>
  <name>net</name>
  <memory>1024</memory>
  <devices>
    <disk type='network' device='disk'>
      <source protocol='nbd' name='x'><host name='localhost'/></source>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>
END
refused "disks of type 'network' are not supported" libvirtxml net.xml
sed "s|<disk type='network'.*|<disk type='file' device='disk'><source file='json:{}'/>|; /<source protocol/d" \
  net.xml > json.xml
refused "disk 'json:{}' is not a local file name" libvirtxml json.xml

# Nothing appeared outside work/ and tmp/.
cd "$scratch"
[ "$(ls -A | tr '\n' ' ')" = "secret tmp work x.src " ]
[ -z "$(ls -A tmp)" ]
