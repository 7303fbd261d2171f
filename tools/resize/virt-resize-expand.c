/** careen - offline disk-image toolkit
 *
 * virt-resize: growing what the partitions hold, in the second launch
 * (the output disk alone, as /dev/sda, after the host copied the
 * bytes).  ext2/3/4 are checked then grown by resize2fs, xfs and btrfs
 * are grown mounted, NTFS by ntfsresize, PVs by pvresize (then the
 * --LV-expand volumes and their filesystems), and swap is recreated
 * with its old label and UUID so that fstab entries still match.
 */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs.h"
#include "cleanups.h"
#include "virt-resize.h"

/* Offset of the "hidden sectors" field of an NTFS boot sector: the
 * partition's first sector, which the NTFS boot code uses to find
 * itself on the disk.
 */
#define NTFS_HIDDEN_SECTORS 0x1c

/* Grows the content of DEV by METHOD.  LABEL and UUID are for swap. */
static int
grow (guestfs_h *g, const char *dev, enum rz_method m,
      const struct rz_opts *o, const char *label, const char *uuid)
{
  int r;

  rz_message (o, "Expanding %s using the '%s' method", dev,
              rz_method_name (m));
  switch (m) {
  case RZ_METHOD_RESIZE2FS:
    /* resize2fs refuses a filesystem not checked since its last mount. */
    if (guestfs_e2fsck (g, dev, GUESTFS_E2FSCK_CORRECT, 1, -1) == -1)
      return -1;
    return guestfs_resize2fs (g, dev);
  case RZ_METHOD_XFS_GROWFS:
  case RZ_METHOD_BTRFS:
    /* Both grow only while mounted. */
    if (guestfs_mount (g, dev, "/") == -1)
      return -1;
    r = m == RZ_METHOD_XFS_GROWFS ?
      guestfs_xfs_growfs (g, "/", -1) :
      guestfs_btrfs_filesystem_resize (g, "/", -1);
    if (guestfs_umount_all (g) == -1)
      return -1;
    return r;
  case RZ_METHOD_NTFSRESIZE:
    return guestfs_ntfsresize_opts (g, dev,
                                    GUESTFS_NTFSRESIZE_OPTS_FORCE,
                                    o->ntfsresize_force, -1);
  case RZ_METHOD_PVRESIZE:
    return guestfs_pvresize (g, dev);
  case RZ_METHOD_MKSWAP:
    if (label && uuid)
      return guestfs_mkswap_opts (g, dev, GUESTFS_MKSWAP_OPTS_LABEL, label,
                                  GUESTFS_MKSWAP_OPTS_UUID, uuid, -1);
    if (uuid)
      return guestfs_mkswap_opts (g, dev, GUESTFS_MKSWAP_OPTS_UUID, uuid,
                                  -1);
    if (label)
      return guestfs_mkswap_opts (g, dev, GUESTFS_MKSWAP_OPTS_LABEL, label,
                                  -1);
    return guestfs_mkswap_opts (g, dev, -1);
  case RZ_METHOD_NONE:
    break;
  }
  return 0;
}

/* The first partition moved: its NTFS boot sector must say where. */
static int
fix_ntfs_boot (guestfs_h *g, const char *dev, int64_t start)
{
  char le[4];
  int i;

  if (start > UINT32_MAX)
    return 0;
  for (i = 0; i < 4; ++i)
    le[i] = (char) ((uint64_t) start >> (8 * i));
  return guestfs_pwrite_device (g, dev, le, sizeof le,
                                NTFS_HIDDEN_SECTORS) == 4 ? 0 : -1;
}

int
rz_expand (guestfs_h *g, const char *outdev, const struct rz_disk *d,
           const struct rz_opts *o)
{
  size_t i;

  for (i = 0; i < d->nr_parts; ++i) {
    const struct rz_part *p = &d->parts[i];
    CLEANUP_FREE char *dev = NULL;

    if (p->op == RZ_OP_DELETE)
      continue;
    if (asprintf (&dev, "%s%d", outdev, p->out_num) == -1) {
      rz_warn ("asprintf: %m");
      return -1;
    }
    if (i == 0 && d->align_first && p->op != RZ_OP_IGNORE &&
        rz_method_of (p->fstype) == RZ_METHOD_NTFSRESIZE &&
        fix_ntfs_boot (g, dev, p->out_start) == -1)
      return -1;
    if (p->method != RZ_METHOD_NONE &&
        grow (g, dev, p->method, o, p->label, p->uuid) == -1)
      return -1;
  }
  for (i = 0; i < d->nr_lvs; ++i) {
    const struct rz_lv *lv = &d->lvs[i];

    rz_message (o, "Expanding %s using the 'lvresize' method", lv->name);
    if (guestfs_lvresize_free (g, lv->name, 100) == -1)
      return -1;
    if (o->expand_content && lv->method != RZ_METHOD_NONE &&
        grow (g, lv->name, lv->method, o, NULL, NULL) == -1)
      return -1;
  }
  return 0;
}
