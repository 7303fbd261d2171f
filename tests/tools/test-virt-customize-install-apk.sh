#!/bin/sh -
# careen - virt-customize --install, --update and --uninstall on an
# Alpine guest.  Debian 12 does not package apk-tools, so no real apk
# can be put in a guest made here: a stand-in apk in the guest logs
# each command line careen runs and the /etc/resolv.conf it sees (the
# appliance's, with the guest's own back afterwards), and fails when
# asked for a package named "missing", as apk does for a package no
# repository has.  careen passes no --allow-untrusted: apk checks
# packages against the keys in the guest's /etc/apk/keys.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
. "$top_srcdir/tests/remote/functions-remote.sh"
. "$top_srcdir/tests/tools/customize-guests.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 mkfs.ext4 ldd
echo "$test_name: apk-tools is not in Debian 12: apk is a stand-in here"

tool="$top_builddir/tools/customize/virt-customize"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-customize is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

r="$scratch/root"
guest_root "$r" alpine "Alpine Linux v3.19" 3.19.1
echo 3.19.1 > "$r/etc/alpine-release"
guest_programs "$r" "$guest_base_programs" ""
mkdir -p "$r/etc/apk/keys" "$r/lib/apk/db"
: > "$r/lib/apk/db/installed"
cat > "$r/sbin/apk" <<'EOF'
#!/bin/sh
echo "apk $*" >> /var/tmp/apk.log
cat /etc/resolv.conf >> /var/tmp/apk.log
for a in "$@"; do
  [ "$a" != missing ] || { echo "ERROR: unable to select packages" >&2; exit 1; }
done
EOF
chmod 0755 "$r/sbin/apk"
guest_image "$r" guest.img

set +e
$VG "$tool" --format=raw -a guest.img --install careen-hello,other \
  --update --uninstall careen-hello --install missing > out 2> err
rc=$?
set -e
cat out err
[ "$rc" = 1 ]
grep -q '^libguestfs: error: sh: ERROR: unable to select packages' err
$VG "$fish" --ro --format=raw -a guest.img -i > out <<'FISH'
cat /var/tmp/apk.log
cat /etc/resolv.conf
inspect-get-package-management /dev/sda
FISH
cat > expected <<'EOF'
apk update
nameserver 10.0.2.3
apk add careen-hello other
nameserver 10.0.2.3
apk update
nameserver 10.0.2.3
apk upgrade
nameserver 10.0.2.3
apk del careen-hello
nameserver 10.0.2.3
apk update
nameserver 10.0.2.3
apk add missing
nameserver 10.0.2.3

nameserver 192.0.2.53

apk
EOF
expect_output out < expected
