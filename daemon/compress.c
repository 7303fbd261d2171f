/* careen - offline disk-image toolkit */

/**
 * Downloads compressed on the way: compress_out (a file) and
 * compress_device_out (a device).  The compressor reads the open file
 * directly as its stdin and its output streams to the library through
 * a pipe (filter.c); progress comes from the offset of the shared
 * input file description.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* The compressors: program, extra options, and the range of -LEVEL. */
static const struct compressor {
  const char *ctype;
  const char *program;
  const char *quiet;            /* an option that silences it, or NULL */
  int min_level, max_level;
} compressors[] = {
  { "gzip", "gzip", NULL, 1, 9 },
  { "bzip2", "bzip2", NULL, 1, 9 },
  { "xz", "xz", NULL, 0, 9 },
  { "lzop", "lzop", NULL, 1, 9 },
  { "zstd", "zstd", "-q", 1, 19 },
};

/* Replies and returns NULL for an unknown or unavailable type, or a
 * level out of its range.
 */
static const struct compressor *
find_compressor (const char *ctype, int level)
{
  size_t i;

  for (i = 0; i < sizeof compressors / sizeof compressors[0]; ++i) {
    const struct compressor *c = &compressors[i];

    if (strcmp (ctype, c->ctype) != 0)
      continue;
    if (!program_exists (c->program)) {
      reply_with_error_errno (ENOTSUP, "%s: compression type not supported "
                              "(no %s program in the appliance)", ctype,
                              c->program);
      return NULL;
    }
    if ((optargs_bitmask & GUESTFS_COMPRESS_OUT_LEVEL_BITMASK) &&
        (level < c->min_level || level > c->max_level)) {
      reply_with_error_errno (EINVAL, "%s: level %d out of range %d to %d",
                              ctype, level, c->min_level, c->max_level);
      return NULL;
    }
    return c;
  }
  if (strcmp (ctype, "compress") == 0)
    reply_with_error_errno (ENOTSUP, "compress: compression type not "
                            "supported");
  else
    reply_with_error_errno (EINVAL, "%s: unknown compression type", ctype);
  return NULL;
}

/* Compresses the open file fd (total bytes, for progress) to the
 * FileOut stream.  Takes fd.  Replies on error.
 */
static int
compress_fd (const struct compressor *c, int level, int fd, uint64_t total,
             const char *what)
{
  CLEANUP_FREE char *err = NULL;
  const char *argv[6];
  char lv[16];
  struct filter f;
  size_t n = 0;

  argv[n++] = c->program;
  argv[n++] = "-c";
  if (c->quiet)
    argv[n++] = c->quiet;
  /* Both optargs share bit 0: the generated names differ only. */
  if (optargs_bitmask & GUESTFS_COMPRESS_OUT_LEVEL_BITMASK) {
    snprintf (lv, sizeof lv, "-%d", level);
    argv[n++] = lv;
  }
  argv[n] = NULL;

  if (filter_start (&f, argv, fd, FILTER_PIPE, -1) == -1) {
    reply_with_perror ("%s", c->program);
    close (fd);
    return -1;
  }
  if (filter_send_output (&f, fd, total) == -1) {
    int e = errno;

    filter_kill (&f);
    close (fd);
    if (e == ECANCELED)
      reply_with_error_errno (ECANCELED, "%s: download cancelled", what);
    else {
      errno = e;
      reply_with_perror ("%s", what);
    }
    return -1;
  }
  close (fd);
  if (filter_finish (&f, &err) == -1) {
    command_error (c->program, err);
    return -1;
  }
  send_file_end (0);
  return 0;
}

int
do_compress_out (const char *ctype, const char *file, int level)
{
  const struct compressor *c = find_compressor (ctype, level);
  struct stat st;
  int fd;

  if (c == NULL)
    return -1;
  /* O_NONBLOCK: opening a guest FIFO must not hang the daemon. */
  fd = sysroot_open (file, O_RDONLY | O_NOCTTY | O_NONBLOCK, 0);
  if (fd == -1 || fstat (fd, &st) == -1) {
    reply_with_perror ("%s", file);
    if (fd >= 0)
      close (fd);
    return -1;
  }
  /* A guest device node would be an appliance device (an endless
   * /dev/zero, say): only regular files; devices have their own call.
   */
  if (!S_ISREG (st.st_mode)) {
    reply_with_error_errno (S_ISDIR (st.st_mode) ? EISDIR : EINVAL,
                            "%s: not a regular file", file);
    close (fd);
    return -1;
  }
  fcntl (fd, F_SETFL, 0);
  return compress_fd (c, level, fd, st.st_size, file);
}

int
do_compress_device_out (const char *ctype, const char *device, int level)
{
  const struct compressor *c = find_compressor (ctype, level);
  uint64_t size = 0;
  int fd;

  if (c == NULL)
    return -1;
  fd = open (device, O_RDONLY | O_NOCTTY | O_CLOEXEC);
  if (fd == -1) {
    reply_with_perror ("%s", device);
    return -1;
  }
  if (ioctl (fd, BLKGETSIZE64, &size) == -1)
    size = 0;                   /* no progress, still compressed */
  return compress_fd (c, level, fd, size, device);
}
