#!/bin/sh -
# careen - rbd and gluster drives, whose servers (a Ceph cluster, a
# gluster volume) cannot run here: Ceph needs monitors, managers and
# OSDs, far too heavy for a test, and gluster refuses a brick on a
# loopback address, while these tests listen on 127.0.0.1 only.  What
# is tested instead: the -drive options careen gives qemu (a stand-in
# qemu records them and stops), the rbd key reaching qemu through a
# file and never its command line, and a missing server refused at
# once naming the protocol (gluster by qemu, rbd by careen's check of
# the monitors: librados would wait five minutes).

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
. "$top_srcdir/tests/remote/functions-remote.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 python3
have_qemu_block rbd || skip "qemu's rbd block driver is not installed"
have_qemu_block gluster || skip "qemu's gluster block driver is not installed"

fish="$top_builddir/fish/guestfish"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# The stand-in qemu: the real one for everything but the launch, which
# it records (the remote drive's options, and the secret's file) and
# fails.
cat > qemu <<QEMU
#!/bin/sh
for a in "\$@"; do
  case "\$a" in
  secret,*file=*) cat "\${a##*file=}" > "$scratch/secret" ;;
  file.driver=*) printf '%s\n' "\$a" > "$scratch/drive"
                 printf '%s\n' "\$*" > "$scratch/cmdline"
                 echo "stand-in qemu: stopped" >&2; exit 1 ;;
  esac
done
exec qemu-system-x86_64 "\$@"
QEMU
chmod +x qemu

# A port that accepts connections, as a Ceph monitor's would (careen
# only checks that one answers).
python3 -c '
import os, socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
open(sys.argv[1] + ".tmp", "w").write("%d\n" % s.getsockname()[1])
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(600)' "$scratch/monport" &
cleanup_fn "kill $! 2>/dev/null || :"
wait_for "$scratch/monport"
mon="$(cat monport)"

status=0
$VG "$fish" <<FISH 2> err || status=$?
set-hv $scratch/qemu
add pool/img,x protocol:rbd "server:127.0.0.1:$mon 192.0.2.1" username:admin secret:AQBkey== format:raw readonly:true
run
FISH
cat err
[ "$status" -eq 1 ]
grep -q 'stand-in qemu: stopped' err
expect_output drive <<DRIVE
file.driver=rbd,file.pool=pool,file.image=img,,x,file.user=admin,file.key-secret=sec0,file.server.0.host=127.0.0.1,file.server.0.port=$mon,file.server.1.host=192.0.2.1,file.server.1.port=6789,if=none,id=hd0,format=raw,cache=writeback,werror=report,rerror=report,detect-zeroes=on,snapshot=on
DRIVE
printf 'AQBkey==' | expect_output secret
refute grep -q 'AQBkey' cmdline

rm -f drive
status=0
$VG "$fish" <<FISH 2> err || status=$?
set-hv $scratch/qemu
add vol/dir/d.img protocol:gluster server:unix:/run/gl.sock format:qcow2 readonly:true
run
FISH
[ "$status" -eq 1 ]
expect_output drive <<'DRIVE'
file.driver=gluster,file.volume=vol,file.path=dir/d.img,file.server.0.type=unix,file.server.0.path=/run/gl.sock,backing=,if=none,id=hd0,format=qcow2,cache=writeback,werror=report,rerror=report,detect-zeroes=on,snapshot=on
DRIVE

# No server: refused within seconds, naming the protocol.
# launch_refused URI MESSAGE
launch_refused ()
{
  status=0
  $VG "$fish" --ro --format=raw -a "$1" run 2> err || status=$?
  cat err
  [ "$status" -eq 1 ]
  grep -q -- "$2" err
}
closed="$(free_port)"
start=$(date +%s)
launch_refused "rbd://127.0.0.1:$closed/pool/img" \
  "rbd: 'pool/img': no Ceph monitor answers (1 tried, the last 127.0.0.1:$closed: Connection refused)"
launch_refused "gluster://127.0.0.1:$closed/vol/img" \
  "Gluster connection for volume vol, path img failed to connect"
[ $(( $(date +%s) - start )) -lt 60 ]
