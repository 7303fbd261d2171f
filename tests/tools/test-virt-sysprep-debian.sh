#!/bin/sh -
# careen - virt-sysprep on Debian 12: a guest seeded with what each
# default operation removes (and with things that must survive), a
# --dry-run that must not change one byte of the image, then the
# default run, checked path by path against a listing taken before.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 md5sum comm join
. "$top_srcdir/tests/guests/guests.sh"
[ -x "$top_builddir/tools/sysprep/virt-sysprep" ] || skip "virt-sysprep is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
. "$top_srcdir/tests/tools/test-virt-sysprep-lib.sh"

sp_copy debian12
cat > seed <<'END'
# abrt-data, crash-data
mkdir-p /var/spool/abrt/ccpp-1
write /var/spool/abrt/ccpp-1/coredump core
mkdir-p /var/crash
write /var/crash/vmcore core
# backup-files (not under /usr)
write /etc/hosts.bak old
write /etc/fstab~ old
mkdir-p /usr/share/doc/x
write /usr/share/doc/x/keep.bak kept
# bash-history, ssh-userdir
write /root/.bash_history "ls\n"
mkdir-p /home/u/.ssh
write /home/u/.bash_history "ls\n"
write /home/u/.ssh/id_rsa key
write /home/u/notes kept
mkdir-p /root/.ssh
write /root/.ssh/authorized_keys key
# blkid-tab
write /etc/blkid.tab tab
# cron-spool: jobs go, the at sequence number is reset
mkdir-p /var/spool/cron/crontabs
write /var/spool/cron/crontabs/root "* * * * * true\n"
mkdir-p /var/spool/cron/atjobs
write /var/spool/cron/atjobs/.SEQ "0002a\n"
write /var/spool/cron/atjobs/a0001 job
# dhcp-client-state, dhcp-server-state, dovecot-data
mkdir-p /var/lib/dhcp
write /var/lib/dhcp/dhclient.eth0.leases lease
mkdir-p /var/lib/dhcpd
write /var/lib/dhcpd/dhcpd.leases lease
mkdir-p /var/lib/dovecot
write /var/lib/dovecot/instances x
# ipa-client, kerberos-hostkeytab
mkdir-p /etc/ipa
write /etc/ipa/default.conf x
write /etc/krb5.keytab x
# logfiles
write /var/log/syslog x
write /var/log/messages x
write /var/log/dpkg.log x
write /var/log/keep.txt kept
mkdir-p /var/log/apt
write /var/log/apt/history.log x
mkdir-p /var/log/journal/0123
write /var/log/journal/0123/system.journal x
# machine-id: emptied, not removed
write /etc/machine-id "0123456789abcdef0123456789abcdef\n"
# mail-spool
mkdir-p /var/mail
write /var/mail/u mail
# pacct-log (Debian's path): old logs go, an empty one is left
mkdir-p /var/log/account
write /var/log/account/pacct.1 x
# package-manager-cache (apt): files go, directories stay
mkdir-p /var/cache/apt/archives/partial
write /var/cache/apt/archives/foo_1.0_amd64.deb x
# pam-data, utmp
mkdir-p /var/run/faillock
write /var/run/faillock/u x
write /var/run/utmp x
# passwd-backups
write /etc/passwd- x
write /etc/shadow- x
# puppet-data-log, samba-db-log, sssd-db-log
mkdir-p /var/log/puppet
write /var/log/puppet/puppet.out x
mkdir-p /var/lib/samba/private
write /var/lib/samba/private/secrets.tdb x
mkdir-p /var/lib/sss/db
write /var/lib/sss/db/cache.ldb x
# rh-subscription-manager, rhn-systemid, smolt-uuid, yum-uuid
mkdir-p /etc/pki/consumer
write /etc/pki/consumer/cert.pem x
mkdir-p /etc/sysconfig/rhn
write /etc/sysconfig/rhn/systemid x
write /etc/sysconfig/hw-uuid x
mkdir-p /var/lib/yum
write /var/lib/yum/uuid x
# ssh-hostkeys: the keys go, the configuration stays
mkdir-p /etc/ssh
write /etc/ssh/ssh_host_ed25519_key x
write /etc/ssh/ssh_host_ed25519_key.pub x
write /etc/ssh/sshd_config kept
# tmp-files: the contents of /tmp and /var/tmp, dot files too
write /tmp/junk x
mkdir-p /tmp/.X11-unix
write /var/tmp/junk2 x
# udev-persistent-net
mkdir-p /etc/udev/rules.d
write /etc/udev/rules.d/70-persistent-net.rules x
write /etc/udev/rules.d/99-local.rules kept
# operations that are off by default: nothing of this may change
write /etc/sysconfig/iptables kept
mkdir-p /var/kerberos/krb5kdc
write /var/kerberos/krb5kdc/principal kept
mkdir-p /etc/pki/tls/private
write /etc/pki/tls/private/server.key kept
write-append /etc/passwd "u:x:1000:1000::/home/u:/bin/sh\n"
END
sp_list debian12.img before seed

