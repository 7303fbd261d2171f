/* careen - offline disk-image toolkit */

/**
 * API tests of the "sparsify" area, in one launch: blkdiscard and
 * blkdiscardzeroes.  A raw disk added with discard enabled must give
 * its blocks back to the host (fewer allocated blocks, reads as
 * zeroes); on a disk added without discard the call does nothing
 * (qemu drops the request); a mounted device and a device that does
 * not exist must be refused with the right errno.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)
#define DISCARD_DISK_SIZE (64 * MiB)
#define PLAIN_DISK_SIZE (32 * MiB)

static char discard_path[] = "/tmp/careen-api-sparsify.XXXXXX";

static void
remove_discard_disk (void)
{
  unlink (discard_path);
}

static long long
allocated (const char *path)
{
  struct stat st;

  if (stat (path, &st) == -1) {
    perror (path);
    exit (EXIT_FAILURE);
  }
  return (long long) st.st_blocks * 512;
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-sparsify");
  char *ddev, *pdev;
  static char buf[65536];
  long long before, after;
  int fd, r;

  fd = mkstemp (discard_path);
  if (fd == -1 || ftruncate (fd, DISCARD_DISK_SIZE) == -1 || close (fd) == -1) {
    perror (discard_path);
    exit (EXIT_FAILURE);
  }
  atexit (remove_discard_disk);
  if (guestfs_add_drive_opts (g, discard_path,
                              GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                              GUESTFS_ADD_DRIVE_OPTS_DISCARD, "enable",
                              -1) == -1)
    exit (EXIT_FAILURE);
  test_add_disk (g, PLAIN_DISK_SIZE);
  test_launch (g);
  ddev = test_disk_of_size (g, DISCARD_DISK_SIZE);
  pdev = test_disk_of_size (g, PLAIN_DISK_SIZE);

  /* Data in many places of the discard-enabled disk, then discard. */
  memset (buf, 0xa5, sizeof buf);
  CHECK (guestfs_pwrite_device (g, ddev, buf, sizeof buf, 0) ==
         (int) sizeof buf);
  CHECK (guestfs_pwrite_device (g, ddev, buf, sizeof buf, 20 * MiB) ==
         (int) sizeof buf);
  CHECK (guestfs_pwrite_device (g, ddev, buf, sizeof buf,
                                DISCARD_DISK_SIZE - sizeof buf) ==
         (int) sizeof buf);
  CHECK_OK (guestfs_sync (g));
  before = allocated (discard_path);
  CHECK (before >= 3 * (long long) sizeof buf);
  CHECK (guestfs_is_zero_device (g, ddev) == 0);

  CHECK_OK (guestfs_blkdiscard (g, ddev));
  CHECK_OK (guestfs_sync (g));
  after = allocated (discard_path);
  if (after >= before)
    test_fail (__FILE__, __LINE__, "blkdiscard freed nothing: %lld bytes "
               "allocated before, %lld after", before, after);
  /* qemu punches holes in a raw file: they read as zeroes. */
  CHECK (guestfs_is_zero_device (g, ddev) == 1);

  r = guestfs_blkdiscardzeroes (g, ddev);
  CHECK (r == 0 || r == 1);

  /* Without discard on the drive, qemu accepts the request and drops
   * it: the call succeeds and nothing changes.
   */
  CHECK (guestfs_pwrite_device (g, pdev, buf, sizeof buf, 0) ==
         (int) sizeof buf);
  CHECK_OK (guestfs_blkdiscard (g, pdev));
  CHECK (guestfs_is_zero_device (g, pdev) == 0);

  /* A mounted device is refused, its data kept. */
  CHECK_OK (guestfs_mkfs (g, "ext2", ddev));
  CHECK_OK (guestfs_mount (g, ddev, "/"));
  CHECK_OK (guestfs_write (g, "/keep", "kept", 4));
  CHECK_ERROR (g, guestfs_blkdiscard (g, ddev), EBUSY);
  CHECK_OK (guestfs_umount_all (g));
  CHECK_OK (guestfs_mount (g, ddev, "/"));
  CHECK (guestfs_is_file (g, "/keep") == 1);
  CHECK_OK (guestfs_umount_all (g));

  /* Not a device of the appliance. */
  CHECK_ERROR (g, guestfs_blkdiscard (g, "/dev/sdzz"), ENOENT);
  CHECK_ERROR (g, guestfs_blkdiscardzeroes (g, "/dev/sdzz"), ENOENT);

  free (ddev);
  free (pdev);
  test_exit (g);
}
