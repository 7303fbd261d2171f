/* careen - offline disk-image toolkit */

/**
 * API tests of partition attributes and block devices, in one launch
 * with two blank disks: part_get_parttype, part_get/set_bootable,
 * part_get/set_mbr_id, part_get_mbr_part_type, part_get/set_name,
 * part_get/set_gpt_type, part_get/set_gpt_guid,
 * part_get/set_gpt_attributes, part_get/set_disk_guid,
 * part_set_disk_guid_random, part_to_dev, part_to_partnum, part_resize,
 * part_expand_gpt, list_md_devices, list_dm_devices, nr_devices,
 * device_index, canonical_device_name and the blockdev_* calls, on
 * success and on their failure paths.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)
#define DISK_A (256 * MiB)
#define DISK_B (64 * MiB)

#define LINUX_FS "0FC63DAF-8483-4772-8E79-3D69D8477DE4"
#define EFI_SYSTEM "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
#define SOME_GUID "01234567-89AB-CDEF-0123-456789ABCDEF"
/* Quotes, a colon and a non-ASCII letter (e acute in UTF-8). */
#define ODD_NAME "it's \"q\": \xc3\xa9"

/* Checks a string result and frees it. */
static void
check_str (int line, char *s, const char *want)
{
  if (s == NULL || strcmp (s, want) != 0)
    test_fail (__FILE__, line, "got \"%s\", expected \"%s\"",
               s ? s : "(null)", want);
  free (s);
}
#define CHECK_STR(s, want) check_str (__LINE__, (s), (want))

