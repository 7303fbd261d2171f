#!/bin/sh -
# careen - virt-customize --install, --update and --uninstall with the
# guest's own pacman, on a small Arch Linux guest made here from the
# host's pacman (Debian's pacman-package-manager) and its libraries.
# The repository holds one package made by hand (a .pkg.tar.gz with
# its .PKGINFO and .INSTALL, as makepkg writes it) and the database
# that names it (the desc entry repo-add writes: Debian 12's repo-add
# cannot run without makepkg's shell libraries, which it lacks).  It
# is served over HTTP on 127.0.0.1 and reached as
# http://10.0.2.2:PORT/.  The package's post_install copies the
# /etc/resolv.conf it sees, which must be the appliance's; the guest's
# own is back afterwards.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
. "$top_srcdir/tests/remote/functions-remote.sh"
. "$top_srcdir/tests/tools/customize-guests.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 mkfs.ext4 python3 ldd pacman bsdtar sha256sum

tool="$top_builddir/tools/customize/virt-customize"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-customize is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# ---- The repository ------------------------------------------------

mkdir -p pkg/usr/share/careen-hello repo
printf 'hello from a package\n' > pkg/usr/share/careen-hello/hello.txt
cat > pkg/.PKGINFO <<'EOF'
pkgname = careen-hello
pkgbase = careen-hello
pkgver = 1.0-1
pkgdesc = a package for careen's tests
url = http://localhost/
builddate = 1700000000
packager = careen tests <tests@localhost>
size = 21
arch = any
EOF
cat > pkg/.INSTALL <<'EOF'
post_install() {
  cp /etc/resolv.conf /var/tmp/seen-resolv.conf
}
EOF
pkgfile=careen-hello-1.0-1-any.pkg.tar.gz
(cd pkg && bsdtar -czf "../repo/$pkgfile" .PKGINFO .INSTALL usr)
mkdir -p db/careen-hello-1.0-1
cat > db/careen-hello-1.0-1/desc <<EOF
%FILENAME%
$pkgfile

%NAME%
careen-hello

%BASE%
careen-hello

%VERSION%
1.0-1

%DESC%
a package for careen's tests

%CSIZE%
$(wc -c < "repo/$pkgfile")

%ISIZE%
21

%SHA256SUM%
$(sha256sum < "repo/$pkgfile" | cut -d' ' -f1)

%ARCH%
any

EOF
(cd db && bsdtar -czf ../repo/careen.db careen-hello-1.0-1)
serve_tree "$scratch/repo" "$scratch/port"
port="$(cat port)"

# ---- The guest -----------------------------------------------------

r="$scratch/root"
guest_root "$r" arch "Arch Linux" ""
: > "$r/etc/arch-release"
guest_programs "$r" "$guest_base_programs pacman" ""
mkdir -p "$r/var/lib/pacman/local" "$r/var/lib/pacman/sync" \
  "$r/var/cache/pacman/pkg" "$r/var/log"
echo 9 > "$r/var/lib/pacman/local/ALPM_DB_VERSION"
cat > "$r/etc/pacman.conf" <<EOF
[options]
Architecture = x86_64
SigLevel = Never

[careen]
Server = http://10.0.2.2:$port
EOF
guest_image "$r" guest.img

# ---- Install, update, uninstall ------------------------------------

# One launch: what --install put in the guest is copied aside before
# --uninstall removes it.
$VG "$tool" --format=raw -a guest.img --install careen-hello \
  --run-command 'cp /usr/share/careen-hello/hello.txt /var/tmp/installed.txt' \
  --update --uninstall careen-hello > out
grep -q 'Installing packages: careen-hello' out
grep -q 'Uninstalling packages: careen-hello' out
grep -q "GET /$pkgfile" port.log
$VG "$fish" --ro --format=raw -a guest.img -i > out <<'FISH'
cat /var/tmp/installed.txt
cat /var/tmp/seen-resolv.conf
cat /etc/resolv.conf
exists /usr/share/careen-hello/hello.txt
exists /var/lib/pacman/local/careen-hello-1.0-1
inspect-get-package-management /dev/sda
FISH
cat > expected <<'EOF'
hello from a package

nameserver 10.0.2.3

nameserver 192.0.2.53

false
false
pacman
EOF
expect_output out < expected
