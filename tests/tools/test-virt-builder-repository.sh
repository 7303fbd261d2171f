#!/bin/sh -
# careen - virt-builder-repository: a repository made from two test
# guests (qcow2 copies of alpine320 and debian12) has an index that
# careen's and libguestfs's virt-index-validate accept and careen's
# virt-builder lists, named after each guest's os-version, with the
# arch, format, sizes and expand partition of each, checksums that are
# the sha512sum of the templates, and templates that decompress to the
# images.  A second run with one image changed and the other one put
# back unchanged revises the first only, and signs the index (gpg
# --verify, throwaway GNUPGHOME), then also keeping the unsigned index.
# --no-compression, with an index entry the user wrote to name an
# image.  A corrupt image, an image with no operating system and a key
# gpg does not have fail with a clear error and leave the repository
# as it was.  The usage errors.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 qemu-img xz sha512sum gpg

br="$top_builddir/tools/builder-repository/virt-builder-repository"
[ -x "$br" ] || skip "virt-builder-repository is not built"

# Both index checkers: careen's, and libguestfs's when it is installed.
validate ()
{
  $VG "$top_builddir/tools/index-validate/virt-index-validate" "$1"
  [ ! -x /usr/bin/virt-index-validate ] || /usr/bin/virt-index-validate "$1"
}

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# Without an appliance.
$VG "$br" --help | grep -q '^Usage:'
$VG "$br" --version | grep -Eq '^virt-builder-repository [0-9]+\.[0-9]+\.[0-9]+$'
$VG "$br" --long-options | grep -qx -- '--no-compression'
[ "$($VG "$br" --machine-readable)" = virt-builder-repository ]
mkdir empty
for args in "" "-i empty" "--interactive empty" "empty empty" \
            "--keep-unsigned empty" "nonexistent" "--bogus empty" \
            "--machine-readable=bogus empty"; do
  status=0; $VG "$br" $args 2>err || status=$?
  [ "$status" -eq 1 ]
  grep -q '^virt-builder-repository: ' err || grep -q "^Try '" err
done
status=0; $VG "$br" -i empty 2>err || status=$?
[ "$status" -eq 1 ]
grep -q 'interactive is not supported' err
# An empty repository: nothing to do, nothing written.
$VG "$br" -q empty
[ -z "$(ls -A empty)" ]

