#!/bin/sh -
# careen - copying a hostile guest tree to the host: copy-out,
# tar-out, download (guestfish) and virt-copy-out / virt-tar-out.
#
# The guest holds symlinks to /, to ../.., to /etc/passwd and /tmp,
# names with a newline, control characters and 255 bytes, a name
# starting with '-', a 1000-deep tree, a FIFO, character and block
# device nodes and a setuid file.  Whatever is copied out: nothing is
# created outside the target, no special file is created on the host,
# symlinks come out as links (never followed), setuid bits are
# dropped, and a download of a guest symlink to /etc/passwd never
# yields the host's file.  A download of a guest FIFO must end (error)
# rather than hang.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/hostile/functions.sh"
requires_appliance
requires python3 tar find

python3 "$top_srcdir/tests/hostile/make-hostile-tar.py" hostile.tar 1000
mkdir box box/target
: > canary

fish_rc -N fs.img=fs:ext4:64M -m /dev/sda1 > out 2> err <<'END'
tar-in hostile.tar /
is-symlink /evil/root
is-symlink /evil/tmp
ls /evil
copy-out /evil box/target
tar-out /evil box/out.tar
echo == download
-download /evil/passwd box/dl-passwd
-download /evil/null box/dl-null
-download /evil/root box/dl-root
-download /evil/fifo box/dl-fifo
echo == end
END
cat out err
[ "$rc" -eq 0 ] || { echo "guestfish failed ($rc)" >&2; exit 1; }
grep -qx '== end' out

# The tree really was hostile inside the guest.
grep -qx 'fifo' out
grep -qx "$(printf 'L%.0s' $(seq 255))" out

# Nothing outside the targets (the box holds only what we named, the
# scratch directory only what the test made).
only_entries . box canary err fs.img hostile.tar out
for f in box/dl-passwd box/dl-null box/dl-root box/dl-fifo; do
  [ ! -e "$f" ] || [ -f "$f" ]  # absent or a regular file
done
rm -f box/dl-passwd box/dl-null box/dl-root box/dl-fifo
only_entries box target out.tar
[ -s canary ] && exit 1
no_special_files box

# copy-out: links kept as links, no setuid, odd names intact.
t=box/target/evil
[ "$(readlink $t/root)" = / ]
[ "$(readlink $t/up)" = ../../../../../.. ]
[ "$(readlink $t/passwd)" = /etc/passwd ]
[ -L $t/tmp ]
[ -f "$t/new
line" ]
[ "$(cat "$t/$(printf 'ctl\001\033[31m\177')")" = control ]
[ -f "$t/$(printf 'L%.0s' $(seq 255))" ]
[ -f $t/-rf ]
[ ! -u $t/suid ]
[ "$(cat $t/deep/$(printf 'd/%.0s' $(seq 1000))bottom)" = bottom ]

# tar-out: a plain local file whatever is inside; it lists fine.
tar -tvf box/out.tar > list
grep -q 'fifo' list

# The same through the tools, if they are built.
if [ -x "$tools/copy-out/virt-copy-out" ] && [ -x "$tools/tar-out/virt-tar-out" ]; then
  mkdir box2
  timeout 600 $VG "$tools/copy-out/virt-copy-out" -a fs.img -m /dev/sda1 /evil box2
  timeout 600 $VG "$tools/tar-out/virt-tar-out" -a fs.img -m /dev/sda1 /evil \
    box2/evil.tar
  only_entries box2 evil evil.tar
  no_special_files box2
  [ "$(readlink box2/evil/root)" = / ]
  [ ! -u box2/evil/suid ]
  only_entries . box box2 canary err fs.img hostile.tar list out
fi
