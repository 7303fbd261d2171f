# careen - helpers of the virt-customize --install tests (sourced after
# tests/functions.sh and tests/remote/functions-remote.sh): a small
# guest root made from the host's own programs, a package repository
# served over HTTP on 127.0.0.1, which the appliance's network reaches
# as http://10.0.2.2:PORT/, RPM packages and guest databases signed
# and keyed by the test, and one launch taking a package through
# install, update and uninstall.

# A merged-/usr root in directory $1, with the directories every guest
# program here needs, and the release files of /etc/os-release's ID
# $2 (and PRETTY_NAME $3, VERSION_ID $4) that inspection reads.  The
# guest's own resolver is 192.0.2.53: a package manager must not see
# it during the run, nor may the run lose it.
guest_root ()
{
  mkdir -p "$1/usr/bin" "$1/usr/sbin" "$1/usr/lib" "$1/usr/lib64" \
    "$1/etc" "$1/var/tmp" "$1/var/cache" "$1/var/lib" "$1/tmp" "$1/root" \
    "$1/dev" "$1/proc" "$1/sys" "$1/run"
  for d in bin sbin lib lib64; do ln -s "usr/$d" "$1/$d"; done
  cat > "$1/etc/os-release" <<EOF
NAME="$3"
PRETTY_NAME="$3"
ID=$2
VERSION_ID="$4"
EOF
  echo '/dev/sda / ext4 defaults 0 1' > "$1/etc/fstab"
  echo 'root:x:0:0:root:/root:/bin/sh' > "$1/etc/passwd"
  echo 'root:x:0:' > "$1/etc/group"
  echo 'nameserver 192.0.2.53' > "$1/etc/resolv.conf"
}

# Copies into root $1 the host's programs named in $2 (looked up in
# PATH; the test is skipped when one is missing) and the files given by
# absolute path in $3 (plugins, modules: copied whole when directories),
# with the shared libraries of both (ldd) and the loader.  Each file
# lands where the host has it, and the names that lead to it (sh to
# dash, the loader's /lib64 name) become links.  Few processes per
# file: a guest takes hundreds of them.
guest_programs ()
{
  _r="$1"
  _names=
  _dirs=
  for _p in $2; do
    _f="$(command -v "$_p")" || skip "$_p is not installed"
    _names="$_names $_f"
  done
  for _f in $3; do
    [ -e "$_f" ] || skip "$_f is missing"
    if [ -d "$_f" ]; then _dirs="$_dirs $_f"; else _names="$_names $_f"; fi
  done
  for _d in $_dirs; do
    mkdir -p "$_r$(dirname "$_d")"
    cp -a "$_d" "$_r$(dirname "$_d")/"
  done
  # shellcheck disable=SC2086
  _objs="$(readlink -f $_names)
$([ -z "$_dirs" ] || find $_dirs -type f -name '*.so*')"
  # shellcheck disable=SC2086
  _libs="$(ldd $_objs 2> /dev/null |
    awk '/=>/ && $3 ~ /^\// { print $3 }
         $1 ~ /^\// && $2 ~ /^\(/ { print $1 }' | sort -u)"
  # shellcheck disable=SC2046,SC2086
  cp -n --parents $(readlink -f $_names $_libs | sort -u) "$_r"
  for _f in $_names $_libs; do
    _real="$(readlink -f "$_f")"
    if [ "$_real" != "$_f" ] && [ ! -e "$_r$_f" ] && [ ! -L "$_r$_f" ]; then
      mkdir -p "$_r${_f%/*}"
      ln -s "$_real" "$_r$_f"
    fi
  done
}

# The programs every package manager's run needs from the guest: the
# shell careen runs the command with, and what package scripts use.
guest_base_programs="sh dash rm cp mv cat ls mkdir ln chmod ldconfig"

# Serves the tree of directory $1 (subdirectories too) over HTTP on
# 127.0.0.1, on a free port written to file $2 once the server listens;
# each request is logged to $2.log.  The server is stopped at exit.
serve_tree ()
{
  python3 -c '
import functools, http.server, os, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                            directory=sys.argv[1])
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write("%d\n" % server.server_address[1])
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
server.serve_forever()
' "$1" "$2" 2> "$2.log" &
  cleanup_fn "kill $! 2>/dev/null || :"
  wait_for "$2"
}

# The guest image $2 made from root $1 on the host, with room left
# for what the package manager writes.
guest_image ()
{
  _mb="$(du -sm "$1" | cut -f1)"
  mkfs.ext4 -q -F -E root_owner=0:0 -d "$1" "$2" "$((_mb * 5 / 4 + 48))M"
}

# ---- RPM repositories and guests (dnf, zypper) ---------------------

# A signing key in a keyring of the test's own ($GNUPGHOME in the
# current directory), exported to careen-key.asc.
make_test_key ()
{
  GNUPGHOME="$PWD/gnupg"
  export GNUPGHOME
  mkdir -m 0700 "$GNUPGHOME"
  cleanup_fn "gpgconf --kill gpg-agent 2>/dev/null || :"
  gpg -q --batch --pinentry-mode loopback --passphrase '' \
    --quick-gen-key 'careen tests <tests@localhost>' rsa2048 sign 1d
  gpg -q --armor --export tests@localhost > careen-key.asc
}

