#!/bin/sh -
# careen - virt-sysprep's default run on openSUSE Leap 15.6 (btrfs
# subvolumes, zypper: its caches are emptied, directories kept; rpm's
# __db files go), Arch Linux and Alpine (whose pacman and apk caches
# are not package-manager-cache's business, as in libguestfs), with the
# common operations everywhere.  The Red Hat and Debian-only paths
# (pacct, ifcfg) must stay on these guests.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 comm join
. "$top_srcdir/tests/guests/guests.sh"
[ -x "$top_builddir/tools/sysprep/virt-sysprep" ] || skip "virt-sysprep is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
. "$top_srcdir/tests/tools/test-virt-sysprep-lib.sh"

# Kept everywhere in this test: other distributions' paths.
cat > others <<'END'
mkdir-p /var/account
write /var/account/pacct.1 kept
mkdir-p /var/log/account
write /var/log/account/pacct.1 kept
mkdir-p /etc/sysconfig/network-scripts
write /etc/sysconfig/network-scripts/ifcfg-eth0 "HWADDR=52:54:00:12:34:56\n"
END

{ cat others; cat <<'END'; } > suse.seed
mkdir-p /var/cache/zypp/packages/repo-oss/x86_64
write /var/cache/zypp/packages/repo-oss/x86_64/a.rpm x
mkdir-p /var/cache/zypper/RPMS
write /var/cache/zypper/RPMS/b.rpm x
write /var/lib/rpm/__db.003 x
mkdir-p /var/log/zypp
write /var/log/zypper.log x
END
cat > suse.expected <<'END'
removed /var/cache/zypp/packages/repo-oss/x86_64/a.rpm
removed /var/cache/zypper/RPMS/b.rpm
removed /usr/lib/sysimage/rpm/__db.003
removed /var/log/zypper.log
END
# Its /.snapshots loops back to /: list the rest.
SP_LIST_DIRS="/etc /root /tmp /usr /var /home" \
  sp_default_run opensuse15 suse.seed suse.expected

{ cat others; cat <<'END'; } > arch.seed
mkdir-p /var/cache/pacman/pkg
write /var/cache/pacman/pkg/linux-6.9-1-x86_64.pkg.tar.zst kept
mkdir-p /var/log/journal/abc
write /var/log/journal/abc/system.journal x
write /var/log/pacman.log x
END
cat > arch.expected <<'END'
removed /var/log/journal/abc
removed /var/log/journal/abc/system.journal
removed /var/log/pacman.log
END
sp_default_run archlinux arch.seed arch.expected

{ cat others; cat <<'END'; } > alpine.seed
mkdir-p /var/cache/apk
write /var/cache/apk/APKINDEX.tar.gz kept
mkdir-p /var/spool/cron/crontabs
write /var/spool/cron/crontabs/root x
END
cat > alpine.expected <<'END'
removed /var/spool/cron/crontabs/root
END
sp_default_run alpine320 alpine.seed alpine.expected
