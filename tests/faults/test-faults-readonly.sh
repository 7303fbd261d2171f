#!/bin/sh -
# careen - read-only means never written.  Every read-only tool, and a
# guestfish --ro session that writes, must leave the image byte-identical
# (sha256 before and after), including an ext4 whose journal needs
# replaying (made here: mounted, written, and qemu SIGKILLed before the
# unmount, so the superblock keeps needs_recovery).  The replay happens
# in the throw-away overlay, never in the image.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 truncate pgrep sha256sum dumpe2fs

fish="$top_builddir/fish/guestfish"
tools="$top_builddir/tools"
[ -x "$fish" ] || skip "guestfish is not built"

scratch="$(mktemp -d /tmp/careen-readonly.XXXXXX)"
cleanup_fn rm -rf "$scratch"
cleanup_fn 'pkill -KILL -f "$scratch/tmp/careen" || :'
cd "$scratch"
mkdir tmp out
TMPDIR="$scratch/tmp"
export TMPDIR

# The dirty ext4: written and synced (the transactions are in the
# journal), then qemu killed while the filesystem is still mounted.
truncate -s 64M dirty.img
"$fish" --format=raw -a dirty.img -- run : mkfs ext4 /dev/sda : \
  mount /dev/sda / : mkdir /d : write /d/hello hello : \
  fill 0x61 1M /d/a : sync : write /d/late "after sync" : sync : \
  echo mounted : sleep 120 > fish.out 2>&1 &
fishpid=$!
i=0
until grep -q '^mounted$' fish.out; do
  i=$((i+1))
  [ $i -lt 900 ] || { cat fish.out; echo "guestfish never got there" >&2; exit 1; }
  sleep 0.2
done
pkill -KILL -f "qemu-system.*$TMPDIR/careen"
set +e; wait $fishpid; set -e
dumpe2fs -h dirty.img 2>/dev/null | grep -i 'features' | tee features
grep -q needs_recovery features || {
  echo "the test image does not need journal recovery" >&2; exit 1; }

must_work=1
sums="$scratch/sums"
sha256sum dirty.img > "$sums"

# Runs a tool (output shown for the log), then checks every image is
# unchanged.  The tool must succeed, unless must_work is empty (a tool
# with nothing to find in the image, such as virt-inspector on a bare
# filesystem).
ro ()
{
  name="$1"; shift
  if [ ! -x "$1" ]; then echo "$name: not built, not tested"; return 0; fi
  echo "== $name"
  set +e
  "$@" > out.txt 2>&1
  rc=$?
  set -e
  head -n 5 out.txt | cut -c1-160 | tr -cd "[:print:]\n"
  echo "$name: exit status $rc"
  if [ -n "${must_work:-}" ] && [ $rc != 0 ]; then
    cat out.txt >&2; echo "$name failed" >&2; exit 1
  fi
  sha256sum --quiet -c "$sums" || {
    echo "$name: an image changed" >&2; exit 1; }
}

d="--format=raw -a dirty.img"
ro virt-df "$tools/df/virt-df" $d
ro virt-ls "$tools/ls/virt-ls" $d -m /dev/sda -lR /
ro virt-cat "$tools/cat/virt-cat" $d -m /dev/sda /d/late
grep -q 'after sync' out.txt || echo "virt-cat: the replayed journal was not seen"
ro virt-filesystems "$tools/filesystems/virt-filesystems" $d --all --long
must_work=
ro virt-inspector "$tools/inspector/virt-inspector" $d
ro virt-diff "$tools/diff/virt-diff" $d -A dirty.img
must_work=1
ro virt-copy-out "$tools/copy-out/virt-copy-out" $d -m /dev/sda /d out
ro virt-tar-out "$tools/tar-out/virt-tar-out" $d -m /dev/sda / out/d.tar
ro "guestfish --ro (writes)" "$fish" --ro $d -- run : mount /dev/sda / : \
  write /d/new x : rm /d/hello : mkdir /d/e : fill 0 8M /big : umount-all : \
  mkfs ext4 /dev/sda : list-filesystems
# Still dirty: nobody replayed the journal into the image.
dumpe2fs -h dirty.img 2>/dev/null | grep -q needs_recovery

# Real guests: inspection (which mounts everything) and the registry.
. "$top_srcdir/tests/guests/guests.sh"
if linux="$(guest_image debian12)" && win="$(guest_image windows)"; then
  sha256sum "$linux" "$win" >> "$sums"
  ro "virt-inspector debian12" "$tools/inspector/virt-inspector" --format=raw -a "$linux"
  ro "virt-win-reg export" "$tools/win-reg/virt-win-reg" --format=raw "$win" \
    'HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
  # More launches on the same images under make check-slow.
  if [ -n "${SLOW:-}" ]; then
    ro "virt-df debian12" "$tools/df/virt-df" --format=raw -a "$linux"
    ro "virt-diff debian12" "$tools/diff/virt-diff" --format=raw -a "$linux" \
      -A "$linux"
    ro "virt-ls -i debian12" "$tools/ls/virt-ls" --format=raw -a "$linux" -lR /etc
    ro "virt-cat -i windows" "$tools/cat/virt-cat" --format=raw -a "$win" \
      /Windows/System32/cmd.exe
  fi
else
  echo "test guests not available: only the dirty ext4 was tested"
fi

[ -z "$(ls -A "$TMPDIR")" ] || { ls -la "$TMPDIR" >&2; exit 1; }
