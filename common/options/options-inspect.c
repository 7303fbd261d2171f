/** careen - offline disk-image toolkit
 *
 * -i for guestfish and the tools: find the one operating system of the
 * disks and mount its filesystems where the guest mounts them.  The
 * mounting half (options_mount_root) is shared with virt-sysprep,
 * which walks every root of a multi-boot disk itself.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "options.h"
#include "stringsbuf.h"

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

/* The inspected (mountpoint, device) pairs of ROOT, sorted so that a
 * mountpoint comes after the one it lives in.  NULL after the library
 * reported the error.
 */
static char **
sorted_mountpoints (guestfs_h *g, const char *root)
{
  char **mps = guestfs_inspect_get_mountpoints (g, root);

  if (mps != NULL)
    qsort (mps, strings_count (mps) / 2, 2 * sizeof (char *),
           compare_mountpoints);
  return mps;
}

/* The options of MP in "MP:OPTS[;MP:OPTS...]", in a new string, or
 * NULL when SPEC gives none for it.  Sets *NOMEM on no memory.
 */
static char *
options_for (const char *spec, const char *mp, bool *nomem)
{
  const char *p = spec;
  size_t mplen = strlen (mp);

  while (p && *p) {
    size_t len = strcspn (p, ";");
    const char *colon = memchr (p, ':', len);

    if (colon && (size_t) (colon - p) == mplen &&
        strncmp (p, mp, mplen) == 0) {
      char *r = strndup (colon + 1, len - mplen - 1);

      *nomem = r == NULL;
      return r;
    }
    p += len;
    if (*p == ';')
      p++;
  }
  return NULL;
}

/* The mount options of one filesystem: those given, and "ro" in front
 * when read-only.  NULL on no memory.
 */
static char *
full_options (bool read_only, const char *given)
{
  char *r;

  if (asprintf (&r, "%s%s%s", read_only ? "ro" : "",
                read_only && given && *given ? "," : "",
                given ? given : "") == -1)
    return NULL;
  return r;
}

int
options_mount_root (const struct options *o, guestfs_h *g,
                    const char *root, const char *mount_options)
{
  CLEANUP_FREE_STRING_LIST char **mps = NULL;
  size_t i, failed = 0;

  mps = sorted_mountpoints (g, root);
  if (mps == NULL)
    return -1;
  for (i = 0; mps[i] && mps[i + 1]; i += 2) {
    const char *mp = mps[i], *dev = mps[i + 1];
    CLEANUP_FREE char *given = NULL, *opts = NULL;
    bool nomem = false;
    int r;

    given = options_for (mount_options, mp, &nomem);
    if (!nomem && given != NULL)
      opts = full_options (o->read_only, given);
    if (nomem || (given != NULL && opts == NULL)) {
      fprintf (stderr, "%s: out of memory\n", o->program);
      return -1;
    }
    /* The handler prints the failure ("libguestfs: error: mount_ro:
     * mount: /srv: mount point is not a directory"), the line users of
     * libguestfs's tools know, so the call is the one they make.
     */
    if (opts != NULL)
      r = guestfs_mount_options (g, opts, dev, mp);
    else if (o->read_only)
      r = guestfs_mount_ro (g, dev, mp);
    else
      r = guestfs_mount (g, dev, mp);
    if (r == -1) {
      /* Nothing is usable without the root; any other filesystem of
       * the guest's fstab may be missing or broken (a disk not added,
       * a mount point not made) and the rest still works.
       */
      if (strcmp (mp, "/") == 0)
        return -1;
      failed++;
    }
  }
  if (failed > 0)
    fprintf (stderr, "%s: some filesystems could not be mounted (ignored)\n",
             o->program);
  return 0;
}

int
options_inspect_mount (const struct options *o, guestfs_h *g,
                       char **root_r)
{
  CLEANUP_FREE_STRING_LIST char **roots = NULL;

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
             "supported by the -i option: use -m to choose the "
             "filesystems to mount\n", o->program);
    return -1;
  }
  if (options_mount_root (o, g, roots[0], NULL) == -1)
    return -1;
  if (root_r) {
    *root_r = roots[0];
    roots[0] = NULL;            /* the only root: the list is now empty */
  }
  return 0;
}

void
options_print_inspect (guestfs_h *g, const char *root)
{
  CLEANUP_FREE_STRING_LIST char **mps = NULL;
  CLEANUP_FREE_STRING_LIST char **mounted = NULL;
  CLEANUP_FREE char *product = NULL;
  size_t i, j;

  /* Only a courtesy to the user: a failure prints nothing more. */
  guestfs_push_error_handler (g, NULL, NULL);
  product = guestfs_inspect_get_product_name (g, root);
  mps = sorted_mountpoints (g, root);
  mounted = guestfs_mountpoints (g);
  guestfs_pop_error_handler (g);

  if (product && strcmp (product, "unknown") != 0)
    printf ("Operating system: %s\n", product);
  for (i = 0; mps && mounted && mps[i] && mps[i + 1]; i += 2) {
    /* mountpoints is a (device, mountpoint) hash. */
    for (j = 0; mounted[j] && mounted[j + 1]; j += 2)
      if (strcmp (mounted[j + 1], mps[i]) == 0) {
        printf ("%s mounted on %s\n", mps[i + 1], mps[i]);
        break;
      }
  }
  printf ("\n");
}
