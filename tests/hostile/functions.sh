# careen - helpers for the hostile-image tests.  Source it first:
#
#   . "$top_srcdir/tests/hostile/functions.sh"
#
# It brings in tests/functions.sh, turns on set -e -x, honours
# SKIP_<NAME>=1, and moves into a scratch directory removed at exit.
# careen's programs are named by their build-tree paths ($fish,
# $tools): Debian's libguestfs programs of the same names may be
# installed and must never be tested by mistake.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"

set -e -x

skip_if_skipped

fish="$top_builddir/fish/guestfish"
tools="$top_builddir/tools"
[ -x "$fish" ] || skip "guestfish is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Tests that boot the appliance call this first.
requires_appliance ()
{
  [ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
  requires qemu-system-x86_64
  ls /boot/vmlinuz-* >/dev/null 2>&1 || skip "no kernel in /boot"
}

# Runs careen's guestfish (under $VG) with a time limit: a hostile
# image must give an error or a bounded result, never a hang.  The
# exit status goes to $rc instead of failing the test.
fish_rc ()
{
  set +e
  timeout "${HOSTILE_TIMEOUT:-600}" $VG "$fish" "$@"
  rc=$?
  set -e
  [ "$rc" -ne 124 ] || { echo "$test_name: guestfish timed out" >&2; exit 1; }
}

# Fails unless DIR holds only the entries named in the remaining
# arguments: the check that nothing was created outside a target.
only_entries ()
{
  dir="$1"; shift
  found="$(cd "$dir" && ls -A | sort | tr '\n' ' ')"
  want="$(printf '%s\n' "$@" | sort | tr '\n' ' ')"
  if [ "$found" != "$want" ]; then
    echo "$test_name: $dir holds '$found', expected '$want'" >&2
    exit 1
  fi
}

# Fails if anything but regular files, directories and symbolic links
# exists under DIR: special files from the guest must never reach the
# host.
no_special_files ()
{
  bad="$(find "$1" ! -type f ! -type d ! -type l)"
  if [ -n "$bad" ]; then
    echo "$test_name: special files on the host: $bad" >&2
    exit 1
  fi
}

# Runs careen's virt-win-reg on IMAGE's key KEY (when it is built) with
# a time limit and a bound on its output: cycles in a hive must neither
# make it loop nor print forever.
winreg_bounded ()
{
  [ -x "$tools/win-reg/virt-win-reg" ] || return 0
  set +e
  timeout 300 $VG "$tools/win-reg/virt-win-reg" --format=raw "$1" "$2" \
    2> winreg.err | head -c 20000000 > winreg.out
  set -e
  cat winreg.err
  [ "$(wc -c < winreg.out)" -lt 20000000 ] ||
    { echo "$test_name: virt-win-reg output did not end" >&2; exit 1; }
}

# patch_hives IMAGE SOFTWARE-HOW SYSTEM-HOW [COMMANDS]: makes the
# SOFTWARE and SYSTEM hives of the Windows guest IMAGE hostile, as
# patch-hive.py's modes say, after running guestfish COMMANDS (one a
# line) on it first.
patch_hives ()
{
  cfg=/Windows/System32/config
  fish_rc --format=raw -a "$1" <<END_FISH
run
${4:-}
mount /dev/sda1 /
download $cfg/SOFTWARE SOFTWARE
download $cfg/SYSTEM SYSTEM
END_FISH
  [ "$rc" -eq 0 ]
  python3 "$top_srcdir/tests/hostile/patch-hive.py" "$2" SOFTWARE
  python3 "$top_srcdir/tests/hostile/patch-hive.py" "$3" SYSTEM
  fish_rc --format=raw -a "$1" <<END_FISH
run
mount /dev/sda1 /
upload SOFTWARE $cfg/SOFTWARE
upload SYSTEM $cfg/SYSTEM
END_FISH
  [ "$rc" -eq 0 ]
}
