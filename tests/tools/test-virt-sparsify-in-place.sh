#!/bin/sh -
# careen - virt-sparsify --in-place: a copy of a disk with dirty free
# space is trimmed in place (--ignore and --zero obeyed): same files,
# fewer blocks; formats that cannot discard exit 3; missing and
# unwritable disks exit 1.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img truncate

tool="$top_builddir/tools/sparsify/virt-sparsify"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-sparsify is not built"
. "$top_srcdir/tests/tools/test-virt-sparsify-build.sh"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Missing disk: 1.
set +e
$VG "$tool" --in-place --format raw missing.img 2> err
rc=$?
set -e
[ "$rc" = 1 ]
grep -q '^virt-sparsify: .*missing.img' err

# A format that qemu cannot discard on: 3, and the image untouched.
qemu-img create -q -f vdi disk.vdi 16M
sum="$(cksum < disk.vdi)"
set +e
$VG "$tool" --in-place --format vdi disk.vdi 2> err
rc=$?
set -e
cat err
[ "$rc" = 3 ]
grep -q 'discard' err
[ "$(cksum < disk.vdi)" = "$sum" ]

# An image that cannot be written (immutable: root ignores modes): 1.
truncate -s 10M ro.img
if chattr +i ro.img 2>/dev/null; then
  cleanup_fn chattr -i "$scratch/ro.img"
  set +e
  $VG "$tool" --in-place --format raw ro.img 2> err
  rc=$?
  set -e
  chattr -i ro.img
  [ "$rc" = 1 ]
  grep -q '^virt-sparsify: ' err
fi

make_dirty_image disk.img
before="$(allocated disk.img)"

$VG "$tool" --in-place --format raw --ignore /dev/sda4 \
  --zero /dev/vg/scratch disk.img > log
cat log
grep -q 'Trimming /dev/sda1' log
grep -q 'Zeroing /dev/vg/scratch' log
grep -q 'Clearing Linux swap on /dev/sda2' log
grep -q 'Discard space in volgroup vg' log
if grep -q '/dev/sda4' log; then exit 1; fi
grep -q '^After: ' log

[ "$(stat -c %s disk.img)" = $(( 128 * 1024 * 1024 )) ]
[ "$(allocated disk.img)" -lt $(( before / 2 )) ]
for c in U S f w Y; do
  [ "$(count_byte disk.img "$c")" -lt 1048576 ]
done
[ "$(count_byte disk.img Z)" -ge 4194304 ]
check_contents disk.img raw > after.contents
# The zeroed volume holds nothing any more.
expected_contents zeroed > expected
diff -u expected after.contents