static void
test_gpt (guestfs_h *g)
{
  struct guestfs_partition_list *p;
  char *s, *s2;

  CHECK_FAILS (g, guestfs_part_get_parttype (g, "/dev/sda"));
  CHECK (guestfs_part_init (g, "/dev/sda", "gpt") == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 2048, 100 * 2048 - 1) == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 100 * 2048, 200 * 2048 - 1)
         == 0);
  CHECK_STR (guestfs_part_get_parttype (g, "/dev/sda"), "gpt");
  CHECK_ERROR (g, guestfs_part_get_parttype (g, "/dev/sdz"), ENOENT);

  /* Names. */
  CHECK (guestfs_part_set_name (g, "/dev/sda", 1, "root: the first") == 0);
  CHECK_STR (guestfs_part_get_name (g, "/dev/sda", 1), "root: the first");
  CHECK (guestfs_part_set_name (g, "/dev/sda", 2, ODD_NAME) == 0);
  CHECK_STR (guestfs_part_get_name (g, "/dev/sda", 2), ODD_NAME);
  CHECK (guestfs_part_set_name (g, "/dev/sda", 2, "") == 0);
  CHECK_STR (guestfs_part_get_name (g, "/dev/sda", 2), "");
  /* 37 characters. */
  CHECK_ERROR (g, guestfs_part_set_name (g, "/dev/sda", 1,
                                         "012345678901234567890123456789"
                                         "0123456"),
               EINVAL);
  CHECK_ERROR (g, guestfs_part_set_name (g, "/dev/sda", 0, "x"), EINVAL);
  CHECK_ERROR (g, guestfs_part_get_name (g, "/dev/sda", 9), EINVAL);

  /* Type GUIDs. */
  CHECK_STR (guestfs_part_get_gpt_type (g, "/dev/sda", 1), LINUX_FS);
  CHECK (guestfs_part_set_gpt_type (g, "/dev/sda", 1, EFI_SYSTEM) == 0);
  CHECK_STR (guestfs_part_get_gpt_type (g, "/dev/sda", 1), EFI_SYSTEM);
  CHECK_ERROR (g, guestfs_part_set_gpt_type (g, "/dev/sda", 1, "nonsense"),
               EINVAL);
  CHECK_ERROR (g, guestfs_part_set_gpt_type (g, "/dev/sda", 1,
                                             "0FC63DAF-8483-4772-"
                                             "8E79-3D69D8477DEX"),
               EINVAL);

  /* Unique GUIDs. */
  s = guestfs_part_get_gpt_guid (g, "/dev/sda", 2);
  CHECK (s != NULL && strlen (s) == 36);
  free (s);
  CHECK (guestfs_part_set_gpt_guid (g, "/dev/sda", 2, SOME_GUID) == 0);
  CHECK_STR (guestfs_part_get_gpt_guid (g, "/dev/sda", 2), SOME_GUID);
  CHECK_ERROR (g, guestfs_part_set_gpt_guid (g, "/dev/sda", 2, ""), EINVAL);

  /* Attributes: all 64 bits round-trip, the top one too. */
  CHECK (guestfs_part_get_gpt_attributes (g, "/dev/sda", 1) == 0);
  CHECK (guestfs_part_set_gpt_attributes (g, "/dev/sda", 1, 4) == 0);
  CHECK (guestfs_part_get_gpt_attributes (g, "/dev/sda", 1) == 4);
  CHECK (guestfs_part_set_gpt_attributes (g, "/dev/sda", 2,
                                          INT64_MIN | 5) == 0);
  CHECK (guestfs_part_get_gpt_attributes (g, "/dev/sda", 2) ==
         (INT64_MIN | 5));
  CHECK_ERROR (g, guestfs_part_get_gpt_attributes (g, "/dev/sda", -1),
               EINVAL);

  /* Disk GUID. */
  CHECK (guestfs_part_set_disk_guid (g, "/dev/sda", SOME_GUID) == 0);
  CHECK_STR (guestfs_part_get_disk_guid (g, "/dev/sda"), SOME_GUID);
  CHECK (guestfs_part_set_disk_guid_random (g, "/dev/sda") == 0);
  s = guestfs_part_get_disk_guid (g, "/dev/sda");
  CHECK (s != NULL && strlen (s) == 36 && strcmp (s, SOME_GUID) != 0);
  CHECK (guestfs_part_set_disk_guid_random (g, "/dev/sda") == 0);
  s2 = guestfs_part_get_disk_guid (g, "/dev/sda");
  CHECK (s && s2 && strcmp (s, s2) != 0);
  free (s);
  free (s2);
  CHECK_ERROR (g, guestfs_part_set_disk_guid (g, "/dev/sda", "x"), EINVAL);

  /* Bootable. */
  CHECK (guestfs_part_get_bootable (g, "/dev/sda", 2) == 0);
  CHECK (guestfs_part_set_bootable (g, "/dev/sda", 2, 1) == 0);
  CHECK (guestfs_part_get_bootable (g, "/dev/sda", 2) == 1);
  CHECK_STR (guestfs_part_get_gpt_type (g, "/dev/sda", 2), EFI_SYSTEM);
  CHECK (guestfs_part_set_bootable (g, "/dev/sda", 2, 0) == 0);
  CHECK (guestfs_part_get_bootable (g, "/dev/sda", 2) == 0);
  CHECK_ERROR (g, guestfs_part_get_bootable (g, "/dev/sda", 7), EINVAL);

  /* DOS-only calls refuse GPT. */
  CHECK_ERROR (g, guestfs_part_get_mbr_id (g, "/dev/sda", 1), EINVAL);
  CHECK_ERROR (g, guestfs_part_set_mbr_id (g, "/dev/sda", 1, 0x83), EINVAL);
  CHECK_ERROR (g, guestfs_part_get_mbr_part_type (g, "/dev/sda", 1), EINVAL);

  /* Resize: shrink then grow partition 2; its start stays. */
  CHECK (guestfs_part_resize (g, "/dev/sda", 2, 150 * 2048 - 1) == 0);
  p = guestfs_part_list (g, "/dev/sda");
  CHECK (p != NULL && p->len == 2);
  if (p && p->len == 2) {
    CHECK (p->val[1].part_start == 100 * MiB);
    CHECK (p->val[1].part_size == 50 * MiB);
  }
  guestfs_free_partition_list (p);
  CHECK (guestfs_blockdev_getsize64 (g, "/dev/sda2") == 50 * MiB);
  CHECK (guestfs_part_resize (g, "/dev/sda", 2, 250 * 2048 - 1) == 0);
  CHECK (guestfs_blockdev_getsize64 (g, "/dev/sda2") == 150 * MiB);
  CHECK_ERROR (g, guestfs_part_resize (g, "/dev/sda", 0, 5000), EINVAL);
  CHECK_ERROR (g, guestfs_part_resize (g, "/dev/sda", 2, -5), EINVAL);
  /* Past the end of the disk: parted refuses. */
  CHECK_FAILS (g, guestfs_part_resize (g, "/dev/sda", 2, DISK_A / 512 + 10));

  CHECK (guestfs_part_expand_gpt (g, "/dev/sda") == 0);
  CHECK_STR (guestfs_part_get_parttype (g, "/dev/sda"), "gpt");

  /* Partition names. */
  CHECK_STR (guestfs_part_to_dev (g, "/dev/sda2"), "/dev/sda");
  CHECK (guestfs_part_to_partnum (g, "/dev/sda2") == 2);
  CHECK_ERROR (g, guestfs_part_to_dev (g, "/dev/sda"), EINVAL);
  CHECK_ERROR (g, guestfs_part_to_partnum (g, "/dev/sdb"), EINVAL);
  CHECK_ERROR (g, guestfs_part_to_dev (g, "/dev/sda9"), ENOENT);
}

