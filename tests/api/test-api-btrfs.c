/* careen - offline disk-image toolkit */

/**
 * API tests of the btrfs calls and of btrfs subvolumes as mountables,
 * in one launch: mkfs_btrfs, subvolume create/snapshot/list/show/
 * delete/default, "btrfsvol:DEVICE/SUBVOLUME" in list_filesystems,
 * mount, mount_ro and vfs_*, device add/delete, balance, fsck and
 * seeding, a subvolume of a btrfs on a logical volume; with the
 * failure paths (errno checked).
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)

/* Found by size: the kernel may name the disks in another order. */
static const char *dev_a, *dev_b;

/* The subvolume with this path in a list, or NULL. */
static const struct guestfs_btrfssubvolume *
find_subvolume (const struct guestfs_btrfssubvolume_list *l,
                const char *path)
{
  size_t i;

  for (i = 0; l && i < l->len; ++i)
    if (strcmp (l->val[i].btrfssubvolume_path, path) == 0)
      return &l->val[i];
  return NULL;
}

/* The btrfsvol mountable of a subvolume of dev_a. */
static char *
vol (const char *path)
{
  char *s;

  if (asprintf (&s, "btrfsvol:%s/%s", dev_a, path) == -1)
    abort ();
  return s;
}

/* mkfs_btrfs, subvolumes and snapshots on a mounted filesystem. */
static void
test_subvolumes (guestfs_h *g)
{
  char *devs[] = { (char *) dev_a, NULL };
  char *nodevs[] = { NULL };
  struct guestfs_btrfssubvolume_list *l;
  char **h, *s;

  CHECK_ERROR (g, guestfs_mkfs_btrfs (g, nodevs, -1), EINVAL);
  CHECK_ERROR (g, guestfs_mkfs_btrfs (g, devs, GUESTFS_MKFS_BTRFS_ALLOCSTART,
                                      (int64_t) 0, -1), ENOTSUP);
  CHECK_OK (guestfs_mkfs_btrfs (g, devs, GUESTFS_MKFS_BTRFS_LABEL, "BTR",
                                GUESTFS_MKFS_BTRFS_NODESIZE, 16384, -1));
  s = guestfs_vfs_type (g, dev_a);
  CHECK_STREQ (s, "btrfs");
  free (s);
  s = guestfs_vfs_label (g, dev_a);
  CHECK_STREQ (s, "BTR");
  free (s);

  CHECK_OK (guestfs_mount (g, dev_a, "/"));
  CHECK_OK (guestfs_btrfs_subvolume_create (g, "/root"));
  CHECK_OK (guestfs_btrfs_subvolume_create_opts (g, "/home", -1));
  CHECK_FAILS (g, guestfs_btrfs_subvolume_create (g, "/root"));
  CHECK_ERROR (g, guestfs_btrfs_subvolume_create_opts
               (g, "/x", GUESTFS_BTRFS_SUBVOLUME_CREATE_OPTS_QGROUPID, "zz",
                -1), EINVAL);
  CHECK_ERROR (g, guestfs_btrfs_subvolume_create (g, "/nodir/x"), ENOENT);
  CHECK_OK (guestfs_mkdir_p (g, "/root/etc"));
  CHECK_OK (guestfs_mkdir (g, "/root/home"));
  CHECK_OK (guestfs_write (g, "/root/etc/hello", "in root", 7));
  /* Enough of a Linux root for inspection. */
  CHECK_OK (guestfs_mkdir (g, "/root/bin"));
  CHECK_OK (guestfs_write (g, "/root/etc/fstab", "", 0));
  CHECK_OK (guestfs_write (g, "/root/etc/os-release", "ID=fedora\n", 10));
  CHECK_OK (guestfs_write (g, "/home/user", "in home", 7));

  CHECK_OK (guestfs_btrfs_subvolume_snapshot_opts
            (g, "/root", "/snap", GUESTFS_BTRFS_SUBVOLUME_SNAPSHOT_OPTS_RO, 1,
             -1));
  CHECK_OK (guestfs_btrfs_subvolume_snapshot (g, "/home", "/snap-rw"));
  CHECK_ERROR (g, guestfs_write (g, "/snap/etc/new", "x", 1), EROFS);
  CHECK_OK (guestfs_write (g, "/snap-rw/new", "x", 1));

  l = guestfs_btrfs_subvolume_list (g, "/");
  CHECK (l != NULL && l->len == 4);
  CHECK (find_subvolume (l, "root") != NULL);
  CHECK (find_subvolume (l, "home") != NULL);
  CHECK (find_subvolume (l, "snap") != NULL);
  if (find_subvolume (l, "root")) {
    CHECK (find_subvolume (l, "root")->btrfssubvolume_top_level_id == 5);
    CHECK (find_subvolume (l, "root")->btrfssubvolume_id >= 256);
  }
  guestfs_free_btrfssubvolume_list (l);
  CHECK_ERROR (g, guestfs_btrfs_subvolume_list (g, "/nosuch"), ENOENT);
  CHECK_ERROR (g, guestfs_btrfs_subvolume_list (g, "relative"), EINVAL);

  h = guestfs_btrfs_subvolume_show (g, "/root");
  CHECK (h != NULL);
  CHECK_STREQ (test_hash_get (h, "Name"), "root");
  CHECK_STREQ (test_hash_get (h, "Top level ID"), "5");
  CHECK (test_hash_get (h, "Snapshot(s)") &&
         strstr (test_hash_get (h, "Snapshot(s)"), "snap") != NULL);
  CHECK (test_hash_get (h, "UUID") && strlen (test_hash_get (h, "UUID")) == 36);
  test_free_list (h);
  /* The top level: btrfs-progs describes it as subvolume 5. */
  h = guestfs_btrfs_subvolume_show (g, "/");
  CHECK (h != NULL);
  CHECK_STREQ (test_hash_get (h, "Subvolume ID"), "5");
  test_free_list (h);
  CHECK_ERROR (g, guestfs_btrfs_subvolume_show (g, "/nosuch"), ENOENT);

  CHECK (guestfs_btrfs_subvolume_get_default (g, "/") == 5);
  CHECK_OK (guestfs_btrfs_filesystem_sync (g, "/"));
  CHECK_OK (guestfs_btrfs_subvolume_delete (g, "/snap-rw"));
  CHECK_FAILS (g, guestfs_btrfs_subvolume_delete (g, "/snap-rw"));
  CHECK_ERROR (g, guestfs_btrfs_subvolume_set_default (g, -1, "/"), EINVAL);

  /* A mounted device cannot be made into a new filesystem. */
  CHECK_ERROR (g, guestfs_mkfs_btrfs (g, devs, -1), EBUSY);
  CHECK_ERROR (g, guestfs_btrfs_fsck (g, dev_a, -1), EBUSY);
  CHECK_OK (guestfs_umount_all (g));
}

