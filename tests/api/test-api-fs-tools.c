/* careen - offline disk-image toolkit */

/**
 * API tests of the filesystem tools, in one launch: mke2fs, tune2fs,
 * tune2fs_l, e2fsck, fsck, resize2fs*, mklost_and_found, zerofree,
 * zero_free_space, fstrim, df_h, zero, zero_device; xfs_admin,
 * xfs_info, xfs_growfs, xfs_repair; btrfs_filesystem_resize;
 * ntfsresize*, ntfsfix, ntfs_3g_probe, ntfsclone_out/in; the optional
 * groups.  Success and failure paths, errno checked.
 *
 * Calls whose tool the appliance lacks must fail with ENOTSUP and
 * their group must say so; the test checks exactly that instead.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
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
static const char *dev_c;
static const char *dev_d;
static const char *dev_e;

/* Progress of the long calls (mke2fs, e2fsck, resize2fs, zero...). */
static uint64_t progress_events, progress_bad;

static void
progress_cb (guestfs_h *g, void *opaque, uint64_t event, int handle,
             int flags, const char *buf, size_t len, const uint64_t *array,
             size_t alen)
{
  progress_events++;
  /* proc, serial, position, total */
  if (alen != 4 || array[2] > array[3])
    progress_bad++;
}

static const char uuid1[] = "01234567-89ab-cdef-0123-456789abcdef";

static bool
group (guestfs_h *g, const char *name)
{
  char *groups[] = { (char *) name, NULL };
  int r = guestfs_feature_available (g, groups);

  CHECK (r == 0 || r == 1);
  if (r != 1)
    fprintf (stderr, "test-api-fs-tools: group %s not available\n", name);
  return r == 1;
}

/* A field of tune2fs_l, or "" (never NULL, for CHECK_STREQ). */
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
check_field (guestfs_h *g, const char *name, const char *want)
{
  char *v = field (g, dev_a, name);

  CHECK_STREQ (v, want);
  free (v);
}

