/* careen - offline disk-image toolkit */

/**
 * Operations on one guest name: rm_f, mkdir_mode, mkdtemp, mktemp, the
 * link calls (ln, ln_f, ln_s, ln_sf, readlink, readlinklist, realpath),
 * attributes (chmod, chown, lchown, utimens), sizes (truncate,
 * truncate_size, fallocate64) and the daemon's umask.
 *
 * Every name is reached through sysroot.c: either the whole path is
 * opened with sysroot_open (following symlinks inside the guest), or
 * its parent directory is opened and the *at system calls act on the
 * final name itself.  A *at call is never given a name with a "/" in
 * it, since that would be resolved outside RESOLVE_IN_ROOT.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* Attempts at a free name before mkdtemp and mktemp give up: with 62^6
 * names, repeated collisions mean a guest directory full of decoys.
 */
#define TEMP_MAX_TRIES 100

/* The parent directory of path and its final name; replies on error. */
static int
open_parent (const char *path, struct sysroot_parent *p)
{
  if (sysroot_open_parent (path, p) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  return 0;
}

int
do_rm_f (const char *path)
{
  struct sysroot_parent p;
  int err;

  if (sysroot_open_parent (path, &p) == -1) {
    if (errno == ENOENT)
      return 0;
    reply_with_perror ("%s", path);
    return -1;
  }
  if (unlinkat (p.dirfd, p.name, 0) == -1 && errno != ENOENT) {
    err = errno;
    sysroot_parent_release (&p);
    errno = err;
    reply_with_perror ("%s", path);
    return -1;
  }
  sysroot_parent_release (&p);
  return 0;
}

int
do_mkdir_mode (const char *path, int mode)
{
  struct sysroot_parent p;
  int err;

  /* Bits above 07777 are ignored, as by mkdir(2). */
  if (mode < 0) {
    reply_with_error_errno (EINVAL, "%s: mode must not be negative", path);
    return -1;
  }
  if (open_parent (path, &p) == -1)
    return -1;
  if (mkdirat (p.dirfd, p.name, (mode_t) mode & 07777) == -1) {
    err = errno;
    sysroot_parent_release (&p);
    errno = err;
    reply_with_perror ("%s", path);
    return -1;
  }
  sysroot_parent_release (&p);
  return 0;
}

/* Replaces the six X's ending s with random letters and digits. */
static int
randomize_template (char *s)
{
  static const char chars[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  unsigned char r[6];
  size_t i, n = strlen (s);

  if (getrandom (r, sizeof r, 0) != (ssize_t) sizeof r)
    return -1;
  for (i = 0; i < 6; ++i)
    s[n - 6 + i] = chars[r[i] % (sizeof chars - 1)];
  return 0;
}

/* Creates a unique name from tmpl (a guest path whose final component
 * ends with XXXXXX): a directory, or a file with suffix appended.
 * Returns the guest path made, or NULL after replying.
 */
static char *
make_temp (const char *tmpl, bool dir, const char *suffix)
{
  struct sysroot_parent p;
  CLEANUP_FREE char *name = NULL;
  char *ret = NULL;
  const char *base = strrchr (tmpl, '/');
  size_t n = strlen (tmpl), nlen, slen = strlen (suffix);
  int i, fd;

  base = base ? base + 1 : tmpl;
  if (strlen (base) < 6 || strcmp (tmpl + n - 6, "XXXXXX") != 0) {
    reply_with_error_errno (EINVAL, "%s: template must end with XXXXXX",
                            tmpl);
    return NULL;
  }
  if (strchr (suffix, '/') != NULL) {
    reply_with_error_errno (EINVAL, "%s: suffix must not contain '/'",
                            suffix);
    return NULL;
  }
  if (open_parent (tmpl, &p) == -1)
    return NULL;
  nlen = strlen (p.name);
  if (asprintf (&name, "%s%s", p.name, suffix) == -1 ||
      asprintf (&ret, "%s%s", tmpl, suffix) == -1) {
    reply_with_perror ("asprintf");
    sysroot_parent_release (&p);
    free (ret);
    return NULL;
  }
  for (i = 0; i < TEMP_MAX_TRIES; ++i) {
    name[nlen] = '\0';
    if (randomize_template (name) == -1)
      break;
    memcpy (name + nlen, suffix, slen + 1);
    if (dir) {
      if (mkdirat (p.dirfd, name, 0700) == 0)
        goto made;
    }
    else {
      /* O_EXCL: an existing name, symlinks included, is never reused. */
      fd = openat (p.dirfd, name,
                   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY |
                   O_CLOEXEC, 0600);
      if (fd >= 0) {
        close (fd);
        goto made;
      }
    }
    if (errno != EEXIST)
      break;
  }
  if (i == TEMP_MAX_TRIES)
    errno = EEXIST;
  reply_with_perror ("%s", tmpl);
  sysroot_parent_release (&p);
  free (ret);
  return NULL;

 made:
  memcpy (ret + n - 6, name + nlen - 6, 6);
  sysroot_parent_release (&p);
  return ret;
}

char *
do_mkdtemp (const char *tmpl)
{
  return make_temp (tmpl, true, "");
}

char *
do_mktemp (const char *tmpl, const char *suffix)
{
  return make_temp (tmpl, false, suffix);
}

/* Where a new link goes: inside linkname when that is a directory
 * (named as the last component of target, as ln(1) does), else at
 * linkname itself.  Replies on error.
 */
static int
open_link_dest (const char *target, const char *linkname,
                struct sysroot_parent *p)
{
  const char *base;
  size_t n = strlen (target);
  int fd;

  fd = sysroot_open (linkname, O_PATH | O_DIRECTORY, 0);
  if (fd == -1)
    return open_parent (linkname, p);

  while (n > 1 && target[n-1] == '/')
    n--;
  base = memrchr (target, '/', n);
  base = base ? base + 1 : target;
  n -= base - target;
  if (n == 0 || (n == 1 && base[0] == '.') ||
      (n == 2 && base[0] == '.' && base[1] == '.')) {
    close (fd);
    reply_with_error_errno (EEXIST, "%s: is a directory", linkname);
    return -1;
  }
  p->dirfd = fd;
  p->name = strndup (base, n);
  if (p->name == NULL) {
    reply_with_perror ("strndup");
    sysroot_parent_release (p);
    return -1;
  }
  return 0;
}

/* ln, ln -f, ln -s, ln -sf.  As in libguestfs, a symbolic link made
 * on an existing directory goes inside it (ln(1) behaviour), while a
 * hard link is made at linkname itself (link(2) behaviour).
 */
static int
make_link (const char *target, const char *linkname, bool symbolic,
           bool force)
{
  struct sysroot_parent dest, src = { .dirfd = -1, .name = NULL };
  int r, err;

  if (symbolic ? open_link_dest (target, linkname, &dest)
               : open_parent (linkname, &dest))
    return -1;
  if (!symbolic && open_parent (target, &src) == -1) {
    sysroot_parent_release (&dest);
    return -1;
  }
  /* A directory in the way is not removed: the link then fails with
   * EEXIST.
   */
  if (force && unlinkat (dest.dirfd, dest.name, 0) == -1 &&
      errno != ENOENT && errno != EISDIR) {
    err = errno;
    reply_with_error_errno (err, "%s: cannot replace: %s", linkname,
                            strerror (err));
    r = -1;
    goto out;
  }
  if (symbolic)
    r = symlinkat (target, dest.dirfd, dest.name);
  else
    r = linkat (src.dirfd, src.name, dest.dirfd, dest.name, 0);
  if (r == -1)
    reply_with_perror ("%s", linkname);
 out:
  sysroot_parent_release (&src);
  sysroot_parent_release (&dest);
  return r;
}

int
do_ln (const char *target, const char *linkname)
{
  return make_link (target, linkname, false, false);
}

int
do_ln_f (const char *target, const char *linkname)
{
  return make_link (target, linkname, false, true);
}

int
do_ln_s (const char *target, const char *linkname)
{
  return make_link (target, linkname, true, false);
}

int
do_ln_sf (const char *target, const char *linkname)
{
  return make_link (target, linkname, true, true);
}

/* The contents of the symlink name in dirfd, or NULL with errno set. */
static char *
read_link_at (int dirfd, const char *name)
{
  char *buf = malloc (PATH_MAX + 1);
  ssize_t n;
  int err;

  if (buf == NULL)
    return NULL;
  n = readlinkat (dirfd, name, buf, PATH_MAX);
  if (n == -1 || n >= PATH_MAX) {
    err = n == -1 ? errno : ENAMETOOLONG;
    free (buf);
    errno = err;
    return NULL;
  }
  buf[n] = '\0';
  return buf;
}

char *
do_readlink (const char *path)
{
  struct sysroot_parent p;
  char *ret;
  int err;

  if (open_parent (path, &p) == -1)
    return NULL;
  ret = read_link_at (p.dirfd, p.name);
  err = errno;
  sysroot_parent_release (&p);
  if (ret == NULL) {
    errno = err;
    reply_with_perror ("%s", path);
  }
  return ret;
}

char **
do_readlinklist (const char *path, char *const *names)
{
  struct stringsbuf sb;
  size_t i;
  char **r;
  int dirfd;

  dirfd = sysroot_open (path, O_PATH | O_DIRECTORY, 0);
  if (dirfd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  stringsbuf_init (&sb);
  for (i = 0; names[i] != NULL; ++i) {
    CLEANUP_FREE char *target = NULL;
    const char *name = names[i];

    /* Only plain names of this directory: "a/b" or ".." would be
     * resolved by the kernel without the guest root's protection.
     */
    if (name[0] != '\0' && strchr (name, '/') == NULL &&
        strcmp (name, ".") != 0 && strcmp (name, "..") != 0)
      target = read_link_at (dirfd, name);
    if (stringsbuf_add_string (&sb, target ? target : "") == -1) {
      reply_with_perror ("malloc");
      stringsbuf_release (&sb);
      close (dirfd);
      return NULL;
    }
  }
  close (dirfd);
  r = stringsbuf_finish (&sb);
  if (r == NULL)
    reply_with_perror ("malloc");
  return r;
}

char *
do_realpath (const char *path)
{
  CLEANUP_FREE char *host = sysroot_realpath (path);
  char *ret;

  if (host == NULL) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  ret = sysroot_to_guest (host);
  if (ret == NULL)
    reply_with_perror ("%s", path);
  return ret;
}

int
do_chmod (int mode, const char *path)
{
  char link[64];
  int fd, r, err;

  /* Bits above 07777 are ignored, as by chmod(2). */
  if (mode < 0) {
    reply_with_error_errno (EINVAL, "%s: mode must not be negative", path);
    return -1;
  }
  fd = sysroot_open (path, O_PATH, 0);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  /* An O_PATH descriptor cannot be given to fchmod, and fchmodat has
   * no AT_EMPTY_PATH on this kernel: chmod through /proc acts on the
   * very inode that was opened.
   */
  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  r = chmod (link, (mode_t) mode & 07777);
  err = errno;
  close (fd);
  if (r == -1) {
    errno = err;
    reply_with_perror ("%s", path);
  }
  return r;
}

static int
change_owner (int owner, int group, const char *path, bool follow)
{
  struct sysroot_parent p;
  int r, err;

  if (follow) {
    p.dirfd = sysroot_open (path, O_PATH, 0);
    if (p.dirfd == -1) {
      reply_with_perror ("%s", path);
      return -1;
    }
    p.name = NULL;
    r = fchownat (p.dirfd, "", (uid_t) owner, (gid_t) group, AT_EMPTY_PATH);
  }
  else {
    if (open_parent (path, &p) == -1)
      return -1;
    r = fchownat (p.dirfd, p.name, (uid_t) owner, (gid_t) group,
                  AT_SYMLINK_NOFOLLOW);
  }
  err = errno;
  sysroot_parent_release (&p);
  if (r == -1) {
    errno = err;
    reply_with_perror ("%s", path);
  }
  return r;
}

int
do_chown (int owner, int group, const char *path)
{
  return change_owner (owner, group, path, true);
}

int
do_lchown (int owner, int group, const char *path)
{
  return change_owner (owner, group, path, false);
}

static int
convert_time (int64_t secs, int64_t nsecs, struct timespec *ts)
{
  if (nsecs == -1)
    ts->tv_nsec = UTIME_NOW;
  else if (nsecs == -2)
    ts->tv_nsec = UTIME_OMIT;
  else if (nsecs < 0 || nsecs >= 1000000000)
    return -1;
  else {
    ts->tv_sec = secs;
    ts->tv_nsec = nsecs;
  }
  return 0;
}

int
do_utimens (const char *path, int64_t atsecs, int64_t atnsecs,
            int64_t mtsecs, int64_t mtnsecs)
{
  struct timespec ts[2] = { { 0, 0 }, { 0, 0 } };
  struct sysroot_parent p;
  int r, err;

  if (convert_time (atsecs, atnsecs, &ts[0]) == -1 ||
      convert_time (mtsecs, mtnsecs, &ts[1]) == -1) {
    reply_with_error_errno (EINVAL, "%s: nanoseconds out of range", path);
    return -1;
  }
  if (open_parent (path, &p) == -1)
    return -1;
  r = utimensat (p.dirfd, p.name, ts, AT_SYMLINK_NOFOLLOW);
  err = errno;
  sysroot_parent_release (&p);
  if (r == -1) {
    errno = err;
    reply_with_perror ("%s", path);
  }
  return r;
}

/* ftruncate of an existing file. */
int
do_truncate_size (const char *path, int64_t size)
{
  int fd;

  if (size < 0) {
    reply_with_error_errno (EINVAL, "%s: size must not be negative", path);
    return -1;
  }
  fd = open_guest_file (path, O_WRONLY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (ftruncate (fd, size) == -1) {
    reply_with_perror ("truncate: %s", path);
    close (fd);
    return -1;
  }
  if (close (fd) == -1) {
    reply_with_perror ("close: %s", path);
    return -1;
  }
  return 0;
}

int
do_truncate (const char *path)
{
  return do_truncate_size (path, 0);
}

int
do_fallocate64 (const char *path, int64_t len)
{
  int fd, r;

  if (len < 0) {
    reply_with_error_errno (EINVAL, "%s: length must not be negative", path);
    return -1;
  }
  fd = open_guest_file (path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  /* posix_fallocate returns the error; a zero length is EINVAL there
   * but an empty file here.
   */
  if (len > 0 && (r = posix_fallocate (fd, 0, len)) != 0) {
    reply_with_error_errno (r, "fallocate: %s: %s", path, strerror (r));
    close (fd);
    return -1;
  }
  if (close (fd) == -1) {
    reply_with_perror ("close: %s", path);
    return -1;
  }
  return 0;
}

/* The umask is the daemon's own (main.c starts it at 022), so it
 * applies to every file and directory the daemon creates, by any call.
 */
int
do_umask (int mask)
{
  if (mask < 0 || mask > 0777) {
    reply_with_error_errno (EINVAL, "mask %#o is not between 0 and 0777",
                            (unsigned) mask);
    return -1;
  }
  return (int) umask ((mode_t) mask);
}

int
do_get_umask (void)
{
  mode_t m = umask (022);

  umask (m);
  return (int) m;
}
