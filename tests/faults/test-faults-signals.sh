#!/bin/sh -
# careen - SIGINT and SIGTERM to guestfish (a script, and an interactive
# session in tmux) and to the read-only tools, and SIGKILL to guestfish:
# qemu must be gone within seconds, the handle's tmpdir removed, and the
# exit status non-zero.
#
# The tools have no signal handlers: they die at once, and the library's
# watcher process (lib/launch.c) kills their qemu and empties their
# tmpdir.  guestfish cancels the transfer in progress and leaves after
# it (fish/cancel.c).

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 truncate pgrep

fish="$top_builddir/fish/guestfish"
[ -x "$fish" ] || skip "guestfish is not built"

scratch="$(mktemp -d /tmp/careen-signals.XXXXXX)"
cleanup_fn rm -rf "$scratch"
cleanup_fn 'pkill -KILL -f "$scratch/tmp/careen" || :'
cd "$scratch"
# Every handle's tmpdir goes here (the appliance cache stays where
# ./run put it, so it is not rebuilt).
mkdir tmp
TMPDIR="$scratch/tmp"
export TMPDIR

# Longest wait for a process to go, in tenths of a second.
limit=150

# qemu of our handles: its channel socket is in our tmpdir.
qemu_running () { pgrep -f "qemu-system.*$TMPDIR/careen" >/dev/null; }

# Waits for our qemu; $1, if given, is a process that must not exit
# first (a tool that failed before launching is a broken test).
wait_for_qemu ()
{
  i=0
  until qemu_running; do
    i=$((i+1)); [ $i -lt 600 ] || { echo "qemu never started" >&2; exit 1; }
    if [ -n "${1:-}" ] && ! kill -0 "$1" 2>/dev/null; then
      cat tool.out >&2; echo "$1 exited before launching" >&2; exit 1
    fi
    sleep 0.1
  done
}

# After the process $1 was signalled: it exits non-zero, qemu goes,
# the tmpdir is emptied.  $2 says what was tested; $3 = any: whatever
# the exit status.
check_gone ()
{
  set +e
  wait "$1"
  rc=$?
  set -e
  echo "$2: exit status $rc"
  [ "$rc" -ne 0 ] || [ "${3:-}" = any ] || { echo "$2: exit status 0 after a signal" >&2; exit 1; }
  i=0
  while qemu_running; do
    i=$((i+1))
    [ $i -lt $limit ] || { echo "$2: qemu still running" >&2; exit 1; }
    sleep 0.1
  done
  i=0
  while [ -n "$(ls -A "$TMPDIR")" ]; do
    i=$((i+1))
    if [ $i -ge $limit ]; then
      echo "$2: left in the tmpdir:" >&2; ls -la "$TMPDIR" >&2; exit 1
    fi
    sleep 0.1
  done
}

# A small image: an ext4 with a few files and a big sparse one, whose
# download takes long enough to be interrupted.
truncate -s 64M disk.img
"$fish" --format=raw -a disk.img -- run : mkfs ext4 /dev/sda : \
  mount /dev/sda / : mkdir /d : write /d/hello hello : fill 0 4M /d/zero : \
  touch /big : truncate-size /big 4G
[ -z "$(ls -A "$TMPDIR")" ]

# guestfish running a script: a transfer in progress, then the signal.
for sig in INT TERM; do
  "$fish" --format=raw -a disk.img --ro -- run : \
    mount /dev/sda / : download /big /dev/null : echo not reached > fish.out 2>&1 &
  pid=$!
  wait_for_qemu
  sleep 2
  kill -$sig $pid
  check_gone $pid "guestfish script, SIG$sig"
  cat fish.out
  grep -q 'cancelled\|interrupted' fish.out
  refute grep -q 'not reached' fish.out
done

# SIGKILL: guestfish cannot clean up; the watcher must.
"$fish" --format=raw -a disk.img --ro -- run : sleep 60 &
pid=$!
wait_for_qemu
sleep 1
kill -KILL $pid
check_gone $pid "guestfish, SIGKILL"

# Waits until the pane shows $1 prompts (the first command's included).
wait_prompts ()
{
  i=0
  until [ "$(tmux -S "$sock" capture-pane -p | grep -c '^><fs>')" -ge "$1" ]
  do
    i=$((i+1))
    if [ $i -ge 600 ]; then
      tmux -S "$sock" capture-pane -p >&2; echo "no prompt $1" >&2; exit 1
    fi
    sleep 0.1
  done
}

