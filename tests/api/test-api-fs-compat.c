/* careen - offline disk-image toolkit */

/**
 * API tests, in one launch, of the deprecated calls that old scripts
 * still use: mkfs_b, e2fsck_f, set_e2label, get_e2label, set_e2uuid,
 * get_e2uuid, mke2journal (and _L, _U), mke2fs_J (and _JL, _JU).
 * Success and failure paths, errno checked.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)
#define SECTORS_PER_MiB 2048

static const char uuid1[] = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
static const char uuid2[] = "fedcba98-7654-4321-8fed-cba987654321";

/* A call returning a string (freed here) must give want. */
#define CHECK_RESULT(expr, want)                                        \
  do {                                                                  \
    char *s_ = (expr);                                                  \
    CHECK_STREQ (s_, want);                                             \
    free (s_);                                                          \
  } while (0)

static void
add_part (guestfs_h *g, int64_t start_mib, int64_t end_mib)
{
  CHECK_OK (guestfs_part_add (g, "/dev/sda", "p", start_mib * SECTORS_PER_MiB,
                              end_mib * SECTORS_PER_MiB - 1));
}

/* A field of tune2fs -l on device, "" when it has none (caller frees). */
static char *
field (guestfs_h *g, const char *device, const char *name)
{
  char **h = guestfs_tune2fs_l (g, device);
  const char *v = h ? test_hash_get (h, name) : NULL;
  char *r = strdup (v ? v : "");

  test_free_list (h);
  return r;
}

static void
test_mkfs_b (guestfs_h *g)
{
  char *boot;
  size_t len;

  CHECK_OK (guestfs_mkfs_b (g, "ext4", 1024, "/dev/sda1"));
  CHECK_RESULT (guestfs_vfs_type (g, "/dev/sda1"), "ext4");
  CHECK_RESULT (field (g, "/dev/sda1", "Block size"), "1024");
  CHECK_OK (guestfs_mkfs_b (g, "ext2", 2048, "/dev/sda1"));
  CHECK_RESULT (guestfs_vfs_type (g, "/dev/sda1"), "ext2");
  CHECK_RESULT (field (g, "/dev/sda1", "Block size"), "2048");

  /* For FAT the block size is the cluster size: 4096 bytes are 8
   * sectors per cluster, byte 13 of the boot sector.
   */
  CHECK_OK (guestfs_mkfs_b (g, "vfat", 4096, "/dev/sda2"));
  CHECK_RESULT (guestfs_vfs_type (g, "/dev/sda2"), "vfat");
  boot = guestfs_pread_device (g, "/dev/sda2", 1, 13, &len);
  CHECK (boot != NULL && len == 1 && boot[0] == 8);
  free (boot);

  CHECK_ERROR (g, guestfs_mkfs_b (g, "ext4", 0, "/dev/sda1"), EINVAL);
  CHECK_ERROR (g, guestfs_mkfs_b (g, "ext4", -1024, "/dev/sda1"), EINVAL);
  CHECK_ERROR (g, guestfs_mkfs_b (g, "ext4", 1024, "/dev/sdz"), ENOENT);
  CHECK_ERROR (g, guestfs_mkfs_b (g, "no/such", 1024, "/dev/sda1"), ENOTSUP);
  CHECK_FAILS (g, guestfs_mkfs_b (g, "ext4", 1000, "/dev/sda1"));
  CHECK_OK (guestfs_mount (g, "/dev/sda2", "/"));
  CHECK_ERROR (g, guestfs_mkfs_b (g, "ext4", 1024, "/dev/sda2"), EBUSY);
  CHECK_OK (guestfs_umount_all (g));
  CHECK_RESULT (guestfs_vfs_type (g, "/dev/sda1"), "ext2");
}

