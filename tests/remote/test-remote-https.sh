#!/bin/sh -
# careen - a disk served over HTTPS (the range server of the HTTP test
# with a certificate the test makes): qemu's curl driver checks the
# server's certificate against the host's CA certificates, as in
# libguestfs, so an untrusted one is refused with the reason; trusted
# (the test's CA added to the host's bundle in a private mount
# namespace) the disk reads as the local image does, in guestfish and
# virt-cat, and is never written.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
. "$top_srcdir/tests/remote/functions-remote.sh"
set -e
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 mkfs.ext4 python3 md5sum
requires_curl_tls
enter_private_mount_ns "$@"
set -x

fish="$top_builddir/fish/guestfish"
cat_="$top_builddir/tools/cat/virt-cat"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

make_tls_test_files 'hello, https'
sum="$(md5sum < www/disk.img)"

python3 "$top_srcdir/tests/remote/http-range-server.py" \
  --tls tls/server.pem tls/server.key "$scratch/www" "$scratch/port" \
  2> "$scratch/https.log" &
pid=$!
cleanup_fn "kill $pid 2>/dev/null || :"
wait_for "$scratch/port"
url="https://127.0.0.1:$(cat "$scratch/port")/disk.img"

# Not trusted yet: qemu refuses the certificate, and says so.
status=0
$VG "$fish" --ro --format=raw -a "$url" run 2> err || status=$?
cat err
[ "$status" -eq 1 ]
grep -q "certificate" err

trust_test_ca tls/ca.pem
same_as_local www/disk.img "$url" 'hello, https'
$VG "$cat_" --format=raw -a "$url" -m /dev/sda /hello.txt > out
printf 'hello, https\n' | expect_output out
[ "$(md5sum < www/disk.img)" = "$sum" ]
grep -q 'GET /disk.img' https.log
