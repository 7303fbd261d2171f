#!/bin/sh -
# careen - a 10,000-deep directory tree (about 40 s).
#
# Paths inside it are far longer than PATH_MAX.  It is built inside
# the guest from five 2,000-deep chains, each moved to the bottom of
# the previous one (every single path stays under PATH_MAX).  Then:
# find and find0 (whose results cannot fit a reply) give a clear
# error or a bounded result, du works, copy-out brings back what fits
# a host path and nothing outside the target, and rm-rf removes it.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/hostile/functions.sh"
requires_appliance

chain="$(printf '/d%.0s' $(seq 2000))"
mkdir box box/target

{
  echo "mkdir-p /x1$chain"
  for i in 2 3 4 5; do echo "mkdir-p /x$i$chain"; done
  for i in 5 4 3 2; do echo "mv /x$i /x$((i-1))$chain/x$i"; done
  echo "echo == built"
  echo "-find /x1"
  echo "-find0 /x1 box/find0"
  echo "du /x1"
  echo "-copy-out /x1 box/target"
  echo "rm-rf /x1"
  echo "ls /"
  echo "echo == end"
} > script

fish_rc -N fs.img=fs:ext4:256M -m /dev/sda1 < script > out 2> err
tail -c 2000 out
tail -c 4000 err
[ "$rc" -eq 0 ] || { echo "guestfish failed ($rc)" >&2; exit 1; }
grep -qx '== built' out
grep -qx '== end' out
grep -qx 'lost+found' out

only_entries . box err fs.img out script
rm -f box/find0
only_entries box target
no_special_files box