static void
test_e2 (guestfs_h *g)
{
  char *u;

  CHECK_OK (guestfs_mkfs_b (g, "ext4", 4096, "/dev/sda1"));
  CHECK_OK (guestfs_e2fsck_f (g, "/dev/sda1"));
  CHECK_FAILS (g, guestfs_e2fsck_f (g, "/dev/sda2"));
  CHECK_ERROR (g, guestfs_e2fsck_f (g, "/dev/sdz"), ENOENT);

  CHECK_OK (guestfs_set_e2label (g, "/dev/sda1", "old-label"));
  CHECK_RESULT (guestfs_get_e2label (g, "/dev/sda1"), "old-label");
  CHECK_RESULT (guestfs_vfs_label (g, "/dev/sda1"), "old-label");
  CHECK_OK (guestfs_set_e2label (g, "/dev/sda1", "0123456789abcdef"));
  CHECK_RESULT (guestfs_get_e2label (g, "/dev/sda1"), "0123456789abcdef");
  CHECK_ERROR (g, guestfs_set_e2label (g, "/dev/sda1", "0123456789abcdefg"),
               ERANGE);
  CHECK_ERROR (g, guestfs_set_e2label (g, "/dev/sda2", "fat"), EINVAL);
  CHECK_ERROR (g, guestfs_set_e2label (g, "/dev/sda6", "none"), EINVAL);
  CHECK_ERROR (g, guestfs_get_e2label (g, "/dev/sdz"), ENOENT);
  CHECK_OK (guestfs_set_e2label (g, "/dev/sda1", ""));
  CHECK_RESULT (guestfs_get_e2label (g, "/dev/sda1"), "");

  CHECK_OK (guestfs_set_e2uuid (g, "/dev/sda1", uuid1));
  CHECK_RESULT (guestfs_get_e2uuid (g, "/dev/sda1"), uuid1);
  CHECK_RESULT (guestfs_vfs_uuid (g, "/dev/sda1"), uuid1);
  /* tune2fs's words: a new random (version 4) or time-based (version
   * 1) UUID, or none at all.
   */
  CHECK_OK (guestfs_set_e2uuid (g, "/dev/sda1", "random"));
  u = guestfs_get_e2uuid (g, "/dev/sda1");
  CHECK (u != NULL && strlen (u) == 36 && u[14] == '4' &&
         strcmp (u, uuid1) != 0);
  free (u);
  CHECK_OK (guestfs_set_e2uuid (g, "/dev/sda1", "time"));
  u = guestfs_get_e2uuid (g, "/dev/sda1");
  CHECK (u != NULL && strlen (u) == 36 && u[14] == '1');
  free (u);
  CHECK_OK (guestfs_set_e2uuid (g, "/dev/sda1", "clear"));
  CHECK_RESULT (guestfs_get_e2uuid (g, "/dev/sda1"), "");
  CHECK_FAILS (g, guestfs_set_e2uuid (g, "/dev/sda1", "not-a-uuid"));
  CHECK_ERROR (g, guestfs_set_e2uuid (g, "/dev/sda2", uuid1), EINVAL);
  CHECK_ERROR (g, guestfs_set_e2uuid (g, "/dev/sdz", uuid1), ENOENT);
  CHECK_ERROR (g, guestfs_get_e2uuid (g, "/dev/sdz"), ENOENT);

  CHECK_OK (guestfs_mount (g, "/dev/sda1", "/"));
  CHECK_ERROR (g, guestfs_e2fsck_f (g, "/dev/sda1"), EBUSY);
  CHECK_OK (guestfs_umount_all (g));
}

