/** careen - offline disk-image toolkit
 *
 * Launch tests against the real appliance, with as few launches as
 * possible (each costs seconds under TCG):
 *
 *  1. a read-only drive, a null disk and a scratch disk: states and
 *     events around launch, the null disk is not a device, file
 *     transfers (round trip, local write failure, user cancel, the
 *     daemon cancelling on a full disk, each leaving the stream in
 *     step), and writes through the read-only drive are seen inside
 *     the appliance while the image on the host is unchanged after
 *     shutdown;
 *  0. a "qemu" that fails at once (no boot): launch reports its exit
 *     status and its last messages;
 *  2. qemu killed while calls run: the call in flight fails within
 *     seconds, the handle is back in CONFIG with its drives, so it can
 *     be launched again; kill_subprocess stops that second appliance.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "guestfs.h"
#include "qemu-child.h"
#include "test-lib.h"

/* Longest time a call may take to notice that qemu was killed. */
#define MAX_DEATH_NOTICE_S 10

static int launch_done, subprocess_quit, progress_events;

static void
event_cb (guestfs_h *g, void *opaque, uint64_t event, int handle, int flags,
          const char *buf, size_t len, const uint64_t *array, size_t alen)
{
  if (event == GUESTFS_EVENT_LAUNCH_DONE)
    launch_done++;
  else if (event == GUESTFS_EVENT_SUBPROCESS_QUIT)
    subprocess_quit++;
  else if (event == GUESTFS_EVENT_PROGRESS) {
    /* array: proc, serial, position, total */
    if (alen != 4 || array[2] > array[3])
      failures++;
    progress_events++;
  }
}

/* FNV-1a of a whole file: enough to notice any modification. */
static uint64_t
file_hash (const char *filename)
{
  uint64_t h = 14695981039346656037ULL;
  static char buf[65536];
  ssize_t r, i;
  int fd = open (filename, O_RDONLY);

  if (fd == -1) {
    perror (filename);
    exit (EXIT_FAILURE);
  }
  while ((r = read (fd, buf, sizeof buf)) > 0)
    for (i = 0; i < r; ++i)
      h = (h ^ (unsigned char) buf[i]) * 1099511628211ULL;
  close (fd);
  return h;
}

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool
same_files (const char *a, const char *b)
{
  return file_hash (a) == file_hash (b);
}

static guestfs_h *cancel_handle;

/* Feeds zeroes into the FIFO that an upload reads, and cancels the
 * upload once 4 MiB have gone in: the call is then surely in progress
 * (a cancel before it starts is discarded), and far from filling the
 * disk, however fast uploads are.  Ends when the library closes the
 * FIFO.
 */
static void *
feeder (void *arg)
{
  static char zeros[65536];
  const char *fifo = arg;
  size_t sent = 0;
  int fd = open (fifo, O_WRONLY | O_CLOEXEC);

  if (fd == -1) {
    perror (fifo);
    return NULL;
  }
  while (write (fd, zeros, sizeof zeros) > 0) {
    sent += sizeof zeros;
    if (sent == 4 * 1024 * 1024)
      guestfs_user_cancel (cancel_handle);
  }
  close (fd);
  return NULL;
}

