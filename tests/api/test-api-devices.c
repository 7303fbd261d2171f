/* careen - offline disk-image toolkit */

/**
 * API tests of devices, partitions and filesystems, in one launch with
 * two blank disks: ping_daemon, echo_daemon, list_devices,
 * list_partitions, list_filesystems, blockdev_getsize64, part_init,
 * part_add, part_disk, part_list, part_del, mkfs (each type and its
 * optional arguments), vfs_type, vfs_label, vfs_uuid.  Each call is
 * checked on success and on its failure paths, with the errno.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)
#define DISK_A (512 * MiB)      /* big enough for xfs (300 MB minimum) */
#define DISK_B (128 * MiB)

static void
test_basics (guestfs_h *g)
{
  char *words[] = { "hello", "big world", NULL };
  char *empty[] = { NULL };
  char *s;
  char **l;

  CHECK (guestfs_ping_daemon (g) == 0);
  s = guestfs_echo_daemon (g, words);
  CHECK_STREQ (s, "hello big world");
  free (s);
  s = guestfs_echo_daemon (g, empty);
  CHECK_STREQ (s, "");
  free (s);

  l = guestfs_list_devices (g);
  CHECK (test_count (l) == 2);
  CHECK_STREQ (l ? l[0] : NULL, "/dev/sda");
  CHECK_STREQ (l && l[0] ? l[1] : NULL, "/dev/sdb");
  test_free_list (l);

  l = guestfs_list_partitions (g);
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);

  CHECK (guestfs_blockdev_getsize64 (g, "/dev/sda") == DISK_A);
  CHECK (guestfs_blockdev_getsize64 (g, "/dev/sdb") == DISK_B);
  CHECK_ERROR (g, guestfs_blockdev_getsize64 (g, "/dev/sdz"), ENOENT);
  CHECK_ERROR (g, guestfs_blockdev_getsize64 (g, "/dev/null"), EINVAL);
  CHECK_ERROR (g, guestfs_blockdev_getsize64 (g, "sda"), EINVAL);
  /* The appliance's own disk is nobody's business. */
  CHECK_ERROR (g, guestfs_blockdev_getsize64 (g, "/dev/vda"), ENOENT);

  l = guestfs_list_filesystems (g);
  CHECK_STREQ (test_hash_get (l, "/dev/sda"), "unknown");
  CHECK_STREQ (test_hash_get (l, "/dev/sdb"), "unknown");
  CHECK (test_count (l) == 4);
  test_free_list (l);
}

