#!/bin/sh
# careen - the daemon run on the host, no appliance: careen-daemon
# --sysroot DIR driven over a socketpair by daemon/daemon-call.  Covers
# what the API tests cannot reach cheaply: guest paths that try to leave
# the root, both sides cancelling a transfer mid-stream, and unknown
# procedures and optional-argument bits.

. "$top_srcdir/tests/functions.sh"
set -e -x
skip_if_skipped

call="$top_builddir/daemon/daemon-call"
daemon="$top_builddir/daemon/careen-daemon"
[ -x "$call" ] && [ -x "$daemon" ] || skip "daemon not built"

d="$(mktemp -d /tmp/careen-daemon-host.XXXXXX)"
cleanup_fn rm -rf "$d"
mkdir "$d/root" "$d/root/etc" "$d/root/sub"
echo guest > "$d/root/etc/hostname"
ln -s /../../../../etc "$d/root/abs"
ln -s ../../../../../../etc/hostname "$d/root/rel"
ln -s /proc/self/root/etc/hostname "$d/root/escape"
head -c 1500000 /dev/urandom > "$d/big"

dc ()
{
  $VG "$call" --daemon "$daemon" --sysroot "$d/root" "$@"
}

# Calls are named: daemon-call looks their numbers up in the table.
dc ping_daemon err > "$d/out"
expect_output "$d/out" <<'X'
ok
X
dc --unknown-procedure ping_daemon err > "$d/out" || test $? = 1
grep -q '^error: ENOTSUP' "$d/out"
# An optargs bit past the call's own: none for ping_daemon, one for
# is_file (followsymlinks), which must still work when given.
dc --unknown-optarg ping_daemon err > "$d/out" || test $? = 1
grep -q '^error: EINVAL' "$d/out"
dc --unknown-optarg is_file bool s:/etc/hostname b:0 > "$d/out" || test $? = 1
grep -q '^error: EINVAL' "$d/out"
dc is_file bool s:/etc/hostname b:0 > "$d/out"
expect_output "$d/out" <<'X'
1
X

# head: escapes are resolved inside the root.
dc head strings s:/abs/hostname > "$d/out"
expect_output "$d/out" <<'X'
guest
X
dc head strings s:/rel > "$d/out"
expect_output "$d/out" <<'X'
guest
X
dc head strings s:/escape > "$d/out" || test $? = 1
grep -q '^error: ENOENT' "$d/out"
# mkdir through an absolute symlink stays inside.
dc mkdir err s:/abs/made
test -d "$d/root/etc/made"

# A reply longer than one message comes as a chunk stream: 30000 names
# of 200 bytes are about 6 MiB of listing.
mkdir "$d/root/many"
long=$(printf '%0190d' 0)
(cd "$d/root/many" && seq -f "%05g$long" 1 30000 | xargs touch)
dc ls strings s:/many > "$d/out" 2> "$d/err"
test "$(wc -l < "$d/out")" = 30000
grep -qx "00001$long" "$d/out"
grep -qx "30000$long" "$d/out"
grep -q '^long reply: ' "$d/err"

# upload and download, whole and cancelled by the library.
dc --in "$d/big" upload err s:/big
cmp "$d/big" "$d/root/big"
dc --out "$d/back" download err s:/big
cmp "$d/big" "$d/back"
dc --in "$d/big" --cancel-after 2 upload err s:/big2 > "$d/out" || test $? = 1
grep -q '^error: ECANCELED' "$d/out"
dc --out "$d/back" --cancel-after 1 download err s:/big > "$d/out" || test $? = 1
grep -q '^error: ECANCELED' "$d/out"
# The daemon gives up (no such directory) and drains the upload.
dc --in "$d/big" upload err s:/nodir/x > "$d/out" || test $? = 1
grep -q '^error: ENOENT' "$d/out"
# Arguments refused before do_download: the stream is still ended.
dc --out "$d/back" download err s:relative > "$d/out" || test $? = 1
grep -q '^error: EINVAL' "$d/out"

# A frame that breaks the protocol ends the daemon (the library then
# sees end of file) rather than leaving the stream out of step.
dc --bad-frame ping_daemon err > "$d/out"
expect_output "$d/out" <<'X'
daemon exited: 1
X
