#!/bin/sh -
# careen - isolation: qemu's command line has its sandbox on, no default
# devices and no network; qemu runs as the caller; the handle's tmpdir
# is private (0700) and gone after close; the appliance cache is
# refused when another user owns it or others can write to it.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 pgrep stat

fish="$top_builddir/fish/guestfish"
[ -x "$fish" ] || skip "guestfish is not built"

scratch="$(mktemp -d /tmp/careen-isolation.XXXXXX)"
cleanup_fn rm -rf "$scratch"
cleanup_fn 'pkill -KILL -f "$scratch/tmp/careen" || :'
cd "$scratch"
mkdir tmp
TMPDIR="$scratch/tmp"
export TMPDIR

# guestfish reads its script from a FIFO that stays open while qemu is
# looked at; closing it ends the session normally.
mkfifo script
"$fish" -a /dev/null < script > fish.out 2>&1 &
pid=$!
exec 7> script
echo run >&7
echo 'echo ready' >&7
i=0
until grep -q '^ready$' fish.out; do
  i=$((i+1))
  [ $i -lt 600 ] || { cat fish.out; echo "no appliance" >&2; exit 1; }
  sleep 0.2
done
qpid="$(pgrep -f "qemu-system.*$TMPDIR/careen")"
tr '\0' '\n' < "/proc/$qpid/cmdline" > cmdline
cat cmdline | tr '\n' ' '; echo

grep -qx -- '-nodefaults' cmdline
grep -qx -- '-no-user-config' cmdline
grep -A1 -x -- '-sandbox' cmdline | tail -n 1 | grep -q '^on'
if grep -E -- '^-(netdev|nic|net)$|^user,|tap|vhost-user' cmdline; then
  echo "qemu has a network device" >&2; exit 1
fi
# As the caller: real and effective uid.
[ "$(stat -c %u "/proc/$qpid")" = "$(id -u)" ]
awk '/^Uid:/ { print $2, $3 }' "/proc/$qpid/status" > uids
[ "$(cat uids)" = "$(id -u) $(id -u)" ]

# The handle's tmpdir.
set -- "$TMPDIR"/careen.*
[ $# = 1 ] && [ -d "$1" ]
[ "$(stat -c %a "$1")" = 700 ]
[ "$(stat -c %u "$1")" = "$(id -u)" ]
exec 7>&-
wait $pid
i=0
while [ -n "$(ls -A "$TMPDIR")" ]; do
  i=$((i+1)); [ $i -lt 100 ] || { ls -la "$TMPDIR" >&2; exit 1; }
  sleep 0.1
done
refute pgrep -f "qemu-system.*$TMPDIR/careen"

# The appliance cache: refused when others can write to it or when it
# belongs to another user; the launch fails before qemu runs.
cache="$scratch/cache"
mkdir -m 0755 "$cache"
cdir="$cache/.careen-$(id -u)"
mkdir -m 0700 "$cdir"

chmod o+w "$cdir"
set +e
LIBGUESTFS_CACHEDIR="$cache" "$fish" -a /dev/null run 2> err
rc=$?
set -e
cat err
[ $rc != 0 ]
grep -q "cache directory $cdir" err

chmod 0700 "$cdir"
chmod g+w "$cdir"
set +e
LIBGUESTFS_CACHEDIR="$cache" "$fish" -a /dev/null run 2> err
rc=$?
set -e
[ $rc != 0 ]
grep -q "cache directory $cdir" err
chmod 0700 "$cdir"

if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
  chown nobody "$cdir"
  set +e
  LIBGUESTFS_CACHEDIR="$cache" "$fish" -a /dev/null run 2> err
  rc=$?
  set -e
  cat err
  [ $rc != 0 ]
  grep -q "cache directory $cdir" err
  chown "$(id -u)" "$cdir"
else
  echo "not root: a cache directory owned by another user was not tested"
fi

# A symlink in its place is refused too (someone else's directory).
rmdir "$cdir"
mkdir -m 0700 "$scratch/elsewhere"
ln -s "$scratch/elsewhere" "$cdir"
set +e
LIBGUESTFS_CACHEDIR="$cache" "$fish" -a /dev/null run 2> err
rc=$?
set -e
cat err
[ $rc != 0 ]
[ -z "$(ls -A "$TMPDIR")" ] || { ls -la "$TMPDIR" >&2; exit 1; }
