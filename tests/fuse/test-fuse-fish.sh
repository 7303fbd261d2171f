#!/bin/sh -
# careen - guestfish's mount-local, mount-local-run and umount-local
# commands: mount-local-run blocks the shell while a background command
# uses the mount point and unmounts it; options are checked (a second
# mount-local, run before mount-local, a bad FUSE option, umount-local
# with nothing mounted), and a read-only mount refuses changes.  Where
# /dev/fuse cannot be used (hidden here in a mount namespace by a
# read-only file), mount-local says so.

set -e -x
test_name=test-fuse-fish
. "$top_srcdir/tests/functions.sh"
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires timeout fusermount3
[ -w /dev/fuse ] || skip "no /dev/fuse"

fish="$top_builddir/fish/guestfish"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cleanup_fn fusermount3 -u -q "$scratch/mp" '||' :
cd "$scratch"
mkdir mp

# The user of the mount point runs in the background ("!" runs a shell
# command); mount-local-run returns when it unmounts.  The read-only
# mount logs its requests (debugcalls).
cat > user.sh <<SH
set -e
ls -l "$scratch/mp/" > "$scratch/listing"
echo "through FUSE" > "$scratch/mp/new"
touch "$scratch/mp/ro" 2> "$scratch/ro-err" || true
fusermount3 -u "$scratch/mp"
SH
cat > user-ro.sh <<SH
touch "$scratch/mp/refused" 2> "$scratch/ro-err" || true
cat "$scratch/mp/new" > "$scratch/ro-read"
fusermount3 -u "$scratch/mp"
SH

timeout 300 "$fish" -N disk.img=fs:ext4:32M > out 2> err <<FISH
mount /dev/sda1 /
write /hello "hello\n"
-umount-local
-mount-local-run
mount-local $scratch/mp
-mount-local $scratch/mp
! sh $scratch/user.sh &
mount-local-run
cat /new
-mount-local $scratch/mp options:no_such_fuse_option
set-verbose true
mount-local $scratch/mp readonly:true cachetimeout:0 debugcalls:true
! sh $scratch/user-ro.sh &
mount-local-run
set-verbose false
exists /refused
FISH
cat out err
expect_output out <<'OUT'
through FUSE

false
OUT
grep -q 'umount_local: nothing is mounted by this handle' err
grep -q 'mount_local_run: nothing is mounted: call mount_local first' err
grep -q "mount_local: '$scratch/mp' is already mounted by this handle" err
grep -q "mount_local: FUSE refused the mount options 'no_such_fuse_option'" err
grep -q ' hello$' listing
grep -q 'Read-only file system' ro-err
# debugcalls: each request and its result, as debug messages.
grep -q 'mount_local: open /new = 0' err
grep -q 'mount_local: getattr /refused = No such file or directory' err
echo "through FUSE" | expect_output ro-read
refute grep -q " $scratch/mp " /proc/self/mountinfo

# No usable /dev/fuse: a read-only regular file bound over it.
if unshare -m true 2>/dev/null; then
  touch nofuse
  status=0
  unshare -m sh -c "mount --bind '$scratch/nofuse' /dev/fuse &&
                    mount -o remount,ro,bind /dev/fuse &&
                    exec '$fish' mount-local '$scratch/mp'" 2> err ||
    status=$?
  cat err
  [ "$status" -eq 1 ]
  grep -q 'mount_local: FUSE is not available on this host: /dev/fuse: ' err
fi
