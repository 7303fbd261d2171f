/* careen - offline disk-image toolkit */

/**
 * API tests of LVM, in one launch with two blank disks: pvcreate,
 * vgcreate, lvcreate, lvcreate_free, pvs, vgs, lvs, pvs_full, vgs_full,
 * lvs_full, pvremove, vgremove, lvremove, lvresize, lvresize_free,
 * pvresize, pvresize_size, vg_activate, vg_activate_all,
 * lvm_remove_all, lvrename, vgrename, lvuuid, vguuid, pvuuid,
 * vgpvuuids, vglvuuids, is_lv, lvm_canonical_lv_name, lvm_scan,
 * lvm_set_filter, lvm_clear_filter, and logical volumes as devices
 * (mkfs, mount, list_filesystems, canonical_device_name), on success
 * and on their failure paths.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)
#define DISK_A (128 * MiB)
#define DISK_B (96 * MiB)

static void
check_str (int line, char *s, const char *want)
{
  if (s == NULL || strcmp (s, want) != 0)
    test_fail (__FILE__, line, "got \"%s\", expected \"%s\"",
               s ? s : "(null)", want);
  free (s);
}
#define CHECK_STR(s, want) check_str (__LINE__, (s), (want))

/* Checks a string list has exactly n elements, and frees it. */
static void
check_list (int line, char **l, size_t n, const char *has)
{
  if (l == NULL)
    test_fail (__FILE__, line, "call failed");
  else if (test_count (l) != n)
    test_fail (__FILE__, line, "%zu elements, expected %zu",
               test_count (l), n);
  else if (has && !test_list_has (l, has))
    test_fail (__FILE__, line, "\"%s\" not in the list", has);
  test_free_list (l);
}
#define CHECK_LIST(l, n, has) check_list (__LINE__, (l), (n), (has))

static bool
uuid_ok (const char *u)
{
  size_t i;

  for (i = 0; i < 32; ++i)
    if (u[i] == '-' || u[i] == '\0')
      return false;
  return true;
}

