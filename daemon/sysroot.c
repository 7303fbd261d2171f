/* careen - offline disk-image toolkit */

/**
 * Guest paths.  The guest's filesystems are mounted under sysroot, and a
 * guest path "/etc/fstab" means sysroot + "/etc/fstab" with every
 * symlink and ".." resolved as if sysroot were the root directory: a
 * hostile guest's "/etc -> /proc/self/root/..." or "../../.." must never
 * reach the appliance's own files.  The kernel does that resolution for
 * us: openat2 with RESOLVE_IN_ROOT on a descriptor of sysroot.  Each
 * call opens sysroot afresh because a descriptor taken before a mount
 * on sysroot would still point at the directory underneath.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "daemon.h"

int
check_pathname (const char *path)
{
  if (path[0] != '/') {
    reply_with_error_errno (EINVAL, "%s: path must start with a / character",
                            path);
    return -1;
  }
  /* The kernel would say ENAMETOOLONG later anyway; say it first, with
   * the path cut, rather than echo 64 KiB back in the message.
   */
  if (strlen (path) >= PATH_MAX) {
    reply_with_error_errno (ENAMETOOLONG, "%.64s...: path too long", path);
    return -1;
  }
  return 0;
}

static int
open_root (void)
{
  return open (sysroot, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

/* openat2 relative to rootfd, resolving as if rootfd were "/". */
static int
openat_in_root (int rootfd, const char *path, int flags, unsigned mode)
{
  struct open_how how = {
    .flags = (unsigned) flags | O_CLOEXEC,
    .mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0,
    /* Magic links (/proc/self/fd/N) would lead straight out of the
     * root; a guest has no business using them.
     */
    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
  };
  long r;

  while (*path == '/')
    path++;
  if (*path == '\0')
    path = ".";
  do
    r = syscall (SYS_openat2, rootfd, path, &how, sizeof how);
  while (r == -1 && errno == EAGAIN);  /* a concurrent rename: retry */
  return (int) r;
}

int
sysroot_open (const char *path, int flags, unsigned mode)
{
  int rootfd, fd, err;

  rootfd = open_root ();
  if (rootfd == -1)
    return -1;
  fd = openat_in_root (rootfd, path, flags, mode);
  err = errno;
  close (rootfd);
  errno = err;
  return fd;
}

int
sysroot_open_parent (const char *path, struct sysroot_parent *p)
{
  CLEANUP_FREE char *copy = strdup (path);
  char *slash, *name;
  size_t n;
  int err;

  p->dirfd = -1;
  p->name = NULL;
  if (copy == NULL)
    return -1;

  /* "/a/b/" names "b". */
  n = strlen (copy);
  while (n > 1 && copy[n-1] == '/')
    copy[--n] = '\0';

  slash = strrchr (copy, '/');
  name = slash ? slash + 1 : copy;
  if (*name == '\0' || strcmp (name, ".") == 0 || strcmp (name, "..") == 0) {
    /* No final name to act on: the directory itself. */
    p->dirfd = sysroot_open (copy, O_PATH | O_DIRECTORY, 0);
    name = (char *) ".";
  }
  else {
    if (slash)
      *slash = '\0';
    p->dirfd = sysroot_open (slash && slash != copy ? copy : "/",
                             O_PATH | O_DIRECTORY, 0);
  }
  if (p->dirfd == -1)
    return -1;
  p->name = strdup (name);
  if (p->name == NULL) {
    err = errno;
    close (p->dirfd);
    p->dirfd = -1;
    errno = err;
    return -1;
  }
  return 0;
}

void
sysroot_parent_release (struct sysroot_parent *p)
{
  if (p->dirfd >= 0)
    close (p->dirfd);
  free (p->name);
  p->dirfd = -1;
  p->name = NULL;
}

char *
sysroot_fd_path (int fd)
{
  char link[64];
  CLEANUP_FREE char *buf = malloc (PATH_MAX + 1);
  ssize_t n;
  char *ret;

  if (buf == NULL)
    return NULL;
  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink (link, buf, PATH_MAX);
  if (n == -1)
    return NULL;
  if (n >= PATH_MAX) {
    errno = ENAMETOOLONG;
    return NULL;
  }
  buf[n] = '\0';
  /* openat2 guarantees this; checked again because a tool will be
   * given this path with root privileges.
   */
  if (strncmp (buf, sysroot, sysroot_len) != 0 ||
      (buf[sysroot_len] != '/' && buf[sysroot_len] != '\0')) {
    errno = EXDEV;
    return NULL;
  }
  ret = strdup (buf);
  return ret;
}

char *
sysroot_realpath (const char *path)
{
  int fd, err;
  char *ret;

  fd = sysroot_open (path, O_PATH, 0);
  if (fd == -1)
    return NULL;
  ret = sysroot_fd_path (fd);
  err = errno;
  close (fd);
  errno = err;
  return ret;
}

char *
sysroot_dir_for_program (const char *directory)
{
  struct stat st;
  char *hp;
  int fd;

  fd = sysroot_open (directory, O_PATH, 0);
  if (fd == -1 || fstat (fd, &st) == -1) {
    reply_with_perror ("%s", directory);
    if (fd >= 0)
      close (fd);
    return NULL;
  }
  if (!S_ISDIR (st.st_mode)) {
    reply_with_error_errno (ENOTDIR, "%s: %s", directory, strerror (ENOTDIR));
    close (fd);
    return NULL;
  }
  hp = sysroot_fd_path (fd);
  if (hp == NULL)
    reply_with_perror ("%s", directory);
  close (fd);
  return hp;
}

char *
sysroot_parent_path (const char *path)
{
  struct sysroot_parent p;
  CLEANUP_FREE char *dir = NULL;
  char *ret;
  int err;

  if (sysroot_open_parent (path, &p) == -1)
    return NULL;
  dir = sysroot_fd_path (p.dirfd);
  err = errno;
  if (dir == NULL) {
    sysroot_parent_release (&p);
    errno = err;
    return NULL;
  }
  if (strcmp (p.name, ".") == 0)
    ret = strdup (dir);
  else if (asprintf (&ret, "%s/%s", dir, p.name) == -1)
    ret = NULL;
  err = errno;
  sysroot_parent_release (&p);
  errno = err;
  return ret;
}

char *
sysroot_to_guest (const char *host_path)
{
  if (strncmp (host_path, sysroot, sysroot_len) != 0) {
    errno = EINVAL;
    return NULL;
  }
  if (host_path[sysroot_len] == '\0')
    return strdup ("/");
  if (host_path[sysroot_len] != '/') {
    errno = EINVAL;
    return NULL;
  }
  return strdup (host_path + sysroot_len);
}

void
sysroot_strip_line (char *line)
{
  char *p = line;

  while ((p = strstr (p, sysroot)) != NULL) {
    char *after = p + sysroot_len;

    /* A path argument of the tool: starts the line or follows a space,
     * and is sysroot itself or below it.
     */
    if ((p == line || p[-1] == ' ') &&
        (*after == '/' || *after == '\0' || *after == ' ' ||
         *after == '\n')) {
      if (*after == '/')
        memmove (p, after, strlen (after) + 1);
      else {
        memmove (p + 1, after, strlen (after) + 1);
        *p = '/';
      }
      p++;
      continue;
    }
    p++;
  }
}

int
sysroot_lstat (const char *path, struct stat *st)
{
  struct sysroot_parent p;
  int r, err;

  if (sysroot_open_parent (path, &p) == -1)
    return -1;
  r = fstatat (p.dirfd, p.name, st, AT_SYMLINK_NOFOLLOW);
  err = errno;
  sysroot_parent_release (&p);
  errno = err;
  return r;
}
