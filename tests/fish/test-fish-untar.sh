#!/bin/sh -
# careen - copy-out's tar extractor (fish/untar.c) on hostile archives,
# the kind a malicious guest could make tar-out produce: names with
# "..", absolute names, a symlink followed by members "through" it, hard
# links out of the target, device nodes, FIFOs, setuid bits, GNU long
# names and pax headers, truncated and corrupt archives.  Nothing may
# appear outside the target directory.  No appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

requires python3
untar="${top_builddir:-$top_srcdir}/tests/fish/test-fish-untar-main"
test -x "$untar" || skip "test-fish-untar-main is not built"

mkdir outside target
echo original > outside/victim

# Each archive is made member by member, in the order given, so that it
# can hold what no real directory holds.
python3 - "$PWD" <<'END'
import io, sys, tarfile

top = sys.argv[1]

def member(tar, name, type=tarfile.REGTYPE, data=b"", mode=0o644,
           link="", mtime=1000000000):
    ti = tarfile.TarInfo(name)
    ti.type = type
    ti.mode = mode
    ti.mtime = mtime
    ti.linkname = link
    ti.size = len(data) if type == tarfile.REGTYPE else 0
    if type in (tarfile.CHRTYPE, tarfile.BLKTYPE):
        ti.devmajor, ti.devminor = 8, 0
    tar.addfile(ti, io.BytesIO(data) if ti.size else None)

def archive(name, members, format=tarfile.GNU_FORMAT):
    with tarfile.open(name, "w", format=format) as tar:
        for m in members:
            member(tar, **m)

# The hostile one.
archive("evil.tar", [
    dict(name="./", type=tarfile.DIRTYPE, mode=0o755),
    dict(name="./ok", data=b"fine\n", mode=0o4755, mtime=1234567890),
    dict(name="../escape1", data=b"x"),
    dict(name="sub/../../escape2", data=b"x"),
    dict(name="/abs", data=b"absolute\n"),
    dict(name="rootlink", type=tarfile.SYMTYPE, link="/"),
    dict(name="uplink", type=tarfile.SYMTYPE, link="../outside"),
    dict(name="rootlink/tmp/escape3", data=b"x"),
    dict(name="uplink/victim", data=b"overwritten\n"),
    dict(name="uplink/new", data=b"x"),
    dict(name="hard", type=tarfile.LNKTYPE, link="../outside/victim"),
    dict(name="hard2", type=tarfile.LNKTYPE, link="uplink/victim"),
    dict(name="hard3", type=tarfile.LNKTYPE, link="ok"),
    dict(name="dev", type=tarfile.BLKTYPE, mode=0o666),
    dict(name="chr", type=tarfile.CHRTYPE, mode=0o666),
    dict(name="fifo", type=tarfile.FIFOTYPE),
    dict(name="d/", type=tarfile.DIRTYPE, mode=0o2750, mtime=1111111111),
    dict(name="d/f", data=b"in d\n", mode=0o600),
    dict(name="deep/er/file", data=b"no dir members\n"),
    dict(name="L" * 200 + "/" + "n" * 150, data=b"long\n"),
])

# pax headers (POSIX format): long names and links go in 'x' members.
archive("pax.tar", [
    dict(name="p" * 120, data=b"pax name\n"),
    dict(name="plink", type=tarfile.SYMTYPE, link="t" * 150),
    dict(name="p/../../escape4", data=b"x"),
], format=tarfile.PAX_FORMAT)

data = open("evil.tar", "rb").read()
# Truncated in the middle of a member's data.
open("truncated.tar", "wb").write(data[:512 * 3 + 100])
# A header whose checksum is wrong.
bad = bytearray(data)
bad[512 * 1 + 10] ^= 0xff
open("corrupt.tar", "wb").write(bytes(bad))
END

# Members through symlinks cannot be created: the archive as a whole
# fails, but every other member is extracted.
set +e
$VG "$untar" evil.tar target 2> err
rc=$?
set -e
cat err
test $rc = 1

# Nothing outside the target changed or appeared.
test "$(cat outside/victim)" = original
test "$(ls outside)" = victim
test ! -e escape1
test ! -e ../escape1
test ! -e escape2
test ! -e /tmp/escape3
test ! -e /abs
test "$(stat -c %h outside/victim)" = 1

# What was kept, and how.
test "$(cat target/ok)" = fine
test "$(stat -c '%a %Y' target/ok)" = "755 1234567890"
test "$(cat target/abs)" = absolute
test "$(readlink target/rootlink)" = /
test "$(readlink target/uplink)" = ../outside
test "$(stat -c %i target/hard3)" = "$(stat -c %i target/ok)"
test "$(stat -c '%a %Y' target/d)" = "750 1111111111"
test "$(cat target/d/f)" = "in d"
test "$(cat target/deep/er/file)" = "no dir members"
test "$(cat "target/$(printf 'L%.0s' $(seq 200))/$(printf 'n%.0s' $(seq 150))")" = long
test ! -e target/dev
test ! -e target/chr
test ! -e target/fifo
test ! -e target/escape1
test ! -e target/hard
test ! -e target/hard2
grep -q "skipping '../escape1': its name contains '..'" err
grep -q "skipping 'sub/../../escape2'" err
grep -q "skipping 'dev': device nodes are not copied out" err
grep -q "skipping 'fifo': FIFOs are not copied out" err
# Members through a symlink fail, and are not written.
grep -q "rootlink/tmp/escape3" err
grep -q "uplink/victim" err

mkdir pax
$VG "$untar" pax.tar pax 2> err || { cat err; exit 1; }
cat err
test "$(cat "pax/$(printf 'p%.0s' $(seq 120))")" = "pax name"
test "$(readlink pax/plink)" = "$(printf 't%.0s' $(seq 150))"
grep -q "escape4" err
test ! -e escape4

# Damaged archives are errors.
mkdir t2 t3
set +e
$VG "$untar" truncated.tar t2 2> err; rc=$?
set -e
test $rc = 1
grep -q 'truncated' err
set +e
$VG "$untar" corrupt.tar t3 2> err; rc=$?
set -e
test $rc = 1
grep -q 'invalid tar header' err