static void
test_partitions (guestfs_h *g)
{
  struct guestfs_partition_list *p;
  char **l;

  /* GPT on sda: two partitions, one deleted and made again. */
  CHECK_ERROR (g, guestfs_part_init (g, "/dev/sda", "nonsense"), EINVAL);
  CHECK_ERROR (g, guestfs_part_init (g, "/dev/sdz", "gpt"), ENOENT);
  CHECK (guestfs_part_init (g, "/dev/sda", "gpt") == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 2048, 2048 + 200 * 2048 - 1)
         == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "primary", 2048 + 200 * 2048, -34)
         == 0);
  CHECK_ERROR (g, guestfs_part_add (g, "/dev/sda", "x", 2048, 4095), EINVAL);
  CHECK_ERROR (g, guestfs_part_add (g, "/dev/sda", "p", -5, 4095), EINVAL);
  /* Overlaps sda1: parted's error, no errno. */
  CHECK_FAILS (g, guestfs_part_add (g, "/dev/sda", "p", 4096, 8191));

  p = guestfs_part_list (g, "/dev/sda");
  CHECK (p != NULL && p->len == 2);
  if (p && p->len == 2) {
    CHECK (p->val[0].part_num == 1);
    CHECK (p->val[0].part_start == 1 * MiB);
    CHECK (p->val[0].part_end == 201 * MiB - 1);
    CHECK (p->val[0].part_size == 200 * MiB);
    CHECK (p->val[1].part_num == 2);
    CHECK (p->val[1].part_start == 201 * MiB);
    CHECK (p->val[1].part_end == DISK_A - 34 * 512 + 511);
  }
  guestfs_free_partition_list (p);

  l = guestfs_list_partitions (g);
  CHECK (test_count (l) == 2);
  CHECK (test_list_has (l, "/dev/sda1") && test_list_has (l, "/dev/sda2"));
  test_free_list (l);

  CHECK (guestfs_part_del (g, "/dev/sda", 2) == 0);
  l = guestfs_list_partitions (g);
  CHECK (test_count (l) == 1 && test_list_has (l, "/dev/sda1"));
  test_free_list (l);
  CHECK_ERROR (g, guestfs_part_del (g, "/dev/sda", 0), EINVAL);
  CHECK_FAILS (g, guestfs_part_del (g, "/dev/sda", 7));
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 2048 + 200 * 2048, -34) == 0);
  CHECK (guestfs_blockdev_getsize64 (g, "/dev/sda1") == 200 * MiB);

  /* MBR on sdb: whole-disk partition, then primary + extended with a
   * logical one; the negative end counts from the end of the disk.
   */
  CHECK (guestfs_part_disk (g, "/dev/sdb", "mbr") == 0);
  p = guestfs_part_list (g, "/dev/sdb");
  CHECK (p != NULL && p->len == 1);
  if (p && p->len == 1) {
    CHECK (p->val[0].part_start == 1 * MiB);
    CHECK (p->val[0].part_end == DISK_B - 1);
  }
  guestfs_free_partition_list (p);
  CHECK_ERROR (g, guestfs_part_disk (g, "/dev/sdb", "bogus"), EINVAL);

  CHECK (guestfs_part_init (g, "/dev/sdb", "msdos") == 0);
  CHECK (guestfs_part_add (g, "/dev/sdb", "p", 2048, 64 * 2048 - 1) == 0);
  CHECK (guestfs_part_add (g, "/dev/sdb", "e", 64 * 2048, -1) == 0);
  CHECK (guestfs_part_add (g, "/dev/sdb", "l", 65 * 2048, -1) == 0);
  p = guestfs_part_list (g, "/dev/sdb");
  CHECK (p != NULL && p->len == 3);
  if (p && p->len == 3) {
    CHECK (p->val[2].part_num == 5);
    CHECK (p->val[2].part_end == DISK_B - 1);
  }
  guestfs_free_partition_list (p);
  CHECK_ERROR (g, guestfs_part_list (g, "/dev/sdz"), ENOENT);

  l = guestfs_list_partitions (g);
  CHECK (test_count (l) == 5);
  CHECK_STREQ (l && test_count (l) == 5 ? l[4] : NULL, "/dev/sdb5");
  test_free_list (l);
}

/* Mounts device on /, writes and reads back a file, unmounts. */
static void
mount_write (guestfs_h *g, const char *device)
{
  char *s;

  if (guestfs_mount (g, device, "/") == -1) {
    test_fail (__FILE__, __LINE__, "mount %s failed", device);
    return;
  }
  CHECK_OK (guestfs_write (g, "/hello.txt", "hello", 5));
  s = guestfs_cat (g, "/hello.txt");
  CHECK_STREQ (s, "hello");
  free (s);
  CHECK (guestfs_umount_all (g) == 0);
}

