/* careen - offline disk-image toolkit */

/**
 * f2fs_expand: growing an F2FS filesystem to its device's size, with
 * resize.f2fs from f2fs-tools.
 */

#include <config.h>

#include "daemon.h"

int
do_f2fs_expand (const char *device)
{
  struct fsargs a;

  /* resize.f2fs rewrites metadata the kernel would hold in memory. */
  if (check_not_mounted (device) == -1)
    return -1;
  if (require_program ("resize.f2fs") == -1)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "resize.f2fs");
  fsargs_add (&a, device);
  return fsargs_run (&a, true, NULL);
}