/* Subvolumes as mountables. */
static void
test_mountables (guestfs_h *g)
{
  char **fses, *root = vol ("root"), *home = vol ("home"), *s;
  char *bad = NULL, *uuid_a = NULL;
  struct guestfs_btrfssubvolume_list *l;

  fses = guestfs_list_filesystems (g);
  CHECK_STREQ (test_hash_get (fses, dev_a), "btrfs");
  CHECK_STREQ (test_hash_get (fses, root), "btrfs");
  CHECK_STREQ (test_hash_get (fses, home), "btrfs");
  {
    char *snap = vol ("snap");
    CHECK_STREQ (test_hash_get (fses, snap), "btrfs");
    free (snap);
  }
  test_free_list (fses);

  /* The snapshot of the root is no operating system of its own. */
  {
    char **roots = guestfs_inspect_os (g);
    CHECK (roots != NULL && test_count (roots) == 1);
    CHECK (test_list_has (roots, root));
    test_free_list (roots);
  }

  /* btrfs_subvolume_list and get_default on an unmounted device. */
  l = guestfs_btrfs_subvolume_list (g, dev_a);
  CHECK (l != NULL && l->len == 3);
  guestfs_free_btrfssubvolume_list (l);
  CHECK (guestfs_btrfs_subvolume_get_default (g, dev_a) == 5);
  l = guestfs_btrfs_subvolume_list (g, root);
  CHECK (l != NULL && l->len == 3);
  guestfs_free_btrfssubvolume_list (l);

  s = guestfs_vfs_type (g, root);
  CHECK_STREQ (s, "btrfs");
  free (s);
  uuid_a = guestfs_vfs_uuid (g, dev_a);
  s = guestfs_vfs_uuid (g, root);
  CHECK (uuid_a && *uuid_a);
  CHECK_STREQ (s, uuid_a);
  free (s);
  s = guestfs_vfs_label (g, home);
  CHECK_STREQ (s, "BTR");
  free (s);

  CHECK_OK (guestfs_mount (g, root, "/"));
  CHECK_OK (guestfs_mount_ro (g, home, "/home"));
  s = guestfs_cat (g, "/etc/hello");
  CHECK_STREQ (s, "in root");
  free (s);
  s = guestfs_cat (g, "/home/user");
  CHECK_STREQ (s, "in home");
  free (s);
  CHECK_ERROR (g, guestfs_write (g, "/home/new", "x", 1), EROFS);
  CHECK_OK (guestfs_umount_all (g));
  CHECK_OK (guestfs_mount_options (g, "noatime", root, "/"));
  CHECK (guestfs_is_file (g, "/etc/hello") == 1);
  CHECK_OK (guestfs_umount_all (g));
  CHECK_OK (guestfs_mount_vfs (g, "ro", "btrfs", home, "/"));
  CHECK (guestfs_is_file (g, "/user") == 1);
  CHECK_OK (guestfs_umount_all (g));

  /* Mountables naming nothing. */
  s = vol ("nosuch");
  CHECK_FAILS (g, guestfs_mount (g, s, "/"));
  free (s);
  CHECK_ERROR (g, guestfs_mount (g, "btrfsvol:/dev/sdz/root", "/"), ENOENT);
  CHECK_ERROR (g, guestfs_mount (g, "btrfsvol:garbage", "/"), EINVAL);
  if (asprintf (&bad, "btrfsvol:%s", dev_a) == -1)
    abort ();
  CHECK_ERROR (g, guestfs_mount (g, bad, "/"), EINVAL);
  free (bad);

  /* The default subvolume is the device's own entry. */
  CHECK_OK (guestfs_mount (g, dev_a, "/"));
  l = guestfs_btrfs_subvolume_list (g, "/");
  CHECK (l != NULL && find_subvolume (l, "root") != NULL);
  if (l && find_subvolume (l, "root")) {
    int64_t id = (int64_t) find_subvolume (l, "root")->btrfssubvolume_id;

    CHECK_OK (guestfs_btrfs_subvolume_set_default (g, id, "/"));
    CHECK (guestfs_btrfs_subvolume_get_default (g, "/") == id);
    CHECK_OK (guestfs_umount_all (g));
    fses = guestfs_list_filesystems (g);
    CHECK (test_hash_get (fses, root) == NULL);
    CHECK_STREQ (test_hash_get (fses, home), "btrfs");
    test_free_list (fses);
    CHECK_OK (guestfs_mount (g, dev_a, "/"));
    CHECK (guestfs_is_file (g, "/etc/hello") == 1);
    CHECK_OK (guestfs_btrfs_subvolume_set_default (g, 5, "/"));
  }
  guestfs_free_btrfssubvolume_list (l);
  CHECK_OK (guestfs_umount_all (g));
  free (uuid_a);
  free (root);
  free (home);
}

