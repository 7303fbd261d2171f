/** careen - offline disk-image toolkit
 *
 * --attach and --attach-format, kept once for virt-customize and
 * virt-builder (customize-attach.h).
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "customize-attach.h"

void
customize_attach_option (struct customize_attach *a, const char *program,
                         const char *file)
{
  if (a->n >= CUSTOMIZE_MAX_ATTACH) {
    fprintf (stderr, "%s: --attach: too many disks (most %d)\n",
             program, CUSTOMIZE_MAX_ATTACH);
    exit (EXIT_FAILURE);
  }
  if (access (file, R_OK) == -1) {
    fprintf (stderr, "%s: --attach: %s: %m\n", program, file);
    exit (EXIT_FAILURE);
  }
  a->format[a->n] = a->next_format;
  a->path[a->n++] = file;
}

void
customize_attach_format_option (struct customize_attach *a,
                                const char *format)
{
  a->next_format = strcmp (format, "auto") == 0 ? NULL : format;
}

int
customize_attach_drives (const struct customize_attach *a, guestfs_h *g)
{
  size_t i;
  int r;

  for (i = 0; i < a->n; ++i) {
    if (a->format[i])
      r = guestfs_add_drive_opts (g, a->path[i],
                                  GUESTFS_ADD_DRIVE_OPTS_READONLY, 1,
                                  GUESTFS_ADD_DRIVE_OPTS_FORMAT,
                                  a->format[i], -1);
    else
      r = guestfs_add_drive_opts (g, a->path[i],
                                  GUESTFS_ADD_DRIVE_OPTS_READONLY, 1, -1);
    if (r == -1)
      return -1;
  }
  return 0;
}
