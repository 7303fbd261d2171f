/** careen - offline disk-image toolkit
 *
 * virt-v2v: the files of an output in -os DIR (-o local, qemu, json).
 * Every file is first written under a ".partial" name and renamed to
 * its final name only when all the disks and the metadata are
 * written, the metadata last.  Until then the partial files are
 * removed on any failure or signal (virt-v2v-tmp.c), so a directory
 * never holds an output that looks finished but is not.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "spawn.h"
#include "virt-v2v.h"

#define PARTIAL_SUFFIX ".partial"

void
output_files_free (struct output_files *f)
{
  size_t k;

  /* The slots are not forgotten here: on an error path the partial
   * files must still be removed on the way out.
   */
  for (k = 0; k < f->n; ++k) {
    if (f->final)
      free (f->final[k]);
    if (f->partial)
      free (f->partial[k]);
  }
  free (f->final);
  free (f->partial);
  free (f->slots);
  free (f->meta_final);
  free (f->meta_partial);
  memset (f, 0, sizeof *f);
  f->meta_slot = -1;
}

/* FINAL and its partial name; refuses a FINAL that exists (it may be
 * a guest converted before) and remembers the partial one.
 */
static int
name_file (const char *final, char **partial, int *slot)
{
  if (access (final, F_OK) == 0) {
    v2v_error ("'%s' already exists: remove it or choose another -os or "
               "-on", final);
    return -1;
  }
  if (asprintf (partial, "%s" PARTIAL_SUFFIX, final) == -1) {
    *partial = NULL;
    v2v_error ("asprintf: out of memory");
    return -1;
  }
  *slot = v2v_tmp_remember (*partial);
  return *slot == -1 ? -1 : 0;
}

/* Names the disks and METADATA file (NAME.xml ...) of C in DIR, and
 * refuses to overwrite a finished output.
 */
static int
output_files_init (const char *outdir, const struct v2v_converted *c,
                   const char *meta_suffix, struct output_files *f)
{
  const struct v2v_source *s = c->source;
  CLEANUP_FREE char *dir = NULL;
  size_t k;

  memset (f, 0, sizeof *f);
  f->meta_slot = -1;
  /* The metadata names the disks: libvirt and the qemu script need
   * absolute names.
   */
  dir = realpath (outdir, NULL);
  if (dir == NULL) {
    v2v_error ("'%s': %s", outdir, strerror (errno));
    return -1;
  }
  f->final = calloc (s->nr_disks, sizeof *f->final);
  f->partial = calloc (s->nr_disks, sizeof *f->partial);
  f->slots = calloc (s->nr_disks, sizeof *f->slots);
  if (f->final == NULL || f->partial == NULL || f->slots == NULL) {
    v2v_error ("calloc: out of memory");
    return -1;
  }
  for (k = 0; k < s->nr_disks; ++k)
    f->slots[k] = -1;
  f->n = s->nr_disks;
  for (k = 0; k < s->nr_disks; ++k) {
    char dev[16];

    /* virt-v2v names the files NAME-sda, NAME-sdb ... whatever the
     * bus: the name says the order, not where the guest sees them.
     */
    output_disk_name (V2V_BUS_SCSI, k, dev, sizeof dev);
    if (asprintf (&f->final[k], "%s/%s-%s", dir, s->name,
                  dev) == -1) {
      f->final[k] = NULL;
      v2v_error ("asprintf: out of memory");
      return -1;
    }
    if (name_file (f->final[k], &f->partial[k], &f->slots[k]) == -1)
      return -1;
  }
  if (meta_suffix) {
    if (asprintf (&f->meta_final, "%s/%s%s", dir, s->name,
                  meta_suffix) == -1) {
      f->meta_final = NULL;
      v2v_error ("asprintf: out of memory");
      return -1;
    }
    if (name_file (f->meta_final, &f->meta_partial, &f->meta_slot) == -1)
      return -1;
  }
  return 0;
}

/* Width of the progress bar, in characters between the brackets. */
#define BAR_WIDTH 40

/* Longest run of qemu-img -p output kept while looking for the next
 * "(NN.NN/100%)": its lines are short.
 */
#define PROGRESS_LINE_MAX 256

/* Shows PERCENT done: a bar for a person, a "progress: N/100" line for
 * --machine-readable.
 */
static void
show_progress (const struct v2v_cmdline *cl, double percent)
{
  int filled = (int) (percent * BAR_WIDTH / 100), k;

  if (filled < 0)
    filled = 0;
  if (filled > BAR_WIDTH)
    filled = BAR_WIDTH;
  if (cl->machine_readable) {
    printf ("progress: %.2f/100\n", percent);
    fflush (stdout);
    return;
  }
  printf ("\r%5.1f%% [", percent);
  for (k = 0; k < BAR_WIDTH; ++k)
    putchar (k < filled ? '#' : '-');
  putchar (']');
  fflush (stdout);
}

/* Reads qemu-img -p's progress from FD until it ends: "(12.34/100%)"
 * lines separated by carriage returns.
 */
