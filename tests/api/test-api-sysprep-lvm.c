/* careen - offline disk-image toolkit */

/**
 * API tests of the LVM identity calls virt-sysprep uses, in one launch
 * with one blank disk holding two physical volumes and two volume
 * groups: pvchange_uuid, pvchange_uuid_all, vgchange_uuid,
 * vgchange_uuid_all.  Each must give new UUIDs, leave the data usable,
 * and fail cleanly on bad names, missing devices and active groups.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)
#define DISK (128 * MiB)

/* Frees A and B; true if both exist and differ. */
static bool
changed (char *a, char *b)
{
  bool r = a != NULL && b != NULL && strcmp (a, b) != 0;

  free (a);
  free (b);
  return r;
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-sysprep-lvm");
  char *pv1[] = { "/dev/sda1", NULL }, *pv2[] = { "/dev/sda2", NULL };
  char *vg1 = NULL, *vg2 = NULL, *p1 = NULL, *p2 = NULL;

  test_add_disk (g, DISK);
  test_launch (g);

  CHECK_OK (guestfs_part_init (g, "/dev/sda", "mbr"));
  CHECK_OK (guestfs_part_add (g, "/dev/sda", "p", 2048, 131071));
  CHECK_OK (guestfs_part_add (g, "/dev/sda", "p", 131072, -2048));
  CHECK_OK (guestfs_pvcreate (g, "/dev/sda1"));
  CHECK_OK (guestfs_pvcreate (g, "/dev/sda2"));
  CHECK_OK (guestfs_vgcreate (g, "VGA", pv1));
  CHECK_OK (guestfs_vgcreate (g, "VGB", pv2));
  CHECK_OK (guestfs_lvcreate (g, "LV", "VGA", 16));
  CHECK_OK (guestfs_mkfs (g, "ext4", "/dev/VGA/LV"));
  CHECK_OK (guestfs_mount (g, "/dev/VGA/LV", "/"));
  CHECK_OK (guestfs_write (g, "/hello", "world", 5));
  CHECK_OK (guestfs_umount_all (g));

  /* An active group's UUID cannot change. */
  CHECK_FAILS (g, guestfs_vgchange_uuid (g, "VGA"));

  /* Failure paths that never reach lvm. */
  CHECK_ERROR (g, guestfs_vgchange_uuid (g, "-a"), EINVAL);
  CHECK_ERROR (g, guestfs_vgchange_uuid (g, "a/b"), EINVAL);
  CHECK_ERROR (g, guestfs_vgchange_uuid (g, ""), EINVAL);
  CHECK_FAILS (g, guestfs_pvchange_uuid (g, "/dev/sdz9"));
  CHECK_FAILS (g, guestfs_vgchange_uuid (g, "NOSUCHVG"));

  CHECK_OK (guestfs_vg_activate_all (g, 0));

  /* One of each. */
  vg1 = guestfs_vguuid (g, "VGA");
  p1 = guestfs_pvuuid (g, "/dev/sda1");
  CHECK_OK (guestfs_vgchange_uuid (g, "VGA"));
  CHECK_OK (guestfs_pvchange_uuid (g, "/dev/sda1"));
  CHECK (changed (vg1, guestfs_vguuid (g, "VGA")));
  CHECK (changed (p1, guestfs_pvuuid (g, "/dev/sda1")));

  /* All of them. */
  vg1 = guestfs_vguuid (g, "VGA");
  vg2 = guestfs_vguuid (g, "VGB");
  p1 = guestfs_pvuuid (g, "/dev/sda1");
  p2 = guestfs_pvuuid (g, "/dev/sda2");
  CHECK_OK (guestfs_pvchange_uuid_all (g));
  CHECK_OK (guestfs_vgchange_uuid_all (g));
  CHECK (changed (vg1, guestfs_vguuid (g, "VGA")));
  CHECK (changed (vg2, guestfs_vguuid (g, "VGB")));
  CHECK (changed (p1, guestfs_pvuuid (g, "/dev/sda1")));
  CHECK (changed (p2, guestfs_pvuuid (g, "/dev/sda2")));

  /* The data survived. */
  CHECK_OK (guestfs_vg_activate_all (g, 1));
  CHECK_OK (guestfs_mount (g, "/dev/VGA/LV", "/"));
  {
    size_t size = 0;
    char *s = guestfs_read_file (g, "/hello", &size);

    CHECK (s != NULL && size == 5 && memcmp (s, "world", 5) == 0);
    free (s);
  }

  test_exit (g);
}
