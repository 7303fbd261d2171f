/* careen - offline disk-image toolkit */

/**
 * API tests of Linux software RAID, in one launch with one blank disk
 * cut into eight partitions: md_create (with each optional argument),
 * md_detail, md_stat, md_stop and list_md_devices, on success and on
 * the failure paths.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)
#define DISK_A (160 * MiB)
#define NPARTS 8
#define PART_SECTORS (16 * 2048)

static void
make_partitions (guestfs_h *g)
{
  int i;

  CHECK (guestfs_part_init (g, "/dev/sda", "gpt") == 0);
  for (i = 0; i < NPARTS; ++i)
    CHECK (guestfs_part_add (g, "/dev/sda", "p", 2048 + i * PART_SECTORS,
                             2048 + (i + 1) * PART_SECTORS - 1) == 0);
}

/* The member of l that is device, or NULL. */
static struct guestfs_mdstat *
member (struct guestfs_mdstat_list *l, const char *device)
{
  size_t i;

  for (i = 0; l && i < l->len; ++i)
    if (strcmp (l->val[i].mdstat_device, device) == 0)
      return &l->val[i];
  return NULL;
}

static bool
ends_with (const char *s, const char *suffix)
{
  size_t n = s ? strlen (s) : 0, m = strlen (suffix);

  return s && n >= m && strcmp (s + n - m, suffix) == 0;
}

static void
test_mirror (guestfs_h *g)
{
  char *devs[] = { "/dev/sda1", "/dev/sda2", NULL };
  struct guestfs_mdstat_list *st;
  struct guestfs_mdstat *m;
  char **l, **d;
  char *s;

  /* Slots: sda1, missing, sda2. */
  CHECK (guestfs_md_create (g, "mirror", devs,
                            GUESTFS_MD_CREATE_MISSINGBITMAP, (int64_t) 2,
                            -1) == 0);
  l = guestfs_list_md_devices (g);
  CHECK (test_count (l) == 1);
  CHECK (l && l[0] && strncmp (l[0], "/dev/md", 7) == 0);

  st = guestfs_md_stat (g, "/dev/md/mirror");
  CHECK (st != NULL && st->len == 2);
  m = member (st, "/dev/sda1");
  CHECK (m != NULL && m->mdstat_index == 0);
  CHECK_STREQ (m ? m->mdstat_flags : NULL, "");
  m = member (st, "/dev/sda2");
  CHECK (m != NULL && m->mdstat_index == 2);
  CHECK_STREQ (m ? m->mdstat_flags : NULL, "");
  guestfs_free_mdstat_list (st);

  /* The /dev/mdN name and the /dev/md/NAME link are the same array. */
  d = guestfs_md_detail (g, l && l[0] ? l[0] : "/dev/md127");
  CHECK_STREQ (test_hash_get (d, "level"), "raid1");
  CHECK_STREQ (test_hash_get (d, "devices"), "3");
  CHECK_STREQ (test_hash_get (d, "metadata"), "1.2");
  CHECK (ends_with (test_hash_get (d, "name"), "mirror"));
  s = guestfs_vfs_uuid (g, "/dev/sda1");
  CHECK (test_hash_get (d, "uuid") != NULL && s != NULL && *s);
  free (s);
  test_free_list (d);

  /* The array holds a filesystem. */
  CHECK (guestfs_mkfs (g, "ext4", "/dev/md/mirror") == 0);
  CHECK (guestfs_mount (g, "/dev/md/mirror", "/") == 0);
  CHECK (guestfs_write (g, "/f", "on the mirror", 13) == 0);
  /* In use: not stopped. */
  CHECK_FAILS (g, guestfs_md_stop (g, "/dev/md/mirror"));
  CHECK (guestfs_umount_all (g) == 0);
  test_free_list (l);
}

