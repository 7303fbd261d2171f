/** careen - offline disk-image toolkit
 *
 * virt-sysprep: the operations that remove a fixed set of guest paths
 * or wildcards: logs, caches, histories, host keys, leases and other
 * state that belongs to one installed machine and must not be cloned.
 * The lists are the ones virt-sysprep has always removed, so a
 * template prepared by careen looks like one prepared by libguestfs.
 */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "guestfs.h"
#include "cleanups.h"
#include "sysprep.h"

int
sysprep_abrt_data (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = { "/var/spool/abrt/*", NULL };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_bash_history (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    "/root/.bash_history", "/home/*/.bash_history", NULL
  };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_blkid_tab (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    "/var/run/blkid.tab", "/var/run/blkid.tab.old",
    "/etc/blkid/blkid.tab", "/etc/blkid/blkid.tab.old",
    "/etc/blkid.tab", "/etc/blkid.tab.old",
    "/dev/.blkid.tab", "/dev/.blkid.tab.old",
    NULL
  };
  return sysprep_remove_globs (ctx, globs);
}

/* The distribution's own bundles stay: removing them would leave the
 * guest unable to verify any server.
 */
static bool
is_ca_bundle (const char *name)
{
  return strcmp (name, "ca-bundle.crt") == 0 ||
    strcmp (name, "ca-bundle.trust.crt") == 0;
}

int
sysprep_ca_certificates (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    "/etc/pki/CA/certs/*.crt", "/etc/pki/CA/crl/*.crt",
    "/etc/pki/CA/newcerts/*.crt", "/etc/pki/CA/private/*.key",
    "/etc/pki/tls/private/*.key", "/etc/pki/tls/certs/*.crt",
    NULL
  };
  size_t i, j;

  for (i = 0; globs[i] != NULL; ++i) {
    CLEANUP_FREE_STRING_LIST char **paths = NULL;

    paths = guestfs_glob_expand_opts (ctx->g, globs[i],
                                      GUESTFS_GLOB_EXPAND_OPTS_DIRECTORYSLASH,
                                      0, -1);
    if (paths == NULL)
      return -1;
    for (j = 0; paths[j] != NULL; ++j) {
      if (is_ca_bundle (strrchr (paths[j], '/') + 1))
        continue;
      if (sysprep_remove (ctx, paths[j]) == -1)
        return -1;
    }
  }
  return 0;
}

