#!/bin/sh -
# careen - guestmount and guestunmount on a test disk.  Read-only: the
# tree, owners, modes, links, hard links, xattrs and a sparse file seen
# through FUSE are what the guest holds (cp -a, tar, find, ls -lR of a
# tree of 2000 files), and every change fails with EROFS; unmounting
# while busy fails with exit 2; a guestmount killed by SIGKILL leaves
# nothing mounted once guestunmount ran.  Read-write: a big file
# written in pieces, renames, truncation, links, modes, owners, times
# and xattrs made through FUSE are in the image (read with guestfish).

set -e -x
test_name=test-fuse-guestmount
. "$top_srcdir/tests/functions.sh"
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires fusermount3 tar cmp getfattr setfattr timeout stat
[ -w /dev/fuse ] || skip "no /dev/fuse"

gm="$top_builddir/tools/guestmount/guestmount"
gu="$top_builddir/tools/guestunmount/guestunmount"
fish="$top_builddir/fish/guestfish"
[ -x "$gm" ] || skip "guestmount is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
# Whatever happens, nothing stays mounted (rm -rf would go through it).
cleanup_fn "$gu" -q --no-retry "$scratch/mp" '||' \
  fusermount3 -u -z -q "$scratch/mp" '||' :
cd "$scratch"
mkdir mp

# guestunmount returns once the mount point is gone; guestmount then
# still writes the disk and stops its appliance.
wait_exit ()
{
  i=0
  while kill -0 "$1" 2>/dev/null; do
    i=$((i + 1)); [ "$i" -lt 600 ]; sleep 0.1
  done
}

# Without an appliance.
$VG "$gm" --help | grep -q '^Usage:'
$VG "$gm" --long-options | grep -qx -- '--dir-cache-timeout'
$VG "$gu" --long-options | grep -qx -- '--no-retry'
status=0; $VG "$gm" -a /dev/null -i --live mp 2>err || status=$?
[ "$status" -eq 1 ]; grep -q -- '--live is not supported' err
status=0; $VG "$gm" -a /dev/null mp 2>err || status=$?
[ "$status" -eq 1 ]; grep -q 'give -i or at least one -m' err
status=0; $VG "$gm" -a /dev/null -m /dev/sda1 nowhere 2>err || status=$?
[ "$status" -eq 1 ]; grep -q 'nowhere: No such file or directory' err
status=0; $VG "$gu" mp 2>err || status=$?
[ "$status" -eq 3 ]; grep -q 'is not mounted' err
status=0; $VG "$gu" -q / 2>err || status=$?
[ "$status" -eq 3 ]; [ ! -s err ]

# The guest: a tree of 2000 files (from a local tar), a big random
# file, a sparse file, links and metadata set by hand.
mkdir tree
(
  set +x
  for d in $(seq -w 1 20); do
    mkdir tree/dir$d
    for f in $(seq -w 1 100); do echo "$d/$f" > tree/dir$d/file$f; done
  done
)
tar -C tree -cf tree.tar .
head -c 3000000 /dev/urandom > big.bin
$VG "$fish" -N disk.img=fs:ext4:96M <<'FISH'
mount /dev/sda1 /
mkdir /tree
tar-in tree.tar /tree
upload big.bin /big
mkdir /d
write /d/hello "hello\n"
chown 1000 1001 /d/hello
chmod 0751 /d/hello
mkdir-mode /d/priv 0700
ln-s hello /d/link
ln-s /no/such/target /d/dangling
ln /d/hello /d/hard
setxattr user.colour blue 4 /d/hello
touch /sparse
truncate-size /sparse 104857600
pwrite /sparse "end" 104857597
FISH

# ---- Read-only ----
$VG "$gm" --ro -a disk.img -m /dev/sda1 --pid-file pid mp
grep -q " $scratch/mp .* - fuse" /proc/self/mountinfo
kill -0 "$(cat pid)"

stat -c '%n %u %g %a %h %s %F' mp/d/hello mp/d/hard mp/d/priv mp/d/link \
  > out
expect_output out <<'OUT'
mp/d/hello 1000 1001 751 2 6 regular file
mp/d/hard 1000 1001 751 2 6 regular file
mp/d/priv 0 0 700 2 1024 directory
mp/d/link 0 0 777 1 5 symbolic link
OUT
[ "$(stat -c %i mp/d/hello)" = "$(stat -c %i mp/d/hard)" ]
[ "$(readlink mp/d/link)" = hello ]
[ "$(readlink mp/d/dangling)" = /no/such/target ]
cat mp/d/link > out
echo hello | expect_output out
getfattr -n user.colour --only-values mp/d/hello > out
printf blue | expect_output out
cmp big.bin mp/big
[ "$(stat -c %s mp/sparse)" = 104857600 ]
# Sparse: far fewer blocks than its size.
[ "$(stat -c %b mp/sparse)" -lt 1000 ]
[ "$(tail -c 3 mp/sparse)" = end ]

