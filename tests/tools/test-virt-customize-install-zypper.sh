#!/bin/sh -
# careen - virt-customize --install, --update and --uninstall with the
# guest's own zypper, on a small openSUSE guest made here from the
# host's zypper, libzypp and rpm.  The repository holds one noarch
# package built with rpmbuild and signed with rpmsign by a key the
# test makes, and the metadata of createrepo_c; it is served over HTTP
# on 127.0.0.1 and reached as http://10.0.2.2:PORT/.  The guest's
# repository file keeps the checks of the packages' and the metadata's
# signatures on (repomd.xml.asc, made by gpg with the same key): the
# key is in the guest's RPM database, as `rpm --import` of a
# distribution's key puts it, where libzypp trusts it.  The package's
# %post copies the /etc/resolv.conf it sees, which must be the
# appliance's; the guest's own is back afterwards.  A package that the
# key did not sign is refused.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
. "$top_srcdir/tests/remote/functions-remote.sh"
. "$top_srcdir/tests/tools/customize-guests.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 mkfs.ext4 python3 ldd zypper rpm rpmbuild \
  rpmsign createrepo_c gpg gpgconf

tool="$top_builddir/tools/customize/virt-customize"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-customize is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# ---- The repository ------------------------------------------------

make_rpm_repo
gpg -q --batch -u tests@localhost --armor --detach-sign repo/repodata/repomd.xml
serve_tree "$scratch/repo" "$scratch/port"
port="$(cat port)"

# ---- The guest -----------------------------------------------------

r="$scratch/root"
guest_root "$r" opensuse-leap "openSUSE Leap 15.5" 15.5
guest_programs "$r" \
  "$guest_base_programs zypper rpm rpmkeys rpmdb2solv repo2solv gpg gpgconf" \
  "/usr/lib/rpm /usr/lib/x86_64-linux-gnu/rpm-plugins"
mkdir -p "$r/etc/zypp/repos.d" "$r/var/lib/zypp" "$r/var/cache/zypp" \
  "$r/var/log"
cat > "$r/etc/zypp/repos.d/careen.repo" <<EOF
[careen]
name=careen tests
baseurl=http://10.0.2.2:$port/
enabled=1
autorefresh=1
type=rpm-md
gpgcheck=1
repo_gpgcheck=1
pkg_gpgcheck=1
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-careen
EOF
rpm_guest_db "$r" 15.5
guest_image "$r" guest.img

# ---- Install, update, uninstall, a package not signed -------------

# One launch: what --install put in the guest is copied aside before
# --uninstall removes it; the unsigned package comes last and fails.
customize_package_cycle careen-unsigned \
  'careen-unsigned-1.0-1.noarch (careen tests): Signature verification failed'
grep -q 'GET /repodata/repomd.xml.asc' port.log
grep -q 'GET /careen-hello-1.0-1.noarch.rpm' port.log
check_package_cycle zypper careen-unsigned
grep -q 'app2_name: careen-guest-base' apps