static void
test_create_list (guestfs_h *g)
{
  char *devs[] = { "/dev/sdb", NULL };
  char *two[] = { "/dev/sda1", "/dev/sda2", NULL };
  char *none[] = { NULL };
  struct guestfs_lvm_pv_list *pv;
  struct guestfs_lvm_vg_list *vg;
  struct guestfs_lvm_lv_list *lv;
  size_t i;

  /* No LVM anywhere yet. */
  CHECK_LIST (guestfs_pvs (g), 0, NULL);
  CHECK_LIST (guestfs_vgs (g), 0, NULL);
  CHECK_LIST (guestfs_lvs (g), 0, NULL);
  pv = guestfs_pvs_full (g);
  CHECK (pv != NULL && pv->len == 0);
  guestfs_free_lvm_pv_list (pv);
  vg = guestfs_vgs_full (g);
  CHECK (vg != NULL && vg->len == 0);
  guestfs_free_lvm_vg_list (vg);
  lv = guestfs_lvs_full (g);
  CHECK (lv != NULL && lv->len == 0);
  guestfs_free_lvm_lv_list (lv);
  CHECK (guestfs_lvm_scan (g, 0) == 0);

  CHECK (guestfs_part_init (g, "/dev/sda", "mbr") == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 2048, 48 * 2048 - 1) == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 48 * 2048, 96 * 2048 - 1)
         == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 96 * 2048, -1) == 0);

  CHECK (guestfs_pvcreate (g, "/dev/sdb") == 0);
  CHECK (guestfs_pvcreate (g, "/dev/sda1") == 0);
  CHECK (guestfs_pvcreate (g, "/dev/sda2") == 0);
  CHECK_ERROR (g, guestfs_pvcreate (g, "/dev/sdz"), ENOENT);

  CHECK (guestfs_vgcreate (g, "VG", devs) == 0);
  CHECK (guestfs_vgcreate (g, "other", two) == 0);
  CHECK_ERROR (g, guestfs_vgcreate (g, "bad/name", devs), EINVAL);
  CHECK_ERROR (g, guestfs_vgcreate (g, "-x", devs), EINVAL);
  CHECK_ERROR (g, guestfs_vgcreate (g, "empty", none), EINVAL);
  /* Already in a group: lvm refuses. */
  CHECK_FAILS (g, guestfs_vgcreate (g, "again", devs));

  CHECK (guestfs_lvcreate (g, "LV1", "VG", 32) == 0);
  CHECK (guestfs_lvcreate_free (g, "LV2", "VG", 50) == 0);
  CHECK (guestfs_lvcreate_free (g, "o", "other", 100) == 0);
  CHECK_ERROR (g, guestfs_lvcreate (g, "LV3", "VG", 0), EINVAL);
  CHECK_ERROR (g, guestfs_lvcreate_free (g, "LV3", "VG", 101), EINVAL);
  CHECK_ERROR (g, guestfs_lvcreate (g, "../x", "VG", 4), EINVAL);
  CHECK_FAILS (g, guestfs_lvcreate (g, "LV3", "novg", 4));
  CHECK_FAILS (g, guestfs_lvcreate (g, "LV1", "VG", 4));

  CHECK_LIST (guestfs_pvs (g), 3, "/dev/sda2");
  CHECK_LIST (guestfs_vgs (g), 2, "VG");
  CHECK_LIST (guestfs_lvs (g), 3, "/dev/VG/LV1");
  CHECK_LIST (guestfs_lvs (g), 3, "/dev/other/o");

  /* The nodes exist without udev. */
  CHECK (guestfs_blockdev_getsize64 (g, "/dev/VG/LV1") == 32 * MiB);
  CHECK (guestfs_blockdev_getsize64 (g, "/dev/mapper/VG-LV1") == 32 * MiB);

  pv = guestfs_pvs_full (g);
  CHECK (pv != NULL && pv->len == 3);
  for (i = 0; pv && i < pv->len; ++i) {
    CHECK (uuid_ok (pv->val[i].pv_uuid));
    CHECK (pv->val[i].pv_size > 0 && pv->val[i].pv_size <= DISK_B);
    CHECK_STREQ (pv->val[i].pv_fmt, "lvm2");
    CHECK (pv->val[i].pv_pe_count > 0);
  }
  guestfs_free_lvm_pv_list (pv);

  vg = guestfs_vgs_full (g);
  CHECK (vg != NULL && vg->len == 2);
  for (i = 0; vg && i < vg->len; ++i) {
    CHECK (uuid_ok (vg->val[i].vg_uuid));
    if (strcmp (vg->val[i].vg_name, "VG") == 0) {
      CHECK (vg->val[i].pv_count == 1);
      CHECK (vg->val[i].lv_count == 2);
      CHECK (vg->val[i].vg_extent_size == 4 * MiB);
    }
    else {
      CHECK_STREQ (vg->val[i].vg_name, "other");
      CHECK (vg->val[i].pv_count == 2);
      CHECK (vg->val[i].vg_free == 0);
    }
  }
  guestfs_free_lvm_vg_list (vg);

  lv = guestfs_lvs_full (g);
  CHECK (lv != NULL && lv->len == 3);
  for (i = 0; lv && i < lv->len; ++i) {
    CHECK (uuid_ok (lv->val[i].lv_uuid));
    CHECK (lv->val[i].snap_percent == -1);
    if (strcmp (lv->val[i].lv_name, "LV1") == 0) {
      CHECK (lv->val[i].lv_size == 32 * MiB);
      CHECK (lv->val[i].seg_count == 1);
      CHECK (lv->val[i].lv_attr[4] == 'a');
    }
  }
  guestfs_free_lvm_lv_list (lv);
}

