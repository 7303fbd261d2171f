/* careen - offline disk-image toolkit */

/**
 * mkmountpoint and rmmountpoint: directories to mount on, made before
 * anything is mounted on "/", so that unrelated filesystems (the
 * layers of a live CD) can be mounted side by side without a guest
 * root filesystem.
 *
 * careen's appliance root is read-only, so the directories cannot be
 * made in it: the first mkmountpoint mounts a small tmpfs on sysroot
 * to hold them (guestfs_mounts lists it, umount_all removes it with the
 * rest), and rmmountpoint unmounts it again once it is empty.  A
 * directory inside a mounted guest filesystem is never made or removed
 * here: that would change the guest.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <linux/magic.h>

#include "daemon.h"

/* The tmpfs holding the mountpoints: directories only, so it stays
 * tiny.
 */
#define MOUNTPOINTS_TMPFS_OPTIONS "mode=0755,size=1m,nr_inodes=4096"

/* Whether something is mounted on sysroot itself (its filesystem
 * differs from that of the directory above it).  -1 with errno.
 */
static int
sysroot_is_mounted (void)
{
  CLEANUP_FREE char *above = NULL;
  struct stat st, ast;

  if (asprintf (&above, "%s/..", sysroot) == -1)
    return -1;
  if (stat (sysroot, &st) == -1 || stat (above, &ast) == -1)
    return -1;
  return st.st_dev != ast.st_dev;
}

/* Whether sysroot holds the mountpoints' own tmpfs. */
static bool
sysroot_is_our_tmpfs (void)
{
  struct statfs sf;

  return sysroot_is_mounted () == 1 && statfs (sysroot, &sf) == 0 &&
    sf.f_type == TMPFS_MAGIC;
}

/* Resolves the parent of exemptpath into p, checking that it lies in
 * the mountpoints' tmpfs, not in a guest filesystem mounted below it.
 * -1 after replying.
 */
static int
open_mountpoint_parent (const char *exemptpath, struct sysroot_parent *p)
{
  struct stat pst, sst;
  struct statfs sf;

  if (exemptpath[0] != '/') {
    reply_with_error_errno (EINVAL, "%s: path must start with a / character",
                            exemptpath);
    return -1;
  }
  if (sysroot_open_parent (exemptpath, p) == -1) {
    reply_with_perror ("%s", exemptpath);
    return -1;
  }
  if (strcmp (p->name, ".") == 0 || strcmp (p->name, "..") == 0) {
    reply_with_error_errno (EINVAL, "%s: not a directory name", exemptpath);
    goto error;
  }
  if (fstat (p->dirfd, &pst) == -1 || fstatfs (p->dirfd, &sf) == -1 ||
      stat (sysroot, &sst) == -1) {
    reply_with_perror ("%s", exemptpath);
    goto error;
  }
  if (pst.st_dev != sst.st_dev || sf.f_type != TMPFS_MAGIC) {
    reply_with_error_errno (EBUSY, "%s: inside a mounted guest filesystem "
                            "(mountpoints are made before mounting)",
                            exemptpath);
    goto error;
  }
  return 0;

 error:
  sysroot_parent_release (p);
  return -1;
}

int
do_mkmountpoint (const char *exemptpath)
{
  struct sysroot_parent p;
  int r;

  r = sysroot_is_mounted ();
  if (r == -1) {
    reply_with_perror ("%s", sysroot);
    return -1;
  }
  if (r == 0 && mount ("tmpfs", sysroot, "tmpfs", MS_NOSUID | MS_NODEV,
                       MOUNTPOINTS_TMPFS_OPTIONS) == -1) {
    reply_with_perror ("mounting a tmpfs for the mountpoints");
    return -1;
  }
  if (r == 1 && !sysroot_is_our_tmpfs ()) {
    reply_with_error_errno (EBUSY, "%s: a filesystem is mounted on /; "
                            "mountpoints are made before mounting",
                            exemptpath);
    return -1;
  }
  if (open_mountpoint_parent (exemptpath, &p) == -1)
    return -1;
  r = mkdirat (p.dirfd, p.name, 0755);
  if (r == -1)
    reply_with_perror ("%s", exemptpath);
  sysroot_parent_release (&p);
  return r;
}

/* True if the directory dirfd has no entries but "." and "..". */
static bool
dir_is_empty (int dirfd)
{
  int fd = openat (dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  struct dirent *e;
  bool empty = true;
  DIR *d;

  if (fd == -1)
    return false;
  d = fdopendir (fd);
  if (d == NULL) {
    close (fd);
    return false;
  }
  while ((e = readdir (d)) != NULL) {
    if (strcmp (e->d_name, ".") != 0 && strcmp (e->d_name, "..") != 0) {
      empty = false;
      break;
    }
  }
  closedir (d);
  return empty;
}

int
do_rmmountpoint (const char *exemptpath)
{
  struct sysroot_parent p;
  int r;

  if (!sysroot_is_our_tmpfs ()) {
    reply_with_error_errno (ENOENT, "%s: no mountpoint made by mkmountpoint",
                            exemptpath);
    return -1;
  }
  if (open_mountpoint_parent (exemptpath, &p) == -1)
    return -1;
  r = unlinkat (p.dirfd, p.name, AT_REMOVEDIR);
  if (r == -1)
    reply_with_perror ("%s", exemptpath);
  sysroot_parent_release (&p);
  if (r == 0) {
    int root = open (sysroot, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    /* The last one gone: the appliance is back as it was. */
    if (root >= 0) {
      bool empty = dir_is_empty (root);

      close (root);
      if (empty && umount2 (sysroot, UMOUNT_NOFOLLOW) == -1) {
        reply_with_perror ("unmounting the mountpoints' tmpfs");
        return -1;
      }
    }
  }
  return r;
}
