/* careen - offline disk-image toolkit */

/**
 * Bulk data: copy_device_to_device, copy_device_to_file,
 * copy_file_to_device, copy_file_to_file (byte ranges between files and
 * devices, with progress), and fill, fill_pattern and fill_dir.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* Bytes moved per read and write. */
#define COPY_CHUNK (1024 * 1024)

/* Bulk writes and device reads are direct (direct-io.c); appends
 * stay cached: they land at the end of the file, rarely aligned.
 */

/* One end of a copy. */
struct endpoint {
  const char *name;
  bool device;
  int fd;
  struct stat st;
};

static int
open_endpoint (struct endpoint *e, int flags, bool dest)
{
  if (e->device)
    e->fd = open (e->name, flags | O_CLOEXEC);
  else
    e->fd = open_guest_file (e->name, flags, dest ? 0666 : 0);
  if (e->fd == -1 || fstat (e->fd, &e->st) == -1) {
    reply_with_perror ("%s", e->name);
    if (e->fd >= 0)
      close (e->fd);
    e->fd = -1;
    return -1;
  }
  if (S_ISDIR (e->st.st_mode)) {
    reply_with_error_errno (EISDIR, "%s: is a directory", e->name);
    close (e->fd);
    e->fd = -1;
    return -1;
  }
  return 0;
}

/* Size of a file or block device, for progress and the default size. */
static int64_t
endpoint_size (const struct endpoint *e)
{
  uint64_t size;

  if (S_ISBLK (e->st.st_mode)) {
    if (ioctl (e->fd, BLKGETSIZE64, &size) == -1)
      return -1;
    return (int64_t) size;
  }
  return e->st.st_size;
}

/* True if the guest path name exists and is the file st describes. */
static bool
is_same_file (const char *name, const struct stat *st)
{
  struct stat st2;
  int fd = sysroot_open (name, O_PATH, 0);
  bool ret;

  if (fd == -1)
    return false;
  ret = fstat (fd, &st2) == 0 && st2.st_dev == st->st_dev &&
    st2.st_ino == st->st_ino;
  close (fd);
  return ret;
}

static bool
all_zero (const char *p, size_t n)
{
  return n == 0 || (p[0] == 0 && memcmp (p, p + 1, n - 1) == 0);
}