static void
test_ext (guestfs_h *g)
{
  char *s;
  int64_t min;

  CHECK_OK (guestfs_mke2fs (g, dev_a,
                            GUESTFS_MKE2FS_FSTYPE, "ext4",
                            GUESTFS_MKE2FS_BLOCKSCOUNT, INT64_C(65536),
                            GUESTFS_MKE2FS_BLOCKSIZE, INT64_C(4096),
                            GUESTFS_MKE2FS_INODESIZE, INT64_C(256),
                            GUESTFS_MKE2FS_JOURNALSIZE, INT64_C(8),
                            GUESTFS_MKE2FS_LABEL, "mk",
                            GUESTFS_MKE2FS_UUID, uuid1,
                            GUESTFS_MKE2FS_RESERVEDBLOCKSPERCENTAGE, 1,
                            GUESTFS_MKE2FS_EXTENT, 1,
                            GUESTFS_MKE2FS_HASJOURNAL, 1,
                            GUESTFS_MKE2FS_LAZYITABLEINIT, 0,
                            GUESTFS_MKE2FS_DISCARD, 0,
                            -1));
  s = guestfs_vfs_type (g, dev_a);
  CHECK_STREQ (s, "ext4");
  free (s);
  check_field (g, "Filesystem volume name", "mk");
  check_field (g, "Filesystem UUID", uuid1);
  check_field (g, "Block count", "65536");
  check_field (g, "Block size", "4096");
  check_field (g, "Inode size", "256");
  check_field (g, "Reserved block count", "655");
  check_field (g, "Last mounted on", "");
  CHECK_ERROR (g, guestfs_mke2fs (g, dev_a, GUESTFS_MKE2FS_QUOTATYPE, 1,
                                  -1), ENOTSUP);
  CHECK_ERROR (g, guestfs_mke2fs (g, dev_a, GUESTFS_MKE2FS_FSTYPE, "xfs",
                                  -1), EINVAL);
  CHECK_ERROR (g, guestfs_mke2fs (g, dev_a, GUESTFS_MKE2FS_BLOCKSIZE,
                                  INT64_C(-1), -1), EINVAL);
  CHECK_ERROR (g, guestfs_tune2fs_l (g, dev_b), 0);

  /* tune2fs */
  CHECK_OK (guestfs_tune2fs (g, dev_a,
                             GUESTFS_TUNE2FS_MAXMOUNTCOUNT, 20,
                             GUESTFS_TUNE2FS_MOUNTCOUNT, 3,
                             GUESTFS_TUNE2FS_ERRORBEHAVIOR, "panic",
                             GUESTFS_TUNE2FS_INTERVALBETWEENCHECKS, 86400,
                             GUESTFS_TUNE2FS_LASTMOUNTEDDIRECTORY, "/x",
                             GUESTFS_TUNE2FS_RESERVEDBLOCKSCOUNT,
                             INT64_C(100),
                             GUESTFS_TUNE2FS_USER, INT64_C(0),
                             GUESTFS_TUNE2FS_GROUP, INT64_C(0),
                             -1));
  check_field (g, "Maximum mount count", "20");
  check_field (g, "Mount count", "3");
  check_field (g, "Errors behavior", "Panic");
  check_field (g, "Last mounted on", "/x");
  check_field (g, "Reserved block count", "100");
  check_field (g, "Check interval", "86400 (1 day)");
  CHECK_OK (guestfs_tune2fs (g, dev_a,
                             GUESTFS_TUNE2FS_RESERVEDBLOCKSPERCENTAGE, 2,
                             GUESTFS_TUNE2FS_FORCE, 1, -1));
  check_field (g, "Reserved block count", "1310");
  CHECK_ERROR (g, guestfs_tune2fs (g, dev_a,
                                   GUESTFS_TUNE2FS_ERRORBEHAVIOR, "bogus",
                                   -1), EINVAL);
  CHECK_ERROR (g, guestfs_tune2fs (g, dev_a, GUESTFS_TUNE2FS_USER,
                                   INT64_C(-5), -1), EINVAL);

  /* Checks */
  CHECK_OK (guestfs_e2fsck (g, dev_a, -1));
  CHECK_OK (guestfs_e2fsck (g, dev_a, GUESTFS_E2FSCK_CORRECT, 1, -1));
  CHECK_OK (guestfs_e2fsck (g, dev_a, GUESTFS_E2FSCK_FORCEALL, 1, -1));
  CHECK_ERROR (g, guestfs_e2fsck (g, dev_a, GUESTFS_E2FSCK_CORRECT, 1,
                                  GUESTFS_E2FSCK_FORCEALL, 1, -1), EINVAL);
  CHECK (guestfs_fsck (g, "ext4", dev_a) == 0);
  CHECK_ERROR (g, guestfs_fsck (g, "../x", dev_a), EINVAL);
  /* A checker that finds no filesystem: the "operational error" bit. */
  CHECK ((guestfs_fsck (g, "ext4", dev_e) & 8) == 8);

  /* Resizing: grow to the device, shrink to a size, to the minimum. */
  CHECK_OK (guestfs_resize2fs (g, dev_a));
  check_field (g, "Block count", "131072");
  CHECK_OK (guestfs_resize2fs_size (g, dev_a, 200 * MiB));
  check_field (g, "Block count", "51200");
  CHECK_ERROR (g, guestfs_resize2fs_size (g, dev_a, 0), EINVAL);
  min = guestfs_vfs_minimum_size (g, dev_a);
  CHECK (min > 0 && min < 200 * MiB);
  CHECK_OK (guestfs_resize2fs_M (g, dev_a));
  s = field (g, dev_a, "Block count");
  CHECK (s != NULL && atoll (s) > 0 && atoll (s) < 51200);
  free (s);
  CHECK_OK (guestfs_resize2fs (g, dev_a));

  /* Mounted: the offline tools refuse, the online ones work. */
  CHECK_OK (guestfs_mount (g, dev_a, "/"));
  CHECK_ERROR (g, guestfs_e2fsck (g, dev_a, -1), EBUSY);
  CHECK_ERROR (g, guestfs_resize2fs (g, dev_a), EBUSY);
  CHECK_ERROR (g, guestfs_zerofree (g, dev_a), EBUSY);
  CHECK_ERROR (g, guestfs_fsck (g, "ext4", dev_a), EBUSY);
  CHECK_ERROR (g, guestfs_mke2fs (g, dev_a, -1), EBUSY);
  CHECK_ERROR (g, guestfs_mkfs (g, "ext4", dev_a), EBUSY);
  CHECK_ERROR (g, guestfs_mklost_and_found (g, "/"), EEXIST);
  CHECK_OK (guestfs_rmdir (g, "/lost+found"));
  CHECK_OK (guestfs_mklost_and_found (g, "/"));
  CHECK (guestfs_is_dir (g, "/lost+found") == 1);
  {
    char **l = guestfs_ls (g, "/lost+found");
    CHECK (l != NULL && test_count (l) == 0);
    test_free_list (l);
  }
  CHECK_ERROR (g, guestfs_mklost_and_found (g, "/missing"), ENOENT);
  CHECK_OK (guestfs_write (g, "/data", "data", 4));
  CHECK_OK (guestfs_zero_free_space (g, "/"));
  s = guestfs_cat (g, "/data");
  CHECK_STREQ (s, "data");
  free (s);
  CHECK (guestfs_exists (g, "/.careen-zero-free-space-1-0") == 0);
  CHECK_ERROR (g, guestfs_zero_free_space (g, "/data"), ENOTDIR);
  {
    /* A virtio-scsi disk without discard=unmap cannot discard. */
    int r;
    guestfs_push_error_handler (g, NULL, NULL);
    r = guestfs_fstrim (g, "/", -1);
    CHECK (r == 0 || guestfs_last_errno (g) == ENOTSUP);
    guestfs_pop_error_handler (g);
  }
  CHECK_ERROR (g, guestfs_fstrim (g, "/lost+found", -1), EINVAL);
  CHECK_ERROR (g, guestfs_fstrim (g, "/", GUESTFS_FSTRIM_LENGTH, INT64_C(0),
                                  -1), EINVAL);
  s = guestfs_df_h (g);
  CHECK (s != NULL && strstr (s, "Size") != NULL &&
         strstr (s, dev_a) != NULL);
  free (s);
  CHECK_OK (guestfs_umount (g, "/"));

  if (group (g, "zerofree"))
    CHECK_OK (guestfs_zerofree (g, dev_a));
  else
    CHECK_ERROR (g, guestfs_zerofree (g, dev_a), ENOTSUP);

  /* A hostile label: tune2fs prints it as it is, so it can fake a
   * field line; the real "Block size" (1024 here) must still win.
   */
  CHECK_OK (guestfs_mke2fs (g, dev_e, GUESTFS_MKE2FS_LABEL, "x\nBlock size: 1",
                            GUESTFS_MKE2FS_BLOCKSIZE, INT64_C(1024), -1));
  min = guestfs_vfs_minimum_size (g, dev_e);
  CHECK (min >= 64 * 1024 && min <= 16 * MiB);

  /* zero clears the signatures; zero_device everything. */
  CHECK_OK (guestfs_zero (g, dev_a));
  s = guestfs_vfs_type (g, dev_a);
  CHECK_STREQ (s, "");
  free (s);
}

