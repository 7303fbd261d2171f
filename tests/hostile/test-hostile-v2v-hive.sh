#!/bin/sh -
# careen - virt-v2v's Windows conversion, which edits the SYSTEM hive,
# on a guest whose SYSTEM hive has cycles (patch-hive.py system-cycles:
# the current control set's Services lists its own control set as a
# subkey, and a value list points at itself) and whose SOFTWARE hive
# has the key cycles of test-hostile-inspect-hive.sh.  virt-win-reg
# reads the cyclic keys too.
#
# Each must end within a time limit, without a crash: either a
# conversion (whose output is a whole disk) or a clear error with no
# output left behind.  The source disk is never changed.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/hostile/functions.sh"
requires_appliance
requires python3 timeout truncate sha256sum
. "$top_srcdir/tests/guests/guests.sh"
v2v="$tools/v2v/virt-v2v"
[ -x "$v2v" ] || skip "virt-v2v is not built"

src="$(guest_image windows)" || skip "the test guests could not be built"
[ -n "$src" ] || skip "the test guests could not be built"

# Our own copy, with room for a conversion (see test-v2v-output.sh).
cp --sparse=always "$src" win.img
truncate -s 300M win.img
patch_hives win.img software system-cycles "part-resize /dev/sda 1 614399
ntfsresize /dev/sda1"
sum="$(sha256sum < win.img)"

mkdir tmp out
export VIRT_V2V_TMPDIR="$PWD/tmp"
sh "$top_srcdir/tests/v2v/make-virtio-win.sh" "$PWD/virtio-win"
export VIRTIO_WIN="$PWD/virtio-win/new"

set +e
timeout -k 10 400 $VG "$v2v" -i disk win.img -o local -os out -q \
  > v2v.out 2> v2v.err
rc=$?
set -e
cat v2v.err
[ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] ||
  { echo "$test_name: virt-v2v did not end" >&2; exit 1; }
[ "$rc" -lt 128 ] || { echo "$test_name: virt-v2v crashed" >&2; exit 1; }
if [ "$rc" -eq 0 ]; then
  [ -s out/win-sda ]
else
  grep -q 'virt-v2v:' v2v.err
  [ -z "$(find out -mindepth 1)" ]
fi
[ -z "$(find tmp -mindepth 1)" ]
[ "$(sha256sum < win.img)" = "$sum" ]

# virt-win-reg walks the cyclic Services key.
winreg_bounded win.img 'HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services'

echo "$test_name: ok"
