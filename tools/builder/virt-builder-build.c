/** careen - offline disk-image toolkit
 *
 * Building a guest from a template: fetch it (or take it from the
 * cache), check its SHA-512 (or its detached signature), uncompress
 * it, bring it to the output's size and format (virt-resize grows the
 * index's expand= partition and lvexpand= volume with what they
 * hold), then run the customize operations on it, as virt-customize
 * would.
 *
 * The output is written under a temporary name beside it and renamed
 * only once everything succeeded: a failed build never leaves a file
 * under the output's name.
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

#include "guestfs.h"
#include "cleanups.h"
#include "customize.h"
#include "customize-attach.h"
#include "options.h"
#include "spawn.h"
#include "xalloc.h"
#include "virt-builder.h"

/* mkdir -p for the cache, which may be several levels down in $HOME. */
static int
make_dirs (const char *dir)
{
  CLEANUP_FREE char *copy = xstrdup (dir);
  char *p;

  for (p = copy + 1; *p; ++p)
    if (*p == '/') {
      *p = '\0';
      if (mkdir (copy, 0755) == -1 && errno != EEXIST)
        return -1;
      *p = '/';
    }
  if (mkdir (copy, 0755) == -1 && errno != EEXIST)
    return -1;
  return 0;
}

/* The template checked, or the signature checked: one of them must
 * vouch for it, unless --no-check-signature.
 */
static int
check_template (const struct vb_opts *o, const struct vb_source *src,
                const struct index_entry *e, const char *file)
{
  if (e->checksum_sha512) {
    char hex[129];

    if (vb_sha512_file (file, hex) == -1)
      return -1;
    if (strcasecmp (hex, e->checksum_sha512) != 0) {
      vb_error ("the checksum of the template '%s' does not match the "
                "index's (SHA-512 %s, expected %s): the file is corrupt or "
                "was tampered with", e->os_version, hex, e->checksum_sha512);
      return -1;
    }
    return 0;
  }
  if (!o->check_signature || !src->check_signature)
    return 0;
  if (e->signature_uri) {
    CLEANUP_FREE char *uri = vb_resolve_uri (src->uri, e->signature_uri);
    CLEANUP_FREE char *sig = NULL;
    int r;

    if (asprintf (&sig, "%s/template.sig", o->tmpdir) == -1)
      die_nomem ();
    if (vb_download (o, uri, src->proxy, sig) == -1)
      return -1;
    r = vb_verify (o, (struct vb_source *) src, file, sig);
    unlink (sig);
    return r;
  }
  vb_error ("the template '%s' has neither a checksum nor a signature: "
            "use --no-check-signature to build it anyway", e->os_version);
  return -1;
}

/* The template's file as served, checked: in the cache, or in the
 * scratch folder with --no-cache.  Returns the path, or NULL.
 */
static char *
fetch_template (const struct vb_opts *o, const struct vb_source *src,
                const struct index_entry *e)
{
  CLEANUP_FREE char *uri = vb_resolve_uri (src->uri, e->file);
  CLEANUP_FREE char *part = NULL;
  char *file;

  if (o->cache_dir) {
    if (make_dirs (o->cache_dir) == -1) {
      vb_error ("mkdir: '%s': %m", o->cache_dir);
      return NULL;
    }
    file = vb_cache_file (o->cache_dir, e);
    if (access (file, R_OK) == 0) {
      if (o->verbose)
        fprintf (stderr, "%s: using the cached %s\n", PROGRAM, file);
      if (check_template (o, src, e, file) == 0)
        return file;
      /* A bad cached copy would fail every later build too. */
      unlink (file);
      free (file);
      return NULL;
    }
    if (asprintf (&part, "%s.part.%d", file, (int) getpid ()) == -1)
      die_nomem ();
  }
  else {
    if (asprintf (&file, "%s/template", o->tmpdir) == -1)
      die_nomem ();
    part = xstrdup (file);
  }

  vb_message (o, "Downloading: %s", uri);
  if (vb_download (o, uri, src->proxy, part) == -1 ||
      check_template (o, src, e, part) == -1) {
    unlink (part);
    free (file);
    return NULL;
  }
  if (strcmp (part, file) != 0 && rename (part, file) == -1) {
    vb_error ("rename: '%s': %m", part);
    unlink (part);
    free (file);
    return NULL;
  }
  return file;
}

