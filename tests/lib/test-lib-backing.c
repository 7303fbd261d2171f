/* careen - offline disk-image toolkit
 * The backing-file rule of add_drive (lib/backing-check.c), without an
 * appliance: which chains are accepted, the errno and message of a
 * refusal, and the backend setting backing_files (any, overlay, a bad
 * value).  tests/hostile/test-hostile-backing.sh covers the hostile
 * images themselves and what qemu then reads.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs.h"
#include "test-lib.h"

static char dir[] = "/tmp/careen-test-backing.XXXXXX";

static char *
path (const char *name)
{
  static char buf[4][256];
  static int i;

  i = (i + 1) % 4;
  snprintf (buf[i], sizeof buf[i], "%s/%s", dir, name);
  return buf[i];
}

/* A qcow2 overlay NAME over BACKING (written as given) of format FMT. */
static int
overlay (guestfs_h *g, const char *name, const char *backing,
         const char *fmt)
{
  return guestfs_disk_create (g, path (name), "qcow2", 1024 * 1024,
                              GUESTFS_DISK_CREATE_BACKINGFILE, backing,
                              GUESTFS_DISK_CREATE_BACKINGFORMAT, fmt, -1);
}

static int
add_qcow2 (guestfs_h *g, const char *name)
{
  return guestfs_add_drive_opts (g, path (name),
                                 GUESTFS_ADD_DRIVE_OPTS_FORMAT, "qcow2",
                                 GUESTFS_ADD_DRIVE_OPTS_READONLY, 1, -1);
}

int
main (void)
{
  guestfs_h *g;
  char cmd[512];

  if (mkdtemp (dir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  g = guestfs_create_flags (GUESTFS_CREATE_NO_ENVIRONMENT);
  if (g == NULL) {
    perror ("guestfs_create");
    exit (EXIT_FAILURE);
  }
  guestfs_set_error_handler (g, NULL, NULL);

  CHECK (mkdir (path ("img"), 0700) == 0);
  CHECK (mkdir (path ("img/sub"), 0700) == 0);
  CHECK (mkdir (path ("host"), 0700) == 0);
  CHECK (mkdir (path ("disk"), 0700) == 0);
  CHECK (mkdir (path ("tmp"), 0700) == 0);
  CHECK (guestfs_disk_create (g, path ("host/secret"), "raw", 1024 * 1024,
                              -1) == 0);
  CHECK (guestfs_disk_create (g, path ("img/sub/base.raw"), "raw",
                              1024 * 1024, -1) == 0);
  CHECK (guestfs_disk_create (g, path ("disk/user.raw"), "raw",
                              1024 * 1024, -1) == 0);

  /* Inside the directory: relative and absolute, two deep. */
  CHECK (overlay (g, "img/a.qcow2", "sub/base.raw", "raw") == 0);
  CHECK (overlay (g, "img/b.qcow2", path ("img/a.qcow2"), "qcow2") == 0);
  CHECK (add_qcow2 (g, "img/a.qcow2") == 0);
  CHECK (add_qcow2 (g, "img/b.qcow2") == 0);

  /* Outside: EPERM, naming the image and the file. */
  CHECK (overlay (g, "img/out.qcow2", path ("host/secret"), "raw") == 0);
  EXPECT_ERROR (add_qcow2 (g, "img/out.qcow2"), EPERM, "img/out.qcow2");
  EXPECT_ERROR (add_qcow2 (g, "img/out.qcow2"), EPERM, path ("host/secret"));
  CHECK (overlay (g, "img/mid.qcow2", path ("img/out.qcow2"),
                  "qcow2") == 0);
  EXPECT_ERROR (add_qcow2 (g, "img/mid.qcow2"), EPERM,
                "outside the image's directory");

  /* A symbolic link that leaves the directory. */
  CHECK (symlink ("../host/secret", path ("img/link")) == 0);
  CHECK (overlay (g, "img/sym.qcow2", "link", "raw") == 0);
  EXPECT_ERROR (add_qcow2 (g, "img/sym.qcow2"), EPERM, "resolves to");

  /* A protocol name: refused even when any file is allowed. */
  snprintf (cmd, sizeof cmd, "qemu-img create -q -f qcow2 -u -b "
            "nbd:localhost:1 -F raw '%s' 1M", path ("img/nbd.qcow2"));
  CHECK (system (cmd) == 0);
  EXPECT_ERROR (add_qcow2 (g, "img/nbd.qcow2"), EPERM, "protocol");

  /* backing_files=any: any regular file, never a protocol. */
  CHECK (guestfs_set_backend_setting (g, "backing_files", "any") == 0);
  CHECK (add_qcow2 (g, "img/out.qcow2") == 0);
  CHECK (add_qcow2 (g, "img/mid.qcow2") == 0);
  EXPECT_ERROR (add_qcow2 (g, "img/nbd.qcow2"), EPERM, "protocol");
  CHECK (guestfs_set_backend_setting (g, "backing_files", "local") == 0);
  EXPECT_ERROR (add_qcow2 (g, "img/out.qcow2"), EPERM, "outside");
  CHECK (guestfs_set_backend_setting (g, "backing_files", "bogus") == 0);
  EXPECT_ERROR (add_qcow2 (g, "img/a.qcow2"), EINVAL, "bogus");

  /* backing_files=overlay: the overlay's own backing file may be
   * anywhere, the rest of the chain is checked from that file on.
   */
  CHECK (guestfs_set_backend_setting (g, "backing_files", "overlay") == 0);
  CHECK (overlay (g, "tmp/ov1.qcow2", path ("disk/user.raw"), "raw") == 0);
  CHECK (add_qcow2 (g, "tmp/ov1.qcow2") == 0);
  CHECK (overlay (g, "tmp/ov2.qcow2", path ("img/out.qcow2"), "qcow2") == 0);
  EXPECT_ERROR (add_qcow2 (g, "tmp/ov2.qcow2"), EPERM, "outside");
  CHECK (guestfs_clear_backend_setting (g, "backing_files") == 1);
  EXPECT_ERROR (add_qcow2 (g, "tmp/ov1.qcow2"), EPERM, "outside");

  guestfs_close (g);

  /* CAREEN_BACKING_FILES sets the same when the handle reads the
   * environment; a bad value makes guestfs_create fail.
   */
  setenv ("CAREEN_BACKING_FILES", "any", 1);
  g = guestfs_create ();
  CHECK (g != NULL);
  if (g) {
    guestfs_set_error_handler (g, NULL, NULL);
    CHECK (add_qcow2 (g, "img/out.qcow2") == 0);
    guestfs_close (g);
  }
  setenv ("CAREEN_BACKING_FILES", "bogus", 1);
  g = guestfs_create_flags (GUESTFS_CREATE_NO_ENVIRONMENT);
  CHECK (g != NULL);
  if (g) {
    guestfs_set_error_handler (g, NULL, NULL);
    CHECK (guestfs_parse_environment (g) == -1);
    guestfs_close (g);
  }
  unsetenv ("CAREEN_BACKING_FILES");

  snprintf (cmd, sizeof cmd, "rm -rf '%s'", dir);
  CHECK (system (cmd) == 0);
  TEST_LIB_EXIT ();
}
