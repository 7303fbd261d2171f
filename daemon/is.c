/* careen - offline disk-image toolkit */

/**
 * Tests on guest paths: exists, is_file, is_dir, is_symlink and the
 * special files (is_blockdev, is_chardev, is_fifo, is_socket).  A path
 * that does not exist is simply "false"; only real failures are errors.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* lstat or stat (inside the guest) of path.  Returns 1 with *st set,
 * 0 if the path does not exist, -1 after replying.
 */
static int
guest_stat (const char *path, bool follow, struct stat *st)
{
  int r, err;

  if (follow) {
    int fd = sysroot_open (path, O_PATH, 0);
    if (fd == -1)
      r = -1;
    else {
      r = fstat (fd, st);
      err = errno;
      close (fd);
      errno = err;
    }
  }
  else {
    struct sysroot_parent p;

    r = sysroot_open_parent (path, &p);
    if (r == 0) {
      r = fstatat (p.dirfd, p.name, st, AT_SYMLINK_NOFOLLOW);
      err = errno;
      sysroot_parent_release (&p);
      errno = err;
    }
  }
  if (r == 0)
    return 1;
  /* ELOOP: a symlink cycle leads nowhere, so nothing is there. */
  if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP)
    return 0;
  reply_with_perror ("%s", path);
  return -1;
}

int
do_exists (const char *path)
{
  struct stat st;

  return guest_stat (path, true, &st);
}

int
do_is_file (const char *path, int followsymlinks)
{
  struct stat st;
  bool follow = (optargs_bitmask & GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS_BITMASK) &&
    followsymlinks;
  int r = guest_stat (path, follow, &st);

  if (r <= 0)
    return r;
  return S_ISREG (st.st_mode);
}

int
do_is_dir (const char *path, int followsymlinks)
{
  struct stat st;
  bool follow = (optargs_bitmask & GUESTFS_IS_DIR_OPTS_FOLLOWSYMLINKS_BITMASK) &&
    followsymlinks;
  int r = guest_stat (path, follow, &st);

  if (r <= 0)
    return r;
  return S_ISDIR (st.st_mode);
}

int
do_is_symlink (const char *path)
{
  struct stat st;
  int r = guest_stat (path, false, &st);

  if (r <= 0)
    return r;
  return S_ISLNK (st.st_mode);
}

/* The test of the file type mode bits shared by the is_* calls with a
 * followsymlinks optional argument (bit is that argument's bitmask).
 */
static int
is_type (const char *path, uint64_t bit, int followsymlinks, mode_t type)
{
  struct stat st;
  bool follow = (optargs_bitmask & bit) && followsymlinks;
  int r = guest_stat (path, follow, &st);

  if (r <= 0)
    return r;
  return (st.st_mode & S_IFMT) == type;
}

int
do_is_blockdev (const char *path, int followsymlinks)
{
  return is_type (path, GUESTFS_IS_BLOCKDEV_OPTS_FOLLOWSYMLINKS_BITMASK,
                  followsymlinks, S_IFBLK);
}

int
do_is_chardev (const char *path, int followsymlinks)
{
  return is_type (path, GUESTFS_IS_CHARDEV_OPTS_FOLLOWSYMLINKS_BITMASK,
                  followsymlinks, S_IFCHR);
}

int
do_is_fifo (const char *path, int followsymlinks)
{
  return is_type (path, GUESTFS_IS_FIFO_OPTS_FOLLOWSYMLINKS_BITMASK,
                  followsymlinks, S_IFIFO);
}

int
do_is_socket (const char *path, int followsymlinks)
{
  return is_type (path, GUESTFS_IS_SOCKET_OPTS_FOLLOWSYMLINKS_BITMASK,
                  followsymlinks, S_IFSOCK);
}
