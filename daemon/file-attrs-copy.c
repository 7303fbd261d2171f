/* careen - offline disk-image toolkit */

/**
 * copy_attributes: gives a guest file or directory the mode, owner and
 * extended attributes of another.  Both paths are resolved inside the
 * guest into host paths free of symlinks (sysroot_realpath), as in
 * xattr.c, because the kernel has no *xattrat calls and the f* calls
 * do not work on O_PATH descriptors.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "daemon.h"

/* The kernel's limits on an attribute list and on one value
 * (XATTR_LIST_MAX, XATTR_SIZE_MAX): nothing larger can exist.
 */
#define ATTRS_MAX_LIST 65536
#define ATTRS_MAX_VALUE 65536

/* Copies every extended attribute of src to dest (host paths); the
 * guest names are for messages.  -1 after replying.
 */
static int
copy_xattrs (const char *src, const char *dest, const char *gsrc,
             const char *gdest)
{
  CLEANUP_FREE char *list = malloc (ATTRS_MAX_LIST);
  CLEANUP_FREE char *value = malloc (ATTRS_MAX_VALUE);
  ssize_t len, i;

  if (list == NULL || value == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  len = llistxattr (src, list, ATTRS_MAX_LIST);
  if (len == -1) {
    /* A filesystem without extended attributes has none to copy. */
    if (errno == ENOTSUP)
      return 0;
    reply_with_perror ("listxattr: %s", gsrc);
    return -1;
  }
  for (i = 0; i < len; i += strlen (list + i) + 1) {
    const char *name = list + i;
    ssize_t vlen;

    /* The list is NUL-separated; a last name without its NUL is cut. */
    if (memchr (name, '\0', len - i) == NULL)
      break;
    vlen = lgetxattr (src, name, value, ATTRS_MAX_VALUE);
    if (vlen == -1) {
      /* Removed since it was listed. */
      if (errno == ENODATA)
        continue;
      reply_with_perror ("getxattr: %s: %s", gsrc, name);
      return -1;
    }
    if (lsetxattr (dest, name, value, vlen, 0) == -1) {
      reply_with_perror ("setxattr: %s: %s", gdest, name);
      return -1;
    }
  }
  return 0;
}

int
do_copy_attributes (const char *src, const char *dest,
                    const struct guestfs_copy_attributes_argv *optargs)
{
  CLEANUP_FREE char *hsrc = NULL, *hdest = NULL;
  uint64_t given = optargs->bitmask;
  bool all = (given & GUESTFS_COPY_ATTRIBUTES_ALL_BITMASK) && optargs->all;
  bool mode, xattrs, owner;
  struct stat st;

  /* "all" turns on what was not given explicitly, even as false. */
  mode = (given & GUESTFS_COPY_ATTRIBUTES_MODE_BITMASK)
    ? optargs->mode : all;
  xattrs = (given & GUESTFS_COPY_ATTRIBUTES_XATTRIBUTES_BITMASK)
    ? optargs->xattributes : all;
  owner = (given & GUESTFS_COPY_ATTRIBUTES_OWNERSHIP_BITMASK)
    ? optargs->ownership : all;

  hsrc = sysroot_realpath (src);
  if (hsrc == NULL || stat (hsrc, &st) == -1) {
    reply_with_perror ("%s", src);
    return -1;
  }
  hdest = sysroot_realpath (dest);
  if (hdest == NULL) {
    reply_with_perror ("%s", dest);
    return -1;
  }
  /* chown clears setuid and setgid, so the owner goes first and the
   * mode last.
   */
  if (owner && chown (hdest, st.st_uid, st.st_gid) == -1) {
    reply_with_perror ("chown: %s", dest);
    return -1;
  }
  if (xattrs && copy_xattrs (hsrc, hdest, src, dest) == -1)
    return -1;
  if (mode && chmod (hdest, st.st_mode & 07777) == -1) {
    reply_with_perror ("chmod: %s", dest);
    return -1;
  }
  return 0;
}