/* Devices, balance, fsck, seeding. */
static void
test_devices (guestfs_h *g)
{
  char *add[] = { (char *) dev_b, NULL };
  char **devs;

  devs = guestfs_btrfs_filesystem_show (g, dev_a);
  CHECK (devs != NULL && test_count (devs) == 1);
  CHECK (devs && devs[0] && strcmp (devs[0], dev_a) == 0);
  test_free_list (devs);

  CHECK_OK (guestfs_mount (g, dev_a, "/"));
  CHECK_OK (guestfs_btrfs_device_add (g, add, "/"));
  devs = guestfs_btrfs_filesystem_show (g, dev_a);
  CHECK (devs != NULL && test_count (devs) == 2);
  CHECK (test_list_has (devs, dev_b));
  test_free_list (devs);
  CHECK_OK (guestfs_btrfs_filesystem_balance (g, "/"));
  CHECK_OK (guestfs_btrfs_scrub_start (g, "/"));
  CHECK_OK (guestfs_btrfs_filesystem_defragment
            (g, "/", GUESTFS_BTRFS_FILESYSTEM_DEFRAGMENT_FLUSH, 1, -1));
  CHECK_ERROR (g, guestfs_btrfs_filesystem_defragment
               (g, "/", GUESTFS_BTRFS_FILESYSTEM_DEFRAGMENT_COMPRESS, "rar",
                -1), EINVAL);
  CHECK_OK (guestfs_btrfs_device_delete (g, add, "/"));
  devs = guestfs_btrfs_filesystem_show (g, dev_a);
  CHECK (devs != NULL && test_count (devs) == 1);
  test_free_list (devs);
  CHECK_ERROR (g, guestfs_btrfs_device_add (g, add, "/nosuch"), ENOENT);
  CHECK_OK (guestfs_umount_all (g));

  CHECK_OK (guestfs_btrfs_fsck (g, dev_a, -1));
  CHECK_ERROR (g, guestfs_btrfs_fsck (g, dev_a, GUESTFS_BTRFS_FSCK_SUPERBLOCK,
                                      (int64_t) 7, -1), EINVAL);
  /* dev_b is no longer btrfs's: checking it fails. */
  CHECK_OK (guestfs_zero (g, dev_b));
  CHECK_FAILS (g, guestfs_btrfs_fsck (g, dev_b, -1));
  CHECK_FAILS (g, guestfs_btrfs_filesystem_show (g, dev_b));

  CHECK_OK (guestfs_btrfs_set_seeding (g, dev_a, 1));
  /* A seeding filesystem cannot be mounted read-write. */
  CHECK_FAILS (g, guestfs_mount (g, dev_a, "/"));
  CHECK_OK (guestfs_mount_ro (g, dev_a, "/"));
  CHECK_OK (guestfs_umount_all (g));
  CHECK_OK (guestfs_btrfs_set_seeding (g, dev_a, 0));
  CHECK_OK (guestfs_mount (g, dev_a, "/"));
  CHECK_OK (guestfs_umount_all (g));
}

