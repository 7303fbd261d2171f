/** careen - offline disk-image toolkit
 *
 * virt-sysprep: identities that clones must not share: the systemd /
 * D-Bus machine ID, filesystem UUIDs and LVM physical volume and
 * volume group UUIDs.  The last two run with nothing mounted: tools
 * such as xfs_admin refuse a mounted filesystem, and LVM must see its
 * volume groups idle.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "guestfs.h"
#include "cleanups.h"
#include "sysprep.h"

int
sysprep_machine_id (struct sysprep_ctx *ctx)
{
  /* Emptied rather than removed: systemd generates a new ID at boot
   * for an empty file, but treats a missing one as a first boot.
   */
  if (sysprep_truncate (ctx, "/etc/machine-id") == -1)
    return -1;
  return sysprep_truncate (ctx, "/var/lib/dbus/machine-id");
}

int
sysprep_fs_uuids (struct sysprep_ctx *ctx)
{
  CLEANUP_FREE_STRING_LIST char **fses = NULL;
  size_t i;

  fses = guestfs_list_filesystems (ctx->g);
  if (fses == NULL)
    return -1;
  for (i = 0; fses[i] != NULL && fses[i + 1] != NULL; i += 2) {
    const char *dev = fses[i], *type = fses[i + 1];
    int r, err;

    /* A btrfs subvolume shares the UUID of its filesystem. */
    if (strcmp (type, "unknown") == 0 || strstr (dev, "btrfsvol:") != NULL)
      continue;
    if (ctx->dry_run) {
      sysprep_say (ctx, "change the UUID of", dev);
      continue;
    }
    guestfs_push_error_handler (ctx->g, NULL, NULL);
    /* tune2fs refuses a new UUID on an ext4 with metadata checksums
     * that was mounted since its last check (inspection mounted it):
     * a check that only makes safe repairs (-p) comes first.
     */
    r = 0;
    if (strncmp (type, "ext", 3) == 0)
      r = guestfs_e2fsck (ctx->g, dev, GUESTFS_E2FSCK_CORRECT, 1, -1);
    if (r == 0)
      r = guestfs_set_uuid_random (ctx->g, dev);
    err = guestfs_last_errno (ctx->g);
    if (r == -1 && err != ENOTSUP)
      fprintf (stderr, "%s: warning: cannot set a random UUID on %s (%s): "
               "%s\n", SYSPREP_PROGRAM, dev, type,
               guestfs_last_error (ctx->g));
    guestfs_pop_error_handler (ctx->g);
  }
  return 0;
}

int
sysprep_lvm_uuids (struct sysprep_ctx *ctx)
{
  const char *lvm2[] = { "lvm2", NULL };
  CLEANUP_FREE_STRING_LIST char **pvs = NULL, **vgs = NULL;
  int r;

  r = guestfs_feature_available (ctx->g, (char **) lvm2);
  if (r <= 0)
    return r;
  pvs = guestfs_pvs (ctx->g);
  if (pvs == NULL)
    return -1;
  vgs = guestfs_vgs (ctx->g);
  if (vgs == NULL)
    return -1;
  if (pvs[0] == NULL && vgs[0] == NULL)
    return 0;
  if (ctx->dry_run) {
    size_t i;

    for (i = 0; pvs[i] != NULL; ++i)
      sysprep_say (ctx, "change the UUID of physical volume", pvs[i]);
    for (i = 0; vgs[i] != NULL; ++i)
      sysprep_say (ctx, "change the UUID of volume group", vgs[i]);
    return 0;
  }
  /* LVM refuses to change the UUID of an active volume group. */
  if (guestfs_vg_activate_all (ctx->g, 0) == -1)
    return -1;
  if (pvs[0] != NULL && guestfs_pvchange_uuid_all (ctx->g) == -1)
    return -1;
  if (vgs[0] != NULL && guestfs_vgchange_uuid_all (ctx->g) == -1)
    return -1;
  return guestfs_vg_activate_all (ctx->g, 1);
}
