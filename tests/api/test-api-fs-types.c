/* careen - offline disk-image toolkit */

/**
 * API tests of every filesystem type careen must handle (ext2, ext3,
 * ext4, xfs, btrfs, vfat, ntfs, swap), in one launch: mkfs, vfs_type,
 * mount, write, read back after a remount, set_label, set_uuid, blkid,
 * vfs_minimum_size, filesystem_available; then mount_vfs, mount_loop
 * and the swap calls.
 *
 * The types are made one after the other on the same disk: that is how
 * "mkfs ntfs" after "mkfs btrfs" was seen to leave two signatures, and
 * nothing recognised.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)

/* The device of each disk, found by its size: the kernel may name the
 * disks in another order than they were added (its SCSI probing is
 * asynchronous), so the names are looked up rather than assumed.
 */
static const char *dev_a;
static const char *dev_b;

struct fstype {
  const char *mkfs;             /* the type given to mkfs */
  const char *vfs;              /* what vfs_type must say */
  const char *label;            /* a valid label */
  const char *long_label;       /* one byte too long, or NULL */
  bool set_uuid;                /* set_uuid is supported */
  bool min_size;                /* vfs_minimum_size works unmounted */
};

static const struct fstype types[] = {
  { "ext2", "ext2", "E2LABEL", "0123456789abcdefX", true, true },
  { "ext3", "ext3", "E3LABEL", NULL, true, true },
  { "ext4", "ext4", "E4LABEL", NULL, true, true },
  { "xfs", "xfs", "XFSLABEL", "0123456789abX", true, true },
  { "vfat", "vfat", "VFATLABEL", "0123456789AB", false, false },
  /* ntfs right after btrfs: the case that was broken. */
  { "btrfs", "btrfs", "BTRFSLABEL", NULL, true, false },
  { "ntfs", "ntfs", "NTFSLABEL", NULL, false, true },
};
#define NR_TYPES (sizeof types / sizeof types[0])

static const char uuid1[] = "01234567-89ab-cdef-0123-456789abcdef";

/* mkfs, vfs_type, mount, write, remount, read, labels and UUIDs. */
static void
test_type (guestfs_h *g, const struct fstype *t)
{
  char *s, content[64];
  char **h;
  size_t size;

  fprintf (stderr, "test-api-fs-types: %s\n", t->mkfs);
  CHECK_OK (guestfs_mkfs (g, t->mkfs, dev_a));
  s = guestfs_vfs_type (g, dev_a);
  CHECK_STREQ (s, t->vfs);
  free (s);
  CHECK (guestfs_filesystem_available (g, t->vfs) == 1);

  h = guestfs_blkid (g, dev_a);
  CHECK (h != NULL);
  if (h) {
    CHECK_STREQ (test_hash_get (h, "TYPE"), t->vfs);
    CHECK_STREQ (test_hash_get (h, "USAGE"), "filesystem");
  }
  test_free_list (h);

  snprintf (content, sizeof content, "written on %s", t->mkfs);
  CHECK_OK (guestfs_mount (g, dev_a, "/"));
  CHECK_OK (guestfs_write (g, "/hello", content, strlen (content)));
  if (strcmp (t->mkfs, "btrfs") == 0) {
    /* btrfs tells its minimum size only when mounted. */
    CHECK (guestfs_vfs_minimum_size (g, dev_a) > 0);
  }
  CHECK_OK (guestfs_umount (g, "/"));
  CHECK_OK (guestfs_mount_ro (g, dev_a, "/"));
  s = guestfs_read_file (g, "/hello", &size);
  CHECK (s != NULL && size == strlen (content) &&
         memcmp (s, content, size) == 0);
  free (s);
  CHECK_OK (guestfs_umount (g, "/"));
  /* mount_vfs with the type named: NTFS by any of its names. */
  CHECK_OK (guestfs_mount_vfs (g, "ro", strcmp (t->vfs, "ntfs") == 0 ?
                               "ntfs-3g" : t->vfs, dev_a, "/"));
  CHECK (guestfs_is_file (g, "/hello") == 1);
  CHECK_OK (guestfs_umount (g, "/"));

  /* Labels. */
  CHECK_OK (guestfs_set_label (g, dev_a, t->label));
  s = guestfs_vfs_label (g, dev_a);
  CHECK_STREQ (s, t->label);
  free (s);
  if (t->long_label)
    CHECK_ERROR (g, guestfs_set_label (g, dev_a, t->long_label), ERANGE);

  /* UUIDs. */
  if (strcmp (t->mkfs, "ext4") == 0) {
    /* With metadata checksums tune2fs wants a check since the last
     * mount.  Whether it refuses without one depends on the clock
     * (mount and check in the same second pass), so only the check is
     * done here.
     */
    CHECK_OK (guestfs_e2fsck (g, dev_a, GUESTFS_E2FSCK_FORCEALL, 1,
                              -1));
  }
  if (t->set_uuid) {
    CHECK_OK (guestfs_set_uuid (g, dev_a, uuid1));
    s = guestfs_vfs_uuid (g, dev_a);
    CHECK_STREQ (s, uuid1);
    free (s);
    CHECK_OK (guestfs_set_uuid_random (g, dev_a));
    s = guestfs_vfs_uuid (g, dev_a);
    CHECK (s != NULL && strlen (s) == 36 && strcmp (s, uuid1) != 0);
    free (s);
  }
  else
    CHECK_ERROR (g, guestfs_set_uuid (g, dev_a, uuid1), ENOTSUP);

  if (t->min_size) {
    int64_t min = guestfs_vfs_minimum_size (g, dev_a);
    CHECK (min > 0 && min <= 512 * MiB);
  }
  else if (strcmp (t->mkfs, "vfat") == 0)
    CHECK_ERROR (g, guestfs_vfs_minimum_size (g, dev_a), ENOTSUP);
  else
    CHECK_ERROR (g, guestfs_vfs_minimum_size (g, dev_a), EINVAL);

  /* Whatever was there before, the new type is still seen after the
   * read-write mount and the label changes.
   */
  s = guestfs_vfs_type (g, dev_a);
  CHECK_STREQ (s, t->vfs);
  free (s);
}

