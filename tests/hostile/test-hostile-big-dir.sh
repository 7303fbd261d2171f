#!/bin/sh -
# careen - a directory with 1,000,000 entries.
#
# ls, readdir and find return a million names (as long replies, in
# chunks), with the library's memory bounded, and the appliance still
# answers (a lookup in the directory included).  guestfish's own peak RSS (VmHWM, which
# leaves out qemu) is read by guestfish's local command "!" at the end.
#
# In make check the directory is in a squashfs image made on the host
# (a million empty files in a scratch directory, about 30 s): creating
# them inside the appliance takes about 25 minutes under TCG.  The
# guest gets 4 GiB, since a million cached inodes thrash in the default
# 1280 MiB.  make check-slow also runs the ext4 case, where fill-dir
# makes the million files in the guest, and du over them (minutes
# under TCG).

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/hostile/functions.sh"
requires_appliance
requires python3 mksquashfs grep sed

# Runs the guestfish script on stdin with a time limit; fails on a
# guestfish failure or unbounded memory.
big_fish ()
{
  limit="$1"; shift
  set +e
  timeout "$limit" "$fish" "$@" > out 2> err
  rc=$?
  set -e
  tail -c 2000 out
  cat err
  [ "$rc" -eq 0 ] || { echo "guestfish failed ($rc)" >&2; exit 1; }
  grep -qx '== end' out
  # Every listing call succeeded.
  [ "$(grep -c -e 'ls:' -e 'readdir:' -e 'find:' err)" -eq 0 ]
  # 256 MiB: a million names are about 10 MB; anything near the size
  # of the whole directory times a copy or two is fine, unbounded is
  # not.
  rss_kb="$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB$/\1/p' out)"
  [ -n "$rss_kb" ] && [ "$rss_kb" -lt 262144 ] ||
    { echo "guestfish used $rss_kb KiB" >&2; exit 1; }
}

# A sanitizer build (CI) keeps up to 256 MiB of freed memory in
# quarantine, which would count as guestfish's own: it is kept small
# here so that the bound measures what guestfish holds.
if ldd "$top_builddir/lib/.libs/libguestfs.so.0" 2>/dev/null |
     grep -q libasan; then
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"
  export ASAN_OPTIONS
fi

# A million empty files on the host, in a squashfs image.  They are
# made in memory (/dev/shm) when it can hold them: on a disk, making
# and removing them takes minutes.
tree="$scratch/tree"
if [ -d /dev/shm ] && [ -w /dev/shm ] &&
   shm="$(mktemp -d /dev/shm/careen-big-dir.XXXXXX)"; then
  cleanup_fn rm -rf "$shm"
  tree="$shm"
fi
mkdir -p "$tree/big"
python3 -c '
import os, sys
for i in range(1000000):
    os.close(os.open("%s/big/f%07d" % (sys.argv[1], i),
                     os.O_CREAT | os.O_WRONLY, 0o644))
' "$tree"
mksquashfs "$tree" big.sqfs -quiet -no-progress -noappend > /dev/null
rm -rf "$tree"

LIBGUESTFS_MEMSIZE=4096 big_fish 1800 --ro --format=raw -a big.sqfs \
  -m /dev/sda <<'END'
-ls /big
-readdir /big
-find /big
is-file /big/f0999999
ls /
echo == end
!grep VmHWM /proc/$PPID/status
END
grep -qx 'true' out
grep -qx 'big' out
# The last name from ls, and from find of "/big" (libguestfs's names:
# a leading slash when the directory has no trailing one).
grep -qx 'f0999999' out
grep -qx '/f0999999' out

[ -n "${SLOW:-}" ] || exit 0

# ext4, filled inside the guest; enough inodes for a million files.
truncate -s 2G big.img
mkfs.ext4 -q -F -b 4096 -N 1100000 big.img
big_fish 3600 --format=raw -a big.img -m /dev/sda <<'END'
mkdir /big
fill-dir /big 1000000
echo == filled
-ls /big
-readdir /big
-find /big
du /big
ls /
echo == end
!grep VmHWM /proc/$PPID/status
END
grep -qx 'big' out
