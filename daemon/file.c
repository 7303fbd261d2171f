/* careen - offline disk-image toolkit */

/**
 * Whole-file calls: touch, write, write_append, cat, read_file,
 * read_lines, rm and rm_rf.  Files are opened through sysroot_open, so
 * a guest symlink is followed only inside the guest.
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

/* Bytes read at a time by read_whole_file. */
#define READ_FILE_CHUNK (64 * 1024)

int
do_touch (const char *path)
{
  struct sysroot_parent p;
  struct stat st;
  int fd;

  /* Like libguestfs, only regular files (or nothing yet) are touched:
   * not directories, devices, nor symlinks.
   */
  if (sysroot_open_parent (path, &p) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (fstatat (p.dirfd, p.name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
      !S_ISREG (st.st_mode)) {
    sysroot_parent_release (&p);
    reply_with_error_errno (EINVAL, "%s: touch can only be used on a "
                            "regular file", path);
    return -1;
  }
  sysroot_parent_release (&p);

  /* O_NONBLOCK: a guest FIFO must not hang the daemon. */
  fd = sysroot_open (path, O_WRONLY | O_CREAT | O_NOCTTY | O_NONBLOCK, 0666);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (futimens (fd, NULL) == -1) {
    reply_with_perror ("futimens: %s", path);
    close (fd);
    return -1;
  }
  if (close (fd) == -1) {
    reply_with_perror ("close: %s", path);
    return -1;
  }
  return 0;
}

static int
write_file (const char *path, const char *content, size_t size, int flags)
{
  int fd;
  size_t done = 0;

  fd = sysroot_open (path, O_WRONLY | O_CREAT | O_NOCTTY | flags, 0666);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  while (done < size) {
    ssize_t r = write (fd, content + done, size - done);
    if (r == -1) {
      if (errno == EINTR)
        continue;
      reply_with_perror ("write: %s", path);
      close (fd);
      return -1;
    }
    done += r;
  }
  /* Delayed allocation errors (ENOSPC) can surface only here. */
  if (close (fd) == -1) {
    reply_with_perror ("close: %s", path);
    return -1;
  }
  return 0;
}

int
do_write (const char *path, const char *content, size_t content_size)
{
  return write_file (path, content, content_size, O_TRUNC);
}

int
do_write_append (const char *path, const char *content, size_t content_size)
{
  return write_file (path, content, content_size, O_APPEND);
}

/* Reads a whole guest file, bounded by DAEMON_MAX_READ since it must fit
 * in one reply.  Returns the contents (NUL added after them, size in
 * *size_r), or NULL after replying.
 */
static char *
read_whole_file (const char *path, size_t *size_r)
{
  struct char_vector buf = VECTOR_INIT;
  int fd;

  fd = sysroot_open (path, O_RDONLY | O_NOCTTY | O_NONBLOCK, 0);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  for (;;) {
    size_t want;
    ssize_t r;

    /* One byte more than allowed is read to see the file is larger. */
    if (buf.len > DAEMON_MAX_READ) {
      reply_with_error_errno (EFBIG, "%s: file too large for this call "
                              "(more than %d bytes): use download",
                              path, DAEMON_MAX_READ);
      goto out_error;
    }
    /* Room for a chunk and the final NUL. */
    if (char_vector_reserve (&buf, READ_FILE_CHUNK + 1) == -1) {
      reply_with_perror ("malloc");
      goto out_error;
    }
    want = buf.cap - buf.len - 1;
    if (want > DAEMON_MAX_READ + 1 - buf.len)
      want = DAEMON_MAX_READ + 1 - buf.len;
    r = read (fd, buf.ptr + buf.len, want);
    if (r == -1) {
      if (errno == EINTR)
        continue;
      reply_with_perror ("read: %s", path);
      goto out_error;
    }
    if (r == 0)
      break;
    buf.len += r;
  }
  close (fd);
  if (char_vector_reserve (&buf, 1) == -1) {
    reply_with_perror ("malloc");
    char_vector_release (&buf);
    return NULL;
  }
  buf.ptr[buf.len] = '\0';
  *size_r = buf.len;
  return char_vector_steal (&buf);

 out_error:
  close (fd);
  char_vector_release (&buf);
  return NULL;
}

/* A string on the wire cannot hold a NUL: like libguestfs, the result
 * stops at the first one (read_file returns everything).
 */
char *
do_cat (const char *path)
{
  size_t size;

  return read_whole_file (path, &size);
}

char *
do_read_file (const char *path, size_t *size_r)
{
  return read_whole_file (path, size_r);
}

/* Lines without their "\n" or "\r\n"; a last line without a newline
 * counts, an empty file has none.
 */
char **
do_read_lines (const char *path)
{
  CLEANUP_FREE char *buf = NULL;
  struct stringsbuf sb;
  size_t size;
  char *line, *end, *r_end;
  char **r;

  buf = read_whole_file (path, &size);
  if (buf == NULL)
    return NULL;
  stringsbuf_init (&sb);
  end = buf + size;
  for (line = buf; line < end; line = r_end + 1) {
    size_t n;

    r_end = memchr (line, '\n', end - line);
    if (r_end == NULL)
      r_end = end;
    n = r_end - line;
    if (n > 0 && line[n-1] == '\r')
      n--;
    line[n] = '\0';
    /* A file of newlines is small on disk and huge as a list. */
    if (sb.size >= PROTO_MAX_LIST) {
      stringsbuf_release (&sb);
      reply_with_error_errno (E2BIG, "%s: more than %d lines", path,
                              PROTO_MAX_LIST);
      return NULL;
    }
    if (stringsbuf_add_string (&sb, line) == -1) {
      stringsbuf_release (&sb);
      reply_with_perror ("malloc");
      return NULL;
    }
  }
  r = stringsbuf_finish (&sb);
  if (r == NULL)
    reply_with_perror ("malloc");
  return r;
}

int
do_rm (const char *path)
{
  struct sysroot_parent p;

  if (sysroot_open_parent (path, &p) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  if (unlinkat (p.dirfd, p.name, 0) == -1) {
    reply_with_perror ("%s", path);
    sysroot_parent_release (&p);
    return -1;
  }
  sysroot_parent_release (&p);
  return 0;
}

/* Recursive removal with rm(1), given the resolved parent and the final
 * name unresolved, so a final symlink is removed, not followed.  A path
 * that does not exist is not an error, as with rm -rf.
 */
int
do_rm_rf (const char *path)
{
  CLEANUP_FREE char *target = NULL, *err = NULL;
  const char *base;
  size_t n = strlen (path);

  while (n > 1 && path[n-1] == '/')
    n--;
  base = memrchr (path, '/', n);
  base = base ? base + 1 : path;
  /* "/", "." and ".." would remove a whole tree the user did not name. */
  if (n <= 1 || strncmp (base, ".", n - (base - path)) == 0 ||
      strncmp (base, "..", n - (base - path)) == 0) {
    reply_with_error_errno (EINVAL, "%s: refusing to remove this path", path);
    return -1;
  }

  target = sysroot_parent_path (path);
  if (target == NULL) {
    if (errno == ENOENT || errno == ENOTDIR)
      return 0;
    reply_with_perror ("%s", path);
    return -1;
  }
  if (command (NULL, &err, "rm", "-rf", "--", target, NULL) == -1)
    return command_error ("rm", err);
  return 0;
}
