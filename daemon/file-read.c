/* careen - offline disk-image toolkit */

/**
 * Reading parts of guest files and devices: head, head_n, tail, tail_n,
 * wc_l, wc_w, wc_c, filesize, pread, pread_device, pwrite,
 * pwrite_device, is_zero and is_zero_device.
 *
 * Files are streamed, never read whole: a guest log of gigabytes can be
 * tailed.  What is kept for the reply is bounded by DAEMON_MAX_READ
 * bytes and PROTO_MAX_LIST lines, and a line longer than a reply can
 * hold is an error, whatever the file's size.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* Bytes read from a file at a time. */
#define READ_CHUNK (64 * 1024)

/* Lines kept for a reply: a queue, so that tail can drop from the front.
 * bytes counts the characters held, to bound memory and the reply.
 */
struct lines {
  char **v;                     /* cap entries, lines at start..start+len */
  size_t start, len, cap;
  size_t bytes;
};

static void
lines_free (struct lines *l)
{
  size_t i;

  for (i = l->start; i < l->start + l->len; ++i)
    free (l->v[i]);
  free (l->v);
  l->v = NULL;
  l->start = l->len = l->cap = l->bytes = 0;
}

/* Appends a copy of line.  -1 with errno (EFBIG/E2BIG past the reply's
 * limits, ENOMEM).
 */
static int
lines_push (struct lines *l, const char *line, size_t n)
{
  char *s;

  if (l->len >= PROTO_MAX_LIST) {
    errno = E2BIG;
    return -1;
  }
  if (l->bytes + n + 1 > DAEMON_MAX_READ) {
    errno = EFBIG;
    return -1;
  }
  /* Room for this line and the NULL lines_finish adds: first by
   * moving the queue back to the front, else by growing it.
   */
  if (l->start + l->len + 2 > l->cap) {
    if (l->start > 0) {
      memmove (l->v, l->v + l->start, l->len * sizeof l->v[0]);
      l->start = 0;
    }
    if (vector_reserve ((void **) &l->v, &l->cap, l->len, 2,
                        sizeof l->v[0]) == -1)
      return -1;
  }
  s = strndup (line, n);
  if (s == NULL)
    return -1;
  l->v[l->start + l->len++] = s;
  l->bytes += n + 1;
  return 0;
}

/* Removes the first line; returns it (caller frees). */
static char *
lines_pop (struct lines *l)
{
  char *s = l->v[l->start];

  l->start++;
  l->len--;
  l->bytes -= strlen (s) + 1;
  return s;
}

/* The NULL-terminated list for the reply; l is emptied. */
static char **
lines_finish (struct lines *l)
{
  char **r;

  if (l->v == NULL) {
    r = calloc (1, sizeof r[0]);
    return r;
  }
  if (l->start > 0)
    memmove (l->v, l->v + l->start, l->len * sizeof l->v[0]);
  l->v[l->len] = NULL;
  r = l->v;
  l->v = NULL;
  l->start = l->len = l->cap = l->bytes = 0;
  return r;
}

/* Calls cb for each line of fd (without its "\n"; a last line without
 * one counts).  cb returns 0 to go on, 1 to stop, -1 on error (errno
 * set).  Returns 0, or -1 with errno.
 */
static int
scan_lines (int fd, int (*cb) (void *opaque, const char *line, size_t n),
            void *opaque)
{
  CLEANUP_FREE char *chunk = malloc (READ_CHUNK);
  struct char_vector cur = VECTOR_INIT;
  int ret = -1;

  if (chunk == NULL)
    return -1;
  for (;;) {
    ssize_t r = read (fd, chunk, READ_CHUNK);
    char *p, *end, *nl;

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      goto out;
    if (r == 0)
      break;
    for (p = chunk, end = chunk + r; p < end; p = nl + 1) {
      size_t n;
      int c;

      nl = memchr (p, '\n', end - p);
      n = (nl ? nl : end) - p;
      if (cur.len + n > DAEMON_MAX_READ) {
        errno = EFBIG;
        goto out;
      }
      /* One more: an empty line must still pass a valid pointer. */
      if (char_vector_reserve (&cur, n + 1) == -1)
        goto out;
      memcpy (cur.ptr + cur.len, p, n);
      cur.len += n;
      if (nl == NULL)
        break;
      c = cb (opaque, cur.ptr, cur.len);
      cur.len = 0;
      if (c != 0) {
        ret = c == 1 ? 0 : -1;
        goto out;
      }
    }
  }
  if (cur.len > 0 && cb (opaque, cur.ptr, cur.len) == -1)
    goto out;
  ret = 0;
 out:
  char_vector_release (&cur);
  return ret;
}

struct head_tail {
  struct lines out;             /* the lines of the reply */
  struct lines held;            /* head -N: lines not known to be output */
  int64_t n;                    /* nrlines */
  int64_t lineno;               /* lines seen so far */
  bool tail;
};

