/* careen - offline disk-image toolkit
 * virt-sysprep: the operations and the helpers they share.
 *
 * An operation is a name, whether it is on by default, a one-line
 * heading (printed by --list-operations) and up to two functions: one
 * run while the guest's filesystems are mounted (most of them), one run
 * after they are unmounted (those that change filesystem or LVM
 * identities, which need the devices idle).
 *
 * Every function returns 0, or -1 after printing its error once as
 * "virt-sysprep: message" (library errors are printed by the library's
 * error handler).  In dry-run mode the disks are opened read-only and
 * the functions print what they would change instead of changing it.
 */

#ifndef CAREEN_SYSPREP_H
#define CAREEN_SYSPREP_H

#include <stdbool.h>
#include <stddef.h>

#include "guestfs.h"

#define SYSPREP_PROGRAM "virt-sysprep"

struct customize_ops;

/* What the operations know of the guest and of the command line. */
struct sysprep_ctx {
  guestfs_h *g;
  const char *root;             /* root filesystem, as inspection names it */
  char *type;                   /* inspect_get_type: "linux", ... */
  char *distro;                 /* inspect_get_distro: "fedora", ... */
  char *package_format;         /* "rpm", "deb", ... or "unknown" */
  char *package_management;     /* "dnf", "apt", ... or "unknown" */
  bool dry_run;                 /* -n: change nothing, say what */
  bool quiet;                   /* -q */

  /* user-account: --keep-user-accounts and --remove-user-accounts, the
   * names of every occurrence, NULL-terminated (NULL when not given).
   */
  char **keep_users;
  char **remove_users;

  /* customize: the virt-customize options of the command line. */
  struct customize_ops *customize;

  /* script: the --script programs, NULL-terminated (NULL when none),
   * and --scriptdir (NULL: a temporary directory).
   */
  char **scripts;
  const char *scriptdir;
};

typedef int (*sysprep_fn) (struct sysprep_ctx *ctx);

struct sysprep_op {
  const char *name;
  bool enabled_by_default;
  const char *heading;          /* --list-operations text */
  sysprep_fn on_filesystems;    /* guest mounted at /; may be NULL */
  sysprep_fn on_devices;        /* nothing mounted; may be NULL */
};

/* sysprep-util.c */

/* True if the guest belongs to the Red Hat family of distributions
 * (Fedora, RHEL and its rebuilds), or to the Debian family (Debian,
 * Ubuntu, Linux Mint...): the operations that touch distribution
 * specific files name them this way.
 */
extern bool sysprep_is_redhat (const struct sysprep_ctx *ctx);
extern bool sysprep_is_debian (const struct sysprep_ctx *ctx);

/* Removes PATH (a file, a symlink or a whole tree) if it exists.  The
 * path is resolved inside the guest by the appliance.
 */
extern int sysprep_remove (struct sysprep_ctx *ctx, const char *path);

/* Removes everything matching the guest wildcard PATTERN (whole trees
 * for directories).  No match is not an error.
 */
extern int sysprep_remove_glob (struct sysprep_ctx *ctx, const char *pattern);

/* Removes each pattern of the NULL-terminated list PATTERNS. */
extern int sysprep_remove_globs (struct sysprep_ctx *ctx,
                                 const char *const *patterns);

/* Removes every file, symlink or other non-directory below DIR
 * (recursively), keeping the directories themselves: services expect
 * their spool and cache directories to exist, with their modes.  Names
 * for which KEEP returns true (called with the base name) are kept;
 * KEEP may be NULL.  DIR that is missing, or a symlink, is skipped.
 */
extern int sysprep_remove_files_under (struct sysprep_ctx *ctx,
                                       const char *dir,
                                       bool (*keep) (const char *name));

/* Lists every path below DIR (absolute guest paths), as find(1) does,
 * without following symlinks.  Returns a NULL-terminated list (caller
 * frees), or NULL after printing the error.  A missing DIR, or one
 * that is a symlink, gives an empty list.
 */
extern char **sysprep_find (struct sysprep_ctx *ctx, const char *dir);

/* Truncates PATH to zero bytes if it is a regular file. */
extern int sysprep_truncate (struct sysprep_ctx *ctx, const char *path);

