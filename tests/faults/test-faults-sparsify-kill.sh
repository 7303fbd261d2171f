#!/bin/sh -
# careen - virt-sparsify (copying mode) killed part way: SIGINT,
# SIGTERM and SIGKILL to virt-sparsify and SIGKILL to its qemu, while
# it examines the disk and while it copies, and an output directory
# that is full.  outdisk is written under OUTDISK.partial.XXXXXX and
# renamed only at the end: a killed or failed run leaves outdisk absent
# (or, when it existed, as it was), and the partial file is removed
# except after SIGKILL.  The input is never written.  make check-slow
# adds random kill points (SEED replays them).

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img pgrep sha256sum truncate od

tool="$top_builddir/tools/sparsify/virt-sparsify"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-sparsify is not built"

. "$top_srcdir/tests/faults/kill-points.sh"
kill_points_setup
# virt-sparsify's overlay goes here; only its SIGKILL leaves it.
mkdir out sptmp

# An ext4 with 32 MB of random data (the compressed copy of which
# takes long enough to be killed in) and free space to fill.
img="$scratch/src.img"
truncate -s 160M "$img"
head -c 32M /dev/urandom > random.bin
$VG "$fish" --format=raw -a "$img" -- run : part-disk /dev/sda mbr : \
  mkfs ext4 /dev/sda1 : mount /dev/sda1 / : upload random.bin /random.bin
rm random.bin
sum_before="$(sha256sum < "$img")"

# check_output SIGNAL [OLD]: what a killed (or finished) run left in
# out/; OLD is the checksum of an outdisk that was there before.
check_output ()
{
  kp_check_gone
  kp_check_status "$1"
  ls -la out
  if [ "$kp_status" = 0 ]; then
    [ "$(ls out)" = new.qcow2 ]
    qemu-img check out/new.qcow2
  else
    if [ -n "${2:-}" ]; then
      [ "$(sha256sum < out/new.qcow2)" = "$2" ]
    else
      [ ! -e out/new.qcow2 ]
    fi
    if [ "$1" = KILL ]; then
      refute sh -c "ls out | grep -v '^new\\.qcow2\\(\\.partial\\.......\\)\\?\$'"
      rm -f sptmp/*
    else
      refute sh -c "ls out | grep -v '^new\\.qcow2\$'"
    fi
  fi
  [ -z "$(ls -A sptmp)" ]
  rm -f out/*
  [ "$(sha256sum < "$img")" = "$sum_before" ]
}

sparsify ()
{
  "$@" $VG "$tool" --format=raw --convert qcow2 --compress \
    --tmp "$scratch/sptmp" "$img" out/new.qcow2
}

sparsify kill_at_message INT 'Examine source disk' log
check_output INT
sparsify kill_at_message QEMU 'Examine source disk' log
check_output QEMU
[ "$kp_status" = 1 ]
sparsify kill_at_message TERM 'Copy to destination' log
check_output TERM
sparsify kill_at_message KILL 'Copy to destination' log
check_output KILL
# An outdisk that was there: left as it was when the run is killed.
echo old > out/new.qcow2
old="$(sha256sum < out/new.qcow2)"
sparsify kill_at_message TERM 'Copy to destination' log
check_output TERM "$old"

# outdisk on a filesystem that cannot hold it: qemu-img fails, nothing
# is left.
if mkdir small && mount -t tmpfs -o size=8m careen-test small 2>/dev/null
then
  cleanup_fn "umount '$scratch/small' 2>/dev/null || :"
  status=0
  $VG "$tool" --format=raw "$img" small/new.img > log 2>&1 || status=$?
  cat log
  [ "$status" = 1 ]
  grep -F "nothing was written to 'small/new.img'" log
  [ -z "$(ls -A small)" ]
  umount small
else
  echo "$test_name: full output not tested: cannot mount a tmpfs here"
fi

# make check-slow: random points in the time of a whole run.
if [ -n "${SLOW:-}" ]; then
  kill_at_random 12 sparsify check_output
fi
