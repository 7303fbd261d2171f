#!/bin/sh -
# careen - virt-builder --list (short, long, json), --notes and the
# cache options on a repository made here, read by file://, by http://
# from a server on 127.0.0.1, and through a repos.d .conf with its
# gpgkey; the signed index checked with --fingerprint and with the
# .conf's key; the listings byte for byte those of libguestfs's
# virt-builder where it is installed.  No appliance.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
requires python3 curl

vb="$top_builddir/tools/builder/virt-builder"
[ -x "$vb" ] || skip "virt-builder is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
. "$top_srcdir/tests/tools/test-virt-builder-repo.sh"

real=
[ ! -x /usr/bin/virt-builder ] || real=/usr/bin/virt-builder
# libguestfs's virt-builder, by its plain name (it prints argv[0]).
real_vb ()
{
  libguestfs env PATH="$scratch/realbin:$PATH" virt-builder "$@"
}
if [ -n "$real" ]; then
  mkdir realbin
  ln -s "$real" realbin/virt-builder
fi

# both EXPECTED-FILE ARGS...: careen's output of ARGS is EXPECTED-FILE's
# when given, and libguestfs's the same as careen's.
both ()
{
  b_want=$1; shift
  $VG "$vb" "$@" > ours
  [ -z "$b_want" ] || expect_output ours < "$b_want"
  if [ -n "$real" ]; then
    real_vb "$@" > theirs
    expect_output ours < theirs
  fi
}

src="file://$repo/index"
cat > short.want <<'OUT'
alpine-3.20              x86_64     Alpine Linux 3.20
alpine-3.20              aarch64    Alpine Linux 3.20 (ARM)
OUT
$VG "$vb" --no-default-sources --list --source "$src" --no-check-signature > ours
expect_output ours < short.want
# (libguestfs's virt-builder has no --no-default-sources: the empty
# VIRT_BUILDER_DIRS and the test's XDG_CONFIG_HOME keep it offline.)
both short.want --list --source "$src" --no-check-signature
both "" --list --list-format long --source "$src" --no-check-signature
grep -qx 'Minimum/default size:    64M' ours || grep -qx 'Minimum/default size:    64.0M' ours
grep -qx 'Aliases:                 alpine alpine3' ours
both "" --list --list-format json --source "$src" --no-check-signature
grep -q '"hidden": true' ours
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' ours
both "" --list --long --source "$src" --no-check-signature alpine3
grep -q '^Source URI' ours && exit 1
both "" --list --list-format json --arch aarch64 --source "$src" \
  --no-check-signature alpine-3.20
grep -q '"size": 1073741824' ours

# French notes for a French user, the plain ones for anyone else.
$VG "$vb" --notes alpine --source "$src" --no-check-signature > ours
printf 'A small test guest.\n\nIts second paragraph.\n' | expect_output ours
LANG=fr_FR.UTF-8 LC_ALL= $VG "$vb" --notes alpine --source "$src" \
  --no-check-signature > ours
printf 'Un petit invité de test.\n' | expect_output ours

# The signed index, checked against the key of --fingerprint (taken
# from the user's keyring, never written to).
$VG "$vb" --list --list-format json --source "file://$repo/index.asc" \
  --fingerprint "$fpr" > ours
grep -q "\"fingerprint\": \"$fpr\"" ours
# The plain index is not signed at all.
status=0
$VG "$vb" --list --source "$src" --fingerprint "$fpr" 2> err || status=$?
[ "$status" -eq 1 ]
grep -q 'virt-builder: error: the signature of .* is not valid' err
# A signature by another key.
gpg --batch --passphrase '' --quick-gen-key 'other <o@example.invalid>' \
  ed25519 sign never 2> /dev/null
other="$(gpg --with-colons --list-keys o@example.invalid |
  awk -F: '$1 == "fpr" { print $10; exit }')"
status=0
$VG "$vb" --list --source "file://$repo/index.asc" --fingerprint "$other" \
  2> err || status=$?
[ "$status" -eq 1 ]
grep -q "virt-builder: error: '.*' is not signed by the key $other" err
# An index changed after it was signed.
sed 's/^size=1073741824$/size=1073741825/' "$repo/index.asc" > "$repo/bad.asc"
status=0
$VG "$vb" --list --source "file://$repo/bad.asc" --fingerprint "$fpr" \
  2> err || status=$?
[ "$status" -eq 1 ]
grep -q 'the signature of .* is not valid' err
status=0
$VG "$vb" --list --source "file://$repo/index.asc" 2> err || status=$?
[ "$status" -eq 1 ]
grep -q 'no key to check the signature' err

# A repos.d .conf with its gpgkey, as distributions install them.
mkdir -p config/virt-builder/repos.d
cat > config/virt-builder/repos.d/test.conf <<CONF
[test]
uri=file://$repo/index.asc
gpgkey=file://$repo/key.gpg
CONF
both "" --list --list-format long
grep -qx "Key: $repo/key.gpg" ours
grep -qx "Source URI: file://$repo/index.asc" ours
both "" --list --list-format json
# --no-default-sources leaves it out.
status=0
$VG "$vb" --no-default-sources --list 2> err || status=$?
[ "$status" -eq 1 ]
grep -q 'no sources of templates' err
rm config/virt-builder/repos.d/test.conf

# Over http from 127.0.0.1.
start_http_server
both short.want --list --source "http://127.0.0.1:$port/index.asc" \
  --fingerprint "$fpr"
grep -q 'GET /index.asc' http.log
status=0
$VG "$vb" --list --source "http://127.0.0.1:$port/missing.asc" \
  --no-check-signature 2> err || status=$?
[ "$status" -eq 1 ]
grep -q "download of 'http://127.0.0.1:$port/missing.asc' failed" err

# The cache: nothing in it yet; deleting it.
mkdir -p cache/virt-builder
: > cache/virt-builder/alpine-3.20.x86_64.2
$VG "$vb" --print-cache --source "$src" --no-check-signature > ours
cat > want <<OUT
cache directory: $scratch/cache/virt-builder
alpine-3.20              x86_64     cached
alpine-3.20              aarch64    no
OUT
expect_output ours < want
$VG "$vb" --print-cache --no-cache --source "$src" --no-check-signature > ours
echo 'no cache directory' | expect_output ours
$VG "$vb" --delete-cache -q
[ ! -e cache/virt-builder ]

# Usage.
$VG "$vb" --machine-readable > ours
grep -qx json-list ours
$VG "$vb" --help | grep -q '^Usage:'
$VG "$vb" --version | grep -Eq '^virt-builder [0-9]+\.[0-9]+\.[0-9]+$'
$VG "$vb" --long-options | grep -qx -- '--hostname'
for args in "" "--list --notes" "--format vmdk x" "--size 1Q x" "a b" \
            "--list --list-format xml --source $src --no-check-signature" \
            "--notes nosuch --source $src --no-check-signature"; do
  status=0
  # shellcheck disable=SC2086
  $VG "$vb" $args > out 2> err || status=$?
  [ "$status" -eq 1 ]
  grep -q 'virt-builder' err
done