static void
test_xfs (guestfs_h *g)
{
  struct guestfs_xfsinfo *xi;
  char *s;

  CHECK_OK (guestfs_mkfs (g, "xfs", dev_b));
  /* Without all of its tools (expr for xfs_admin -c), the group is
   * unavailable and the call says so.
   */
  if (group (g, "xfs"))
    CHECK_OK (guestfs_xfs_admin (g, dev_b,
                                 GUESTFS_XFS_ADMIN_LAZYCOUNTER, 1, -1));
  else
    CHECK_ERROR (g, guestfs_xfs_admin (g, dev_b,
                                       GUESTFS_XFS_ADMIN_LAZYCOUNTER, 1, -1),
                 ENOTSUP);
  CHECK_OK (guestfs_xfs_admin (g, dev_b, GUESTFS_XFS_ADMIN_LABEL, "xa",
                               -1));
  /* Shell syntax for xfs_admin's eval is refused. */
  CHECK_ERROR (g, guestfs_xfs_admin (g, dev_b, GUESTFS_XFS_ADMIN_LABEL,
                                     "a'b", -1), EINVAL);
  CHECK_ERROR (g, guestfs_set_label (g, dev_b, "$(x)"), EINVAL);
  s = guestfs_vfs_label (g, dev_b);
  CHECK_STREQ (s, "xa");
  free (s);
  CHECK_OK (guestfs_xfs_admin (g, dev_b, GUESTFS_XFS_ADMIN_UUID, uuid1,
                               -1));
  s = guestfs_vfs_uuid (g, dev_b);
  CHECK_STREQ (s, uuid1);
  free (s);
  CHECK_ERROR (g, guestfs_xfs_admin (g, dev_b,
                                     GUESTFS_XFS_ADMIN_EXTUNWRITTEN, 1, -1),
               ENOTSUP);
  CHECK_ERROR (g, guestfs_xfs_admin (g, dev_b, GUESTFS_XFS_ADMIN_LABEL,
                                     "0123456789abc", -1), ERANGE);

  CHECK (guestfs_xfs_repair (g, dev_b,
                             GUESTFS_XFS_REPAIR_NOMODIFY, 1, -1) == 0);
  CHECK (guestfs_xfs_repair (g, dev_b, -1) == 0);
  CHECK_ERROR (g, guestfs_xfs_repair (g, dev_b,
                                      GUESTFS_XFS_REPAIR_MAXMEM,
                                      INT64_C(-1), -1), EINVAL);

  xi = guestfs_xfs_info (g, dev_b);
  CHECK (xi != NULL);
  if (xi) {
    CHECK_STREQ (xi->xfs_mntpoint, dev_b);
    CHECK (xi->xfs_blocksize == 4096);
    CHECK (xi->xfs_datablocks * 4096 == (uint64_t) (400 * MiB));
    CHECK_STREQ (xi->xfs_logname, "internal");
    CHECK_STREQ (xi->xfs_rtname, "none");
    CHECK (xi->xfs_dirversion == 2);
    CHECK (xi->xfs_lazycount == 1);
    guestfs_free_xfsinfo (xi);
  }
  CHECK (guestfs_vfs_minimum_size (g, dev_b) == 400 * MiB);

  CHECK_OK (guestfs_mount (g, dev_b, "/"));
  xi = guestfs_xfs_info (g, "/");
  /* Depending on xfsprogs, the mountpoint or the device. */
  CHECK (xi != NULL && (strcmp (xi->xfs_mntpoint, "/") == 0 ||
                        strcmp (xi->xfs_mntpoint, dev_b) == 0));
  if (xi)
    guestfs_free_xfsinfo (xi);
  CHECK_OK (guestfs_mkdir (g, "/d"));
  CHECK_ERROR (g, guestfs_xfs_info (g, "/d"), EINVAL);
  CHECK_ERROR (g, guestfs_xfs_info (g, "/missing"), ENOENT);
  CHECK_OK (guestfs_xfs_growfs (g, "/", -1));
  CHECK_OK (guestfs_xfs_growfs (g, "/", GUESTFS_XFS_GROWFS_DATASEC, 1, -1));
  CHECK_ERROR (g, guestfs_xfs_growfs (g, "/d", -1), EINVAL);
  CHECK_ERROR (g, guestfs_xfs_growfs (g, "/", GUESTFS_XFS_GROWFS_MAXPCT, 101,
                                      -1), EINVAL);
  CHECK_ERROR (g, guestfs_xfs_repair (g, dev_b, -1), EBUSY);
  CHECK_ERROR (g, guestfs_xfs_admin (g, dev_b,
                                     GUESTFS_XFS_ADMIN_LABEL, "y", -1), EBUSY);
  CHECK_OK (guestfs_umount (g, "/"));
}

