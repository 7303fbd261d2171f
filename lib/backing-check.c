/** careen - offline disk-image toolkit
 *
 * The files an image names: its backing file (qcow2, QED, a VMDK
 * parent), a qcow2 external data file, the extents of a VMDK
 * descriptor.  qemu would open them by the names written in the image,
 * and whoever wrote the image chose those names: a qcow2 backed by
 * /etc/shadow as raw shows the host's file to anyone who reads the
 * guest disk.
 *
 * So add_drive walks the whole chain on the host first.  Every file
 * named must be a regular file that resolves (after symbolic links)
 * inside the directory holding the image added, or one of its
 * subdirectories; names that qemu would read as a protocol or as JSON
 * options are never allowed.  CAREEN_BACKING_FILES=any in the
 * environment (or the backend setting backing_files=any) allows any
 * regular file or block device of the host instead; the backend
 * setting backing_files=overlay lets careen's programs add their own
 * overlay over a user's disk that lies anywhere.
 *
 * Then qemu is given the chain as checked: the nodes, their formats
 * and their resolved file names in one json: file name, the last
 * backing set to null, so that qemu opens no name of its own for the
 * backing chain (VMDK extents excepted: qemu has no option to name
 * them; they are checked here only).
 */

#include <config.h>

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "guestfs-internal.h"
#include "image-header.h"

/* Longest backing chain followed: real chains are a few images long;
 * the bound stops loops (an image backed by itself) and hostile
 * chains that would exhaust file descriptors in qemu.
 */
#define MAX_BACKING_CHAIN 32

/* The environment variable and backend setting of the opt-in. */
#define BACKING_ENV "CAREEN_BACKING_FILES"
#define BACKING_SETTING "backing_files="

/* One image of the chain being walked, and what its names said. */
struct walk {
  guestfs_h *g;
  const char *top;              /* the name add_drive was given */
  const char *root;             /* allowed tree; NULL: any file */
  const char *image;            /* resolved name of the current image */
  char *backing;                /* its backing file, resolved, or NULL */
  char backing_format[32];      /* stated by the image, or "" */
  char *data_file;              /* its qcow2 data file, resolved, or NULL */
  bool failed;                  /* the callback reported an error */
};

/* Formats whose qemu driver takes a "backing" option. */
bool
guestfs_int_format_has_backing (const char *format)
{
  return strcmp (format, "qcow2") == 0 || strcmp (format, "qed") == 0 ||
    strcmp (format, "vmdk") == 0;
}

/* Names that qemu reads as a protocol ("nbd:host:port", "file:x",
 * "json:{...}", URLs) rather than as a local file: a colon before any
 * slash.
 */
static bool
name_is_protocol (const char *name)
{
  const char *colon = strchr (name, ':');
  const char *slash = strchr (name, '/');

  return colon != NULL && (slash == NULL || colon < slash);
}

/* Which files an image may name. */
enum backing_rule {
  BACKING_LOCAL,                /* inside the image's directory tree */
  BACKING_ANY,                  /* any regular file or block device */
  /* The image is an overlay that a program of careen made over the
   * user's disk (virt-v2v, virt-sparsify): its own backing file may be
   * anywhere, and the rest of the chain is checked as if that file had
   * been added.
   */
  BACKING_OVERLAY,
};

/* The rule, from the handle's backend setting (which
 * CAREEN_BACKING_FILES sets when the handle reads the environment).
 * -1: bad value, reported.
 */
static int
backing_rule (guestfs_h *g)
{
  const char *v = NULL;
  size_t i;

  for (i = 0; g->backend_settings[i] != NULL; ++i)
    if (strncmp (g->backend_settings[i], BACKING_SETTING,
                 strlen (BACKING_SETTING)) == 0)
      v = g->backend_settings[i] + strlen (BACKING_SETTING);
  if (v == NULL || *v == '\0' || strcmp (v, "local") == 0)
    return BACKING_LOCAL;
  if (strcmp (v, "any") == 0)
    return BACKING_ANY;
  if (strcmp (v, "overlay") == 0)
    return BACKING_OVERLAY;
  guestfs_int_error_errno (g, EINVAL, "backend setting backing_files: "
                           "unknown value '%s' (must be 'local', 'any' or "
                           "'overlay')", v);
  return -1;
}

