/** careen - offline disk-image toolkit
 *
 * The list of --images-from: one image a line, maybe followed by
 * blanks and its format ("disk.qcow2 qcow2"); blank lines and lines
 * starting with '#' are skipped; "-" is standard input.  File names
 * may hold blanks ("VM 1.img"), so the last word is a format only
 * when it is the name of one: a list written for virt-df before
 * formats were allowed still means the same.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "vector.h"
#include "xalloc.h"
#include "fleet-internal.h"

/* The formats a line may end with: what qemu opens as a disk. */
static const char *const formats[] = {
  "raw", "qcow2", "qcow", "qed", "vmdk", "vdi", "vhdx", "vpc",
  "parallels", "bochs", "cloop", "dmg", "luks", NULL
};

static bool
is_format (const char *word)
{
  size_t i;

  for (i = 0; formats[i]; ++i)
    if (strcmp (formats[i], word) == 0)
      return true;
  return false;
}

static bool
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

/* Adds the image of LINE (its end-of-line removed). */
static void
add_line (struct fleet *f, char *line, size_t len)
{
  struct fleet_image im = { NULL, NULL };
  char *word;

  while (len > 0 && is_blank (line[len - 1]))
    line[--len] = '\0';
  if (len == 0 || line[0] == '#')
    return;
  word = line + len;
  while (word > line && !is_blank (word[-1]))
    word--;
  if (word > line && is_format (word)) {
    char *end = word;

    while (end > line && is_blank (end[-1]))
      end--;
    if (end > line) {
      im.format = xstrdup (word);
      *end = '\0';
    }
  }
  if (im.format == NULL && f->default_format)
    im.format = xstrdup (f->default_format);
  im.path = xstrdup (line);
  if (f->nr_images >= FLEET_MAX_IMAGES) {
    fprintf (stderr, "%s: %s: more than %d images\n", f->tool->program,
             f->images_from, FLEET_MAX_IMAGES);
    exit (FLEET_ALL_FAILED);
  }
  if (vector_reserve ((void **) &f->images, &f->images_cap, f->nr_images,
                      1, sizeof *f->images) == -1)
    die_nomem ();
  f->images[f->nr_images++] = im;
}

void
fleet_read_list (struct fleet *f)
{
  bool use_stdin = strcmp (f->images_from, "-") == 0;
  CLEANUP_FCLOSE FILE *fp = use_stdin ? NULL : fopen (f->images_from, "re");
  FILE *in = use_stdin ? stdin : fp;
  CLEANUP_FREE char *line = NULL;
  size_t alloc = 0;
  ssize_t len;

  if (in == NULL) {
    fprintf (stderr, "%s: open: '%s': %m\n", f->tool->program,
             f->images_from);
    exit (FLEET_ALL_FAILED);
  }
  while ((len = getline (&line, &alloc, in)) != -1) {
    if (len > FLEET_MAX_LIST_LINE) {
      fprintf (stderr, "%s: %s: a line is longer than %d bytes\n",
               f->tool->program, f->images_from, FLEET_MAX_LIST_LINE);
      exit (FLEET_ALL_FAILED);
    }
    if (len > 0 && line[len - 1] == '\n')
      line[--len] = '\0';
    if (memchr (line, '\0', len)) {
      fprintf (stderr, "%s: %s: a line holds a NUL byte\n",
               f->tool->program, f->images_from);
      exit (FLEET_ALL_FAILED);
    }
    add_line (f, line, len);
  }
  if (ferror (in)) {
    fprintf (stderr, "%s: read: '%s': %m\n", f->tool->program,
             f->images_from);
    exit (FLEET_ALL_FAILED);
  }
}