# find and ls -lR of the whole tree, against the local source.
(cd mp/tree && find . | sort) > found
(cd tree && find . | sort) > expected
cmp expected found
ls -lnR mp/tree | grep -c '^-rw-r--r-- 1 0 0 7 ' > out
echo 2000 | expect_output out
# The same files seen by guestfish.
$VG "$fish" --ro -a disk.img -m /dev/sda1 find /d | sed 's,^/,,' |
  sort > fish-found
(cd mp/d && find . -mindepth 1 | sed 's,^\./,,' | sort) > fuse-found
cmp fish-found fuse-found

# cp -a keeps hard links, symlinks, modes, owners and xattrs.
cp -a mp/d copy
[ "$(stat -c %i copy/hello)" = "$(stat -c %i copy/hard)" ]
[ "$(readlink copy/link)" = hello ]
stat -c '%a %u %g' copy/hello > out
echo '751 1000 1001' | expect_output out
getfattr -n user.colour --only-values copy/hello > out
printf blue | expect_output out
# tar of the mount lists links as links.
tar -C mp -cf d.tar d
tar -tvf d.tar > out
grep -q '^lrwxrwxrwx .* d/link -> hello$' out
grep -q '^hrw.* d/hard link to d/hello$\|^hrw.* d/hello link to d/hard$' out

# Every change is refused.
refute touch mp/new 2> err
grep -q 'Read-only file system' err
refute mkdir mp/newdir 2> err
refute setfattr -n user.x -v y mp/d/hello 2> err
refute rm mp/d/hello 2> err
[ -f mp/d/hello ]

# Busy: a process inside the mount point.
(cd mp && sleep 6) &
busy=$!
sleep 1
status=0; $VG "$gu" --no-retry mp 2>err || status=$?
[ "$status" -eq 2 ]
grep -q 'busy' err
wait $busy

# SIGKILL: guestmount cannot clean up; after guestunmount nothing is
# mounted and its appliance is gone.
kill -9 "$(cat pid)"
sleep 1
status=0; $VG "$gu" mp || status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 3 ]
refute grep -q " $scratch/mp " /proc/self/mountinfo
ls -A mp > out
expect_output out < /dev/null

# ---- Read-write ----
$VG "$gm" -a disk.img -m /dev/sda1 --dir-cache-timeout=5 --pid-file pid mp
# A big file written in pieces, out of order.
for i in 4 0 2 1 3 5; do
  dd if=big.bin of=mp/pieces bs=500000 count=1 skip=$i seek=$i \
     conv=notrunc status=none
done
cmp big.bin mp/pieces
cp big.bin mp/big2
truncate -s 1000 mp/big2
truncate -s 5000 mp/d/hello
mv mp/d/link mp/d/link2
mv mp/tree/dir01 mp/moved
mkdir -m 0750 mp/newdir
ln -s ../big mp/newdir/tobig
ln mp/big mp/newdir/bighard
chmod 0604 mp/big
chown 42:43 mp/big
touch -h -d @1000000000 mp/newdir/tobig
touch -d @1234567890 mp/big
setfattr -n user.new -v value mp/big
setfattr -x user.colour mp/d/hello
rm mp/d/dangling
rmdir mp/d/priv
mkfifo mp/fifo
[ "$(stat -c %s mp/big2)" = 1000 ]
$VG "$gu" mp
refute grep -q " $scratch/mp " /proc/self/mountinfo
wait_exit "$(cat pid)"

$VG "$fish" --ro -a disk.img -m /dev/sda1 <<'FISH' > out
checksum md5 /pieces
filesize /big2
filesize /d/hello
readlink /d/link2
exists /d/link
exists /tree/dir01
cat /moved/file042
readlink /newdir/tobig
lstatns /big | grep -E '^(st_mode|st_uid|st_gid|st_nlink|st_mtime_sec):'
lstatns /newdir | grep -E '^st_mode:'
lstatns /newdir/tobig | grep -E '^st_mtime_sec:'
lgetxattrs /d/hello
getxattr /big user.new
echo
exists /d/dangling
exists /d/priv
is-fifo /fifo
FISH
md5=$(md5sum < big.bin | cut -d' ' -f1)
expect_output out <<OUT
$md5
1000
5000
hello
false
false
01/042

../big
st_mode: 33156
st_nlink: 2
st_uid: 42
st_gid: 43
st_mtime_sec: 1234567890
st_mode: 16872
st_mtime_sec: 1000000000
value
false
false
true
OUT
