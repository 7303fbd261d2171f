/* careen - offline disk-image toolkit */

/**
 * API tests of btrfs quotas, status and dumps, in one launch with one
 * disk holding a btrfs and an ext4 partition: btrfs_quota_enable (on a
 * path, a device and a btrfsvol: mountable), btrfs_quota_rescan, the
 * btrfs_qgroup_* calls, btrfs_scrub_status, btrfs_balance_status,
 * btrfs_image and btrfstune_enable_skinny_metadata_extent_refs, on
 * success and on the failure paths.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)
#define DISK_A (512 * MiB)

/* The group with this id in a list, or NULL. */
static struct guestfs_btrfsqgroup *
find_qgroup (struct guestfs_btrfsqgroup_list *l, const char *id)
{
  size_t i;

  for (i = 0; l && i < l->len; ++i)
    if (strcmp (l->val[i].btrfsqgroup_id, id) == 0)
      return &l->val[i];
  return NULL;
}

static void
setup (guestfs_h *g)
{
  char *devs[] = { "/dev/sda1", NULL };

  CHECK (guestfs_part_init (g, "/dev/sda", "gpt") == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 2048, 320 * 2048 - 1) == 0);
  CHECK (guestfs_part_add (g, "/dev/sda", "p", 320 * 2048, -34) == 0);
  CHECK (guestfs_mkfs_btrfs (g, devs, -1) == 0);
  CHECK (guestfs_mkfs (g, "ext4", "/dev/sda2") == 0);
  CHECK (guestfs_mount (g, "/dev/sda1", "/") == 0);
  CHECK (guestfs_mkdir (g, "/ext") == 0);
  CHECK (guestfs_mount (g, "/dev/sda2", "/ext") == 0);
}

static void
test_qgroups (guestfs_h *g)
{
  struct guestfs_btrfsqgroup_list *l;
  struct guestfs_btrfsqgroup *q;

  /* Quotas are off on a new filesystem. */
  CHECK_FAILS (g, guestfs_btrfs_qgroup_show (g, "/"));
  CHECK_FAILS (g, guestfs_btrfs_qgroup_create (g, "1/100", "/"));

  CHECK (guestfs_btrfs_quota_enable (g, "/", 1) == 0);
  l = guestfs_btrfs_qgroup_show (g, "/");
  CHECK (find_qgroup (l, "0/5") != NULL);
  guestfs_free_btrfsqgroup_list (l);

  CHECK (guestfs_btrfs_subvolume_create (g, "/sv") == 0);
  CHECK (guestfs_fill (g, 'x', 1 * MiB, "/sv/data") == 0);
  CHECK (guestfs_sync (g) == 0);
  CHECK (guestfs_btrfs_quota_rescan (g, "/") == 0);
  l = guestfs_btrfs_qgroup_show (g, "/");
  q = find_qgroup (l, "0/256");
  CHECK (q != NULL && q->btrfsqgroup_rfer >= 1 * MiB &&
         q->btrfsqgroup_excl >= 1 * MiB && q->btrfsqgroup_rfer < 2 * MiB);
  guestfs_free_btrfsqgroup_list (l);

  /* A level 1 group counts what its members use. */
  CHECK (guestfs_btrfs_qgroup_create (g, "1/100", "/") == 0);
  CHECK (guestfs_btrfs_qgroup_assign (g, "0/256", "1/100", "/") == 0);
  CHECK (guestfs_btrfs_quota_rescan (g, "/") == 0);
  l = guestfs_btrfs_qgroup_show (g, "/");
  q = find_qgroup (l, "1/100");
  CHECK (q != NULL && q->btrfsqgroup_rfer >= 1 * MiB);
  guestfs_free_btrfsqgroup_list (l);
  CHECK (guestfs_btrfs_qgroup_remove (g, "0/256", "1/100", "/") == 0);
  CHECK (guestfs_btrfs_quota_rescan (g, "/") == 0);
  l = guestfs_btrfs_qgroup_show (g, "/");
  q = find_qgroup (l, "1/100");
  CHECK (q != NULL && q->btrfsqgroup_rfer == 0);
  guestfs_free_btrfsqgroup_list (l);
  /* Not a member any more. */
  CHECK_FAILS (g, guestfs_btrfs_qgroup_remove (g, "0/256", "1/100", "/"));
  CHECK (guestfs_btrfs_qgroup_destroy (g, "1/100", "/") == 0);
  l = guestfs_btrfs_qgroup_show (g, "/");
  CHECK (l != NULL && find_qgroup (l, "1/100") == NULL);
  CHECK (find_qgroup (l, "0/256") != NULL);
  guestfs_free_btrfsqgroup_list (l);
  CHECK_FAILS (g, guestfs_btrfs_qgroup_destroy (g, "1/100", "/"));

  /* The limit holds. */
  CHECK (guestfs_btrfs_qgroup_limit (g, "/sv", 2 * MiB) == 0);
  CHECK_FAILS (g, guestfs_fill (g, 'y', 4 * MiB, "/sv/big"));
  CHECK (guestfs_fill (g, 'y', 4 * MiB, "/big") == 0);

  CHECK_ERROR (g, guestfs_btrfs_qgroup_limit (g, "/sv", -1), EINVAL);
  CHECK_ERROR (g, guestfs_btrfs_qgroup_limit (g, "/none", MiB), ENOENT);
  CHECK_ERROR (g, guestfs_btrfs_qgroup_create (g, "abc", "/"), EINVAL);
  CHECK_ERROR (g, guestfs_btrfs_qgroup_create (g, "1/", "/"), EINVAL);
  CHECK_ERROR (g, guestfs_btrfs_qgroup_create (g, "-1", "/"), EINVAL);
  CHECK_ERROR (g, guestfs_btrfs_qgroup_create (g, "", "/"), EINVAL);
  CHECK_ERROR (g, guestfs_btrfs_qgroup_destroy (g, "/1", "/"), EINVAL);
  CHECK_ERROR (g, guestfs_btrfs_qgroup_assign (g, "x", "1/1", "/"), EINVAL);
  CHECK_ERROR (g, guestfs_btrfs_qgroup_remove (g, "0/5", "1/x", "/"),
               EINVAL);
  CHECK_ERROR (g, guestfs_btrfs_qgroup_show (g, "/none"), ENOENT);
  CHECK_ERROR (g, guestfs_btrfs_qgroup_show (g, "rel"), EINVAL);
  /* Not btrfs. */
  CHECK_FAILS (g, guestfs_btrfs_qgroup_show (g, "/ext"));
  CHECK_FAILS (g, guestfs_btrfs_quota_enable (g, "/ext", 1));
}

