/* careen - offline disk-image toolkit */

/**
 * API tests of mounting, in one launch: mount, mount_ro, mount_options,
 * umount (by path and by device, force, lazy), umount_all, mounts,
 * mountpoints, sync, internal_autosync, statvfs and df, each on
 * success and on its failure paths (a missing device fails at once
 * with ENOENT, a busy filesystem with EBUSY ...).
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)

/* A mount of a missing device must fail at once, not after a device
 * timeout; generous for TCG, and only a bound, not a benchmark.
 */
#define MISSING_DEVICE_MAX_S 10

static void
prepare (guestfs_h *g)
{
  CHECK (guestfs_part_init (g, "/dev/sda", "mbr") == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 2048, 100 * 2048 - 1) == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 100 * 2048, 200 * 2048 - 1)
         == 0);
  /* sda3 stays without a filesystem. */
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 200 * 2048, -1) == 0);
  CHECK (guestfs_mkfs (g, "ext4", "/dev/sda1") == 0);
  CHECK (guestfs_mkfs (g, "ext4", "/dev/sda2") == 0);
}

static void
test_mount (guestfs_h *g)
{
  char **l;
  char *s;
  double t;

  /* Nothing mounted yet: all of these are fine and empty. */
  l = guestfs_mounts (g);
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);
  CHECK (guestfs_umount_all (g) == 0);
  CHECK (guestfs_internal_autosync (g) == 0);
  s = guestfs_df (g);
  CHECK (s != NULL && strstr (s, "Filesystem") != NULL &&
         strstr (s, "sysroot") == NULL);
  free (s);

  t = test_now ();
  CHECK_ERROR (g, guestfs_mount (g, "/dev/sdz", "/"), ENOENT);
  CHECK (test_now () - t < MISSING_DEVICE_MAX_S);
  CHECK_ERROR (g, guestfs_mount (g, "/dev/sda9", "/"), ENOENT);
  CHECK_ERROR (g, guestfs_mount (g, "/dev/sda3", "/"), EINVAL);
  CHECK_ERROR (g, guestfs_mount (g, "/dev/sda1", "relative"), EINVAL);
  /* A subvolume of a filesystem that is not btrfs. */
  CHECK_ERROR (g, guestfs_mount (g, "btrfsvol:/dev/sda1/x", "/"), EINVAL);
  CHECK_ERROR (g, guestfs_mount_options (g, "bind", "/dev/sda1", "/"),
               EINVAL);

  CHECK (guestfs_mount (g, "/dev/sda1", "/") == 0);
  CHECK_ERROR (g, guestfs_mount (g, "/dev/sda2", "/boot"), ENOENT);
  CHECK (guestfs_mkdir (g, "/boot") == 0);
  CHECK (guestfs_mount_options (g, "noatime,nodev", "/dev/sda2", "/boot")
         == 0);

  l = guestfs_mounts (g);
  CHECK (test_count (l) == 2);
  CHECK_STREQ (l && l[0] ? l[0] : NULL, "/dev/sda1");
  CHECK_STREQ (l && l[0] ? l[1] : NULL, "/dev/sda2");
  test_free_list (l);
  l = guestfs_mountpoints (g);
  CHECK_STREQ (test_hash_get (l, "/dev/sda1"), "/");
  CHECK_STREQ (test_hash_get (l, "/dev/sda2"), "/boot");
  CHECK (test_count (l) == 4);
  test_free_list (l);

  s = guestfs_df (g);
  CHECK (s != NULL && strstr (s, "/dev/sda1") && strstr (s, "/dev/sda2") &&
         strstr (s, " /boot\n") && strstr (s, " /\n") &&
         strstr (s, "sysroot") == NULL);
  free (s);

  /* The root is busy while /boot is mounted on it. */
  CHECK_ERROR (g, guestfs_umount (g, "/"), EBUSY);
  CHECK (guestfs_umount (g, "/boot") == 0);
  CHECK_ERROR (g, guestfs_umount (g, "/boot"), EINVAL);
  CHECK_ERROR (g, guestfs_umount (g, "/dev/sda2"), EINVAL);
  CHECK_ERROR (g, guestfs_umount (g, "/nonexistent"), ENOENT);
  CHECK_ERROR (g, guestfs_umount (g, "/dev/sdz"), ENOENT);

  /* Read-only, then unmounted by device name. */
  CHECK (guestfs_mount_ro (g, "/dev/sda2", "/boot") == 0);
  CHECK_ERROR (g, guestfs_touch (g, "/boot/file"), EROFS);
  CHECK (guestfs_touch (g, "/file") == 0);
  CHECK (guestfs_umount (g, "/dev/sda2") == 0);

  /* Lazy and forced unmounts. */
  CHECK (guestfs_mount (g, "/dev/sda2", "/boot") == 0);
  CHECK (guestfs_umount_opts (g, "/boot",
                              GUESTFS_UMOUNT_OPTS_LAZYUNMOUNT, 1, -1) == 0);
  CHECK (guestfs_mount (g, "/dev/sda2", "/boot") == 0);
  CHECK (guestfs_umount_opts (g, "/boot", GUESTFS_UMOUNT_OPTS_FORCE, 1, -1)
         == 0);

  /* umount_all takes the deepest first. */
  CHECK (guestfs_mount (g, "/dev/sda2", "/boot") == 0);
  CHECK (guestfs_mkdir (g, "/boot/inner") == 0);
  CHECK (guestfs_mount (g, "/dev/sda1", "/boot/inner") == 0);
  l = guestfs_mounts (g);
  CHECK (test_count (l) == 3);
  test_free_list (l);
  CHECK (guestfs_sync (g) == 0);
  CHECK (guestfs_umount_all (g) == 0);
  l = guestfs_mounts (g);
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);
  CHECK (guestfs_umount_all (g) == 0);

  /* Autosync unmounts too. */
  CHECK (guestfs_mount (g, "/dev/sda1", "/") == 0);
  CHECK (guestfs_internal_autosync (g) == 0);
  l = guestfs_mounts (g);
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);
}

static void
test_statvfs (guestfs_h *g)
{
  struct guestfs_statvfs *st;

  CHECK (guestfs_mount (g, "/dev/sda1", "/") == 0);
  st = guestfs_statvfs (g, "/");
  CHECK (st != NULL);
  if (st) {
    CHECK (st->bsize > 0 && st->blocks > 0);
    CHECK (st->bfree <= st->blocks && st->bavail <= st->bfree);
    CHECK (st->blocks * st->frsize <= 100 * MiB);
    CHECK (st->blocks * st->frsize > 80 * MiB);
    CHECK (st->namemax == 255);
    CHECK (st->files > 0);
  }
  guestfs_free_statvfs (st);
  CHECK_ERROR (g, guestfs_statvfs (g, "/nonexistent"), ENOENT);
  CHECK_ERROR (g, guestfs_statvfs (g, "relative"), EINVAL);
  CHECK (guestfs_umount_all (g) == 0);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-mount");

  test_add_disk (g, 256 * MiB);
  test_launch (g);

  prepare (g);
  test_mount (g);
  test_statvfs (g);

  test_exit (g);
}
