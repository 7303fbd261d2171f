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

# Interactive tests drive guestfish through a real terminal (tmux), as
# a user would: start, keys, screen, wait_for, wait_rc (they need
# "requires tmux").
#
# One tmux server per session (a server just killed may still hold its
# socket while the next one starts), its socket in the scratch
# directory so that nothing is left behind.
nr_sessions=0

# Starts guestfish with the given options in a new terminal, as in an
# interactive shell (the wrapper ignores SIGINT so that only guestfish
# sees Ctrl-C), writing its exit status to the file "rc".
start ()
{
  rm -f rc
  nr_sessions=$((nr_sessions + 1))
  T="tmux -S $scratch/tmux-$nr_sessions"
  cleanup_fn "$T kill-server 2>/dev/null || :"
  $T new-session -d -s fish -x 160 -y 50 \
    "trap '' INT QUIT; cd '$scratch' && HOME='$scratch' $VG guestfish $*; echo \$? > rc; sleep 600"
}

screen ()
{
  $T capture-pane -p -t fish
}

# Runs the command until it succeeds.  The limit is generous: it only
# stops a test that hangs, it measures nothing.
retry ()
{
  n=0
  while ! "$@"; do
    n=$((n + 1))
    if [ $n -gt 600 ]; then
      screen
      return 1
    fi
    sleep 0.25
  done
}

screen_shows ()
{
  screen | grep "$1" -q -- "$2"
}

# Waits until the screen shows PATTERN (a grep -E pattern, or with -F a
# fixed string).
wait_for ()
{
  mode=-E
  if [ "$1" = -F ]; then mode=-F; shift; fi
  retry screen_shows $mode "$1" ||
    { echo "$test_name: timed out waiting for: $1"; return 1; }
}

# Waits until guestfish has exited (start writes its status to rc).
wait_rc ()
{
  retry test -s rc ||
    { echo "$test_name: guestfish did not exit"; return 1; }
}

keys ()
{
  $T send-keys -t fish "$@"
}
