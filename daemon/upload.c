/* careen - offline disk-image toolkit */

/**
 * File transfers between the library and the guest: upload (FileIn)
 * and download (FileOut).  The data never sits whole in memory: it is
 * written or read one chunk at a time as the stream goes.
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

static int
write_cb (void *opaque, const void *buf, size_t len)
{
  int fd = *(int *) opaque;
  const char *p = buf;

  while (len > 0) {
    ssize_t r = write (fd, p, len);
    if (r == -1) {
      if (errno == EINTR)
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
  fd = sysroot_open (remotefilename, O_RDONLY | O_NOCTTY | O_NONBLOCK, 0);
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

  for (;;) {
    ssize_t r = read (fd, buf, PROTO_MAX_CHUNK);

    if (r == -1) {
      if (errno == EINTR)
        continue;
      reply_with_perror ("read: %s", remotefilename);
      close (fd);
      return -1;
    }
    if (r == 0)
      break;
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
  close (fd);
  send_file_end (0);
  return 0;
}
