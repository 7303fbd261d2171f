#!/bin/sh -
# careen - remote drives refused when they are added (no appliance):
# each protocol's rules on servers, username, secret and path, a qemu
# block driver that is not installed, and bad -a URIs.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped

fish="$top_builddir/fish/guestfish"
cat_="$top_builddir/tools/cat/virt-cat"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Runs guestfish's add with the given arguments; it must fail with a
# message matching $1.
refused ()
{
  want="$1"; shift
  status=0
  $VG "$fish" -- add "$@" 2> err || status=$?
  [ "$status" -eq 1 ]
  grep -q -- "$want" err || { cat err; exit 1; }
}

refused "exactly one server" "" protocol:nbd
refused "exactly one server" "" protocol:nbd "server:a b"
refused "unknown protocol 'gopher'" x protocol:gopher server:a
refused "invalid port" "" protocol:nbd server:tcp:a:99999
refused "invalid port" "" protocol:nbd server:a:
refused "must be an absolute path" "" protocol:nbd server:unix:rel
refused "needs a TCP server" /d protocol:ssh server:unix:/s format:raw
refused "a username cannot be used" "" protocol:nbd server:a username:u
refused "ssh-agent" /d protocol:ssh server:a username:u secret:s
refused "a secret needs a username" /d protocol:http server:a secret:s
refused "POOL/IMAGE" pool protocol:rbd format:raw
refused "TARGET-IQN/LUN" iqn.x protocol:iscsi server:a format:raw
refused "VOLUME/PATH" vol protocol:gluster server:a format:raw
refused "must not be empty" "" protocol:http server:a format:raw
refused "give the image's format" /d.img protocol:http server:a
refused "only be used with network protocols" d.img server:a
refused "no longer has a driver" /d protocol:tftp server:a
refused "tcp:HOST" "" protocol:nbd server:[::1

# A qemu without the curl module: the protocol is named at once.
mkdir nomodules
status=0
QEMU_MODULE_DIR="$scratch/nomodules" \
  $VG "$fish" --format=raw -a http://127.0.0.1:1/d.img run 2> err || status=$?
[ "$status" -eq 1 ]
grep -q "protocol 'http': qemu's 'curl' block driver is not installed" err

# Bad URIs, named in the message; a local file keeps its access check.
status=0
$VG "$cat_" -a 'gopher://h/d' /x 2> err || status=$?
[ "$status" -eq 1 ]
grep -q "^virt-cat: -a gopher://h/d: unknown protocol 'gopher'" err
status=0
$VG "$cat_" -a 'nbd://h?socket=/s' /x 2> err || status=$?
[ "$status" -eq 1 ]
grep -q "either a host or a socket" err
status=0
$VG "$cat_" -a 'file:///nonexistent/d.img' /x 2> err || status=$?
[ "$status" -eq 1 ]
grep -q "^virt-cat: access: /nonexistent/d.img: No such file" err

# The drive as add_drive recorded it.
$VG "$fish" <<'FISH' > out
add "exp,1" protocol:nbd server:tcp:[::1]:10810 readonly:true
add pool/img protocol:rbd "server:m1 m2:6790" username:admin secret:AAAA format:raw
debug-drives
FISH
grep -q 'drive 0: nbd:exp,1 server=::1 format=raw readonly' out
grep -q 'drive 1: rbd:pool/img server=m1 format=raw' out
