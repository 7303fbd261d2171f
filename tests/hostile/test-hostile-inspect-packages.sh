#!/bin/sh -
# careen - hostile package databases in otherwise sound Linux guests:
# a dpkg status file with binary junk and a 10 MB line (debian12), an
# apk database with garbage records and a 5 MB field (alpine320), a
# pacman desc file of garbage and a package directory without one
# (archlinux), and an rpmdb.sqlite whose pages are overwritten with
# junk (fedora40, whose root is a btrfs subvolume).
#
# Inspection (virt-inspector, inspect-list-applications2) must stop
# within a time limit with bounded output, still find every operating
# system, list what it can read (records after the junk too) as valid
# UTF-8, and never crash or hang.  One launch changes the copies, one inspects all four.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/hostile/functions.sh"
requires_appliance
requires python3
requires timeout
. "$top_srcdir/tests/guests/guests.sh"
[ -x "$tools/inspector/virt-inspector" ] || skip "virt-inspector is not built"

guests="debian12 alpine320 archlinux fedora40"
adds=
for n in $guests; do
  src="$(guest_image $n)" || skip "the test guests could not be built"
  [ -n "$src" ] || skip "the test guests could not be built"
  # Our own copies: the shared guests are never written.
  cp --sparse=always "$src" "$n.img"
  adds="$adds -a $n.img"
done

# The hostile files, made on the host.
python3 - <<'END_PY'
import os, random
r = random.Random(42)
junk = bytes(r.randrange(256) for _ in range(65536))
big = b'Description: ' + b'x' * (10 * 1024 * 1024) + b'\n'
open('status.junk', 'wb').write(
    junk + b'\n\nPackage: \x00\xff\xfe\nStatus: install ok installed\n'
    b'Version: ' + b'9' * 100000 + b'\n' + big + b'\n' +
    b'Package: careen-hostile\nStatus: install ok installed\n'
    b'Version: 1.0-1\n\n')
open('installed.junk', 'wb').write(
    junk + b'\n\nP:\nV:\n\nP:' + b'p' * (5 * 1024 * 1024) + b'\nV:1\n\n'
    b'C:Q1xx\nP:careen-hostile\nV:1.0-r0\nA:x86_64\n\n')
open('desc.junk', 'wb').write(
    b'%NAME%\n' + junk + b'\n%VERSION%\n\n%VERSION%\n' + b'1' * 1000000 +
    b'\n%DESC%\n' + b'\xff' * 4096 + b'\n')
END_PY

# Changes the copies in one launch: each root found by inspection is
# mounted and its package database spoiled.
fish_rc --format=raw $adds > change.out 2> change.err <<'END_FISH'
run
inspect-os
END_FISH
cat change.err
[ "$rc" -eq 0 ]
roots="$(cat change.out)"
[ "$(echo "$roots" | wc -l)" -eq 4 ]

script=change.fish
echo run > $script
for root in $roots; do
  echo "mount $root /" >> $script
  # Spoil whichever database this root has.
  cat >> $script <<'END_FISH'
-upload status.junk /var/lib/dpkg/status
-upload installed.junk /lib/apk/db/installed
-glob upload desc.junk /var/lib/pacman/local/zlib-*/desc
-mkdir /var/lib/pacman/local/nodesc-1.0-1
-mkdir /var/lib/pacman/local/bad
END_FISH
  echo "umount-all" >> $script
done
fish_rc --format=raw $adds < $script > change.out 2> change.err
cat change.err
[ "$rc" -eq 0 ]

# The rpm database: pages in the middle overwritten with junk (done
# through the API so that it lands inside the btrfs subvolume).
fedora_root="$(echo "$roots" | grep '^btrfsvol:')" || true
[ -n "$fedora_root" ] || { echo "$test_name: no btrfs root for fedora40" >&2; exit 1; }
fish_rc --format=raw $adds > rpm.out 2> rpm.err <<END_FISH
run
mount $fedora_root /
download /usr/lib/sysimage/rpm/rpmdb.sqlite rpmdb.sqlite
END_FISH
cat rpm.err
[ "$rc" -eq 0 ]
python3 - <<'END_PY'
import random
r = random.Random(7)
db = bytearray(open('rpmdb.sqlite', 'rb').read())
# Keep the header (page 1) and spoil the rest, page by page.
for off in range(4096, len(db), 4096):
    for i in range(off + 8, min(off + 4096, len(db)), 3):
        db[i] = r.randrange(256)
open('rpmdb.sqlite', 'wb').write(db)
END_PY
fish_rc --format=raw $adds > rpm.out 2> rpm.err <<END_FISH
run
mount $fedora_root /
upload rpmdb.sqlite /usr/lib/sysimage/rpm/rpmdb.sqlite
END_FISH
cat rpm.err
[ "$rc" -eq 0 ]

# Inspection of all four, bounded in time.
set +e
timeout 400 /usr/bin/env $VG "$tools/inspector/virt-inspector" --format=raw $adds \
  > inspector.xml 2> inspector.err
rc=$?
set -e
cat inspector.err
[ "$rc" -ne 124 ] || { echo "$test_name: virt-inspector timed out" >&2; exit 1; }
[ "$rc" -lt 128 ] || { echo "$test_name: virt-inspector crashed" >&2; exit 1; }
[ "$rc" -eq 0 ] || { echo "$test_name: virt-inspector failed" >&2; exit 1; }
grep -e '<root>' -e '<distro>' -e '<name>careen-hostile' inspector.xml
[ "$(grep -c '<operatingsystem>' inspector.xml)" -eq 4 ]
for d in debian alpinelinux archlinux fedora; do
  grep -q "<distro>$d</distro>" inspector.xml
done
# Bounded: no 10 MB description or 5 MB name came through whole.
[ "$(wc -c < inspector.xml)" -lt 2000000 ]
# What was readable after the junk (NUL bytes included) was read, in
# the dpkg and the apk databases.
[ "$(grep -c '<name>careen-hostile</name>' inspector.xml)" -eq 2 ]
# Junk bytes come out as valid UTF-8 (XML requires it).
python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' \
  inspector.xml

echo "$test_name: ok"
