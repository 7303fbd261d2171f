/* careen - offline disk-image toolkit */

/**
 * vfs_minimum_size: how small a filesystem could be shrunk, asked of
 * the resize tool of its type.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* The first number after prefix in out (a line of a tool's report);
 * -1 if there is none.
 */
static int64_t
number_after (const char *out, const char *prefix)
{
  const char *p = out ? strstr (out, prefix) : NULL;
  char *end;
  long long v;

  if (p == NULL)
    return -1;
  p += strlen (prefix);
  p += strspn (p, " \t");
  errno = 0;
  v = strtoll (p, &end, 10);
  if (errno != 0 || end == p || v < 0)
    return -1;
  return v;
}

static int64_t
ext_minimum (const char *device)
{
  struct fsargs a;
  CLEANUP_FREE char *out = NULL;
  int64_t blocks, bsize, r;

  fsargs_init (&a);
  fsargs_add (&a, "resize2fs");
  fsargs_add (&a, "-P");
  fsargs_add (&a, device);
  if (fsargs_run (&a, false, &out) == -1)
    return -1;
  blocks = number_after (out, "Estimated minimum size of the filesystem:");
  if (blocks < 0) {
    reply_with_error ("%s: resize2fs -P gave no minimum size", device);
    return -1;
  }
  bsize = ext2_block_size (device);
  if (bsize == -1)
    return -1;
  if (__builtin_mul_overflow (blocks, bsize, &r)) {
    reply_with_error_errno (ERANGE, "%s: minimum size out of range", device);
    return -1;
  }
  return r;
}

static int64_t
ntfs_minimum (const char *device)
{
  struct fsargs a;
  CLEANUP_FREE char *out = NULL, *err = NULL;
  int64_t r;
  int status;

  fsargs_init (&a);
  fsargs_add (&a, "ntfsresize");
  fsargs_add (&a, "--info");
  fsargs_add (&a, "--force");
  fsargs_add (&a, "--no-progress-bar");
  fsargs_add (&a, device);
  status = fsargs_runrv (&a, false, &out, &err);
  if (status == -1)
    return -1;
  r = number_after (out, "You might resize at");
  if (r >= 0)
    return r;
  /* A full volume cannot shrink: its size is the minimum. */
  if (out && strstr (out, "Volume is full") != NULL) {
    r = number_after (out, "Current volume size:");
    if (r >= 0)
      return r;
  }
  reply_with_error ("%s: ntfsresize --info gave no minimum size: %s", device,
                    err && *err ? err : out ? out : "");
  return -1;
}

static int64_t
btrfs_minimum (const char *device)
{
  struct fsargs a;
  CLEANUP_FREE char *out = NULL;
  CLEANUP_FREE char *mp = device_mountpoint_host (device);
  int64_t r;

  if (mp == NULL) {
    reply_with_error_errno (EINVAL, "%s: btrfs must be mounted to find its "
                            "minimum size", device);
    return -1;
  }
  fsargs_init (&a);
  fsargs_add (&a, "btrfs");
  fsargs_add (&a, "inspect-internal");
  fsargs_add (&a, "min-dev-size");
  fsargs_add (&a, mp);
  if (fsargs_run (&a, false, &out) == -1)
    return -1;
  r = number_after (out, "");
  if (r < 0) {
    reply_with_error ("%s: btrfs inspect-internal min-dev-size gave no "
                      "size", device);
    return -1;
  }
  return r;
}

static int64_t
xfs_minimum (const char *device)
{
  struct guestfs_xfsinfo *xi = do_xfs_info (device);
  int64_t r;

  if (xi == NULL)
    return -1;
  if (__builtin_mul_overflow ((int64_t) xi->xfs_datablocks,
                              (int64_t) xi->xfs_blocksize, &r)) {
    guestfs_free_xfsinfo (xi);
    reply_with_error_errno (ERANGE, "%s: size out of range", device);
    return -1;
  }
  guestfs_free_xfsinfo (xi);
  return r;
}

int64_t
do_vfs_minimum_size (const char *mountable)
{
  CLEANUP_FREE char *type = NULL;

  if (strncmp (mountable, "btrfsvol:", 9) == 0) {
    reply_with_error_errno (ENOTSUP, "%s: btrfs subvolumes have no size of "
                            "their own", mountable);
    return -1;
  }
  type = blkid_tag (mountable, "TYPE");
  if (type == NULL)
    return -1;
  if (strcmp (type, "ext2") == 0 || strcmp (type, "ext3") == 0 ||
      strcmp (type, "ext4") == 0)
    return ext_minimum (mountable);
  if (strcmp (type, "ntfs") == 0)
    return ntfs_minimum (mountable);
  if (strcmp (type, "btrfs") == 0)
    return btrfs_minimum (mountable);
  if (strcmp (type, "xfs") == 0)
    return xfs_minimum (mountable);
  reply_with_error_errno (ENOTSUP, "%s: the minimum size of %s filesystems "
                          "is not known", mountable,
                          *type ? type : "unknown");
  return -1;
}
