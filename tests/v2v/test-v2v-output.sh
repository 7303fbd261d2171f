#!/bin/sh -
# careen - virt-v2v's outputs on a real conversion: the Windows test
# guest, grown to 300 MB so that C: has the free space a conversion
# needs, with a virtio-win tree made here.
#   -o local from libvirt XML: the disk and a libvirt domain that
#             xmllint accepts, with the disk on virtio as vda, the
#             guest's BIOS and osinfo, the CD-ROM, the NIC on its mapped
#             bridge with its MAC, the display
#   -o qemu -of qcow2 -oo compressed --block-driver virtio-scsi
#             --qemu-boot: an executable script naming the compressed
#             qcow2 disk on virtio-scsi,
#             run (with a stand-in qemu)
#   -o json -on --machine-readable: a JSON description that parses,
#             renamed; the copy's progress as lines
#   -o libvirt -oc test:///... -of qcow2: the disk in the storage
#             pool's directory, the domain defined (as libvirt reads it
#             back, printed with -v); a pool that is not a directory
#             and a domain name that exists refused before any work
#   an output that exists: refused before any work
#   -o null: nothing written
#   the unconverted guest's too-full C: is refused before any output,
#   and the dual-boot guest without --root when stdin is no terminal,
#   and a disk copy that fails half way (the file size limit) leaves
#   nothing in -os, and so does SIGTERM during the conversion; the
#   temporary directory is always removed.
# The source image is never written.  With make check-slow, the
# bootable Debian guest is converted and its output booted on virtio.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
requires qemu-img xmllint python3 truncate
. "$top_srcdir/tests/guests/guests.sh"

v2v="$top_builddir/tools/v2v/virt-v2v"
fish="$top_builddir/fish/guestfish"
[ -x "$v2v" ] || skip "virt-v2v is not built"

img="$(guest_image windows)"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
scratch="$(cd "$scratch" && pwd -P)"
cd "$scratch"
mkdir tmp
export VIRT_V2V_TMPDIR="$scratch/tmp"
sh "$top_srcdir/tests/v2v/make-virtio-win.sh" "$scratch/virtio-win"
export VIRTIO_WIN="$scratch/virtio-win/new"

# The test guest's C: has about 92 MB free, less than a conversion
# needs: refused, with the mountpoint named, before anything is written.
mkdir out0
status=0
$VG "$v2v" -i disk "$img" -o local -os out0 -q 2> err || status=$?
cat err
[ "$status" = 1 ]
grep -F "not enough free space for conversion on filesystem '/'" err
[ -z "$(find out0 tmp -mindepth 1)" ]

# Two operating systems, --root ask (the default) and no terminal to
# ask on: an error telling to use --root.
status=0
$VG "$v2v" -i disk "$(guest_image dualboot)" -o null -q < /dev/null \
  2> err || status=$?
cat err
[ "$status" = 1 ]
grep -F "the guest has 2 operating systems and stdin is not a terminal" err
grep -F -- "use --root first" err
[ -z "$(find tmp -mindepth 1)" ]

# A copy with room: a 300 MB disk, its partition and NTFS grown.
windows_with_room win.img
sum_before="$(sha256sum < win.img)"

# ---- -o local, from libvirt XML with a CD-ROM, a display, a bridge ----
cat > win.xml <<'END'
<domain type='vmware'>
  <name>win</name>
  <memory unit='KiB'>2097152</memory>
  <vcpu>2</vcpu>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='win.img'/>
      <target dev='sda' bus='scsi'/>
    </disk>
    <disk type='file' device='cdrom'>
      <target dev='hdc' bus='ide'/>
    </disk>
    <interface type='bridge'>
      <mac address='52:54:00:0a:0b:0c'/>
      <source bridge='vmbr'/>
      <model type='vmxnet3'/>
    </interface>
    <graphics type='vnc'/>
  </devices>
</domain>
END
mkdir local
$VG "$v2v" -i libvirtxml win.xml -o local -os local -b vmbr:br0 > log
cat log
for step in "Setting up the source: -i libvirtxml win.xml" \
            "Opening the source" \
            "Inspecting the source" \
            "Checking for sufficient free disk space in the guest" \
            "Converting Windows 10 Pro to run on KVM" \
            "Closing the overlay" "Copying disk 1/1" \
            "Creating output metadata" "Finishing off"; do
  grep -E -q "^\[ *[0-9]+\.[0-9]\] $step\$" log