/* Quotas switched through the device and a subvolume mountable, with
 * the filesystem unmounted.
 */
static void
test_quota_mountables (guestfs_h *g)
{
  CHECK (guestfs_umount_all (g) == 0);
  CHECK (guestfs_btrfs_quota_enable (g, "/dev/sda1", 0) == 0);
  CHECK (guestfs_mount_ro (g, "/dev/sda1", "/") == 0);
  CHECK_FAILS (g, guestfs_btrfs_qgroup_show (g, "/"));
  CHECK (guestfs_umount_all (g) == 0);
  CHECK (guestfs_btrfs_quota_enable (g, "btrfsvol:/dev/sda1/sv", 1) == 0);
  CHECK (guestfs_btrfs_quota_rescan (g, "/dev/sda1") == 0);
  CHECK (guestfs_mount_ro (g, "/dev/sda1", "/") == 0);
  {
    struct guestfs_btrfsqgroup_list *l = guestfs_btrfs_qgroup_show (g, "/");
    CHECK (find_qgroup (l, "0/256") != NULL);
    guestfs_free_btrfsqgroup_list (l);
  }
  CHECK (guestfs_umount_all (g) == 0);
  /* Nothing stays mounted. */
  {
    char **m = guestfs_mounts (g);
    CHECK (m != NULL && test_count (m) == 0);
    test_free_list (m);
  }
  CHECK_FAILS (g, guestfs_btrfs_quota_enable (g, "/dev/sda2", 1));
  CHECK_ERROR (g, guestfs_btrfs_quota_enable (g, "/dev/sdz", 1), ENOENT);
  CHECK_ERROR (g, guestfs_btrfs_quota_rescan (g, "rel"), EINVAL);
  CHECK_FAILS (g, guestfs_btrfs_quota_enable (g, "btrfsvol:/dev/sda1/none",
                                              1));
}

