#!/bin/sh -
# careen - virt-v2v killed part way: SIGINT, SIGTERM and SIGKILL to
# virt-v2v, SIGKILL to its qemu, at its progress messages (opening,
# converting, copying) and the output directory full (a small tmpfs,
# when the test may mount one).  Whatever the point, the source is
# unchanged and -os holds no output that looks complete: nothing at all
# after a signal virt-v2v can catch or a failure, only *.partial files
# after its SIGKILL, and never the metadata (NAME.xml, NAME.sh), which
# is written last.  A run that ends on its own has the whole output.
# make check-slow adds random kill points (SEED in the log replays them).

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img pgrep sha256sum truncate od
. "$top_srcdir/tests/guests/guests.sh"

v2v="$top_builddir/tools/v2v/virt-v2v"
fish="$top_builddir/fish/guestfish"
[ -x "$v2v" ] || skip "virt-v2v is not built"

img="$(guest_image windows)"
. "$top_srcdir/tests/faults/kill-points.sh"
kill_points_setup
mkdir v2vtmp
export VIRT_V2V_TMPDIR="$scratch/v2vtmp"
sh "$top_srcdir/tests/v2v/make-virtio-win.sh" "$scratch/virtio-win"
export VIRTIO_WIN="$scratch/virtio-win/new"

# The Windows test guest with room for a conversion (as in
# tests/v2v/test-v2v-output.sh), and 64 MB of random data, so that the
# compressed copy takes long enough to be killed in.
cp --sparse=always "$img" win.img
truncate -s 300M win.img
head -c 64M /dev/urandom > random.bin
$VG "$fish" -a win.img <<'END'
run
part-resize /dev/sda 1 614399
ntfsresize /dev/sda1
mount /dev/sda1 /
upload random.bin /random.bin
END
rm random.bin
sum_before="$(sha256sum < win.img)"

# check_output DIR SIGNAL SUFFIX: what a killed (or finished) run left.
check_output ()
{
  co_dir="$1"; co_sig="$2"; co_meta="$3"
  kp_check_gone
  kp_check_status "$co_sig"
  ls -la "$co_dir"
  if [ "$kp_status" = 0 ]; then
    # It finished before the kill: the whole output is there.
    [ -f "$co_dir/win-sda" ] && [ -f "$co_dir/win$co_meta" ]
    refute ls "$co_dir"/*.partial
    qemu-img check -q "$co_dir/win-sda" 2>/dev/null ||
      qemu-img info "$co_dir/win-sda" > /dev/null
  else
    # Never the metadata: the output cannot pass for complete.
    [ ! -e "$co_dir/win$co_meta" ]
    if [ "$co_sig" = KILL ]; then
      # Only partial files, under names that say so.
      refute sh -c "ls '$co_dir' | grep -v '\\.partial\$'"
      rm -rf "$co_dir"/* v2vtmp/*
    else
      [ -z "$(ls -A "$co_dir")" ]
      [ -z "$(ls -A v2vtmp)" ]
    fi
  fi
  rm -rf "$co_dir"/*
  [ "$(sha256sum < win.img)" = "$sum_before" ]
}

mkdir out
# SIGINT while the appliance starts.
kill_at_message INT 'Opening the source' log \
  $VG "$v2v" -i disk win.img -o local -os out
check_output out INT .xml
# SIGTERM in the conversion, to -o qemu.
kill_at_message TERM 'Converting Windows' log \
  $VG "$v2v" -i disk win.img -o qemu -os out
check_output out TERM .sh
# qemu killed under the inspection: a clear error, nothing written.
kill_at_message QEMU 'Inspecting the source' log \
  $VG "$v2v" -i disk win.img -o local -os out
check_output out QEMU .xml
[ "$kp_status" = 1 ]
grep -q 'error: inspect_os: appliance closed the connection' log
# SIGKILL to virt-v2v in the middle of the copy (its first progress
# line): the partial disk may stay, no metadata.
kill_at_message KILL '^progress: [0-9]' log \
  $VG "$v2v" -i disk win.img -o local -os out -of qcow2 -oo compressed \
  --machine-readable
check_output out KILL .xml

# -os on a filesystem too small for the disk: the copy fails, and
# nothing is left.
if mkdir small && mount -t tmpfs -o size=8m careen-test small 2>/dev/null
then
  cleanup_fn "umount '$scratch/small' 2>/dev/null || :"
  status=0
  $VG "$v2v" -i disk win.img -o local -os small -q 2> err || status=$?
  cat err
  [ "$status" = 1 ]
  grep -q 'qemu-img convert .* failed' err
  [ -z "$(ls -A small)" ]
  [ -z "$(ls -A v2vtmp)" ]
  umount small
else
  echo "$test_name: full -os not tested: cannot mount a tmpfs here"
fi

# make check-slow: random points in the time of a whole run.
convert ()
{
  "$@" $VG "$v2v" -i disk win.img -o local -os out -of qcow2 \
    -oo compressed -q
}
check_local () { check_output out "$1" .xml; }
if [ -n "${SLOW:-}" ]; then
  kill_at_random 12 convert check_local
fi
[ "$(sha256sum < win.img)" = "$sum_before" ]