# Interactive guestfish in a terminal: ^C cancels the transfer and the
# shell goes on; SIGTERM at the prompt leaves, shutting qemu down.
if command -v tmux >/dev/null 2>&1; then
  sock="$scratch/tmux.sock"
  tmux -S "$sock" new-session -d -x 120 -y 40 \
    "TMPDIR='$TMPDIR' '$fish' --format=raw -a disk.img --ro; echo status \$? > '$scratch/status'; sleep 30"
  cleanup_fn "tmux -S '$sock' kill-server 2>/dev/null || :"
  tmux -S "$sock" send-keys 'run' Enter
  wait_for_qemu
  wait_prompts 2
  tmux -S "$sock" send-keys 'mount /dev/sda /' Enter
  wait_prompts 3
  tmux -S "$sock" send-keys 'download /big /dev/null' Enter
  sleep 2
  tmux -S "$sock" send-keys C-c
  i=0
  until tmux -S "$sock" capture-pane -p | grep -q 'cancelled'; do
    i=$((i+1))
    if [ $i -ge $limit ]; then
      tmux -S "$sock" capture-pane -p >&2; echo "^C did not cancel" >&2
      exit 1
    fi
    sleep 0.1
  done
  qemu_running
  fishpid="$(pgrep -f "^$fish --format=raw -a disk.img --ro\$" || \
             pgrep -f "guestfish --format=raw -a disk.img --ro\$")"
  kill -TERM $fishpid
  i=0
  until [ -f "$scratch/status" ]; do
    i=$((i+1)); [ $i -lt $limit ] || { echo "guestfish stayed" >&2; exit 1; }
    sleep 0.1
  done
  cat "$scratch/status"
  # Leaving the prompt on SIGTERM is an orderly quit (status 0).
  sleep 0 & check_gone $! "interactive guestfish, ^C then SIGTERM" any
  tmux -S "$sock" kill-server 2>/dev/null || :
else
  echo "interactive guestfish not tested: tmux is not installed"
fi

# The tools: the signal comes while they run (launch or calls).
run_tool ()
{
  t="$1"; shift
  if [ ! -x "$top_builddir/tools/${t#virt-}/$t" ]; then
    echo "$t: not built, not tested"
    return 0
  fi
  for sig in $sigs; do
    # A background job of a script starts with SIGINT ignored: undo it,
    # as for a tool started from a terminal.  A restored appliance is
    # ready, and these tools done, within the second before the signal:
    # the appliance boots, so that the signal finds the tool at work.
    env --default-signal=INT CAREEN_SNAPSHOT=0 "$top_builddir/tools/${t#virt-}/$t" "$@" > tool.out 2>&1 &
    pid=$!
    wait_for_qemu $pid
    sleep 1
    kill -$sig $pid
    check_gone $pid "$t, SIG$sig"
  done
}
# make check: one signal per tool, alternating; SLOW=1: both for each,
# and the tools that write (on copies).
mkdir out
sigs=INT
if [ -n "${SLOW:-}" ]; then sigs="INT TERM"; fi
run_tool virt-df --format=raw -a disk.img
[ -n "${SLOW:-}" ] || sigs=TERM
run_tool virt-ls --format=raw -a disk.img -m /dev/sda -R /
[ -n "${SLOW:-}" ] || sigs=INT
run_tool virt-cat --format=raw -a disk.img -m /dev/sda /d/hello
[ -n "${SLOW:-}" ] || sigs=TERM
run_tool virt-copy-out --format=raw -a disk.img -m /dev/sda /d out
[ -n "${SLOW:-}" ] || sigs=INT
run_tool virt-tar-out --format=raw -a disk.img -m /dev/sda / out/d.tar
[ -n "${SLOW:-}" ] || exit 0
run_tool virt-filesystems --format=raw -a disk.img
truncate -s 128M out/new.img
run_tool virt-resize --format=raw --output-format=raw disk.img out/new.img
rm -f out/sparse.img
run_tool virt-sparsify --format=raw disk.img out/sparse.img
cp disk.img sysprep.img
run_tool virt-sysprep --format=raw -a sysprep.img