# Field KEY of section [ID] of index FILE.
field ()
{
  awk -v s="[$1]" -v k="$2=" '
    $0 == s { on = 1; next }
    /^\[/ { on = 0 }
    on && index ($0, k) == 1 { print substr ($0, length (k) + 1) }' "$3"
}
vsize ()
{
  qemu-img info --output=json "$1" | sed -n 's/^ *"virtual-size": \([0-9]*\),*$/\1/p'
}

. "$top_srcdir/tests/guests/guests.sh"
alpine="$(guest_image alpine320)"
debian="$(guest_image debian12)"
# Copies: the shared guests are never written.
mkdir orig repo
qemu-img convert -O qcow2 "$alpine" orig/alpine.qcow2
qemu-img convert -O qcow2 "$debian" orig/debian.qcow2
cp orig/alpine.qcow2 orig/debian.qcow2 repo/

$VG "$br" --machine-readable=file:"$scratch/mr" repo > log
grep -q '^Compressing repo/debian.qcow2$' log
expect_output mr <<'OUT'
{ "id": "alpinelinux-3.20", "file": "alpine.qcow2.xz", "revision": 1, "status": "new" }
{ "id": "debian-12", "file": "debian.qcow2.xz", "revision": 1, "status": "new" }
OUT
# The compressed templates replace the images; nothing else is left.
[ "$(ls -A repo | tr '\n' ' ')" = "alpine.qcow2.xz debian.qcow2.xz index " ]
validate repo/index
[ "$(grep '^\[' repo/index | tr '\n' ' ')" = "[alpinelinux-3.20] [debian-12] " ]
for g in alpine:alpinelinux-3.20:alpinelinux3.20:/dev/sda1 \
         debian:debian-12:debian12:/dev/sda2; do
  IFS=: read n id osinfo expand <<EOF
$g
EOF
  [ "$(field "$id" file repo/index)" = "$n.qcow2.xz" ]
  [ "$(field "$id" arch repo/index)" = x86_64 ]
  [ "$(field "$id" osinfo repo/index)" = "$osinfo" ]
  [ "$(field "$id" format repo/index)" = qcow2 ]
  [ "$(field "$id" revision repo/index)" = 1 ]
  [ "$(field "$id" expand repo/index)" = "$expand" ]
  [ "$(field "$id" size repo/index)" = "$(vsize "orig/$n.qcow2")" ]
  [ "$(field "$id" compressed_size repo/index)" = "$(stat -c %s "repo/$n.qcow2.xz")" ]
  [ "$(field "$id" 'checksum[sha512]' repo/index)" = \
    "$(sha512sum < "repo/$n.qcow2.xz" | cut -d' ' -f1)" ]
  xz -dc "repo/$n.qcow2.xz" | cmp - "orig/$n.qcow2"
done
[ "$(field alpinelinux-3.20 name repo/index)" = "Alpine Linux v3.20" ]
[ "$(field debian-12 name repo/index)" = 12.5 ]
cp repo/index index.1
# careen's virt-builder lists the templates (no download, no appliance).
vb="$top_builddir/tools/builder/virt-builder"
if [ -x "$vb" ]; then
  $VG "$vb" --no-default-sources --no-cache --no-check-signature \
    --source "file://$scratch/repo/index" --list > list
  expect_output list <<'OUT'
alpinelinux-3.20         x86_64     Alpine Linux v3.20
debian-12                x86_64     12.5
OUT
fi

# A key of our own, in a home of its own.
GNUPGHOME="$scratch/gnupg"
export GNUPGHOME
mkdir -m 700 "$GNUPGHOME"
cleanup_fn gpgconf --kill gpg-agent
gpg --batch --passphrase '' --quick-gen-key 'careen test <test@example.invalid>' \
  ed25519 sign never 2>/dev/null

# Second run: alpine grows by 1 MiB, debian comes back unchanged.  The
# user's own field survives the revision.
sed -i 's/^\[alpinelinux-3.20\]$/&\nnotes=kept\n as written/' repo/index
cp orig/debian.qcow2 repo/
cp orig/alpine.qcow2 alpine2.qcow2
qemu-img resize -q alpine2.qcow2 +1M
cp alpine2.qcow2 repo/alpine.qcow2
$VG "$br" -q --gpg "gpg --batch" -K test@example.invalid \
  --machine-readable repo > mr
expect_output mr <<'OUT'
{ "id": "alpinelinux-3.20", "file": "alpine.qcow2.xz", "revision": 2, "status": "changed" }
{ "id": "debian-12", "file": "debian.qcow2.xz", "revision": 1, "status": "unchanged" }
OUT
[ "$(ls -A repo | tr '\n' ' ')" = "alpine.qcow2.xz debian.qcow2.xz index.asc index.bak " ]
gpg --batch --verify repo/index.asc
validate repo/index.asc
sed -n '/^\[/,/^-----BEGIN PGP SIGNATURE/p' repo/index.asc | sed '$d' > index.2
[ "$(field alpinelinux-3.20 revision index.2)" = 2 ]
[ "$(field alpinelinux-3.20 size index.2)" = "$(vsize alpine2.qcow2)" ]
[ "$(field alpinelinux-3.20 notes index.2)" = kept ]
grep -qx ' as written' index.2
[ "$(field alpinelinux-3.20 'checksum[sha512]' index.2)" = \
  "$(sha512sum < repo/alpine.qcow2.xz | cut -d' ' -f1)" ]
xz -dc repo/alpine.qcow2.xz | cmp - alpine2.qcow2
# debian's entry is the same, line for line.
sed -n '/^\[debian-12\]/,/^$/p' index.1 > deb.1
sed -n '/^\[debian-12\]/,/^$/p' index.2 > deb.2
[ -s deb.1 ]
diff deb.1 deb.2

# --keep-unsigned: both indexes, saying the same.  debian is unchanged
# again (no appliance).
cp orig/debian.qcow2 repo/
$VG "$br" -q --gpg "gpg --batch" -K test@example.invalid --keep-unsigned \
  repo
[ "$(ls -A repo | tr '\n' ' ')" = \
  "alpine.qcow2.xz debian.qcow2.xz index index.asc index.asc.bak index.bak " ]
gpg --batch --verify repo/index.asc
cmp repo/index index.2
validate repo/index

# --no-compression: the images are the templates, and stay.  The id
# and notes come from the section the user wrote for the image.
mkdir plain
cp orig/alpine.qcow2 plain/
printf '[my-alpine]\nfile=alpine.qcow2\nnotes=mine\n' > plain/index
$VG "$br" --no-compression --machine-readable plain > mr 2> progress
expect_output mr <<'OUT'
{ "id": "my-alpine", "file": "alpine.qcow2", "revision": 1, "status": "new" }
OUT
grep -qx 'Inspecting plain/alpine.qcow2' progress
[ "$(ls -A plain | tr '\n' ' ')" = "alpine.qcow2 index index.bak " ]
validate plain/index
[ "$(field my-alpine notes plain/index)" = mine ]
[ "$(field my-alpine name plain/index)" = "Alpine Linux v3.20" ]
[ "$(field my-alpine arch plain/index)" = x86_64 ]
[ "$(field my-alpine expand plain/index)" = /dev/sda1 ]
[ "$(field my-alpine compressed_size plain/index)" = "$(stat -c %s orig/alpine.qcow2)" ]
[ "$(field my-alpine 'checksum[sha512]' plain/index)" = \
  "$(sha512sum < orig/alpine.qcow2 | cut -d' ' -f1)" ]
cmp plain/alpine.qcow2 orig/alpine.qcow2
# Again: nothing changed, no appliance, the same index.
cp plain/index index.plain
$VG "$br" -q --no-compression --machine-readable plain > mr
expect_output mr <<'OUT'
{ "id": "my-alpine", "file": "alpine.qcow2", "revision": 1, "status": "unchanged" }
OUT
cmp plain/index index.plain

# Failures leave the repository as it was: a key gpg does not have
# (after the image was compressed), a corrupt image, no OS.
ls -lA --time-style=full-iso repo > before
sha512sum repo/* > before.sum
cp orig/debian.qcow2 repo/
status=0
$VG "$br" -q --gpg "gpg --batch" -K nobody@example.invalid repo 2>err ||
  status=$?
[ "$status" -eq 1 ]
grep -q "signing the index with the key 'nobody@example.invalid' failed" err
rm repo/debian.qcow2
ls -lA --time-style=full-iso repo | diff before -
sha512sum -c --quiet before.sum

printf 'QFI\373\0\0\0\3garbage' > repo/bad.qcow2
truncate -s 64K repo/bad.qcow2
status=0; $VG "$br" repo 2>err || status=$?
[ "$status" -eq 1 ]
grep -q "^virt-builder-repository: error: .*repo/bad.qcow2: corrupt qcow2 header" err
rm repo/bad.qcow2
ls -lA --time-style=full-iso repo | diff before -

mkdir blank
truncate -s 16M blank/blank.img
status=0; $VG "$br" blank 2>err || status=$?
[ "$status" -eq 1 ]
grep -q "'blank/blank.img': no operating system was found" err
[ "$(ls -A blank)" = blank.img ]
