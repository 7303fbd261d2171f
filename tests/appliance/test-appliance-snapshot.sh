#!/bin/sh
# careen - launches that restore a saved appliance (lib/snapshot.c):
# every handle starts from the appliance as it was saved (nothing an
# earlier handle wrote into the appliance's /tmp, and RAM files that
# never change), gets its own randomness (mkfs UUIDs differ) and the
# current time, sees its disks named and sized exactly as a cold boot
# does (several drives, a read-only one, a label), takes the stall limit
# of the handle that restored it (CAREEN_KEEPALIVE_TIMEOUT is not part
# of the key), and a damaged or outdated saved appliance is saved again
# or booted around, never an error.
#
# The handles use a memory size of their own, so the test saves its
# own appliances (and removes them at the end).

. "$top_srcdir/tests/functions.sh"
set -e
skip_if_skipped
requires python3

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
entries="$tmp/entries"
: > "$entries"
cleanup_fn 'while read -r d; do rm -rf "$d"; done < "$entries"'

unset CAREEN_SNAPSHOT
mem=$((1024 + $$ % 200))

# Runs guestfish -v on the test's memory size; its debug output goes to
# $tmp/log, and the saved appliance it used is remembered.
gf ()
{
  guestfish -v "$@" 2> "$tmp/log" || { cat "$tmp/log" >&2; return 1; }
  sed -n 's/.*snapshot: \(saved\|restored\) \(.*\)$/\2/p' "$tmp/log" \
    >> "$entries"
}
saved () { sed -n 's/.*snapshot: saved \(.*\)$/\1/p' "$tmp/log"; }
restored () { sed -n 's/.*snapshot: restored \(.*\)$/\1/p' "$tmp/log"; }

for i in 1 2 3; do truncate -s "${i}M" "$tmp/d$i.img"; done
echo marker > "$tmp/marker"

# 1. The first launch saves an appliance and resumes it; this handle
# writes into the appliance's /tmp and makes a filesystem.
gf set-memsize "$mem" : add "$tmp/d1.img" format:raw : run : \
  debug-upload "$tmp/marker" careen-marker 0644 : debug ls /tmp : \
  mkfs ext4 /dev/sda : vfs-uuid /dev/sda > "$tmp/out1"
dir="$(saved)"
test -n "$dir" || { echo "nothing saved" >&2; cat "$tmp/log" >&2; exit 1; }
test "$(restored)" = "$dir"
grep -q '^careen-marker$' "$tmp/out1"
# The default keep-alive limit, 120 s: disks may stand still for 60 s.
grep -q 'careen-init: .* resumed (disk stall limit 60 s)' "$tmp/log"
uuid1="$(tail -n 1 "$tmp/out1")"
# Restored qemus map the saved RAM privately; it is read-only anyway.
grep -q "mem-path=$dir/ram,share=off" "$tmp/log"
test "$(stat -c %a "$dir/ram")" = 400
sum1="$(md5sum < "$dir/ram")"

# 2. The next handle: none of that, other random numbers, the time now,
# and its own keep-alive limit on the same saved appliance.
sleep 2
before="$(date +%s)"
CAREEN_KEEPALIVE_TIMEOUT=30 gf set-memsize "$mem" : add "$tmp/d3.img" format:raw : run : \
  debug ls /tmp : mkfs ext4 /dev/sda : vfs-uuid /dev/sda : \
  mount /dev/sda / : touch /f : stat /f > "$tmp/out2"
after="$(date +%s)"
test "$(restored)" = "$dir"
test -z "$(saved)"
grep -q 'careen-init: .* resumed (disk stall limit 15 s)' "$tmp/log"
refute grep -q careen-marker "$tmp/out2"
uuid2="$(grep -E '^[0-9a-f-]{36}$' "$tmp/out2")"
test -n "$uuid1" && test -n "$uuid2"
test "$uuid1" != "$uuid2"
mtime="$(sed -n 's/^mtime: //p' "$tmp/out2")"
if [ "$mtime" -lt $((before - 1)) ] || [ "$mtime" -gt $((after + 1)) ]; then
  echo "guest time $mtime not within [$before, $after]" >&2
  exit 1
fi
test "$(md5sum < "$dir/ram")" = "$sum1"

# 3. Disks: three, the second read-only, the third labelled, named and
# sized as in a cold boot.
disks="add $tmp/d1.img format:raw : add $tmp/d2.img format:raw readonly:true : add $tmp/d3.img format:raw label:third"
cmds="list-devices : blockdev-getsize64 /dev/sda : blockdev-getsize64 /dev/sdb : blockdev-getsize64 /dev/sdc : list-disk-labels : mkfs ext2 /dev/sdb"
# shellcheck disable=SC2086
gf set-memsize "$mem" : $disks : run : $cmds > "$tmp/restored"
test "$(restored)" = "$dir"
# shellcheck disable=SC2086
CAREEN_SNAPSHOT=0 gf set-memsize "$mem" : $disks : run : $cmds > "$tmp/cold"
grep -q 'snapshot: not used: CAREEN_SNAPSHOT=0' "$tmp/log"
expect_output "$tmp/restored" <<EOF2
/dev/sda
/dev/sdb
/dev/sdc
1048576
2097152
3145728
third: /dev/sdc
EOF2
diff -u "$tmp/cold" "$tmp/restored"
# The read-only disk stayed as it was.
test "$(md5sum < "$tmp/d2.img")" = "$(head -c 2097152 /dev/zero | md5sum)"

# 4. Damaged saved appliances are saved again, silently.
chmod u+w "$dir/ram"
truncate -s 1M "$dir/ram"
gf -a /dev/null set-memsize "$mem" : run : ping-daemon
grep -q "snapshot: $dir/ram: 1048576 bytes instead of $mem MiB: corrupt" \
  "$tmp/log"
test "$(saved)" = "$dir"
printf 'garbage' | dd of="$dir/state" bs=1 seek=100 conv=notrunc 2>/dev/null
gf -a /dev/null set-memsize "$mem" : run : ping-daemon
grep -q "snapshot: $dir/state does not match its sum: corrupt" "$tmp/log"
test "$(saved)" = "$dir"
# A state that qemu cannot load (its sum made to match): the restore
# fails, the launch boots, and the saved appliance is dropped.
head -c 4096 /dev/urandom > "$dir/state"
python3 -c '
import sys
h = 0xcbf29ce484222325
for b in open(sys.argv[1], "rb").read():
    h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
sys.stdout.write("%016x" % h)' "$dir/state" > "$dir/sum"
gf -a /dev/null set-memsize "$mem" : run : ping-daemon
grep -q "snapshot: restoring $dir failed" "$tmp/log"
grep -q "snapshot: removing $dir" "$tmp/log"
test ! -e "$dir"

# 5. Anything on the kernel command line is part of the key.
gf -a /dev/null set-memsize "$mem" : set-append careen.test=1 : run : ping-daemon
other="$(saved)"
test -n "$other" && test "$other" != "$dir"
