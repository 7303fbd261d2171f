#!/bin/sh -
# careen - the appliance's network (set_network, guestfish --network)
# and the rsync calls: an rsync daemon on 127.0.0.1 with its own
# configuration, reached from the appliance as 10.0.2.2 (qemu's
# user-mode network maps it to the host's loopback).  Files go both
# ways (rsync_in, rsync_out, with archive and deletedest), rsync copies
# between guest directories, and without a network the remote calls
# fail clearly.  Nothing is addressed beyond 10.0.2.2.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
. "$top_srcdir/tests/remote/functions-remote.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 mkfs.ext4 python3 rsync

fish="$top_builddir/fish/guestfish"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# What the server offers, and a directory it receives into.
mkdir -p src/sub dst
printf 'from the host\n' > src/hello.txt
printf 'deep\n' > src/sub/deep.txt
chmod 0640 src/sub/deep.txt

# The guest disk: a tree to send out and a stale file that deletedest
# must remove.
mkdir -p root/out/tree root/in
printf 'from the guest\n' > root/out/guest.txt
printf 'leaf\n' > root/out/tree/leaf.txt
printf 'stale\n' > root/in/stale.txt
make_disk root disk.img

port="$(free_port)"
cat > rsyncd.conf <<CONF
pid file = $scratch/rsyncd.pid
use chroot = no
uid = $(id -u)
gid = $(id -g)
[src]
  path = $scratch/src
  read only = yes
[dst]
  path = $scratch/dst
  read only = no
CONF
rsync --daemon --no-detach --address=127.0.0.1 --port="$port" \
  --config="$scratch/rsyncd.conf" --log-file="$scratch/rsyncd.log" &
pid=$!
cleanup_fn "kill $pid 2>/dev/null || :"
# Ready when it lists its modules.
n=0
until rsync "rsync://127.0.0.1:$port/" > /dev/null 2>&1; do
  n=$((n + 1)); [ "$n" -lt 100 ]; sleep 0.1
done
remote="rsync://10.0.2.2:$port"

# One launch with the network: eth0 is up with qemu's addresses, files
# come in (deletedest removes the stale one) and go out, and rsync
# copies between guest directories.
$VG "$fish" --network --format=raw -a disk.img -m /dev/sda > out <<FISH
get-network
debug ls /sys/class/net
rsync-in $remote/src/ /in archive:true deletedest:true
find /in
cat /in/sub/deep.txt
stat /in/sub/deep.txt | grep mode
rsync-out /out/ $remote/dst/ archive:true
rsync /out/tree /copy archive:true
find /copy
mkdir /whole
rsync / /whole/ archive:true
ls /whole/out
FISH
cat > expected <<'EXP'
true
.
..
eth0
lo

/hello.txt
/sub
/sub/deep.txt
deep

mode: 33184
/tree
/tree/leaf.txt
guest.txt
tree
EXP
expect_output out < expected
[ "$(cat dst/guest.txt)" = 'from the guest' ]
[ "$(cat dst/tree/leaf.txt)" = 'leaf' ]

# Without a network there is no eth0 and the remote calls say why; the
# guest copy needs none.  A remote that rsync would take as an option
# is refused.
$VG "$fish" --format=raw -a disk.img -m /dev/sda > out 2> err <<FISH
debug ls /sys/class/net
rsync /out/guest.txt /copy2
cat /copy2
-rsync-in $remote/src/ /in
-rsync-out /out -e.sh
FISH
printf '.\n..\nlo\n\nfrom the guest\n\n' | expect_output out
grep -q 'rsync_in: the appliance has no network' err
grep -q 'rsync_out: -e.sh: not an rsync source or destination' err
