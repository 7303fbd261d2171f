/* careen - offline disk-image toolkit */

/**
 * API tests of the Windows dynamic disk (LDM) calls, in one launch with
 * two disks that are not dynamic disks: list_ldm_volumes,
 * list_ldm_partitions, ldmtool_create_all, ldmtool_remove_all,
 * ldmtool_scan, ldmtool_scan_devices and the ldmtool_diskgroup_* and
 * ldmtool_volume_* calls.  careen's tests have no way to write LDM
 * metadata, so only what holds without dynamic disks is tested: empty
 * answers, unknown groups and the argument checks.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)

/* A well-formed GUID that no disk group has. */
#define NO_GROUP "0f3c2d1e-5b4a-4c3d-8e9f-a1b2c3d4e5f6"

static void
check_empty (guestfs_h *g, char **l, int line)
{
  if (l == NULL || l[0] != NULL)
    test_fail (__FILE__, line, "expected an empty list");
  test_free_list (l);
}
#define CHECK_EMPTY(g, expr) check_empty ((g), (expr), __LINE__)

static void
test_no_ldm (guestfs_h *g)
{
  char *ldm[] = { "ldm", NULL };
  char *sda[] = { "/dev/sda", NULL };
  char *both[] = { "/dev/sda1", "/dev/sdb", NULL };
  char *none[] = { NULL };
  char *nodev[] = { "/dev/sdz", NULL };

  CHECK (guestfs_feature_available (g, ldm) == 1);

  CHECK (guestfs_part_disk (g, "/dev/sda", "mbr") == 0);
  /* The type byte of an LDM data partition, with no LDM inside. */
  CHECK (guestfs_part_set_mbr_id (g, "/dev/sda", 1, 0x42) == 0);

  CHECK_EMPTY (g, guestfs_list_ldm_volumes (g));
  CHECK_EMPTY (g, guestfs_list_ldm_partitions (g));
  CHECK_EMPTY (g, guestfs_ldmtool_scan (g));
  CHECK_EMPTY (g, guestfs_ldmtool_scan_devices (g, sda));
  CHECK_EMPTY (g, guestfs_ldmtool_scan_devices (g, both));
  CHECK_EMPTY (g, guestfs_ldmtool_scan_devices (g, none));
  CHECK_ERROR (g, guestfs_ldmtool_scan_devices (g, nodev), ENOENT);

  CHECK (guestfs_ldmtool_create_all (g) == 0);
  CHECK_EMPTY (g, guestfs_list_ldm_volumes (g));
  CHECK (guestfs_ldmtool_remove_all (g) == 0);
  CHECK_EMPTY (g, guestfs_list_ldm_partitions (g));
  /* The lists go by the names ldmtool gives its devices: other device
   * mapper devices are left out unless they are named alike.
   */
  CHECK (guestfs_luks_format (g, "/dev/sdb", "k", 0) == 0);
  CHECK (guestfs_cryptsetup_open (g, "/dev/sdb", "k", "ldm_vol_x", -1) == 0);
  CHECK_EMPTY (g, guestfs_list_ldm_partitions (g));
  {
    char **l = guestfs_list_ldm_volumes (g);

    CHECK (test_count (l) == 1 &&
           test_list_has (l, "/dev/mapper/ldm_vol_x"));
    test_free_list (l);
  }
  CHECK (guestfs_cryptsetup_close (g, "/dev/mapper/ldm_vol_x") == 0);
  CHECK_EMPTY (g, guestfs_list_ldm_volumes (g));
}

static void
test_unknown_group (guestfs_h *g)
{
  CHECK_FAILS (g, guestfs_ldmtool_diskgroup_name (g, NO_GROUP));
  CHECK_FAILS (g, guestfs_ldmtool_diskgroup_volumes (g, NO_GROUP));
  CHECK_FAILS (g, guestfs_ldmtool_diskgroup_disks (g, NO_GROUP));
  CHECK_FAILS (g, guestfs_ldmtool_volume_type (g, NO_GROUP, "Volume1"));
  CHECK_FAILS (g, guestfs_ldmtool_volume_hint (g, NO_GROUP, "Volume1"));
  CHECK_FAILS (g, guestfs_ldmtool_volume_partitions (g, NO_GROUP, "Volume1"));

  CHECK_ERROR (g, guestfs_ldmtool_diskgroup_name (g, "group"), EINVAL);
  CHECK_ERROR (g, guestfs_ldmtool_diskgroup_name (g, ""), EINVAL);
  CHECK_ERROR (g, guestfs_ldmtool_diskgroup_name (g, NO_GROUP "0"), EINVAL);
  CHECK_ERROR (g, guestfs_ldmtool_diskgroup_volumes (g, "--help"), EINVAL);
  CHECK_ERROR (g, guestfs_ldmtool_diskgroup_disks
               (g, "0f3c2d1e-5b4a-4c3d-8e9f-a1b2c3d4e5fg"), EINVAL);
  CHECK_ERROR (g, guestfs_ldmtool_volume_type (g, NO_GROUP, "-h"), EINVAL);
  CHECK_ERROR (g, guestfs_ldmtool_volume_hint (g, NO_GROUP, ""), EINVAL);
  CHECK_ERROR (g, guestfs_ldmtool_volume_partitions (g, "x", "Volume1"),
               EINVAL);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-ldm");

  test_add_disk (g, 32 * MiB);
  test_add_disk (g, 32 * MiB);
  test_launch (g);

  test_no_ldm (g);
  test_unknown_group (g);

  test_exit (g);
}