done
ls local > files
expect_output files <<'END'
win-sda
win.xml
END
xmllint --noout local/win.xml
[ "$(xmllint --xpath 'string(/domain/name)' local/win.xml)" = win ]
[ "$(xmllint --xpath 'string(/domain/devices/disk/source/@file)' local/win.xml)" = "$scratch/local/win-sda" ]
[ "$(xmllint --xpath 'string(/domain/devices/disk/target/@dev)' local/win.xml)" = vda ]
[ "$(xmllint --xpath 'string(/domain/devices/disk/target/@bus)' local/win.xml)" = virtio ]
[ "$(xmllint --xpath 'string(/domain/devices/disk/driver/@type)' local/win.xml)" = raw ]
[ "$(xmllint --xpath 'string(/domain/devices/interface/model/@type)' local/win.xml)" = virtio ]
[ "$(xmllint --xpath 'string(/domain/memory)' local/win.xml)" = 2097152 ]
# An MBR guest with no ESP boots with BIOS.
[ "$(xmllint --xpath 'count(/domain/os[@firmware])' local/win.xml)" = 0 ]
grep -q "<libosinfo:os id='win10'/>" local/win.xml
[ "$(xmllint --xpath 'string(/domain/vcpu)' local/win.xml)" = 2 ]
# q35 has no IDE: the empty CD-ROM goes on SATA.
[ "$(xmllint --xpath 'string(/domain/os/type/@machine)' local/win.xml)" = q35 ]
[ "$(xmllint --xpath 'string(/domain/devices/disk[@device="cdrom"]/target/@bus)' local/win.xml)" = sata ]
[ "$(xmllint --xpath 'string(/domain/devices/interface/@type)' local/win.xml)" = bridge ]
[ "$(xmllint --xpath 'string(/domain/devices/interface/source/@bridge)' local/win.xml)" = br0 ]
[ "$(xmllint --xpath 'string(/domain/devices/interface/mac/@address)' local/win.xml)" = 52:54:00:0a:0b:0c ]
[ "$(xmllint --xpath 'string(/domain/devices/graphics/@type)' local/win.xml)" = vnc ]
[ "$(xmllint --xpath 'count(/domain/devices/video)' local/win.xml)" = 1 ]
[ "$(qemu-img info --output=json local/win-sda | python3 -c 'import json,sys; print(json.load(sys.stdin)["format"])')" = raw ]
# A second run does not overwrite the finished output, and says so
# before converting anything.
status=0
$VG "$v2v" -i disk win.img -o local -os local 2> err > log || status=$?
[ "$status" = 1 ]
grep -F "'local/win-sda' already exists" err
refute grep -q "Opening the source" log
[ -z "$(find tmp -mindepth 1)" ]

# ---- -o qemu, qcow2 on virtio-scsi ----
# --qemu-boot runs the script: a stand-in qemu here records its
# arguments instead of booting.
mkdir qemu fakebin
cat > fakebin/qemu-system-x86_64 <<END
#!/bin/sh
printf '%s\\n' "\$@" > "$scratch/qemu-args"
END
chmod +x fakebin/qemu-system-x86_64
PATH="$scratch/fakebin:$PATH" $VG "$v2v" -i disk win.img -o qemu -os qemu \
  -of qcow2 -oo compressed --block-driver virtio-scsi --qemu-boot -q
grep -qx "file=$scratch/qemu/win-sda,format=qcow2,if=none,id=disk0,media=disk" qemu-args
grep -qx 'scsi-hd,drive=disk0,bus=scsi0.0' qemu-args
ls qemu > files
expect_output files <<'END'
win-sda
win.sh
END
[ -x qemu/win.sh ]
sh -n qemu/win.sh
grep -F "'file=$scratch/qemu/win-sda',format=qcow2,if=none" qemu/win.sh
grep -F -- "-device virtio-scsi-pci" qemu/win.sh
grep -F -- "-machine q35,accel=kvm:tcg" qemu/win.sh
[ "$(qemu-img info --output=json qemu/win-sda | python3 -c 'import json,sys; print(json.load(sys.stdin)["format"])')" = qcow2 ]
# -oo compressed: the data clusters are compressed.
[ "$(qemu-img check --output=json qemu/win-sda | python3 -c 'import json,sys; print(json.load(sys.stdin).get("compressed-clusters", 0) > 0)')" = True ]

# ---- -o json, renamed ----
mkdir json
$VG "$v2v" -i disk win.img -o json -os json -on renamed \
  --machine-readable > log
# The copy's progress, for the program that reads us.
grep -qx 'progress: 100.00/100' log
ls json > files
expect_output files <<'END'
renamed-sda
renamed.json
END
python3 -m json.tool json/renamed.json > /dev/null
python3 - "$scratch" <<'END'
import json, sys
d = json.load (open (sys.argv[1] + "/json/renamed.json"))
assert d["name"] == "renamed", d["name"]
assert d["firmware"] == "bios"
assert d["disks"] == [ { "file": sys.argv[1] + "/json/renamed-sda",
                         "format": "raw", "bus": "virtio",
                         "dev": "vda" } ], d["disks"]
assert d["inspect"]["type"] == "windows"
assert d["inspect"]["product-name"] == "Windows 10 Pro"
assert len (d["nics"]) == 1 and d["nics"][0]["vnet"] == "default"
END

