#!/bin/sh -
# careen - a disk served over HTTP by a small range-answering server on
# 127.0.0.1: virt-ls and virt-cat show what the image holds, and the
# image is unchanged afterwards (its checksum).

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
. "$top_srcdir/tests/remote/functions-remote.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 mkfs.ext4 python3 md5sum

ls_="$top_builddir/tools/ls/virt-ls"
cat_="$top_builddir/tools/cat/virt-cat"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

mkdir root root/sub www
printf 'hello, http\n' > root/hello.txt
printf 'deep\n' > root/sub/deep.txt
make_disk root 'www/disk one.img'
sum="$(md5sum < 'www/disk one.img')"

python3 "$top_srcdir/tests/remote/http-range-server.py" "$scratch/www" \
  "$scratch/port" 2> "$scratch/http.log" &
pid=$!
cleanup_fn "kill $pid 2>/dev/null || :"
wait_for "$scratch/port"
port="$(cat "$scratch/port")"

# The space in the name travels percent-encoded, both ways.
url="http://127.0.0.1:$port/disk%20one.img"
$VG "$ls_" --format=raw -a "$url" -m /dev/sda -R / > out
printf 'hello.txt\nlost+found\nsub\nsub/deep.txt\n' | expect_output out
$VG "$cat_" --format=raw -a "$url" -m /dev/sda /sub/deep.txt > out
printf 'deep\n' | expect_output out
[ "$(md5sum < 'www/disk one.img')" = "$sum" ]
grep -q 'GET /disk%20one.img' http.log
