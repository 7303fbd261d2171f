#!/bin/sh -
# careen - virt-sparsify, copying mode: usage errors and refusals
# (exit status 1, before any launch), then a disk with dirty free space
# copied to raw (defaults) and to compressed qcow2 (--ignore, --zero):
# the files are the same, fewer blocks are allocated, the freed bytes
# are gone, the ignored filesystem keeps its own, and the input is not
# changed by a single byte.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img truncate sha256sum

# careen's tools by their build-tree path: Debian's libguestfs tools of
# the same names may be installed.
tool="$top_builddir/tools/sparsify/virt-sparsify"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-sparsify is not built"
. "$top_srcdir/tests/tools/test-virt-sparsify-build.sh"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# The informational options.
$VG "$tool" --help | grep -q '^Usage:'
$VG "$tool" --version | grep -q '^virt-sparsify '
$VG "$tool" --long-options | grep -qx -- '--in-place'
$VG "$tool" --long-options | grep -qx -- '--check-tmpdir'
$VG "$tool" --short-options | grep -qx -- '-q'

# Refusals: exit status 1 and a message naming the program.
truncate -s 10M small.img
mkdir adir
expect_fail ()
{
  set +e
  "$@" > out 2> err
  rc=$?
  set -e
  cat err
  [ "$rc" = 1 ]
  grep -q '^virt-sparsify: ' err
  # Nothing was made on the way.
  [ ! -e new.img ]
}
expect_fail $VG "$tool"
expect_fail $VG "$tool" small.img
expect_fail $VG "$tool" small.img new.img extra.img
expect_fail $VG "$tool" --in-place small.img new.img
expect_fail $VG "$tool" --in-place --convert qcow2 small.img
expect_fail $VG "$tool" --in-place --compress small.img
expect_fail $VG "$tool" --in-place --tmp /tmp small.img
expect_fail $VG "$tool" --in-place -o compat=1.1 small.img
expect_fail $VG "$tool" --in-place --check-tmpdir fail small.img
expect_fail $VG "$tool" --check-tmpdir sometimes small.img new.img
expect_fail $VG "$tool" --convert foo small.img new.img
grep -q "foo" err
expect_fail $VG "$tool" --convert 'qcow2,x' small.img new.img
expect_fail $VG "$tool" --format raw missing.img new.img
grep -q "missing.img" err
expect_fail $VG "$tool" --format raw small.img small.img
grep -q "same disk" err
ln small.img hardlink.img
expect_fail $VG "$tool" --format raw small.img hardlink.img
expect_fail $VG "$tool" --format raw small.img adir
expect_fail $VG "$tool" --format raw small.img /dev/null
expect_fail $VG "$tool" --format raw small.img nodir/new.img
expect_fail $VG "$tool" --format raw --compress small.img new.img
grep -q "compress" err
expect_fail $VG "$tool" --format raw --tmp nowhere small.img new.img
expect_fail $VG "$tool" --format raw --tmp prebuilt:nothing small.img new.img
expect_fail $VG "$tool" --format raw --tmp prebuilt:small.img small.img new.img
expect_fail $VG "$tool" --machine-readable=bogus small.img new.img

# --check-tmpdir=fail exits 2 when TMPDIR is too small: a 10M input
# in a 4M tmpfs would need it, but mounting one needs privileges, so
# only when this is possible.
if mkdir tiny && mount -t tmpfs -o size=4M tmpfs tiny 2>/dev/null; then
  cleanup_fn umount "$scratch/tiny"
  set +e
  $VG "$tool" --format raw --tmp "$scratch/tiny" --check-tmpdir fail \
    small.img new.img 2> err
  rc=$?
  set -e
  [ "$rc" = 2 ]
  [ ! -e new.img ]
  [ -z "$(ls tiny)" ]
fi

# The dirty disk, and what it looks like.
make_dirty_image in.img
sum_before="$(sha256sum < in.img)"
for c in U S Z f Y w; do
  [ "$(count_byte in.img "$c")" -ge 3000000 ]
done

# Copying to raw with the defaults, over an existing file (which
# virt-sparsify documents as overwritten).
printf 'old contents' > out.raw
$VG "$tool" --format raw in.img out.raw > log
cat log
grep -q 'Fill free space in /dev/sda1 with zero' log
grep -q 'Clearing Linux swap on /dev/sda2' log
grep -q 'Fill free space in volgroup vg with zero' log
grep -q '^Before: ' log
grep -q '^After: ' log
[ "$(qemu-img info --output=json out.raw | grep '"format"')" != "" ]
qemu-img info out.raw | grep -q '^file format: raw'
[ "$(stat -c %s out.raw)" = "$(stat -c %s in.img)" ]
[ "$(allocated out.raw)" -lt $(( $(allocated in.img) / 2 )) ]
# Every freed region is gone (a few partial clusters at most); the
# files of the scratch volume are kept.
for c in U S Z f w; do
  [ "$(count_byte out.raw "$c")" -lt 1048576 ]
done
[ "$(count_byte out.raw Y)" -ge 3145728 ]
if grep -q 'old contents' out.raw; then exit 1; fi
check_contents out.raw raw > out.contents
expected_contents > expected
diff -u expected out.contents

# Copying to compressed qcow2, ignoring sda4, zeroing a volume, quiet.
$VG "$tool" -q --format raw --convert qcow2 --compress \
  --ignore /dev/sda4 --zero /dev/vg/scratch --tmp "$scratch" \
  in.img out.qcow2 > log
cat log
[ ! -s log ]
qemu-img info out.qcow2 | grep -q '^file format: qcow2'
qemu-img info out.qcow2 | grep -q '^virtual size: 128 MiB'
[ "$(allocated out.qcow2)" -lt $(( $(allocated in.img) / 2 )) ]
# No overlay left behind in --tmp.
[ -z "$(ls "$scratch" | grep '^sparsify')" ]
qemu-img convert -f qcow2 -O raw out.qcow2 out2.raw
for c in U S f w Y; do
  [ "$(count_byte out2.raw "$c")" -lt 1048576 ]
done
[ "$(count_byte out2.raw Z)" -ge 4194304 ]
check_contents out.qcow2 qcow2 > out2.contents
# The zeroed volume holds nothing any more.
expected_contents zeroed > expected
diff -u expected out2.contents

# The input was never written.
[ "$(sha256sum < in.img)" = "$sum_before" ]

# The capabilities.
$VG "$tool" --machine-readable > caps
grep -qx virt-sparsify caps
grep -qx linux-swap caps
grep -qx in-place caps
grep -qx check-tmpdir caps
