/** careen - offline disk-image toolkit
 *
 * virt-resize: copying the partitions' bytes.  The host copies them
 * with qemu-img: qemu's raw driver, given offset= and size=, shows one
 * partition of an image of any format as a disk of its own, so each
 * partition is one "qemu-img convert -n" from a window of the input to
 * a window of the output.  Under TCG that is many times faster than
 * copying inside the appliance, and qemu keeps holes (the output was
 * created empty, so zeroes need not be written unless --no-sparse).
 * The input is opened read-only by qemu-img, with the format the user
 * gave or careen detected: it is never probed by qemu.
 *
 * Without qemu-img the bytes are copied in the appliance instead
 * (copy_device_to_device), during the first launch.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs.h"
#include "cleanups.h"
#include "spawn.h"
#include "virt-resize.h"

bool
rz_have_qemu_img (void)
{
  const char *path = getenv ("PATH");
  CLEANUP_FREE char *copy = NULL;
  char *dir, *save = NULL;

  if (path == NULL || (copy = strdup (path)) == NULL)
    return false;
  for (dir = strtok_r (copy, ":", &save); dir;
       dir = strtok_r (NULL, ":", &save)) {
    CLEANUP_FREE char *f = NULL;

    if (asprintf (&f, "%s/qemu-img", *dir ? dir : ".") != -1 &&
        access (f, X_OK) == 0)
      return true;
  }
  return false;
}

/* qemu's option syntax: a comma inside a value is written twice. */
static char *
escape_commas (const char *s)
{
  size_t n = strlen (s) + 1, i, j;
  char *r;

  for (i = 0; s[i]; ++i)
    n += s[i] == ',';
  r = malloc (n);
  if (r == NULL)
    return NULL;
  for (i = j = 0; s[i]; ++i) {
    r[j++] = s[i];
    if (s[i] == ',')
      r[j++] = ',';
  }
  r[j] = '\0';
  return r;
}

/* The --image-opts string of the window [OFFSET, OFFSET+SIZE) of FILE
 * in format FORMAT.
 */
static char *
window (const char *file, const char *format, int64_t offset, int64_t size)
{
  CLEANUP_FREE char *f = escape_commas (file);
  const char *proto = "file";
  struct stat st;
  char *r;

  if (f == NULL || strchr (format, ',') || strchr (format, '='))
    return NULL;
  if (stat (file, &st) == 0 && S_ISBLK (st.st_mode))
    proto = "host_device";
  if (strcmp (format, "raw") == 0) {
    if (asprintf (&r, "driver=raw,offset=%" PRIi64 ",size=%" PRIi64
                  ",file.driver=%s,file.filename=%s",
                  offset, size, proto, f) == -1)
      return NULL;
  }
  else if (asprintf (&r, "driver=raw,offset=%" PRIi64 ",size=%" PRIi64
                     ",file.driver=%s,file.file.driver=%s,"
                     "file.file.filename=%s",
                     offset, size, format, proto, f) == -1)
    return NULL;
  return r;
}

/* Runs qemu-img convert for one window.  Returns 0 or -1 (printed). */
static int
convert (const struct rz_opts *o, const char *src, const char *dst,
         bool progress)
{
  const char *argv[16];
  size_t n = 0;
  int status;

  argv[n++] = "qemu-img";
  argv[n++] = "convert";
  argv[n++] = "-n";
  if (progress)
    argv[n++] = "-p";
  if (o->sparse)
    /* The output was created empty: zeroes need not be written. */
    argv[n++] = "--target-is-zero";
  else {
    argv[n++] = "-S";
    argv[n++] = "0";
  }
  argv[n++] = "--image-opts";
  argv[n++] = src;
  argv[n++] = "--target-image-opts";
  argv[n++] = dst;
  argv[n] = NULL;

  status = spawn_run (PROGRAM ": error", (char **) argv);
  if (status > 0)
    fprintf (stderr, "%s: error: qemu-img convert failed (status %d)\n",
             PROGRAM, status);
  return status == 0 ? 0 : -1;
}

/* Bytes of P to copy: all of it, or what fits a forced shrink. */
static int64_t
copy_size (const struct rz_part *p)
{
  return p->new_size < p->size ? p->new_size : p->size;
}

static bool
copied (const struct rz_part *p)
{
  return p->op == RZ_OP_COPY || p->op == RZ_OP_RESIZE;
}

int
rz_copy_host (const struct rz_disk *d, const struct rz_opts *o)
{
  bool progress = !o->quiet && !o->machine_readable && isatty (1);
  int64_t total = 0, done = 0;
  size_t i;

  for (i = 0; i < d->nr_parts; ++i)
    if (copied (&d->parts[i]))
      total += copy_size (&d->parts[i]);
  for (i = 0; i < d->nr_parts; ++i) {
    const struct rz_part *p = &d->parts[i];
    CLEANUP_FREE char *src = NULL, *dst = NULL;
    int64_t n = copy_size (p);

    if (!copied (p))
      continue;
    rz_message (o, "Copying %s", p->name);
    src = window (o->infile, o->informat, p->start, n);
    dst = window (o->outfile, o->outformat, p->out_start * RZ_SECTOR, n);
    if (src == NULL || dst == NULL) {
      fprintf (stderr, "%s: error: %s: cannot describe the copy to "
               "qemu-img (format '%s' or '%s')\n", PROGRAM, p->name,
               o->informat, o->outformat);
      return -1;
    }
    if (o->machine_readable) {
      fprintf (rz_mr_out, "%" PRIi64 "/%" PRIi64 "\n", done, total);
      fflush (rz_mr_out);
    }
    if (convert (o, src, dst, progress) == -1)
      return -1;
    done += n;
    if (o->machine_readable) {
      fprintf (rz_mr_out, "%" PRIi64 "/%" PRIi64 "\n", done, total);
      fflush (rz_mr_out);
    }
  }
  fflush (stdout);
  return 0;
}

int
rz_copy_host_file (const struct rz_opts *o, const char *file,
                   int64_t offset, int64_t size)
{
  CLEANUP_FREE char *src = window (file, "raw", 0, size);
  CLEANUP_FREE char *dst = window (o->outfile, o->outformat, offset, size);

  if (src == NULL || dst == NULL) {
    fprintf (stderr, "%s: error: cannot describe the copy to qemu-img "
             "(format '%s')\n", PROGRAM, o->outformat);
    return -1;
  }
  return convert (o, src, dst, false);
}

int
rz_copy_appliance (guestfs_h *g, const char *indev, const char *outdev,
                   const struct rz_disk *d, const struct rz_opts *o)
{
  size_t i;

  for (i = 0; i < d->nr_parts; ++i) {
    const struct rz_part *p = &d->parts[i];

    if (!copied (p))
      continue;
    rz_message (o, "Copying %s", p->name);
    if (guestfs_copy_device_to_device (g, indev, outdev,
               GUESTFS_COPY_DEVICE_TO_DEVICE_SRCOFFSET, p->start,
               GUESTFS_COPY_DEVICE_TO_DEVICE_DESTOFFSET,
               p->out_start * RZ_SECTOR,
               GUESTFS_COPY_DEVICE_TO_DEVICE_SIZE, copy_size (p),
               GUESTFS_COPY_DEVICE_TO_DEVICE_SPARSE, o->sparse,
               -1) == -1)
      return -1;
  }
  return 0;
}
