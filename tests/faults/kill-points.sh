# careen - killing a conversion tool at chosen points, for the shell
# tests of tests/faults (test-faults-*-kill.sh).  Source it after
# tests/functions.sh:
#
#   . "$top_srcdir/tests/faults/kill-points.sh"
#   kill_points_setup             # makes $scratch and goes there
#   kill_at_message INT 'Copying disk' out.log "$tool" args...
#   echo "status $kp_status"
#
# The tool runs in the background with its stdout and stderr in a log;
# when the log shows the message (an extended regular expression), or
# after a delay, the tool gets the signal, or qemu (signal QEMU) gets
# SIGKILL.  kp_status is the tool's exit status; kp_killed says whether
# the kill happened before the tool ended on its own.  Each handle's
# temporary directory goes to $scratch/tmp so that its qemu is known
# and the directory can be checked empty afterwards.
#
# kill_points_random N prints N lines "SIGNAL PERMILLE" from $SEED:
# random kill points for make check-slow that a failure can replay
# (the seed is in the log); kill_at_random runs them.

kill_points_setup ()
{
  scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
  cleanup_fn rm -rf "$scratch"
  scratch="$(cd "$scratch" && pwd -P)"
  cd "$scratch"
  mkdir -p "$scratch/tmp"
  TMPDIR="$scratch/tmp"
  export TMPDIR
  cleanup_fn 'pkill -KILL -f "qemu-system.*$scratch/tmp/" || :'
  # Longest wait for a message, and for processes to go, in tenths of
  # a second.
  kp_limit=3000
  kp_gone_limit=200
  SEED="${SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"
  echo "$test_name: SEED=$SEED (set SEED=$SEED to replay the random kill points)"
}

# qemu of our handles: its channel socket is in our tmpdir, or, while
# the tool runs, it descends from the tool (the library may start it
# through a helper process).
kp_qemu_pids ()
{
  {
    pgrep -f "qemu-system.*$TMPDIR/" || :
    if [ -n "${kp_pid:-}" ]; then
      ps -e -o pid=,ppid=,comm= | awk -v root="$kp_pid" '
        { parent[$1] = $2; comm[$1] = $3 }
        END {
          for (p in parent) {
            if (comm[p] !~ /^qemu-system/) continue
            for (q = parent[p]; q > 1; q = parent[q])
              if (q == root) { print p; break }
          }
        }'
    fi
  } | sort -u
}

kp_alive ()
{
  [ -r "/proc/$1/stat" ] || return 1
  read -r kpa_pid kpa_comm kpa_state kpa_rest < "/proc/$1/stat" || return 1
  [ "$kpa_state" != Z ]
}

# Sends SIGNAL (INT, TERM, KILL, or QEMU for SIGKILL to qemu) to the
# tool $kp_pid.
kp_send ()
{
  # What must be gone afterwards, found while the tool still runs.
  kp_seen="$(kp_qemu_pids)"
  # qemu may not be started yet at the message: wait for it.
  kps_i=0
  while [ "$1" = QEMU ] && [ -z "$kp_seen" ] && kp_alive "$kp_pid" &&
        [ "$kps_i" -lt "$kp_limit" ]; do
    sleep 0.1
    kps_i=$((kps_i + 1))
    kp_seen="$(kp_qemu_pids)"
  done
  case "$1" in
    QEMU)
      kps_q=
      for kps_p in $kp_seen; do
        if kp_alive "$kps_p"; then kps_q="$kps_q $kps_p"; fi
      done
      if [ -n "$kps_q" ]; then
        echo "kill -KILL qemu ($kps_q)"
        # shellcheck disable=SC2086
        kill -KILL $kps_q 2>/dev/null || :
      else
        echo "no qemu running: the tool was not killed"
        ps -ef | grep '[q]emu-system' | cut -c1-300 || :
        return 1
      fi ;;
    *) echo "kill -$1 tool"; kill "-$1" "$kp_pid" 2>/dev/null || return 1 ;;
  esac
}

# Starts the tool: the rest of the arguments, output in LOG.
kp_start ()
{
  kps_log="$1"; shift
  # Emptied now, not by the background job: the caller greps it at once.
  : > "$kps_log"
  # A background job of a script starts with SIGINT ignored: undo it,
  # as for a tool started from a terminal.
  env --default-signal=INT "$@" > "$kps_log" 2>&1 &
  kp_pid=$!
}

