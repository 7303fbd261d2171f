#!/bin/sh
# careen - the daemon's own look into files, run on the host (no
# appliance) through daemon/daemon-call: file through libmagic must say
# what file(1) says, file_architecture reads the binaries libmagic
# recognises (compressed and inside an initrd too), glob_expand and
# zgrep stay inside the guest tree, and errors name what failed rather
# than the call.

. "$top_srcdir/tests/functions.sh"
set -e -x
skip_if_skipped
requires file gzip xz cpio

call="$top_builddir/daemon/daemon-call"
daemon="$top_builddir/daemon/careen-daemon"
[ -x "$call" ] && [ -x "$daemon" ] || skip "daemon not built"

d="$(mktemp -d /tmp/careen-daemon-tools.XXXXXX)"
cleanup_fn rm -rf "$d"
r="$d/root"
mkdir "$r" "$r/etc" "$r/dir"
echo guest > "$r/etc/hostname"
printf 'secret line\nother\n' | gzip -c > "$r/text.gz"
printf 'just text\n' > "$r/text"
: > "$r/empty"
cp /bin/true "$r/true"
xz -c "$r/true" > "$r/true.xz"
ln -s /etc "$r/abs"
ln -s /proc/self/root/etc "$r/esc"
mkfifo "$r/fifo"
# An initrd: an uncompressed early archive without binaries, then a
# compressed one holding the program.
mkdir -p "$d/e/kernel" "$d/i/bin"
echo x > "$d/e/kernel/ucode"
cp /bin/true "$d/i/bin/true"
(cd "$d/e" && find . | cpio -o -H newc --quiet) > "$r/initrd"
(cd "$d/i" && find . | cpio -o -H newc --quiet) | gzip -c >> "$r/initrd"

dc ()
{
  $VG "$call" --daemon "$daemon" --sysroot "$r" "$@"
}

# Procedure numbers: generator/actions-*.c.
# file: regular files read by libmagic, word for word what
# file -z says; other objects named from their mode.
for f in etc/hostname text.gz empty true true.xz initrd; do
  dc file string "s:/$f" > "$d/out"
  file -zbL "$r/$f" > "$d/expected"
  cmp "$d/expected" "$d/out"
done
dc file string s:/dir > "$d/out"
dc file string s:/abs >> "$d/out"
dc file string s:/fifo >> "$d/out"
expect_output "$d/out" <<'X'
directory
symbolic link
FIFO
X
dc file string s:/missing > "$d/out" || test $? = 1
expect_output "$d/out" <<'X'
error: ENOENT: /missing: No such file or directory
X

# file_architecture: the answer for the host's own binaries.
case "$(uname -m)" in
  x86_64|aarch64|riscv64|s390x|ppc64le) arch="$(uname -m)" ;;
  *) arch= ;;
esac
if [ -n "$arch" ]; then
  for f in true true.xz initrd; do
    dc file_architecture string "s:/$f" > "$d/out"
    echo "$arch" | expect_output "$d/out"
  done
fi
dc file_architecture string s:/text > "$d/out" || test $? = 1
expect_output "$d/out" <<'X'
error: EINVAL: /text: unknown architecture
X

# glob_expand: an absolute symlink is the guest's, an escape
# through /proc matches nothing.
dc --optargs 1 glob_expand strings s:'/abs/*' b:1 > "$d/out"
expect_output "$d/out" <<'X'
/abs/hostname
X
dc --optargs 1 glob_expand strings s:'/esc/*' b:1 > "$d/out"
expect_output "$d/out" <<'X'
X
dc --optargs 1 glob_expand strings s:'/{dir,etc,none}' b:1 > "$d/out"
expect_output "$d/out" <<'X'
/dir/
/etc/
X

# zgrep: through gzip; plain files pass through unchanged.
dc zgrep strings s:secret s:/text.gz > "$d/out"
dc zgrep strings s:guest s:/abs/hostname >> "$d/out"
expect_output "$d/out" <<'X'
secret line
guest
X

# umask: the error names the value, not the call.
dc umask int i:512 > "$d/out" || test $? = 1
expect_output "$d/out" <<'X'
error: EINVAL: mask 01000 is not between 0 and 0777
X

# fgrep when the tool cannot be found: the failed exec is
# reported as such, with the program's name.  (Without $VG: valgrind
# would not be found on that PATH.)
env PATH=/nonexistent "$call" --daemon "$daemon" --sysroot "$r" \
  fgrep strings s:guest s:/etc/hostname > "$d/out" || test $? = 1
expect_output "$d/out" <<'X'
error: : grep: No such file or directory
X