static void
test_raid5 (guestfs_h *g)
{
  char *devs[] = { "/dev/sda3", "/dev/sda4", "/dev/sda5", "/dev/sda6", NULL };
  struct guestfs_mdstat_list *st;
  struct guestfs_mdstat *m;
  char **d, **l;

  CHECK (guestfs_md_create (g, "r5", devs,
                            GUESTFS_MD_CREATE_NRDEVICES, 3,
                            GUESTFS_MD_CREATE_SPARE, 1,
                            GUESTFS_MD_CREATE_CHUNK, (int64_t) 65536,
                            GUESTFS_MD_CREATE_LEVEL, "5",
                            -1) == 0);
  l = guestfs_list_md_devices (g);
  CHECK (test_count (l) == 2);
  test_free_list (l);
  d = guestfs_md_detail (g, "/dev/md/r5");
  CHECK_STREQ (test_hash_get (d, "level"), "raid5");
  CHECK_STREQ (test_hash_get (d, "devices"), "3");
  test_free_list (d);
  st = guestfs_md_stat (g, "/dev/md/r5");
  CHECK (st != NULL && st->len == 4);
  m = member (st, "/dev/sda6");
  CHECK_STREQ (m ? m->mdstat_flags : NULL, "S");
  m = member (st, "/dev/sda3");
  CHECK (m != NULL && m->mdstat_index == 0);
  CHECK_STREQ (m ? m->mdstat_flags : NULL, "");
  guestfs_free_mdstat_list (st);

  CHECK (guestfs_md_stop (g, "/dev/md/r5") == 0);
  l = guestfs_list_md_devices (g);
  CHECK (test_count (l) == 1);
  test_free_list (l);
  /* The members keep their superblocks. */
  {
    char *t = guestfs_vfs_type (g, "/dev/sda3");
    CHECK_STREQ (t, "linux_raid_member");
    free (t);
  }
}

static void
test_errors (guestfs_h *g)
{
  char *two[] = { "/dev/sda7", "/dev/sda8", NULL };
  char *used[] = { "/dev/sda1", "/dev/sda8", NULL };
  char *none[] = { NULL };
  char *nodev[] = { "/dev/sdz1", NULL };

  CHECK_ERROR (g, guestfs_md_create (g, "a/b", two, -1), EINVAL);
  CHECK_ERROR (g, guestfs_md_create (g, "", two, -1), EINVAL);
  CHECK_ERROR (g, guestfs_md_create (g, "-x", two, -1), EINVAL);
  CHECK_ERROR (g, guestfs_md_create (g, "x", none, -1), EINVAL);
  CHECK_ERROR (g, guestfs_md_create (g, "x", nodev, -1), ENOENT);
  CHECK_ERROR (g, guestfs_md_create (g, "x", two,
                                     GUESTFS_MD_CREATE_LEVEL, "raid99", -1),
               EINVAL);
  /* Two slots, but three asked for. */
  CHECK_ERROR (g, guestfs_md_create (g, "x", two,
                                     GUESTFS_MD_CREATE_NRDEVICES, 3, -1),
               EINVAL);
  CHECK_ERROR (g, guestfs_md_create (g, "x", two,
                                     GUESTFS_MD_CREATE_SPARE, 1, -1),
               EINVAL);
  /* Bit 5 is beyond the three slots. */
  CHECK_ERROR (g, guestfs_md_create (g, "x", two,
                                     GUESTFS_MD_CREATE_MISSINGBITMAP,
                                     (int64_t) 0x20, -1),
               EINVAL);
  CHECK_ERROR (g, guestfs_md_create (g, "x", two,
                                     GUESTFS_MD_CREATE_LEVEL, "raid0",
                                     GUESTFS_MD_CREATE_CHUNK, (int64_t) 5000,
                                     -1),
               EINVAL);
  /* sda1 is a member of the running mirror. */
  CHECK_FAILS (g, guestfs_md_create (g, "x", used, -1));

  CHECK_ERROR (g, guestfs_md_detail (g, "/dev/sda1"), EINVAL);
  CHECK_ERROR (g, guestfs_md_detail (g, "/dev/md/none"), ENOENT);
  CHECK_ERROR (g, guestfs_md_stat (g, "/dev/sda"), EINVAL);
  CHECK_ERROR (g, guestfs_md_stat (g, "/dev/sdz"), ENOENT);
  CHECK_ERROR (g, guestfs_md_stop (g, "/dev/sda2"), EINVAL);
  CHECK_ERROR (g, guestfs_md_stop (g, "/dev/md/none"), ENOENT);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-md");

  test_add_disk (g, DISK_A);
  test_launch (g);

  make_partitions (g);
  test_mirror (g);
  test_raid5 (g);
  test_errors (g);

  test_exit (g);
}
