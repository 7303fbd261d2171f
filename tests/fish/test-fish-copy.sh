#!/bin/sh -
# careen - guestfish against a real appliance, one launch: the -N types
# with LVM, -m with a filesystem type, --blocksize, copy-in / copy-out
# round trips of directory trees (modes, times, symlinks), copy-out of
# a hostile tree (symlinks to / and ../.., setuid bits, a symlink
# already in the target) that must not write outside the target, glob,
# supported, hexedit and display.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

requires_appliance
requires tar

# A local tree to copy in: modes, an old time, a relative symlink.
mkdir -p tree/sub outside out out2
printf 'file a\n' > tree/a
printf 'file b\n' > tree/sub/b
ln -s a tree/link
chmod 0640 tree/a
chmod 0751 tree/sub
touch -h -d '2001-02-03 04:05:06' tree/a tree/sub/b tree/link
touch -d '2002-03-04 05:06:07' tree/sub
truncate -s 64M bs.img

# The pre-existing symlink that copy-out into out2 must not follow.
mkdir out2/evil
ln -s "$PWD/outside" out2/evil/dir

HEXEDITOR="sh -c 'printf AB | dd of=\"\$0\" bs=1 seek=2 conv=notrunc 2>/dev/null'"
GUESTFISH_DISPLAY_IMAGE=cat
export HEXEDITOR GUESTFISH_DISPLAY_IMAGE

fish_rc -N fs.img=fs:ext4:64M -N lvfs.img=lvfs:/dev/VG/LV:ext4:64M \
  -N br.img=bootrootlv:/dev/VG2/root:ext2:ext4:96M:16M \
  -N lv.img=lv:/dev/VG3/LV3:64M \
  --blocksize=4096 -a bs.img \
  -m /dev/sda1:/::ext4 > res 2> err <<'END'
echo == -N
lvs
vfs-type /dev/VG/LV
vfs-type /dev/VG2/root
vfs-type /dev/sdc1
vfs-type /dev/sdd1
blockdev-getss /dev/sde
blockdev-getss /dev/sda

echo == copy-in
copy-in tree /
ls /tree
is-symlink /tree/link
readlink /tree/link
cat /tree/sub/b
!mkdir back
copy-out /tree back

echo == hostile
mkdir /evil
write /evil/f "f"
chmod 04755 /evil/f
ln-s / /evil/root
ln-s ../.. /evil/up
ln-s /etc/passwd /evil/passwd
mkdir /evil/dir
write /evil/dir/secret "s"
copy-out /evil out
-copy-out /evil out2

echo == glob
glob echo /evil/* x
glob echo /dev/sd?1
glob echo /no-match-*

echo == supported
supported | grep -c '^ *lvm2 yes$'

echo == hexedit
write /hex "0123456789"
hexedit /hex 3 5
cat /hex
-hexedit /hex 100 5
display /hex
echo
END
cat err
test $rc = 0
expect_output res <<'END'
== -N
/dev/VG/LV
/dev/VG2/root
/dev/VG3/LV3
ext4
ext4
ext2
LVM2_member
4096
512
== copy-in
a
link
sub
true
a
file b

== hostile
== glob
/evil/dir x
/evil/f x
/evil/passwd x
/evil/root x
/evil/up x
/dev/sda1
/dev/sdb1
/dev/sdc1
/dev/sdd1
/no-match-*
== supported
1
== hexedit
01234AB789
01234AB789
END

# The round trip kept contents, modes, times and the symlink.
diff -r tree back/tree
test "$(stat -c '%a %Y' back/tree/a)" = "$(stat -c '%a %Y' tree/a)"
test "$(stat -c '%a %Y' back/tree/sub)" = "$(stat -c '%a %Y' tree/sub)"
test "$(stat -c '%Y' back/tree/sub/b)" = "$(stat -c '%Y' tree/sub/b)"
test "$(readlink back/tree/link)" = a

# The hostile tree: links copied as links, nothing followed, no setuid.
test "$(readlink out/evil/root)" = /
test "$(readlink out/evil/up)" = ../..
test "$(readlink out/evil/passwd)" = /etc/passwd
test "$(cat out/evil/dir/secret)" = s
test "$(stat -c %a out/evil/f)" = 755
# Nothing went through the symlink that was already in out2.
test -z "$(ls -A outside)"
test -L out2/evil/dir
grep -q 'copy-out: .*dir' err
