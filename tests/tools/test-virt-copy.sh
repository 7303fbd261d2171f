#!/bin/sh -
# careen - virt-copy-in and virt-copy-out: a tree goes in and comes
# back out with its names, contents, modes and times; the guest's
# symlinks (to /, to ../.., to a host directory) come out as links and
# nothing is ever written outside the target directory, not even
# through a symlink already in it.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 find stat

# careen's tools by their build-tree path: Debian's libguestfs tools of
# the same names may be installed.
tools="$top_builddir/tools"
fish="$top_builddir/fish/guestfish"
[ -x "$tools/copy-in/virt-copy-in" ] || skip "virt-copy-in is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
umask 022

# --help and usage errors need no appliance.
"$tools/copy-in/virt-copy-in" --help > help
grep -q '^Usage:' help
"$tools/copy-out/virt-copy-out" --help > help
grep -q 'localdir' help

# The local tree to copy in.
mkdir -p src/sub outside
echo hello > src/a.txt
echo deep > src/sub/b
echo single > one.txt
chmod 0640 src/a.txt
chmod 0751 src/sub
touch -d '2020-01-02 03:04:05 UTC' src/a.txt one.txt

# The guest: a directory holding symlinks that point out of it.
$VG "$fish" -N t.img=fs:ext4 -m /dev/sda1 -- \
  mkdir /dir : ln-s / /dir/root : ln-s ../.. /dir/up : \
  ln-s "$scratch/outside" /dir/host : mkdir /dir/d : write /dir/d/f x

"$tools/copy-in/virt-copy-in" -a t.img -m /dev/sda1 src one.txt /dir

# Copy out the whole directory.
mkdir out
"$tools/copy-out/virt-copy-out" -a t.img -m /dev/sda1 /dir /dir/src/a.txt out
(cd out && find . -printf '%y %m %p %l\n' | LC_ALL=C sort -k3) > listing
expect_output listing <<END
d 755 . 
f 640 ./a.txt 
d 755 ./dir 
d 755 ./dir/d 
f 644 ./dir/d/f 
l 777 ./dir/host $scratch/outside
f 644 ./dir/one.txt 
l 777 ./dir/root /
d 755 ./dir/src 
f 640 ./dir/src/a.txt 
d 751 ./dir/src/sub 
f 644 ./dir/src/sub/b 
l 777 ./dir/up ../..
END
[ "$(cat out/dir/src/a.txt)" = hello ]
[ "$(cat out/dir/src/sub/b)" = deep ]
[ "$(cat out/dir/one.txt)" = single ]
[ "$(stat -c %Y out/dir/src/a.txt)" = 1577934245 ]
[ "$(stat -c %Y out/dir/one.txt)" = 1577934245 ]
[ "$(stat -c %Y out/a.txt)" = 1577934245 ]

# Nothing went through the guest's links.
[ -z "$(ls -A outside)" ]

# A symlink already in the target, where a directory of the guest
# will go, is not followed: copy-out fails and writes nothing outside.
mkdir out2
ln -s ../outside out2/dir
set +e
"$tools/copy-out/virt-copy-out" -a t.img -m /dev/sda1 /dir out2 2> err
rc=$?
set -e
[ "$rc" = 1 ]
[ -z "$(ls -A outside)" ]
[ -L out2/dir ]

# A guest symlink named on the command line (here to /, through
# ../..) fails to copy; nothing is followed on the host.
mkdir out3
set +e
"$tools/copy-out/virt-copy-out" -a t.img -m /dev/sda1 /dir/up out3 2> err
rc=$?
set -e
[ "$rc" = 1 ]
[ ! -L out3/up ] && [ ! -d out3/up ]
[ -z "$(ls -A outside)" ]

# Errors: a missing guest file, a missing local directory.
set +e
"$tools/copy-out/virt-copy-out" -a t.img -m /dev/sda1 /nonexistent out 2> err
rc=$?
set -e
[ "$rc" = 1 ]
set +e
"$tools/copy-in/virt-copy-in" -a t.img -m /dev/sda1 nonexistent /dir 2> err
rc=$?
set -e
[ "$rc" = 1 ]
