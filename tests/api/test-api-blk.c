/* careen - offline disk-image toolkit */

/**
 * API tests of the block device odds and ends, in one launch with two
 * unlabelled disks and a labelled one: is_whole_device,
 * list_disk_labels, blockdev_setra, blockdev_setbsz, vgmeta, vgscan and
 * the deprecated sfdisk calls, on success and on the failure paths.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)
#define DISK_A (64 * MiB)
#define DISK_B (32 * MiB)
#define DISK_C (64 * MiB)

#define LABEL "scratch_2"

static char disk_b[] = "/tmp/careen-blk-b.XXXXXX";

static void
remove_disk_b (void)
{
  unlink (disk_b);
}

/* The second disk, labelled: test_add_disk has no label argument. */
static void
add_labelled_disk (guestfs_h *g)
{
  int fd = mkstemp (disk_b);

  if (fd == -1 || ftruncate (fd, DISK_B) == -1 || close (fd) == -1) {
    perror (disk_b);
    exit (EXIT_FAILURE);
  }
  atexit (remove_disk_b);
  if (guestfs_add_drive_opts (g, disk_b,
                              GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                              GUESTFS_ADD_DRIVE_OPTS_LABEL, LABEL,
                              -1) == -1)
    exit (EXIT_FAILURE);
}

static void
test_whole_device (guestfs_h *g)
{
  char *pvs[] = { "/dev/sda2", NULL };

  CHECK (guestfs_part_init (g, "/dev/sda", "mbr") == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 2048, 16383) == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 16384, -1) == 0);
  CHECK (guestfs_part_disk (g, "/dev/sdb", "gpt") == 0);

  CHECK (guestfs_is_whole_device (g, "/dev/sda") == 1);
  CHECK (guestfs_is_whole_device (g, "/dev/sdb") == 1);
  CHECK (guestfs_is_whole_device (g, "/dev/sda1") == 0);
  CHECK (guestfs_is_whole_device (g, "/dev/sdb1") == 0);
  CHECK (guestfs_pvcreate (g, "/dev/sda2") == 0);
  CHECK (guestfs_vgcreate (g, "blkvg", pvs) == 0);
  CHECK (guestfs_lvcreate (g, "lv", "blkvg", 8) == 0);
  CHECK (guestfs_is_whole_device (g, "/dev/blkvg/lv") == 0);
  CHECK (guestfs_is_whole_device (g, "/dev/mapper/blkvg-lv") == 0);
  CHECK_ERROR (g, guestfs_is_whole_device (g, "/dev/sdz"), ENOENT);
  CHECK_ERROR (g, guestfs_is_whole_device (g, "/dev/sda9"), ENOENT);
  CHECK_ERROR (g, guestfs_is_whole_device (g, "/dev/null"), EINVAL);
  CHECK_ERROR (g, guestfs_is_whole_device (g, "sda"), EINVAL);
}

static bool
has (const char *buf, size_t len, const char *s)
{
  return buf && memmem (buf, len, s, strlen (s)) != NULL;
}

/* After test_whole_device made blkvg/lv on /dev/sda2. */
static void
test_lvm_meta (guestfs_h *g)
{
  size_t len = 0;
  char *m = guestfs_vgmeta (g, "blkvg", &len);
  char **l;

  CHECK (m != NULL && len > 0);
  CHECK (has (m, len, "blkvg {"));
  CHECK (has (m, len, "lv {"));
  CHECK (has (m, len, "physical_volumes {"));
  CHECK (m != NULL && memchr (m, '\0', len) == NULL);
  free (m);
  CHECK_FAILS (g, guestfs_vgmeta (g, "novg", &len));
  CHECK_ERROR (g, guestfs_vgmeta (g, "-v", &len), EINVAL);
  CHECK_ERROR (g, guestfs_vgmeta (g, "", &len), EINVAL);
  CHECK_ERROR (g, guestfs_vgmeta (g, "a/b", &len), EINVAL);

  CHECK (guestfs_vgscan (g) == 0);
  l = guestfs_vgs (g);
  CHECK (test_count (l) == 1 && test_list_has (l, "blkvg"));
  test_free_list (l);
  CHECK (guestfs_blockdev_getsize64 (g, "/dev/blkvg/lv") == 8 * MiB);
  /* A removed group is gone from the scan and has no metadata. */
  CHECK (guestfs_lvremove (g, "/dev/blkvg/lv") == 0);
  CHECK (guestfs_vgremove (g, "blkvg") == 0);
  CHECK (guestfs_vgscan (g) == 0);
  l = guestfs_vgs (g);
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);
  CHECK_FAILS (g, guestfs_vgmeta (g, "blkvg", &len));
}

