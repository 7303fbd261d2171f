/* careen - offline disk-image toolkit */

/**
 * btrfs_image: a metadata dump of a btrfs filesystem (btrfs-image(8)),
 * written into the guest tree.  File contents are not copied, so the
 * dump shows a filesystem's structure without its data.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "daemon.h"

/* btrfs-image -c takes a zlib level. */
#define COMPRESS_MIN 0
#define COMPRESS_MAX 9

int
do_btrfs_image (char *const *source, const char *image, int compresslevel)
{
  CLEANUP_FREE char *hp = NULL, *uuid0 = NULL;
  struct fsargs a;
  struct stat st;
  size_t i;

  if (source[0] == NULL) {
    reply_with_error_errno (EINVAL, "no source device given");
    return -1;
  }
  if ((optargs_bitmask & GUESTFS_BTRFS_IMAGE_COMPRESSLEVEL_BITMASK) &&
      (compresslevel < COMPRESS_MIN || compresslevel > COMPRESS_MAX)) {
    reply_with_error_errno (EINVAL, "compresslevel must be %d to %d: %d",
                            COMPRESS_MIN, COMPRESS_MAX, compresslevel);
    return -1;
  }
  /* btrfs-image reads one device and finds the others of the
   * filesystem itself: the sources must all be devices of one btrfs.
   */
  for (i = 0; source[i] != NULL; ++i) {
    CLEANUP_FREE char *type = blkid_tag (source[i], "TYPE");
    CLEANUP_FREE char *uuid = NULL;

    if (type == NULL)
      return -1;
    if (strcmp (type, "btrfs") != 0) {
      reply_with_error_errno (EINVAL, "%s: not a btrfs filesystem",
                              source[i]);
      return -1;
    }
    uuid = blkid_tag (source[i], "UUID");
    if (uuid == NULL)
      return -1;
    if (i == 0) {
      uuid0 = uuid;
      uuid = NULL;
    }
    else if (strcmp (uuid, uuid0) != 0) {
      reply_with_error_errno (EINVAL, "%s and %s are devices of different "
                              "filesystems", source[0], source[i]);
      return -1;
    }
  }
  /* btrfs-image opens the name itself: a symbolic link there could
   * lead it out of the guest tree.
   */
  if (sysroot_lstat (image, &st) == 0 && !S_ISREG (st.st_mode)) {
    reply_with_error_errno (EINVAL, "%s: exists and is not a regular file",
                            image);
    return -1;
  }
  hp = sysroot_parent_path (image);
  if (hp == NULL) {
    reply_with_perror ("%s", image);
    return -1;
  }
  if (require_program ("btrfs-image") == -1)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "btrfs-image");
  if (optargs_bitmask & GUESTFS_BTRFS_IMAGE_COMPRESSLEVEL_BITMASK)
    fsargs_addf (&a, "-c%d", compresslevel);
  fsargs_add (&a, source[0]);
  fsargs_add (&a, hp);
  return fsargs_run (&a, true, NULL);
}