# --dry-run: says what it would do, changes nothing.  The root is
# mounted read-only, with the options --mount-options gives for "/"
# (-x shows the mount call).
md5sum debian12.img > image.md5
$VG "$tool" -x --dry-run --mount-options '/boot:nodev;/:noatime' \
  --format=raw -a debian12.img > dry.out 2> dry.err
md5sum -c image.md5
grep -q '^libguestfs: trace: mount_options "ro,noatime" "[^"]*" "/"$' dry.err
grep -qx '  would remove /root/.bash_history' dry.out
grep -qx '  would remove /etc/ssh/ssh_host_ed25519_key' dry.out
grep -qx '  would empty /etc/machine-id' dry.out
grep -q '^\[ *[0-9.]*\] Performing "logfiles" \.\.\.$' dry.out
if grep -q 'sshd_config\|keep.txt\|iptables' dry.out; then
  echo "$test_name: --dry-run would remove too much" >&2
  exit 1
fi

# The default operations.
sp_run --format=raw -a debian12.img
sp_list debian12.img after
sp_changes before after > changes
expect_output changes <<'END'
removed /etc/blkid.tab
removed /etc/fstab~
removed /etc/hosts.bak
removed /etc/ipa/default.conf
removed /etc/krb5.keytab
changed /etc/machine-id
removed /etc/passwd-
removed /etc/pki/consumer/cert.pem
removed /etc/shadow-
removed /etc/ssh/ssh_host_ed25519_key
removed /etc/ssh/ssh_host_ed25519_key.pub
removed /etc/sysconfig/hw-uuid
removed /etc/sysconfig/rhn/systemid
removed /etc/udev/rules.d/70-persistent-net.rules
removed /home/u/.bash_history
removed /home/u/.ssh
removed /home/u/.ssh/id_rsa
removed /root/.bash_history
removed /root/.ssh
removed /root/.ssh/authorized_keys
removed /tmp/.X11-unix
removed /tmp/junk
removed /var/cache/apt/archives/foo_1.0_amd64.deb
removed /var/crash/vmcore
removed /var/lib/dhcp/dhclient.eth0.leases
removed /var/lib/dhcpd/dhcpd.leases
removed /var/lib/dovecot/instances
removed /var/lib/samba/private
removed /var/lib/samba/private/secrets.tdb
removed /var/lib/sss/db/cache.ldb
removed /var/lib/yum/uuid
added /var/log/account/pacct
removed /var/log/account/pacct.1
removed /var/log/apt/history.log
removed /var/log/dpkg.log
removed /var/log/journal/0123
removed /var/log/journal/0123/system.journal
removed /var/log/messages
removed /var/log/puppet/puppet.out
removed /var/log/syslog
removed /var/mail/u
removed /var/run/faillock/u
removed /var/run/utmp
removed /var/spool/abrt/ccpp-1
removed /var/spool/abrt/ccpp-1/coredump
changed /var/spool/cron/atjobs/.SEQ
removed /var/spool/cron/atjobs/a0001
removed /var/spool/cron/crontabs/root
removed /var/tmp/junk2
END
