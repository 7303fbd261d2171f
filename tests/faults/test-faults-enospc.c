/* careen - offline disk-image toolkit
 *
 * Full filesystems, with one launch:
 *
 *  - host side: a small tmpfs (8 MiB) as the target of download,
 *    tar-out and disk_create.  Each fails with ENOSPC naming the file,
 *    no partial file is left that could pass for a complete one, and
 *    the handle goes on working;
 *  - guest side: tar-in, write_append and upload into a 64 MiB ext4
 *    until it is full.  ENOSPC reaches the caller and the handle stays
 *    usable (the stream stays in step: the next call works).
 *
 * Mounting a tmpfs needs root; without it the host half is skipped.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faults.h"

#define HOST_FS_SIZE "size=8m"
/* Bigger than the host tmpfs, smaller than the guest filesystem. */
#define GUEST_FILE_SIZE (24 * 1024 * 1024)
#define GUEST_DISK_SIZE (64 * 1024 * 1024)

static void
check_enospc (guestfs_h *g, const char *what, int r, const char *path)
{
  const char *err = guestfs_last_error (g);
  struct stat st;

  CHECK (r == -1);
  CHECK (guestfs_last_errno (g) == ENOSPC);
  CHECK (err != NULL && strstr (err, path) != NULL);
  fprintf (stderr, "%s: %s (errno %d)\n", what, err ? err : "(none)",
           guestfs_last_errno (g));
  if (path[0] == '/' && stat (path, &st) == 0) {
    fprintf (stderr, "%s: %s left behind, %lld bytes\n", what, path,
             (long long) st.st_size);
    CHECK (!"partial file left behind");
  }
}

static void
test_host_full (guestfs_h *g, const char *mnt)
{
  char path[4200];
  int r;

  guestfs_push_error_handler (g, NULL, NULL);

  snprintf (path, sizeof path, "%s/download", mnt);
  r = guestfs_download (g, "/big", path);
  check_enospc (g, "download", r, path);
  CHECK (guestfs_ping_daemon (g) == 0);

  snprintf (path, sizeof path, "%s/out.tar", mnt);
  r = guestfs_tar_out (g, "/", path);
  check_enospc (g, "tar-out", r, path);
  CHECK (guestfs_ping_daemon (g) == 0);

  snprintf (path, sizeof path, "%s/disk.img", mnt);
  r = guestfs_disk_create (g, path, "raw", 64 * 1024 * 1024,
                           GUESTFS_DISK_CREATE_PREALLOCATION, "full", -1);
  check_enospc (g, "disk-create raw", r, path);

  guestfs_pop_error_handler (g);

  /* Something that fits still works on that filesystem. */
  snprintf (path, sizeof path, "%s/small", mnt);
  CHECK (guestfs_download (g, "/small", path) == 0);
  CHECK (count_entries (mnt) == 1);
  unlink (path);
}

static void
test_guest_full (guestfs_h *g, const char *work)
{
  static char chunk[2 * 1024 * 1024];
  char tarfile[4200];
  char *s;
  int i, r = 0;

  guestfs_push_error_handler (g, NULL, NULL);

  /* tar-in of a member bigger than the filesystem. */
  snprintf (tarfile, sizeof tarfile, "%s/big.tar", work);
  make_big_tar (tarfile, 2 * GUEST_DISK_SIZE);
  CHECK (guestfs_mkdir (g, "/t") == 0);
  r = guestfs_tar_in (g, tarfile, "/t");
  CHECK (r == -1);
  CHECK (guestfs_last_errno (g) == ENOSPC);
  fprintf (stderr, "tar-in: %s (errno %d)\n", guestfs_last_error (g),
           guestfs_last_errno (g));
  CHECK (guestfs_ping_daemon (g) == 0);
  guestfs_rm_rf (g, "/t/big");

  /* write_append until the filesystem is full. */
  CHECK (guestfs_write (g, "/w", "", 0) == 0);
  memset (chunk, 'w', sizeof chunk);
  for (i = 0; i < 2 * GUEST_DISK_SIZE / (int) sizeof chunk; ++i)
    if ((r = guestfs_write_append (g, "/w", chunk, sizeof chunk)) == -1)
      break;
  CHECK (r == -1);
  CHECK (guestfs_last_errno (g) == ENOSPC);
  fprintf (stderr, "write-append after %d MiB: %s (errno %d)\n", 2 * i,
           guestfs_last_error (g), guestfs_last_errno (g));
  CHECK (guestfs_ping_daemon (g) == 0);

  /* A full filesystem refuses an upload too, then recovers. */
  r = guestfs_upload (g, "/dev/zero", "/u");
  CHECK (r == -1);
  CHECK (guestfs_last_errno (g) == ENOSPC);
  guestfs_pop_error_handler (g);

  CHECK (guestfs_rm (g, "/w") == 0);
  CHECK (guestfs_rm (g, "/u") == 0);
  CHECK (guestfs_write (g, "/after", "ok", 2) == 0);
  s = guestfs_cat (g, "/after");
  CHECK (s && strcmp (s, "ok") == 0);
  free (s);
}

int
main (void)
{
  char *work;
  static char mnt[1024];
  bool mounted;
  guestfs_h *g;

  faults_init ("SKIP_TEST_FAULTS_ENOSPC");
  work = make_private_dir ("faults-enospc");
  snprintf (mnt, sizeof mnt, "%s/mnt", work);
  mkdir (mnt, 0700);
  mounted = mount ("careen-test", mnt, "tmpfs", 0, HOST_FS_SIZE) == 0;
  if (!mounted)
    fprintf (stderr, "host half skipped: cannot mount a tmpfs: %m\n");

  g = guestfs_create ();
  CHECK (guestfs_add_drive_scratch (g, GUEST_DISK_SIZE, -1) == 0);
  CHECK (guestfs_launch (g) == 0);
  CHECK (guestfs_mkfs (g, "ext4", "/dev/sda") == 0);
  CHECK (guestfs_mount (g, "/dev/sda", "/") == 0);
  CHECK (guestfs_fill (g, 'x', GUEST_FILE_SIZE, "/big") == 0);
  CHECK (guestfs_write (g, "/small", "small", 5) == 0);

  if (mounted)
    test_host_full (g, mnt);
  CHECK (guestfs_rm (g, "/big") == 0);
  test_guest_full (g, work);

  CHECK (guestfs_shutdown (g) == 0);
  guestfs_close (g);
  CHECK (find_qemu_child () == 0);

  if (mounted && umount (mnt) == -1)
    perror ("umount");
  remove_tree (work);
  free (work);
  if (!mounted && failures == 0)
    exit (77);
  faults_exit (__FILE__);
}
