#!/bin/sh -
# careen - two processes that need the appliance at the same time, with
# an empty cache: one builds, the other waits for it (flock), and both
# launch and work.

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
# One appliance was built, and nothing half-built is left beside it.
ls -la "$LIBGUESTFS_CACHEDIR/.careen-$(id -u)"
[ "$(ls -d "$LIBGUESTFS_CACHEDIR/.careen-$(id -u)"/appliance-* | wc -l)" = 1 ]
