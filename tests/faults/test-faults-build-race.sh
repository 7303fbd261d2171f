#!/bin/sh -
# careen - two processes that need the appliance at the same time, with
# an empty cache: one builds, the other waits for it (flock), and both
# launch and work.  The build removes what an interrupted build left and
# appliances unused for over a day, but not the recent appliance of
# another careen sharing the cache.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64

fish="$top_builddir/fish/guestfish"
[ -x "$fish" ] || skip "guestfish is not built"

scratch="$(mktemp -d /tmp/careen-build-race.XXXXXX)"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
LIBGUESTFS_CACHEDIR="$scratch/cache"
export LIBGUESTFS_CACHEDIR
mkdir "$LIBGUESTFS_CACHEDIR"
user_cache="$LIBGUESTFS_CACHEDIR/.careen-$(id -u)"
mkdir -m 0700 "$user_cache" "$user_cache/appliance-recent" \
  "$user_cache/appliance-unused" "$user_cache/.make-appliance.12345"
touch -d '2 days ago' "$user_cache/appliance-unused"

for n in 1 2; do
  "$fish" -a /dev/null -- run : ping-daemon : echo "ok $n" > out$n 2>&1 &
  eval "pid$n=\$!"
done
set +e
wait $pid1; rc1=$?
wait $pid2; rc2=$?
set -e
cat out1 out2
[ $rc1 = 0 ] && [ $rc2 = 0 ]
grep -qx 'ok 1' out1
grep -qx 'ok 2' out2
# One appliance was built beside the other careen's, and nothing
# half-built or unused is left.
ls -la "$user_cache"
[ -d "$user_cache/appliance-recent" ]
[ ! -e "$user_cache/appliance-unused" ]
[ ! -e "$user_cache/.make-appliance.12345" ]
[ "$(ls -d "$user_cache"/appliance-* | wc -l)" = 2 ]
