# careen - helpers for shell tests.  Source it first:
#
#   . "$top_srcdir/tests/functions.sh"
#   set -e -x
#   skip_if_skipped
#   requires qemu-img
#
# A test that cannot run here exits 77 with a reason (one way to skip).
# Cleanup goes through cleanup_fn, never by hand at the end.

# The name of the test, for SKIP_<NAME>=1.
test_name="$(basename "$0" | sed 's/\.[^.]*$//')"

skip ()
{
  echo "$test_name: skipped: $*"
  exit 77
}

# SKIP_TEST_FOO_BAR=1 skips tests/.../test-foo-bar.sh.
skip_if_skipped ()
{
  v="SKIP_$(echo "$test_name" | tr 'a-z-' 'A-Z_')"
  eval "val=\${$v:-}"
  if [ -n "$val" ]; then skip "$v is set"; fi
}

# Skips unless each named program is on PATH.
requires ()
{
  for p in "$@"; do
    command -v "$p" >/dev/null 2>&1 || skip "'$p' is not installed"
  done
}

# Long tests run only under make check-slow (SLOW=1).
slow_test ()
{
  [ -n "${SLOW:-}" ] || skip "slow test: run with make check-slow"
}

# Runs the given command at exit, whatever happens.  Called repeatedly it
# keeps every command, run last-registered first.
cleanup_cmds=""
cleanup_fn ()
{
  cleanup_cmds="$*; $cleanup_cmds"
  trap 'eval "$cleanup_cmds"' EXIT INT TERM
}

# Compares a file of output against expected text on stdin; prints a
# diff and fails on any difference.
expect_output ()
{
  expected="$(mktemp)"
  cat > "$expected"
  if ! diff -u "$expected" "$1"; then
    rm -f "$expected"
    echo "$test_name: unexpected output in $1" >&2
    exit 1
  fi
  rm -f "$expected"
}

# Fails the test when the command succeeds: a negated command
# ("! grep ...") does not stop a set -e script, this does.
refute ()
{
  if "$@"; then
    echo "$test_name: unexpectedly true: $*" >&2
    exit 1
  fi
}

# Runs a program of libguestfs (/usr/bin/virt-*, guestfish) on its own
# library and appliance: ../run points LD_LIBRARY_PATH and
# LIBGUESTFS_PATH at careen's build tree, where libguestfs's programs
# would load careen's libguestfs.so.0.  libguestfs does not fall back
# from KVM to TCG by itself, and KVM cannot run a guest on some hosts:
# TCG is forced unless LIBGUESTFS_BACKEND_SETTINGS says otherwise.
libguestfs ()
{
  env -u LD_LIBRARY_PATH -u LIBGUESTFS_PATH -u LIBGUESTFS_CACHEDIR \
    LIBGUESTFS_BACKEND=direct \
    LIBGUESTFS_BACKEND_SETTINGS="${LIBGUESTFS_BACKEND_SETTINGS:-force_tcg}" \
    "$@"
}

# -d and -c name libvirt guests: a test that forgets -c must reach
# libvirt's test driver (no daemon, nothing outside the build), never
# the system's or the user's hypervisor.
LIBVIRT_DEFAULT_URI=test:///default
export LIBVIRT_DEFAULT_URI

# virt-builder's repos.d folders name public servers: with
# VIRT_BUILDER_DIRS empty it reads none of the system's, so a test
# reaches only the sources it gives (tests/tools/test-virt-builder-repo.sh
# also points XDG_CONFIG_HOME at the test's own folder).
VIRT_BUILDER_DIRS=
export VIRT_BUILDER_DIRS

# For a C program of libguestfs's (its examples) built against careen:
# when careen's library was built with --enable-sanitizers (as CI
# builds it), the program must be built with the same sanitizers, whose
# runtime must come first in a program; leaks of the program itself are
# not careen's.  Sets sanitizer_cflags (empty otherwise).
sanitizer_cflags=
use_sanitizers_of_careen ()
{
  if ldd "$top_builddir/lib/.libs/libguestfs.so.0" 2>/dev/null |
       grep -q libasan; then
    sanitizer_cflags="-fsanitize=address,undefined"
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
    export ASAN_OPTIONS
  fi
}

# Prints the POD file $1 as its man page is made: each line
# __INCLUDE:PATH__ replaced by the file PATH of the source tree (a
# section several pages share, common/options/fleet.pod).
pod_with_includes ()
{
  awk -v top="$top_srcdir" '
    /^__INCLUDE:.*__$/ {
      f = substr ($0, 11, length ($0) - 12)
      while ((getline l < (top "/" f)) > 0) print l
      close (top "/" f)
      next
    }
    { print }' "$1"
}
