/* careen - offline disk-image toolkit */

/**
 * mkfs_b: the old form of mkfs with a block size, kept for scripts
 * that still use it.
 */

#include <config.h>

#include "daemon.h"

int
do_mkfs_b (const char *fstype, int blocksize, const char *device)
{
  optargs_bitmask = GUESTFS_MKFS_OPTS_BLOCKSIZE_BITMASK;
  return do_mkfs (fstype, device, blocksize, "", 0, 0, "");
}
