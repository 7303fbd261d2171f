/* careen - offline disk-image toolkit */

/**
 * Deprecated calls kept for programs written against older APIs:
 * stat, lstat, lstatlist, fallocate, dd, copy_size, write_file and
 * zfile.  Each is expressed through the call that replaced it, so the
 * two cannot drift apart.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <magic.h>

#include "daemon.h"

/* Most decompressed bytes zfile shows libmagic: more than any of its
 * tests looks at.
 */
#define ZFILE_MAX_BYTES (1024 * 1024)

static void
stat_from_statns (struct guestfs_stat *r, const struct guestfs_statns *s)
{
  r->dev = s->st_dev;
  r->ino = s->st_ino;
  r->mode = s->st_mode;
  r->nlink = s->st_nlink;
  r->uid = s->st_uid;
  r->gid = s->st_gid;
  r->rdev = s->st_rdev;
  r->size = s->st_size;
  r->blksize = s->st_blksize;
  r->blocks = s->st_blocks;
  r->atime = s->st_atime_sec;
  r->mtime = s->st_mtime_sec;
  r->ctime = s->st_ctime_sec;
}

/* Converts a statns result (freed here); NULL passes a failure on. */
static struct guestfs_stat *
stat_result (struct guestfs_statns *s)
{
  struct guestfs_stat *r;

  if (s == NULL)
    return NULL;
  r = malloc (sizeof *r);
  if (r == NULL)
    reply_with_perror ("malloc");
  else
    stat_from_statns (r, s);
  guestfs_free_statns (s);
  return r;
}

struct guestfs_stat *
do_stat (const char *path)
{
  return stat_result (do_statns (path));
}

struct guestfs_stat *
do_lstat (const char *path)
{
  return stat_result (do_lstatns (path));
}

struct guestfs_stat_list *
do_lstatlist (const char *path, char *const *names)
{
  struct guestfs_statns_list *l = do_lstatnslist (path, names);
  struct guestfs_stat_list *r;
  uint32_t i;

  if (l == NULL)
    return NULL;
  r = malloc (sizeof *r);
  if (r != NULL) {
    r->len = l->len;
    r->val = calloc (l->len > 0 ? l->len : 1, sizeof r->val[0]);
    if (r->val == NULL) {
      free (r);
      r = NULL;
    }
  }
  if (r == NULL) {
    reply_with_perror ("malloc");
    guestfs_free_statns_list (l);
    return NULL;
  }
  for (i = 0; i < l->len; ++i)
    stat_from_statns (&r->val[i], &l->val[i]);
  guestfs_free_statns_list (l);
  return r;
}

int
do_fallocate (const char *path, int len)
{
  return do_fallocate64 (path, len);
}

/* dd and copy_size are the copy_*_to_* calls with or without their
 * size argument: those read which optional arguments the caller gave
 * from the call's bitmask, so it is set here as a caller of theirs
 * would have.
 */
static int
copy_whole_or_size (const char *src, const char *dest, bool has_size,
                    int64_t size)
{
  bool srcdev = strncmp (src, "/dev/", 5) == 0;
  bool destdev = strncmp (dest, "/dev/", 5) == 0;

  optargs_bitmask = has_size ? GUESTFS_COPY_DEVICE_TO_DEVICE_SIZE_BITMASK : 0;
  if (srcdev && destdev)
    return do_copy_device_to_device (src, dest, 0, 0, size, 0, 0);
  if (srcdev)
    return do_copy_device_to_file (src, dest, 0, 0, size, 0, 0);
  if (destdev)
    return do_copy_file_to_device (src, dest, 0, 0, size, 0, 0);
  return do_copy_file_to_file (src, dest, 0, 0, size, 0, 0);
}

int
do_dd (const char *src, const char *dest)
{
  return copy_whole_or_size (src, dest, false, 0);
}

int
do_copy_size (const char *src, const char *dest, int64_t size)
{
  if (size < 0) {
    reply_with_error_errno (EINVAL, "size must not be negative");
    return -1;
  }
  return copy_whole_or_size (src, dest, true, size);
}

int
do_write_file (const char *path, const char *content, int size)
{
  size_t len = strlen (content);

  if (size < 0) {
    reply_with_error_errno (EINVAL, "%s: size must not be negative", path);
    return -1;
  }
  /* The string crossed the protocol up to its NUL: there is nothing
   * after it to write.
   */
  if ((size_t) size > len) {
    reply_with_error_errno (EINVAL, "%s: size %d is larger than the "
                            "content (%zu bytes)", path, size, len);
    return -1;
  }
  return do_write (path, content, size == 0 ? len : (size_t) size);
}

char *
do_zfile (const char *meth, const char *path)
{
  CLEANUP_FREE char *buf = NULL, *err = NULL;
  CLEANUP_CLOSE int fd = -1;
  const char *prog, *desc;
  struct filter f;
  size_t n = 0;
  magic_t m;
  char *r;

  /* gzip also decompresses the old compress(1) format. */
  if (strcmp (meth, "gzip") == 0 || strcmp (meth, "compress") == 0)
    prog = "gzip";
  else if (strcmp (meth, "bzip2") == 0)
    prog = "bzip2";
  else {
    reply_with_error_errno (EINVAL, "%s: unknown compression method "
                            "(expected gzip, compress or bzip2)", meth);
    return NULL;
  }
  if (require_program (prog) == -1)
    return NULL;
  fd = open_guest_file (path, O_RDONLY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  buf = malloc (ZFILE_MAX_BYTES);
  if (buf == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  {
    const char *argv[] = { prog, "-dc", NULL };

    if (filter_start (&f, argv, fd, FILTER_PIPE, -1) == -1) {
      reply_with_perror ("%s", prog);
      return NULL;
    }
  }
  while (n < ZFILE_MAX_BYTES) {
    ssize_t got = filter_read (&f, buf + n, ZFILE_MAX_BYTES - n);

    if (got == -1 && errno == EINTR)
      continue;
    if (got == -1) {
      reply_with_perror ("%s: %s", path, prog);
      filter_kill (&f);
      return NULL;
    }
    if (got == 0)
      break;
    n += got;
  }
  if (n == ZFILE_MAX_BYTES)
    /* Enough seen: the rest of the data does not matter. */
    filter_kill (&f);
  else if (filter_finish (&f, &err) == -1) {
    /* gzip's status 2 is a warning (trailing garbage) with all the
     * data out; anything it could not decompress gives no bytes.
     */
    if (n == 0) {
      reply_with_error ("%s: %s: %s", path, prog,
                        err && *err ? err : "decompression failed");
      return NULL;
    }
  }
  m = daemon_magic (MAGIC_ERROR);
  if (m == NULL) {
    reply_with_perror ("libmagic");
    return NULL;
  }
  desc = magic_buffer (m, buf, n);
  if (desc == NULL) {
    reply_with_error ("%s: %s", path, magic_error (m));
    return NULL;
  }
  r = strdup (desc);
  if (r == NULL)
    reply_with_perror ("strdup");
  return r;
}
