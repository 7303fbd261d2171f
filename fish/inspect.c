/* careen - offline disk-image toolkit */

/**
 * guestfish -i (--inspector): after launch, find the one operating
 * system on the disks and mount its filesystems where it mounts them
 * itself, shortest mountpoint first so that / is there before /boot.
 * In an interactive session the operating system and the mounts are
 * announced, as guestfish users expect after the welcome text.
 *
 * Used by fish.c: after launch (and after -N preparation), when -i
 * was given, call fish_inspect_mount (fish_read_only,
 * fish_interactive_session) and stop with an error status when it
 * returns -1.
 */

#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs.h"
#include "cleanups.h"
#include "stringsbuf.h"
#include "fish.h"
#include "fish-cmds.h"

/* fish.c calls this; its prototype belongs in fish.h. */

/* Orders (mountpoint, device) pairs by mountpoint length, then name. */
static int
compare_mountpoints (const void *a, const void *b)
{
  const char *const *pa = a, *const *pb = b;
  size_t la = strlen (pa[0]), lb = strlen (pb[0]);

  if (la != lb)
    return la < lb ? -1 : 1;
  return strcmp (pa[0], pb[0]);
}

/**
 * Inspects, then mounts the root's filesystems (read-only if
 * read_only).  Returns 0, or -1 after printing why: no operating
 * system, several of them (-i cannot choose), or the root would not
 * mount.  A filesystem other than the root that does not mount (an
 * fstab naming a disk that was not added, say) is reported and
 * skipped, as the guest itself would boot without it.
 */
int
fish_inspect_mount (bool read_only, bool announce)
{
  CLEANUP_FREE_STRING_LIST char **roots = NULL;
  CLEANUP_FREE_STRING_LIST char **mps = NULL;
  CLEANUP_FREE char *product = NULL;
  size_t i, n;

  roots = guestfs_inspect_os (g);
  if (roots == NULL)
    return -1;
  if (roots[0] == NULL) {
    fprintf (stderr, "guestfish: no operating system was found on this "
             "disk\n");
    return -1;
  }
  if (roots[1] != NULL) {
    fprintf (stderr, "guestfish: multi-boot operating systems are not "
             "supported by the -i option: use -m to choose the "
             "filesystems to mount\n");
    return -1;
  }
  mps = guestfs_inspect_get_mountpoints (g, roots[0]);
  if (mps == NULL)
    return -1;
  n = strings_count (mps) / 2;
  qsort (mps, n, 2 * sizeof (char *), compare_mountpoints);

  if (announce) {
    product = guestfs_inspect_get_product_name (g, roots[0]);
    if (product && strcmp (product, "unknown") != 0)
      printf ("Operating system: %s\n", product);
  }
  for (i = 0; i < n; ++i) {
    const char *mp = mps[2*i], *dev = mps[2*i+1];
    int r;

    guestfs_push_error_handler (g, NULL, NULL);
    r = read_only ? guestfs_mount_ro (g, dev, mp) : guestfs_mount (g, dev, mp);
    guestfs_pop_error_handler (g);
    if (r == -1) {
      if (strcmp (mp, "/") == 0) {
        fprintf (stderr, "guestfish: the root filesystem %s could not be "
                 "mounted: %s\n", dev, guestfs_last_error (g));
        return -1;
      }
      fprintf (stderr, "guestfish: %s could not be mounted on %s: %s "
               "(ignored)\n", dev, mp, guestfs_last_error (g));
      continue;
    }
    if (announce)
      printf ("%s mounted on %s\n", dev, mp);
  }
  if (announce)
    printf ("\n");
  return 0;
}
