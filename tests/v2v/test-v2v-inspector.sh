#!/bin/sh -
# careen - virt-v2v-inspector on the Windows test guest (grown so that
# C: has room for a conversion, with a virtio-win tree made here):
#   -O FILE: an XML document that xmllint accepts, with one disk of the
#            guest's virtual size, an allocation estimate between zero
#            and that size, and the operating system inspection found;
#   -O - (the default): the document alone on stdout, the messages on
#            stderr;
#   a failing conversion writes no -O file;
#   --machine-readable lists the capabilities.
# The source image is never written.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
requires qemu-img xmllint truncate sha256sum
. "$top_srcdir/tests/guests/guests.sh"

inspector="$top_builddir/tools/v2v-inspector/virt-v2v-inspector"
fish="$top_builddir/fish/guestfish"
[ -x "$inspector" ] || skip "virt-v2v-inspector is not built"

img="$(guest_image windows)"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
mkdir tmp
export VIRT_V2V_TMPDIR="$scratch/tmp"
sh "$top_srcdir/tests/v2v/make-virtio-win.sh" "$scratch/virtio-win"
export VIRTIO_WIN="$scratch/virtio-win/new"

"$inspector" --machine-readable > caps
grep -qx virt-v2v-inspector caps
grep -qx input:ova caps
grep -qx convert:windows caps

# The unconverted test guest's C: is too full: an error, and no file.
status=0
$VG "$inspector" -i disk "$img" -O out.xml -q 2> err || status=$?
cat err
[ "$status" = 1 ]
grep -F "not enough free space" err
[ ! -e out.xml ] && [ ! -e out.xml.partial ]

windows_with_room win.img
sum_before="$(sha256sum < win.img)"

$VG "$inspector" -i disk win.img -O out.xml > progress 2>&1
cat progress out.xml
grep -F "Estimating the size" progress
xmllint --noout out.xml
q () { xmllint --xpath "$1" out.xml; }
[ "$(q 'count(/v2v-inspection/disks/disk)')" = 1 ]
[ "$(q 'string(/v2v-inspection/program)')" = virt-v2v-inspector ]
[ "$(q 'string(//disk[@index="0"]/virtual-size)')" = 314572800 ]
[ "$(q 'string(//disk/allocated/@estimated)')" = true ]
alloc="$(q 'string(//disk/allocated)')"
[ "$alloc" -gt 1048576 ] && [ "$alloc" -lt 314572800 ]
[ "$(q 'string(//operatingsystem/name)')" = windows ]
[ "$(q 'string(//operatingsystem/major_version)')" = 10 ]
[ "$(q 'string(//operatingsystem/arch)')" = x86_64 ]
[ "$(q 'string(//operatingsystem/windows_systemroot)')" = /Windows ]
[ "$(q 'string(//operatingsystem/root)')" = /dev/sda1 ]
[ "$(q 'string(//operatingsystem/mountpoints/mountpoint[@dev="/dev/sda1"])')" = / ]

# To stdout: nothing but the document there.
$VG "$inspector" -i disk win.img > doc.xml 2> progress
xmllint --noout doc.xml
grep -F "Inspecting the source" progress
refute grep -F "Inspecting" doc.xml

[ "$(sha256sum < win.img)" = "$sum_before" ]
[ -z "$(find tmp -mindepth 1)" ]