/* Writes CONTENT to the existing file PATH (keeping its owner and
 * mode), or says so in dry-run mode, where WHAT describes the change.
 */
extern int sysprep_rewrite (struct sysprep_ctx *ctx, const char *path,
                            const char *content, size_t len,
                            const char *what);

/* Prints the dry-run line for ACTION on PATH ("would remove ..."). */
extern void sysprep_say (const struct sysprep_ctx *ctx, const char *action,
                         const char *path);

/* sysprep-ops-files.c: the operations that remove fixed paths. */
extern int sysprep_abrt_data (struct sysprep_ctx *ctx);
extern int sysprep_bash_history (struct sysprep_ctx *ctx);
extern int sysprep_blkid_tab (struct sysprep_ctx *ctx);
extern int sysprep_ca_certificates (struct sysprep_ctx *ctx);
extern int sysprep_crash_data (struct sysprep_ctx *ctx);
extern int sysprep_dhcp_client_state (struct sysprep_ctx *ctx);
extern int sysprep_dhcp_server_state (struct sysprep_ctx *ctx);
extern int sysprep_dovecot_data (struct sysprep_ctx *ctx);
extern int sysprep_firewall_rules (struct sysprep_ctx *ctx);
extern int sysprep_ipa_client (struct sysprep_ctx *ctx);
extern int sysprep_kerberos_data (struct sysprep_ctx *ctx);
extern int sysprep_kerberos_hostkeytab (struct sysprep_ctx *ctx);
extern int sysprep_logfiles (struct sysprep_ctx *ctx);
extern int sysprep_mail_spool (struct sysprep_ctx *ctx);
extern int sysprep_pam_data (struct sysprep_ctx *ctx);
extern int sysprep_passwd_backups (struct sysprep_ctx *ctx);
extern int sysprep_puppet_data_log (struct sysprep_ctx *ctx);
extern int sysprep_rh_subscription_manager (struct sysprep_ctx *ctx);
extern int sysprep_rhn_systemid (struct sysprep_ctx *ctx);
extern int sysprep_samba_db_log (struct sysprep_ctx *ctx);
extern int sysprep_smolt_uuid (struct sysprep_ctx *ctx);
extern int sysprep_ssh_hostkeys (struct sysprep_ctx *ctx);
extern int sysprep_ssh_userdir (struct sysprep_ctx *ctx);
extern int sysprep_sssd_db_log (struct sysprep_ctx *ctx);
extern int sysprep_udev_persistent_net (struct sysprep_ctx *ctx);
extern int sysprep_utmp (struct sysprep_ctx *ctx);
extern int sysprep_yum_uuid (struct sysprep_ctx *ctx);

/* sysprep-ops-misc.c: removals that depend on the guest or keep
 * something behind.
 */
extern int sysprep_backup_files (struct sysprep_ctx *ctx);
extern int sysprep_cron_spool (struct sysprep_ctx *ctx);
extern int sysprep_flag_reconfiguration (struct sysprep_ctx *ctx);
extern int sysprep_pacct_log (struct sysprep_ctx *ctx);
extern int sysprep_package_manager_cache (struct sysprep_ctx *ctx);
extern int sysprep_rpm_db (struct sysprep_ctx *ctx);
extern int sysprep_tmp_files (struct sysprep_ctx *ctx);

/* sysprep-ops-net.c */
extern int sysprep_net_hostname (struct sysprep_ctx *ctx);
extern int sysprep_net_hwaddr (struct sysprep_ctx *ctx);
extern int sysprep_net_nmconn (struct sysprep_ctx *ctx);

/* sysprep-ops-ids.c */
extern int sysprep_machine_id (struct sysprep_ctx *ctx);
extern int sysprep_fs_uuids (struct sysprep_ctx *ctx);
extern int sysprep_lvm_uuids (struct sysprep_ctx *ctx);

/* sysprep-ops-users.c */
extern int sysprep_user_account (struct sysprep_ctx *ctx);

/* sysprep-ops-script.c */
extern int sysprep_customize (struct sysprep_ctx *ctx);
extern int sysprep_script (struct sysprep_ctx *ctx);

#endif /* CAREEN_SYSPREP_H */
