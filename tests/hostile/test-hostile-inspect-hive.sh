#!/bin/sh -
# careen - hostile Windows registry hives in an otherwise sound Windows
# guest: SOFTWARE with cycles (the subkey list of
# Microsoft\Windows\CurrentVersion\Uninstall names the hive's root, an
# ancestor, and the list of Microsoft names Microsoft itself) and a
# value whose length field claims almost 2 GiB (ProductName); SYSTEM
# with the same lie on the Hostname value.
#
# Inspection (virt-inspector, inspect-list-applications2) and
# virt-win-reg must stop within a time limit, with bounded output, and
# either answer with what they could read or fail with a clear error:
# never crash, never hang, never follow a cycle forever.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/hostile/functions.sh"
requires_appliance
requires python3
requires timeout
. "$top_srcdir/tests/guests/guests.sh"
[ -x "$tools/inspector/virt-inspector" ] || skip "virt-inspector is not built"

src="$(guest_image windows)" || skip "the test guests could not be built"
[ -n "$src" ] || skip "the test guests could not be built"
# Our own copy: the shared guest is never written.
cp --sparse=always "$src" win.img

# The cycles and the lying lengths.
patch_hives win.img software system

# Inspection: what can be read is reported (the root, its type and
# systemroot); the lying values are left out, or the call fails cleanly.
set +e
timeout 300 $VG "$tools/inspector/virt-inspector" --format=raw -a win.img \
  > inspector.xml 2> inspector.err
rc=$?
set -e
cat inspector.err
[ "$rc" -ne 124 ] || { echo "$test_name: virt-inspector timed out" >&2; exit 1; }
[ "$rc" -lt 128 ] || { echo "$test_name: virt-inspector crashed" >&2; exit 1; }
if [ "$rc" -eq 0 ]; then
  grep -q '<name>windows</name>' inspector.xml
  grep -q '<windows_systemroot>/Windows</windows_systemroot>' inspector.xml
  # No 2 GiB product name, nor anything near it.
  [ "$(wc -c < inspector.xml)" -lt 1000000 ]
else
  grep -q . inspector.err
fi

# The calls themselves, through guestfish: bounded, no crash.
fish_rc --ro --format=raw -a win.img > apps.out 2> apps.err <<END_FISH
run
inspect-os
-inspect-list-applications2 /dev/sda1
-inspect-get-product-name /dev/sda1
-inspect-get-hostname /dev/sda1
END_FISH
cat apps.err
[ "$rc" -eq 0 ]
[ "$(wc -c < apps.out)" -lt 1000000 ]
grep -qx /dev/sda1 apps.out

# virt-win-reg walks subtrees: the cycles must not make it loop.
winreg_bounded win.img 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft'

echo "$test_name: ok"
