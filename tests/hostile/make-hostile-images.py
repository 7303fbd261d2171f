#!/usr/bin/env python3
# careen - patches and writes the hostile images of the hostile-image
# tests.  Each subcommand edits or writes one image file:
#
#   huge-l1 FILE        qcow2: header claims a 2^31-1 entry L1 table
#   bad-mbr FILE        raw: MBR with overlapping, out-of-range and
#                       wrapping partition entries (FILE must exist)
#   vmdk-desc FILE HOST a VMDK text descriptor naming HOST as extent
#   ext-garbage FILE    ext2/3/4: keep the superblock magic, fill the
#                       geometry fields with absurd values

import struct
import sys

cmd, path = sys.argv[1], sys.argv[2]

if cmd == "huge-l1":
    with open(path, "r+b") as f:
        f.seek(36)                      # l1_size, big-endian u32
        f.write(struct.pack(">I", 0x7fffffff))
elif cmd == "bad-mbr":
    with open(path, "r+b") as f:
        f.seek(0, 2)
        sectors = f.tell() // 512

        def entry(kind, start, count):
            return struct.pack("<B3sB3sII", 0, b"\0\0\0", kind, b"\0\0\0",
                               start, count)
        table = (entry(0x83, 2048, sectors * 4) +          # past the end
                 entry(0x83, 4096, 8192) +                 # inside #1
                 entry(0x05, 0xfffffff0, 0x100) +          # wraps 2^32
                 entry(0x83, sectors + 100, 2048))         # beyond
        f.seek(446)
        f.write(table + b"\x55\xaa")
elif cmd == "vmdk-desc":
    host = sys.argv[3]
    with open(path, "w") as f:
        f.write("# Disk DescriptorFile\nversion=1\nCID=12345678\n"
                "parentCID=ffffffff\ncreateType=\"monolithicFlat\"\n"
                "RW 2048 FLAT \"%s\" 0\n" % host)
elif cmd == "ext-garbage":
    with open(path, "r+b") as f:
        f.seek(1024)
        sb = bytearray(f.read(1024))
        assert sb[56:58] == b"\x53\xef", "not an ext superblock"
        struct.pack_into("<IIII", sb, 0, 0xffffffff, 0xffffffff,
                         0xffffffff, 0xffffffff)   # inode/block counts
        struct.pack_into("<I", sb, 24, 30)           # log block size
        struct.pack_into("<II", sb, 32, 0, 0)        # blocks/inodes per group
        f.seek(1024)
        f.write(sb)
else:
    sys.exit("make-hostile-images.py: unknown command " + cmd)
