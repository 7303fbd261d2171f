#!/bin/sh -
# careen - virt-customize --install, --update and --uninstall with the
# guest's own dnf, on a small Fedora guest made here from the host's
# dnf (Debian's dnf, python3-dnf and librpm, with the Python they run
# on).  The repository holds one noarch package built with rpmbuild and
# signed with rpmsign by a key the test makes, and the metadata of
# createrepo_c; it is served over HTTP on 127.0.0.1 and reached as
# http://10.0.2.2:PORT/.  The guest's repository file keeps dnf's
# signature check on: the key is in the guest's RPM database, as
# `rpm --import` of a distribution's key puts it.  The package's %post
# copies the /etc/resolv.conf it sees, which must be the appliance's;
# the guest's own is back afterwards.  A package that the key did not
# sign is refused.  With make check-slow, the same through yum, as
# dnf's alias.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
. "$top_srcdir/tests/remote/functions-remote.sh"
. "$top_srcdir/tests/tools/customize-guests.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 mkfs.ext4 python3 ldd dnf rpm rpmbuild rpmsign \
  createrepo_c gpg gpgconf
[ -x /usr/bin/python3 ] || skip "/usr/bin/python3, which dnf runs on, is missing"

tool="$top_builddir/tools/customize/virt-customize"
fish="$top_builddir/fish/guestfish"
[ -x "$tool" ] || skip "virt-customize is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"

# ---- The repository ------------------------------------------------

make_rpm_repo
serve_tree "$scratch/repo" "$scratch/port"
port="$(cat port)"

# ---- The guest -----------------------------------------------------

r="$scratch/root"
guest_root "$r" fedora "Fedora Linux 39 (Cloud Edition)" 39
pydist=/usr/lib/python3/dist-packages
guest_programs "$r" "$guest_base_programs rpm rpmkeys" \
  "/usr/bin/dnf /usr/bin/python3 $pydist/dnf $pydist/hawkey $pydist/libdnf
   $pydist/rpm $pydist/gpg $pydist/libcomps /usr/lib/rpm
   /usr/lib/x86_64-linux-gnu/rpm-plugins"
# Python's own library, without what only builds extensions.
pylib="$(/usr/bin/python3 -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')"
mkdir -p "$r$pylib"
(cd "$pylib" && tar -cf - --exclude='./config-*' --exclude=./test \
  --exclude=./idlelib --exclude=./tkinter --exclude=./lib2to3 .) |
  (cd "$r$pylib" && tar -xf -)
# shellcheck disable=SC2046
guest_programs "$r" "" "$(find "$pylib/lib-dynload" -name '*.so')"
mkdir -p "$r/etc/dnf" "$r/etc/yum.repos.d" "$r/var/lib/dnf" "$r/var/cache/dnf" \
  "$r/var/log"
cat > "$r/etc/dnf/dnf.conf" <<'EOF'
[main]
gpgcheck=True
installonly_limit=3
clean_requirements_on_remove=True
best=False
skip_if_unavailable=False
EOF
cat > "$r/etc/yum.repos.d/careen.repo" <<EOF
[careen]
name=careen tests
baseurl=http://10.0.2.2:$port/
enabled=1
gpgcheck=1
gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-careen
EOF
rpm_guest_db "$r" 39
guest_image "$r" guest.img

# ---- Install, update, uninstall, a package not signed -------------

# One launch: what --install put in the guest is copied aside before
# --uninstall removes it; the unsigned package comes last and fails.
customize_package_cycle careen-unsigned \
  'Package careen-unsigned-1.0-1.noarch.rpm is not signed'
grep -q 'GET /careen-hello-1.0-1.noarch.rpm' port.log
check_package_cycle dnf careen-unsigned
grep -q 'app2_name: careen-guest-base' apps

# ---- yum, as dnf's alias (make check-slow) -------------------------

# Inspection says yum for RHEL 7, whose yum was its own program; on
# Fedora and RHEL 8 and later, yum is dnf under another name, and
# careen's yum command lines must suit it as well.  The same guest,
# called RHEL 7.9, with yum a link to dnf.
if [ -n "${SLOW:-}" ]; then
  rm -f "$r/etc/os-release"
  echo 'Red Hat Enterprise Linux Server release 7.9 (Maipo)' \
    > "$r/etc/redhat-release"
  ln -s dnf "$r/usr/bin/yum"
  guest_image "$r" guest.img
  customize_package_cycle careen-unsigned \
    'Package careen-unsigned-1.0-1.noarch.rpm is not signed'
  check_package_cycle yum careen-unsigned
fi
