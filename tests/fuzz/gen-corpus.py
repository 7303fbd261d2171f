#!/usr/bin/env python3
# careen - writes the seed corpora of the fuzzing harnesses into
# corpus/NAME/ (run from tests/fuzz in the source tree after building
# the library; the output is committed).  Regression seeds found by
# fuzzing are named regress-* and are not touched by this script.
#
# Usage: gen-corpus.py [TOP_BUILDDIR]
#
# Seeds are valid or nearly valid inputs: fuzzing mutates from them,
# and reaching the deep parts of a decoder needs well-formed headers.

import io
import os
import re
import struct
import sys
import tarfile

top = sys.argv[1] if len(sys.argv) > 1 else "../.."
here = os.path.dirname(os.path.abspath(__file__))


def write(harness, name, data):
    d = os.path.join(here, "corpus", harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


# ---- protocol ------------------------------------------------------

MAGIC = 0x314e5243
FLAG_PROGRESS = 0xfffff0aa
FLAG_CANCEL = 0xfffff0cc


def u32(v): return struct.pack("<I", v)
def u64(v): return struct.pack("<Q", v)
def s(v): return u32(len(v)) + v
def strings(vs): return u32(len(vs)) + b"".join(s(v) for v in vs)


def header(proc, serial, direction, status, optargs=0, hint=0):
    return struct.pack("<IIIBBHQQ", MAGIC, proc, serial, direction, status,
                       0, optargs, hint)


def frame(body): return u32(len(body)) + body
def chunk(kind, data=b""): return frame(u32(kind) + data)
def progress(proc, serial, pos, total):
    return u32(FLAG_PROGRESS) + struct.pack("<IIQQ", proc, serial, pos, total)


def err_body(name, msg): return s(name) + s(msg)


write("fuzz-protocol", "error", b"\0" + header(1, 1, 1, 1) +
      err_body(b"ENOENT", b"no such file"))
write("fuzz-protocol", "ok", b"\0" + header(1, 1, 1, 0) +
      strings([b"/a", b"/b"]) + u32(1) + s(b"x") + s(b"buf") +
      u32(1) + u64(7) + u32(3))
write("fuzz-protocol", "progress", b"\1" + struct.pack("<IIQQ", 1, 1, 5, 10))
structs = []
with open(os.path.join(here, "fuzz-structs.h")) as f:
    structs = [l.split("(")[1].split(")")[0].strip() for l in f if l.strip()]
for i, name in enumerate(structs):
    # Mostly integers and strings: eight of each kind is plausible.
    one = (u64(1) * 4 + s(b"name")) * 2
    body = u32(2) + one + one if name.endswith("_list") else one
    write("fuzz-protocol", "struct-" + name, bytes([2 + i]) + body)

# ---- library replies -------------------------------------------------

with open(os.path.join(top, "lib", "actions-gen.c")) as f:
    actions = f.read()


def proc_of(call):
    m = re.search(r"^guestfs_%s \(.*?^}" % call, actions, re.S | re.M)
    if m:
        r = re.search(r"guestfs_int_rpc \(g, (\d+),", m.group(0))
        if r:
            return int(r.group(1))
    return 1


# Selectors of fuzz-lib-reply.c's call_one and a plausible body.
calls = [
    ("ls", strings([b"a", b"b"])),
    ("statvfs", u64(4096) * 11),
    ("readdir", u32(1) + u64(2) + u32(ord("d")) + s(b".")),
    ("read_file", s(b"hello\0world")),
    ("cat", s(b"hello")),
    ("exists", u32(1)),
    ("filesize", u64(12345)),
    ("download", None),
    ("upload", b""),
    ("tar_out", None),
    ("list_partitions", strings([b"/dev/sda1"])),
    ("part_list", u32(1) + struct.pack("<iQQQ", 1, 512, 1023, 512)),
    ("lstatnslist", u32(1) + u64(1) * 22),
    ("lgetxattrs", u32(1) + s(b"user.x") + s(b"v")),
    ("lvs_full", u32(0)),
    ("inspect_os", strings([b"/dev/sda1"])),
    ("inspect_get_mountpoints", strings([b"/", b"/dev/sda1"])),
    ("inspect_list_applications2", u32(0)),
    ("find", strings([b"a", b"a/b"])),
    ("hivex_value_value", s(b"\1\2\3")),
]
for sel, (call, body) in enumerate(calls):
    proc = proc_of(call)
    if body is None:                # FileOut: chunks, then the reply
        data = (progress(proc, 1, 0, 10) + chunk(0, b"0123456789") +
                chunk(1) + frame(header(proc, 1, 1, 0)))
    else:
        data = (progress(proc, 1, 5, 10) + frame(header(proc, 1, 1, 0) + body))
    write("fuzz-lib-reply", call, bytes([sel]) + data)
    write("fuzz-lib-reply", call + "-error", bytes([sel | 0x80]) +
          frame(header(proc, 1, 1, 1) + err_body(b"EIO", b"boom")))

# ---- daemon requests -------------------------------------------------

with open(os.path.join(top, "daemon", "dispatch-gen.c")) as f:
    dispatch = f.read()
procs = dict((name, int(num)) for num, name in
             re.findall(r"case (\d+):\n\s+dispatch_(\w+) \(args\);", dispatch))


def call(name, args=b"", serial=1, optargs=0):
    return frame(header(procs.get(name, 1), serial, 0, 0, optargs) + args)


write("fuzz-daemon-request", "exists", call("exists", s(b"/etc")))
write("fuzz-daemon-request", "two-calls",
      call("exists", s(b"/etc")) + call("mkdir_p", s(b"/a/b"), 2))
write("fuzz-daemon-request", "upload",
      call("upload", s(b"/f")) + chunk(0, b"data") + chunk(1) +
      call("exists", s(b"/f"), 2))
write("fuzz-daemon-request", "upload-cancel",
      call("upload", s(b"/f")) + chunk(0, b"data") + chunk(2))
write("fuzz-daemon-request", "download",
      call("download", s(b"/f")) + u32(FLAG_CANCEL))
write("fuzz-daemon-request", "strings",
      call("command", strings([b"/bin/ls", b"-l"])))
write("fuzz-daemon-request", "optargs",
      call("mkfs", s(b"ext4") + s(b"/dev/sda1") + u32(4096) + s(b"") +
           u32(0) + u32(0) + s(b"") + s(b"x"), optargs=1))

# ---- image headers ---------------------------------------------------


# 512-byte clusters keep the seeds small.
def qcow2(size=1 << 30, backing=b"", l1_size=2, l1_off=0x400,
          cluster_bits=9, version=3):
    hdr = struct.pack(">4sIQIIQIIQQIIQQQII", b"QFI\xfb", version,
                      0x200 if backing else 0, len(backing), cluster_bits,
                      size, 0, l1_size, l1_off, 0x600, 1, 0, 0, 0, 0, 4,
                      104)
    img = bytearray(hdr.ljust(0x800, b"\0"))
    if backing:
        img[0x200:0x200 + len(backing)] = backing
    return bytes(img)


write("fuzz-probe", "qcow2", qcow2())
write("fuzz-probe", "qcow2-backing", qcow2(backing=b"/etc/shadow"))
write("fuzz-probe", "qcow2-huge-l1", qcow2(l1_size=0x7fffffff))
write("fuzz-probe", "qcow2-v2", qcow2(version=2))
write("fuzz-probe", "qed", b"QED\0" + struct.pack("<IIIQQQQQ", 65536, 16,
                                                 1, 0, 0, 0, 65536, 1 << 30)
      + b"\0" * 64)
vmdk = struct.pack("<4sIIQQQQIQQQB", b"KDMV", 1, 3, 2048, 128, 1, 20, 512,
                   21, 0, 128, 0)
desc = (b"# Disk DescriptorFile\nversion=1\nCID=fffffffe\n"
        b"parentCID=ffffffff\ncreateType=\"monolithicSparse\"\n"
        b"RW 2048 SPARSE \"x.vmdk\"\n")
write("fuzz-probe", "vmdk-sparse", vmdk.ljust(512, b"\0") + desc)
write("fuzz-probe", "vmdk-parent", vmdk.ljust(512, b"\0") +
      desc.replace(b"parentCID=ffffffff", b"parentCID=1234\n"
                   b"parentFileNameHint=\"/etc/passwd\""))
write("fuzz-probe", "vmdk-descriptor", desc)
vdi = bytearray(512)
vdi[0x40:0x44] = struct.pack("<I", 0xbeda107f)
vdi[0x170:0x178] = struct.pack("<Q", 1 << 30)
write("fuzz-probe", "vdi", bytes(vdi))
footer = struct.pack(">8sIIQI4sI4sQQHBBII16sB", b"conectix", 2, 0x10000,
                     0xffffffffffffffff, 0, b"qemu", 0x50000, b"Wi2k",
                     1 << 30, 1 << 30, 1024, 16, 63, 2, 0, b"\0" * 16, 0)
write("fuzz-probe", "vpc", footer.ljust(512, b"\0"))
write("fuzz-probe", "vhdx", b"vhdxfile".ljust(1024, b"\0"))
write("fuzz-probe", "raw", b"\0" * 1024)
mbr = bytearray(512)
mbr[510:512] = b"\x55\xaa"
write("fuzz-probe", "mbr", bytes(mbr))

# ---- guestfish lines -------------------------------------------------

lines = [
    b"mount /dev/sda1 /",
    b"-rm-rf \"/a b\" | grep x",
    b"write /f \"\\x41\\t\\\\\\\"end\\n\"",
    b"!ls -l",
    b"<! echo run",
    b"# a comment",
    b"copy-out ~/x ~root/y '/single quoted'",
    b"add /tmp/x.img readonly:true format:raw",
    b"echo \"unterminated",
    b"   ",
]
for i, line in enumerate(lines):
    write("fuzz-fish-parse", "line%d" % i, line)

# ---- tar streams -----------------------------------------------------


def tar(members, fmt):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as t:
        for info, data in members:
            t.addfile(info, io.BytesIO(data) if data is not None else None)
    return buf.getvalue()


def member(name, kind=tarfile.REGTYPE, data=None, link="", mode=0o644):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.mode = mode
    info.linkname = link
    info.mtime = 1000000000
    if data is not None:
        info.size = len(data)
    return (info, data)


plain = [member("dir", tarfile.DIRTYPE, mode=0o755),
         member("dir/file", data=b"hello\n"),
         member("dir/hard", tarfile.LNKTYPE, link="dir/file"),
         member("dir/sym", tarfile.SYMTYPE, link="file")]
write("fuzz-untar", "ustar", tar(plain, tarfile.USTAR_FORMAT))
write("fuzz-untar", "gnu-long", tar([member("d" * 200 + "/f", data=b"x"),
                                     member("l", tarfile.SYMTYPE,
                                            link="t" * 300)],
                                    tarfile.GNU_FORMAT))
write("fuzz-untar", "pax", tar([member("p" * 300, data=b"pax"),
                                member("x/" * 60 + "f", data=b"deep")],
                               tarfile.PAX_FORMAT))
# The escapes copy-out must refuse: a symlink to / then a path through
# it, "..", absolute names, special files, setuid.
write("fuzz-untar", "escape", tar([
    member("root", tarfile.SYMTYPE, link="/"),
    member("root/tmp/escaped", data=b"bad"),
    member("../escaped", data=b"bad"),
    member("/abs/escaped", data=b"bad"),
    member("a/../../escaped", data=b"bad"),
    member("fifo", tarfile.FIFOTYPE),
    member("null", tarfile.CHRTYPE),
    member("suid", data=b"#!/bin/sh\n", mode=0o4755),
    member("line\nbreak\x01ctl", data=b"odd"),
], tarfile.GNU_FORMAT))

# ---- .reg files (first byte: 0 = UTF-16LE strings, 1 = as given) -----

reg = (b"Windows Registry Editor Version 5.00\r\n\r\n"
       b"[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]\r\n"
       b"@=\"default\"\r\n"
       b"\"Str\"=\"a \\\"quoted\\\" \\\\ value\"\r\n"
       b"\"Dword\"=dword:0000002a\r\n"
       b"\"Bin\"=hex:01,02,03,\\\r\n  04,05\r\n"
       b"\"Multi\"=hex(7):61,00,00,00,00,00\r\n"
       b"\"Qword\"=hex(b):01,00,00,00,00,00,00,00\r\n"
       b"\"Gone\"=-\r\n"
       b"; comment\r\n"
       b"[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Old]\r\n")
write("fuzz-reg-parse", "utf16", b"\0" + reg)
write("fuzz-reg-parse", "ascii", b"\1" + reg.replace(
    b"Windows Registry Editor Version 5.00", b"REGEDIT4"))
write("fuzz-reg-parse", "bom", b"\0\xef\xbb\xbf" + reg)

# ---- virt-builder indexes -------------------------------------------

index = b"""\
# test repository
[fedora-38]
name=Fedora 38
osinfo=fedora38
arch=x86_64
file=fedora-38.xz
sig=fedora-38.xz.sig
checksum[sha512]=0123abcd
format=raw
size=6442450944
compressed_size=123456
expand=/dev/sda3
lvexpand=/dev/vg/root
notes=First line
 second line
 
 after a blank
notes[fr]=Bonjour
hidden=false
aliases=f38 fedora
revision=2

[fedora-38]
arch=aarch64
file=fedora-38-aarch64.xz
size=1
"""
write("fuzz-index-parse", "plain", index)
write("fuzz-index-parse", "clearsigned",
      b"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" + index +
      b"-----BEGIN PGP SIGNATURE-----\n\niQEz\n-----END PGP SIGNATURE-----\n")
write("fuzz-index-parse", "crlf", index.replace(b"\n", b"\r\n"))

# ---- virt-v2v source descriptions (first byte: 0 VMX, 1 libvirt XML,
# ---- 2 OVA, 3 VMDK descriptor) ---------------------------------------

vmx = b"""\
.encoding = "UTF-8"
config.version = "8"
displayName = "vm|22one|22"
memSize = "2048"
numvcpus = "4"
cpuid.coresPerSocket = "2"
firmware = "efi"
vm.genid = "-8536691797830587195"
vm.genidX = "-1723028644283936567"
scsi0.present = "TRUE"
scsi0.virtualDev = "lsilogic"
scsi0:0.present = "TRUE"
scsi0:0.fileName = "disk.vmdk"
ide1:0.present = "TRUE"
ide1:0.deviceType = "cdrom-image"
ide1:0.fileName = "x.iso"
floppy0.present = "TRUE"
ethernet0.present = "TRUE"
ethernet0.virtualDev = "e1000"
ethernet0.networkName = "VM Network"
ethernet0.address = "00:50:56:aa:bb:cc"
svga.present = "TRUE"
"""
write("fuzz-v2v-source", "vmx", b"\0" + vmx)

domxml = b"""\
<domain type='kvm'>
  <name>guest</name>
  <memory unit='MiB'>1024</memory>
  <vcpu>2</vcpu>
  <cpu><topology sockets='1' cores='2' threads='1'/></cpu>
  <os firmware='efi'><type>hvm</type></os>
  <genid>4e6b3b3c-3e9f-4b8c-8d0e-1f2a3b4c5d6e</genid>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='disk.qcow2'/>
      <target dev='sda' bus='scsi'/>
    </disk>
    <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/></disk>
    <interface type='bridge'>
      <mac address='52:54:00:01:02:03'/>
      <source bridge='br0'/><model type='e1000'/>
    </interface>
    <graphics type='vnc'/>
  </devices>
</domain>
"""
write("fuzz-v2v-source", "libvirtxml", b"\1" + domxml)

ovf = b"""\
<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1"
 xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"
 xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"
 xmlns:vmw="http://www.vmware.com/schema/ovf">
  <References><File ovf:href="disk1.vmdk" ovf:id="file1"/></References>
  <DiskSection><Disk ovf:diskId="d1" ovf:fileRef="file1"/></DiskSection>
  <VirtualSystem ovf:id="vm">
    <Name>ovaguest</Name>
    <VirtualHardwareSection>
      <Item><rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits>
        <rasd:InstanceID>1</rasd:InstanceID>
        <rasd:ResourceType>4</rasd:ResourceType>
        <rasd:VirtualQuantity>512</rasd:VirtualQuantity></Item>
      <Item><rasd:InstanceID>2</rasd:InstanceID>
        <rasd:ResourceType>6</rasd:ResourceType></Item>
      <Item><rasd:AddressOnParent>0</rasd:AddressOnParent>
        <rasd:HostResource>ovf:/disk/d1</rasd:HostResource>
        <rasd:InstanceID>3</rasd:InstanceID><rasd:Parent>2</rasd:Parent>
        <rasd:ResourceType>17</rasd:ResourceType></Item>
      <Item><rasd:Connection>VM Network</rasd:Connection>
        <rasd:InstanceID>4</rasd:InstanceID>
        <rasd:ResourceType>10</rasd:ResourceType></Item>
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>
"""
vdesc = (b"# Disk DescriptorFile\nversion=1\nCID=fffffffe\n"
         b"parentCID=ffffffff\ncreateType=\"monolithicFlat\"\n\n"
         b"RW 2048 FLAT \"disk1-flat.vmdk\" 0\n\n"
         b"ddb.virtualHWVersion = \"4\"\n")
mf = b"SHA1(guest.ovf)= 0000000000000000000000000000000000000000\n"
write("fuzz-v2v-source", "ova", b"\2" + tar([
    member("guest.ovf", data=ovf),
    member("guest.mf", data=mf),
    member("disk1.vmdk", data=vdesc),
    member("disk1-flat.vmdk", data=b"\0" * 1024)], tarfile.USTAR_FORMAT))
write("fuzz-v2v-source", "ova-escape", b"\2" + tar([
    member("../guest.ovf", data=ovf)], tarfile.GNU_FORMAT))
write("fuzz-v2v-source", "vmdk-descriptor", b"\3" + vdesc)
write("fuzz-v2v-source", "vmdk-extents", b"\3" + vdesc.replace(
    b"monolithicFlat", b"twoGbMaxExtentSparse").replace(
    b"FLAT \"disk1-flat.vmdk\" 0",
    b"SPARSE \"/etc/shadow\"\nRW 10 ZERO\nRW 4 VMFS \"../x\""))

# ---- ISO 9660 volume descriptors (from sector 16 on) ----------------


def iso_descriptor(vtype, body=b""):
    return (bytes([vtype]) + b"CD001\1" + body).ljust(2048, b"\0")


def iso_pvd():
    def pad(s, n): return s.ljust(n, b" ")
    def both32(v): return struct.pack("<I", v) + struct.pack(">I", v)
    def both16(v): return struct.pack("<H", v) + struct.pack(">H", v)
    date = b"2021031512304500\x04"
    body = (b"\0" + pad(b"LINUX", 32) + pad(b"VOLUME", 32) + b"\0" * 8 +
            both32(18) + b"\0" * 32 + both16(1) + both16(1) + both16(2048))
    body = body.ljust(190 - 7, b"\0")
    body += (pad(b"SET", 128) + pad(b"PUBLISHER", 128) +
             pad(b"PREPARER", 128) + pad(b"APPLICATION", 128) +
             pad(b"COPYING", 37) + pad(b"ABSTRACT", 37) + pad(b"BIBLIO", 37) +
             date + date + b"0" * 16 + b"\0" + b"\0" * 17)
    return iso_descriptor(1, body)


write("fuzz-isoinfo", "pvd", iso_pvd() + iso_descriptor(255))
write("fuzz-isoinfo", "boot-then-pvd",
      iso_descriptor(0) + iso_pvd() + iso_descriptor(255))
write("fuzz-isoinfo", "no-pvd", iso_descriptor(0) + iso_descriptor(255))


# ---- RPM Berkeley DB Packages (daemon/inspect-apps-rpmbdb.c) --------

def rpm_header(name, summary):
    tags = [(1000, 6, name), (1001, 6, b"1.0"), (1002, 6, b"1"),
            (1004, 9, summary), (1022, 6, b"x86_64")]
    index, data = b"", b""
    for tag, typ, val in tags:
        index += struct.pack(">IIII", tag, typ, len(data), 1)
        data += val + b"\0"
    return struct.pack(">II", len(tags), len(data)) + index + data


def bdb_hash(order, pagesize=512):
    p = order + "I"
    h = order + "H"

    def page(pgno, nxt, entries, hf, typ):
        return (b"\0" * 8 + struct.pack(p, pgno) + struct.pack(p, 0) +
                struct.pack(p, nxt) + struct.pack(h, entries) +
                struct.pack(h, hf) + b"\1" + bytes([typ]))

    meta = (b"\0" * 8 + struct.pack(p, 0) + struct.pack(p, 0x061561) +
            struct.pack(p, 9) + struct.pack(p, pagesize) + b"\0\x08\0\0" +
            struct.pack(p, 0) + struct.pack(p, 3))
    meta = meta.ljust(pagesize, b"\0")
    big = rpm_header(b"long", b"x" * 700)
    items = [b"\1" + struct.pack(p, 0), b"\1" + struct.pack(p, 3),
             b"\1" + struct.pack(p, 1), b"\1" + rpm_header(b"bash", b"sh"),
             b"\1" + struct.pack(p, 2),
             b"\3\0\0\0" + struct.pack(p, 2) + struct.pack(p, len(big))]
    offsets, end, body = [], pagesize, b""
    for it in items:
        end -= len(it)
        offsets.append(end)
        body = it + body
    hdr = page(1, 0, len(items), 0, 13) + b"".join(
        struct.pack(h, o) for o in offsets)
    hp = hdr.ljust(offsets[-1], b"\0") + body
    room = pagesize - 26
    ov1 = page(2, 3, 0, room, 7) + big[:room]
    ov2 = page(3, 0, 0, len(big) - room, 7) + big[room:]
    return meta + hp + ov1 + ov2.ljust(pagesize, b"\0")


write("fuzz-rpmbdb", "le", bdb_hash("<"))
write("fuzz-rpmbdb", "be", bdb_hash(">"))


# ---- -a URIs --------------------------------------------------------

for i, u in enumerate([
        b"nbd://example.com:10809/export",
        b"nbd+unix:///exp?socket=/tmp/nbd.sock",
        b"nbd://[::1]:10809",
        b"ssh://user:pa%40ss@host.example.com:2222/var/lib/disk.img",
        b"http://127.0.0.1:8080/disk%20one.img",
        b"https://h/d,file=/etc/shadow",
        b"ftp://u@h/pub/disk.iso",
        b"iscsi://h:3260/iqn.2001-04.com.example:storage/1",
        b"rbd:///pool/image",
        b"rbd://mon1:6789/pool/image",
        b"gluster://h/vol/dir/disk.img",
        b"file:///var/tmp/disk.img",
        b"file://localhost/d%2c.img",
        b"/plain/path.img"]):
    write("fuzz-uri", "uri%d" % i, u)


# ---- libvirt domain XML ------------------------------------------

def domain(disks):
    return (b"<domain type='kvm'><name>g</name><devices>" +
            b"".join(disks) + b"</devices></domain>")


write("fuzz-domain-xml", "file", domain([
    b"<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
    b"<source file='/var/lib/libvirt/images/g.qcow2'/>"
    b"<blockio logical_block_size='4096'/><target dev='vda'/></disk>",
    b"<disk type='block' device='cdrom'><source dev='/dev/sr0'/><readonly/>"
    b"</disk>",
    b"<disk type='file' device='cdrom'><target dev='hdc'/></disk>"]))
write("fuzz-domain-xml", "network", domain([
    b"<disk type='network' device='disk'><driver name='qemu' type='raw'/>"
    b"<source protocol='nbd' name='exp'><host name='::1' port='10809'/>"
    b"</source></disk>",
    b"<disk type='network'><source protocol='nbd'>"
    b"<host transport='unix' socket='/run/nbd.sock'/></source></disk>",
    b"<disk type='network'><driver type='raw'/>"
    b"<source protocol='rbd' name='pool/img'><host name='m1' port='6789'/>"
    b"<host name='m2'/></source><auth username='admin'/></disk>",
    b"<disk type='network'><driver type='raw,file=/etc/shadow'/>"
    b"<source protocol='http' name='/d.img'><host name='h,x=y' port='80'/>"
    b"</source></disk>"]))
write("fuzz-domain-xml", "volume", domain([
    b"<disk type='volume' device='disk'><driver type='raw'/>"
    b"<source pool='default' volume='g.img'/></disk>",
    b"<disk type='vhostuser'><source type='unix' path='/s'/></disk>"]))