static void
test_status (guestfs_h *g)
{
  struct guestfs_btrfsscrub *s;
  struct guestfs_btrfsbalance *b;

  CHECK (guestfs_mount (g, "/dev/sda1", "/") == 0);
  CHECK (guestfs_mount (g, "/dev/sda2", "/ext") == 0);

  /* Never scrubbed. */
  s = guestfs_btrfs_scrub_status (g, "/");
  CHECK (s != NULL && s->btrfsscrub_data_bytes_scrubbed == 0 &&
         s->btrfsscrub_tree_bytes_scrubbed == 0);
  guestfs_free_btrfsscrub (s);
  CHECK (guestfs_btrfs_scrub_start (g, "/") == 0);
  s = guestfs_btrfs_scrub_status (g, "/sv");
  /* /sv/data and /big hold 5 MiB. */
  CHECK (s != NULL && s->btrfsscrub_data_bytes_scrubbed >= 5 * MiB &&
         s->btrfsscrub_tree_bytes_scrubbed > 0 &&
         s->btrfsscrub_data_extents_scrubbed > 0 &&
         s->btrfsscrub_read_errors == 0 && s->btrfsscrub_csum_errors == 0 &&
         s->btrfsscrub_uncorrectable_errors == 0);
  guestfs_free_btrfsscrub (s);
  CHECK_FAILS (g, guestfs_btrfs_scrub_status (g, "/ext"));
  CHECK_ERROR (g, guestfs_btrfs_scrub_status (g, "/none"), ENOENT);

  b = guestfs_btrfs_balance_status (g, "/");
  CHECK_STREQ (b ? b->btrfsbalance_status : NULL, "none");
  CHECK (b != NULL && b->btrfsbalance_total == 0 &&
         b->btrfsbalance_balanced == 0 && b->btrfsbalance_left == 0);
  guestfs_free_btrfsbalance (b);
  CHECK_ERROR (g, guestfs_btrfs_balance_status (g, "/ext"), EINVAL);
  CHECK_ERROR (g, guestfs_btrfs_balance_status (g, "/none"), ENOENT);
}

static void
test_image (guestfs_h *g)
{
  char *src[] = { "/dev/sda1", NULL };
  char *ext[] = { "/dev/sda2", NULL };
  char *both[] = { "/dev/sda1", "/dev/sda2", NULL };
  char *none[] = { NULL };
  /* The dump's first cluster header starts with its magic number,
   * little-endian.
   */
  static const char magic[8] = {
    '\x8b', '\x66', '\x95', '\x72', '\xe2', '\x25', '\x5c', '\xbd'
  };
  size_t len = 0;
  char *buf;
  int64_t plain, packed;

  CHECK (guestfs_btrfs_image (g, src, "/ext/plain", -1) == 0);
  buf = guestfs_pread (g, "/ext/plain", 8, 0, &len);
  CHECK (buf != NULL && len == 8 && memcmp (buf, magic, 8) == 0);
  free (buf);
  CHECK (guestfs_btrfs_image (g, src, "/ext/packed",
                              GUESTFS_BTRFS_IMAGE_COMPRESSLEVEL, 9,
                              -1) == 0);
  plain = guestfs_filesize (g, "/ext/plain");
  packed = guestfs_filesize (g, "/ext/packed");
  CHECK (plain > 0 && packed > 0 && packed < plain);
  /* The 5 MiB of file data are not in the dump. */
  CHECK (plain < 4 * MiB);

  CHECK_ERROR (g, guestfs_btrfs_image (g, src, "/ext/x",
                                       GUESTFS_BTRFS_IMAGE_COMPRESSLEVEL, 10,
                                       -1), EINVAL);
  CHECK_ERROR (g, guestfs_btrfs_image (g, ext, "/ext/x", -1), EINVAL);
  CHECK_ERROR (g, guestfs_btrfs_image (g, both, "/ext/x", -1), EINVAL);
  CHECK_ERROR (g, guestfs_btrfs_image (g, none, "/ext/x", -1), EINVAL);
  CHECK (guestfs_ln_s (g, "/etc/passwd", "/ext/link") == 0);
  CHECK_ERROR (g, guestfs_btrfs_image (g, src, "/ext/link", -1), EINVAL);
  CHECK_ERROR (g, guestfs_btrfs_image (g, src, "/nodir/x", -1), ENOENT);
  CHECK (guestfs_umount_all (g) == 0);
}

static void
test_skinny (guestfs_h *g)
{
  CHECK (guestfs_btrfstune_enable_skinny_metadata_extent_refs (g, "/dev/sda1")
         == 0);
  CHECK (guestfs_mount (g, "/dev/sda1", "/") == 0);
  CHECK_ERROR (g, guestfs_btrfstune_enable_skinny_metadata_extent_refs
               (g, "/dev/sda1"), EBUSY);
  CHECK (guestfs_umount_all (g) == 0);
  CHECK_FAILS (g, guestfs_btrfstune_enable_skinny_metadata_extent_refs
               (g, "/dev/sda2"));
  CHECK_ERROR (g, guestfs_btrfstune_enable_skinny_metadata_extent_refs
               (g, "/dev/sdz"), ENOENT);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-btrfs-qgroup");

  test_add_disk (g, DISK_A);
  test_launch (g);

  setup (g);
  test_qgroups (g);
  test_quota_mountables (g);
  test_status (g);
  test_image (g);
  test_skinny (g);

  test_exit (g);
}
