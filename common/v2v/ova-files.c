/** careen - offline disk-image toolkit
 *
 * The files of an OVA, wherever they are: a directory (the files used
 * in place) or a tar (our own table of contents, ova-tar.c).  Copies
 * of members and decompressed disks go into TMPDIR under names we
 * choose, created exclusively and never through a symbolic link.
 * Hashing and decompression run sha1sum/sha256sum and gzip/xz through
 * the spawn helper, with the bytes fed on their standard input, so no
 * program ever sees a name from the OVA.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "spawn.h"
#include "xalloc.h"
#include "input.h"

#define COPY_BUFFER (128 * 1024)

/* Copies LEN bytes of IN_FD from OFF to OUT_FD; without LEN (-1), to
 * the end of IN_FD.  -1 with errno set.
 */
static int
copy_range (int in_fd, off_t off, int64_t len, int out_fd)
{
  CLEANUP_FREE char *buf = xmalloc (COPY_BUFFER);

  while (len != 0) {
    size_t want = COPY_BUFFER;
    ssize_t r, w, done;

    if (len > 0 && (uint64_t) len < want)
      want = (size_t) len;
    r = pread (in_fd, buf, want, off);
    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return -1;
    if (r == 0) {
      if (len < 0)
        break;
      errno = EIO;              /* the file shrank under us */
      return -1;
    }
    for (done = 0; done < r; done += w) {
      w = write (out_fd, buf + done, r - done);
      if (w == -1 && errno == EINTR)
        w = 0;
      else if (w == -1)
        return -1;
    }
    off += r;
    if (len > 0)
      len -= r;
  }
  return 0;
}

int
ova_feed_program (char *const *argv, const char *what, int in_fd, off_t off,
                  int64_t len, int out_fd, char *out, size_t out_size)
{
  struct spawn s;
  struct sigaction ign = { .sa_handler = SIG_IGN }, old;
  int r, copy_err = 0, status;
  size_t got = 0;

  spawn_init (&s, v2v_program (), argv);
  s.fd[0] = SPAWN_PIPE;
  s.fd[1] = out_fd >= 0 ? out_fd : SPAWN_PIPE;
  if (spawn_start (&s) == -1)
    return -1;

  /* A program that stops reading (a corrupt gzip stream) must not kill
   * us with SIGPIPE: its exit status says what went wrong.
   */
  sigaction (SIGPIPE, &ign, &old);
  r = copy_range (in_fd, off, len, s.pipe[0]);
  if (r == -1 && errno != EPIPE)
    copy_err = errno;
  sigaction (SIGPIPE, &old, NULL);
  close (s.pipe[0]);
  s.pipe[0] = -1;

  /* What the hashing programs print fits in a pipe's buffer, so it is
   * read once they have all their input.
   */
  if (out_fd < 0) {
    ssize_t n;

    while (got + 1 < out_size &&
           ((n = read (s.pipe[1], out + got, out_size - 1 - got)) > 0 ||
            (n == -1 && errno == EINTR)))
      if (n > 0)
        got += n;
    out[got] = '\0';
  }

  status = spawn_wait (&s);
  if (copy_err != 0) {
    errno = copy_err;
    v2v_error ("%s of '%s': feeding its input: %m", argv[0], what);
    return -1;
  }
  if (status == -1)
    return -1;
  if (status != 0) {
    v2v_error ("%s of '%s' failed (exit status %d)", argv[0], what, status);
    return -1;
  }
  return 0;
}

int
ova_create_file (const char *tmpdir, const char *name, char **path_r)
{
  char *path;
  int fd;

  if (asprintf (&path, "%s/%s", tmpdir, name) == -1)
    die_nomem ();
  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
             0600);
  if (fd == -1) {
    v2v_error ("create: '%s': %m", path);
    free (path);
    return -1;
  }
  *path_r = path;
  return fd;
}

int
ova_copy_out (const char *what, int in_fd, off_t off, int64_t len,
              const char *compression, const char *tmpdir, const char *name,
              char **path_r)
{
  CLEANUP_CLOSE int out_fd = -1;
  CLEANUP_FREE char *path = NULL;

  out_fd = ova_create_file (tmpdir, name, &path);
  if (out_fd == -1)
    return -1;
  if (compression == NULL) {
    if (copy_range (in_fd, off, len, out_fd) == -1) {
      v2v_error ("copy to '%s': %m", path);
      return -1;
    }
  }
  else {
    char *gzip[] = { "gzip", "-dc", NULL };
    char *xz[] = { "xz", "-dc", NULL };
    char *const *argv;

    if (strcmp (compression, "gzip") == 0)
      argv = gzip;
    else if (strcmp (compression, "xz") == 0)
      argv = xz;
    else {
      v2v_error ("'%s': unknown compression '%s'", what, compression);
      return -1;
    }
    if (ova_feed_program (argv, what, in_fd, off, len, out_fd, NULL,
                          0) == -1)
      return -1;
  }
  if (close (out_fd) == -1) {
    out_fd = -1;
    v2v_error ("close: '%s': %m", path);
    return -1;
  }
  out_fd = -1;
  *path_r = path;
  path = NULL;
  return 0;
}