static void
test_swap (guestfs_h *g)
{
  char *s;

  CHECK_OK (guestfs_mkswap_opts (g, dev_b,
                                 GUESTFS_MKSWAP_OPTS_LABEL, "swaplabel",
                                 GUESTFS_MKSWAP_OPTS_UUID, uuid1, -1));
  s = guestfs_vfs_type (g, dev_b);
  CHECK_STREQ (s, "swap");
  free (s);
  s = guestfs_vfs_label (g, dev_b);
  CHECK_STREQ (s, "swaplabel");
  free (s);
  s = guestfs_vfs_uuid (g, dev_b);
  CHECK_STREQ (s, uuid1);
  free (s);
  CHECK_ERROR (g, guestfs_mount (g, dev_b, "/"), EINVAL);
  CHECK_ERROR (g, guestfs_mkswap_opts (g, dev_b,
                                       GUESTFS_MKSWAP_OPTS_LABEL,
                                       "0123456789abcdefX", -1), ERANGE);

  CHECK_OK (guestfs_set_label (g, dev_b, "relabelled"));
  s = guestfs_vfs_label (g, dev_b);
  CHECK_STREQ (s, "relabelled");
  free (s);
  CHECK_ERROR (g, guestfs_set_label (g, dev_b, "0123456789abcdefX"),
               ERANGE);
  CHECK_OK (guestfs_set_uuid_random (g, dev_b));
  s = guestfs_vfs_uuid (g, dev_b);
  CHECK (s != NULL && strlen (s) == 36 && strcmp (s, uuid1) != 0);
  free (s);
  CHECK_ERROR (g, guestfs_set_uuid (g, dev_b, "not-a-uuid"), EINVAL);

  CHECK_OK (guestfs_swapon_device (g, dev_b));
  CHECK_ERROR (g, guestfs_swapon_device (g, dev_b), EBUSY);
  CHECK_OK (guestfs_swapoff_device (g, dev_b));
  CHECK_ERROR (g, guestfs_swapoff_device (g, dev_b), EINVAL);

  CHECK_OK (guestfs_mkswap (g, dev_b));
  s = guestfs_vfs_label (g, dev_b);
  CHECK_STREQ (s, "");
  free (s);
  CHECK_OK (guestfs_mkswap_L (g, "viaL", dev_b));
  s = guestfs_vfs_label (g, dev_b);
  CHECK_STREQ (s, "viaL");
  free (s);
  CHECK_OK (guestfs_mkswap_U (g, uuid1, dev_b));
  s = guestfs_vfs_uuid (g, dev_b);
  CHECK_STREQ (s, uuid1);
  free (s);
  CHECK_ERROR (g, guestfs_vfs_minimum_size (g, dev_b), ENOTSUP);
}

