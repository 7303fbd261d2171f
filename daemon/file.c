/* careen - offline disk-image toolkit */

/**
 * Whole-file calls: touch, write, write_append, rm and rm_rf (cat,
 * read_file and read_lines are library calls over download).  Files are opened through sysroot_open, so
 * a guest symlink is followed only inside the guest.
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

int
do_touch (const char *path)
{
  struct sysroot_parent p;
  struct stat st;
  int fd;

  /* Like libguestfs, only regular files (or nothing yet) are touched:
   * not directories, devices, nor symlinks.
   */
  if (sysroot_open_parent (path, &p) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (fstatat (p.dirfd, p.name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
      !S_ISREG (st.st_mode)) {
    sysroot_parent_release (&p);
    reply_with_error_errno (EINVAL, "%s: touch can only be used on a "
                            "regular file", path);
    return -1;
  }
  sysroot_parent_release (&p);

  /* O_NONBLOCK: a guest FIFO must not hang the daemon. */
  fd = sysroot_open (path, O_WRONLY | O_CREAT | O_NOCTTY | O_NONBLOCK, 0666);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (futimens (fd, NULL) == -1) {
    reply_with_perror ("futimens: %s", path);
    close (fd);
    return -1;
  }
  if (close (fd) == -1) {
    reply_with_perror ("close: %s", path);
    return -1;
  }
  return 0;
}

static int
write_file (const char *path, const char *content, size_t size, int flags)
{
  int fd;
  size_t done = 0;

  fd = sysroot_open (path, O_WRONLY | O_CREAT | O_NOCTTY | flags, 0666);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  while (done < size) {
    ssize_t r = write (fd, content + done, size - done);
    if (r == -1) {
      if (errno == EINTR)
        continue;
      reply_with_perror ("write: %s", path);
      close (fd);
      return -1;
    }
    done += r;
  }
  /* Delayed allocation errors (ENOSPC) can surface only here. */
  if (close (fd) == -1) {
    reply_with_perror ("close: %s", path);
    return -1;
  }
  return 0;
}

int
do_write (const char *path, const char *content, size_t content_size)
{
  return write_file (path, content, content_size, O_TRUNC);
}

int
do_write_append (const char *path, const char *content, size_t content_size)
{
  return write_file (path, content, content_size, O_APPEND);
}

int
do_rm (const char *path)
{
  struct sysroot_parent p;

  if (sysroot_open_parent (path, &p) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (unlinkat (p.dirfd, p.name, 0) == -1) {
    reply_with_perror ("%s", path);
    sysroot_parent_release (&p);
    return -1;
  }
  sysroot_parent_release (&p);
  return 0;
}

/* Recursive removal with rm(1), given the resolved parent and the final
 * name unresolved, so a final symlink is removed, not followed.  A path
 * that does not exist is not an error, as with rm -rf.
 */
int
do_rm_rf (const char *path)
{
  CLEANUP_FREE char *target = NULL, *err = NULL;
  const char *base;
  size_t n = strlen (path);

  while (n > 1 && path[n-1] == '/')
    n--;
  base = memrchr (path, '/', n);
  base = base ? base + 1 : path;
  /* "/", "." and ".." would remove a whole tree the user did not name. */
  if (n <= 1 || strncmp (base, ".", n - (base - path)) == 0 ||
      strncmp (base, "..", n - (base - path)) == 0) {
    reply_with_error_errno (EINVAL, "%s: refusing to remove this path", path);
    return -1;
  }

  target = sysroot_parent_path (path);
  if (target == NULL) {
    if (errno == ENOENT || errno == ENOTDIR)
      return 0;
    reply_with_perror ("%s", path);
    return -1;
  }
  if (command (NULL, &err, "rm", "-rf", "--", target, NULL) == -1)
    return command_error ("rm", err);
  return 0;
}
