/* careen - offline disk-image toolkit */

/**
 * remount: turn a mounted guest filesystem read-only or read-write in
 * place.
 */

#include <config.h>

#include <errno.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include "daemon.h"

/* A remount replaces the mount's flags with the ones given, so the
 * ones it has now are carried over (statvfs reports them as ST_*).
 */
static const struct {
  unsigned long st, ms;
} kept_flags[] = {
  { ST_NOSUID, MS_NOSUID },
  { ST_NODEV, MS_NODEV },
  { ST_NOEXEC, MS_NOEXEC },
  { ST_SYNCHRONOUS, MS_SYNCHRONOUS },
  { ST_MANDLOCK, MS_MANDLOCK },
  { ST_NOATIME, MS_NOATIME },
  { ST_NODIRATIME, MS_NODIRATIME },
  { ST_RELATIME, MS_RELATIME },
};

int
do_remount (const char *mountpoint, int rw)
{
  CLEANUP_FREE char *mp = NULL;
  struct statvfs sv;
  unsigned long flags = MS_REMOUNT;
  size_t i;

  /* Other flags may one day be changed too; today rw is what there is
   * to change, so a call without it would do nothing.
   */
  if (!(optargs_bitmask & GUESTFS_REMOUNT_RW_BITMASK)) {
    reply_with_error_errno (EINVAL, "%s: the rw optional argument must be "
                            "given", mountpoint);
    return -1;
  }
  mp = host_mountpoint (mountpoint);
  if (mp == NULL)
    return -1;
  if (statvfs (mp, &sv) == -1) {
    reply_with_perror ("%s", mountpoint);
    return -1;
  }
  for (i = 0; i < sizeof kept_flags / sizeof kept_flags[0]; ++i)
    if (sv.f_flag & kept_flags[i].st)
      flags |= kept_flags[i].ms;
  if (!rw)
    flags |= MS_RDONLY;
  if (mount (NULL, mp, NULL, flags, NULL) == -1) {
    reply_with_perror ("%s", mountpoint);
    return -1;
  }
  return 0;
}