static const char *
kind_name (enum image_name_kind kind)
{
  switch (kind) {
  case IMAGE_NAME_BACKING: return "backing file";
  case IMAGE_NAME_DATA_FILE: return "data file";
  case IMAGE_NAME_EXTENT: return "extent";
  }
  return "file";
}

/* Resolves NAME, written in the current image, and checks it against
 * the rule.  Returns the resolved name, or NULL after reporting.
 */
static char *
resolve (struct walk *w, enum image_name_kind kind, const char *name)
{
  guestfs_h *g = w->g;
  CLEANUP_FREE char *dir_copy = NULL, *joined = NULL;
  char *real;
  struct stat st;
  size_t n;

  if (name_is_protocol (name)) {
    guestfs_int_error_errno (g, EPERM, "%s: image '%s' names '%s' as its "
                             "%s, which qemu would read as a protocol or "
                             "options, not a local file: careen never "
                             "opens such names", w->top, w->image, name,
                             kind_name (kind));
    return NULL;
  }
  /* qemu resolves a relative name against the naming image's
   * directory.
   */
  if (name[0] == '/')
    joined = strdup (name);
  else {
    dir_copy = strdup (w->image);
    if (dir_copy == NULL ||
        asprintf (&joined, "%s/%s", dirname (dir_copy), name) == -1)
      joined = NULL;
  }
  if (joined == NULL)
    guestfs_int_oom (g);

  real = realpath (joined, NULL);
  if (real == NULL) {
    perrorf (g, "%s: %s '%s' of image '%s'", w->top, kind_name (kind),
             name, w->image);
    return NULL;
  }
  if (stat (real, &st) == -1) {
    perrorf (g, "%s: %s '%s'", w->top, kind_name (kind), real);
    free (real);
    return NULL;
  }
  if (!S_ISREG (st.st_mode) && !(w->root == NULL && S_ISBLK (st.st_mode))) {
    guestfs_int_error_errno (g, EPERM, "%s: image '%s' names '%s' as its "
                             "%s, which is not a regular file: careen "
                             "refuses it", w->top, w->image, name,
                             kind_name (kind));
    free (real);
    return NULL;
  }
  n = w->root ? strlen (w->root) : 0;
  if (w->root != NULL &&
      !(strncmp (real, w->root, n) == 0 &&
        (real[n] == '/' || strcmp (w->root, "/") == 0))) {
    guestfs_int_error_errno (g, EPERM, "%s: image '%s' names '%s' as its "
                             "%s, which resolves to '%s', outside the "
                             "image's directory '%s': careen refuses it "
                             "(set %s=any to allow any host file)",
                             w->top, w->image, name, kind_name (kind), real,
                             w->root, BACKING_ENV);
    free (real);
    return NULL;
  }
  return real;
}

static int
on_name (void *opaque, enum image_name_kind kind, const char *name,
         const char *format)
{
  struct walk *w = opaque;
  char *real = resolve (w, kind, name);

  if (real == NULL) {
    w->failed = true;
    return 1;
  }
  switch (kind) {
  case IMAGE_NAME_BACKING:
    free (w->backing);
    w->backing = real;
    snprintf (w->backing_format, sizeof w->backing_format, "%s",
              format ? format : "");
    if (format && !guestfs_int_is_known_format (format)) {
      guestfs_int_error_errno (w->g, EINVAL, "%s: image '%s' names an "
                               "unknown backing format '%s'", w->top,
                               w->image, format);
      w->failed = true;
      return 1;
    }
    break;
  case IMAGE_NAME_DATA_FILE:
    free (w->data_file);
    w->data_file = real;
    break;
  case IMAGE_NAME_EXTENT:
    /* Checked only: qemu opens extents by their names. */
    free (real);
    break;
  }
  return 0;
}

/* Appends s to the JSON text as a string, escaped. */
static void
json_string (FILE *fp, const char *s)
{
  fputc ('"', fp);
  for (; *s; ++s) {
    unsigned char c = *s;

    if (c == '"' || c == '\\')
      fprintf (fp, "\\%c", c);
    else if (c < 0x20)
      fprintf (fp, "\\u%04x", c);
    else
      fputc (c, fp);
  }
  fputc ('"', fp);
}

