/** careen - offline disk-image toolkit
 *
 * copy_in and copy_out: a file or directory tree copied between the
 * host and the guest, one entry at a time through the API (upload,
 * download, mkdir, ln_s ...), keeping its last path component as its
 * name in the target directory.
 *
 * Entry by entry rather than through tar so that the library never
 * runs a host tool on guest data: copy_out's names and link targets
 * come from the guest and are hostile.  Every local object is made
 * relative to a descriptor of its directory, each directory opened
 * with O_NOFOLLOW from its parent's, so no symbolic link (made by the
 * guest's data or already there) is ever followed and nothing lands
 * outside the target directory.  Names are single directory entries:
 * "", ".", ".." and names with a "/" are refused.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs-internal.h"

/* Deepest directory nesting copied: each level holds a descriptor
 * open, and a hostile guest can nest directories without end.
 */
#define COPY_MAX_DEPTH 256

/* The last component of path ("/a/b/" gives "b"), newly allocated, or
 * NULL (errno EINVAL) when there is none ("/", ".", "..").
 */
static char *
last_component (const char *path)
{
  size_t end = strlen (path), start;
  char *r;

  while (end > 0 && path[end - 1] == '/')
    end--;
  start = end;
  while (start > 0 && path[start - 1] != '/')
    start--;
  if (end == start ||
      (end - start == 1 && path[start] == '.') ||
      (end - start == 2 && path[start] == '.' && path[start + 1] == '.')) {
    errno = EINVAL;
    return NULL;
  }
  r = strndup (path + start, end - start);
  return r;
}

/* "dir/name", without doubling a slash. */
static char *
join (guestfs_h *g, const char *dir, const char *name)
{
  size_t n = strlen (dir);
  char *r;

  if (asprintf (&r, "%s%s%s", dir, n > 0 && dir[n - 1] == '/' ? "" : "/",
                name) == -1)
    guestfs_int_oom (g);
  return r;
}

static bool
plain_name (const char *name)
{
  return name[0] != '\0' && strchr (name, '/') == NULL &&
    strcmp (name, ".") != 0 && strcmp (name, "..") != 0;
}

/* ---- copy_in ---- */

static int copy_in_entry (guestfs_h *g, int dirfd, const char *name,
                          const char *local, const char *target, int depth);

/* Owner, mode and times of the copy, from st.  For a symlink only the
 * owner and times (its mode means nothing).
 */
static int
copy_in_attrs (guestfs_h *g, const struct stat *st, const char *target)
{
  if (guestfs_lchown (g, st->st_uid, st->st_gid, target) == -1)
    return -1;
  if (!S_ISLNK (st->st_mode) &&
      guestfs_chmod (g, st->st_mode & 07777, target) == -1)
    return -1;
  return guestfs_utimens (g, target, st->st_atim.tv_sec, st->st_atim.tv_nsec,
                          st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
}

static int
copy_in_dir (guestfs_h *g, int parentfd, const char *name,
             const char *local, const char *target, int depth)
{
  struct dirent *e;
  DIR *d;
  int fd, r = 0;

  if (depth >= COPY_MAX_DEPTH) {
    guestfs_int_error_errno (g, ELOOP, "%s: directories nested too deeply "
                             "(more than %d)", local, COPY_MAX_DEPTH);
    return -1;
  }
  r = guestfs_is_dir (g, target);
  if (r == -1)
    return -1;
  if (r == 0 && guestfs_mkdir (g, target) == -1)
    return -1;
  fd = openat (parentfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
               O_CLOEXEC);
  if (fd == -1) {
    perrorf (g, "%s", local);
    return -1;
  }
  d = fdopendir (fd);
  if (d == NULL) {
    perrorf (g, "%s", local);
    close (fd);
    return -1;
  }
  r = 0;
  for (;;) {
    CLEANUP_FREE char *sublocal = NULL, *subtarget = NULL;

    errno = 0;
    e = readdir (d);
    if (e == NULL) {
      if (errno != 0) {
        perrorf (g, "%s", local);
        r = -1;
      }
      break;
    }
    if (!plain_name (e->d_name))
      continue;
    sublocal = join (g, local, e->d_name);
    subtarget = join (g, target, e->d_name);
    if (copy_in_entry (g, dirfd (d), e->d_name, sublocal, subtarget,
                       depth + 1) == -1) {
      r = -1;
      break;
    }
  }
  closedir (d);
  return r;
}

/* Copies the local entry name of dirfd (called local in messages) to
 * the guest path target.
 */
static int
copy_in_entry (guestfs_h *g, int dirfd, const char *name, const char *local,
               const char *target, int depth)
{
  struct stat st;

  if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
    perrorf (g, "%s", local);
    return -1;
  }
  if (S_ISREG (st.st_mode)) {
    char fdname[32];
    int fd, r;

    fd = openat (dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd == -1) {
      perrorf (g, "%s", local);
      return -1;
    }
    snprintf (fdname, sizeof fdname, "/dev/fd/%d", fd);
    r = guestfs_upload (g, fdname, target);
    close (fd);
    if (r == -1)
      return -1;
  }
  else if (S_ISDIR (st.st_mode)) {
    if (copy_in_dir (g, dirfd, name, local, target, depth) == -1)
      return -1;
  }
  else if (S_ISLNK (st.st_mode)) {
    CLEANUP_FREE char *link = malloc (st.st_size + 1);
    ssize_t n;

    if (link == NULL)
      guestfs_int_oom (g);
    n = readlinkat (dirfd, name, link, st.st_size + 1);
    if (n == -1) {
      perrorf (g, "%s", local);
      return -1;
    }
    if (n > st.st_size) {
      guestfs_int_error_errno (g, EAGAIN, "%s: symbolic link changed while "
                               "being copied", local);
      return -1;
    }
    link[n] = '\0';
    if (guestfs_ln_sf (g, link, target) == -1)
      return -1;
  }
  else {
    debug (g, "copy_in: %s: not a file, directory or symbolic link: "
           "left out", local);
    return 0;
  }
  return copy_in_attrs (g, &st, target);
}