static void
test_mbr (guestfs_h *g)
{
  CHECK (guestfs_part_init (g, "/dev/sdb", "mbr") == 0);
  CHECK (guestfs_part_add (g, "/dev/sdb", "p", 2048, 32 * 2048 - 1) == 0);
  CHECK (guestfs_part_add (g, "/dev/sdb", "e", 32 * 2048, -1) == 0);
  CHECK (guestfs_part_add (g, "/dev/sdb", "l", 33 * 2048, -1) == 0);
  CHECK_STR (guestfs_part_get_parttype (g, "/dev/sdb"), "msdos");

  CHECK (guestfs_part_get_mbr_id (g, "/dev/sdb", 1) == 0x83);
  CHECK (guestfs_part_set_mbr_id (g, "/dev/sdb", 1, 0x07) == 0);
  CHECK (guestfs_part_get_mbr_id (g, "/dev/sdb", 1) == 0x07);
  /* The GUID standing for the type byte. */
  CHECK_STR (guestfs_part_get_gpt_type (g, "/dev/sdb", 1),
             "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7");
  CHECK (guestfs_part_set_mbr_id (g, "/dev/sdb", 5, 0x82) == 0);
  CHECK (guestfs_part_get_mbr_id (g, "/dev/sdb", 5) == 0x82);
  CHECK_ERROR (g, guestfs_part_set_mbr_id (g, "/dev/sdb", 1, 256), EINVAL);
  CHECK_ERROR (g, guestfs_part_set_mbr_id (g, "/dev/sdb", 1, -1), EINVAL);
  CHECK_FAILS (g, guestfs_part_get_mbr_id (g, "/dev/sdb", 3));

  CHECK_STR (guestfs_part_get_mbr_part_type (g, "/dev/sdb", 1), "primary");
  CHECK_STR (guestfs_part_get_mbr_part_type (g, "/dev/sdb", 2), "extended");
  CHECK_STR (guestfs_part_get_mbr_part_type (g, "/dev/sdb", 5), "logical");

  CHECK (guestfs_part_set_bootable (g, "/dev/sdb", 1, 1) == 0);
  CHECK (guestfs_part_get_bootable (g, "/dev/sdb", 1) == 1);
  CHECK (guestfs_part_get_bootable (g, "/dev/sdb", 5) == 0);

  /* DOS partitions have no names; GPT-only calls refuse them. */
  CHECK_STR (guestfs_part_get_name (g, "/dev/sdb", 1), "");
  CHECK_ERROR (g, guestfs_part_get_name (g, "/dev/sdb", 3), EINVAL);
  CHECK_ERROR (g, guestfs_part_set_name (g, "/dev/sdb", 1, "x"), EINVAL);
  CHECK_ERROR (g, guestfs_part_set_gpt_type (g, "/dev/sdb", 1, LINUX_FS),
               EINVAL);
  CHECK_ERROR (g, guestfs_part_get_gpt_guid (g, "/dev/sdb", 1), EINVAL);
  CHECK_ERROR (g, guestfs_part_get_gpt_attributes (g, "/dev/sdb", 1), EINVAL);
  CHECK_ERROR (g, guestfs_part_get_disk_guid (g, "/dev/sdb"), EINVAL);
  CHECK_ERROR (g, guestfs_part_set_disk_guid_random (g, "/dev/sdb"), EINVAL);
  CHECK_ERROR (g, guestfs_part_expand_gpt (g, "/dev/sdb"), EINVAL);

  CHECK_STR (guestfs_part_to_dev (g, "/dev/sdb5"), "/dev/sdb");
  CHECK (guestfs_part_to_partnum (g, "/dev/sdb5") == 5);
}