/* mount_vfs and mount_loop, with an ext4 image made on the host and
 * uploaded into the guest filesystem on /dev/sdb.
 */
static void
test_mount_vfs_loop (guestfs_h *g)
{
  char dir[] = "/tmp/careen-fs-loop.XXXXXX";
  char img[128], file[160], cmd[512];
  char **l;
  char *s;
  FILE *fp;

  CHECK_OK (guestfs_mkfs (g, "ext4", dev_b));
  CHECK_ERROR (g, guestfs_mount_vfs (g, "", "xfs", dev_b, "/"), EINVAL);
  CHECK_ERROR (g, guestfs_mount_vfs (g, "", "no/such", dev_b, "/"),
               ENODEV);
  CHECK_OK (guestfs_mount_vfs (g, "ro,noatime", "ext4", dev_b, "/"));
  CHECK_ERROR (g, guestfs_touch (g, "/x"), EROFS);
  CHECK_OK (guestfs_umount (g, "/"));
  CHECK_OK (guestfs_mount_vfs (g, "", "ext4", dev_b, "/"));
  CHECK_OK (guestfs_mkdir (g, "/mnt"));

  /* The image to loop-mount. */
  if (mkdtemp (dir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  snprintf (file, sizeof file, "%s/inside", dir);
  snprintf (img, sizeof img, "%s.img", dir);
  fp = fopen (file, "w");
  if (fp == NULL || fputs ("inside the loop\n", fp) == EOF ||
      fclose (fp) == EOF) {
    perror (file);
    exit (EXIT_FAILURE);
  }
  snprintf (cmd, sizeof cmd,
            "mke2fs -q -F -t ext4 -d %s %s 8M >/dev/null 2>&1", dir, img);
  if (system (cmd) != 0) {
    fprintf (stderr, "test-api-fs-types: mke2fs failed: skipping "
             "mount_loop\n");
    goto out;
  }
  CHECK_OK (guestfs_upload (g, img, "/image.ext4"));
  CHECK_OK (guestfs_mount_loop (g, "/image.ext4", "/mnt"));
  s = guestfs_cat (g, "/mnt/inside");
  CHECK_STREQ (s, "inside the loop\n");
  free (s);
  l = guestfs_mounts (g);
  CHECK (test_count (l) == 2);
  test_free_list (l);
  CHECK_OK (guestfs_umount (g, "/mnt"));
  CHECK_ERROR (g, guestfs_mount_loop (g, "/mnt", "/mnt"), EISDIR);
  CHECK_ERROR (g, guestfs_mount_loop (g, "/missing", "/mnt"), ENOENT);
  CHECK_OK (guestfs_write (g, "/notfs", "just text", 9));
  CHECK_ERROR (g, guestfs_mount_loop (g, "/notfs", "/mnt"), EINVAL);
  /* The failed loop devices cleared themselves: a new mount works. */
  CHECK_OK (guestfs_mount_loop (g, "/image.ext4", "/mnt"));
  CHECK_OK (guestfs_umount_all (g));

 out:
  unlink (img);
  unlink (file);
  rmdir (dir);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-fs-types");
  size_t i;

  test_add_disk (g, 512 * MiB);
  test_add_disk (g, 64 * MiB);
  test_launch (g);
  dev_a = test_disk_of_size (g, 512 * MiB);
  dev_b = test_disk_of_size (g, 64 * MiB);

  for (i = 0; i < NR_TYPES; ++i)
    test_type (g, &types[i]);
  test_swap (g);
  test_mount_vfs_loop (g);

  /* A mkfs that fails leaves the old filesystem alone. */
  CHECK_FAILS (g, guestfs_mkfs_opts (g, "ext4", dev_a,
                                     GUESTFS_MKFS_OPTS_BLOCKSIZE, 3, -1));
  {
    char *s = guestfs_vfs_type (g, dev_a);
    CHECK_STREQ (s, "ntfs");
    free (s);
  }

  CHECK (guestfs_filesystem_available (g, "nosuchfs") == 0);
  CHECK_ERROR (g, guestfs_filesystem_available (g, "../x"), EINVAL);
  CHECK_ERROR (g, guestfs_mkfs (g, "nosuchfs", dev_a), ENOTSUP);

  test_exit (g);
}
