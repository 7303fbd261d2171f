/** careen - offline disk-image toolkit
 *
 * virt-builder-repository: what inspection tells about a template.
 *
 * Each image gets an appliance of its own, read-only: device names
 * are then those the guest has when it is the only disk (/dev/sda2),
 * which is how virt-builder and virt-resize will see it.
 *
 * expand is the partition virt-resize grows when virt-builder makes a
 * larger disk: the root filesystem's partition, or, when the root is
 * a logical volume, the largest partition of its volume group (and
 * lvexpand the root LV itself, which virt-resize grows after the
 * partition).  A root filesystem on the whole disk has nothing to
 * expand.
 */

#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "stringsbuf.h"
#include "xalloc.h"
#include "repository.h"

/* "debian12" -> "debian-12", "ubuntu24.04" -> "ubuntu-24.04": the
 * os-version style of virt-builder's template names, from the osinfo
 * short id; else DISTRO-MAJOR[.MINOR].  NULL when neither is known.
 */
static char *
os_version (const char *osinfo, const char *distro, int major, int minor)
{
  char *r;
  size_t i;

  if (osinfo && strcmp (osinfo, "unknown") != 0) {
    for (i = 1; osinfo[i]; ++i)
      if (isdigit ((unsigned char) osinfo[i]) &&
          !isdigit ((unsigned char) osinfo[i - 1])) {
        if (asprintf (&r, "%.*s-%s", (int) i, osinfo, osinfo + i) == -1)
          die_nomem ();
        return r;
      }
  }
  if (distro && strcmp (distro, "unknown") != 0 && major > 0) {
    if ((minor > 0 ? asprintf (&r, "%s-%d.%d", distro, major, minor)
         : asprintf (&r, "%s-%d", distro, major)) == -1)
      die_nomem ();
    return r;
  }
  return NULL;
}

/* The largest partition holding a physical volume of the VG of LV
 * ("/dev/VG/LV"), or NULL.
 */
static char *
pv_partition (guestfs_h *g, const char *lv)
{
  CLEANUP_FREE char *vg = NULL;
  CLEANUP_FREE_STRING_LIST char **vg_pvs = NULL, **pvs = NULL;
  const char *slash;
  char *best = NULL;
  int64_t best_size = -1;
  size_t i, j;

  if (strncmp (lv, "/dev/", 5) != 0 ||
      (slash = strchr (lv + 5, '/')) == NULL)
    return NULL;
  vg = xstrndup (lv + 5, slash - (lv + 5));
  vg_pvs = guestfs_vgpvuuids (g, vg);
  pvs = guestfs_pvs (g);
  if (vg_pvs == NULL || pvs == NULL)
    return NULL;
  for (i = 0; pvs[i]; ++i) {
    CLEANUP_FREE char *uuid = guestfs_pvuuid (g, pvs[i]);
    int64_t size;

    if (uuid == NULL)
      continue;
    for (j = 0; vg_pvs[j]; ++j)
      if (strcmp (vg_pvs[j], uuid) == 0)
        break;
    if (vg_pvs[j] == NULL || guestfs_is_whole_device (g, pvs[i]) != 0)
      continue;
    size = guestfs_blockdev_getsize64 (g, pvs[i]);
    if (size > best_size) {
      free (best);
      best = xstrdup (pvs[i]);
      best_size = size;
    }
  }
  return best;
}

static void
find_expand (guestfs_h *g, const char *root, struct repo_inspection *r)
{
  CLEANUP_FREE char *dev = guestfs_mountable_device (g, root);

  if (dev == NULL)
    return;
  if (guestfs_is_lv (g, dev) > 0) {
    r->lvexpand = guestfs_lvm_canonical_lv_name (g, dev);
    if (r->lvexpand)
      r->expand = pv_partition (g, r->lvexpand);
  }
  else if (guestfs_is_whole_device (g, dev) == 0) {
    r->expand = dev;
    dev = NULL;
  }
}

static int
lib_failed (guestfs_h *g, const char *image)
{
  repo_error ("'%s': %s", image, guestfs_last_error (g));
  return -1;
}

/* The inspection proper, on a launched handle.  Errors are printed,
 * naming IMAGE.
 */
static int
inspect_root (guestfs_h *g, const char *image, struct repo_inspection *r)
{
  CLEANUP_FREE_STRING_LIST char **roots = NULL;
  CLEANUP_FREE char *distro = NULL;
  const char *root;
  int major, minor;

  roots = guestfs_inspect_os (g);
  if (roots == NULL)
    return lib_failed (g, image);
  if (roots[0] == NULL) {
    repo_error ("'%s': no operating system was found in the image",
                image);
    return -1;
  }
  if (roots[1] != NULL) {
    repo_error ("'%s': the image holds %zu operating systems; a "
                "template must hold one", image, strings_count (roots));
    return -1;
  }
  root = roots[0];
  r->arch = guestfs_inspect_get_arch (g, root);
  r->name = guestfs_inspect_get_product_name (g, root);
  r->osinfo = guestfs_inspect_get_osinfo (g, root);
  distro = guestfs_inspect_get_distro (g, root);
  major = guestfs_inspect_get_major_version (g, root);
  minor = guestfs_inspect_get_minor_version (g, root);
  if (r->arch == NULL || r->name == NULL || r->osinfo == NULL ||
      distro == NULL || major == -1 || minor == -1)
    return lib_failed (g, image);
  r->os_version = os_version (r->osinfo, distro, major, minor);
  /* A failure here leaves the field out: the image is still usable,
   * virt-resize then adds a partition instead of growing one.
   */
  guestfs_push_error_handler (g, NULL, NULL);
  find_expand (g, root, r);
  guestfs_pop_error_handler (g);
  return 0;
}

int
repo_inspect (const struct repo_options *opts, const char *image,
              const char *format, struct repo_inspection *r)
{
  guestfs_h *g;
  int ret = -1;

  memset (r, 0, sizeof *r);
  g = guestfs_create ();
  if (g == NULL) {
    repo_error ("failed to create a handle: %m");
    return -1;
  }
  /* The library's message names the call, not the image: say which
   * image it was about once, here.
   */
  guestfs_set_error_handler (g, NULL, NULL);
  if ((opts->verbose && guestfs_set_verbose (g, 1) == -1) ||
      (opts->trace && guestfs_set_trace (g, 1) == -1) ||
      guestfs_add_drive_opts (g, image,
                              GUESTFS_ADD_DRIVE_OPTS_FORMAT, format,
                              GUESTFS_ADD_DRIVE_OPTS_READONLY, 1,
                              -1) == -1 ||
      guestfs_launch (g) == -1) {
    lib_failed (g, image);
    goto out;
  }
  if (inspect_root (g, image, r) == -1)
    goto out;
  ret = 0;
 out:
  guestfs_close (g);
  if (ret == -1)
    repo_inspection_release (r);
  return ret;
}

void
repo_inspection_release (struct repo_inspection *r)
{
  free (r->os_version);
  free (r->name);
  free (r->osinfo);
  free (r->arch);
  free (r->expand);
  free (r->lvexpand);
  memset (r, 0, sizeof *r);
}