static void
test_btrfs (guestfs_h *g)
{
  int64_t min;

  if (!group (g, "btrfs"))
    return;
  CHECK_OK (guestfs_mkfs (g, "btrfs", dev_c));
  CHECK_ERROR (g, guestfs_vfs_minimum_size (g, dev_c), EINVAL);
  CHECK_OK (guestfs_mount (g, dev_c, "/"));
  CHECK_OK (guestfs_mkdir (g, "/d"));
  CHECK_OK (guestfs_btrfs_filesystem_resize (g, "/",
                                             GUESTFS_BTRFS_FILESYSTEM_RESIZE_SIZE,
                                             256 * MiB, -1));
  min = guestfs_vfs_minimum_size (g, dev_c);
  CHECK (min > 0 && min <= 256 * MiB);
  CHECK_OK (guestfs_btrfs_filesystem_resize (g, "/", -1));
  CHECK_ERROR (g, guestfs_btrfs_filesystem_resize (g, "/d", -1), EINVAL);
  CHECK_ERROR (g, guestfs_btrfs_filesystem_resize (g, "/",
                                                   GUESTFS_BTRFS_FILESYSTEM_RESIZE_SIZE,
                                                   INT64_C(0), -1), EINVAL);
  CHECK_OK (guestfs_umount (g, "/"));
}