static void
json_file (FILE *fp, const char *key, const char *filename)
{
  fprintf (fp, "\"%s\":{\"driver\":\"file\",\"filename\":", key);
  json_string (fp, filename);
  fputc ('}', fp);
}

int
guestfs_int_check_backing_chain (guestfs_h *g, struct drive *drv)
{
  struct walk w = { .g = g, .top = drv->filename };
  CLEANUP_FREE char *top_real = NULL, *root_copy = NULL, *image = NULL;
  CLEANUP_FREE char *format = NULL;
  char *json = NULL;
  size_t json_len = 0, depth = 0;
  FILE *fp;
  int rule, r = -1;

  /* A remote image's header is read by qemu alone: qemu-cmdline.c
   * cuts its backing file off instead.
   */
  if (drv->protocol || !guestfs_int_format_has_backing (drv->format))
    return 0;
  rule = backing_rule (g);
  if (rule == -1)
    return -1;

  top_real = realpath (drv->filename, NULL);
  if (top_real == NULL) {
    perrorf (g, "realpath: %s", drv->filename);
    return -1;
  }
  if (rule == BACKING_LOCAL) {
    root_copy = strdup (top_real);
    if (root_copy == NULL)
      guestfs_int_oom (g);
    w.root = dirname (root_copy);
  }

  fp = open_memstream (&json, &json_len);
  if (fp == NULL)
    guestfs_int_oom (g);
  /* The top node's driver is -drive's format=. */
  fputs ("json:{", fp);
  image = strdup (top_real);
  format = strdup (drv->format);
  if (image == NULL || format == NULL)
    guestfs_int_oom (g);

  for (;;) {
    struct image_header_error err;
    struct image_header hdr;
    const char *next_format;
    int n;

    w.image = image;
    n = image_header_names_file (image, format, on_name, &w, &err);
    if (n == -1) {
      if (err.syscall) {
        errno = err.errnum;
        perrorf (g, "%s: %s: %s", drv->filename, err.msg, image);
      }
      else
        guestfs_int_error_errno (g, err.errnum, "%s: %s: %s",
                                 drv->filename, image, err.msg);
      goto out;
    }
    if (w.failed)
      goto out;

    json_file (fp, "file", image);
    if (w.data_file) {
      fputc (',', fp);
      json_file (fp, "data-file", w.data_file);
      free (w.data_file);
      w.data_file = NULL;
    }
    if (!guestfs_int_format_has_backing (format))
      break;
    if (w.backing == NULL) {
      fputs (",\"backing\":null", fp);
      break;
    }

    if (++depth > MAX_BACKING_CHAIN) {
      guestfs_int_error_errno (g, ELOOP, "%s: backing chain longer than "
                               "%d images", drv->filename,
                               MAX_BACKING_CHAIN);
      goto out;
    }
    /* A format the image does not state is probed, as qemu would, and
     * then given to qemu so that it never probes.
     */
    next_format = w.backing_format;
    if (next_format[0] == '\0') {
      if (guestfs_int_read_image_header (g, w.backing, NULL, &hdr) == -1)
        goto out;
      next_format = hdr.format;
    }
    free (format);
    format = strdup (next_format);
    if (format == NULL)
      guestfs_int_oom (g);
    fprintf (fp, ",\"backing\":{\"driver\":\"%s\",", format);
    free (image);
    image = w.backing;
    w.backing = NULL;
    /* Past careen's own overlay, the user's disk sets the rule. */
    if (rule == BACKING_OVERLAY && depth == 1) {
      root_copy = strdup (image);
      if (root_copy == NULL)
        guestfs_int_oom (g);
      w.root = dirname (root_copy);
    }
    debug (g, "add_drive: %s: backing file %s format %s",
           drv->filename, image, format);
  }
  for (; depth > 0; --depth)
    fputc ('}', fp);
  fputc ('}', fp);
  r = 0;

 out:
  free (w.backing);
  free (w.data_file);
  if (fclose (fp) != 0)
    guestfs_int_oom (g);
  if (r == 0)
    drv->chain = json;
  else
    free (json);
  return r;
}
