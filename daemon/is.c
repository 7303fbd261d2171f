/* careen - offline disk-image toolkit */

/**
 * Tests on guest paths: exists, is_file and is_dir.  A path that does
 * not exist is simply "false"; only real failures are errors.
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
