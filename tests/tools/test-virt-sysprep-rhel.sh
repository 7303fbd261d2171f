#!/bin/sh -
# careen - virt-sysprep on RHEL 9 (LVM, xfs root): the default run
# changes the LVM physical volume and volume group UUIDs (lvm-uuids)
# and the guest still mounts; rhn and subscription-manager files go.

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

cat > seed <<'END'
mkdir-p /etc/sysconfig/rhn
write /etc/sysconfig/rhn/systemid x
write /etc/sysconfig/rhn/up2date kept
mkdir-p /etc/pki/entitlement
write /etc/pki/entitlement/123.pem x
write /var/lib/rpm/__db.002 x
vguuid rhel
vgpvuuids rhel
END
cat > expected <<'END'
removed /etc/pki/entitlement/123.pem
removed /etc/sysconfig/rhn/systemid
removed /var/lib/rpm/__db.002
END
cat > show <<'END'
vguuid rhel
vgpvuuids rhel
END
sp_default_run rhel9 seed expected show
[ "$(wc -l < rhel9.seeded)" = 2 ]
[ "$(wc -l < rhel9.shown)" = 2 ]
paste rhel9.seeded rhel9.shown | awk '$1 == $2 { exit 1 }'
