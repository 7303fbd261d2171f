#!/bin/sh -
# careen - remote disks whose servers lie: an HTTP server
# (http-lying-server.py) that claims the wrong size, cuts its replies
# short, answers garbage, drips a byte a second or resets the
# connection mid-read; nbdkit failing every read or claiming half the
# disk, or stopping to answer after launch; a unix socket answering
# garbage to NBD's handshake.
#
# Each time virt-cat must end with an error (or the file's true
# contents) within a time limit, never hang, and never write to the
# server: the image is unchanged and the servers' logs show no write.
# guestfish --ro (HTTP) and virt-df (NBD) must end too.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
. "$top_srcdir/tests/remote/functions-remote.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 mkfs.ext4 python3 md5sum timeout nbdkit

cat_="$top_builddir/tools/cat/virt-cat"
[ -x "$cat_" ] || skip "virt-cat is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

mkdir root www
printf 'hello, liar\n' > root/hello.txt
make_disk root www/disk.img
sum="$(md5sum < www/disk.img)"

# A hung appliance is given up after 30 s without a sign of life.
CAREEN_KEEPALIVE_TIMEOUT=30
export CAREEN_KEEPALIVE_TIMEOUT

# ends LIMIT NAME PROGRAM ARGS...: PROGRAM ends within LIMIT seconds
# and does not crash, whatever it says.
ends ()
{
  # Not limit and name: the callers' variables (sh has no locals).
  e_limit="$1" e_name="$2"; shift 2
  set +e
  timeout -k 10 "$e_limit" $VG "$@" > "$e_name.out" 2> "$e_name.err"
  rc=$?
  set -e
  cat "$e_name.err"
  [ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] && [ "$rc" -lt 128 ] ||
    { echo "$test_name: $e_name: $1 did not end well ($rc)" >&2; exit 1; }
  [ "$(md5sum < www/disk.img)" = "$sum" ]
}

# cat_ends LIMIT NAME ARGS...: virt-cat /hello.txt from the disk ARGS
# name, within LIMIT seconds; its output goes to NAME.out and NAME.err.
# It must fail with a message, or print the file as it is.
cat_ends ()
{
  limit="$1" name="$2"; shift 2
  start=$(date +%s)
  set +e
  timeout -k 10 "$limit" $VG "$cat_" "$@" -m /dev/sda /hello.txt \
    > "$name.out" 2> "$name.err"
  rc=$?
  set -e
  cat "$name.err"
  echo "$name: exit $rc after $(($(date +%s) - start)) s"
  [ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] ||
    { echo "$test_name: $name: virt-cat did not end" >&2; exit 1; }
  if [ "$rc" -eq 0 ]; then
    printf 'hello, liar\n' | expect_output "$name.out"
  else
    grep -q . "$name.err"
    refute grep -q . "$name.out"
  fi
  [ "$(md5sum < www/disk.img)" = "$sum" ]
}

# ---- HTTP ----------------------------------------------------------

# http_server MODE: starts a server lying so, whose pid is $pid and
# port in file port.
http_server ()
{
  rm -f port
  python3 "$top_srcdir/tests/remote/http-lying-server.py" "$1" www port \
    2> "http-$1.log" &
  pid=$!
  cleanup_fn "kill $pid 2>/dev/null || :"
  wait_for port
}

# http MODE LIMIT [ERROR-PATTERN]: virt-cat through a server lying so.
http ()
{
  http_server "$1"
  cat_ends "$2" "http-$1" --format=raw \
    -a "http://127.0.0.1:$(cat port)/disk.img"
  ends "$2" "http-$1-fish" "$top_builddir/fish/guestfish" --ro --format=raw \
    -a "http://127.0.0.1:$(cat port)/disk.img" run : list-filesystems
  [ -z "${3:-}" ] || grep -q -e "$3" "http-$1.err"
  kill "$pid"
  wait "$pid" 2>/dev/null || :
  grep -q '"GET /disk.img' "http-$1.log" || [ "$1" = garbage ]
  refute grep -E -q '"(PUT|POST|DELETE|PATCH) ' "http-$1.log"
}

