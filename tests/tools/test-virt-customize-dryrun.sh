#!/bin/sh -
# careen - virt-customize --dry-run changes nothing (the image's
# checksum); an operation that fails in the guest (a time zone the
# guest does not have) ends the run with exit status 1 and a message;
# operations that need a Unix guest are refused on Windows before
# anything is changed.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img md5sum truncate

tool="$top_builddir/tools/customize/virt-customize"
[ -x "$tool" ] || skip "virt-customize is not built"

. "$top_srcdir/tests/guests/guests.sh"
img="$(guest_image debian12)" || skip "the test guests could not be built"
win="$(guest_image windows)"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# The overlay's backing file is the shared test guest, outside the
# overlay's directory: allow it (careen's default refuses it).
export CAREEN_BACKING_FILES=any
qemu-img create -q -f qcow2 -b "$img" -F raw o.qcow2
before="$(md5sum < o.qcow2)"
# --attach adds a disk the appliance sees, not the guest: inspection
# still finds the one guest.
truncate -s 8M extra.img
$VG "$tool" -n --format qcow2 -a o.qcow2 -m 700 \
  --attach-format raw --attach extra.img \
  --hostname dry.example.com --delete /etc --write /etc/motd:x \
  --root-password password:dry --selinux-relabel > out
cat out
grep -q '^\[ *[0-9.]*\] Setting the hostname: dry.example.com$' out
grep -q '^\[ *[0-9.]*\] Deleting: /etc$' out
grep -q '^\[ *[0-9.]*\] Setting passwords$' out
[ "$(md5sum < o.qcow2)" = "$before" ]

set +e
$VG "$tool" -q --format qcow2 -a o.qcow2 --timezone Nowhere/City \
  > out 2> err
rc=$?
set -e
cat err
[ "$rc" = 1 ]
[ ! -s out ]
grep -q "^virt-customize: --timezone: 'Nowhere/City': no such time zone in the guest" err

qemu-img create -q -f qcow2 -b "$win" -F raw w.qcow2
set +e
$VG "$tool" --format qcow2 -a w.qcow2 --touch /careen.txt \
  --run-command 'echo x' > out 2> err
rc=$?
set -e
cat err
[ "$rc" = 1 ]
grep -q "^virt-customize: --run-command: not supported for a 'windows' guest$" err