static void
test_use (guestfs_h *g)
{
  char **l;
  char *u;

  CHECK (guestfs_mkfs (g, "ext4", "/dev/VG/LV1") == 0);
  CHECK (guestfs_mount (g, "/dev/VG/LV1", "/") == 0);
  CHECK (guestfs_write (g, "/f", "data", 4) == 0);
  CHECK (guestfs_umount_all (g) == 0);

  /* PVs are not filesystems; the volumes are. */
  l = guestfs_list_filesystems (g);
  CHECK_STREQ (test_hash_get (l, "/dev/VG/LV1"), "ext4");
  CHECK_STREQ (test_hash_get (l, "/dev/VG/LV2"), "unknown");
  CHECK_STREQ (test_hash_get (l, "/dev/other/o"), "unknown");
  CHECK_STREQ (test_hash_get (l, "/dev/sda3"), "unknown");
  CHECK (test_hash_get (l, "/dev/sdb") == NULL);
  CHECK (test_hash_get (l, "/dev/sda1") == NULL);
  CHECK (test_count (l) == 8);
  test_free_list (l);
  /* Device mapper devices of volumes are listed by lvs only. */
  CHECK_LIST (guestfs_list_dm_devices (g), 0, NULL);

  CHECK (guestfs_is_lv (g, "/dev/VG/LV1") == 1);
  CHECK (guestfs_is_lv (g, "/dev/mapper/VG-LV2") == 1);
  CHECK (guestfs_is_lv (g, "/dev/sda1") == 0);
  CHECK (guestfs_is_lv (g, "/dev/sdb") == 0);
  CHECK_ERROR (g, guestfs_is_lv (g, "/dev/VG/nothing"), ENOENT);
  CHECK_STR (guestfs_lvm_canonical_lv_name (g, "/dev/mapper/VG-LV1"),
             "/dev/VG/LV1");
  CHECK_STR (guestfs_lvm_canonical_lv_name (g, "/dev/VG/LV2"), "/dev/VG/LV2");
  CHECK_ERROR (g, guestfs_lvm_canonical_lv_name (g, "/dev/sda1"), EINVAL);
  CHECK_STR (guestfs_canonical_device_name (g, "/dev/mapper/other-o"),
             "/dev/other/o");

  /* UUIDs agree between the calls. */
  u = guestfs_lvuuid (g, "/dev/VG/LV1");
  CHECK (u != NULL && strlen (u) == 38);
  l = guestfs_vglvuuids (g, "VG");
  CHECK (u && test_list_has (l, u) && test_count (l) == 2);
  test_free_list (l);
  free (u);
  u = guestfs_pvuuid (g, "/dev/sdb");
  CHECK (u != NULL && strlen (u) == 38);
  l = guestfs_vgpvuuids (g, "VG");
  CHECK (u && test_list_has (l, u) && test_count (l) == 1);
  test_free_list (l);
  free (u);
  u = guestfs_vguuid (g, "VG");
  CHECK (u != NULL && strlen (u) == 38);
  free (u);
  CHECK_FAILS (g, guestfs_vguuid (g, "novg"));
  CHECK_ERROR (g, guestfs_vguuid (g, "-a"), EINVAL);
  CHECK_FAILS (g, guestfs_pvuuid (g, "/dev/sda3"));
  CHECK_ERROR (g, guestfs_lvuuid (g, "/dev/VG/none"), ENOENT);
  CHECK_ERROR (g, guestfs_vglvuuids (g, "a b"), EINVAL);
}