# ---- -o libvirt, on libvirt's test driver ----
# The test driver forgets a definition with its connection: -v prints
# the domain as libvirt read it back, which is what is checked.  The
# pool "default" is a directory pool here; "lvm" is not, and the
# domain "taken" exists.
export XDG_CONFIG_HOME="$scratch/config"
mkdir pool
cat > node.xml <<END
<node>
  <pool type='dir'>
    <name>default</name>
    <uuid>35bb2ad9-388a-cdfe-461a-b8907f6e5301</uuid>
    <target><path>$scratch/pool</path></target>
  </pool>
  <pool type='logical'>
    <name>lvm</name>
    <uuid>35bb2ad9-388a-cdfe-461a-b8907f6e5302</uuid>
    <source><name>vg</name></source>
    <target><path>/dev/vg</path></target>
  </pool>
  <domain type='test'>
    <name>taken</name>
    <memory>1024</memory>
    <os><type>hvm</type></os>
  </domain>
</node>
END
lv="test://$scratch/node.xml"
status=0
$VG "$v2v" -i disk win.img -o libvirt -oc "$lv" -os lvm -q 2> err ||
  status=$?
[ "$status" = 1 ]
grep -F "the storage pool is of type 'logical': careen writes the disks only into directory pools" err
status=0
$VG "$v2v" -i disk win.img -o libvirt -oc "$lv" -on taken -q 2> err ||
  status=$?
[ "$status" = 1 ]
grep -F "a libvirt domain called 'taken' already exists on $lv" err
[ -z "$(find pool tmp -mindepth 1)" ]
# The conversion itself, into the default pool, in qcow2.
status=0
$VG "$v2v" -i disk win.img -o libvirt -oc "$lv" -of qcow2 -on winlv -v \
  > log 2> err || status=$?
# The debug output is long: its end says what failed.
tail -n 40 err
[ "$status" = 0 ]
sed -n '/libvirt defined the domain as:$/,/^<\/domain>$/p' err | sed 1d \
  > defined.xml
cat defined.xml
# The test driver lists only i686 guests: a KVM guest, as virt-v2v
# defines it.
grep -F "warning: libvirt $lv lists no x86_64 guests: defining the guest as a KVM one" err
[ "$(xmllint --xpath 'string(/domain/@type)' defined.xml)" = kvm ]
[ "$(xmllint --xpath 'string(/domain/name)' defined.xml)" = winlv ]
[ "$(xmllint --xpath 'string(/domain/devices/disk/source/@file)' defined.xml)" = "$scratch/pool/winlv-sda" ]
[ "$(xmllint --xpath 'string(/domain/devices/disk/driver/@type)' defined.xml)" = qcow2 ]
[ "$(xmllint --xpath 'string(/domain/devices/disk/target/@bus)' defined.xml)" = virtio ]
[ "$(xmllint --xpath 'string(/domain/os/type/@machine)' defined.xml)" = q35 ]
ls pool > files
expect_output files <<'END'
winlv-sda
END
[ "$(qemu-img info --output=json pool/winlv-sda | python3 -c 'import json,sys; print(json.load(sys.stdin)["format"])')" = qcow2 ]

# ---- -o null ----
$VG "$v2v" -i disk win.img -o null -q
[ -z "$(find tmp -mindepth 1)" ]

# ---- a copy that fails half way: nothing is left ----
mkdir fail
status=0
( ulimit -f 20480
  $VG "$v2v" -i disk win.img -o local -os fail -oa preallocated -q ) \
  2> err || status=$?
cat err
[ "$status" = 1 ]
grep -F "qemu-img convert to '$scratch/fail/win-sda.partial' failed" err
[ -z "$(find fail tmp -mindepth 1)" ]

# ---- SIGTERM during the conversion: nothing is left ----
mkdir sig
$VG "$v2v" -i disk win.img -o local -os sig -q 2> err &
pid=$!
tries=0
until ls tmp/v2v.*/overlay0.qcow2 > /dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -lt 600 ]
  sleep 0.1
done
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" = 143 ]
[ -z "$(find sig tmp -mindepth 1)" ]

# The source was only read.
[ "$(sha256sum < win.img)" = "$sum_before" ]

# ---- end to end on the bootable Debian guest (make check-slow) ----
# Its initramfs is rebuilt in the conversion: minutes under TCG.  The
# converted disk must boot on virtio, where the source cannot.
. "$top_srcdir/tests/v2v/v2v-functions.sh"
if [ -z "${SLOW:-}" ]; then
  echo "$test_name: the bootable guest's conversion runs with make check-slow"
elif ! (requires_bootable_guest); then
  echo "$test_name: the bootable guest cannot be built here"
else
  mkdir boot
  $VG "$v2v" -i disk "$(bootable_guest)" -o local -os boot -on deb -q
  xmllint --noout boot/deb.xml
  [ "$(xmllint --xpath 'string(/domain/devices/disk/target/@bus)' boot/deb.xml)" = virtio ]
  boot_guest "$scratch/boot/deb-sda" raw virtio 600 > booted
  grep -q 'root=/dev/vda' booted
fi
