/* careen - offline disk-image toolkit */

/**
 * mksquashfs: a squashfs image of a guest directory, downloaded to the
 * library.  mksquashfs cannot write to a pipe (it seeks back to write
 * the superblock last), so the image is made in the appliance's /tmp
 * (memory) and sent from there.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* The compressors libguestfs documents for this call (mksquashfs may
 * know others, but a script must not come to depend on them).
 */
static const char *const compressors[] = {
  "gzip", "lzma", "lzo", "lz4", "xz", NULL
};

static bool
known_compressor (const char *c)
{
  size_t i;

  for (i = 0; compressors[i] != NULL; ++i)
    if (strcmp (compressors[i], c) == 0)
      return true;
  return false;
}

/* Sends the open file fd as the FileOut stream, then ends it; -1
 * after replying.
 */
static int
send_image (int fd, const char *path)
{
  CLEANUP_FREE char *buf = malloc (PROTO_MAX_CHUNK);
  struct stat st;
  uint64_t pos = 0;

  if (buf == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  if (fstat (fd, &st) == -1) {
    reply_with_perror ("fstat");
    return -1;
  }
  for (;;) {
    ssize_t r = read (fd, buf, PROTO_MAX_CHUNK);

    if (r == -1) {
      if (errno == EINTR)
        continue;
      reply_with_perror ("read: squashfs image of %s", path);
      return -1;
    }
    if (r == 0)
      break;
    if (send_file_write (buf, r) == -1) {
      if (errno == ECANCELED)
        reply_with_error_errno (ECANCELED, "%s: download cancelled", path);
      else
        reply_with_perror ("%s", path);
      return -1;
    }
    pos += r;
    if (st.st_size > 0)
      notify_progress (pos, st.st_size);
  }
  send_file_end (0);
  return 0;
}

int
do_mksquashfs (const char *path, const char *compress, char *const *excludes)
{
  CLEANUP_FREE char *src = NULL;
  char tmp[] = "/tmp/careen-squashfs-XXXXXX";
  struct fsargs a;
  struct stat st;
  size_t i;
  int fd, r;

  /* On any error before send_file_end, the reply ends the stream with
   * a cancel chunk (proto.c).
   */
  if ((optargs_bitmask & GUESTFS_MKSQUASHFS_COMPRESS_BITMASK) &&
      !known_compressor (compress)) {
    reply_with_error_errno (EINVAL, "unknown compression: %s (gzip, lzma, "
                            "lzo, lz4 or xz)", compress);
    return -1;
  }
  src = sysroot_realpath (path);
  if (src == NULL || stat (src, &st) == -1) {
    reply_with_perror ("%s", path);
    return -1;
  }
  /* A single regular file makes an image holding just that file.  A
   * device node or FIFO of the guest must not be read.
   */
  if (!S_ISDIR (st.st_mode) && !S_ISREG (st.st_mode)) {
    reply_with_error_errno (EINVAL, "%s: not a directory or regular file",
                            path);
    return -1;
  }
  if (require_program ("mksquashfs") == -1)
    return -1;

  fd = mkstemp (tmp);
  if (fd == -1) {
    reply_with_perror ("mkstemp: %s", tmp);
    return -1;
  }
  close (fd);
  fsargs_init (&a);
  fsargs_add (&a, "mksquashfs");
  fsargs_add (&a, src);
  fsargs_add (&a, tmp);
  fsargs_add (&a, "-noappend");
  fsargs_add (&a, "-no-progress");
  fsargs_add (&a, "-quiet");
  if (optargs_bitmask & GUESTFS_MKSQUASHFS_COMPRESS_BITMASK) {
    fsargs_add (&a, "-comp");
    fsargs_add (&a, compress);
  }
  /* -e takes every argument after it, so it comes last. */
  if ((optargs_bitmask & GUESTFS_MKSQUASHFS_EXCLUDES_BITMASK) &&
      excludes[0] != NULL) {
    fsargs_add (&a, "-wildcards");
    fsargs_add (&a, "-e");
    for (i = 0; excludes[i] != NULL; ++i)
      fsargs_add (&a, excludes[i]);
  }
  /* mksquashfs replaces the file it is given, so the image is opened
   * by name once it is made; then it lives on only as the open fd, and
   * nothing is left in /tmp whatever happens next.
   */
  r = fsargs_run (&a, true, NULL);
  fd = r == -1 ? -1 : open (tmp, O_RDONLY | O_CLOEXEC);
  if (r != -1 && fd == -1)
    reply_with_perror ("%s", tmp);
  unlink (tmp);
  if (fd == -1)
    return -1;
  r = send_image (fd, path);
  close (fd);
  return r;
}
