#!/bin/sh -
# careen - virt-customize --install, --uninstall and --firstboot-install
# with the guest's own apt, on a small Debian guest made here from the
# host's apt and dpkg.  The package repository (one tiny .deb made with
# dpkg-deb) is served over HTTP on 127.0.0.1 and reached from the
# appliance's network as http://10.0.2.2:PORT/.  The package's postinst
# copies the /etc/resolv.conf it sees, which must be the appliance's;
# the guest's own resolv.conf is back afterwards, also after a
# repository answering garbage, and one whose connection drops in the
# middle of the package's download.  A guest without apt, and a run
# without the network, fail clearly.  Nothing is addressed beyond
# 10.0.2.2.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
. "$top_srcdir/tests/remote/functions-remote.sh"
. "$top_srcdir/tests/tools/customize-guests.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 mkfs.ext4 python3 ldd dpkg-deb \
  dpkg-scanpackages apt-get dpkg sha256sum

tool="$top_builddir/tools/customize/virt-customize"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-customize is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# ---- The repository ------------------------------------------------

mkdir -p pkg/DEBIAN pkg/usr/share/careen-hello repo garbage
printf 'hello from a package\n' > pkg/usr/share/careen-hello/hello.txt
# Bytes that do not compress: the package is then larger than what apt
# can fetch, resuming, from a server cutting each reply (below).
head -c 16384 /dev/urandom > pkg/usr/share/careen-hello/noise
cat > pkg/DEBIAN/control <<'CTL'
Package: careen-hello
Version: 1.0
Architecture: all
Maintainer: careen tests <tests@localhost>
Description: a package for careen's tests
CTL
cat > pkg/DEBIAN/postinst <<'SH'
#!/bin/sh
cp /etc/resolv.conf /var/tmp/seen-resolv.conf
SH
chmod 0755 pkg/DEBIAN/postinst
dpkg-deb --root-owner-group -Zgzip --build pkg repo/careen-hello_1.0_all.deb \
  > /dev/null
(cd repo && dpkg-scanpackages -m . /dev/null > Packages 2> /dev/null)
# A Release that names Packages; unsigned, which [trusted=yes] allows.
{
  echo 'Origin: careen-tests'
  echo 'Suite: ./'
  echo 'SHA256:'
  printf ' %s %s Packages\n' "$(sha256sum < repo/Packages | cut -d' ' -f1)" \
    "$(wc -c < repo/Packages)"
} > repo/Release
# A repository whose every answer is garbage.
head -c 3000 /dev/urandom > garbage/Release
cp garbage/Release garbage/Packages

python3 "$top_srcdir/tests/remote/http-range-server.py" "$scratch/repo" \
  "$scratch/port" 2> "$scratch/http.log" &
pid=$!
cleanup_fn "kill $pid 2>/dev/null || :"
python3 "$top_srcdir/tests/remote/http-range-server.py" "$scratch/garbage" \
  "$scratch/port2" 2> "$scratch/http2.log" &
pid2=$!
cleanup_fn "kill $pid2 2>/dev/null || :"
wait_for "$scratch/port"
wait_for "$scratch/port2"
port="$(cat port)"
port2="$(cat port2)"

# ---- The guest -----------------------------------------------------

# A merged-/usr root with the host's apt, dpkg, what dpkg runs, and
# their libraries.
r="$scratch/root"
guest_root "$r" debian "Debian GNU/Linux 12 (bookworm)" 12
guest_programs "$r" "$guest_base_programs tar diff find sed grep
  start-stop-daemon apt-get apt-config dpkg dpkg-deb dpkg-query dpkg-split
  dpkg-divert dpkg-trigger dpkg-statoverride" \
  "/usr/lib/apt/methods/http /usr/lib/apt/methods/store
   /usr/lib/apt/methods/copy /usr/lib/apt/methods/file
   /usr/lib/apt/methods/gpgv"
# apt reads dpkg's architecture tables.
mkdir -p "$r/usr/share/dpkg"
for t in cputable ostable tupletable abitable; do
  [ ! -f "/usr/share/dpkg/$t" ] || cp "/usr/share/dpkg/$t" "$r/usr/share/dpkg/"
done
mkdir -p "$r/etc/apt/apt.conf.d" "$r/etc/apt/sources.list.d" \
  "$r/etc/apt/preferences.d" "$r/etc/apt/trusted.gpg.d" \
  "$r/var/lib/dpkg/info" "$r/var/lib/dpkg/updates" \
  "$r/var/lib/dpkg/triggers" "$r/var/lib/dpkg/alternatives" \
  "$r/var/lib/apt/lists/partial" "$r/var/cache/apt/archives/partial" \
  "$r/var/log/apt" "$r/usr/lib/systemd/system" "$r/var/tmp" "$r/tmp" "$r/root" "$r/dev" "$r/proc" \
  "$r/sys"
: > "$r/var/lib/dpkg/status"
: > "$r/var/lib/dpkg/available"
printf 'amd64\n' > "$r/var/lib/dpkg/arch"
echo 12.5 > "$r/etc/debian_version"
# apt would switch to the _apt user, which this guest lacks.
echo 'APT::Sandbox::User "root";' > "$r/etc/apt/apt.conf.d/90careen-test"
echo "deb [trusted=yes] http://10.0.2.2:$port/ ./" > "$r/etc/apt/sources.list"
# A stand-in subscription-manager that logs what it is asked.
cat > "$r/usr/sbin/subscription-manager" <<'SH'
#!/bin/sh
echo "$*" >> /var/tmp/sm.log
SH
chmod 0755 "$r/usr/sbin/subscription-manager"
mkfs.ext4 -q -F -E root_owner=0:0 -d "$r" guest.img 160M