# Waits for the tool to end; sets kp_status.
kp_wait ()
{
  kp_status=0
  wait "$kp_pid" || kp_status=$?
  echo "exit status $kp_status"
}

# kill_at_message SIGNAL REGEX LOG TOOL ARGS...
kill_at_message ()
{
  kam_sig="$1"; kam_re="$2"; shift 2
  kp_start "$@"
  kp_killed=
  kp_seen=
  kam_i=0
  while kp_alive "$kp_pid"; do
    if grep -E -q "$kam_re" "$1"; then
      kp_send "$kam_sig" && kp_killed=1
      break
    fi
    kam_i=$((kam_i + 1))
    if [ "$kam_i" -ge "$kp_limit" ]; then
      cat "$1" >&2; echo "'$kam_re' never came" >&2; exit 1
    fi
    sleep 0.1
  done
  kp_wait
  cat "$1"
}

# kill_after SIGNAL TENTHS LOG TOOL ARGS...: the signal after TENTHS
# tenths of a second, if the tool still runs.
kill_after ()
{
  ka_sig="$1"; ka_t="$2"; shift 2
  kp_start "$@"
  kp_killed=
  kp_seen=
  ka_i=0
  while kp_alive "$kp_pid"; do
    if [ "$ka_i" -ge "$ka_t" ]; then
      kp_send "$ka_sig" && kp_killed=1
      break
    fi
    ka_i=$((ka_i + 1))
    sleep 0.1
  done
  kp_wait
  cat "$1"
}

# Whether any of the processes named runs.
kp_any_alive ()
{
  for kaa_pid in "$@"; do
    if kp_alive "$kaa_pid"; then return 0; fi
  done
  return 1
}

# After the tool ended: its qemu goes (the library's watcher kills it
# when the tool died of SIGKILL), and, unless SIGNAL is KILL, the
# handles' temporary directories are removed.
kp_check_gone ()
{
  kcg_i=0
  while [ -n "$(kp_qemu_pids)" ] || kp_any_alive $kp_seen; do
    kcg_i=$((kcg_i + 1))
    [ "$kcg_i" -lt "$kp_gone_limit" ] ||
      { echo "qemu still running" >&2; exit 1; }
    sleep 0.1
  done
  kcg_i=0
  while [ -n "$(ls -A "$TMPDIR")" ]; do
    kcg_i=$((kcg_i + 1))
    if [ "$kcg_i" -ge "$kp_gone_limit" ]; then
      echo "left in the tmpdir:" >&2; ls -la "$TMPDIR" >&2; exit 1
    fi
    sleep 0.1
  done
}

# The tool's status after a kill: 0 only when the kill came too late
# (the tool had finished), else not 0.
kp_check_status ()
{
  if [ -n "$kp_killed" ] && [ "$kp_status" = 0 ] && [ "$1" != QEMU ]; then
    echo "exit status 0 after SIG$1" >&2; exit 1
  fi
  :
}

# kill_points_random N: N lines "SIGNAL PERMILLE".
kill_points_random ()
{
  awk -v seed="$SEED" -v n="$1" 'BEGIN {
    split ("INT TERM KILL QEMU", sigs, " ");
    srand (seed);
    for (i = 0; i < n; i++)
      printf "%s %d\n", sigs[1 + int (rand () * 4)], int (rand () * 1000);
  }'
}

# kill_at_random N RUN CHECK: times one whole run, then kills N runs
# at random points within that time (kill_points_random).  RUN is a
# function that runs the tool through its arguments (kill_after SIGNAL
# TENTHS LOG), CHECK one that checks what a run left, given the signal.
kill_at_random ()
{
  kar_n="$1"; kar_run="$2"; kar_check="$3"
  kar_t0="$(kp_now)"
  "$kar_run" kill_after TERM 100000 log
  "$kar_check" TERM
  kar_span=$(( $(kp_now) - kar_t0 ))
  kill_points_random "$kar_n" > kill-points
  while read -r kar_sig kar_permille; do
    kar_t=$((kar_span * kar_permille / 1000))
    echo "SEED=$SEED: $kar_sig after $kar_t tenths"
    "$kar_run" kill_after "$kar_sig" "$kar_t" log
    "$kar_check" "$kar_sig"
  done < kill-points
}

# Seconds since the epoch with tenths, as tenths.
kp_now () { date +%s%N | cut -c1-11; }