static void
test_disk_labels (guestfs_h *g)
{
  char **l = guestfs_list_disk_labels (g);

  /* The labelled disk and its one partition; nothing for sda. */
  CHECK (test_count (l) == 4);
  CHECK_STREQ (test_hash_get (l, LABEL), "/dev/sdb");
  CHECK_STREQ (test_hash_get (l, LABEL "1"), "/dev/sdb1");
  test_free_list (l);
}

static void
test_blockdev_set (guestfs_h *g)
{
  int bsz;

  CHECK (guestfs_blockdev_setra (g, "/dev/sda", 1024) == 0);
  CHECK (guestfs_blockdev_setra (g, "/dev/sda", 0) == 0);
  CHECK (guestfs_blockdev_setra (g, "/dev/sdb1", 256) == 0);
  CHECK_ERROR (g, guestfs_blockdev_setra (g, "/dev/sda", -1), EINVAL);
  CHECK_ERROR (g, guestfs_blockdev_setra (g, "/dev/sdz", 8), ENOENT);
  CHECK_ERROR (g, guestfs_blockdev_setra (g, "/dev/null", 8), EINVAL);

  /* setbsz changes nothing, whatever it is given. */
  bsz = guestfs_blockdev_getbsz (g, "/dev/sda");
  CHECK (bsz > 0);
  CHECK (guestfs_blockdev_setbsz (g, "/dev/sda", bsz == 4096 ? 1024 : 4096)
         == 0);
  CHECK (guestfs_blockdev_getbsz (g, "/dev/sda") == bsz);
  CHECK_ERROR (g, guestfs_blockdev_setbsz (g, "/dev/sda", 0), EINVAL);
  CHECK_ERROR (g, guestfs_blockdev_setbsz (g, "/dev/sda", 1000), EINVAL);
  CHECK_ERROR (g, guestfs_blockdev_setbsz (g, "/dev/sda", 256), EINVAL);
  CHECK_ERROR (g, guestfs_blockdev_setbsz (g, "/dev/sdz", 4096), ENOENT);
}

/* The size of partition partnum of device, or -1. */
static int64_t
part_size (guestfs_h *g, const char *device, int partnum)
{
  struct guestfs_partition_list *l = guestfs_part_list (g, device);
  int64_t r = -1;
  size_t i;

  for (i = 0; l && i < l->len; ++i)
    if (l->val[i].part_num == partnum)
      r = l->val[i].part_size;
  guestfs_free_partition_list (l);
  return r;
}

static void
test_sfdisk (guestfs_h *g)
{
  char *whole[] = { ",", NULL };
  char *mb[] = { ",16", "0,8", ",", NULL };
  char *none[] = { NULL };
  char *twolines[] = { ",8MiB\n,", NULL };
  char *s;
  char **l;

  CHECK_ERROR (g, guestfs_sfdisk (g, "/dev/sdc", 1, 0, 0, whole), ENOTSUP);
  CHECK_ERROR (g, guestfs_sfdisk (g, "/dev/sdc", 0, 255, 63, whole), ENOTSUP);
  CHECK_ERROR (g, guestfs_sfdisk (g, "/dev/sdc", 0, -1, 0, whole), EINVAL);
  CHECK_ERROR (g, guestfs_sfdisk (g, "/dev/sdc", 0, 0, 0, none), EINVAL);
  CHECK_ERROR (g, guestfs_sfdisk (g, "/dev/sdc", 0, 0, 0, twolines), EINVAL);
  CHECK_ERROR (g, guestfs_sfdisk (g, "/dev/sdz", 0, 0, 0, whole), ENOENT);

  CHECK (guestfs_sfdisk (g, "/dev/sdc", 0, 0, 0, whole) == 0);
  s = guestfs_part_get_parttype (g, "/dev/sdc");
  CHECK_STREQ (s, "msdos");
  free (s);
  l = guestfs_list_partitions (g);
  CHECK (test_list_has (l, "/dev/sdc1") && !test_list_has (l, "/dev/sdc2"));
  test_free_list (l);
  /* From 1 MiB to the end. */
  CHECK (part_size (g, "/dev/sdc", 1) == DISK_C - MiB);
  /* Not a sfdisk line. */
  {
    char *bad[] = { "what,is,this,nonsense", NULL };
    CHECK_FAILS (g, guestfs_sfdisk (g, "/dev/sdc", 0, 0, 0, bad));
  }

  CHECK (guestfs_sfdiskM (g, "/dev/sdc", mb) == 0);
  CHECK (part_size (g, "/dev/sdc", 1) == 16 * MiB);
  CHECK (part_size (g, "/dev/sdc", 2) == 8 * MiB);
  CHECK (part_size (g, "/dev/sdc", 3) == DISK_C - 25 * MiB);
  CHECK_ERROR (g, guestfs_sfdiskM (g, "/dev/sdc", none), EINVAL);
  {
    char *many[] = { "1,2,3,4,5,6,7,8,9", NULL };
    CHECK_ERROR (g, guestfs_sfdiskM (g, "/dev/sdc", many), EINVAL);
  }

  /* Partition 2 shrinks to 4 MiB where it is; the others stay. */
  CHECK (guestfs_sfdisk_N (g, "/dev/sdc", 2, 0, 0, 0, ",4MiB") == 0);
  CHECK (part_size (g, "/dev/sdc", 1) == 16 * MiB);
  CHECK (part_size (g, "/dev/sdc", 2) == 4 * MiB);
  CHECK (part_size (g, "/dev/sdc", 3) == DISK_C - 25 * MiB);
  CHECK_ERROR (g, guestfs_sfdisk_N (g, "/dev/sdc", 0, 0, 0, 0, ","), EINVAL);
  CHECK_ERROR (g, guestfs_sfdisk_N (g, "/dev/sdc", 2, 0, 0, 9, ","), ENOTSUP);

  s = guestfs_sfdisk_l (g, "/dev/sdc");
  CHECK (s != NULL && strstr (s, "/dev/sdc2") != NULL &&
         strstr (s, "dos") != NULL);
  free (s);
  CHECK_ERROR (g, guestfs_sfdisk_l (g, "/dev/sdz"), ENOENT);

  s = guestfs_sfdisk_kernel_geometry (g, "/dev/sdc");
  {
    long long c = 0;
    unsigned h = 0, sec = 0;

    CHECK (s != NULL &&
           sscanf (s, "/dev/sdc: %lld cylinders, %u heads, %u sectors/track",
                   &c, &h, &sec) == 3);
    CHECK (c > 0 && h > 0 && sec > 0 && c * h * sec * 512 <= DISK_C);
  }
  free (s);
}

