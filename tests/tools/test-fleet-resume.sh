#!/bin/sh -
# careen - fleets: a worker killed half way (SIGKILL, as a node lost)
# leaves its shard marked .incomplete and the images it finished kept
# in --results-dir; the rerun does only the others, and marks the
# shard .complete.  SIGTERM (a job scheduler's stop) ends the children
# too, and the worker by that signal.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 ps

cat="$top_builddir/tools/cat/virt-cat"
[ -x "$cat" ] || skip "virt-cat is not built"
. "$top_srcdir/tests/guests/guests.sh"
alpine="$(guest_image alpine320)"
arch="$(guest_image archlinux)"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
printf '%s\n%s\n' "$alpine" "$arch" > list

# One appliance at a time: the worker is killed once the first image
# is kept, while the second runs.
"$cat" --images-from list -P 1 --json --results-dir r /etc/hostname \
  > first 2>&1 &
worker=$!
i=0
while [ ! -f r/000000.json ]; do
  i=$((i + 1))
  [ "$i" -lt 1200 ] || { kill -9 "$worker"; exit 1; }
  sleep 0.1
done
children="$(ps -o pid= --ppid "$worker" || :)"
kill -9 "$worker"
wait "$worker" || :
# The child doing the second image is orphaned: end it too.
for c in $children; do kill "$c" 2>/dev/null || :; done
[ -f r/shard-0-of-1.incomplete ]
[ ! -e r/shard-0-of-1.complete ]
[ ! -e r/000001.json ]
grep -q '^images=2$' r/shard-0-of-1.incomplete
kept="$(stat -c %i:%Y r/000000.json)"

# The rerun: the kept image is not done again (its file untouched,
# counted done from the start).
$VG "$cat" --images-from list -P 1 --json --results-dir r --progress \
  /etc/hostname > out 2> err
cat err
[ "$(stat -c %i:%Y r/000000.json)" = "$kept" ]
grep -q '^virt-cat: 2/2 images done, 0 failed' err
refute grep -q '1/2 images done' err
[ -f r/shard-0-of-1.complete ]
[ ! -e r/shard-0-of-1.incomplete ]
expect_output out <<OUT
{"image":"$alpine","index":0,"status":"ok","result":"alpine320\\n"}
{"image":"$arch","index":1,"status":"ok","result":"archlinux\\n"}
OUT
$VG "$cat" --merge-results r > merged
cmp out merged

# SIGTERM while both images run: the children end with the worker.
"$cat" --images-from list -P 2 --json --results-dir t /etc/hostname \
  > /dev/null 2>&1 &
worker=$!
i=0
until children="$(ps -o pid= --ppid "$worker")" &&
    [ "$(echo $children | wc -w)" -eq 2 ]; do
  i=$((i + 1))
  [ "$i" -lt 600 ] || { kill -9 "$worker"; exit 1; }
  sleep 0.1
done
kill -TERM "$worker"
status=0; wait "$worker" || status=$?
[ "$status" -eq 143 ]
for c in $children; do refute kill -0 "$c" 2>/dev/null; done
[ -f t/shard-0-of-1.incomplete ]
[ ! -e t/000000.json ]
