#!/bin/sh -
# careen - virt-sysprep: choosing operations.  --enable runs only the
# operation named; --operations with "*" and "-name" runs everything but
# the names, including operations that are off by default, and the
# customize operation runs the virt-customize options given (a SHA-512
# root password among them); fs-uuids
# gives the filesystems new UUIDs.

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

sp_copy debian12
cat > seed <<'END'
write /root/.bash_history "ls\n"
mkdir-p /home/u
write /home/u/.bash_history "ls\n"
write /tmp/junk x
write /var/log/syslog x
mkdir-p /etc/sysconfig
write /etc/sysconfig/iptables rules
mkdir-p /etc/pki/tls/certs
write /etc/pki/tls/certs/site.crt x
write /etc/pki/tls/certs/ca-bundle.crt kept
mkdir-p /var/kerberos/krb5kdc
write /var/kerberos/krb5kdc/principal x
write /var/kerberos/krb5kdc/kdc.conf kept
write /etc/shadow "root:*:19000:0:99999:7:::\n"
END
sp_list debian12.img l0 seed

# --enable: that operation only.
sp_run --enable bash-history --format=raw -a debian12.img
printf 'vfs-uuid /dev/sda1\nvfs-uuid /dev/sda2\n' > uuids
sp_list debian12.img l1 uuids > uuids.before
sp_changes l0 l1 > changes
expect_output changes <<'END'
removed /home/u/.bash_history
removed /root/.bash_history
END

# --operations: all but tmp-files and the ones that change identities;
# off-by-default operations run; customize runs --hostname and --write.
sp_run --operations '*,-tmp-files' --operations -fs-uuids,-lvm-uuids \
  --hostname sysprepped.example.com --write /etc/motd:hello \
  --root-password password:s3cret --format=raw -a debian12.img
echo "cat /etc/hostname" > show
echo "cat /etc/motd" >> show
echo "cat /etc/shadow" >> show
sp_list debian12.img l2 show > shown
sp_changes l1 l2 > changes
expect_output changes <<'END'
added /.unconfigured
changed /etc/hostname
added /etc/motd
removed /etc/pki/tls/certs/site.crt
changed /etc/shadow
removed /etc/sysconfig/iptables
removed /var/kerberos/krb5kdc/principal
removed /var/log/syslog
END
# (guestfish's cat ends its output with a newline of its own)
grep -q '^root:\$6\$[^:]*\$[^:]*:' shown
grep -v '^root:' shown > shown2
expect_output shown2 <<'END'
sysprepped.example.com

hello

END

# fs-uuids (off by default): new UUIDs for both ext4 filesystems, after
# the safe e2fsck that tune2fs wants.
sp_run --enable fs-uuids --format=raw -a debian12.img
$VG "$fish" --ro --format=raw -a debian12.img -- run : vfs-uuid /dev/sda1 : \
  vfs-uuid /dev/sda2 > uuids.after
[ "$(wc -l < uuids.after)" = 2 ]
paste uuids.before uuids.after | awk '$1 == $2 || $2 == "" { exit 1 }'