int
guestfs_impl_copy_in (guestfs_h *g, const char *localpath,
                      const char *remotedir)
{
  CLEANUP_FREE char *name = NULL, *target = NULL;
  int r;

  r = guestfs_is_dir (g, remotedir);
  if (r == -1)
    return -1;
  if (r == 0) {
    guestfs_int_error_errno (g, ENOTDIR, "%s: not a directory in the guest",
                             remotedir);
    return -1;
  }
  name = last_component (localpath);
  if (name == NULL) {
    guestfs_int_error_errno (g, EINVAL, "%s: cannot tell the name of the copy",
                             localpath);
    return -1;
  }
  target = join (g, remotedir, name);
  return copy_in_entry (g, AT_FDCWD, localpath, localpath, target, 0);
}

/* ---- copy_out ---- */

static int copy_out_entry (guestfs_h *g, const char *remote,
                           const struct guestfs_statns *st,
                           const char *linktarget, int dirfd,
                           const char *name, int depth);

static void
times_of (const struct guestfs_statns *st, struct timespec ts[2])
{
  ts[0].tv_sec = st->st_atime_sec;
  ts[0].tv_nsec = st->st_atime_nsec;
  ts[1].tv_sec = st->st_mtime_sec;
  ts[1].tv_nsec = st->st_mtime_nsec;
}

/* Permissions given to copies: setuid and setgid would hand out the
 * guest's privileges to whoever runs the file on the host.
 */
static mode_t
safe_mode (int64_t mode)
{
  return (mode_t) mode & 01777;
}

static int
copy_out_file (guestfs_h *g, const char *remote,
               const struct guestfs_statns *st, int dirfd, const char *name)
{
  struct timespec ts[2];
  struct stat lst;
  char fdname[32];
  int fd, r;

  /* An existing symbolic link could point anywhere on the host. */
  if (fstatat (dirfd, name, &lst, AT_SYMLINK_NOFOLLOW) == 0 &&
      S_ISLNK (lst.st_mode)) {
    guestfs_int_error_errno (g, EEXIST, "%s: a symbolic link is in the way "
                             "on the host; not replacing it", name);
    return -1;
  }
  fd = openat (dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
               O_NOCTTY | O_CLOEXEC, 0600);
  if (fd == -1) {
    perrorf (g, "%s", name);
    return -1;
  }
  snprintf (fdname, sizeof fdname, "/dev/fd/%d", fd);
  r = guestfs_download (g, remote, fdname);
  if (r == -1) {
    /* A partial copy must not look like a complete one. */
    close (fd);
    unlinkat (dirfd, name, 0);
    return -1;
  }
  times_of (st, ts);
  if (fchmod (fd, safe_mode (st->st_mode)) == -1 ||
      futimens (fd, ts) == -1) {
    perrorf (g, "%s", name);
    close (fd);
    return -1;
  }
  if (close (fd) == -1) {
    perrorf (g, "close: %s", name);
    return -1;
  }
  return 0;
}

