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

cfg=/Windows/System32/config
fish_rc -a win.img --format=raw <<END_FISH
run
mount /dev/sda1 /
download $cfg/SOFTWARE SOFTWARE
download $cfg/SYSTEM SYSTEM
END_FISH
[ "$rc" -eq 0 ]

# Patches a hive in place, through its own structures (cell offsets are
# relative to the first hbin, at 0x1000; see hivex's format notes).
cat > patch-hive.py <<'END_PY'
import struct, sys

def cell(off):
    return 0x1000 + off + 4          # past the cell's size word

def children(h, nk):
    p = cell(nk)
    assert h[p:p+2] == b'nk', 'not an nk cell'
    q = cell(struct.unpack_from('<I', h, p + 0x1c)[0])
    sig = h[q:q+2]
    assert sig in (b'lf', b'lh', b'li'), sig
    step = 4 if sig == b'li' else 8
    n = struct.unpack_from('<H', h, q + 2)[0]
    return [(q + 4 + i * step, struct.unpack_from('<I', h, q + 4 + i * step)[0])
            for i in range(n)]

def name(h, nk):
    p = cell(nk)
    n = struct.unpack_from('<H', h, p + 0x48)[0]
    return h[p + 0x4c:p + 0x4c + n].decode('latin-1')

def lookup(h, path):
    nk = struct.unpack_from('<I', h, 0x24)[0]
    for comp in path:
        nk = next(k for _, k in children(h, nk)
                  if name(h, k).lower() == comp.lower())
    return nk

def value(h, nk, want):
    p = cell(nk)
    nv = struct.unpack_from('<I', h, p + 0x24)[0]
    vl = cell(struct.unpack_from('<I', h, p + 0x28)[0])
    for i in range(nv):
        vk = cell(struct.unpack_from('<I', h, vl + 4 * i)[0])
        assert h[vk:vk+2] == b'vk'
        n = struct.unpack_from('<H', h, vk + 2)[0]
        if h[vk + 0x14:vk + 0x14 + n].decode('latin-1') == want:
            return vk
    raise KeyError(want)

what, path = sys.argv[1], sys.argv[2]
h = bytearray(open(path, 'rb').read())
root = struct.unpack_from('<I', h, 0x24)[0]
if what == 'software':
    un = lookup(h, ['Microsoft', 'Windows', 'CurrentVersion', 'Uninstall'])
    struct.pack_into('<I', h, children(h, un)[0][0], root)
    ms = lookup(h, ['Microsoft'])
    struct.pack_into('<I', h, children(h, ms)[0][0], ms)
    vk = value(h, lookup(h, ['Microsoft', 'Windows NT', 'CurrentVersion']),
               'ProductName')
else:
    # The DWORD Select\Current is stored in the vk's offset field.
    cur = struct.unpack_from('<I', h, value(h, lookup(h, ['Select']),
                                            'Current') + 8)[0]
    vk = value(h, lookup(h, ['ControlSet%03d' % cur, 'Services', 'Tcpip',
                             'Parameters']), 'Hostname')
struct.pack_into('<I', h, vk + 4, 0x7ffffff0)
open(path, 'wb').write(h)
END_PY
python3 patch-hive.py software SOFTWARE
python3 patch-hive.py system SYSTEM

fish_rc -a win.img --format=raw <<END_FISH
run
mount /dev/sda1 /
upload SOFTWARE $cfg/SOFTWARE
upload SYSTEM $cfg/SYSTEM
END_FISH
[ "$rc" -eq 0 ]

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
fish_rc --ro -a win.img --format=raw > apps.out 2> apps.err <<END_FISH
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
if [ -x "$tools/win-reg/virt-win-reg" ]; then
  set +e
  timeout 300 $VG "$tools/win-reg/virt-win-reg" --format=raw win.img \
    'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft' 2> winreg.err |
    head -c 20000000 > winreg.out
  set -e
  cat winreg.err
  [ "$(wc -c < winreg.out)" -lt 20000000 ] ||
    { echo "$test_name: virt-win-reg output did not end" >&2; exit 1; }
fi

echo "$test_name: ok"