static void
test_blockdev (guestfs_h *g)
{
  char **l;

  CHECK (guestfs_blockdev_getsz (g, "/dev/sda") == DISK_A / 512);
  CHECK (guestfs_blockdev_getsz (g, "/dev/sdb1") == 31 * MiB / 512);
  CHECK (guestfs_blockdev_getss (g, "/dev/sda") == 512);
  CHECK (guestfs_blockdev_getbsz (g, "/dev/sda") > 0);
  CHECK (guestfs_blockdev_getro (g, "/dev/sdb") == 0);
  CHECK (guestfs_blockdev_setro (g, "/dev/sdb1") == 0);
  CHECK (guestfs_blockdev_getro (g, "/dev/sdb1") == 1);
  CHECK (guestfs_blockdev_setrw (g, "/dev/sdb1") == 0);
  CHECK (guestfs_blockdev_getro (g, "/dev/sdb1") == 0);
  CHECK (guestfs_blockdev_flushbufs (g, "/dev/sda") == 0);
  CHECK (guestfs_blockdev_rereadpt (g, "/dev/sdb") == 0);
  CHECK_ERROR (g, guestfs_blockdev_getsz (g, "/dev/sdz"), ENOENT);
  CHECK_ERROR (g, guestfs_blockdev_getss (g, "/dev/null"), EINVAL);
  CHECK_ERROR (g, guestfs_blockdev_getro (g, "sda"), EINVAL);
  CHECK_ERROR (g, guestfs_blockdev_setro (g, "/dev/vda"), ENOENT);
  /* Not a disk: the re-read ioctl is refused. */
  CHECK_ERROR (g, guestfs_blockdev_rereadpt (g, "/dev/sdb1"), EINVAL);

  CHECK (guestfs_nr_devices (g) == 2);
  CHECK (guestfs_device_index (g, "/dev/sda") == 0);
  CHECK (guestfs_device_index (g, "/dev/sdb") == 1);
  CHECK_ERROR (g, guestfs_device_index (g, "/dev/sdb1"), EINVAL);
  CHECK_ERROR (g, guestfs_device_index (g, "/dev/sdc"), ENOENT);

  l = guestfs_list_md_devices (g);
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);
  l = guestfs_list_dm_devices (g);
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);

  CHECK_STR (guestfs_canonical_device_name (g, "/dev/vda1"), "/dev/sda1");
  CHECK_STR (guestfs_canonical_device_name (g, "/dev/hdb"), "/dev/sdb");
  CHECK_STR (guestfs_canonical_device_name (g, "/dev/xvdc2"), "/dev/sdc2");
  CHECK_STR (guestfs_canonical_device_name (g, "/dev/sda1"), "/dev/sda1");
  CHECK_STR (guestfs_canonical_device_name (g, "/dev/mapper/nothing"),
             "/dev/mapper/nothing");
  CHECK_STR (guestfs_canonical_device_name (g, "LABEL=x"), "LABEL=x");
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-part-attrs");

  test_add_disk (g, DISK_A);
  test_add_disk (g, DISK_B);
  test_launch (g);

  test_gpt (g);
  test_mbr (g);
  test_blockdev (g);

  test_exit (g);
}
