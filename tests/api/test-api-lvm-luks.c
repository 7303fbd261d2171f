/* careen - offline disk-image toolkit */

/**
 * API tests of encrypted devices, in one launch with one blank disk:
 * luks_format, cryptsetup_open (and its optional arguments),
 * cryptsetup_close, luks_open, luks_open_ro, luks_close, opened
 * volumes in list_dm_devices and list_filesystems, and LVM inside an
 * encrypted volume found by lvm_scan, on success and on the failure
 * paths.
 *
 * LUKS key derivation is slow by design, and slower under TCG: the
 * test opens the volume only a few times.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)
#define DISK_A (128 * MiB)

#define KEY "correct horse: battery staple"

static void
test_luks (guestfs_h *g)
{
  char *vgs[] = { "secretvg", NULL };
  char *pvs[] = { "/dev/mapper/clear", NULL };
  char **l;
  char *s;

  CHECK (guestfs_part_init (g, "/dev/sda", "gpt") == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 2048, 64 * 2048 - 1) == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 64 * 2048, -34) == 0);

  CHECK_ERROR (g, guestfs_luks_format (g, "/dev/sda1", KEY, 8), EINVAL);
  CHECK_ERROR (g, guestfs_luks_format (g, "/dev/sda1", "", 0), EINVAL);
  CHECK_ERROR (g, guestfs_luks_format (g, "/dev/sdz1", KEY, 0), ENOENT);
  CHECK (guestfs_luks_format (g, "/dev/sda1", KEY, 0) == 0);
  s = guestfs_vfs_type (g, "/dev/sda1");
  CHECK_STREQ (s, "crypto_LUKS");
  free (s);

  CHECK_ERROR (g, guestfs_cryptsetup_open (g, "/dev/sda1", KEY, "control", -1),
               EINVAL);
  CHECK_ERROR (g, guestfs_cryptsetup_open (g, "/dev/sda1", KEY, "a/b", -1),
               EINVAL);
  CHECK_ERROR (g, guestfs_cryptsetup_open (g, "/dev/sda1", KEY, "x",
                                           GUESTFS_CRYPTSETUP_OPEN_CRYPTTYPE,
                                           "rot13", -1),
               EINVAL);
  /* The wrong key, and a device that is not encrypted. */
  CHECK_FAILS (g, guestfs_cryptsetup_open (g, "/dev/sda1", "wrong", "x", -1));
  CHECK_FAILS (g, guestfs_cryptsetup_open (g, "/dev/sda2", KEY, "x", -1));

  /* Read-only first. */
  CHECK (guestfs_cryptsetup_open (g, "/dev/sda1", KEY, "clear",
                                  GUESTFS_CRYPTSETUP_OPEN_READONLY, 1,
                                  GUESTFS_CRYPTSETUP_OPEN_CRYPTTYPE, "luks",
                                  -1) == 0);
  CHECK (guestfs_blockdev_getro (g, "/dev/mapper/clear") == 1);
  l = guestfs_list_dm_devices (g);
  CHECK (test_count (l) == 1 && test_list_has (l, "/dev/mapper/clear"));
  test_free_list (l);
  CHECK_ERROR (g, guestfs_cryptsetup_close (g, "/dev/sda1"), EINVAL);
  CHECK_ERROR (g, guestfs_cryptsetup_close (g, "/dev/mapper/none"), ENOENT);
  CHECK (guestfs_cryptsetup_close (g, "/dev/mapper/clear") == 0);
  l = guestfs_list_dm_devices (g);
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);

  /* Read-write: LVM inside, found by lvm_scan. */
  CHECK (guestfs_cryptsetup_open (g, "/dev/sda1", KEY, "clear", -1) == 0);
  CHECK (guestfs_blockdev_getro (g, "/dev/mapper/clear") == 0);
  CHECK (guestfs_mkfs (g, "ext4", "/dev/mapper/clear") == 0);
  l = guestfs_list_filesystems (g);
  CHECK_STREQ (test_hash_get (l, "/dev/sda1"), "crypto_LUKS");
  CHECK_STREQ (test_hash_get (l, "/dev/mapper/clear"), "ext4");
  test_free_list (l);

  CHECK (guestfs_pvcreate (g, "/dev/mapper/clear") == 0);
  CHECK (guestfs_vgcreate (g, "secretvg", pvs) == 0);
  CHECK (guestfs_lvcreate_free (g, "lv", "secretvg", 100) == 0);
  CHECK (guestfs_mkfs (g, "ext4", "/dev/secretvg/lv") == 0);
  CHECK (guestfs_vg_activate (g, 0, vgs) == 0);
  /* The volume group holds the device: closing is refused. */
  CHECK (guestfs_vg_activate (g, 1, vgs) == 0);
  CHECK_FAILS (g, guestfs_cryptsetup_close (g, "/dev/mapper/clear"));
  CHECK (guestfs_vg_activate (g, 0, vgs) == 0);
  CHECK (guestfs_cryptsetup_close (g, "/dev/mapper/clear") == 0);
  CHECK_ERROR (g, guestfs_blockdev_getsize64 (g, "/dev/secretvg/lv"), ENOENT);

  CHECK (guestfs_cryptsetup_open (g, "/dev/sda1", KEY, "again", -1) == 0);
  CHECK (guestfs_lvm_scan (g, 1) == 0);
  l = guestfs_lvs (g);
  CHECK (test_count (l) == 1 && test_list_has (l, "/dev/secretvg/lv"));
  test_free_list (l);
  l = guestfs_list_filesystems (g);
  CHECK_STREQ (test_hash_get (l, "/dev/secretvg/lv"), "ext4");
  CHECK (test_hash_get (l, "/dev/mapper/again") == NULL);
  test_free_list (l);
  CHECK (guestfs_mount (g, "/dev/secretvg/lv", "/") == 0);
  CHECK (guestfs_umount_all (g) == 0);
  CHECK (guestfs_vg_activate (g, 0, vgs) == 0);
  CHECK (guestfs_cryptsetup_close (g, "/dev/mapper/again") == 0);

  /* The deprecated forms. */
  CHECK (guestfs_luks_open_ro (g, "/dev/sda1", KEY, "old") == 0);
  CHECK (guestfs_blockdev_getro (g, "/dev/mapper/old") == 1);
  CHECK (guestfs_luks_close (g, "/dev/mapper/old") == 0);
  CHECK (guestfs_luks_open (g, "/dev/sda1", KEY, "old") == 0);
  CHECK (guestfs_blockdev_getro (g, "/dev/mapper/old") == 0);
  CHECK (guestfs_luks_close (g, "/dev/mapper/old") == 0);
  CHECK_ERROR (g, guestfs_luks_open (g, "/dev/sda1", KEY, "con/trol"), EINVAL);
  CHECK_ERROR (g, guestfs_luks_close (g, "old"), EINVAL);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-lvm-luks");

  test_add_disk (g, DISK_A);
  test_launch (g);

  test_luks (g);

  test_exit (g);
}
