# careen - helpers for the guestfish tests.  Source it first:
#
#   . "$top_srcdir/tests/fish/functions.sh"
#
# It brings in tests/functions.sh (skip, requires, cleanup_fn,
# expect_output), turns on set -e -x, skips the test when asked to
# (SKIP_<NAME>=1) or when guestfish is not built, and moves into a
# scratch directory removed at exit.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"

set -e -x

skip_if_skipped
requires guestfish

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Tests that boot the appliance call this first.  Under TCG a launch
# costs seconds, so each such test runs one guestfish for many commands.
requires_appliance ()
{
  [ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
  requires qemu-system-x86_64
  ls /boot/vmlinuz-* >/dev/null 2>&1 || skip "no kernel in /boot"
}

# Runs guestfish (under $VG) with the given arguments, stdin from the
# caller, and records its exit status in $rc instead of failing.
fish_rc ()
{
  set +e
  $VG guestfish "$@"
  rc=$?
  set -e
}