static bool
ends_with (const char *s, const char *suffix)
{
  size_t a = strlen (s), b = strlen (suffix);

  return a >= b && strcmp (s + a - b, suffix) == 0;
}

/* The template uncompressed in the scratch folder (xz), or FILE itself
 * when it is not compressed.
 */
static char *
uncompress (const struct vb_opts *o, const struct index_entry *e,
            const char *file)
{
  char *argv[] = { (char *) "xz", (char *) "-dc", (char *) "--",
                   (char *) file, NULL };
  struct spawn s;
  char *out;
  int fd, status;

  if (!ends_with (e->file, ".xz"))
    return xstrdup (file);
  if (asprintf (&out, "%s/template.img", o->tmpdir) == -1)
    die_nomem ();
  vb_message (o, "Uncompressing: %s", e->file);
  fd = open (out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd == -1) {
    vb_error ("create: '%s': %m", out);
    free (out);
    return NULL;
  }
  spawn_init (&s, PROGRAM, argv);
  s.fd[1] = fd;
  status = spawn_start (&s) == -1 ? -1 : spawn_wait (&s);
  close (fd);
  if (status != 0) {
    if (status > 0)
      vb_error ("the template '%s' could not be uncompressed (xz exit "
                "status %d): it is corrupt", e->os_version, status);
    unlink (out);
    free (out);
    return NULL;
  }
  return out;
}

static int
run (const struct vb_opts *o, char **argv)
{
  int status;

  vb_trace_command (o, argv);
  status = spawn_run (PROGRAM, argv);
  if (status > 0)
    vb_error ("%s failed (exit status %d)", argv[0], status);
  return status == 0 ? 0 : -1;
}

/* The template at its size into OUT: a conversion when only the format
 * changes, else an empty disk of the new size filled by virt-resize.
 */
static int
resize_into (const struct vb_opts *o, const struct index_entry *e,
             const char *tfmt, const char *img, const struct vb_build *b,
             uint64_t size, const char *out)
{
  CLEANUP_FREE char *sizestr = NULL;

  if (size == e->size) {
    char *argv[] = { (char *) "qemu-img", (char *) "convert", (char *) "-f",
                     (char *) tfmt, (char *) "-O", (char *) b->format,
                     (char *) img, (char *) out, NULL };

    return run (o, argv);
  }
  if (asprintf (&sizestr, "%" PRIu64, size) == -1)
    die_nomem ();
  {
    char *create[] = { (char *) "qemu-img", (char *) "create", (char *) "-q",
                       (char *) "-f", (char *) b->format, (char *) out,
                       sizestr, NULL };
    const char *resize[16];
    size_t n = 0;

    if (run (o, create) == -1)
      return -1;
    resize[n++] = "virt-resize";
    resize[n++] = "--format";
    resize[n++] = tfmt;
    resize[n++] = "--output-format";
    resize[n++] = b->format;
    if (e->expand) {
      resize[n++] = "--expand";
      resize[n++] = e->expand;
    }
    if (e->lvexpand) {
      resize[n++] = "--lv-expand";
      resize[n++] = e->lvexpand;
    }
    if (!o->verbose)
      resize[n++] = "--quiet";
    resize[n++] = img;
    resize[n++] = out;
    resize[n] = NULL;
    return run (o, (char **) resize);
  }
}

