/* careen - offline disk-image toolkit */

/**
 * wipefs: erase every signature blkid could find on a device (not the
 * data), with util-linux wipefs.
 */

#include <config.h>

#include "daemon.h"

int
do_wipefs (const char *device)
{
  struct fsargs a;

  /* Erasing the superblock of a mounted filesystem would leave the
   * kernel writing to a device that no longer looks like it.
   */
  if (check_not_mounted (device) == -1)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "wipefs");
  /* -f: also a device that has partitions (whose table is erased). */
  fsargs_add (&a, "-a");
  fsargs_add (&a, "-f");
  fsargs_add (&a, "-q");
  fsargs_add (&a, device);
  return fsargs_run (&a, false, NULL);
}