/* A DOS table written byte by byte, its partitions ending at the end
 * of a cylinder of 16 heads and 63 sectors, as old tools wrote them.
 */
static void
test_disk_geometry (guestfs_h *g)
{
  static const char entry1[16] = {
    0, 1, 1, 0, 0x83, 15, 63, 9, 63, 0, 0, 0, 0x81, 0x25, 0, 0
  };
  static const char entry2[16] = {
    0, 0, 1, 10, 0x83, 15, 63, 19, 0xc0, 0x27, 0, 0, 0xc0, 0x27, 0, 0
  };
  static const char other[16] = {
    0, 0, 1, 10, 0x83, 254, 63, 19, 0xc0, 0x27, 0, 0, 0xc0, 0x27, 0, 0
  };
  static const char magic[2] = { 0x55, (char) 0xaa };
  char expected[128];
  char *s;

  CHECK (guestfs_zero_device (g, "/dev/sdc") == 0);
  CHECK_ERROR (g, guestfs_sfdisk_disk_geometry (g, "/dev/sdc"), EINVAL);
  CHECK (guestfs_pwrite_device (g, "/dev/sdc", magic, 2, 510) == 2);
  /* A signature but no partition. */
  CHECK_ERROR (g, guestfs_sfdisk_disk_geometry (g, "/dev/sdc"), EINVAL);
  CHECK (guestfs_pwrite_device (g, "/dev/sdc", entry1, 16, 446) == 16);
  CHECK (guestfs_pwrite_device (g, "/dev/sdc", entry2, 16, 462) == 16);
  snprintf (expected, sizeof expected,
            "/dev/sdc: %lld cylinders, 16 heads, 63 sectors/track\n",
            (long long) (DISK_C / 512 / (16 * 63)));
  s = guestfs_sfdisk_disk_geometry (g, "/dev/sdc");
  CHECK_STREQ (s, expected);
  free (s);
  /* Partitions that disagree. */
  CHECK (guestfs_pwrite_device (g, "/dev/sdc", other, 16, 462) == 16);
  CHECK_ERROR (g, guestfs_sfdisk_disk_geometry (g, "/dev/sdc"), EINVAL);
  CHECK_ERROR (g, guestfs_sfdisk_disk_geometry (g, "/dev/sdz"), ENOENT);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-blk");

  test_add_disk (g, DISK_A);
  add_labelled_disk (g);
  test_add_disk (g, DISK_C);
  test_launch (g);

  test_whole_device (g);
  test_lvm_meta (g);
  test_disk_labels (g);
  test_blockdev_set (g);
  test_sfdisk (g);
  test_disk_geometry (g);

  test_exit (g);
}
