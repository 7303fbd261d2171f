#!/bin/sh -
# careen - a hostile guest seen through guestmount: symlink loops, a
# link to a host path, a 1 TiB sparse file and a deep directory chain.
# Reading them gives clear errors or bounded work, never a hang; cp -a,
# tar and find of the mount point only copy links as links; nothing
# outside the mount point (a canary file here) is read or changed.
# Clients doing odd things: concurrent appenders to one file, a file
# renamed over or removed while open, a file renamed while being
# written; the guest ends with exactly what they did.

set -e -x
test_name=test-fuse-hostile
. "$top_srcdir/tests/functions.sh"
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires fusermount3 tar timeout stat
[ -w /dev/fuse ] || skip "no /dev/fuse"

gm="$top_builddir/tools/guestmount/guestmount"
gu="$top_builddir/tools/guestunmount/guestunmount"
fish="$top_builddir/fish/guestfish"
[ -x "$gm" ] || skip "guestmount is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cleanup_fn "$gu" -q --no-retry "$scratch/mp" '||' \
  fusermount3 -u -z -q "$scratch/mp" '||' :
cd "$scratch"
mkdir mp out
echo "canary" > canary
chmod 0600 canary
canary_before="$(stat -c '%a %s %Y' canary)"

$VG "$fish" -N disk.img=fs:ext4:32M <<FISH
mount /dev/sda1 /
ln-s loop1 /loop2
ln-s loop2 /loop1
ln-s self /self
ln-s $scratch/canary /escape
mkdir /d
ln-s ../../../../../../../../$scratch/canary /d/up
touch /huge
truncate-size /huge 1099511627776
pwrite /huge "tail" 1099511627772
mkdir-p /a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z
FISH

$VG "$gm" -a disk.img -m /dev/sda1 --pid-file pid mp

# Loops: the host kernel follows the links and stops (ELOOP), at once.
status=0; timeout 20 cat mp/loop1 2> err || status=$?
[ "$status" -ne 124 ]; grep -q 'Too many levels of symbolic links' err
status=0; timeout 20 cat mp/self 2> err || status=$?
[ "$status" -ne 124 ]; grep -q 'Too many levels of symbolic links' err
[ "$(readlink mp/loop1)" = loop2 ]

# The huge file: its size is shown, its ends read fast.
[ "$(stat -c %s mp/huge)" = 1099511627776 ]
timeout 60 head -c 65536 mp/huge > head
[ "$(stat -c %s head)" = 65536 ]
cmp -n 65536 head /dev/zero
[ "$(timeout 60 tail -c 4 mp/huge)" = tail ]
timeout 60 dd if=mp/huge bs=4096 skip=268435455 count=1 status=none |
  tail -c 4 > tail
printf tail | expect_output tail

# Whole-tree walks end, and copy links as links (never the host file
# they name).  The huge file is left out of the copies: reading 1 TiB
# through any filesystem takes long, but it is skipped, not followed.
timeout 120 find mp > found
grep -qx 'mp/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z' found
timeout 120 ls -lR mp > /dev/null
timeout 120 cp -a mp/d mp/escape mp/loop1 mp/loop2 mp/a out/
[ -L out/escape ] && [ -L out/d/up ] && [ -L out/loop1 ]
[ "$(readlink out/escape)" = "$scratch/canary" ]
timeout 120 tar -C mp --exclude=./huge -cf t.tar .
tar -tvf t.tar | grep -q '^lrwxrwxrwx .* ./escape -> '
# Deleting the links through the mount removes the links in the guest.
rm mp/escape mp/d/up
[ "$(cat canary)" = canary ]
[ "$(stat -c '%a %s %Y' canary)" = "$canary_before" ]

# Odd clients.  Four writers append to one file at once: every line
# arrives whole (the kernel serialises appends on the inode; careen's
# loop serves one request at a time).
wpids=""
for w in 1 2 3 4; do
  ( i=0; while [ $i -lt 50 ]; do
      echo "writer $w line $i" >> mp/shared; i=$((i + 1))
    done ) &
  wpids="$wpids $!"
done
for p in $wpids; do wait "$p"; done
[ "$(wc -l < mp/shared)" = 200 ]
for w in 1 2 3 4; do
  [ "$(grep -c "^writer $w line [0-9]*\$" mp/shared)" = 50 ]
done
# A file renamed over while open for reading: guest files are reached
# by name, and the name now belongs to another file, so the reader gets
# ESTALE (or, from the host's page cache, the old bytes); never a hang
# or the other file's bytes.
printf old > mp/victim
printf new > mp/newer
exec 3< mp/victim
mv mp/newer mp/victim
status=0; got="$(timeout 20 cat <&3 2> err)" || status=$?
exec 3<&-
cat err
if [ "$status" -eq 0 ]; then
  [ "$got" = old ]
else
  [ "$status" -ne 124 ] && grep -q 'Stale file handle' err
fi
[ "$(cat mp/victim)" = new ] && [ ! -e mp/newer ]
# A file renamed while open for writing: the write follows it.
exec 4> mp/moving
mv mp/moving mp/moved
echo after >&4
exec 4>&-
[ "$(cat mp/moved)" = after ] && [ ! -e mp/moving ]
# A file removed while open: reading it ends (an error or its cached
# bytes), and no hidden leftover stays in the guest.
printf gone > mp/doomed
exec 5< mp/doomed
rm mp/doomed
status=0; timeout 20 cat <&5 > /dev/null 2>&1 || status=$?
[ "$status" -ne 124 ]
exec 5<&-
[ ! -e mp/doomed ]
ls -a mp > listing
refute grep -q fuse_hidden listing

$VG "$gu" mp
i=0; while kill -0 "$(cat pid)" 2>/dev/null; do
  i=$((i + 1)); [ "$i" -lt 600 ]; sleep 0.1
done
refute grep -q " $scratch/mp " /proc/self/mountinfo
[ "$(cat canary)" = canary ]
$VG "$fish" --ro -a disk.img -m /dev/sda1 <<'FISH' > result
exists /escape
exists /d/up
filesize /huge
cat /victim
exists /newer
cat /moved
exists /moving
exists /doomed
wc-l /shared
FISH
expect_output result <<'OUT'
false
false
1099511627776
new
false
after

false
false
200
OUT
