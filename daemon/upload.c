/* careen - offline disk-image toolkit */

/**
 * File transfers between the library and the guest: upload and
 * upload_offset (FileIn), download and download_offset (FileOut).  The
 * data never sits whole in memory: it is written or read one chunk at
 * a time as the stream goes.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* Uploads are written with O_DIRECT, downloads read with it
 * (direct-io.c); chunks arrive page-aligned (proto.c).
 */

static int
write_cb (void *opaque, const void *buf, size_t len)
{
  int fd = *(int *) opaque;
  const char *p = buf;

  while (len > 0) {
    ssize_t r = write (fd, p, len);
    if (r == -1) {
      if (errno == EINTR || (errno == EINVAL && direct_io_drop (fd)))
        continue;
      return -1;
    }
    p += r;
    len -= r;
  }
  return 0;
}

int
do_upload (const char *remotefilename)
{
  int fd, err;

  /* If this fails, the reply drains the upload (proto.c). */
  fd = sysroot_open (remotefilename, O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY,
                     0666);
  if (fd == -1) {
    reply_with_perror ("%s", remotefilename);
    return -1;
  }
  direct_io_set (fd);
  if (receive_file (write_cb, &fd) == -1) {
    err = errno;
    close (fd);
    if (err == ECANCELED)
      reply_with_error_errno (ECANCELED, "%s: upload cancelled",
                              remotefilename);
    else {
      errno = err;
      reply_with_perror ("%s", remotefilename);
    }
    return -1;
  }
  /* A full disk may only show when the last blocks are written out. */
  if (close (fd) == -1) {
    reply_with_perror ("close: %s", remotefilename);
    return -1;
  }
  return 0;
}

int
do_download (const char *remotefilename)
{
  CLEANUP_FREE char *buf = NULL;
  struct stat st;
  uint64_t pos = 0;
  int fd;

  /* On any error below before send_file_end, the reply ends the stream
   * with a cancel chunk (proto.c).
   */
  /* A regular file only: a character device or FIFO in a hostile
   * guest would stream for ever (or block).
   */
  fd = open_guest_file (remotefilename, O_RDONLY, 0);
  if (fd == -1) {
    reply_with_perror ("%s", remotefilename);
    return -1;
  }
  if (fstat (fd, &st) == -1) {
    reply_with_perror ("%s", remotefilename);
    close (fd);
    return -1;
  }
  if (S_ISDIR (st.st_mode)) {
    reply_with_error_errno (EISDIR, "%s: %s", remotefilename,
                            strerror (EISDIR));
    close (fd);
    return -1;
  }
  buf = direct_io_buffer (PROTO_MAX_CHUNK);
  if (buf == NULL) {
    reply_with_perror ("malloc");
    close (fd);
    return -1;
  }
  direct_io_set (fd);

  /* Up to the size seen at open: a file that grows while it is read
   * still gives a bounded result (one that shrinks ends early).
   */
  for (;;) {
    size_t want = PROTO_MAX_CHUNK, left;
    ssize_t r;

    if (pos >= (uint64_t) st.st_size)
      break;
    /* A direct read of the tail asks for whole blocks and gets what
     * is there; anything past the size seen at open is not sent.
     */
    left = (uint64_t) st.st_size - pos < want
      ? (size_t) ((uint64_t) st.st_size - pos) : want;
    if (left < want)
      want = (left + DIRECT_IO_ALIGN - 1) & ~(size_t) (DIRECT_IO_ALIGN - 1);
    r = read (fd, buf, want);

    if (r == -1) {
      if (errno == EINTR || (errno == EINVAL && direct_io_drop (fd)))
        continue;
      reply_with_perror ("read: %s", remotefilename);
      close (fd);
      return -1;
    }
    if (r == 0)
      break;
    if ((size_t) r > left)
      r = (ssize_t) left;
    if (send_file_write (buf, r) == -1) {
      if (errno == ECANCELED)
        reply_with_error_errno (ECANCELED, "%s: download cancelled",
                                remotefilename);
      else
        reply_with_perror ("%s", remotefilename);
      close (fd);
      return -1;
    }
    pos += r;
    if (S_ISREG (st.st_mode) && st.st_size > 0)
      notify_progress (pos, st.st_size);
  }
  /* What went through the cache after a fallback (a tail, a
   * filesystem without direct I/O) is not needed any more.
   */
  direct_io_forget (fd, 0, (int64_t) pos);
  close (fd);
  send_file_end (0);
  return 0;
}

/* The *_offset calls take a device (checked by the dispatcher to be one
 * of the appliance's) or a guest path.
 */