static void
test_change (guestfs_h *g)
{
  char *vgs[] = { "VG2", NULL };
  char *sdb[] = { "/dev/sdb", NULL };
  char *bad[] = { "-x", NULL };
  struct guestfs_lvm_pv_list *pv;
  size_t i;

  CHECK (guestfs_lvresize (g, "/dev/VG/LV1", 40) == 0);
  CHECK (guestfs_blockdev_getsize64 (g, "/dev/VG/LV1") == 40 * MiB);
  CHECK_ERROR (g, guestfs_lvresize (g, "/dev/VG/LV1", -4), EINVAL);
  CHECK (guestfs_lvresize_free (g, "/dev/VG/LV2", 100) == 0);
  CHECK_ERROR (g, guestfs_lvresize_free (g, "/dev/VG/LV2", 0), EINVAL);
  /* No free space left: lvm refuses. */
  CHECK_FAILS (g, guestfs_lvresize_free (g, "/dev/VG/LV2", 100));

  CHECK (guestfs_lvrename (g, "/dev/VG/LV2", "/dev/VG/data") == 0);
  CHECK_LIST (guestfs_lvs (g), 3, "/dev/VG/data");
  CHECK_ERROR (g, guestfs_lvrename (g, "VG/data", "VG/x"), EINVAL);
  CHECK_FAILS (g, guestfs_lvrename (g, "/dev/VG/nothing", "/dev/VG/x"));

  CHECK (guestfs_vgrename (g, "VG", "VG2") == 0);
  CHECK_LIST (guestfs_vgs (g), 2, "VG2");
  CHECK (guestfs_blockdev_getsize64 (g, "/dev/VG2/LV1") == 40 * MiB);
  CHECK_ERROR (g, guestfs_vgrename (g, "VG2", "a/b"), EINVAL);
  CHECK_FAILS (g, guestfs_vgrename (g, "novg", "x"));

  /* Deactivated volumes lose their nodes. */
  CHECK (guestfs_vg_activate (g, 0, vgs) == 0);
  CHECK_ERROR (g, guestfs_blockdev_getsize64 (g, "/dev/VG2/LV1"), ENOENT);
  CHECK (guestfs_blockdev_getsize64 (g, "/dev/other/o") > 0);
  CHECK_ERROR (g, guestfs_vg_activate (g, 1, bad), EINVAL);
  CHECK (guestfs_vg_activate_all (g, 1) == 0);
  CHECK (guestfs_blockdev_getsize64 (g, "/dev/VG2/LV1") == 40 * MiB);
  CHECK (guestfs_lvm_scan (g, 1) == 0);

  /* The filter hides the other disk's volumes. */
  CHECK (guestfs_lvm_set_filter (g, sdb) == 0);
  CHECK_LIST (guestfs_pvs (g), 1, "/dev/sdb");
  CHECK_LIST (guestfs_vgs (g), 1, "VG2");
  CHECK_LIST (guestfs_lvs (g), 2, "/dev/VG2/LV1");
  CHECK_ERROR (g, guestfs_blockdev_getsize64 (g, "/dev/other/o"), ENOENT);
  CHECK_ERROR (g, guestfs_lvm_set_filter (g, bad), EINVAL);
  CHECK (guestfs_lvm_clear_filter (g) == 0);
  CHECK_LIST (guestfs_pvs (g), 3, "/dev/sda1");
  CHECK (guestfs_blockdev_getsize64 (g, "/dev/other/o") > 0);
  /* In use: the groups cannot be deactivated. */
  CHECK (guestfs_mount (g, "/dev/VG2/LV1", "/") == 0);
  CHECK_FAILS (g, guestfs_lvm_set_filter (g, sdb));
  CHECK (guestfs_umount_all (g) == 0);

  /* Shrinking below the allocated extents is refused. */
  CHECK_FAILS (g, guestfs_pvresize_size (g, "/dev/sdb", 48 * MiB));
  CHECK (guestfs_lvremove (g, "/dev/VG2/data") == 0);
  CHECK (guestfs_pvresize_size (g, "/dev/sdb", 80 * MiB) == 0);
  pv = guestfs_pvs_full (g);
  for (i = 0; pv && i < pv->len; ++i)
    if (strcmp (pv->val[i].pv_name, "/dev/sdb") == 0)
      CHECK (pv->val[i].pv_size <= 80 * MiB && pv->val[i].pv_size > 72 * MiB);
  guestfs_free_lvm_pv_list (pv);
  CHECK (guestfs_pvresize (g, "/dev/sdb") == 0);
  CHECK_ERROR (g, guestfs_pvresize_size (g, "/dev/sdb", 0), EINVAL);
  CHECK_FAILS (g, guestfs_pvresize (g, "/dev/sda3"));

  CHECK_LIST (guestfs_lvs (g), 2, "/dev/VG2/LV1");
  CHECK_ERROR (g, guestfs_lvremove (g, "VG2"), EINVAL);
  CHECK_FAILS (g, guestfs_lvremove (g, "/dev/VG2/data"));
  CHECK (guestfs_vgremove (g, "other") == 0);
  CHECK_LIST (guestfs_vgs (g), 1, "VG2");
  CHECK_FAILS (g, guestfs_vgremove (g, "other"));
  CHECK (guestfs_pvremove (g, "/dev/sda1") == 0);
  CHECK_LIST (guestfs_pvs (g), 2, "/dev/sdb");
  CHECK_ERROR (g, guestfs_pvremove (g, "/dev/sdz"), ENOENT);

  /* /dev/VG removes all the volumes of VG. */
  CHECK (guestfs_lvcreate (g, "extra", "VG2", 8) == 0);
  CHECK (guestfs_lvremove (g, "/dev/VG2") == 0);
  CHECK_LIST (guestfs_lvs (g), 0, NULL);
  CHECK (guestfs_lvcreate (g, "extra", "VG2", 8) == 0);

  CHECK (guestfs_lvm_remove_all (g) == 0);
  CHECK_LIST (guestfs_pvs (g), 0, NULL);
  CHECK_LIST (guestfs_vgs (g), 0, NULL);
  CHECK_LIST (guestfs_lvs (g), 0, NULL);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-lvm");

  test_add_disk (g, DISK_A);
  test_add_disk (g, DISK_B);
  test_launch (g);

  test_create_list (g);
  test_use (g);
  test_change (g);

  test_exit (g);
}