http garbage 60 'CURL'
http size 300
http short 300
http reset 300
# A byte a second: qemu's curl driver gives up on each read after its
# timeout (5 s), and the guest kernel retries each failed read.  Failed
# reads are no progress to the stall detectors (init's while the
# appliance boots, where the first read already is, the daemon's
# after), so the launch fails after half the keep-alive limit with no
# read done: 25 s with a 30 s limit.  make check runs virt-cat only,
# with a 10 s limit.
if [ -n "${SLOW:-}" ]; then
  http drip 120 'stopped answering while the appliance booted'
else
  http_server drip
  CAREEN_KEEPALIVE_TIMEOUT=10 cat_ends 60 http-drip --format=raw \
    -a "http://127.0.0.1:$(cat port)/disk.img"
  grep -q "drive 0 (http '/disk.img' on 127.0.0.1:$(cat port), /dev/sda) stopped answering while the appliance booted" http-drip.err
  kill "$pid"
  wait "$pid" 2>/dev/null || :
fi

# ---- NBD -----------------------------------------------------------

# nbd NAME LIMIT FILTER PARAMS...: virt-cat through nbdkit serving the
# disk through FILTER, and the log filter, to see that nothing is ever
# written.
nbd ()
{
  name="$1" limit="$2" filter="$3"; shift 3
  rm -f "$name.sock" "$name.pid"
  nbdkit -U "$PWD/$name.sock" -P "$PWD/$name.pid" --filter=log \
    --filter="$filter" file www/disk.img logfile="$PWD/$name.nbdlog" "$@"
  wait_for "$name.pid"
  cleanup_fn "kill $(cat "$name.pid") 2>/dev/null || :"
  cat_ends "$limit" "$name" -a "nbd+unix:///?socket=$PWD/$name.sock"
  ends "$limit" "$name-df" "$top_builddir/tools/df/virt-df" \
    -a "nbd+unix:///?socket=$PWD/$name.sock"
  kill "$(cat "$name.pid")"
  grep -q ' Read ' "$name.nbdlog"
  refute grep -E -q ' (Write|Trim|Zero) ' "$name.nbdlog"
}

# Every read fails.
nbd nbd-eio 300 error error=EIO error-pread-rate=100%
# The export claims half the disk.
nbd nbd-half 300 truncate truncate=16M

# A server that answers NBD's handshake with garbage.
python3 - "$PWD/garbage.sock" <<'END' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(4)
while True:
    c, _ = s.accept()
    try:
        c.sendall(os.urandom(4096))
    except OSError:
        pass
    c.close()
END
gpid=$!
cleanup_fn "kill $gpid 2>/dev/null || :"
wait_for garbage.sock
cat_ends 60 nbd-garbage -a "nbd+unix:///?socket=$PWD/garbage.sock"
grep -q 'garbage.sock' nbd-garbage.err

# A server that stops answering after launch (nbdkit's pause filter):
# the guest's reads wait for ever, though the appliance is alive.  Its
# daemon stops reporting alive once the disk has had requests waiting
# and none completed for half the keep-alive limit, so the call fails
# after 1.5 times that limit, and qemu is stopped.
rm -f stall.sock stall.pid stall.ctl
nbdkit -U "$PWD/stall.sock" -P "$PWD/stall.pid" --filter=pause \
  file www/disk.img pause-control="$PWD/stall.ctl"
wait_for stall.pid
cleanup_fn "kill $(cat stall.pid) 2>/dev/null || :"
cat > pause.py <<'END'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"p")
assert s.recv(1) == b"P"
END
cat > stall.fish <<'END'
run
!python3 pause.py stall.ctl
checksum-device md5 /dev/sda
END
start=$(date +%s)
CAREEN_KEEPALIVE_TIMEOUT=10 ends 120 nbd-stall "$top_builddir/fish/guestfish" \
  --ro -a "nbd+unix:///?socket=$PWD/stall.sock" -f stall.fish
took=$(( $(date +%s) - start ))
grep -q 'CAREEN_KEEPALIVE_TIMEOUT' nbd-stall.err
refute test -s nbd-stall.out
[ "$took" -ge 10 ]
kill "$(cat stall.pid)"
