#!/bin/sh -
# careen - virt-builder builds a guest: the Alpine test guest as a
# template of a signed repository served over http from 127.0.0.1,
# grown to a larger --size as qcow2 (the partition of expand= and its
# ext4 with it), customized (--hostname, --write, --run-command), then
# checked with guestfish.  Then the failures that must leave no output
# file: a bad checksum (of a download and of a cached copy), a missing
# template, a corrupt xz, a bad signature, no checksum nor signature.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 python3 curl

vb="$top_builddir/tools/builder/virt-builder"
fish="$top_builddir/fish/guestfish"
[ -x "$vb" ] || skip "virt-builder is not built"
[ -x /bin/dash ] || skip "/bin/dash (the shell given to the guest) is missing"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
. "$top_srcdir/tests/tools/test-virt-builder-repo.sh"

start_http_server
src="http://127.0.0.1:$port/index.asc"

# The guest has no shell: dash and its libraries, uploaded first, let
# --run-command work.
set -- --delete /bin/sh --upload /bin/dash:/bin/sh
for lib in $(ldd /bin/dash | awk '$2 == "=>" && $3 ~ /^\// { print $3 }
                                  $1 ~ /^\// { print $1 }'); do
  set -- "$@" --mkdir "$(dirname "$lib")" --upload "$lib:$(dirname "$lib")"
done

mkdir out
$VG "$vb" alpine --source "$src" --fingerprint "$fpr" \
  -o out/new.qcow2 --format qcow2 --size 128M --no-network \
  "$@" \
  --hostname built.example.com \
  --write '/etc/motd:built by virt-builder' \
  --run-command 'echo ran > /root/ran' > log
grep -q 'GET /alpine.xz' http.log
[ "$(ls out)" = new.qcow2 ]
qemu-img info --output=json out/new.qcow2 > info
grep -q '"format": "qcow2"' info
grep -q '"virtual-size": 134217728' info
"$fish" --ro --format=qcow2 -a out/new.qcow2 -i <<'FISH' > got
cat /etc/motd
cat /etc/hostname
cat /root/ran
blockdev-getsize64 /dev/sda1
FISH
# (guestfish's cat ends what it prints with a newline of its own.)
sed -n 1,5p got > head
printf 'built by virt-builder\nbuilt.example.com\n\nran\n\n' |
  expect_output head
part="$(sed -n 6p got)"
[ "$part" -gt "$tmpl_size" ]
# The template was cached under its revision.
[ -f cache/virt-builder/alpine-3.20.x86_64.2 ]

# The failures: each says why, and leaves nothing in out/ but what was
# there.  None needs an appliance.
fails ()
{
  f_want=$1; shift
  status=0
  $VG "$vb" "$@" -o out/bad.img > out.log 2> err || status=$?
  [ "$status" -eq 1 ]
  grep -q -- "$f_want" err
  [ "$(ls out)" = new.qcow2 ]
}
plain="file://$repo"

write_index badsum alpine.xz 0123456789abcdef
fails "the checksum of the template 'alpine-3.20' does not match" \
  --no-cache --source "$plain/badsum" --no-check-signature alpine
# A cached copy is checked too (and dropped when it is bad).
cp "$repo/alpine.xz" cache/virt-builder/alpine-3.20.x86_64.2
fails "does not match" --source "$plain/badsum" --no-check-signature alpine
[ ! -e cache/virt-builder/alpine-3.20.x86_64.2 ]

write_index missing gone.xz 00
rm -f "$repo/gone.xz"
fails "virt-builder: error: $repo/gone.xz: No such file or directory" \
  --no-cache --source "$plain/missing" --no-check-signature alpine
fails "download of 'http://127.0.0.1:$port/gone.xz' failed" \
  --no-cache --source "http://127.0.0.1:$port/missing.asc" \
  --fingerprint "$fpr" alpine

head -c 100000 /dev/urandom > "$repo/corrupt.xz"
write_index corrupt corrupt.xz
fails "could not be uncompressed" \
  --no-cache --source "$plain/corrupt" --no-check-signature alpine

sed 's/^revision=2$/revision=3/' "$repo/index.asc" > "$repo/tampered.asc"
fails "the signature of .* is not valid" \
  --source "$plain/tampered.asc" --fingerprint "$fpr" alpine

# No checksum and no signature: refused unless --no-check-signature.
sed '/^checksum/d' "$repo/index" > "$repo/nosum"
gpg --batch --yes --clearsign -o "$repo/nosum.asc" "$repo/nosum" 2> /dev/null
fails "has neither a checksum nor a signature" \
  --no-cache --source "$plain/nosum.asc" --fingerprint "$fpr" alpine

fails "is smaller than the template" --size 1M \
  --source "$plain/index" --no-check-signature alpine
fails "cannot find os-version 'alpine' with architecture 'riscv64'" \
  --arch riscv64 --source "$plain/index" --no-check-signature alpine
