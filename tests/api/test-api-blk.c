/* careen - offline disk-image toolkit */

/**
 * API tests of the block device odds and ends, in one launch with an
 * unlabelled disk and a labelled one: is_whole_device,
 * list_disk_labels, blockdev_setra, blockdev_setbsz, vgmeta, vgscan,
 * on success and on the failure paths.
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

int
main (void)
{
  guestfs_h *g = test_create ("test-api-blk");

  test_add_disk (g, DISK_A);
  add_labelled_disk (g);
  test_launch (g);

  test_whole_device (g);
  test_lvm_meta (g);
  test_disk_labels (g);
  test_blockdev_set (g);

  test_exit (g);
}
