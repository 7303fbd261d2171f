/** careen - offline disk-image toolkit
 *
 * disk_create: make a new disk image on the host.  Raw images are made
 * directly (a sparse file, or fully allocated); qcow2 images with
 * qemu-img, run with an argv, so no file name is ever seen by a shell.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guestfs-internal.h"

static int
create_raw (guestfs_h *g, const char *filename, int64_t size,
            const struct guestfs_disk_create_argv *optargs)
{
  const char *prealloc = "sparse";
  int fd, r = 0;

  if (optargs->bitmask & GUESTFS_DISK_CREATE_PREALLOCATION_BITMASK)
    prealloc = optargs->preallocation;
  if (strcmp (prealloc, "off") != 0 && strcmp (prealloc, "sparse") != 0 &&
      strcmp (prealloc, "full") != 0) {
    guestfs_int_error_errno (g, EINVAL,
                             "preallocation '%s' is not valid for raw "
                             "(off, sparse or full)", prealloc);
    return -1;
  }
  if (optargs->bitmask & (GUESTFS_DISK_CREATE_BACKINGFILE_BITMASK |
                          GUESTFS_DISK_CREATE_BACKINGFORMAT_BITMASK |
                          GUESTFS_DISK_CREATE_COMPAT_BITMASK |
                          GUESTFS_DISK_CREATE_CLUSTERSIZE_BITMASK)) {
    guestfs_int_error_errno (g, EINVAL,
                             "backingfile, backingformat, compat and "
                             "clustersize are not valid for raw images");
    return -1;
  }

  fd = open (filename, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd == -1) {
    perrorf (g, "open: %s", filename);
    return -1;
  }
  if (strcmp (prealloc, "full") == 0) {
    int err = posix_fallocate (fd, 0, size);

    if (err != 0) {
      errno = err;
      perrorf (g, "fallocate: %s", filename);
      r = -1;
    }
  }
  else if (ftruncate (fd, size) == -1) {
    perrorf (g, "truncate: %s", filename);
    r = -1;
  }
  if (close (fd) == -1 && r == 0) {
    perrorf (g, "close: %s", filename);
    r = -1;
  }
  if (r == -1)
    unlink (filename);
  return r;
}

/* qemu-img -o values are comma-separated: a comma inside a value must
 * be doubled.
 */
static void
add_option (guestfs_h *g, struct stringsbuf *opts, const char *key,
            const char *value)
{
  size_t i;
  CLEANUP_FREE char *esc = malloc (2 * strlen (value) + 1);
  char *p = esc;

  if (esc == NULL)
    guestfs_int_oom (g);
  for (i = 0; value[i]; ++i) {
    *p++ = value[i];
    if (value[i] == ',')
      *p++ = ',';
  }
  *p = '\0';
  if (stringsbuf_add_format (opts, "%s=%s", key, esc) == -1)
    guestfs_int_oom (g);
}

