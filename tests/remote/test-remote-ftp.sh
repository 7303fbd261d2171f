#!/bin/sh -
# careen - disks served over FTP and implicit FTPS by a small read-only
# server on 127.0.0.1 (tests/remote/ftp-server.py) that wants a user
# and password: with them in the -a URI the disk reads as the local
# image does, in guestfish and virt-cat, and is never written; a wrong
# password is refused with the server's answer.  FTPS checks the
# server's certificate as HTTPS does: the test trusts its own CA in a
# private mount namespace (see test-remote-https.sh).

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

make_tls_test_files 'hello, ftp'
sum="$(md5sum < www/disk.img)"
trust_test_ca tls/ca.pem

# start_ftp NAME [--tls CERT KEY]: a server logging to NAME.log, its
# port in NAME.port.
start_ftp ()
{
  name="$1"; shift
  python3 "$top_srcdir/tests/remote/ftp-server.py" "$@" "$scratch/www" \
    alice 's3cr:t' "$scratch/$name.port" 2> "$scratch/$name.log" &
  cleanup_fn "kill $! 2>/dev/null || :"
  wait_for "$scratch/$name.port"
}
start_ftp ftp
start_ftp ftps --tls tls/server.pem tls/server.key

# The password travels percent-encoded in the URI.
ftp="ftp://alice:s3cr%3At@127.0.0.1:$(cat ftp.port)/disk.img"
ftps="ftps://alice:s3cr%3At@127.0.0.1:$(cat ftps.port)/disk.img"

same_as_local www/disk.img "$ftp" 'hello, ftp'
$VG "$cat_" --format=raw -a "$ftp" -m /dev/sda /hello.txt > out
printf 'hello, ftp\n' | expect_output out
grep -q '^> RETR disk.img' ftp.log

same_as_local www/disk.img "$ftps" 'hello, ftp'
$VG "$cat_" --format=raw -a "$ftps" -m /dev/sda /hello.txt > out
printf 'hello, ftp\n' | expect_output out
grep -q '^> RETR disk.img' ftps.log

# Nothing was written (the server refuses writes, and logs them).
[ "$(md5sum < www/disk.img)" = "$sum" ]
refute grep -q '^> STOR\|^> APPE' ftp.log ftps.log

# A wrong password: the server's refusal is in the message.
status=0
$VG "$fish" --ro --format=raw \
  -a "ftp://alice:wrong@127.0.0.1:$(cat ftp.port)/disk.img" run 2> err ||
  status=$?
cat err
[ "$status" -eq 1 ]
grep -q "530\|Access denied\|Login denied" err
