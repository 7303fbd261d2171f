/** careen - offline disk-image toolkit
 *
 * add_drive errors and format probing, without an appliance: missing
 * file, directory, unknown format, bad label or protocol, truncated
 * qcow2, a probed qcow2 with a backing file (refused unless the format
 * is given), /dev/null, scratch drives, disk_create, launch without
 * drives.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs.h"
#include "test-lib.h"

static char dir[] = "/tmp/careen-test-drives.XXXXXX";

static char *
path (const char *name)
{
  static char buf[4][256];
  static int i;

  i = (i + 1) % 4;
  snprintf (buf[i], sizeof buf[i], "%s/%s", dir, name);
  return buf[i];
}

int
main (void)
{
  guestfs_h *g;
  struct stat st;
  int fd;

  if (mkdtemp (dir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }

  g = guestfs_create_flags (GUESTFS_CREATE_NO_ENVIRONMENT);
  guestfs_push_error_handler (g, NULL, NULL);

  /* Launch without drives. */
  EXPECT_ERROR (guestfs_launch (g), EINVAL, "add_drive");

  EXPECT_ERROR (guestfs_add_drive (g, path ("missing")), ENOENT, "missing");
  EXPECT_ERROR (guestfs_add_drive (g, dir), EISDIR, dir);

  CHECK (guestfs_disk_create (g, path ("raw.img"), "raw", 1024 * 1024,
                              -1) == 0);
  CHECK (stat (path ("raw.img"), &st) == 0 && st.st_size == 1024 * 1024);
  EXPECT_ERROR (guestfs_add_drive_opts (g, path ("raw.img"),
                                        GUESTFS_ADD_DRIVE_OPTS_FORMAT, "nope",
                                        -1), EINVAL, "nope");
  EXPECT_ERROR (guestfs_add_drive_opts (g, path ("raw.img"),
                                        GUESTFS_ADD_DRIVE_OPTS_PROTOCOL, "nbd",
                                        -1), EINVAL, "exactly one server");
  EXPECT_ERROR (guestfs_add_drive_opts (g, path ("raw.img"),
                                        GUESTFS_ADD_DRIVE_OPTS_PROTOCOL, "tftp",
                                        -1), ENOTSUP, "tftp");
  EXPECT_ERROR (guestfs_add_drive_opts (g, path ("raw.img"),
                                        GUESTFS_ADD_DRIVE_OPTS_LABEL, "a b",
                                        -1), EINVAL, "label");
  EXPECT_ERROR (guestfs_add_drive_opts (g, path ("raw.img"),
                                        GUESTFS_ADD_DRIVE_OPTS_CACHEMODE, "x",
                                        -1), EINVAL, "cachemode");
  CHECK (guestfs_add_drive (g, path ("raw.img")) == 0);
  CHECK (guestfs_add_drive_opts (g, path ("raw.img"),
                                 GUESTFS_ADD_DRIVE_OPTS_READONLY, 1,
                                 GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                                 GUESTFS_ADD_DRIVE_OPTS_LABEL, "data_1",
                                 GUESTFS_ADD_DRIVE_OPTS_CACHEMODE, "unsafe",
                                 GUESTFS_ADD_DRIVE_OPTS_DISCARD, "besteffort",
                                 -1) == 0);
  CHECK (guestfs_add_drive (g, "/dev/null") == 0);
  CHECK (guestfs_add_drive_ro (g, "/dev/null") == 0);
  CHECK (guestfs_add_drive_scratch (g, 1024 * 1024, -1) == 0);

  /* qcow2: a plain one is probed fine. */
  CHECK (guestfs_disk_create (g, path ("plain.qcow2"), "qcow2",
                              16 * 1024 * 1024, -1) == 0);
  CHECK (guestfs_add_drive (g, path ("plain.qcow2")) == 0);

  /* One with a backing file: refused when probed (CVE-2010-3851),
   * accepted when the user says it is qcow2.
   */
  CHECK (guestfs_disk_create (g, path ("overlay.qcow2"), "qcow2", -1,
                              GUESTFS_DISK_CREATE_BACKINGFILE,
                              path ("raw.img"),
                              GUESTFS_DISK_CREATE_BACKINGFORMAT, "raw",
                              -1) == 0);
  EXPECT_ERROR (guestfs_add_drive (g, path ("overlay.qcow2")), EINVAL,
                "backing file");
  CHECK (guestfs_add_drive_opts (g, path ("overlay.qcow2"),
                                 GUESTFS_ADD_DRIVE_OPTS_FORMAT, "qcow2",
                                 -1) == 0);

  /* A truncated qcow2: refused with or without a format. */
  CHECK (guestfs_disk_create (g, path ("trunc.qcow2"), "qcow2",
                              16 * 1024 * 1024, -1) == 0);
  CHECK (truncate (path ("trunc.qcow2"), 1000) == 0);
  EXPECT_ERROR (guestfs_add_drive (g, path ("trunc.qcow2")), EINVAL,
                "truncated");
  EXPECT_ERROR (guestfs_add_drive_opts (g, path ("trunc.qcow2"),
                                        GUESTFS_ADD_DRIVE_OPTS_FORMAT, "qcow2",
                                        -1), EINVAL, "truncated");
  /* Shorter than a header. */
  CHECK (truncate (path ("trunc.qcow2"), 20) == 0);
  EXPECT_ERROR (guestfs_add_drive (g, path ("trunc.qcow2")), EINVAL,
                "qcow2");

  /* A raw file that happens to start with a qcow2 magic and garbage. */
  {
    char hdr[512] = "QFI\xfb\0\0\0\x09garbage";

    fd = open (path ("fake.img"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK (fd >= 0 && write (fd, hdr, sizeof hdr) == sizeof hdr);
    close (fd);
  }
  EXPECT_ERROR (guestfs_add_drive (g, path ("fake.img")), ENOTSUP,
                "version");
  CHECK (guestfs_add_drive_opts (g, path ("fake.img"),
                                 GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                                 -1) == 0);

  /* disk_create errors. */
  EXPECT_ERROR (guestfs_disk_create (g, path ("x.img"), "vmdk", 1024, -1),
                ENOTSUP, "vmdk");
  EXPECT_ERROR (guestfs_disk_create (g, path ("x.img"), "raw", -5, -1),
                EINVAL, "size");

  guestfs_close (g);

  /* Clean up. */
  unlink (path ("raw.img"));
  unlink (path ("plain.qcow2"));
  unlink (path ("overlay.qcow2"));
  unlink (path ("trunc.qcow2"));
  unlink (path ("fake.img"));
  rmdir (dir);

  TEST_LIB_EXIT ();
}