static void
test_journals (guestfs_h *g)
{
  char *ju;

  /* A journal device and a filesystem using it, named three ways. */
  CHECK_OK (guestfs_mke2journal (g, 1024, "/dev/sda3"));
  CHECK_RESULT (guestfs_vfs_type (g, "/dev/sda3"), "jbd");
  ju = guestfs_vfs_uuid (g, "/dev/sda3");
  CHECK (ju != NULL && strlen (ju) == 36);
  CHECK_OK (guestfs_mke2fs_J (g, "ext4", 1024, "/dev/sda4", "/dev/sda3"));
  CHECK_RESULT (guestfs_vfs_type (g, "/dev/sda4"), "ext4");
  if (ju)
    CHECK_RESULT (field (g, "/dev/sda4", "Journal UUID"), ju);
  free (ju);
  CHECK_OK (guestfs_e2fsck_f (g, "/dev/sda4"));

  CHECK_OK (guestfs_mke2journal_L (g, 1024, "jlabel", "/dev/sda3"));
  CHECK_RESULT (guestfs_vfs_type (g, "/dev/sda3"), "jbd");
  CHECK_RESULT (guestfs_vfs_label (g, "/dev/sda3"), "jlabel");
  ju = guestfs_vfs_uuid (g, "/dev/sda3");
  CHECK_OK (guestfs_mke2fs_JL (g, "ext3", 1024, "/dev/sda4", "jlabel"));
  CHECK_RESULT (guestfs_vfs_type (g, "/dev/sda4"), "ext3");
  if (ju)
    CHECK_RESULT (field (g, "/dev/sda4", "Journal UUID"), ju);
  free (ju);

  CHECK_OK (guestfs_mke2journal_U (g, 1024, uuid2, "/dev/sda5"));
  CHECK_RESULT (guestfs_vfs_type (g, "/dev/sda5"), "jbd");
  CHECK_RESULT (guestfs_vfs_uuid (g, "/dev/sda5"), uuid2);
  CHECK_OK (guestfs_mke2fs_JU (g, "ext4", 1024, "/dev/sda4", uuid2));
  CHECK_RESULT (field (g, "/dev/sda4", "Journal UUID"), uuid2);
  /* The filesystem works with its journal. */
  CHECK_OK (guestfs_mount (g, "/dev/sda4", "/"));
  CHECK_OK (guestfs_write (g, "/f", "journalled", 10));
  CHECK_OK (guestfs_umount_all (g));

  CHECK_ERROR (g, guestfs_mke2journal (g, 0, "/dev/sda3"), EINVAL);
  CHECK_ERROR (g, guestfs_mke2journal (g, 1024, "/dev/sdz"), ENOENT);
  CHECK_ERROR (g, guestfs_mke2journal_L (g, 1024, "0123456789abcdefg",
                                         "/dev/sda3"), ERANGE);
  CHECK_FAILS (g, guestfs_mke2journal_U (g, 1024, "bad", "/dev/sda3"));
  CHECK_ERROR (g, guestfs_mke2fs_J (g, "xfs", 1024, "/dev/sda4",
                                    "/dev/sda3"), EINVAL);
  CHECK_ERROR (g, guestfs_mke2fs_J (g, "ext4", 0, "/dev/sda4", "/dev/sda3"),
               EINVAL);
  CHECK_ERROR (g, guestfs_mke2fs_J (g, "ext4", 1024, "/dev/sda4",
                                    "/dev/sdz"), ENOENT);
  /* Not a journal, or a journal of another block size. */
  CHECK_FAILS (g, guestfs_mke2fs_J (g, "ext4", 1024, "/dev/sda6",
                                    "/dev/sda2"));
  CHECK_FAILS (g, guestfs_mke2fs_J (g, "ext4", 4096, "/dev/sda6",
                                    "/dev/sda5"));
  CHECK_FAILS (g, guestfs_mke2fs_JL (g, "ext4", 1024, "/dev/sda6",
                                     "nosuchlabel"));
  CHECK_FAILS (g, guestfs_mke2fs_JU (g, "ext4", 1024, "/dev/sda6", uuid1));
  CHECK_OK (guestfs_mount (g, "/dev/sda4", "/"));
  CHECK_ERROR (g, guestfs_mke2fs_JU (g, "ext4", 1024, "/dev/sda4", uuid2),
               EBUSY);
  CHECK_ERROR (g, guestfs_mke2journal (g, 1024, "/dev/sda4"), EBUSY);
  CHECK_OK (guestfs_umount_all (g));
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-fs-compat");

  test_add_disk (g, 256 * MiB);
  test_launch (g);

  CHECK_OK (guestfs_part_init (g, "/dev/sda", "gpt"));
  add_part (g, 1, 33);          /* sda1: mkfs_b, e2 labels and UUIDs */
  add_part (g, 33, 65);         /* sda2: FAT */
  add_part (g, 65, 97);         /* sda3: journal */
  add_part (g, 97, 161);        /* sda4: filesystem on sda3 or sda5 */
  add_part (g, 161, 193);       /* sda5: journal with a UUID */
  add_part (g, 193, 255);       /* sda6: stays empty */

  test_mkfs_b (g);
  test_e2 (g);
  test_journals (g);

  test_exit (g);
}
