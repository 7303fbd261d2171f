#!/bin/sh
# careen - handles launched at once in several processes share one saved
# appliance: exactly one of them saves it (under the lock), the others
# wait and restore what it published, and all of them work.

. "$top_srcdir/tests/functions.sh"
set -e
skip_if_skipped

tmp="$(mktemp -d)"
cleanup_fn rm -rf "$tmp"
dirs="$tmp/dirs"
cleanup_fn 'sort -u "$dirs" 2>/dev/null | while read -r d; do rm -rf "$d"; done'

unset CAREEN_SNAPSHOT
# A memory size of its own: the save happens during this test.
mem=$((1300 + $$ % 200))

pids=""
for i in 1 2 3; do
  truncate -s "${i}M" "$tmp/d$i.img"
  guestfish -v set-memsize "$mem" : add "$tmp/d$i.img" format:raw : run : \
    blockdev-getsize64 /dev/sda > "$tmp/out$i" 2> "$tmp/log$i" &
  pids="$pids $!"
done
fail=0
for p in $pids; do wait "$p" || fail=1; done
sed -n 's/.*snapshot: \(saved\|restored\) \(.*\)$/\2/p' "$tmp"/log? > "$dirs"
if [ "$fail" = 1 ]; then cat "$tmp"/log? >&2; exit 1; fi

for i in 1 2 3; do
  test "$(cat "$tmp/out$i")" = $((i * 1024 * 1024))
  grep -q 'snapshot: restored ' "$tmp/log$i"
done
test "$(cat "$tmp"/log? | grep -c 'snapshot: saved ')" = 1
test "$(sort -u "$dirs" | wc -l)" = 1
