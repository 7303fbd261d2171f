#!/bin/sh -
# careen - a remote disk whose server stops answering before the
# appliance has booted: nbdkit's pause filter, paused before launch,
# accepts the connection and the handshake, then holds every read.
# The kernel's partition scan of that disk blocks init before the
# daemon runs; init's watcher (appliance/boot-stall.c) reports it on
# the console after careen.stall= seconds (half the keep-alive limit)
# and the library stops the launch with an error naming the drive.
#
# The launch must fail within the limit below (not the 20-minute launch
# limit), name the drive and its socket, and leave no qemu behind.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
. "$top_srcdir/tests/remote/functions-remote.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 mkfs.ext4 python3 timeout nbdkit pgrep

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

mkdir root
printf 'stalled\n' > root/hello.txt
make_disk root disk.img 8M

nbdkit -U "$PWD/stall.sock" -P "$PWD/stall.pid" --filter=pause \
  file disk.img pause-control="$PWD/stall.ctl"
wait_for stall.pid
cleanup_fn "kill -9 $(cat stall.pid) 2>/dev/null || :"
wait_for stall.ctl
python3 - "$PWD/stall.ctl" <<'END'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"p")
assert s.recv(1) == b"P"
END

# careen.stall=5: the boot is given up 5 s after the disk's first read
# hangs; 90 s leaves room for a slow boot under TCG on a loaded host.
CAREEN_KEEPALIVE_TIMEOUT=10
export CAREEN_KEEPALIVE_TIMEOUT
start=$(date +%s)
set +e
timeout -k 10 90 $VG "$top_builddir/fish/guestfish" --ro --format=raw \
  -a "nbd+unix:///?socket=$PWD/stall.sock" run > fish.out 2> fish.err
rc=$?
set -e
took=$(( $(date +%s) - start ))
cat fish.err
echo "launch ended with $rc after $took s"
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && [ "$rc" -ne 137 ]
[ "$took" -ge 5 ]
grep -q 'stopped answering while the appliance booted' fish.err
grep -q "drive 0 .*unix:$PWD/stall.sock.*/dev/sda" fish.err
refute test -s fish.out

# No qemu of this test is left: it was stopped with the handle.
sleep 1
refute pgrep -f "qemu.*$PWD/stall.sock"