static void
follow_progress (const struct v2v_cmdline *cl, int fd)
{
  char line[PROGRESS_LINE_MAX + 1];
  size_t len = 0;
  bool shown = false;
  ssize_t r;
  char c;

  while ((r = read (fd, &c, 1)) != 0) {
    if (r == -1) {
      if (errno == EINTR)
        continue;
      break;
    }
    if (c != '\r' && c != '\n') {
      if (len < PROGRESS_LINE_MAX)
        line[len++] = c;
      continue;
    }
    line[len] = '\0';
    len = 0;
    {
      const char *paren = strchr (line, '(');
      double percent;

      if (paren && sscanf (paren, "(%lf/100%%)", &percent) == 1) {
        show_progress (cl, percent);
        shown = true;
      }
    }
  }
  if (shown && !cl->machine_readable) {
    putchar ('\n');
    fflush (stdout);
  }
}

/* One overlay to its output file.  qemu-img's progress (-p) is read
 * through a pipe and shown as a bar on a terminal, or as lines with
 * --machine-readable; otherwise it is not asked for.
 */
static int
copy_disk (const struct v2v_cmdline *cl, const char *overlay,
           const char *partial)
{
  bool progress = !cl->quiet && !cl->json &&
    (cl->machine_readable || isatty (1));
  const char *argv[16];
  struct spawn sp;
  size_t n = 0;
  int r;

  argv[n++] = QEMU_IMG;
  argv[n++] = "convert";
  argv[n++] = progress ? "-p" : "-q";
  argv[n++] = "-f";
  argv[n++] = "qcow2";
  argv[n++] = "-O";
  argv[n++] = cl->output_format;
  if (cl->compressed)
    argv[n++] = "-c";
  if (cl->preallocated) {
    argv[n++] = "-o";
    /* falloc: the space is reserved without writing zeroes. */
    argv[n++] = "preallocation=falloc";
  }
  else if (strcmp (cl->output_format, "qcow2") == 0) {
    argv[n++] = "-o";
    argv[n++] = "compat=1.1";
  }
  argv[n++] = overlay;
  argv[n++] = partial;
  argv[n] = NULL;

  spawn_init (&sp, PROGRAM, (char *const *) argv);
  if (progress)
    sp.fd[1] = SPAWN_PIPE;
  if (spawn_start (&sp) == -1)
    return -1;
  v2v_tmp_set_child (sp.pid);
  if (progress)
    follow_progress (cl, sp.pipe[1]);
  r = spawn_wait (&sp);
  v2v_tmp_set_child (0);
  if (r > 0)
    v2v_error ("qemu-img convert to '%s' failed (exit status %d)", partial,
               r);
  return r == 0 ? 0 : -1;
}

/* Copies each overlay to its partial name with qemu-img convert. */
static int
output_copy_disks (const struct v2v_cmdline *cl, const struct v2v_converted *c,
                   struct output_files *f)
{
  size_t k;

  for (k = 0; k < f->n; ++k) {
    v2v_progress ("Copying disk %zu/%zu", k + 1, f->n);
    if (copy_disk (cl, c->overlays[k], f->partial[k]) == -1)
      return -1;
  }
  return 0;
}

/* Renames one partial file; the final name is now the one to remove
 * if a later rename fails.
 */
static int
finish_file (const char *partial, const char *final, int *slot)
{
  if (rename (partial, final) == -1) {
    v2v_error ("rename '%s' to '%s': %s", partial, final, strerror (errno));
    return -1;
  }
  v2v_tmp_forget (*slot);
  *slot = v2v_tmp_remember (final);
  return *slot == -1 ? -1 : 0;
}

/* Renames every partial file to its final name, metadata last, so
 * that an output that looks finished is finished.
 */
int
output_files_finish (struct output_files *f)
{
  size_t k;

  for (k = 0; k < f->n; ++k)
    if (finish_file (f->partial[k], f->final[k], &f->slots[k]) == -1)
      return -1;
  if (f->meta_partial &&
      finish_file (f->meta_partial, f->meta_final, &f->meta_slot) == -1)
    return -1;
  /* All done: nothing is removed any more. */
  for (k = 0; k < f->n; ++k) {
    v2v_tmp_forget (f->slots[k]);
    f->slots[k] = -1;
  }
  v2v_tmp_forget (f->meta_slot);
  f->meta_slot = -1;
  return 0;
}

int
output_files_copy (const struct v2v_cmdline *cl,
                   const struct v2v_converted *c, const char *dir,
                   struct output_files *f)
{
  if (output_files_init (dir, c, NULL, f) == -1)
    return -1;
  return output_copy_disks (cl, c, f);
}

int
output_files_write (const struct v2v_cmdline *cl,
                    const struct v2v_converted *c, const char *suffix,
                    mode_t mode, output_meta_fn write_meta,
                    struct output_files *f)
{
  FILE *fp;

  if (output_files_init (cl->output_storage, c, suffix, f) == -1 ||
      output_copy_disks (cl, c, f) == -1)
    return -1;

  v2v_progress ("Creating output metadata");
  fp = fopen (f->meta_partial, "w");
  if (fp == NULL) {
    v2v_error ("%s: %s", f->meta_partial, strerror (errno));
    return -1;
  }
  if (write_meta (fp, cl, c, f) == -1) {
    fclose (fp);
    return -1;
  }
  /* On the disk before its final name is: qemu-img flushed the disks
   * the same way.
   */
  if (ferror (fp) | fflush (fp) | fsync (fileno (fp)) | fclose (fp)) {
    v2v_error ("write: %s: %s", f->meta_partial, strerror (errno));
    return -1;
  }
  if (chmod (f->meta_partial, mode) == -1) {
    v2v_error ("chmod: %s: %s", f->meta_partial, strerror (errno));
    return -1;
  }
  if (output_files_finish (f) == -1)
    return -1;
  return output_result (cl, c, f);
}
