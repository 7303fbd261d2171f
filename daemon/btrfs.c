/* careen - offline disk-image toolkit */

/**
 * btrfs calls, driving btrfs-progs: btrfs_filesystem_resize.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

int
do_btrfs_filesystem_resize (const char *mountpoint, int64_t size)
{
  CLEANUP_FREE char *mp = NULL;
  struct fsargs a;

  if ((optargs_bitmask & GUESTFS_BTRFS_FILESYSTEM_RESIZE_SIZE_BITMASK) &&
      size <= 0) {
    reply_with_error_errno (EINVAL, "size must be > 0");
    return -1;
  }
  mp = host_mountpoint (mountpoint);
  if (mp == NULL)
    return -1;

  fsargs_init (&a);
  fsargs_add (&a, "btrfs");
  fsargs_add (&a, "filesystem");
  fsargs_add (&a, "resize");
  if (optargs_bitmask & GUESTFS_BTRFS_FILESYSTEM_RESIZE_SIZE_BITMASK)
    fsargs_addf (&a, "%" PRIi64, size);
  else
    fsargs_add (&a, "max");
  fsargs_add (&a, mp);
  return fsargs_run (&a, false, NULL);
}
