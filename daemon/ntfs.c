/* careen - offline disk-image toolkit */

/**
 * NTFS calls, driving ntfs-3g and ntfsprogs: ntfsresize,
 * ntfsresize_size, ntfsfix and ntfs_3g_probe.  (ntfsclone_out/in,
 * which stream, are in ntfsclone.c.)
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

int
do_ntfsresize (const char *device, int64_t size, int force)
{
  struct fsargs a;

  if ((optargs_bitmask & GUESTFS_NTFSRESIZE_OPTS_SIZE_BITMASK) && size <= 0) {
    reply_with_error_errno (EINVAL, "size must be > 0");
    return -1;
  }
  if (check_not_mounted (device) == -1)
    return -1;

  fsargs_init (&a);
  fsargs_add (&a, "ntfsresize");
  /* -P: no progress bar (it would only fill the captured output). */
  fsargs_add (&a, "-P");
  if ((optargs_bitmask & GUESTFS_NTFSRESIZE_OPTS_FORCE_BITMASK) && force)
    fsargs_add (&a, "--force");
  if (optargs_bitmask & GUESTFS_NTFSRESIZE_OPTS_SIZE_BITMASK) {
    fsargs_add (&a, "--size");
    fsargs_addf (&a, "%" PRIi64, size);
  }
  fsargs_add (&a, device);
  /* ntfsresize asks for confirmation before it writes: the caller
   * asked for the resize, so the answer is yes.
   */
  return fsargs_run_stdin (&a, true, "y\n", 2);
}

int
do_ntfsresize_size (const char *device, int64_t size)
{
  optargs_bitmask = GUESTFS_NTFSRESIZE_OPTS_SIZE_BITMASK;
  return do_ntfsresize (device, size, 0);
}

int
do_ntfsfix (const char *device, int clearbadsectors)
{
  struct fsargs a;

  if (check_not_mounted (device) == -1)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "ntfsfix");
  if ((optargs_bitmask & GUESTFS_NTFSFIX_CLEARBADSECTORS_BITMASK) &&
      clearbadsectors)
    fsargs_add (&a, "-b");
  fsargs_add (&a, device);
  return fsargs_run (&a, false, NULL);
}

int
do_ntfs_3g_probe (int rw, const char *device)
{
  struct fsargs a;
  CLEANUP_FREE char *out = NULL, *err = NULL;

  if (require_program ("ntfs-3g.probe") == -1)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "ntfs-3g.probe");
  fsargs_add (&a, rw ? "--readwrite" : "--readonly");
  fsargs_add (&a, device);
  /* Its exit status is the answer (0: mountable). */
  return fsargs_runrv (&a, false, &out, &err);
}
