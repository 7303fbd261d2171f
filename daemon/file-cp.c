/* careen - offline disk-image toolkit */

/**
 * Copying and moving inside the guest: cp, cp_r, cp_a and mv.
 *
 * cp(1) is not used: it would be given host path strings, and while
 * copying into an existing tree it opens names that the guest may have
 * made symlinks to anywhere in the appliance.  The tree is walked here
 * instead with descriptors: every source entry is opened relative to
 * its directory with O_NOFOLLOW, and every destination entry is created
 * relative to its directory with O_NOFOLLOW (an existing destination
 * symlink is replaced, never followed).
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "daemon.h"

/* Deepest directory nesting copied.  Each level holds two descriptors
 * open, and a guest can nest directories until PATH_MAX runs out; past
 * this depth the copy fails rather than run out of descriptors.
 */
#define COPY_MAX_DEPTH 256

/* Size of the buffer for the names of one file's extended attributes,
 * and for one value: the kernel's own limits (XATTR_LIST_MAX,
 * XATTR_SIZE_MAX), so no real attribute is too large.
 */
#define COPY_XATTR_LIST_MAX 65536
#define COPY_XATTR_SIZE_MAX 65536

/* Buffer for copying file data when copy_file_range cannot. */
#define COPY_BUFFER_SIZE (1024 * 1024)

/* Copies the rest of the open file src to dest (copy_file_range, else
 * read/write).  Silent: 0, or -1 with errno.
 */
static int
copy_fd_data (int src, int dest)
{
  CLEANUP_FREE char *buf = NULL;
  ssize_t r;

  /* In-kernel copy first (reflinks on filesystems that have them). */
  for (;;) {
    r = copy_file_range (src, NULL, dest, NULL, COPY_BUFFER_SIZE * 16, 0);
    if (r == 0)
      return 0;
    if (r == -1)
      break;
  }
  if (errno != EXDEV && errno != EINVAL && errno != ENOSYS &&
      errno != EOPNOTSUPP)
    return -1;

  buf = malloc (COPY_BUFFER_SIZE);
  if (buf == NULL)
    return -1;
  for (;;) {
    size_t done = 0;

    r = read (src, buf, COPY_BUFFER_SIZE);
    if (r == -1 && errno == EINTR)
      continue;
    if (r <= 0)
      return (int) r;
    while (done < (size_t) r) {
      ssize_t w = write (dest, buf + done, r - done);
      if (w == -1) {
        if (errno == EINTR)
          continue;
        return -1;
      }
      done += w;
    }
  }
}

/* Copies the extended attributes of src to dest (both open files).
 * Attributes the destination filesystem refuses are an error, as with
 * cp -a.
 */
static int
copy_xattrs (int src, int dest)
{
  CLEANUP_FREE char *names = malloc (COPY_XATTR_LIST_MAX);
  CLEANUP_FREE char *value = malloc (COPY_XATTR_SIZE_MAX);
  ssize_t len, vlen;
  char *name;

  if (names == NULL || value == NULL)
    return -1;
  len = flistxattr (src, names, COPY_XATTR_LIST_MAX);
  if (len == -1)
    return errno == ENOTSUP ? 0 : -1;
  for (name = names; name < names + len; name += strlen (name) + 1) {
    vlen = fgetxattr (src, name, value, COPY_XATTR_SIZE_MAX);
    if (vlen == -1)
      return -1;
    if (fsetxattr (dest, name, value, vlen, 0) == -1)
      return -1;
  }
  return 0;
}

/* cp -a: owner, mode, xattrs and times of an open destination.  The
 * owner goes first, since chown clears the set-id bits.
 */
static int
preserve_fd (int src, int dest, const struct stat *st)
{
  struct timespec ts[2] = { st->st_atim, st->st_mtim };

  if (fchown (dest, st->st_uid, st->st_gid) == -1 ||
      fchmod (dest, st->st_mode & 07777) == -1 ||
      copy_xattrs (src, dest) == -1 ||
      futimens (dest, ts) == -1)
    return -1;
  return 0;
}