static int
open_dev_or_path (const char *p, int flags, unsigned mode)
{
  if (strncmp (p, "/dev/", 5) == 0)
    return open (p, (flags & ~O_CREAT) | O_CLOEXEC);
  return sysroot_open (p, flags, mode);
}

/* upload_offset: writes at a moving position, so chunks land in order
 * after offset.
 */
struct pwrite_state {
  int fd;
  int64_t pos;
};

static int
pwrite_cb (void *opaque, const void *buf, size_t len)
{
  struct pwrite_state *st = opaque;
  const char *p = buf;

  while (len > 0) {
    ssize_t r;

    /* Past the largest offset the kernel accepts. */
    if (st->pos > INT64_MAX - (int64_t) len) {
      errno = EFBIG;
      return -1;
    }
    r = pwrite (st->fd, p, len, st->pos);
    if (r == -1) {
      if (errno == EINTR || (errno == EINVAL && direct_io_drop (st->fd)))
        continue;
      return -1;
    }
    p += r;
    len -= r;
    st->pos += r;
  }
  return 0;
}

int
do_upload_offset (const char *remotefilename, int64_t offset)
{
  struct pwrite_state st = { .fd = -1, .pos = offset };
  int err;

  if (offset < 0) {
    reply_with_error_errno (EINVAL, "%s: offset %" PRIi64 " is negative",
                            remotefilename, offset);
    return -1;
  }
  /* No O_TRUNC: the point is to overwrite part of what is there. */
  st.fd = open_dev_or_path (remotefilename, O_WRONLY | O_CREAT | O_NOCTTY,
                           0666);
  if (st.fd == -1) {
    reply_with_perror ("%s", remotefilename);
    return -1;
  }
  direct_io_set (st.fd);
  if (receive_file (pwrite_cb, &st) == -1) {
    err = errno;
    close (st.fd);
    if (err == ECANCELED)
      reply_with_error_errno (ECANCELED, "%s: upload cancelled",
                              remotefilename);
    else {
      errno = err;
      reply_with_perror ("%s", remotefilename);
    }
    return -1;
  }
  if (close (st.fd) == -1) {
    reply_with_perror ("close: %s", remotefilename);
    return -1;
  }
  return 0;
}

int
do_download_offset (const char *remotefilename, int64_t offset, int64_t size)
{
  CLEANUP_FREE char *buf = NULL;
  struct stat st;
  int64_t done = 0;
  int fd;

  if (offset < 0 || size < 0) {
    reply_with_error_errno (EINVAL, "%s: offset and size must not be "
                            "negative", remotefilename);
    return -1;
  }
  if (offset > INT64_MAX - size) {
    reply_with_error_errno (EINVAL, "%s: offset + size overflows",
                            remotefilename);
    return -1;
  }
  fd = open_dev_or_path (remotefilename, O_RDONLY | O_NOCTTY | O_NONBLOCK,
                         0);
  if (fd == -1) {
    reply_with_perror ("%s", remotefilename);
    return -1;
  }
  if (fstat (fd, &st) == -1) {
    reply_with_perror ("%s", remotefilename);
    close (fd);
    return -1;
  }
  if (S_ISDIR (st.st_mode)) {
    reply_with_error_errno (EISDIR, "%s: %s", remotefilename,
                            strerror (EISDIR));
    close (fd);
    return -1;
  }
  buf = malloc (PROTO_MAX_CHUNK);
  if (buf == NULL) {
    reply_with_perror ("malloc");
    close (fd);
    return -1;
  }

  while (done < size) {
    size_t want = size - done > PROTO_MAX_CHUNK
      ? PROTO_MAX_CHUNK : (size_t) (size - done);
    ssize_t r = pread (fd, buf, want, offset + done);

    if (r == -1) {
      if (errno == EINTR)
        continue;
      reply_with_perror ("read: %s", remotefilename);
      close (fd);
      return -1;
    }
    if (r == 0) {
      /* The reply ends the stream with a cancel chunk (proto.c). */
      reply_with_error_errno (ERANGE, "%s: the range ends after the end of "
                              "the file (%" PRIi64 " bytes read of %"
                              PRIi64 ")", remotefilename, done, size);
      close (fd);
      return -1;
    }
    if (send_file_write (buf, r) == -1) {
      if (errno == ECANCELED)
        reply_with_error_errno (ECANCELED, "%s: download cancelled",
                                remotefilename);
      else
        reply_with_perror ("%s", remotefilename);
      close (fd);
      return -1;
    }
    done += r;
    notify_progress (done, size);
  }
  close (fd);
  send_file_end (0);
  return 0;
}
