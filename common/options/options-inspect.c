/** careen - offline disk-image toolkit
 *
 * -i for the tools: find the one operating system of the disks and
 * mount its filesystems where the guest mounts them.  Built only when
 * the library has the inspect_* calls; without them -i fails with a
 * clear message rather than pretending.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "options.h"
#include "stringsbuf.h"

#ifdef GUESTFS_HAVE_INSPECT_OS

/* Shorter mountpoints first: "/" before "/boot" before "/boot/efi". */
static int
compare_mountpoints (const void *a, const void *b)
{
  const char *const *pa = a, *const *pb = b;
  size_t la = strlen (pa[0]), lb = strlen (pb[0]);

  if (la != lb)
    return la < lb ? -1 : 1;
  return strcmp (pa[0], pb[0]);
}

int
options_inspect_mount (const struct options *o, guestfs_h *g,
                       char **root_r)
{
  CLEANUP_FREE_STRING_LIST char **roots = NULL;
  CLEANUP_FREE_STRING_LIST char **mps = NULL;
  size_t i, n, errors = 0;

  if (options_decrypt (o, g) == -1)
    return -1;
  roots = guestfs_inspect_os (g);
  if (roots == NULL)
    return -1;
  if (roots[0] == NULL) {
    fprintf (stderr, "%s: no operating system was found on this disk\n",
             o->program);
    return -1;
  }
  if (roots[1] != NULL) {
    fprintf (stderr, "%s: multi-boot operating systems are not "
             "supported by the -i option\n", o->program);
    return -1;
  }
  mps = guestfs_inspect_get_mountpoints (g, roots[0]);
  if (mps == NULL)
    return -1;
  /* The hash is a flat list of (mountpoint, device) pairs. */
  n = strings_count (mps) / 2;
  qsort (mps, n, 2 * sizeof (char *), compare_mountpoints);
  for (i = 0; i < n; ++i) {
    int r;

    /* A guest's fstab can name filesystems that do not exist: such a
     * mount fails quietly and is counted, as in libguestfs's tools.
     */
    guestfs_push_error_handler (g, NULL, NULL);
    if (o->read_only)
      r = guestfs_mount_ro (g, mps[2 * i + 1], mps[2 * i]);
    else
      r = guestfs_mount (g, mps[2 * i + 1], mps[2 * i]);
    guestfs_pop_error_handler (g);
    if (r == -1) {
      if (strcmp (mps[2 * i], "/") == 0) {
        fprintf (stderr, "%s: the root filesystem %s could not be "
                 "mounted\n", o->program, mps[2 * i + 1]);
        return -1;
      }
      errors++;
    }
  }
  if (errors > 0)
    fprintf (stderr, "%s: some filesystems could not be mounted "
             "(ignored)\n", o->program);
  if (root_r) {
    *root_r = roots[0];
    roots[0] = NULL;            /* the only root: the list is now empty */
  }
  return 0;
}

#else /* !GUESTFS_HAVE_INSPECT_OS */

int
options_inspect_mount (const struct options *o, guestfs_h *g,
                       char **root_r)
{
  fprintf (stderr, "%s: -i: inspection is not supported yet in this "
           "build of careen: use -m to mount filesystems\n", o->program);
  errno = ENOTSUP;
  return -1;
}

#endif /* !GUESTFS_HAVE_INSPECT_OS */