/* Removes a non-directory destination that is in the way. */
static int
remove_existing (int ddir, const char *dname)
{
  struct stat st;

  if (fstatat (ddir, dname, &st, AT_SYMLINK_NOFOLLOW) == -1)
    return errno == ENOENT ? 0 : -1;
  if (S_ISDIR (st.st_mode)) {
    errno = EISDIR;
    return -1;
  }
  return unlinkat (ddir, dname, 0);
}

static int copy_entry (int sdir, const char *sname, int ddir,
                       const char *dname, bool preserve, int depth);

static int
copy_dir (int sdir, const char *sname, int ddir, const char *dname,
          const struct stat *st, bool preserve, int depth)
{
  DIR *d;
  struct dirent *ent;
  int sfd, dfd, r = 0, err;
  struct stat dst;

  if (depth >= COPY_MAX_DEPTH) {
    errno = ELOOP;
    return -1;
  }
  if (mkdirat (ddir, dname, preserve ? 0700 : st->st_mode & 07777) == -1) {
    /* Copying into an existing directory merges, like cp -r. */
    if (errno != EEXIST ||
        fstatat (ddir, dname, &dst, AT_SYMLINK_NOFOLLOW) == -1 ||
        !S_ISDIR (dst.st_mode)) {
      if (errno == 0 || errno == EEXIST)
        errno = EEXIST;
      return -1;
    }
  }
  dfd = openat (ddir, dname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dfd == -1)
    return -1;
  sfd = openat (sdir, sname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (sfd == -1 || (d = fdopendir (sfd)) == NULL) {
    err = errno;
    if (sfd >= 0)
      close (sfd);
    close (dfd);
    errno = err;
    return -1;
  }
  while (r == 0) {
    errno = 0;
    ent = readdir (d);
    if (ent == NULL) {
      if (errno != 0)
        r = -1;
      break;
    }
    if (strcmp (ent->d_name, ".") == 0 || strcmp (ent->d_name, "..") == 0)
      continue;
    r = copy_entry (dirfd (d), ent->d_name, dfd, ent->d_name, preserve,
                    depth + 1);
  }
  /* Attributes last: a read-only mode or the times would otherwise be
   * spoilt by the copy of the contents.
   */
  if (r == 0 && preserve)
    r = preserve_fd (dirfd (d), dfd, st);
  err = errno;
  closedir (d);
  close (dfd);
  errno = err;
  return r;
}

static int
copy_regular (int sdir, const char *sname, int ddir, const char *dname,
              const struct stat *st, bool preserve)
{
  int sfd, dfd, r, err;
  const int dflags = O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NOCTTY |
    O_CLOEXEC;

  sfd = openat (sdir, sname, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
  if (sfd == -1)
    return -1;
  dfd = openat (ddir, dname, dflags, st->st_mode & 0777);
  if (dfd == -1 && errno == ELOOP && remove_existing (ddir, dname) == 0)
    dfd = openat (ddir, dname, dflags, st->st_mode & 0777);
  if (dfd == -1) {
    err = errno;
    close (sfd);
    errno = err;
    return -1;
  }
  r = copy_fd_data (sfd, dfd);
  if (r == 0 && preserve)
    r = preserve_fd (sfd, dfd, st);
  err = errno;
  close (sfd);
  if (close (dfd) == -1 && r == 0)
    return -1;
  errno = err;
  return r;
}

static int
copy_entry (int sdir, const char *sname, int ddir, const char *dname,
            bool preserve, int depth)
{
  struct stat st, dst;

  if (fstatat (sdir, sname, &st, AT_SYMLINK_NOFOLLOW) == -1)
    return -1;
  /* A copy onto itself (a directory copied into its own parent, hard
   * links) would truncate what it is reading.
   */
  if (fstatat (ddir, dname, &dst, AT_SYMLINK_NOFOLLOW) == 0 &&
      dst.st_dev == st.st_dev && dst.st_ino == st.st_ino) {
    errno = EINVAL;
    return -1;
  }

  switch (st.st_mode & S_IFMT) {
  case S_IFDIR:
    return copy_dir (sdir, sname, ddir, dname, &st, preserve, depth);
  case S_IFREG:
    return copy_regular (sdir, sname, ddir, dname, &st, preserve);
  case S_IFLNK: {
    CLEANUP_FREE char *target = malloc (PATH_MAX + 1);
    ssize_t n;

    if (target == NULL)
      return -1;
    n = readlinkat (sdir, sname, target, PATH_MAX);
    if (n == -1)
      return -1;
    target[n] = '\0';
    if (remove_existing (ddir, dname) == -1 ||
        symlinkat (target, ddir, dname) == -1)
      return -1;
    break;
  }
  default:
    /* Devices, FIFOs and sockets are copied as nodes, as cp -r does. */
    if (remove_existing (ddir, dname) == -1 ||
        mknodat (ddir, dname, st.st_mode & (S_IFMT | 0777), st.st_rdev) == -1)
      return -1;
    if (preserve && fchmodat (ddir, dname, st.st_mode & 07777, 0) == -1)
      return -1;
    break;
  }
  if (preserve) {
    struct timespec ts[2] = { st.st_atim, st.st_mtim };

    if (fchownat (ddir, dname, st.st_uid, st.st_gid,
                  AT_SYMLINK_NOFOLLOW) == -1 ||
        utimensat (ddir, dname, ts, AT_SYMLINK_NOFOLLOW) == -1)
      return -1;
  }
  return 0;
}

/* The destination of a copy or move of src to dest: inside dest when
 * it is an existing directory (under the last name of src), else dest
 * itself.  Replies on error.
 */
static int
open_dest (const char *src, const char *dest, struct sysroot_parent *d)
{
  struct sysroot_parent s;
  int fd;

  fd = sysroot_open (dest, O_PATH | O_DIRECTORY, 0);
  if (fd == -1) {
    if (sysroot_open_parent (dest, d) == -1) {
      reply_with_perror ("%s", dest);
      return -1;
    }
    return 0;
  }
  if (sysroot_open_parent (src, &s) == -1) {
    reply_with_perror ("%s", src);
    close (fd);
    return -1;
  }
  close (s.dirfd);
  d->dirfd = fd;
  d->name = s.name;
  return 0;
}

/* True if the directory dirfd is src or inside it: copying src there
 * would never end.  Walks up ".." to the guest root.
 */
static bool
is_inside (int dirfd, const struct stat *src)
{
  struct stat st, root;
  int fd, up, i;
  bool ret = false;

  if (stat (sysroot, &root) == -1)
    return false;
  fd = dup (dirfd);
  for (i = 0; fd >= 0 && i < PATH_MAX / 2; ++i) {
    if (fstat (fd, &st) == -1)
      break;
    if (st.st_dev == src->st_dev && st.st_ino == src->st_ino) {
      ret = true;
      break;
    }
    if (st.st_dev == root.st_dev && st.st_ino == root.st_ino)
      break;
    up = openat (fd, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
    close (fd);
    fd = up;
  }
  if (fd >= 0)
    close (fd);
  return ret;
}

static int
copy_tree (const char *src, const char *dest, bool preserve)
{
  struct sysroot_parent s, d;
  struct stat st;
  int r = -1;

  if (sysroot_open_parent (src, &s) == -1) {
    reply_with_perror ("%s", src);
    return -1;
  }
  if (fstatat (s.dirfd, s.name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
    reply_with_perror ("%s", src);
    sysroot_parent_release (&s);
    return -1;
  }
  if (open_dest (src, dest, &d) == -1) {
    sysroot_parent_release (&s);
    return -1;
  }
  if (S_ISDIR (st.st_mode) && is_inside (d.dirfd, &st))
    reply_with_error_errno (EINVAL, "cannot copy '%s' into itself ('%s')",
                            src, dest);
  else if (copy_entry (s.dirfd, s.name, d.dirfd, d.name, preserve, 0) == -1)
    reply_with_perror ("copying '%s' to '%s'", src, dest);
  else
    r = 0;
  sysroot_parent_release (&s);
  sysroot_parent_release (&d);
  return r;
}

int
do_cp_a (const char *src, const char *dest)
{
  return copy_tree (src, dest, true);
}

int
do_cp_r (const char *src, const char *dest)
{
  return copy_tree (src, dest, false);
}

/* Plain cp: one file, following symlinks on both sides (inside the
 * guest), into dest or into the directory dest.
 */
int
do_cp (const char *src, const char *dest)
{
  CLEANUP_FREE char *target = NULL;
  struct stat st, dst;
  const char *base;
  int sfd, dfd, fd, r;

  /* Directories (EISDIR) are for cp_r and cp_a; special files would
   * be the appliance's devices.
   */
  sfd = open_guest_file (src, O_RDONLY, 0);
  if (sfd == -1) {
    reply_with_perror ("%s", src);
    return -1;
  }
  if (fstat (sfd, &st) == -1) {
    reply_with_perror ("%s", src);
    close (sfd);
    return -1;
  }
  fd = sysroot_open (dest, O_PATH | O_DIRECTORY, 0);
  if (fd >= 0) {
    close (fd);
    base = strrchr (src, '/');
    if (asprintf (&target, "%s/%s", dest, base ? base + 1 : src) == -1) {
      reply_with_perror ("asprintf");
      close (sfd);
      return -1;
    }
  }
  else if ((target = strdup (dest)) == NULL) {
    reply_with_perror ("strdup");
    close (sfd);
    return -1;
  }
  /* Before O_TRUNC: copying a file onto itself would empty it. */
  fd = sysroot_open (target, O_PATH, 0);
  if (fd >= 0) {
    r = fstat (fd, &dst);
    close (fd);
    if (r == 0 && dst.st_dev == st.st_dev && dst.st_ino == st.st_ino) {
      reply_with_error_errno (EINVAL, "'%s' and '%s' are the same file",
                              src, target);
      close (sfd);
      return -1;
    }
  }
  dfd = open_guest_file (target, O_WRONLY | O_CREAT | O_TRUNC,
                         st.st_mode & 0777);
  if (dfd == -1) {
    reply_with_perror ("%s", target);
    close (sfd);
    return -1;
  }
  r = copy_fd_data (sfd, dfd);
  if (r == -1)
    reply_with_perror ("copying '%s' to '%s'", src, target);
  close (sfd);
  if (close (dfd) == -1 && r == 0) {
    reply_with_perror ("close: %s", target);
    r = -1;
  }
  return r;
}

int
do_mv (const char *src, const char *dest)
{
  struct sysroot_parent s, d;
  struct stat st;
  int r;

  if (sysroot_open_parent (src, &s) == -1) {
    reply_with_perror ("%s", src);
    return -1;
  }
  if (open_dest (src, dest, &d) == -1) {
    sysroot_parent_release (&s);
    return -1;
  }
  r = renameat (s.dirfd, s.name, d.dirfd, d.name);
  if (r == -1 && errno == EXDEV) {
    /* Another filesystem: copy, then remove the original. */
    r = fstatat (s.dirfd, s.name, &st, AT_SYMLINK_NOFOLLOW);
    if (r == 0)
      r = copy_entry (s.dirfd, s.name, d.dirfd, d.name, true, 0);
    if (r == 0) {
      sysroot_parent_release (&s);
      sysroot_parent_release (&d);
      return S_ISDIR (st.st_mode) ? do_rm_rf (src) : do_rm (src);
    }
  }
  if (r == -1)
    reply_with_perror ("moving '%s' to '%s'", src, dest);
  sysroot_parent_release (&s);
  sysroot_parent_release (&d);
  return r;
}