static void
test_ntfs (guestfs_h *g)
{
  char path[] = "/tmp/careen-fs-ntfsclone.XXXXXX";
  char *s;
  int fd;

  if (!group (g, "ntfsprogs"))
    return;
  CHECK_OK (guestfs_mkfs (g, "ntfs", dev_d));
  CHECK_OK (guestfs_ntfsresize_size (g, dev_d, 100 * MiB));
  /* Marked for a Windows check: a second resize needs force. */
  CHECK_FAILS (g, guestfs_ntfsresize (g, dev_d));
  CHECK_OK (guestfs_ntfsresize_opts (g, dev_d,
                                     GUESTFS_NTFSRESIZE_OPTS_FORCE, 1, -1));
  CHECK_ERROR (g, guestfs_ntfsresize_opts (g, dev_d,
                                           GUESTFS_NTFSRESIZE_OPTS_SIZE,
                                           INT64_C(-1), -1), EINVAL);
  CHECK_OK (guestfs_mount (g, dev_d, "/"));
  CHECK_OK (guestfs_write (g, "/file", "ntfs data", 9));
  CHECK_ERROR (g, guestfs_ntfsresize (g, dev_d), EBUSY);
  CHECK_ERROR (g, guestfs_ntfsfix (g, dev_d, -1), EBUSY);
  CHECK_OK (guestfs_umount (g, "/"));

  if (!group (g, "ntfs3g")) {
    CHECK_ERROR (g, guestfs_ntfsclone_out (g, dev_d, "/dev/null", -1),
                 ENOTSUP);
    return;
  }
  CHECK (guestfs_ntfs_3g_probe (g, 1, dev_d) == 0);
  CHECK (guestfs_ntfs_3g_probe (g, 0, dev_d) == 0);
  CHECK (guestfs_ntfs_3g_probe (g, 0, dev_e) > 0);

  /* Save, destroy, restore. */
  fd = mkstemp (path);
  if (fd == -1) {
    perror ("mkstemp");
    exit (EXIT_FAILURE);
  }
  close (fd);
  /* Still marked for a check by the resize: force. */
  CHECK_FAILS (g, guestfs_ntfsclone_out (g, dev_d, path, -1));
  CHECK_OK (guestfs_ntfsclone_out (g, dev_d, path,
                                   GUESTFS_NTFSCLONE_OUT_FORCE, 1, -1));
  CHECK_OK (guestfs_mkfs (g, "ext4", dev_d));
  CHECK_OK (guestfs_ntfsclone_in (g, path, dev_d));
  s = guestfs_vfs_type (g, dev_d);
  CHECK_STREQ (s, "ntfs");
  free (s);
  CHECK_OK (guestfs_mount (g, dev_d, "/"));
  s = guestfs_cat (g, "/file");
  CHECK_STREQ (s, "ntfs data");
  free (s);
  CHECK_ERROR (g, guestfs_ntfsclone_out (g, dev_d, path, -1), EBUSY);
  CHECK_OK (guestfs_umount (g, "/"));
  /* Not an ntfsclone image. */
  CHECK_FAILS (g, guestfs_ntfsclone_in (g, "/etc/passwd", dev_d));
  CHECK_FAILS (g, guestfs_ntfsclone_out (g, dev_e, path, -1));
  unlink (path);

  CHECK_OK (guestfs_ntfsfix (g, dev_d, -1));
  CHECK_OK (guestfs_ntfsfix (g, dev_d,
                             GUESTFS_NTFSFIX_CLEARBADSECTORS, 1, -1));
}

