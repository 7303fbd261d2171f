#!/bin/sh -
# careen - virt-tar-in and virt-tar-out: an archive goes in (plain,
# gzip-compressed, from stdin) and comes back out (to a file, to
# stdout, compressed); the guest's symlinks to / and ../.. stay links
# in the archive and nothing but the archive is written on the host.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 tar gzip

# careen's tools by their build-tree path: Debian's libguestfs tools of
# the same names may be installed.
tools="$top_builddir/tools"
fish="$top_builddir/fish/guestfish"
[ -x "$tools/tar-in/virt-tar-in" ] || skip "virt-tar-in is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
umask 022

"$tools/tar-in/virt-tar-in" --help | grep -q '^Usage:'
"$tools/tar-out/virt-tar-out" --help | grep -q '^Usage:'

mkdir -p src/sub
echo one > src/f1
echo two > src/sub/f2
chmod 0600 src/f1
touch -d '2021-05-06 07:08:09 UTC' src/f1
tar -C src -cf plain.tar .
tar -C src -czf comp.tar.gz f1

$VG "$fish" -N t.img=fs:ext4 -m /dev/sda1 -- \
  mkdir /a : mkdir /b : mkdir /c : mkdir /d : \
  ln-s / /d/root : ln-s ../.. /d/up : write /d/file hi

"$tools/tar-in/virt-tar-in" -a t.img -m /dev/sda1 plain.tar /a
"$tools/tar-in/virt-tar-in" -a t.img -m /dev/sda1 -z comp.tar.gz /b
"$tools/tar-in/virt-tar-in" -a t.img -m /dev/sda1 - /c < plain.tar

$VG "$fish" --ro -a t.img -m /dev/sda1 -- \
  cat /a/f1 : cat /a/sub/f2 : cat /b/f1 : cat /c/sub/f2 : \
  statns /a/f1 | grep -E '^(one|two|st_mode:|st_mtime_sec:)' > got
expect_output got <<'END'
one
two
one
two
st_mode: 33152
st_mtime_sec: 1620284889
END

# Out to a file, to stdout, compressed.
mkdir out
"$tools/tar-out/virt-tar-out" -a t.img -m /dev/sda1 /d out/d.tar
"$tools/tar-out/virt-tar-out" -a t.img -m /dev/sda1 /a - > out/a.tar
"$tools/tar-out/virt-tar-out" -a t.img -m /dev/sda1 -z /a out/a.tar.gz

tar -tvf out/d.tar | awk '{ print $1, $6, $7, $8 }' | LC_ALL=C sort -k2 \
  > got
expect_output got <<'END'
drwxr-xr-x ./  
-rw-r--r-- ./file  
lrwxrwxrwx ./root -> /
lrwxrwxrwx ./up -> ../..
END
tar -tf out/a.tar | LC_ALL=C sort > got
expect_output got <<'END'
./
./f1
./sub/
./sub/f2
END
gzip -dc out/a.tar.gz | tar -tf - | LC_ALL=C sort > got2
cmp got got2

# Only the archives were written on the host.
ls -A out > got
expect_output got <<'END'
a.tar
a.tar.gz
d.tar
END

# Errors: a missing guest directory, a missing archive.
set +e
"$tools/tar-out/virt-tar-out" -a t.img -m /dev/sda1 /nonexistent out/x.tar 2> err
rc=$?
set -e
[ "$rc" = 1 ]
set +e
"$tools/tar-in/virt-tar-in" -a t.img -m /dev/sda1 nonexistent.tar /a 2> err
rc=$?
set -e
[ "$rc" = 1 ]
