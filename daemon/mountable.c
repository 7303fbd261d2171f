/* careen - offline disk-image toolkit */

/**
 * mountable_device, mountable_subvolume, internal_parse_mountable: the
 * parts of a mountable name, as btrfs-mountable.c splits it.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* im_type values, fixed by libguestfs's ABI. */
#define MOUNTABLE_TYPE_DEVICE 0
#define MOUNTABLE_TYPE_BTRFSVOL 1

/* Splits mountable; -1 after replying.  The subvolume is returned as
 * it was written, everything after the '/' that ends the device
 * ("btrfsvol:/dev/sda2//@" gives "/@"), as libguestfs returns it;
 * mountable_split drops leading slashes, which mount does not need.
 */
static int
split (const char *mountable, char **device_r, char **volume_r)
{
  if (mountable_split (mountable, device_r, volume_r) == -1) {
    reply_with_perror ("%s", mountable);
    return -1;
  }
  if (*volume_r != NULL) {
    free (*volume_r);
    *volume_r = strdup (mountable + strlen ("btrfsvol:") +
                        strlen (*device_r) + 1);
    if (*volume_r == NULL) {
      reply_with_perror ("strdup");
      free (*device_r);
      *device_r = NULL;
      return -1;
    }
  }
  return 0;
}

char *
do_mountable_device (const char *mountable)
{
  CLEANUP_FREE char *volume = NULL;
  char *device;

  if (split (mountable, &device, &volume) == -1)
    return NULL;
  return device;
}

char *
do_mountable_subvolume (const char *mountable)
{
  CLEANUP_FREE char *device = NULL;
  char *volume;

  if (split (mountable, &device, &volume) == -1)
    return NULL;
  if (volume == NULL)
    reply_with_error_errno (EINVAL, "%s: not a btrfs subvolume", mountable);
  return volume;
}

struct guestfs_internal_mountable *
do_internal_parse_mountable (const char *mountable)
{
  struct guestfs_internal_mountable *r = calloc (1, sizeof *r);

  if (r == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }
  if (split (mountable, &r->im_device, &r->im_volume) == -1) {
    free (r);
    return NULL;
  }
  r->im_type = r->im_volume ? MOUNTABLE_TYPE_BTRFSVOL : MOUNTABLE_TYPE_DEVICE;
  if (r->im_volume == NULL && (r->im_volume = strdup ("")) == NULL) {
    reply_with_perror ("strdup");
    guestfs_free_internal_mountable (r);
    return NULL;
  }
  return r;
}
