/* careen - offline disk-image toolkit */

/**
 * Special files and renames: mknod, mknod_b, mknod_c, mkfifo and
 * rename.  The directory that gets the new name is resolved inside the
 * guest (sysroot_open_parent) and the final component is never
 * followed, so a hostile symlink cannot make a node or a rename land in
 * the appliance's own tree.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "daemon.h"

/* The largest major and minor numbers the kernel's dev_t holds (12 and
 * 20 bits): makedev would silently fold larger ones into other devices.
 */
#define NODE_MAX_MAJOR 0xfff
#define NODE_MAX_MINOR 0xfffff

static int
make_node (int mode, int devmajor, int devminor, const char *path)
{
  struct sysroot_parent p;
  dev_t dev = 0;
  int r;

  if (mode < 0 || (mode & ~(S_IFMT | 07777)) != 0) {
    reply_with_error_errno (EINVAL, "%s: invalid mode %#o", path,
                            (unsigned) mode);
    return -1;
  }
  switch (mode & S_IFMT) {
  case 0:
  case S_IFREG:
  case S_IFIFO:
  case S_IFSOCK:
    break;
  case S_IFBLK:
  case S_IFCHR:
    if (devmajor < 0 || devmajor > NODE_MAX_MAJOR ||
        devminor < 0 || devminor > NODE_MAX_MINOR) {
      reply_with_error_errno (EINVAL, "%s: invalid device number %d:%d",
                              path, devmajor, devminor);
      return -1;
    }
    dev = makedev ((unsigned) devmajor, (unsigned) devminor);
    break;
  default:
    /* S_IFDIR and S_IFLNK cannot be made by mknod(2). */
    reply_with_error_errno (EINVAL, "%s: mode %#o is not a type mknod "
                            "can make", path, (unsigned) mode);
    return -1;
  }
  if (sysroot_open_parent (path, &p) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  r = mknodat (p.dirfd, p.name, (mode_t) mode, dev);
  if (r == -1)
    reply_with_perror ("%s", path);
  sysroot_parent_release (&p);
  return r;
}

int
do_mknod (int mode, int devmajor, int devminor, const char *path)
{
  return make_node (mode, devmajor, devminor, path);
}

/* The typed forms take permission bits only: a type in mode would be
 * ORed into a different one.
 */
static int
make_typed_node (int type, int mode, int devmajor, int devminor,
                 const char *path)
{
  if (mode < 0 || mode > 07777) {
    reply_with_error_errno (EINVAL, "%s: mode %#o has bits other than "
                            "permissions", path, (unsigned) mode);
    return -1;
  }
  return make_node (type | mode, devmajor, devminor, path);
}

int
do_mknod_b (int mode, int devmajor, int devminor, const char *path)
{
  return make_typed_node (S_IFBLK, mode, devmajor, devminor, path);
}

int
do_mknod_c (int mode, int devmajor, int devminor, const char *path)
{
  return make_typed_node (S_IFCHR, mode, devmajor, devminor, path);
}

int
do_mkfifo (int mode, const char *path)
{
  return make_typed_node (S_IFIFO, mode, 0, 0, path);
}

int
do_rename (const char *oldpath, const char *newpath)
{
  struct sysroot_parent s, d;
  int r;

  if (sysroot_open_parent (oldpath, &s) == -1) {
    reply_with_perror ("%s", oldpath);
    return -1;
  }
  if (sysroot_open_parent (newpath, &d) == -1) {
    reply_with_perror ("%s", newpath);
    sysroot_parent_release (&s);
    return -1;
  }
  r = renameat (s.dirfd, s.name, d.dirfd, d.name);
  if (r == -1)
    reply_with_perror ("rename '%s' to '%s'", oldpath, newpath);
  sysroot_parent_release (&s);
  sysroot_parent_release (&d);
  return r;
}