static void
test_groups (guestfs_h *g)
{
  char **all = guestfs_available_all_groups (g);
  char *unknown[] = { (char *) "nosuchgroup", NULL };
  char *none[] = { NULL };
  size_t i;

  /* Every group libguestfs 1.48 knows gets an answer. */
  static const char *const libguestfs_groups[] = {
    "acl", "blkdiscard", "blkdiscardzeroes", "btrfs", "extlinux", "f2fs",
    "fstrim", "gdisk", "grub", "hivex", "inotify", "journal", "ldm",
    "libtsk", "libyara", "linuxcaps", "linuxfsuuid", "linuxmodules",
    "linuxxattrs", "luks", "lvm2", "mdadm", "mknod", "ntfs3g",
    "ntfsprogs", "rsync", "scrub", "selinux", "selinuxrelabel",
    "sleuthkit", "squashfs", "syslinux", "wipefs", "xfs", "xz",
    "zerofree", NULL
  };
  char *hivex[] = { (char *) "hivex", (char *) "linuxxattrs", NULL };

  CHECK (all != NULL);
  for (i = 0; all && libguestfs_groups[i]; ++i)
    if (!test_list_has (all, libguestfs_groups[i]))
      test_fail (__FILE__, __LINE__, "group %s is not listed",
                 libguestfs_groups[i]);
  /* Groups of calls careen has, needing nothing but the daemon. */
  CHECK (guestfs_feature_available (g, hivex) == 1);
  for (i = 0; all && all[i]; ++i) {
    char *one[] = { all[i], NULL };
    int r = guestfs_feature_available (g, one);
    CHECK (r == 0 || r == 1);
    if (r == 1)
      CHECK_OK (guestfs_available (g, one));
    else
      CHECK_ERROR (g, guestfs_available (g, one), ENOTSUP);
  }
  test_free_list (all);
  CHECK_ERROR (g, guestfs_feature_available (g, unknown), EINVAL);
  CHECK_ERROR (g, guestfs_available (g, unknown), EINVAL);
  CHECK (guestfs_feature_available (g, none) == 1);
}

static void
test_zero_device (guestfs_h *g)
{
  char *s;

  CHECK_OK (guestfs_mkswap (g, dev_e));
  CHECK_OK (guestfs_zero_device (g, dev_e));
  s = guestfs_vfs_type (g, dev_e);
  CHECK_STREQ (s, "");
  free (s);
  CHECK_ERROR (g, guestfs_zero_device (g, "/dev/nosuch"), ENOENT);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-fs-tools");

  if (guestfs_set_event_callback (g, progress_cb, GUESTFS_EVENT_PROGRESS,
                                  0, NULL) == -1)
    exit (EXIT_FAILURE);
  test_add_disk (g, 512 * MiB);         /* ext4 */
  test_add_disk (g, 400 * MiB);         /* xfs */
  test_add_disk (g, 352 * MiB);         /* btrfs */
  test_add_disk (g, 128 * MiB);         /* ntfs */
  test_add_disk (g, 16 * MiB);          /* swap, zeroes */
  test_launch (g);
  dev_a = test_disk_of_size (g, 512 * MiB);
  dev_b = test_disk_of_size (g, 400 * MiB);
  dev_c = test_disk_of_size (g, 352 * MiB);
  dev_d = test_disk_of_size (g, 128 * MiB);
  dev_e = test_disk_of_size (g, 16 * MiB);

  test_groups (g);
  test_ext (g);
  test_xfs (g);
  test_btrfs (g);
  test_ntfs (g);
  test_zero_device (g);

  /* Whether progress shows depends on speed; what shows must be sane. */
  CHECK (progress_bad == 0);
  fprintf (stderr, "test-api-fs-tools: %" PRIu64 " progress events\n",
           progress_events);

  test_exit (g);
}
