/* careen - offline disk-image toolkit */

/**
 * cat, read_file and read_lines: a whole guest file, fetched with
 * download into the handle's temporary directory and read back.  The
 * file never has to fit in one reply or in the appliance's memory.
 * Only regular files up to READ_FILE_MAX are read: a hostile guest's
 * sparse 1 TiB file or a device node must not fill the host's disk.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs-internal.h"

/* Largest file these calls return (the limit of a long reply). */
#define READ_FILE_MAX PROTO_MAX_REPLY

/* Reads all of fd into a new buffer with a NUL after the data. */
static char *
read_fd (guestfs_h *g, int fd, const char *name, size_t *size_r)
{
  struct stat st;
  char *buf;
  size_t len = 0, cap;

  if (fstat (fd, &st) == -1) {
    perrorf (g, "%s", name);
    return NULL;
  }
  cap = (size_t) st.st_size + 1;
  buf = malloc (cap);
  if (buf == NULL)
    guestfs_int_oom (g);
  for (;;) {
    ssize_t r;

    if (len + 1 >= cap) {
      char *p = realloc (buf, cap * 2);

      if (p == NULL)
        guestfs_int_oom (g);
      buf = p;
      cap *= 2;
    }
    r = read (fd, buf + len, cap - len - 1);
    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1) {
      perrorf (g, "read: %s", name);
      free (buf);
      return NULL;
    }
    if (r == 0)
      break;
    len += r;
  }
  buf[len] = '\0';
  *size_r = len;
  return buf;
}

/* The guest file's contents (NUL added after them), or NULL after
 * reporting.
 */
static char *
fetch (guestfs_h *g, const char *path, size_t *size_r)
{
  const char *tmpdir = guestfs_int_lazy_make_tmpdir (g);
  char *name = NULL, *buf = NULL;
  int fd = -1;

  struct guestfs_statns *st;
  int64_t size;
  mode_t mode;

  if (tmpdir == NULL)
    return NULL;
  st = guestfs_statns (g, path);
  if (st == NULL)
    return NULL;
  size = st->st_size;
  mode = (mode_t) st->st_mode;
  guestfs_free_statns (st);
  if (S_ISDIR (mode)) {
    guestfs_int_error_errno (g, EISDIR, "%s: %s", path, strerror (EISDIR));
    return NULL;
  }
  if (!S_ISREG (mode)) {
    guestfs_int_error_errno (g, EINVAL, "%s: not a regular file", path);
    return NULL;
  }
  if (size > READ_FILE_MAX) {
    guestfs_int_error_errno (g, EFBIG, "%s: file too large for this call "
                             "(%" PRIi64 " bytes, at most %d): use download",
                             path, size, READ_FILE_MAX);
    return NULL;
  }
  if (asprintf (&name, "%s/read-XXXXXX", tmpdir) == -1)
    guestfs_int_oom (g);
  fd = mkstemp (name);
  if (fd == -1) {
    perrorf (g, "mkstemp: %s", name);
    goto out;
  }
  if (guestfs_download (g, path, name) == -1)
    goto out;
  buf = read_fd (g, fd, name, size_r);
  /* The file may have grown since it was measured. */
  if (buf && *size_r > READ_FILE_MAX) {
    guestfs_int_error_errno (g, EFBIG, "%s: file too large for this call "
                             "(more than %d bytes): use download",
                             path, READ_FILE_MAX);
    free (buf);
    buf = NULL;
  }

 out:
  if (fd >= 0) {
    close (fd);
    unlink (name);
  }
  free (name);
  return buf;
}

char *
guestfs_impl_cat (guestfs_h *g, const char *path)
{
  size_t size;

  /* A string stops at its first NUL, as libguestfs's does. */
  return fetch (g, path, &size);
}

char *
guestfs_impl_read_file (guestfs_h *g, const char *path, size_t *size_r)
{
  return fetch (g, path, size_r);
}

char **
guestfs_impl_read_lines (guestfs_h *g, const char *path)
{
  size_t size, n = 0, i = 0;
  char *buf = fetch (g, path, &size);
  char *line, *end, *nl;
  char **lines;

  if (buf == NULL)
    return NULL;
  end = buf + size;
  for (line = buf; line < end; line = nl + 1) {
    nl = memchr (line, '\n', end - line);
    if (nl == NULL)
      nl = end;
    n++;
  }
  lines = malloc ((n + 1) * sizeof *lines);
  if (lines == NULL)
    guestfs_int_oom (g);
  for (line = buf; line < end; line = nl + 1) {
    size_t len;

    nl = memchr (line, '\n', end - line);
    if (nl == NULL)
      nl = end;
    len = nl - line;
    if (len > 0 && line[len - 1] == '\r')
      len--;
    lines[i] = strndup (line, len);
    if (lines[i] == NULL)
      guestfs_int_oom (g);
    i++;
  }
  lines[i] = NULL;
  free (buf);
  return lines;
}
