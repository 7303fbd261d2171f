#!/bin/sh -
# careen - libguestfs-dev's mount-local.c example compiles against
# careen's guestfs.h and runs on careen's library unchanged: it makes a
# disk, mounts it on a temporary directory with mount_local, gives a
# shell in it (driven here by a script on its stdin), and the shell's
# umount_local (from a child process) ends mount_local_run.  What the
# script wrote is then read back with guestfish.

set -e -x
test_name=test-fuse-example
. "$top_srcdir/tests/functions.sh"
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires cc timeout
[ -w /dev/fuse ] || skip "no /dev/fuse"

example=/usr/share/doc/libguestfs-dev/examples/mount-local.c
[ -f "$example" ] || skip "$example is missing (libguestfs-dev)"

# A sanitized careen needs a sanitized example (functions.sh).
use_sanitizers_of_careen

fish="$top_builddir/fish/guestfish"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

cc $sanitizer_cflags -o mount-local -I"$top_builddir/include" "$example" \
   -L"$top_builddir/lib/.libs" -Wl,-rpath,"$top_builddir/lib/.libs" \
   -lguestfs
ldd ./mount-local | grep -q "$top_builddir/lib/.libs/libguestfs.so.0"

# The shell's script: its current directory is the mount point.
cat > shell-script <<'SH'
pwd > /dev/null
echo "written through FUSE" > hello
mkdir -p sub/deeper
printf 'x%.0s' $(seq 1 5000) > sub/deeper/xs
ln -s hello link
ln hello hardlink
chmod 0640 hello
ls -la > /dev/null
exit
SH

# No bash: the example then runs $SHELL as it is.  A hang must fail
# the test, not stall the suite.
SHELL=/bin/sh timeout 300 ./mount-local disk.img < shell-script > out 2>&1 ||
  { cat out; exit 1; }
cat out
grep -q "^the disk image called 'disk.img'" out
# Nothing is left mounted on the example's temporary directory.
refute grep -q ' /tmp/ml' /proc/self/mountinfo

$VG "$fish" --ro -a disk.img -m /dev/sda1 <<'FISH' > out
cat /hello
readlink /link
stat /hello | grep -E '^(nlink|mode)'
filesize /sub/deeper/xs
is-file /PUT_FILES_AND_DIRECTORIES_HERE
FISH
expect_output out <<'OUT'
written through FUSE

hello
mode: 33184
nlink: 2
5000
true
OUT
