#!/bin/sh -
# careen - virt-customize --install, --update and --uninstall with the
# guest's own pacman, on a small Arch Linux guest made here from the
# host's pacman (Debian's pacman-package-manager) and its libraries.
# The repository holds packages made by hand (a .pkg.tar.gz with its
# .PKGINFO and .INSTALL, as makepkg writes it) and the database that
# names them (the desc entries repo-add writes, with the package's
# signature by a key the test makes: Debian 12's repo-add cannot run
# without makepkg's shell libraries, which it lacks).  It is served
# over HTTP on 127.0.0.1 and reached as http://10.0.2.2:PORT/.  The
# guest's pacman requires package signatures, with the key trusted in
# its keyring as pacman-key --lsign-key leaves it; a package whose
# signature is for other bytes is refused.  The package's post_install
# copies the /etc/resolv.conf it sees, which must be the appliance's;
# the guest's own is back afterwards.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
. "$top_srcdir/tests/remote/functions-remote.sh"
. "$top_srcdir/tests/tools/customize-guests.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 mkfs.ext4 python3 ldd pacman bsdtar sha256sum \
  gpg gpgconf base64

tool="$top_builddir/tools/customize/virt-customize"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-customize is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# ---- The repository ------------------------------------------------

make_test_key
# Package $1 (version 1.0-1) in repo/, with /usr/share/$1/hello.txt and
# a post_install that copies the resolv.conf it sees; its entry in the
# database (db/); its detached signature by the test key (or signature
# file $2, made for other bytes), in the database and beside the
# package (pacman 6.0 fetches it whether the database has it or not).
make_pacman_pkg ()
{
  mkdir -p "pkg-$1/usr/share/$1" "db/$1-1.0-1"
  printf 'hello from a package\n' > "pkg-$1/usr/share/$1/hello.txt"
  cat > "pkg-$1/.PKGINFO" <<EOF
pkgname = $1
pkgbase = $1
pkgver = 1.0-1
pkgdesc = a package for careen's tests
url = http://localhost/
builddate = 1700000000
packager = careen tests <tests@localhost>
size = 21
arch = any
EOF
  cat > "pkg-$1/.INSTALL" <<'EOF'
post_install() {
  cp /etc/resolv.conf /var/tmp/seen-resolv.conf
}
EOF
  _pkg="$1-1.0-1-any.pkg.tar.gz"
  (cd "pkg-$1" && bsdtar -czf "../repo/$_pkg" .PKGINFO .INSTALL usr)
  {
    printf '%%FILENAME%%\n%s\n\n' "$_pkg"
    printf '%%NAME%%\n%s\n\n%%BASE%%\n%s\n\n' "$1" "$1"
    printf '%%VERSION%%\n1.0-1\n\n%%DESC%%\na package for careen'"'"'s tests\n\n'
    printf '%%CSIZE%%\n%s\n\n%%ISIZE%%\n21\n\n' "$(wc -c < "repo/$_pkg")"
    printf '%%SHA256SUM%%\n%s\n\n' "$(sha256sum < "repo/$_pkg" | cut -d' ' -f1)"
    if [ -n "$2" ]; then
      cp "$2" "repo/$_pkg.sig"
    else
      gpg -q --batch -u tests@localhost --detach-sign "repo/$_pkg"
    fi
    printf '%%PGPSIG%%\n%s\n\n' "$(base64 -w0 < "repo/$_pkg.sig")"
    printf '%%ARCH%%\nany\n\n'
  } > "db/$1-1.0-1/desc"
}
mkdir repo
make_pacman_pkg careen-hello
make_pacman_pkg careen-forged repo/careen-hello-1.0-1-any.pkg.tar.gz.sig
pkgfile=careen-hello-1.0-1-any.pkg.tar.gz
(cd db && bsdtar -czf ../repo/careen.db careen-hello-1.0-1 \
  careen-forged-1.0-1)
serve_tree "$scratch/repo" "$scratch/port"
port="$(cat port)"

# ---- The guest -----------------------------------------------------

r="$scratch/root"
guest_root "$r" arch "Arch Linux" ""
: > "$r/etc/arch-release"
guest_programs "$r" "$guest_base_programs pacman gpg gpgconf" ""
mkdir -p "$r/var/lib/pacman/local" "$r/var/lib/pacman/sync" \
  "$r/var/cache/pacman/pkg" "$r/var/log"
echo 9 > "$r/var/lib/pacman/local/ALPM_DB_VERSION"
cat > "$r/etc/pacman.conf" <<EOF
[options]
Architecture = x86_64
SigLevel = Required DatabaseOptional

[careen]
Server = http://10.0.2.2:$port
EOF
# pacman's keyring, where pacman-key would put the test key, trusted as
# pacman-key --lsign-key makes it (here: the keyring owner's trust).
k="$r/etc/pacman.d/gnupg"
mkdir -p "$k"
chmod 0700 "$k"
# pacman-key --init starts the keyring as a pubring.gpg, which pacman
# looks for.
: > "$k/pubring.gpg"
gpg -q --homedir "$k" --import careen-key.asc 2> /dev/null
gpg --with-colons --fingerprint tests@localhost |
  awk -F: '/^fpr/ { print $10 ":6:"; exit }' |
  gpg -q --homedir "$k" --import-ownertrust
gpgconf --homedir "$k" --kill all 2> /dev/null || :
guest_image "$r" guest.img

# ---- Install, update, uninstall, a forged signature ---------------

# One launch: what --install put in the guest is copied aside before
# --uninstall removes it; the forged package comes last and fails.
customize_package_cycle careen-forged \
  'error: careen-forged: signature from "careen tests <tests@localhost>" is invalid'
grep -q "GET /$pkgfile" port.log
grep -q 'invalid or corrupted package (PGP signature)' err
check_package_cycle pacman careen-forged