/* The four copy calls.  size < 0: to the end of the source. */
static int
copy_range (struct endpoint *src, struct endpoint *dest, int64_t srcoffset,
            int64_t destoffset, int64_t size, bool sparse, bool append)
{
  CLEANUP_FREE char *buf = NULL;
  int64_t total, done = 0;
  int flags = O_WRONLY;
  struct stat st;
  int r = -1;

  if (srcoffset < 0 || destoffset < 0) {
    reply_with_error_errno (EINVAL, "offsets must not be negative");
    return -1;
  }
  if (append && dest->device) {
    reply_with_error_errno (EINVAL, "%s: append cannot be used with a "
                            "device", dest->name);
    return -1;
  }
  buf = direct_io_buffer (COPY_CHUNK);
  if (buf == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  if (open_endpoint (src, O_RDONLY, false) == -1)
    return -1;

  if (!dest->device) {
    flags |= O_CREAT;
    if (append)
      flags |= O_APPEND;
    /* Truncate, except when dest is src itself: a copy within one file
     * would otherwise destroy what it copies.
     */
    else if (!is_same_file (dest->name, &src->st))
      flags |= O_TRUNC;
  }
  if (open_endpoint (dest, flags, true) == -1)
    goto out_src;

  if (!append) {
    if (src->device)
      direct_io_set (src->fd);
    direct_io_set (dest->fd);
  }

  total = size;
  if (total < 0) {
    total = endpoint_size (src);
    if (total == -1) {
      reply_with_perror ("%s", src->name);
      goto out_dest;
    }
    total = total > srcoffset ? total - srcoffset : 0;
  }
  while (done < total) {
    size_t n = total - done > COPY_CHUNK ? COPY_CHUNK : (size_t) (total - done);
    ssize_t got = pread (src->fd, buf, n, srcoffset + done);
    size_t put = 0;

    if (got == -1 && (errno == EINTR ||
                      (errno == EINVAL && direct_io_drop (src->fd))))
      continue;
    if (got == -1) {
      reply_with_perror ("read: %s", src->name);
      goto out_dest;
    }
    if (got == 0) {
      if (size < 0)
        break;
      reply_with_error_errno (ERANGE, "%s: end of input after %" PRIi64
                              " bytes of %" PRIi64, src->name, done, size);
      goto out_dest;
    }
    if (sparse && !append && all_zero (buf, got))
      put = got;
    while (put < (size_t) got) {
      ssize_t w = append ? write (dest->fd, buf + put, got - put)
        : pwrite (dest->fd, buf + put, got - put, destoffset + done + put);

      if (w == -1 && (errno == EINTR ||
                      (errno == EINVAL && direct_io_drop (dest->fd))))
        continue;
      if (w == -1) {
        reply_with_perror ("write: %s", dest->name);
        goto out_dest;
      }
      put += w;
    }
    done += got;
    notify_progress (done, total);
  }
  /* Skipped zeroes at the end still make the file that long. */
  if (sparse && !append && !dest->device && fstat (dest->fd, &st) == 0 &&
      st.st_size < destoffset + done &&
      ftruncate (dest->fd, destoffset + done) == -1) {
    reply_with_perror ("truncate: %s", dest->name);
    goto out_dest;
  }
  r = 0;
 out_dest:
  if (close (dest->fd) == -1 && r == 0) {
    reply_with_perror ("close: %s", dest->name);
    r = -1;
  }
 out_src:
  close (src->fd);
  return r;
}

/* The bits of the optional arguments are the same for the four calls
 * (srcoffset, destoffset, size, sparse, append in that order).
 */
static int
copy_call (const char *srcname, bool srcdev, const char *destname,
           bool destdev, int64_t srcoffset, int64_t destoffset,
           int64_t size, int sparse, int append)
{
  struct endpoint src = { .name = srcname, .device = srcdev, .fd = -1 };
  struct endpoint dest = { .name = destname, .device = destdev, .fd = -1 };

  if (optargs_bitmask & GUESTFS_COPY_FILE_TO_FILE_SIZE_BITMASK) {
    if (size < 0) {
      reply_with_error_errno (EINVAL, "size must not be negative");
      return -1;
    }
    /* Every offset reached must be representable. */
    if (srcoffset > INT64_MAX - size || destoffset > INT64_MAX - size) {
      reply_with_error_errno (EINVAL, "offset + size overflows");
      return -1;
    }
  }
  else
    size = -1;
  return copy_range (&src, &dest, srcoffset, destoffset, size, sparse,
                     append);
}

int
do_copy_device_to_device (const char *src, const char *dest,
                          int64_t srcoffset, int64_t destoffset,
                          int64_t size, int sparse, int append)
{
  return copy_call (src, true, dest, true, srcoffset, destoffset, size,
                    sparse, append);
}

int
do_copy_device_to_file (const char *src, const char *dest,
                        int64_t srcoffset, int64_t destoffset,
                        int64_t size, int sparse, int append)
{
  return copy_call (src, true, dest, false, srcoffset, destoffset, size,
                    sparse, append);
}

int
do_copy_file_to_device (const char *src, const char *dest,
                        int64_t srcoffset, int64_t destoffset,
                        int64_t size, int sparse, int append)
{
  return copy_call (src, false, dest, true, srcoffset, destoffset, size,
                    sparse, append);
}

int
do_copy_file_to_file (const char *src, const char *dest,
                      int64_t srcoffset, int64_t destoffset,
                      int64_t size, int sparse, int append)
{
  return copy_call (src, false, dest, false, srcoffset, destoffset, size,
                    sparse, append);
}

/* Writes len bytes of pattern (repeated) to a new or emptied path. */
static int
fill_file (const char *pattern, size_t plen, int len, const char *path)
{
  CLEANUP_FREE char *buf = NULL;
  int64_t done = 0;
  int fd;

  if (len < 0) {
    reply_with_error_errno (EINVAL, "%s: length must not be negative", path);
    return -1;
  }
  /* The pattern is laid out once, one period longer than a chunk, so
   * that every chunk is a slice of it starting at (done % plen): a
   * per-byte loop over the whole length was the cost of fill under TCG.
   */
  buf = direct_io_buffer (COPY_CHUNK + plen);
  if (buf == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  if (plen == 1)
    memset (buf, pattern[0], COPY_CHUNK + plen);
  else {
    size_t i;

    for (i = 0; i < COPY_CHUNK + plen; i += plen)
      memcpy (buf + i, pattern,
              COPY_CHUNK + plen - i < plen ? COPY_CHUNK + plen - i : plen);
  }
  fd = open_guest_file (path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  direct_io_set (fd);
  while (done < len) {
    size_t n = len - done > COPY_CHUNK ? COPY_CHUNK : (size_t) (len - done);
    const char *start = buf + (size_t) (done % plen);
    size_t put = 0;

    while (put < n) {
      ssize_t w = write (fd, start + put, n - put);

      if (w == -1 && (errno == EINTR ||
                      (errno == EINVAL && direct_io_drop (fd))))
        continue;
      if (w == -1) {
        reply_with_perror ("write: %s", path);
        close (fd);
        return -1;
      }
      put += w;
    }
    done += n;
    notify_progress (done, len);
  }
  if (close (fd) == -1) {
    reply_with_perror ("close: %s", path);
    return -1;
  }
  return 0;
}

int
do_fill (int c, int len, const char *path)
{
  char b;

  if (c < 0 || c > 255) {
    reply_with_error_errno (EINVAL, "%d: byte value must be 0 to 255", c);
    return -1;
  }
  b = (char) c;
  return fill_file (&b, 1, len, path);
}

int
do_fill_pattern (const char *pattern, int len, const char *path)
{
  if (pattern[0] == '\0') {
    reply_with_error_errno (EINVAL, "the pattern must not be empty");
    return -1;
  }
  return fill_file (pattern, strlen (pattern), len, path);
}

int
do_fill_dir (const char *dir, int nr)
{
  char name[32];
  int dirfd, fd, i;

  if (nr < 0) {
    reply_with_error_errno (EINVAL, "%d: number of files must not be "
                            "negative", nr);
    return -1;
  }
  dirfd = sysroot_open (dir, O_PATH | O_DIRECTORY, 0);
  if (dirfd == -1) {
    reply_with_perror ("%s", dir);
    return -1;
  }
  for (i = 0; i < nr; ++i) {
    snprintf (name, sizeof name, "%08d", i);
    /* O_NOFOLLOW: a guest symlink already called 00000001 must not send
     * the open anywhere.
     */
    fd = openat (dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
                 O_NOCTTY | O_NONBLOCK | O_CLOEXEC, 0666);
    if (fd == -1) {
      reply_with_perror ("%s/%s", dir, name);
      close (dirfd);
      return -1;
    }
    close (fd);
  }
  close (dirfd);
  return 0;
}