/* The customize phase on OUT, opened read-write. */
static int
customize (const struct vb_opts *o, const struct vb_build *b,
           const char *out, struct customize_ops *ops)
{
  static const char no_short[] = "";
  static const struct option no_long[] = { { NULL, 0, NULL, 0 } };
  struct options opts;
  char *root = NULL;
  guestfs_h *g;
  int r = -1;
  bool network = o->network == -1 ? customize_runs_guest_programs (ops)
    : o->network == 1;

  options_init (&opts, PROGRAM, false, no_short, no_long);
  opts.verbose = o->verbose;
  opts.trace = o->trace;
  opts.format = xstrdup (b->format);
  options_add_positional_drive (&opts, out);
  g = options_create_handle (&opts);
  if ((b->memsize && guestfs_set_memsize (g, b->memsize) == -1) ||
      (b->smp && guestfs_set_smp (g, b->smp) == -1) ||
      (network && guestfs_set_network (g, 1) == -1) ||
      options_add_drives (&opts, g) == -1)
    goto out;
  if (customize_attach_drives (&b->attach, g) == -1)
    goto out;
  vb_message (o, "Opening the new disk");
  if (guestfs_launch (g) == -1 ||
      options_inspect_mount (&opts, g, &root) == -1 ||
      customize_set_random_seed (g, root, ops, false, o->quiet) == -1 ||
      customize_run (g, root, ops, false, o->quiet) == -1)
    goto out;
  /* shutdown reports write-back errors that close would hide. */
  if (guestfs_shutdown (g) == -1)
    goto out;
  r = 0;

 out:
  guestfs_close (g);
  free (root);
  options_free (&opts);
  return r;
}

static int
sync_file (const char *file)
{
  int fd = open (file, O_RDONLY | O_CLOEXEC);

  if (fd == -1 || fsync (fd) == -1) {
    vb_error ("fsync: '%s': %m", file);
    if (fd >= 0)
      close (fd);
    return -1;
  }
  close (fd);
  return 0;
}

int
vb_build (const struct vb_opts *o, const struct vb_source *src,
          const struct index_entry *e, const struct vb_build *b,
          struct customize_ops *ops)
{
  CLEANUP_FREE char *file = NULL;
  CLEANUP_FREE char *img = NULL;
  CLEANUP_FREE char *tmpout = NULL;
  const char *tfmt = e->format ? e->format : "raw";
  uint64_t size = b->size ? b->size : e->size;
  int fd, r = -1;

  if (size < e->size) {
    CLEANUP_FREE char *want = vb_human_size (size);
    CLEANUP_FREE char *min = vb_human_size (e->size);

    vb_error ("--size %s is smaller than the template '%s' (%s): images "
              "cannot be shrunk", want, e->os_version, min);
    return -1;
  }

  /* Claim the temporary name first: a build that cannot write its
   * output should fail before the download, not after.
   */
  if (asprintf (&tmpout, "%s.tmpXXXXXX", b->output) == -1)
    die_nomem ();
  fd = mkstemp (tmpout);
  if (fd == -1) {
    vb_error ("create: '%s': %m", tmpout);
    return -1;
  }
  close (fd);

  file = fetch_template (o, src, e);
  if (file == NULL)
    goto out;
  img = uncompress (o, e, file);
  if (img == NULL)
    goto out;
  {
    CLEANUP_FREE char *hsize = vb_human_size (size);

    vb_message (o, size == e->size ? "Converting the template to %s"
                : "Resizing (using virt-resize) to expand the disk to %s",
                size == e->size ? b->format : hsize);
  }
  if (resize_into (o, e, tfmt, img, b, size, tmpout) == -1)
    goto out;
  if (strcmp (img, file) != 0)
    unlink (img);
  if (customize (o, b, tmpout, ops) == -1)
    goto out;
  if (o->sync && sync_file (tmpout) == -1)
    goto out;
  if (rename (tmpout, b->output) == -1) {
    vb_error ("rename: '%s' to '%s': %m", tmpout, b->output);
    goto out;
  }
  r = 0;

 out:
  if (r == -1) {
    if (o->delete_on_failure)
      unlink (tmpout);
    else
      fprintf (stderr, "%s: the unfinished output is kept as '%s'\n",
               PROGRAM, tmpout);
  }
  return r;
}
