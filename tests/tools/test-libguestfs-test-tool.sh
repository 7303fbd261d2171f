#!/bin/sh -
# careen - libguestfs-test-tool: a whole run on this host ends with
# "===== TEST FINISHED OK =====" and status 0, after the environment and
# the handle's settings; a qemu that cannot run fails the launch step
# (status 1, "===== TEST FAILED ====="); a timeout shorter than a
# launch fails and leaves no scratch disk; the usage errors.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64

tt="$top_builddir/tools/test-tool/libguestfs-test-tool"
[ -x "$tt" ] || skip "libguestfs-test-tool is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Without an appliance.
$VG "$tt" --help | grep -q '^Usage:'
$VG "$tt" -V | grep -Eq '^libguestfs-test-tool [0-9]+\.[0-9]+\.[0-9]+$'
$VG "$tt" --long-options | grep -qx -- '--qemudir'
status=0; $VG "$tt" --bogus 2>err || status=$?
[ "$status" -eq 1 ]
status=0; $VG "$tt" -t 0 2>err || status=$?
[ "$status" -eq 1 ]
grep -q 'expected a number of seconds' err
status=0; $VG "$tt" --qemudir "$scratch/none" 2>err || status=$?
[ "$status" -eq 1 ]
grep -q 'no qemu-system binary' err

# A qemu that fails at once: the launch step is named.
status=0; $VG "$tt" --qemu /bin/false > out 2> err || status=$?
[ "$status" -eq 1 ]
grep -q '^guestfs_get_hv: /bin/false$' out
grep -q 'launching the appliance failed' err
tail -n 1 err | grep -qx '===== TEST FAILED ====='

# The whole test.
CAREEN_TEST_TOOL_MARK=here $VG "$tt" -t 600 > out 2> err
grep -qx 'CAREEN_TEST_TOOL_MARK=here' out
grep -q '^guestfs_get_memsize: [0-9]' out
grep -q '^guestfs_get_verbose: 1$' out
grep -qx 'Guest launched OK.' out
tail -n 1 out | grep -qx '===== TEST FINISHED OK ====='

# A timeout within the launch: status 1, and the scratch disk removed.
status=0; TMPDIR="$scratch" $VG "$tt" -t 1 > out 2> err || status=$?
[ "$status" -eq 1 ]
grep -q 'timed out' err
[ -z "$(ls -d "$scratch"/libguestfs-test-tool* 2>/dev/null)" ]
