/** careen - offline disk-image toolkit
 *
 * virt-sysprep: removals that depend on the guest (its package manager,
 * its distribution) or that must leave something behind (the spool
 * directories, the at(1) sequence files, an empty accounting log).
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs.h"
#include "cleanups.h"
#include "sysprep.h"

static bool
has_suffix (const char *s, const char *suffix)
{
  size_t ls = strlen (s), lx = strlen (suffix);

  return ls >= lx && strcmp (s + ls - lx, suffix) == 0;
}

int
sysprep_backup_files (struct sysprep_ctx *ctx)
{
  /* Where editors and package managers leave backups; /usr and the
   * users' homes are not searched, as in libguestfs.
   */
  static const char *const dirs[] = {
    "/etc", "/root", "/srv", "/tmp", "/var", NULL
  };
  size_t i, j;

  for (i = 0; dirs[i] != NULL; ++i) {
    CLEANUP_FREE_STRING_LIST char **paths = sysprep_find (ctx, dirs[i]);

    if (paths == NULL)
      return -1;
    for (j = 0; paths[j] != NULL; ++j) {
      int r;

      if (!has_suffix (paths[j], ".bak") && !has_suffix (paths[j], "~"))
        continue;
      r = guestfs_is_file (ctx->g, paths[j]);
      if (r == -1)
        return -1;
      if (r == 0)
        continue;
      if (ctx->dry_run)
        sysprep_say (ctx, "remove", paths[j]);
      else if (guestfs_rm_f (ctx->g, paths[j]) == -1)
        return -1;
    }
  }
  return 0;
}

static bool
is_seq (const char *name)
{
  return strcmp (name, ".SEQ") == 0;
}

/* at(1) numbers its jobs from the .SEQ file: it is reset, not
 * removed, so that at keeps working.
 */
static int
reset_seq (struct sysprep_ctx *ctx, const char *path)
{
  static const char zero[] = "00000\n";
  int r;

  r = guestfs_is_file (ctx->g, path);
  if (r <= 0)
    return r;
  return sysprep_rewrite (ctx, path, zero, sizeof zero - 1,
                          "reset the at job number");
}

int
sysprep_cron_spool (struct sysprep_ctx *ctx)
{
  if (sysprep_remove_files_under (ctx, "/var/spool/cron", is_seq) == -1 ||
      reset_seq (ctx, "/var/spool/cron/atjobs/.SEQ") == -1 ||
      sysprep_remove_files_under (ctx, "/var/spool/atjobs", is_seq) == -1 ||
      reset_seq (ctx, "/var/spool/atjobs/.SEQ") == -1 ||
      sysprep_remove_glob (ctx, "/var/spool/atspool/*") == -1 ||
      sysprep_remove_files_under (ctx, "/var/spool/at", is_seq) == -1 ||
      reset_seq (ctx, "/var/spool/at/.SEQ") == -1)
    return -1;
  return 0;
}

int
sysprep_flag_reconfiguration (struct sysprep_ctx *ctx)
{
  if (ctx->dry_run) {
    sysprep_say (ctx, "create", "/.unconfigured");
    return 0;
  }
  return guestfs_touch (ctx->g, "/.unconfigured");
}

/* Removes DIR/pacct* and leaves an empty DIR/pacct, so that process
 * accounting, if it is on, starts a fresh log.
 */
static int
reset_pacct (struct sysprep_ctx *ctx, const char *dir)
{
  CLEANUP_FREE char *pattern = NULL, *file = NULL;
  int r;

  r = guestfs_is_dir (ctx->g, dir);
  if (r <= 0)
    return r;
  if (asprintf (&pattern, "%s/pacct*", dir) == -1 ||
      asprintf (&file, "%s/pacct", dir) == -1) {
    perror ("asprintf");
    return -1;
  }
  if (sysprep_remove_glob (ctx, pattern) == -1)
    return -1;
  if (ctx->dry_run) {
    sysprep_say (ctx, "create", file);
    return 0;
  }
  return guestfs_touch (ctx->g, file);
}

int
sysprep_pacct_log (struct sysprep_ctx *ctx)
{
  if (sysprep_is_redhat (ctx))
    return reset_pacct (ctx, "/var/account");
  if (sysprep_is_debian (ctx))
    return reset_pacct (ctx, "/var/log/account");
  return 0;
}

int
sysprep_package_manager_cache (struct sysprep_ctx *ctx)
{
  const char *pm = ctx->package_management;

  if (pm == NULL)
    return 0;
  if (strcmp (pm, "yum") == 0)
    return sysprep_remove_files_under (ctx, "/var/cache/yum", NULL);
  if (strcmp (pm, "dnf") == 0)
    return sysprep_remove_files_under (ctx, "/var/cache/dnf", NULL);
  if (strcmp (pm, "apt") == 0)
    return sysprep_remove_files_under (ctx, "/var/cache/apt/archives",
                                       NULL);
  if (strcmp (pm, "zypper") == 0) {
    CLEANUP_FREE_STRING_LIST char **dirs = NULL;
    size_t i;

    dirs = guestfs_glob_expand_opts (ctx->g, "/var/cache/zypp*",
                                     GUESTFS_GLOB_EXPAND_OPTS_DIRECTORYSLASH,
                                     0, -1);
    if (dirs == NULL)
      return -1;
    for (i = 0; dirs[i] != NULL; ++i)
      if (sysprep_remove_files_under (ctx, dirs[i], NULL) == -1)
        return -1;
  }
  return 0;
}

int
sysprep_rpm_db (struct sysprep_ctx *ctx)
{
  /* Only the Berkeley DB environment files: they hold host-specific
   * locks and are rebuilt by rpm; the database itself stays.
   */
  if (ctx->package_format == NULL ||
      strcmp (ctx->package_format, "rpm") != 0)
    return 0;
  return sysprep_remove_glob (ctx, "/var/lib/rpm/__db.*");
}

/* Everything in DIR goes, dot files too, but DIR itself stays. */
static int
empty_dir (struct sysprep_ctx *ctx, const char *dir)
{
  CLEANUP_FREE_STRING_LIST char **names = NULL;
  size_t i;
  int r;

  r = guestfs_is_dir (ctx->g, dir);
  if (r <= 0)
    return r;
  names = guestfs_ls (ctx->g, dir);
  if (names == NULL)
    return -1;
  for (i = 0; names[i] != NULL; ++i) {
    CLEANUP_FREE char *path = NULL;

    if (asprintf (&path, "%s/%s", dir, names[i]) == -1) {
      perror ("asprintf");
      return -1;
    }
    if (ctx->dry_run)
      sysprep_say (ctx, "remove", path);
    else if (guestfs_rm_rf (ctx->g, path) == -1)
      return -1;
  }
  return 0;
}

int
sysprep_tmp_files (struct sysprep_ctx *ctx)
{
  if (empty_dir (ctx, "/tmp") == -1)
    return -1;
  return empty_dir (ctx, "/var/tmp");
}
