/* careen - offline disk-image toolkit */

/**
 * Directories: mkdir, mkdir_p, rmdir, ls, ll, llz, ls0 and readdir.
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

#include "daemon.h"

/* Most names ls returns: the reply must fit in one message anyway, and
 * this bounds the memory a hostile directory can make us use first.
 */
#define LS_MAX_ENTRIES PROTO_MAX_LIST

int
do_mkdir (const char *path)
{
  struct sysroot_parent p;

  if (sysroot_open_parent (path, &p) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (mkdirat (p.dirfd, p.name, 0777) == -1) {
    reply_with_perror ("%s", path);
    sysroot_parent_release (&p);
    return -1;
  }
  sysroot_parent_release (&p);
  return 0;
}

/* Makes one directory if it is not there; an existing directory (or a
 * symlink to one inside the guest) is fine, anything else is not.
 */
static int
mkdir_one (const char *prefix, const char *path)
{
  struct sysroot_parent p;
  int fd;

  fd = sysroot_open (prefix, O_PATH | O_DIRECTORY, 0);
  if (fd >= 0) {
    close (fd);
    return 0;
  }
  if (errno != ENOENT) {
    reply_with_perror ("%s", prefix);
    return -1;
  }
  if (sysroot_open_parent (prefix, &p) == -1) {
    reply_with_perror ("%s", prefix);
    return -1;
  }
  if (mkdirat (p.dirfd, p.name, 0777) == -1 && errno != EEXIST) {
    reply_with_perror ("%s", prefix);
    sysroot_parent_release (&p);
    return -1;
  }
  sysroot_parent_release (&p);
  return 0;
}

int
do_mkdir_p (const char *path)
{
  CLEANUP_FREE char *prefix = strdup (path);
  size_t i, n;

  if (prefix == NULL) {
    reply_with_perror ("strdup");
    return -1;
  }
  n = strlen (path);
  /* Each prefix that ends before a "/", then the whole path. */
  for (i = 1; i <= n; ++i) {
    if (i < n && path[i] != '/')
      continue;
    if (path[i-1] == '/')
      continue;                 /* "//" */
    memcpy (prefix, path, i);
    prefix[i] = '\0';
    if (mkdir_one (prefix, path) == -1)
      return -1;
  }
  return 0;
}

int
do_rmdir (const char *path)
{
  struct sysroot_parent p;

  if (sysroot_open_parent (path, &p) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (unlinkat (p.dirfd, p.name, AT_REMOVEDIR) == -1) {
    reply_with_perror ("%s", path);
    sysroot_parent_release (&p);
    return -1;
  }
  sysroot_parent_release (&p);
  return 0;
}

char **
do_ls (const char *directory)
{
  struct stringsbuf sb;
  DIR *dir;
  struct dirent *d;
  int fd;
  char **r;

  fd = sysroot_open (directory, O_RDONLY | O_DIRECTORY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", directory);
    return NULL;
  }
  dir = fdopendir (fd);
  if (dir == NULL) {
    reply_with_perror ("%s", directory);
    close (fd);
    return NULL;
  }
  stringsbuf_init (&sb);
  errno = 0;
  while ((d = readdir (dir)) != NULL) {
    if (strcmp (d->d_name, ".") == 0 || strcmp (d->d_name, "..") == 0)
      continue;
    if (sb.size >= LS_MAX_ENTRIES) {
      reply_with_error_errno (E2BIG, "%s: too many entries", directory);
      goto out_release;
    }
    if (stringsbuf_add_string (&sb, d->d_name) == -1) {
      reply_with_perror ("%s", directory);
      goto out_release;
    }
    errno = 0;
  }
  if (errno != 0) {
    reply_with_perror ("readdir: %s", directory);
    goto out_release;
  }
  closedir (dir);

  r = stringsbuf_finish (&sb);
  if (r == NULL) {
    reply_with_perror ("%s", directory);
    return NULL;
  }
  strings_sort (r);
  return r;

 out_release:
  closedir (dir);
  stringsbuf_release (&sb);
  return NULL;
}

/* "ls FLAGS" output, with the sysroot prefix removed from the path that
 * ls prints when given a file.  The final component is not followed,
 * as ls does with a symlink argument.
 */
static char *
long_listing (const char *directory, const char *flags)
{
  CLEANUP_FREE char *target = NULL, *out = NULL, *err = NULL;
  char *line, *next, *r;
  size_t rlen = 0;

  struct sysroot_parent p;
  struct stat st;

  /* Checked here so that a missing path is ENOENT, not ls's message. */
  if (sysroot_open_parent (directory, &p) == -1) {
    reply_with_perror ("%s", directory);
    return NULL;
  }
  if (fstatat (p.dirfd, p.name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
    reply_with_perror ("%s", directory);
    sysroot_parent_release (&p);
    return NULL;
  }
  sysroot_parent_release (&p);

  target = sysroot_parent_path (directory);
  if (target == NULL) {
    reply_with_perror ("%s", directory);
    return NULL;
  }
  if (command (&out, &err, "ls", flags, "--", target, NULL) == -1) {
    command_error ("ls", err);
    return NULL;
  }
  r = malloc (strlen (out) + 2);
  if (r == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  for (line = out; line && *line; line = next) {
    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    sysroot_strip_line (line);
    rlen += sprintf (r + rlen, "%s\n", line);
  }
  r[rlen] = '\0';
  return r;
}

char *
do_ll (const char *directory)
{
  return long_listing (directory, "-la");
}

char *
do_llz (const char *directory)
{
  return long_listing (directory, "-laZ");
}

/* Opens a guest directory for reading its entries.  Replies and
 * returns NULL on error.
 */
static DIR *
open_guest_dir (const char *dir)
{
  DIR *d;
  int fd;

  fd = sysroot_open (dir, O_RDONLY | O_DIRECTORY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", dir);
    return NULL;
  }
  d = fdopendir (fd);
  if (d == NULL) {
    reply_with_perror ("%s", dir);
    close (fd);
  }
  return d;
}

/* Names go out in chunks of this size (one protocol chunk). */
#define LS0_BUFFER PROTO_MAX_CHUNK

int
do_ls0 (const char *dir)
{
  CLEANUP_FREE char *buf = malloc (LS0_BUFFER);
  size_t used = 0;
  struct dirent *d;
  DIR *dp;

  if (buf == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  dp = open_guest_dir (dir);
  if (dp == NULL)
    return -1;
  errno = 0;
  while ((d = readdir (dp)) != NULL) {
    size_t n = strlen (d->d_name) + 1;

    if (strcmp (d->d_name, ".") == 0 || strcmp (d->d_name, "..") == 0) {
      errno = 0;
      continue;
    }
    /* A name is at most NAME_MAX bytes, far less than the buffer. */
    if (used + n > LS0_BUFFER) {
      if (send_file_write (buf, used) == -1)
        goto out_send_error;
      used = 0;
    }
    memcpy (buf + used, d->d_name, n);
    used += n;
    errno = 0;
  }
  if (errno != 0) {
    reply_with_perror ("readdir: %s", dir);
    closedir (dp);
    return -1;
  }
  closedir (dp);
  if (used > 0 && send_file_write (buf, used) == -1) {
    dp = NULL;
    goto out_send_error;
  }
  send_file_end (0);
  return 0;

 out_send_error:
  if (errno == ECANCELED)
    reply_with_error_errno (ECANCELED, "%s: listing cancelled", dir);
  else
    reply_with_perror ("%s", dir);
  if (dp)
    closedir (dp);
  return -1;
}

static char
dirent_type (unsigned char t)
{
  switch (t) {
  case DT_BLK: return 'b';
  case DT_CHR: return 'c';
  case DT_DIR: return 'd';
  case DT_FIFO: return 'f';
  case DT_LNK: return 'l';
  case DT_REG: return 'r';
  case DT_SOCK: return 's';
  case DT_UNKNOWN: return 'u';
  default: return '?';
  }
}

struct guestfs_dirent_list *
do_readdir (const char *dir)
{
  struct guestfs_dirent_list *r;
  size_t alloc = 0;
  struct dirent *d;
  DIR *dp;

  r = calloc (1, sizeof *r);
  if (r == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  dp = open_guest_dir (dir);
  if (dp == NULL) {
    free (r);
    return NULL;
  }
  errno = 0;
  while ((d = readdir (dp)) != NULL) {
    struct guestfs_dirent *e;

    if (r->len >= LS_MAX_ENTRIES) {
      reply_with_error_errno (E2BIG, "%s: too many entries", dir);
      goto out_release;
    }
    if (vector_reserve ((void **) &r->val, &alloc, r->len, 1,
                        sizeof *r->val) == -1) {
      reply_with_perror ("malloc");
      goto out_release;
    }
    e = &r->val[r->len];
    e->name = strdup (d->d_name);
    if (e->name == NULL) {
      reply_with_perror ("malloc");
      goto out_release;
    }
    e->ino = d->d_ino;
    e->ftyp = dirent_type (d->d_type);
    r->len++;
    errno = 0;
  }
  if (errno != 0) {
    reply_with_perror ("readdir: %s", dir);
    goto out_release;
  }
  closedir (dp);
  return r;

 out_release:
  closedir (dp);
  guestfs_free_dirent_list (r);
  return NULL;
}
