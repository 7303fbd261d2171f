#!/bin/sh -
# careen - fleets of tools that change images: virt-customize and
# virt-sysprep with --images-from, on overlays of a test guest (never
# the shared image), a missing image among them.  What they wrote is
# read back with a virt-cat fleet.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img

customize="$top_builddir/tools/customize/virt-customize"
sysprep="$top_builddir/tools/sysprep/virt-sysprep"
cat="$top_builddir/tools/cat/virt-cat"
[ -x "$customize" ] || skip "virt-customize is not built"
[ -x "$sysprep" ] || skip "virt-sysprep is not built"
. "$top_srcdir/tests/guests/guests.sh"
alpine="$(guest_image alpine320)"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
before="$(stat -c %Y:%s "$alpine")"
# The overlays name the shared image, outside this directory.
CAREEN_BACKING_FILES=any
export CAREEN_BACKING_FILES
qemu-img create -q -f qcow2 -F raw -b "$alpine" o1.qcow2
qemu-img create -q -f qcow2 -F raw -b "$alpine" o2.qcow2

printf 'o1.qcow2 qcow2\nmissing.qcow2 qcow2\n' > list1
status=0
$VG "$customize" --images-from list1 -P 2 --json -q \
  --write /etc/fleet:customized > out 2> err || status=$?
cat err
[ "$status" -eq 2 ]
expect_output out <<'OUT'
{"image":"o1.qcow2","index":0,"status":"ok","result":null}
{"image":"missing.qcow2","index":1,"status":"error","error":"access: missing.qcow2: No such file or directory"}
OUT

printf 'o2.qcow2 qcow2\n' > list2
$VG "$sysprep" --images-from list2 --json --operations tmp-files,customize \
  --write /etc/fleet:sysprepped > out
expect_output out <<'OUT'
{"image":"o2.qcow2","index":0,"status":"ok","result":null}
OUT

printf 'o1.qcow2 qcow2\no2.qcow2 qcow2\n' > list3
$VG "$cat" --images-from list3 -P 2 --json /etc/fleet > out
expect_output out <<'OUT'
{"image":"o1.qcow2","index":0,"status":"ok","result":"customized"}
{"image":"o2.qcow2","index":1,"status":"ok","result":"sysprepped"}
OUT
# The shared image is untouched.
[ "$(stat -c %Y:%s "$alpine")" = "$before" ]
