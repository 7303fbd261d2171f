#!/bin/sh -
# careen - virt-edit: -e with substitutions (PCRE2, several -e in
# order) and with Perl code ($lineno too), a
# backup with -b, $EDITOR through a symlink, the owner and mode of
# the original kept (never world-readable: CVE-2012-2690), no
# temporary file left in the guest, and a failing expression changing
# nothing.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 perl sed truncate

# careen's tool by its build-tree path: Debian's libguestfs virt-edit
# may be installed.
tool="$top_builddir/tools/edit/virt-edit"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-edit is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

$VG "$tool" --help | grep -q '^Usage:'
truncate -s 1M empty.img
set +e
$VG "$tool" -a empty.img 2> err
rc=$?
set -e
[ "$rc" = 1 ]
grep -q 'no file to edit' err

printf 'root:secret:1:\nfoo:x:2:\n' > shadow
printf 'one\ntwo\n' > plain
printf 'k=v\nkey=value\n' > pairs
$VG "$fish" -N t.img=fs:ext4 -m /dev/sda1 -- \
  mkdir /etc : upload shadow /etc/shadow : chown 0 42 /etc/shadow : \
  chmod 0640 /etc/shadow : upload plain /plain : ln-s plain /link : \
  upload plain /other : upload pairs /pairs

# Several files in one run: the Perl expression, with a backup.
$VG "$tool" -a t.img -m /dev/sda1 -b .orig \
  -e 's/^root:[^:]*:/root::/; $_ = "" if /^foo:/; s/^/$lineno:/ if /^t/' \
  /etc/shadow /plain
# $EDITOR through a symlink: the target is replaced, the link stays.
EDITOR="sed -i s/one/ONE/" $VG "$tool" -a t.img -m /dev/sda1 /link /other
# Substitutions alone run with PCRE2, in command-line order.
$VG "$tool" -a t.img -m /dev/sda1 -e 's/(\w+)=(\w+)/$2=\1/' \
  -e 's{^}{> }' -e 's|E|[$&]|gi' /pairs
# A failing expression changes nothing.
set +e
$VG "$tool" -a t.img -m /dev/sda1 -e 'die "no\n"' /other 2> err
rc=$?
set -e
[ "$rc" = 1 ]

$VG "$fish" --ro -a t.img -m /dev/sda1 -- \
  cat /etc/shadow : cat /etc/shadow.orig : cat /plain : cat /plain.orig : \
  cat /other : cat /pairs : is-symlink /link : ls /etc : ls / : \
  statns /etc/shadow > out
grep -E -v '^st_' out > got
grep -E '^st_(mode|uid|gid):' out >> got
# guestfish's cat adds a newline after the file's own.
expect_output got <<'END'
root::1:

root:secret:1:
foo:x:2:

ONE
2:two

one
two

ONE
two

> v=k
> valu[e]=k[e]y

true
shadow
shadow.orig
etc
link
lost+found
other
pairs
plain
plain.orig
st_mode: 33184
st_uid: 0
st_gid: 42
END
