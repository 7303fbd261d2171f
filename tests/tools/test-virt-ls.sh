#!/bin/sh -
# careen - virt-ls: the four output modes (plain, -l, -R, -lR), the
# -lR fields (--uids, --times and its forms, --extra-stats,
# --checksum, -h), CSV quoting of hostile names, and the errors.  The
# -lR lines are those libguestfs's virt-ls prints for the same files.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64

# careen's tools by their build-tree path: Debian's libguestfs tools of
# the same names may be installed.
ls_="$top_builddir/tools/ls/virt-ls"
fish="$top_builddir/fish/guestfish"
[ -x "$ls_" ] || skip "virt-ls is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Without an appliance.
$VG "$ls_" --help > help
grep -q '^Usage:' help
$VG "$ls_" --version | grep -Eq '^virt-ls [0-9]+\.[0-9]+\.[0-9]+$'
$VG "$ls_" --long-options > long
for o in --checksum --checksums --csv --extra-stats --time-days \
         --time-relative --time-t --times --uids --recursive; do
  grep -qx -- "$o" long
done
$VG "$ls_" --short-options > short
grep -qx -- '-R' short
status=0; $VG "$ls_" --bogus 2>err || status=$?
[ "$status" -eq 1 ]
status=0; $VG "$ls_" -a /dev/null 2>err || status=$?
[ "$status" -eq 1 ]
grep -q 'no directory' err
status=0; $VG "$ls_" -h -a /dev/null / 2>err || status=$?
[ "$status" -eq 1 ]
grep -q 'only be combined with -lR mode' err
status=0; $VG "$ls_" -l --csv -a /dev/null / 2>err || status=$?
[ "$status" -eq 1 ]
status=0; $VG "$ls_" -lR --checksum=crc32x -a /dev/null / 2>err || status=$?
[ "$status" -eq 1 ]
grep -q 'unknown checksum type' err

# The guest: a file owned by 1000:100, a symlink, and names with a
# space and a comma.
cat > mk.fish <<'FISH'
mkdir-p /etc
mkdir-p "/dir/sub dir"
write /etc/motd "hello, world\n"
write /etc/hostname "guest\n"
write "/dir/sub dir/a,b" "comma\n"
write /dir/file "x"
chmod 0600 /dir/file
ln-s ../etc/motd /dir/link
chown 1000 100 /dir/file
FISH
$VG "$fish" -N t.img=fs:ext4:32M -m /dev/sda1 -f mk.fish

$VG "$ls_" -a t.img -m /dev/sda1 /dir > out
expect_output out <<'OUT'
file
link
sub dir
OUT

$VG "$ls_" -R -a t.img -m /dev/sda1 /dir > out
expect_output out <<'OUT'
file
link
sub dir
sub dir/a,b
OUT

$VG "$ls_" -lR -a t.img -m /dev/sda1 / > out
expect_output out <<'OUT'
d 0755       1024 /
d 0755       1024 /dir
- 0600          1 /dir/file
l 0777         11 /dir/link -> ../etc/motd
d 0755       1024 /dir/sub dir
- 0644          6 /dir/sub dir/a,b
d 0755       1024 /etc
- 0644          6 /etc/hostname
- 0644         13 /etc/motd
d 0700      12288 /lost+found
OUT

$VG "$ls_" -lR --csv --uids --checksum=sha1 -a t.img -m /dev/sda1 /dir > out
expect_output out <<'OUT'
d,0755,1024,   0,   0,,/dir
-,0600,1,1000, 100,11f6ad8ec52a2984abaafd7c3b516503785c2072,/dir/file
l,0777,11,   0,   0,,/dir/link,../etc/motd
d,0755,1024,   0,   0,,"/dir/sub dir"
-,0644,6,   0,   0,e3a27c07f6e7622f2eeeb961a9c4104150779650,"/dir/sub dir/a,b"
OUT

# The guest was written moments ago: 0 days old, and --time-days wins
# over --time-t.
$VG "$ls_" -lRh --time-t --time-days -a t.img -m /dev/sda1 /etc > out
expect_output out <<'OUT'
d 0755       1.0K   0   0   0 /etc
- 0644          6   0   0   0 /etc/hostname
- 0644         13   0   0   0 /etc/motd
OUT

# Dates, seconds and the extra stats have the expected shapes.
$VG "$ls_" -lR --times --extra-stats -a t.img -m /dev/sda1 /etc > out
cat out
[ "$(wc -l < out)" -eq 3 ]
d='[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}'
grep -Eq "^- 0644         13 $d $d $d [0-9]+:[0-9]+ [0-9]+ 1 0:0 [0-9]+ /etc/motd\$" out
$VG "$ls_" -lR --time-t -a t.img -m /dev/sda1 /etc/motd > out
grep -Eq '^- 0644         13 +[0-9]{10} +[0-9]{10} +[0-9]{10} /etc/motd$' out

# The long listing is ls -la inside the appliance.
$VG "$ls_" -l -a t.img -m /dev/sda1 /dir > out
grep -q ' file$' out
grep -q ' link -> ../etc/motd$' out

# A directory that does not exist.
status=0; $VG "$ls_" -a t.img -m /dev/sda1 /nonexistent 2>err || status=$?
[ "$status" -eq 1 ]

# CSV with checksums: files that have none (directories, links) keep an empty checksum column, and a field with a space is
# quoted; a tab is not.  The same lines as libguestfs's virt-ls.
printf 'mkdir /q\ntouch "/q/a b"\ntouch "/q/t\\tb"\nln-s "a b" /q/l\n' |
  $VG "$fish" -a t.img -m /dev/sda1
$VG "$ls_" -lR --csv --checksums -a t.img -m /dev/sda1 /q > out
e=d41d8cd98f00b204e9800998ecf8427e
tab="$(printf '\t')"
expect_output out <<OUT
d,0755,1024,,/q
-,0644,0,$e,"/q/a b"
l,0777,3,,/q/l,"a b"
-,0644,0,$e,/q/t${tab}b
OUT
if [ -x /usr/bin/virt-ls ]; then
  libguestfs /usr/bin/virt-ls -lR --csv --checksums -a t.img \
    -m /dev/sda1 /q > lg
  diff -u lg out
fi