# Noarch package $1, version $2, in rpmbuild/RPMS/noarch/: it holds
# /usr/share/$1/hello.txt, and its %post copies the /etc/resolv.conf it
# sees to /var/tmp/seen-resolv.conf.
make_rpm ()
{
  cat > "$1.spec" <<EOF
Name: $1
Version: $2
Release: 1
Summary: a package for careen's tests
License: MIT
BuildArch: noarch

%description
A package for careen's tests.

%install
mkdir -p %{buildroot}/usr/share/$1
printf 'hello from a package\\n' > %{buildroot}/usr/share/$1/hello.txt

%post
cp /etc/resolv.conf /var/tmp/seen-resolv.conf

%files
/usr/share/$1/hello.txt
EOF
  rpmbuild -bb --quiet --define "_topdir $PWD/rpmbuild" \
    --define '_binary_payload w9.gzdio' "$1.spec"
}

# Signs package file $1 with the test key (make_test_key).
sign_rpm ()
{
  rpmsign --define '_gpg_name tests@localhost' \
    --define "__gpg $(command -v gpg)" --addsign "$1" > /dev/null
}

# The RPM repository repo/ in the current directory: careen-hello
# signed by the test key, careen-unsigned not signed, and the metadata
# of createrepo_c.
make_rpm_repo ()
{
  make_test_key
  make_rpm careen-hello 1.0
  make_rpm careen-unsigned 1.0
  mkdir repo
  cp rpmbuild/RPMS/noarch/*.rpm repo/
  sign_rpm repo/careen-hello-1.0-1.noarch.rpm
  createrepo_c -q repo
}

# The RPM database of guest root $1, in /var/lib/rpm as the guest's
# /etc/rpm/macros says: the test key imported (as a distribution's key
# is), and one package of no files standing for the guest's own, which
# provides what package scripts need (/bin/sh) and the release
# (system-release, version $2) that package managers read.
rpm_guest_db ()
{
  mkdir -p "$1/etc/rpm" "$1/var/lib/rpm" "$1/etc/pki/rpm-gpg"
  echo '%_dbpath /var/lib/rpm' > "$1/etc/rpm/macros"
  cp careen-key.asc "$1/etc/pki/rpm-gpg/RPM-GPG-KEY-careen"
  cat > base.spec <<EOF
Name: careen-guest-base
Version: $2
Release: 1
Summary: the packages of careen's test guest
License: MIT
BuildArch: noarch
Provides: /bin/sh
Provides: system-release
Provides: system-release(releasever) = $2

%description
The packages of careen's test guest.

%files
EOF
  rpmbuild -bb --quiet --define "_topdir $PWD/rpmbuild" base.spec
  rpm --root "$1" --define '_dbpath /var/lib/rpm' --initdb 2> /dev/null
  rpm --root "$1" --define '_dbpath /var/lib/rpm' \
    --import "$1/etc/pki/rpm-gpg/RPM-GPG-KEY-careen" 2> /dev/null
  rpm --root "$1" --define '_dbpath /var/lib/rpm' -i --justdb --nodeps \
    "rpmbuild/RPMS/noarch/careen-guest-base-$2-1.noarch.rpm" 2> /dev/null
}

# ---- One launch through a package's life ---------------------------

# On guest.img, in one virt-customize launch: --install careen-hello,
# its file copied aside to /var/tmp/installed.txt (which fails if it
# is missing), --update, --uninstall careen-hello, then --install of
# package $1, which must fail with an error whose first line matches
# $2 (a grep pattern).  Uses $tool and $VG of the test.
customize_package_cycle ()
{
  set +e
  $VG "$tool" --format=raw -a guest.img --install careen-hello \
    --run-command 'cp /usr/share/careen-hello/hello.txt /var/tmp/installed.txt' \
    --update --uninstall careen-hello --install "$1" > out 2> err
  _rc=$?
  set -e
  cat out err
  [ "$_rc" = 1 ]
  grep -q 'Installing packages: careen-hello' out
  grep -q 'Updating packages' out
  grep -q 'Uninstalling packages: careen-hello' out
  grep -q "Installing packages: $1" out
  grep -q "^libguestfs: error: sh: $2" err
}

# Checks guest.img after customize_package_cycle with inspection naming
# package manager $1 and the refused package $2: the installed file was
# there, the package's script saw the appliance's resolver and the guest
# has its own back, neither package is left (in the files nor in the
# applications inspection lists, which are left in file apps).  Uses
# $fish and $VG of the test.
check_package_cycle ()
{
  $VG "$fish" --ro --format=raw -a guest.img -i > out <<EOF
cat /var/tmp/installed.txt
cat /var/tmp/seen-resolv.conf
cat /etc/resolv.conf
exists /usr/share/careen-hello/hello.txt
exists /usr/share/$2/hello.txt
inspect-get-package-management /dev/sda
inspect-list-applications2 /dev/sda
EOF
  sed '1,/^'"$1"'$/d' out > apps
  sed -i '/^'"$1"'$/q' out
  refute grep -q "app2_name: careen-hello" apps
  refute grep -q "app2_name: $2" apps
  expect_output out <<EOF
hello from a package

nameserver 10.0.2.3

nameserver 192.0.2.53

false
false
$1
EOF
}