int
sysprep_crash_data (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    "/var/crash/*", "/var/log/dump/*", NULL
  };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_dhcp_client_state (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    "/var/lib/dhclient/*", "/var/lib/dhcp/*", NULL
  };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_dhcp_server_state (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = { "/var/lib/dhcpd/*", NULL };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_dovecot_data (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = { "/var/lib/dovecot/*", NULL };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_firewall_rules (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    "/etc/sysconfig/iptables",
    "/etc/firewalld/services/*", "/etc/firewalld/zones/*",
    NULL
  };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_ipa_client (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    "/etc/ipa/ca.crt", "/etc/ipa/default.conf",
    "/var/lib/ipa-client/sysrestore/*", "/var/lib/ipa-client/pki/*",
    "/etc/pki/ca-trust/source/anchors/ipa-ca.crt",
    "/etc/pki/ca-trust/source/ipa.p11-kit",
    "/usr/local/share/ca-certificates/ipa-ca.crt",
    NULL
  };
  return sysprep_remove_globs (ctx, globs);
}

/* The KDC's configuration is kept; only its databases and stashes go. */
static bool
is_kdc_config (const char *name)
{
  return strcmp (name, "kadm5.acl") == 0 || strcmp (name, "kdc.conf") == 0;
}

int
sysprep_kerberos_data (struct sysprep_ctx *ctx)
{
  CLEANUP_FREE_STRING_LIST char **paths = NULL;
  size_t i;

  paths = guestfs_glob_expand_opts (ctx->g, "/var/kerberos/krb5kdc/*",
                                    GUESTFS_GLOB_EXPAND_OPTS_DIRECTORYSLASH,
                                    0, -1);
  if (paths == NULL)
    return -1;
  for (i = 0; paths[i] != NULL; ++i) {
    if (is_kdc_config (strrchr (paths[i], '/') + 1))
      continue;
    if (sysprep_remove (ctx, paths[i]) == -1)
      return -1;
  }
  return 0;
}

int
sysprep_kerberos_hostkeytab (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = { "/etc/krb5.keytab", NULL };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_logfiles (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    /* Generic and systemd logs. */
    "/var/log/*.log*", "/var/log/audit/*", "/var/log/btmp*",
    "/var/log/cron*", "/var/log/dmesg*", "/var/log/debug*",
    "/var/log/faillog*", "/var/log/journal/*", "/var/log/lastlog*",
    "/var/log/maillog*", "/var/log/mail/*", "/var/log/messages*",
    "/var/log/secure*", "/var/log/spooler*", "/var/log/syslog*",
    "/var/log/tallylog*", "/var/log/wtmp*", "/var/log/xferlog*",
    "/var/log/sa/*", "/var/log/grubby*", "/var/log/firewalld*",
    "/var/log/tuned/tuned.log", "/var/log/ntp", "/var/log/ntpstats/*",
    "/var/log/chrony/*.log", "/var/log/ppp/connect-errors",
    "/var/log/setroubleshoot/*.log", "/var/log/rhsm/*",
    /* Installers. */
    "/root/anaconda-ks.cfg", "/root/anaconda-post.log",
    "/root/initial-setup-ks.cfg", "/root/install.log",
    "/root/install.log.syslog", "/root/original-ks.cfg",
    "/var/log/anaconda.syslog", "/var/log/anaconda/*",
    "/var/log/installer/*",
    /* Package managers. */
    "/var/log/apt/*", "/var/log/aptitude*",
    /* Desktops. */
    "/var/cache/fontconfig/*", "/var/cache/gdm/*", "/var/cache/man/*",
    "/var/lib/AccountService/users/*", "/var/lib/fprint/*",
    "/var/log/ConsoleKit/*", "/var/log/gdm/*", "/var/log/lightdm/*",
    "/var/lib/logrotate.status",
    /* Services. */
    "/etc/Pegasus/*.cnf", "/etc/Pegasus/*.crt", "/etc/Pegasus/*.csr",
    "/etc/Pegasus/*.pem", "/etc/Pegasus/*.srl",
    "/var/log/BackupPC/LOG", "/var/log/apache2/*_log",
    "/var/log/apache2/*_log-*", "/var/log/httpd/*log",
    "/var/log/ceph/*.log", "/var/log/cups/*_log*", "/var/log/exim4/*",
    "/var/log/glusterfs/*glusterd.vol.log",
    "/var/log/glusterfs/glusterfs.log",
    "/var/log/jetty/jetty-console.log",
    "/var/log/libvirt/libvirtd.log", "/var/log/libvirt/libxl/*.log",
    "/var/log/libvirt/lxc/*.log", "/var/log/libvirt/qemu/*.log",
    "/var/log/libvirt/uml/*.log",
    "/var/log/squid/*.log", "/var/named/data/named.run",
    NULL
  };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_mail_spool (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    "/var/spool/mail/*", "/var/mail/*", NULL
  };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_pam_data (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    "/var/run/console/*", "/var/run/faillock/*", "/var/run/sepermit/*",
    NULL
  };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_passwd_backups (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    "/etc/group-", "/etc/gshadow-", "/etc/passwd-", "/etc/shadow-",
    "/etc/subgid-", "/etc/subuid-",
    NULL
  };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_puppet_data_log (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    "/var/log/puppet/*", "/var/lib/puppet/*/*", "/var/lib/puppet/*/*/*",
    NULL
  };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_rh_subscription_manager (struct sysprep_ctx *ctx)
{
  /* The directories stay: subscription-manager expects them. */
  if (sysprep_remove_files_under (ctx, "/etc/pki/consumer", NULL) == -1)
    return -1;
  return sysprep_remove_files_under (ctx, "/etc/pki/entitlement", NULL);
}

int
sysprep_rhn_systemid (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    "/etc/sysconfig/rhn/systemid", "/etc/sysconfig/rhn/osad-auth.conf",
    NULL
  };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_samba_db_log (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    "/var/log/samba/old/*", "/var/log/samba/*",
    "/var/lib/samba/*/*", "/var/lib/samba/*",
    NULL
  };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_smolt_uuid (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    "/etc/sysconfig/hw-uuid", "/etc/smolt/uuid", "/etc/smolt/hw-uuid",
    NULL
  };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_ssh_hostkeys (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = { "/etc/ssh/*_host_*", NULL };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_ssh_userdir (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    "/root/.ssh", "/home/*/.ssh", NULL
  };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_sssd_db_log (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    "/var/log/sssd/*", "/var/lib/sss/db/*", NULL
  };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_udev_persistent_net (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = {
    "/etc/udev/rules.d/70-persistent-net.rules", NULL
  };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_utmp (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = { "/var/run/utmp", NULL };
  return sysprep_remove_globs (ctx, globs);
}

int
sysprep_yum_uuid (struct sysprep_ctx *ctx)
{
  static const char *const globs[] = { "/var/lib/yum/uuid", NULL };
  return sysprep_remove_globs (ctx, globs);
}
