/* careen - offline disk-image toolkit */

/**
 * File metadata with nanosecond times: statns, lstatns and lstatnslist.
 * Paths are resolved inside the guest (sysroot.c); the l* forms look at
 * a final symbolic link itself.
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

static void
fill_statns (struct guestfs_statns *r, const struct stat *st)
{
  memset (r, 0, sizeof *r);
  r->st_dev = st->st_dev;
  r->st_ino = st->st_ino;
  r->st_mode = st->st_mode;
  r->st_nlink = st->st_nlink;
  r->st_uid = st->st_uid;
  r->st_gid = st->st_gid;
  r->st_rdev = st->st_rdev;
  r->st_size = st->st_size;
  r->st_blksize = st->st_blksize;
  r->st_blocks = st->st_blocks;
  r->st_atime_sec = st->st_atim.tv_sec;
  r->st_atime_nsec = st->st_atim.tv_nsec;
  r->st_mtime_sec = st->st_mtim.tv_sec;
  r->st_mtime_nsec = st->st_mtim.tv_nsec;
  r->st_ctime_sec = st->st_ctim.tv_sec;
  r->st_ctime_nsec = st->st_ctim.tv_nsec;
}

struct guestfs_statns *
do_statns (const char *path)
{
  struct guestfs_statns *r;
  struct stat st;
  int fd;

  fd = sysroot_open (path, O_PATH, 0);
  if (fd == -1 || fstat (fd, &st) == -1) {
    reply_with_perror ("%s", path);
    if (fd >= 0)
      close (fd);
    return NULL;
  }
  close (fd);
  r = malloc (sizeof *r);
  if (r == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  fill_statns (r, &st);
  return r;
}

struct guestfs_statns *
do_lstatns (const char *path)
{
  struct guestfs_statns *r;
  struct stat st;

  if (sysroot_lstat (path, &st) == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  r = malloc (sizeof *r);
  if (r == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  fill_statns (r, &st);
  return r;
}

/* "dir" + "/" + "name", without doubling the slash after "/".  NULL
 * (errno set) on failure.
 */
char *
join_guest_path (const char *dir, const char *name)
{
  char *r;
  size_t n = strlen (dir);

  if (asprintf (&r, "%s%s%s", dir, n > 0 && dir[n-1] == '/' ? "" : "/",
                name) == -1)
    return NULL;
  return r;
}

/* A name of a *list call must be one entry of the directory: a slash
 * would let it reach anywhere in the guest (harmless, since paths stay
 * inside it, but not what the call means).
 */
bool
valid_entry_name (const char *name)
{
  return name[0] != '\0' && strchr (name, '/') == NULL;
}

struct guestfs_statns_list *
do_lstatnslist (const char *path, char *const *names)
{
  struct guestfs_statns_list *r;
  size_t i, n = strings_count (names);
  int fd;

  /* The directory itself must be there: a wrong path is an error, not
   * a list of failed entries.
   */
  fd = sysroot_open (path, O_PATH | O_DIRECTORY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  close (fd);

  r = malloc (sizeof *r);
  if (r == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  r->len = n;
  r->val = calloc (n > 0 ? n : 1, sizeof r->val[0]);
  if (r->val == NULL) {
    reply_with_perror ("malloc");
    free (r);
    return NULL;
  }
  for (i = 0; i < n; ++i) {
    CLEANUP_FREE char *full = NULL;
    struct stat st;

    if (valid_entry_name (names[i]) &&
        (full = join_guest_path (path, names[i])) != NULL &&
        sysroot_lstat (full, &st) == 0)
      fill_statns (&r->val[i], &st);
    else
      r->val[i].st_ino = -1;
  }
  return r;
}
