/** careen - offline disk-image toolkit
 *
 * Conversion: first the guest's filesystems must have room for what
 * the converter writes (a new initramfs, drivers, registry hives);
 * a conversion that runs out of space half way leaves a guest that
 * boots neither here nor there.  Then the converter of the guest's
 * family runs.
 */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "stringsbuf.h"
#include "v2v.h"

#define MB (UINT64_C (1024) * 1024)

/* What a converter may need on each filesystem: a new initramfs
 * in /boot, packages or drivers in /, a few small files elsewhere.
 */
#define NEEDED_ROOT (100 * MB)
#define NEEDED_BOOT (50 * MB)
#define NEEDED_OTHER (10 * MB)
/* Files the converter may create on any filesystem that has inodes. */
#define NEEDED_INODES 100

static uint64_t
needed_bytes (const char *mp)
{
  if (strcmp (mp, "/") == 0)
    return NEEDED_ROOT;
  if (strcmp (mp, "/boot") == 0)
    return NEEDED_BOOT;
  return NEEDED_OTHER;
}

/* Checks the free space of each filesystem of I that is mounted.  On
 * Windows only C: (mounted at /) is written.
 */
static int
check_free_space (guestfs_h *g, const struct v2v_inspect *i)
{
  size_t k;

  v2v_progress ("Checking for sufficient free disk space in the guest");
  for (k = 0; i->mountpoints[k] && i->mountpoints[k + 1]; k += 2) {
    const char *mp = i->mountpoints[k];
    struct guestfs_statvfs *sv;
    uint64_t free_bytes, need = needed_bytes (mp);
    int r;

    if (strcmp (i->type, "windows") == 0 && strcmp (mp, "/") != 0)
      continue;
    /* A filesystem that did not mount (a warning already) is not
     * written: it is not checked either.
     */
    guestfs_push_error_handler (g, NULL, NULL);
    r = guestfs_is_dir (g, mp);
    sv = r == 1 ? guestfs_statvfs (g, mp) : NULL;
    guestfs_pop_error_handler (g);
    if (sv == NULL)
      continue;
    free_bytes = (uint64_t) sv->bfree * sv->bsize;
    if (free_bytes < need) {
      v2v_error ("not enough free space for conversion on filesystem "
                 "'%s': %" PRIu64 " bytes free < %" PRIu64 " bytes needed "
                 "(free some space in the guest before converting it)",
                 mp, free_bytes, need);
      guestfs_free_statvfs (sv);
      return -1;
    }
    /* Filesystems without inodes (vfat, btrfs) report 0 files. */
    if (sv->files > 0 && sv->ffree < NEEDED_INODES) {
      v2v_error ("not enough free inodes for conversion on filesystem "
                 "'%s': %" PRId64 " inodes free < %d inodes needed",
                 mp, sv->ffree, NEEDED_INODES);
      guestfs_free_statvfs (sv);
      return -1;
    }
    guestfs_free_statvfs (sv);
  }
  return 0;
}

int
v2v_convert (guestfs_h *g, const struct v2v_inspect *i,
             const struct v2v_convert_options *o,
             struct v2v_guestcaps *caps)
{
  if (strcmp (i->type, "linux") != 0 && strcmp (i->type, "windows") != 0) {
    v2v_error ("the guest's operating system type '%s' (%s) cannot be "
               "converted: careen converts Linux and Windows guests",
               i->type, i->product_name);
    return -1;
  }
  if (check_free_space (g, i) == -1)
    return -1;

  v2v_progress ("Converting %s to run on KVM", i->product_name);
  if (strcmp (i->type, "linux") == 0)
    return v2v_convert_linux (g, i, o, caps);
  return v2v_convert_windows (g, i, o, caps);
}
