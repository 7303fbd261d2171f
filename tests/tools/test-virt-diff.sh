#!/bin/sh -
# careen - virt-diff: two versions of a small Linux-looking guest;
# deleted, added and changed files (with the content diff), a changed
# mode, a removed symlink; directories' times ignored by default; CSV
# with checksums; extended attributes with --xattrs.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 diff truncate

# careen's tool by its build-tree path: Debian's libguestfs virt-diff
# may be installed.
tool="$top_builddir/tools/diff/virt-diff"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-diff is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

$VG "$tool" --help | grep -q '^Usage:'
truncate -s 1M empty.img
for args in "-a empty.img" "-A empty.img" "-a empty.img -A empty.img --xattrs"; do
  set +e
  # shellcheck disable=SC2086
  $VG "$tool" $args 2> err
  rc=$?
  set -e
  [ "$rc" = 1 ]
  grep -q '^virt-diff: ' err
done

# Enough of a Debian system for inspection.
cat > os-release <<'END'
ID=debian
VERSION_ID="12"
NAME="Debian GNU/Linux"
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
END
echo 12.0 > debian_version
echo '/dev/sda1 / ext4 defaults 0 1' > fstab
printf 'hello\n' > a1
printf 'hello world\n' > a2
$VG "$fish" -N old.img=fs:ext4:32M -m /dev/sda1 -- \
  mkdir /etc : mkdir /bin : mkdir /usr : mkdir /var : mkdir /d : \
  upload os-release /etc/os-release : \
  upload debian_version /etc/debian_version : upload fstab /etc/fstab : \
  upload a1 /a : ln-s a /l : write /keep same : touch /d/old : \
  chmod 0600 /keep : utimens /a 0 0 1000000000 0 : \
  setxattr user.note old 3 /keep : setxattr user.gone x 1 /a : \
  setxattr user.same s 1 /d/old
cp old.img new.img
$VG "$fish" -a new.img -m /dev/sda1 -- \
  upload a2 /a : utimens /a 0 0 1000000000 0 : write /b new : rm /l : \
  touch /d/x : rm /d/old : chmod 0640 /keep : \
  setxattr user.note new 3 /keep : removexattr user.gone /a : \
  setxattr 'user.path' 'c:\d' 4 /b : setxattr user.b2 2 1 /b

$VG "$tool" --format=raw -a old.img -A new.img > got
expect_output got <<'END'
= - 0644         12 /a
--- /a
+++ /a
@@ -1 +1 @@
-hello
+hello world
+ - 0644          3 /b
- - 0644          0 /d/old
+ - 0644          0 /d/x
= - 0640          4 /keep
- l 0777          1 /l -> a
END

$VG "$tool" --format=raw -a old.img -A new.img --csv --checksum=sha1 \
  --uids > got
expect_output got <<'END'
=,-,0644,12,   0,   0,22596363b3de40b06f981fb85d82312e8c0ed511,/a
+,-,0644,3,   0,   0,c2a6b03f190dfb2b4aa91f8af8d477a9bc3401dc,/b
-,-,0644,0,   0,   0,da39a3ee5e6b4b0d3255bfef95601890afd80709,/d/old
+,-,0644,0,   0,   0,da39a3ee5e6b4b0d3255bfef95601890afd80709,/d/x
=,-,0640,4,   0,   0,ff3390557335ba88d37755e41514beb03bc499ec,/keep
-,l,0777,1,   0,   0,/l,a
END

# --xattrs: the second guest's attributes, sorted by name, after the
# path; a backslash is escaped.
$VG "$tool" --format=raw -a old.img -A new.img --xattrs > got
expect_output got <<'END'
= - 0644         12 /a
--- /a
+++ /a
@@ -1 +1 @@
-hello
+hello world
+ - 0644          3 /b user.b2 2 user.path c:\x5cd
- - 0644          0 /d/old user.same s
+ - 0644          0 /d/x
= - 0640          4 /keep user.note new
- l 0777          1 /l -> a
END