/* A subvolume of a btrfs on a logical volume: the device part of
 * "btrfsvol:/dev/VG/LV/SUBVOLUME" has slashes of its own.
 */
static void
test_lv (guestfs_h *g)
{
  char *devs[] = { (char *) "/dev/bvg/blv", NULL };
  char **fses;

  CHECK_OK (guestfs_pvcreate (g, dev_b));
  {
    char *pvs[] = { (char *) dev_b, NULL };
    CHECK_OK (guestfs_vgcreate (g, "bvg", pvs));
  }
  CHECK_OK (guestfs_lvcreate (g, "blv", "bvg", 300));
  CHECK_OK (guestfs_mkfs_btrfs (g, devs, -1));
  CHECK_OK (guestfs_mount (g, "/dev/bvg/blv", "/"));
  CHECK_OK (guestfs_btrfs_subvolume_create (g, "/sub"));
  CHECK_OK (guestfs_write (g, "/sub/f", "lv", 2));
  CHECK_OK (guestfs_umount_all (g));

  fses = guestfs_list_filesystems (g);
  CHECK_STREQ (test_hash_get (fses, "btrfsvol:/dev/bvg/blv/sub"), "btrfs");
  test_free_list (fses);
  CHECK_OK (guestfs_mount_ro (g, "btrfsvol:/dev/bvg/blv/sub", "/"));
  CHECK (guestfs_is_file (g, "/f") == 1);
  CHECK_OK (guestfs_umount_all (g));
  CHECK_FAILS (g, guestfs_mount (g, "btrfsvol:/dev/bvg/nolv/sub", "/"));
  CHECK_OK (guestfs_vg_activate_all (g, 0));
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-btrfs");

  test_add_disk (g, 512 * MiB);
  test_add_disk (g, 384 * MiB);
  test_launch (g);
  dev_a = test_disk_of_size (g, 512 * MiB);
  dev_b = test_disk_of_size (g, 384 * MiB);
  if (guestfs_filesystem_available (g, "btrfs") != 1) {
    fprintf (stderr, "test-api-btrfs: skipped: no btrfs in the appliance\n");
    guestfs_close (g);
    exit (77);
  }

  test_subvolumes (g);
  test_mountables (g);
  test_devices (g);
  test_lv (g);
  test_exit (g);
}
