/* careen - offline disk-image toolkit
 * --attach and --attach-format of virt-customize and virt-builder:
 * extra disks (ISOs of packages, data) given to the appliance,
 * read-only, while the customize operations run.
 *
 *   struct customize_attach a = CUSTOMIZE_ATTACH_INIT;
 *   case ATTACH_OPTION: customize_attach_option (&a, PROGRAM, optarg);
 *   case ATTACH_FORMAT_OPTION: customize_attach_format_option (&a, optarg);
 *   ... after the tool's own disks:
 *   if (customize_attach_drives (&a, g) == -1) ...   (library printed)
 */

#ifndef CAREEN_CUSTOMIZE_ATTACH_H
#define CAREEN_CUSTOMIZE_ATTACH_H

#include <stddef.h>

#include "guestfs.h"

/* Most --attach disks: a few ISOs of packages or data are the use. */
#define CUSTOMIZE_MAX_ATTACH 16

struct customize_attach {
  const char *path[CUSTOMIZE_MAX_ATTACH];   /* borrowed from argv */
  const char *format[CUSTOMIZE_MAX_ATTACH]; /* NULL: probe */
  size_t n;
  const char *next_format;      /* of the next --attach */
};

#define CUSTOMIZE_ATTACH_INIT { .n = 0 }

/* customize-attach.c */

/* --attach FILE: exits(1) after "PROGRAM: --attach: ..." when there
 * are too many or FILE cannot be read (better now than after a
 * launch).
 */
extern void customize_attach_option (struct customize_attach *a,
                                     const char *program, const char *file);
/* --attach-format FMT ("auto" probes). */
extern void customize_attach_format_option (struct customize_attach *a,
                                            const char *format);
/* Adds the disks to G read-only.  Returns 0, or -1 (library printed). */
extern int customize_attach_drives (const struct customize_attach *a,
                                    guestfs_h *g);

#endif /* CAREEN_CUSTOMIZE_ATTACH_H */