/* Transfers on the scratch disk /dev/sdb. */
static void
test_transfers (guestfs_h *g, const char *tmpdir)
{
  char local[256], back[256], fifo[256];
  int fd, i;
  pthread_t thread;
  static char buf[65536];

  CHECK (guestfs_mkfs (g, "ext4", "/dev/sdb") == 0);
  CHECK (guestfs_mount (g, "/dev/sdb", "/") == 0);

  /* Round trip of a file spanning many chunks, odd size. */
  snprintf (local, sizeof local, "%s/up", tmpdir);
  snprintf (back, sizeof back, "%s/down", tmpdir);
  fd = open (local, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  for (i = 0; i < (int) sizeof buf; ++i)
    buf[i] = (char) (i * 7 + i / 251);
  for (i = 0; i < 150; ++i)
    CHECK (write (fd, buf, sizeof buf - i) == (ssize_t) (sizeof buf - i));
  close (fd);
  CHECK (guestfs_upload (g, local, "/up") == 0);
  CHECK (guestfs_download (g, "/up", back) == 0);
  CHECK (same_files (local, back));

  guestfs_push_error_handler (g, NULL, NULL);

  /* Missing local file: nothing is sent, the handle stays usable. */
  CHECK (guestfs_upload (g, "/nonexistent/x", "/x") == -1);
  CHECK (guestfs_last_errno (g) == ENOENT);
  CHECK (guestfs_ping_daemon (g) == 0);

  /* A local write failure part way: the daemon is told to stop. */
  CHECK (guestfs_download (g, "/up", "/dev/full") == -1);
  CHECK (guestfs_last_errno (g) == ENOSPC);
  CHECK (guestfs_ping_daemon (g) == 0);

  /* User cancel of an endless upload. */
  cancel_handle = g;
  snprintf (fifo, sizeof fifo, "%s/fifo", tmpdir);
  CHECK (mkfifo (fifo, 0600) == 0);
  pthread_create (&thread, NULL, feeder, fifo);
  CHECK (guestfs_upload (g, fifo, "/zero") == -1);
  pthread_join (thread, NULL);
  CHECK (guestfs_last_errno (g) == EINTR);
  CHECK (guestfs_ping_daemon (g) == 0);
  unlink (fifo);

  /* The daemon cancels when the disk is full. */
  CHECK (guestfs_upload (g, "/dev/zero", "/zero2") == -1);
  CHECK (guestfs_last_errno (g) == ENOSPC);
  fprintf (stderr, "full disk upload: %s (%d progress events so far)\n",
           guestfs_last_error (g), progress_events);
  CHECK (guestfs_ping_daemon (g) == 0);

  guestfs_pop_error_handler (g);
  unlink (local);
  unlink (back);
}

static void
test_readonly (const char *img, const char *tmpdir)
{
  guestfs_h *g = guestfs_create ();
  uint64_t before = file_hash (img);
  char **devices, **parts;
  size_t i;

  guestfs_set_event_callback (g, event_cb,
                              GUESTFS_EVENT_LAUNCH_DONE |
                              GUESTFS_EVENT_SUBPROCESS_QUIT |
                              GUESTFS_EVENT_PROGRESS, 0, NULL);
  CHECK (guestfs_add_drive_ro (g, img) == 0);
  CHECK (guestfs_add_drive (g, "/dev/null") == 0);
  CHECK (guestfs_add_drive_scratch (g, 96 * 1024 * 1024, -1) == 0);
  CHECK (guestfs_launch (g) == 0);
  CHECK (launch_done == 1);
  CHECK (guestfs_get_state (g) == 2);
  CHECK (guestfs_is_ready (g) == 1);

  /* Configuration is refused once launched. */
  guestfs_push_error_handler (g, NULL, NULL);
  CHECK (guestfs_add_drive (g, "/dev/null") == -1);
  CHECK (guestfs_launch (g) == -1);
  guestfs_pop_error_handler (g);

  devices = guestfs_list_devices (g);
  CHECK (devices && devices[0] && strcmp (devices[0], "/dev/sda") == 0 &&
         devices[1] && strcmp (devices[1], "/dev/sdb") == 0 &&
         devices[2] == NULL);
  for (i = 0; devices && devices[i]; ++i)
    free (devices[i]);
  free (devices);

  /* The write lands in the overlay: visible here, not on the host. */
  CHECK (guestfs_part_disk (g, "/dev/sda", "mbr") == 0);
  parts = guestfs_list_partitions (g);
  CHECK (parts && parts[0] && strcmp (parts[0], "/dev/sda1") == 0);
  for (i = 0; parts && parts[i]; ++i)
    free (parts[i]);
  free (parts);

  test_transfers (g, tmpdir);

  CHECK (guestfs_shutdown (g) == 0);
  CHECK (guestfs_get_state (g) == 0);
  CHECK (subprocess_quit == 1);
  CHECK (file_hash (img) == before);
  guestfs_close (g);
}

static pid_t victim;

static void *
killer (void *arg)
{
  usleep (300 * 1000);
  kill (victim, SIGKILL);
  *(double *) arg = now ();
  return NULL;
}

static void
test_qemu_killed (void)
{
  guestfs_h *g = guestfs_create ();
  pthread_t thread;
  double killed_at = 0, failed_at, start;
  int r;

  CHECK (guestfs_add_drive (g, "/dev/null") == 0);
  guestfs_push_error_handler (g, NULL, NULL);
  CHECK (guestfs_get_pid (g) == -1);
  guestfs_pop_error_handler (g);
  CHECK (guestfs_launch (g) == 0);
  victim = find_qemu_child ();
  CHECK (victim > 0);
  CHECK (guestfs_get_pid (g) == victim);
  if (victim <= 0) {
    guestfs_close (g);
    return;
  }

  guestfs_push_error_handler (g, NULL, NULL);
  pthread_create (&thread, NULL, killer, &killed_at);
  /* Keep calls in flight until one fails. */
  start = now ();
  do
    r = guestfs_ping_daemon (g);
  while (r == 0 && now () - start < 3 * MAX_DEATH_NOTICE_S);
  failed_at = now ();
  pthread_join (thread, NULL);
  CHECK (r == -1);
  CHECK (failed_at - killed_at < MAX_DEATH_NOTICE_S);
  CHECK (guestfs_get_state (g) == 0);
  fprintf (stderr, "call failed %.2f s after qemu was killed: %s\n",
           failed_at - killed_at, guestfs_last_error (g));
  /* Later calls fail at once. */
  CHECK (guestfs_ping_daemon (g) == -1);
  guestfs_pop_error_handler (g);

  /* After a crash the drives are kept: the handle can be relaunched;
   * kill_subprocess then stops it at once.
   */
  CHECK (guestfs_launch (g) == 0);
  CHECK (guestfs_ping_daemon (g) == 0);
  CHECK (guestfs_kill_subprocess (g) == 0);
  CHECK (guestfs_get_state (g) == 0);
  CHECK (find_qemu_child () == 0);
  guestfs_push_error_handler (g, NULL, NULL);
  CHECK (guestfs_get_pid (g) == -1);
  guestfs_pop_error_handler (g);
  guestfs_close (g);
}

static void
test_bad_hv (const char *tmpdir)
{
  guestfs_h *g = guestfs_create ();
  char hv[300];
  FILE *fp;
  const char *err;

  snprintf (hv, sizeof hv, "%s/fake-qemu", tmpdir);
  fp = fopen (hv, "w");
  fprintf (fp, "#!/bin/sh\necho 'fake qemu: cannot start' >&2\nexit 3\n");
  fclose (fp);
  chmod (hv, 0755);

  CHECK (guestfs_set_hv (g, hv) == 0);
  CHECK (guestfs_add_drive (g, "/dev/null") == 0);
  guestfs_push_error_handler (g, NULL, NULL);
  CHECK (guestfs_launch (g) == -1);
  err = guestfs_last_error (g);
  CHECK (err && strstr (err, "status 3") && strstr (err, "cannot start"));
  guestfs_pop_error_handler (g);
  CHECK (guestfs_get_state (g) == 0);
  guestfs_close (g);
  unlink (hv);
}

int
main (void)
{
  char tmpdir[] = "/tmp/careen-test-launch.XXXXXX";
  char img[300];
  int fd;
  const char *skip = getenv ("SKIP_TEST_LIB_LAUNCH");

  if (skip && strcmp (skip, "1") == 0) {
    fprintf (stderr, "%s: skipped: SKIP_TEST_LIB_LAUNCH=1\n", __FILE__);
    exit (77);
  }
  /* The FIFO's feeder writes on after the upload closes it. */
  signal (SIGPIPE, SIG_IGN);
  if (getenv ("LIBGUESTFS_PATH") == NULL) {
    fprintf (stderr, "%s: skipped: LIBGUESTFS_PATH is not set (run "
             "through ./run)\n", __FILE__);
    exit (77);
  }

  if (mkdtemp (tmpdir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  snprintf (img, sizeof img, "%s/disk.img", tmpdir);
  fd = open (img, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd == -1 || ftruncate (fd, 32 * 1024 * 1024) == -1 ||
      pwrite (fd, "careen", 6, 12345) != 6) {
    perror (img);
    exit (EXIT_FAILURE);
  }
  close (fd);

  test_bad_hv (tmpdir);
  test_readonly (img, tmpdir);
  test_qemu_killed ();
  unlink (img);
  rmdir (tmpdir);

  TEST_LIB_EXIT ();
}