static int
create_qcow2 (guestfs_h *g, const char *filename, int64_t size,
              const struct guestfs_disk_create_argv *optargs)
{
  struct stringsbuf opts, argv;
  CLEANUP_FREE_STRING_LIST char **cmd = NULL;
  CLEANUP_FREE char *optstr = NULL, *output = NULL, *path = NULL;
  uint64_t bm = optargs->bitmask;
  int status, r = -1;

  stringsbuf_init (&opts);
  stringsbuf_init (&argv);

  if (bm & GUESTFS_DISK_CREATE_BACKINGFILE_BITMASK)
    add_option (g, &opts, "backing_file", optargs->backingfile);
  if (bm & GUESTFS_DISK_CREATE_BACKINGFORMAT_BITMASK) {
    if (!guestfs_int_is_known_format (optargs->backingformat)) {
      guestfs_int_error_errno (g, EINVAL, "unknown backing format '%s'",
                               optargs->backingformat);
      goto out;
    }
    add_option (g, &opts, "backing_fmt", optargs->backingformat);
  }
  if (bm & GUESTFS_DISK_CREATE_PREALLOCATION_BITMASK) {
    const char *p = optargs->preallocation;

    /* libguestfs's names: "sparse" is qemu's "off". */
    if (strcmp (p, "sparse") == 0)
      p = "off";
    if (strcmp (p, "off") != 0 && strcmp (p, "metadata") != 0 &&
        strcmp (p, "full") != 0) {
      guestfs_int_error_errno (g, EINVAL,
                               "preallocation '%s' is not valid for qcow2 "
                               "(off, sparse, metadata or full)", p);
      goto out;
    }
    add_option (g, &opts, "preallocation", p);
  }
  if (bm & GUESTFS_DISK_CREATE_COMPAT_BITMASK) {
    if (strcmp (optargs->compat, "0.10") != 0 &&
        strcmp (optargs->compat, "1.1") != 0) {
      guestfs_int_error_errno (g, EINVAL,
                               "compat '%s' is not valid (0.10 or 1.1)",
                               optargs->compat);
      goto out;
    }
    add_option (g, &opts, "compat", optargs->compat);
  }
  if (bm & GUESTFS_DISK_CREATE_CLUSTERSIZE_BITMASK) {
    int cs = optargs->clustersize;
    char buf[32];

    if (cs < 512 || cs > 2 * 1024 * 1024 || (cs & (cs - 1)) != 0) {
      guestfs_int_error_errno (g, EINVAL,
                               "clustersize %d is not a power of 2 between "
                               "512 and 2M", cs);
      goto out;
    }
    snprintf (buf, sizeof buf, "%d", cs);
    add_option (g, &opts, "cluster_size", buf);
  }

  /* qemu-img reads "proto:rest" as a protocol; a relative name with a
   * colon must not be mistaken for one.
   */
  if (filename[0] != '/' && strchr (filename, ':')) {
    if (asprintf (&path, "./%s", filename) == -1)
      guestfs_int_oom (g);
  }
  else if ((path = strdup (filename)) == NULL)
    guestfs_int_oom (g);

  if (stringsbuf_add_string (&argv, QEMU_IMG) == -1 ||
      stringsbuf_add_string (&argv, "create") == -1 ||
      stringsbuf_add_string (&argv, "-q") == -1 ||
      stringsbuf_add_string (&argv, "-f") == -1 ||
      stringsbuf_add_string (&argv, "qcow2") == -1)
    guestfs_int_oom (g);
  if (opts.size > 0) {
    /* opts.argv is kept NULL-terminated by stringsbuf. */
    optstr = strings_join (opts.argv, ",");
    if (optstr == NULL ||
        stringsbuf_add_string (&argv, "-o") == -1 ||
        stringsbuf_add_string (&argv, optstr) == -1)
      guestfs_int_oom (g);
  }
  if (stringsbuf_add_string (&argv, path) == -1)
    guestfs_int_oom (g);
  /* size -1 with a backing file: take the backing file's size. */
  if (size >= 0 &&
      stringsbuf_add_format (&argv, "%" PRIi64, size) == -1)
    guestfs_int_oom (g);
  cmd = stringsbuf_finish (&argv);
  if (cmd == NULL)
    guestfs_int_oom (g);

  status = guestfs_int_run_command (g, cmd, &output);
  if (status == -1)
    goto out;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0) {
    guestfs_int_error_errno (g, EIO, "qemu-img create: %s: %s",
                             filename, output && *output ? output :
                             "failed");
    goto out;
  }
  r = 0;

 out:
  stringsbuf_release (&opts);
  stringsbuf_release (&argv);
  return r;
}

int
guestfs_impl_disk_create (guestfs_h *g, const char *filename,
                          const char *format, int64_t size,
                          const struct guestfs_disk_create_argv *optargs)
{
  bool has_backing =
    (optargs->bitmask & GUESTFS_DISK_CREATE_BACKINGFILE_BITMASK) != 0;

  if (size < 0 && !(size == -1 && has_backing)) {
    guestfs_int_error_errno (g, EINVAL,
                             "invalid size %" PRIi64 " (only -1 with a "
                             "backing file means 'same as the backing "
                             "file')", size);
    return -1;
  }
  if (*filename == '\0') {
    guestfs_int_error_errno (g, EINVAL, "empty file name");
    return -1;
  }

  if (strcmp (format, "raw") == 0) {
    if (size < 0) {
      guestfs_int_error_errno (g, EINVAL, "raw images need a size");
      return -1;
    }
    return create_raw (g, filename, size, optargs);
  }
  if (strcmp (format, "qcow2") == 0)
    return create_qcow2 (g, filename, size, optargs);

  guestfs_int_error_errno (g, ENOTSUP,
                           "format '%s' is not supported (raw or qcow2)",
                           format);
  return -1;
}