static void
test_mkfs (guestfs_h *g)
{
  char **l;
  char *s;

  CHECK (guestfs_mkfs_opts (g, "ext4", "/dev/sda1",
                            GUESTFS_MKFS_OPTS_LABEL, "root",
                            GUESTFS_MKFS_OPTS_BLOCKSIZE, 4096,
                            GUESTFS_MKFS_OPTS_INODE, 256, -1) == 0);
  CHECK (guestfs_mkfs (g, "xfs", "/dev/sda2") == 0);
  CHECK (guestfs_mkfs_opts (g, "vfat", "/dev/sdb1",
                            GUESTFS_MKFS_OPTS_LABEL, "BOOT", -1) == 0);
  CHECK (guestfs_mkfs_opts (g, "ntfs", "/dev/sdb5",
                            GUESTFS_MKFS_OPTS_LABEL, "win", -1) == 0);

  CHECK_ERROR (g, guestfs_mkfs (g, "nosuchfs", "/dev/sdb5"), ENOTSUP);
  CHECK_ERROR (g, guestfs_mkfs (g, "ext4", "/dev/sdz1"), ENOENT);
  CHECK_ERROR (g, guestfs_mkfs_opts (g, "ext4", "/dev/sdb5",
                                     GUESTFS_MKFS_OPTS_SECTORSIZE, 512, -1),
               EINVAL);
  CHECK_ERROR (g, guestfs_mkfs_opts (g, "ext4", "/dev/sdb5",
                                     GUESTFS_MKFS_OPTS_BLOCKSIZE, -1, -1),
               EINVAL);
  /* mke2fs refuses it: the tool's message, no errno. */
  CHECK_FAILS (g, guestfs_mkfs_opts (g, "ext4", "/dev/sdb5",
                                     GUESTFS_MKFS_OPTS_BLOCKSIZE, 3, -1));

  s = guestfs_vfs_type (g, "/dev/sda1");
  CHECK_STREQ (s, "ext4");
  free (s);
  s = guestfs_vfs_label (g, "/dev/sda1");
  CHECK_STREQ (s, "root");
  free (s);
  s = guestfs_vfs_uuid (g, "/dev/sda1");
  CHECK (s != NULL && strlen (s) == 36);
  free (s);
  s = guestfs_vfs_type (g, "/dev/sda2");
  CHECK_STREQ (s, "xfs");
  free (s);
  s = guestfs_vfs_label (g, "/dev/sdb1");
  CHECK_STREQ (s, "BOOT");
  free (s);
  s = guestfs_vfs_type (g, "/dev/sdb5");
  CHECK_STREQ (s, "ntfs");
  free (s);
  s = guestfs_vfs_label (g, "/dev/sda2");   /* none */
  CHECK_STREQ (s, "");
  free (s);
  CHECK_ERROR (g, guestfs_vfs_type (g, "/dev/sdz"), ENOENT);
  CHECK_ERROR (g, guestfs_vfs_uuid (g, "not-a-device"), EINVAL);

  /* Each type mounts (its kernel module loads) and takes a file. */
  mount_write (g, "/dev/sda1");
  mount_write (g, "/dev/sda2");
  mount_write (g, "/dev/sdb1");
  mount_write (g, "/dev/sdb5");
  CHECK (guestfs_mkfs_opts (g, "btrfs", "/dev/sda2",
                            GUESTFS_MKFS_OPTS_LABEL, "data", -1) == 0);
  s = guestfs_vfs_type (g, "/dev/sda2");
  CHECK_STREQ (s, "btrfs");
  free (s);
  mount_write (g, "/dev/sda2");

  l = guestfs_list_filesystems (g);
  CHECK_STREQ (test_hash_get (l, "/dev/sda1"), "ext4");
  CHECK_STREQ (test_hash_get (l, "/dev/sda2"), "btrfs");
  CHECK_STREQ (test_hash_get (l, "/dev/sdb1"), "vfat");
  CHECK_STREQ (test_hash_get (l, "/dev/sdb5"), "ntfs");
  /* Partitioned disks and the extended partition are not listed. */
  CHECK (test_hash_get (l, "/dev/sda") == NULL);
  CHECK (test_hash_get (l, "/dev/sdb2") == NULL);
  CHECK (test_count (l) == 8);
  test_free_list (l);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-devices");

  test_add_disk (g, DISK_A);
  test_add_disk (g, DISK_B);
  test_launch (g);

  test_basics (g);
  test_partitions (g);
  test_mkfs (g);

  test_exit (g);
}