# A Debian guest without apt.
mkdir -p bare/etc bare/var/lib/dpkg
cp "$r/etc/os-release" "$r/etc/fstab" "$r/etc/debian_version" bare/etc/
: > bare/var/lib/dpkg/status
mkfs.ext4 -q -F -E root_owner=0:0 -d bare bare.img 16M

# ---- Install --------------------------------------------------------

$VG "$tool" --format=raw -a guest.img --install careen-hello \
  --firstboot-install careen-hello,other > out
grep -q 'Installing packages: careen-hello' out
grep -q 'GET /./careen-hello_1.0_all.deb' http.log
$VG "$fish" --ro --format=raw -a guest.img -m /dev/sda > out <<'FISH'
cat /usr/share/careen-hello/hello.txt
cat /var/tmp/seen-resolv.conf
cat /etc/resolv.conf
ls /etc | grep resolv
is-file /var/lib/dpkg/info/careen-hello.list
cat /usr/lib/virt-sysprep/scripts/5000-0001-install-careen-hello-other
FISH
cat > expected <<'EXP'
hello from a package

nameserver 10.0.2.3

nameserver 192.0.2.53

resolv.conf
true
#!/bin/sh
DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Options::=--force-confnew update && DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Options::=--force-confnew install 'careen-hello' 'other'

EXP
expect_output out < expected

# ---- Uninstall, and a repository answering garbage ------------------

$VG "$tool" --format=raw -a guest.img --uninstall careen-hello \
  --sm-credentials 'me:password:s3cret word' --sm-register \
  --sm-attach pool:P1 --sm-attach auto --sm-remove --sm-unregister -x \
  > out 2> trace
# The password reaches subscription-manager, never the trace.
refute grep -q s3cret trace
set +e
$VG "$tool" --format=raw -a guest.img \
  --write "/etc/apt/sources.list:deb [trusted=yes] http://10.0.2.2:$port2/ ./" \
  --install careen-hello > out 2> err
rc=$?
set -e
[ "$rc" = 1 ]
grep -q '^libguestfs: error: sh: .*10.0.2.2' err
$VG "$fish" --ro --format=raw -a guest.img -m /dev/sda > out <<'FISH'
exists /usr/share/careen-hello/hello.txt
cat /etc/resolv.conf
ls /etc | grep resolv
cat /var/tmp/sm.log
glob exists /tmp/careen-sm*
FISH
cat > expected <<'EXP'
false
nameserver 192.0.2.53

resolv.conf
register --username=me --password=s3cret word
attach --pool=P1
attach --auto
remove --all
unregister

false
EXP
expect_output out < expected

# ---- The network dropped in the middle of the download -------------

# The lying server in "reset" mode serves the same repository but cuts
# every reply after 512 bytes with a TCP reset: the small index comes
# whole, the package is cut off (the copy apt kept from the first
# install is deleted first).  apt resumes a cut download, a few times:
# the package is too large for that to succeed.
[ "$(wc -c < repo/Packages)" -lt 512 ] && [ "$(wc -c < repo/Release)" -lt 512 ]
[ "$(wc -c < repo/careen-hello_1.0_all.deb)" -gt 16384 ]
python3 "$top_srcdir/tests/remote/http-lying-server.py" reset "$scratch/repo" \
  "$scratch/port3" 2> "$scratch/http3.log" &
pid3=$!
cleanup_fn "kill $pid3 2>/dev/null || :"
wait_for "$scratch/port3"
port3="$(cat port3)"
set +e
$VG "$tool" --format=raw -a guest.img \
  --write "/etc/apt/sources.list:deb [trusted=yes] http://10.0.2.2:$port3/ ./" \
  --delete /var/cache/apt/archives/careen-hello_1.0_all.deb \
  --install careen-hello > out 2> err
rc=$?
set -e
cat err
[ "$rc" = 1 ]
grep -q '^libguestfs: error: sh: ' err
grep -q 'GET .*/careen-hello_1.0_all.deb' http3.log
$VG "$fish" --ro --format=raw -a guest.img -m /dev/sda > out <<'FISH'
exists /usr/share/careen-hello/hello.txt
cat /etc/resolv.conf
FISH
cat > expected <<'EXP'
false
nameserver 192.0.2.53

EXP
expect_output out < expected

# ---- Clear errors ---------------------------------------------------

set +e
$VG "$tool" --format=raw -a bare.img --install careen-hello > out 2> err
rc=$?
set -e
[ "$rc" = 1 ]
grep -q '^virt-customize: --install: the guest has no apt-get program' err
set +e
$VG "$tool" --format=raw -a bare.img --sm-remove > out 2> err
rc=$?
set -e
[ "$rc" = 1 ]
grep -q '^virt-customize: --sm-remove: the guest has no subscription-manager program' err
set +e
$VG "$tool" --no-network --format=raw -a guest.img --update > out 2> err
rc=$?
set -e
[ "$rc" = 1 ]
grep -q '^virt-customize: --update: the appliance has no network' err