static int
copy_out_dir (guestfs_h *g, const char *remote,
              const struct guestfs_statns *st, int dirfd, const char *name,
              int depth)
{
  CLEANUP_FREE_STRING_LIST char **names = NULL, **links = NULL;
  struct guestfs_statns_list *sts = NULL;
  struct timespec ts[2];
  size_t i, n;
  int fd, r = -1;

  if (depth >= COPY_MAX_DEPTH) {
    guestfs_int_error_errno (g, ELOOP, "%s: directories nested too deeply "
                             "(more than %d)", remote, COPY_MAX_DEPTH);
    return -1;
  }
  /* Owner-writable while it is filled; its own mode comes last. */
  if (mkdirat (dirfd, name, 0700) == -1 && errno != EEXIST) {
    perrorf (g, "mkdir: %s", name);
    return -1;
  }
  fd = openat (dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1) {
    perrorf (g, "%s", name);
    return -1;
  }
  names = guestfs_ls (g, remote);
  if (names == NULL)
    goto out;
  for (n = 0; names[n] != NULL; ++n)
    ;
  sts = guestfs_lstatnslist (g, remote, names);
  if (sts == NULL)
    goto out;
  links = guestfs_readlinklist (g, remote, names);
  if (links == NULL)
    goto out;
  if (sts->len != n) {
    guestfs_int_error_errno (g, EPROTO, "%s: %zu names but %u results",
                             remote, n, sts->len);
    goto out;
  }
  for (i = 0; i < n; ++i) {
    CLEANUP_FREE char *sub = NULL;

    /* Vanished since it was listed, or a name that is not one entry. */
    if (sts->val[i].st_ino == -1 || !plain_name (names[i]))
      continue;
    sub = join (g, remote, names[i]);
    if (copy_out_entry (g, sub, &sts->val[i], links[i] ? links[i] : "", fd,
                        names[i], depth + 1) == -1)
      goto out;
  }
  times_of (st, ts);
  if (fchmod (fd, safe_mode (st->st_mode)) == -1 ||
      futimens (fd, ts) == -1) {
    perrorf (g, "%s", name);
    goto out;
  }
  r = 0;
 out:
  guestfs_free_statns_list (sts);
  close (fd);
  return r;
}

/* Copies the guest entry remote (its lstat in st, its target in
 * linktarget if it is a symbolic link) to name in the local directory
 * dirfd.
 */
static int
copy_out_entry (guestfs_h *g, const char *remote,
                const struct guestfs_statns *st, const char *linktarget,
                int dirfd, const char *name, int depth)
{
  if (S_ISREG (st->st_mode))
    return copy_out_file (g, remote, st, dirfd, name);
  if (S_ISDIR (st->st_mode))
    return copy_out_dir (g, remote, st, dirfd, name, depth);
  if (S_ISLNK (st->st_mode)) {
    struct timespec ts[2];
    struct stat lst;

    if (linktarget[0] == '\0') {
      guestfs_int_error_errno (g, EINVAL, "%s: cannot read the symbolic "
                               "link", remote);
      return -1;
    }
    if (fstatat (dirfd, name, &lst, AT_SYMLINK_NOFOLLOW) == 0 &&
        !S_ISDIR (lst.st_mode) && unlinkat (dirfd, name, 0) == -1) {
      perrorf (g, "%s", name);
      return -1;
    }
    if (symlinkat (linktarget, dirfd, name) == -1) {
      perrorf (g, "symlink: %s", name);
      return -1;
    }
    times_of (st, ts);
    if (utimensat (dirfd, name, ts, AT_SYMLINK_NOFOLLOW) == -1) {
      perrorf (g, "%s", name);
      return -1;
    }
    return 0;
  }
  debug (g, "copy_out: %s: not a file, directory or symbolic link: "
         "left out", remote);
  return 0;
}

int
guestfs_impl_copy_out (guestfs_h *g, const char *remotepath,
                       const char *localdir)
{
  CLEANUP_FREE char *name = NULL, *link = NULL;
  struct guestfs_statns *st;
  int localfd, r;

  localfd = open (localdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (localfd == -1) {
    perrorf (g, "%s", localdir);
    return -1;
  }
  name = last_component (remotepath);
  if (name == NULL) {
    guestfs_int_error_errno (g, EINVAL, "%s: cannot tell the name of the copy",
                             remotepath);
    close (localfd);
    return -1;
  }
  st = guestfs_lstatns (g, remotepath);
  if (st == NULL) {
    close (localfd);
    return -1;
  }
  if (S_ISLNK (st->st_mode) &&
      (link = guestfs_readlink (g, remotepath)) == NULL) {
    guestfs_free_statns (st);
    close (localfd);
    return -1;
  }
  r = copy_out_entry (g, remotepath, st, link ? link : "", localfd, name, 0);
  guestfs_free_statns (st);
  close (localfd);
  return r;
}
