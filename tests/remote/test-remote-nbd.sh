#!/bin/sh -
# careen - disks served over NBD by qemu-nbd, on a unix socket and on
# 127.0.0.1: guestfish, virt-ls and virt-cat show what the image
# holds; read-only access leaves the image unchanged (its checksum),
# writable access changes it; an unreachable server is reported.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
. "$top_srcdir/tests/remote/functions-remote.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-nbd mkfs.ext4 debugfs python3 md5sum

fish="$top_builddir/fish/guestfish"
ls_="$top_builddir/tools/ls/virt-ls"
cat_="$top_builddir/tools/cat/virt-cat"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

mkdir root root/dir
printf 'hello, nbd\n' > root/hello.txt
printf 'a,b c\n' > 'root/dir/with,comma'
make_disk root disk.img
sum="$(md5sum < disk.img)"

# -t: the server stays up for every client of the test.
qemu-nbd -t -f raw -k "$scratch/nbd.sock" --pid-file="$scratch/unix.pid" \
  disk.img &
cleanup_fn 'kill $(cat "$scratch/unix.pid") 2>/dev/null || :'
wait_for "$scratch/unix.pid"
wait_for "$scratch/nbd.sock"

# Read-only over the unix socket: the files, and a write (past the
# filesystem's last block) that goes to the throw-away overlay only.
$VG "$fish" --ro -a "nbd+unix:///?socket=$scratch/nbd.sock" -m /dev/sda \
  > out <<'FISH'
cat /hello.txt
ls /dir
checksum md5 /dir/with,comma
pwrite-device /dev/sda "overlay" 33550336
pread-device /dev/sda 7 33550336
blockdev-getsize64 /dev/sda
FISH
{
  printf 'hello, nbd\n\n'
  echo 'with,comma'
  md5sum < 'root/dir/with,comma' | cut -d' ' -f1
  echo 7
  printf overlay
  echo 33554432
} | expect_output out
[ "$(md5sum < disk.img)" = "$sum" ]

$VG "$ls_" -a "nbd:///?socket=$scratch/nbd.sock" -m /dev/sda / > out
printf 'dir\nhello.txt\nlost+found\n' | expect_output out

# Over TCP on a free port of 127.0.0.1.
port="$(free_port)"
qemu-nbd -t -f raw -b 127.0.0.1 -p "$port" --pid-file="$scratch/tcp.pid" \
  disk.img &
cleanup_fn 'kill $(cat "$scratch/tcp.pid") 2>/dev/null || :'
wait_for "$scratch/tcp.pid"
$VG "$cat_" -a "nbd://127.0.0.1:$port" -m /dev/sda /hello.txt > out
printf 'hello, nbd\n' | expect_output out
[ "$(md5sum < disk.img)" = "$sum" ]

# Writable: the change reaches the image on the server.
$VG "$fish" -a "nbd://127.0.0.1:$port" -m /dev/sda \
  write /written "written over nbd"
kill "$(cat "$scratch/tcp.pid")" "$(cat "$scratch/unix.pid")"
sleep 0.5
[ "$(md5sum < disk.img)" != "$sum" ]
[ "$(debugfs -R 'cat /written' disk.img 2>/dev/null)" = "written over nbd" ]

# A qcow2 served over NBD whose header names a file of this host as its
# backing file: careen cannot check a remote header, so qemu opens the
# image without a backing file and the host file's bytes never show.
yes 'HOST SECRET' | head -c 1M > secret.raw
qemu-img create -q -f qcow2 -b "$scratch/secret.raw" -F raw hostile.qcow2 1M
qemu-nbd -t -f raw -k "$scratch/hostile.sock" \
  --pid-file="$scratch/hostile.pid" hostile.qcow2 &
cleanup_fn 'kill $(cat "$scratch/hostile.pid") 2>/dev/null || :'
wait_for "$scratch/hostile.pid"
wait_for "$scratch/hostile.sock"
$VG "$fish" --ro --format=qcow2 -a "nbd+unix:///?socket=$scratch/hostile.sock" \
  run : pread-device /dev/sda 1048576 0 > out
[ "$(wc -c < out)" -eq 1048576 ]
if grep -q 'SECRET' out; then echo "the host file's bytes show" >&2; exit 1; fi
kill "$(cat "$scratch/hostile.pid")"

# Nobody listens: qemu's error, naming the address, at launch.
status=0
$VG "$fish" -a "nbd://127.0.0.1:$port" run 2> err || status=$?
[ "$status" -eq 1 ]
grep -q "Failed to connect to '127.0.0.1:$port'" err