static int
head_tail_line (void *opaque, const char *line, size_t len)
{
  struct head_tail *h = opaque;

  h->lineno++;
  if (!h->tail && h->n > 0) {
    if (lines_push (&h->out, line, len) == -1)
      return -1;
    return h->lineno >= h->n ? 1 : 0;
  }
  if (!h->tail) {
    /* All but the last -n lines: a line is output once -n later ones
     * have been seen.
     */
    if (lines_push (&h->held, line, len) == -1)
      return -1;
    if ((int64_t) h->held.len > -h->n) {
      CLEANUP_FREE char *s = lines_pop (&h->held);
      if (lines_push (&h->out, s, strlen (s)) == -1)
        return -1;
    }
    return 0;
  }
  if (h->n > 0) {
    /* The last n lines: drop from the front as the window moves. */
    if ((int64_t) h->out.len == h->n)
      free (lines_pop (&h->out));
    return lines_push (&h->out, line, len);
  }
  /* From line -n on (tail -n +K). */
  if (h->lineno >= -h->n)
    return lines_push (&h->out, line, len);
  return 0;
}

static char **
head_tail (const char *path, int nrlines, bool tail)
{
  struct head_tail h = { .n = nrlines, .tail = tail };
  char **r;
  int fd;

  fd = open_guest_file (path, O_RDONLY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  if (nrlines != 0 && scan_lines (fd, head_tail_line, &h) == -1) {
    if (errno == EFBIG || errno == E2BIG)
      reply_with_error_errno (errno, "%s: the lines are too large for one "
                              "reply", path);
    else
      reply_with_perror ("%s", path);
    close (fd);
    lines_free (&h.out);
    lines_free (&h.held);
    return NULL;
  }
  close (fd);
  lines_free (&h.held);
  r = lines_finish (&h.out);
  if (r == NULL)
    reply_with_perror ("%s", path);
  return r;
}

char **
do_head (const char *path)
{
  return head_tail (path, 10, false);
}

char **
do_head_n (int nrlines, const char *path)
{
  return head_tail (path, nrlines, false);
}

char **
do_tail (const char *path)
{
  return head_tail (path, 10, true);
}

char **
do_tail_n (int nrlines, const char *path)
{
  return head_tail (path, nrlines, true);
}

enum wc_what { WC_LINES, WC_WORDS, WC_BYTES };

static int
wc (const char *path, enum wc_what what)
{
  CLEANUP_FREE char *buf = malloc (READ_CHUNK);
  int64_t count = 0;
  bool in_word = false;
  int fd;

  if (buf == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  fd = open_guest_file (path, O_RDONLY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  for (;;) {
    ssize_t r = read (fd, buf, READ_CHUNK), i;

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1) {
      reply_with_perror ("read: %s", path);
      close (fd);
      return -1;
    }
    if (r == 0)
      break;
    if (what == WC_BYTES)
      count += r;
    else if (what == WC_LINES) {
      const char *p = buf, *end = buf + r;

      while ((p = memchr (p, '\n', end - p)) != NULL) {
        count++;
        p++;
      }
    }
    else {
      /* Words are runs of anything but the C locale's white space. */
      for (i = 0; i < r; ++i) {
        char c = buf[i];
        bool space = c == ' ' || (c >= '\t' && c <= '\r');

        if (!space && !in_word)
          count++;
        in_word = !space;
      }
    }
  }
  close (fd);
  if (count > INT_MAX) {
    reply_with_error_errno (EOVERFLOW, "%s: count too large for the API",
                            path);
    return -1;
  }
  return (int) count;
}

int
do_wc_l (const char *path)
{
  return wc (path, WC_LINES);
}

int
do_wc_w (const char *path)
{
  return wc (path, WC_WORDS);
}

int
do_wc_c (const char *path)
{
  return wc (path, WC_BYTES);
}

int64_t
do_filesize (const char *file)
{
  struct stat st;
  int fd, r, err;

  fd = sysroot_open (file, O_PATH, 0);
  if (fd == -1) {
    reply_with_perror ("%s", file);
    return -1;
  }
  r = fstat (fd, &st);
  err = errno;
  close (fd);
  if (r == -1) {
    errno = err;
    reply_with_perror ("%s", file);
    return -1;
  }
  return st.st_size;
}

/* Opens a guest file (regular files only: see file-open.c), or a device
 * when device is true (checked by the dispatcher to be one of the guest
 * disks).  Replies on error.
 */
static int
open_file_or_device (const char *name, bool device, int flags)
{
  int fd;

  if (device)
    fd = open (name, flags | O_CLOEXEC);
  else
    fd = open_guest_file (name, flags, 0);
  if (fd == -1)
    reply_with_perror ("%s", name);
  return fd;
}

static char *
pread_common (const char *name, bool device, int count, int64_t offset,
              size_t *size_r)
{
  CLEANUP_FREE char *buf = NULL;
  size_t done = 0;
  char *ret;
  int fd;

  if (count < 0 || offset < 0) {
    reply_with_error_errno (EINVAL, "%s: count and offset must not be "
                            "negative", name);
    return NULL;
  }
  if (count > DAEMON_MAX_READ) {
    reply_with_error_errno (EINVAL, "%s: count %d is more than one reply "
                            "can hold (%d): read in smaller pieces",
                            name, count, DAEMON_MAX_READ);
    return NULL;
  }
  buf = malloc (count > 0 ? count : 1);
  if (buf == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  fd = open_file_or_device (name, device, O_RDONLY);
  if (fd == -1)
    return NULL;
  while (done < (size_t) count) {
    ssize_t r = pread (fd, buf + done, count - done, offset + done);

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1) {
      reply_with_perror ("pread: %s", name);
      close (fd);
      return NULL;
    }
    if (r == 0)
      break;
    done += r;
  }
  close (fd);
  *size_r = done;
  ret = buf;
  buf = NULL;
  return ret;
}

char *
do_pread (const char *path, int count, int64_t offset, size_t *size_r)
{
  return pread_common (path, false, count, offset, size_r);
}

char *
do_pread_device (const char *device, int count, int64_t offset,
                 size_t *size_r)
{
  return pread_common (device, true, count, offset, size_r);
}

static int
pwrite_common (const char *name, bool device, const char *content,
               size_t size, int64_t offset)
{
  size_t done = 0;
  int fd;

  if (offset < 0) {
    reply_with_error_errno (EINVAL, "%s: offset must not be negative", name);
    return -1;
  }
  fd = open_file_or_device (name, device, O_WRONLY);
  if (fd == -1)
    return -1;
  while (done < size) {
    ssize_t r = pwrite (fd, content + done, size - done, offset + done);

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1) {
      reply_with_perror ("pwrite: %s", name);
      close (fd);
      return -1;
    }
    done += r;
  }
  if (close (fd) == -1) {
    reply_with_perror ("close: %s", name);
    return -1;
  }
  /* content is one message, so its size fits an int. */
  return (int) done;
}

int
do_pwrite (const char *path, const char *content, size_t content_size,
           int64_t offset)
{
  return pwrite_common (path, false, content, content_size, offset);
}

int
do_pwrite_device (const char *device, const char *content,
                  size_t content_size, int64_t offset)
{
  return pwrite_common (device, true, content, content_size, offset);
}

/* Whether the bytes of fd in [start, end) (end -1: to the end of the
 * data) are all zero.  1 yes, 0 no, -1 with errno.
 */
static int
range_is_zero (int fd, char *buf, off_t start, off_t end)
{
  while (end == -1 || start < end) {
    size_t n = end == -1 || end - start > READ_CHUNK
      ? READ_CHUNK : (size_t) (end - start);
    ssize_t r = pread (fd, buf, n, start);

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return -1;
    if (r == 0)
      break;
    /* All zero iff the first byte is and each equals the next. */
    if (buf[0] != 0 || memcmp (buf, buf + 1, r - 1) != 0)
      return 0;
    start += r;
  }
  return 1;
}

static int
is_zero (const char *name, bool device)
{
  CLEANUP_FREE char *buf = malloc (READ_CHUNK);
  struct stat st;
  off_t pos = 0, data, hole;
  int fd, r = 1;

  if (buf == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  fd = open_file_or_device (name, device, O_RDONLY);
  if (fd == -1)
    return -1;
  if (fstat (fd, &st) == -1) {
    reply_with_perror ("%s", name);
    close (fd);
    return -1;
  }
  if (S_ISREG (st.st_mode)) {
    /* Holes read as zeroes: only the data extents of a sparse file
     * need reading.
     */
    while (r == 1 && pos < st.st_size) {
      data = lseek (fd, pos, SEEK_DATA);
      if (data == -1) {
        if (errno == ENXIO)             /* only a hole is left */
          break;
        if (errno == EINVAL) {          /* not supported: read it all */
          r = range_is_zero (fd, buf, pos, -1);
          break;
        }
        r = -1;
        break;
      }
      hole = lseek (fd, data, SEEK_HOLE);
      if (hole == -1) {
        r = -1;
        break;
      }
      r = range_is_zero (fd, buf, data, hole);
      pos = hole;
    }
  }
  else
    r = range_is_zero (fd, buf, 0, -1);
  if (r == -1)
    reply_with_perror ("read: %s", name);
  close (fd);
  return r;
}

int
do_is_zero (const char *path)
{
  return is_zero (path, false);
}

int
do_is_zero_device (const char *device)
{
  return is_zero (device, true);
}
