#!/bin/sh -
# careen - a disk served over iSCSI by tgtd (Debian's tgt, a target in
# user space, so no kernel modules) on 127.0.0.1 on a free port, with a
# CHAP user: with the user and password in the -a URI the disk reads as
# the local image does, in guestfish and virt-cat, and is never written
# (the LUN itself is writable); a wrong password is refused naming
# iSCSI.  tgtd's control socket is numbered (at most 32767) from the
# port, so that tests running at once do not share one; tgtd ignores
# SIGTERM and is stopped through it.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
. "$top_srcdir/tests/remote/functions-remote.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 mkfs.ext4 python3 md5sum
tgtd=/usr/sbin/tgtd
[ -x "$tgtd" ] || skip "tgtd is not installed (Debian's tgt package)"
command -v tgtadm > /dev/null || skip "tgtadm is not installed"
have_qemu_block iscsi || skip "qemu's iscsi block driver is not installed"
# tgtd keeps its control socket in /run/tgtd.
[ "$(id -u)" -eq 0 ] || skip "tgtd needs root"

fish="$top_builddir/fish/guestfish"
cat_="$top_builddir/tools/cat/virt-cat"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

mkdir root
printf 'hello, iscsi\n' > root/hello.txt
make_disk root disk.img 8M
sum="$(md5sum < disk.img)"

port="$(free_port)"
ctl=$((port % 30000 + 1000))
iqn=iqn.2026-12.org.careen:test
mkdir -p /run/tgtd
"$tgtd" -f -C "$ctl" --iscsi portal="127.0.0.1:$port" > "$scratch/tgtd.log" 2>&1 &
pid=$!
cleanup_fn "tgtadm -C $ctl --op delete --mode system 2>/dev/null || :; sleep 0.5; kill -9 $pid 2>/dev/null || :; rm -f /run/tgtd/socket.$ctl /run/tgtd/socket.$ctl.lock"
wait_for "/run/tgtd/socket.$ctl"
adm ()
{
  n=0
  # The control socket appears before tgtd answers on it.
  until tgtadm -C "$ctl" --lld iscsi "$@"; do
    n=$((n + 1))
    [ "$n" -lt 50 ] || exit 1
    sleep 0.1
  done
}
adm --op new --mode target --tid 1 -T "$iqn"
adm --op new --mode logicalunit --tid 1 --lun 1 -b "$scratch/disk.img"
adm --op new --mode account --user alice --password 's3cret:pass'
adm --op bind --mode account --tid 1 --user alice
adm --op bind --mode target --tid 1 -I 127.0.0.1

url="iscsi://alice:s3cret%3Apass@127.0.0.1:$port/$iqn/1"
same_as_local disk.img "$url" 'hello, iscsi'
$VG "$cat_" --format=raw -a "$url" -m /dev/sda /hello.txt > out
printf 'hello, iscsi\n' | expect_output out
[ "$(md5sum < disk.img)" = "$sum" ]

# Refusals name the protocol, each from qemu at once.
status=0
$VG "$fish" --ro --format=raw \
  -a "iscsi://alice:wrong@127.0.0.1:$port/$iqn/1" run 2> err || status=$?
cat err
[ "$status" -eq 1 ]
grep -q "iSCSI.*Authentication failure" err
