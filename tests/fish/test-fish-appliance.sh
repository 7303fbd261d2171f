#!/bin/sh -
# careen - guestfish against a real appliance: a prepared disk (-N),
# -m, writing and reading files, directories, upload and download
# (also through "-" and a heredoc), edit, more, copy-in, copy-out, and
# the exit status of a failing command.  One guestfish process, one launch.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fish/functions.sh"

requires_appliance

head -c 300000 /dev/urandom > data.bin
mkdir outdir

# edit runs $EDITOR on a local copy, more runs $PAGER.
EDITOR='sed -i s/world/fish/' PAGER=cat \
  fish_rc -N fs:ext4:64M -m /dev/sda1 > out 2> err <<'END'
write /hello "hello, world\n"
cat /hello
mkdir /dir
mkdir-p /dir/sub/deeper
touch /dir/file
ls /dir
is-dir /dir/sub
exists /no-such-file
upload data.bin /data.bin
download /data.bin data.out
download /hello - | cat
upload -<<EOT /heredoc
first line
  second line
EOT
cat /heredoc
write /piped "a\nb\nc\n"
cat /piped | wc -l
edit /hello
more /hello
copy-in data.bin /dir
copy-out /dir/data.bin outdir
-cat /no-such-file
echo before the failure
cat /no-such-file
echo not reached
END
cat err
test $rc = 1
# As in guestfish, a string result is printed with a newline after it,
# so cat shows a blank line after text that ends with one; download to
# "-" writes the bytes unchanged.
expect_output out <<'END'
hello, world

file
sub
true
false
hello, world
first line
  second line

4
hello, fish
before the failure
END
cmp data.bin data.out
cmp data.bin outdir/data.bin
test "$(stat -c %s test1.img)" = 67108864
grep -q 'libguestfs: error: cat: ' err
grep -q '^\*stdin\*:25: libguestfs: error: cat: ' err
