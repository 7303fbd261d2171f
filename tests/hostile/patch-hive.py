#!/usr/bin/env python3
# careen - makes a Windows registry hive hostile, in place, through its
# own structures (cell offsets are relative to the first hbin, at
# 0x1000; see hivex's format notes).
#
#   patch-hive.py software SOFTWARE   key cycles (Uninstall's subkey
#       list names the root, Microsoft's names Microsoft) and a
#       ProductName whose length claims almost 2 GiB
#   patch-hive.py system SYSTEM       a Hostname claiming almost 2 GiB
#   patch-hive.py system-cycles SYSTEM   the current control set's
#       Services names its control set among its subkeys, and the value
#       list of Services\Tcpip\Parameters points at itself and repeats
#       one value

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
if what == 'system-cycles':
    cur = struct.unpack_from('<I', h, value(h, lookup(h, ['Select']),
                                            'Current') + 8)[0]
    cs = 'ControlSet%03d' % cur
    services = lookup(h, [cs, 'Services'])
    struct.pack_into('<I', h, children(h, services)[0][0], lookup(h, [cs]))
    params = cell(lookup(h, [cs, 'Services', 'Tcpip', 'Parameters']))
    nv = struct.unpack_from('<I', h, params + 0x24)[0]
    vl_off = struct.unpack_from('<I', h, params + 0x28)[0]
    vl = cell(vl_off)
    first = struct.unpack_from('<I', h, vl)[0]
    struct.pack_into("<I", h, vl, vl_off)
    for i in range(1, nv):
        struct.pack_into('<I', h, vl + 4 * i, first)
    open(path, 'wb').write(h)
    sys.exit(0)
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
