#!/bin/sh -
# careen - a directory with 1,000,000 entries (slow: make check-slow).
#
# ls, readdir and find cannot return a million names in one reply:
# they must fail clearly (or return them all), with the library's
# memory bounded; du must work and the appliance must still answer.
# guestfish's peak RSS is measured with GNU time when it is installed.
# Under TCG, fill-dir alone takes about 25 minutes (measured here):
# hence the hour's limit.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/hostile/functions.sh"
slow_test
requires_appliance
requires truncate mkfs.ext4

# Enough inodes for a million empty files.
truncate -s 2G big.img
mkfs.ext4 -q -F -b 4096 -N 1100000 big.img

memtime=""
[ ! -x /usr/bin/time ] || memtime="/usr/bin/time -f %M -o rss"
echo 0 > rss
set +e
timeout 3600 $memtime "$fish" --format=raw -a big.img -m /dev/sda \
  > out 2> err <<'END'
mkdir /big
fill-dir /big 1000000
echo == filled
-ls /big
-readdir /big
-find /big
du /big
ls /
echo == end
END
rc=$?
set -e
tail -c 2000 out
cat err rss
[ "$rc" -eq 0 ] || { echo "guestfish failed ($rc)" >&2; exit 1; }
grep -qx '== end' out
grep -qx 'big' out
# Each listing call failed with its own clear error (seen here: the
# reply would exceed the protocol's 4 MiB message limit).
[ "$(grep -c -e 'ls:' -e 'readdir:' -e 'find:' err)" -eq 3 ]
# 256 MiB: a million names are about 10 MB; anything near the size of
# the whole directory times a copy or two is fine, unbounded is not.
rss_kb="$(tail -n 1 rss)"
[ "$rss_kb" -lt 262144 ] || { echo "guestfish used $rss_kb KiB" >&2; exit 1; }
