#!/usr/bin/env python3
# careen - writes the hostile tree for test-hostile-copy-out.sh as a tar
# archive (so no root is needed to make device nodes): symlinks that
# try to leave the target (to /, to ../.., absolute, to /tmp), names
# with newlines, control characters and 255 bytes, a deep tree, FIFOs
# and device nodes, a setuid file.
#
# Usage: make-hostile-tar.py OUT.tar DEPTH

import io
import sys
import tarfile

out, depth = sys.argv[1], int(sys.argv[2])


def add(t, name, kind=tarfile.REGTYPE, data=b"", link="", mode=0o644,
        major=0, minor=0):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.mode = mode
    info.linkname = link
    info.devmajor, info.devminor = major, minor
    info.mtime = 1000000000
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    t.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)


with tarfile.open(out, "w", format=tarfile.GNU_FORMAT) as t:
    add(t, "evil", tarfile.DIRTYPE, mode=0o755)
    add(t, "evil/root", tarfile.SYMTYPE, link="/")
    add(t, "evil/up", tarfile.SYMTYPE, link="../../../../../..")
    add(t, "evil/passwd", tarfile.SYMTYPE, link="/etc/passwd")
    add(t, "evil/tmp", tarfile.SYMTYPE, link="/tmp")
    add(t, "evil/self", tarfile.SYMTYPE, link="self/x")
    add(t, "evil/new\nline", data=b"newline\n")
    add(t, "evil/ctl\x01\x1b[31m\x7f", data=b"control\n")
    add(t, "evil/" + "L" * 255, data=b"long\n")
    add(t, "evil/-rf", data=b"dash\n")
    add(t, "evil/fifo", tarfile.FIFOTYPE)
    add(t, "evil/null", tarfile.CHRTYPE, major=1, minor=3)
    add(t, "evil/sda", tarfile.BLKTYPE, major=8, minor=0)
    add(t, "evil/suid", data=b"#!/bin/sh\n", mode=0o4755)
    add(t, "evil/deep", tarfile.DIRTYPE, mode=0o755)
    path = "evil/deep"
    for i in range(depth):
        path += "/d"
        add(t, path, tarfile.DIRTYPE, mode=0o755)
    add(t, path + "/bottom", data=b"bottom\n")
