/* careen - offline disk-image toolkit
 *
 * qemu killed with SIGKILL in the middle of each kind of call: a plain
 * call, a FileIn upload, a FileOut download, tar-in, tar-out, a long
 * call sending progress, and launch itself.  Each time the call must
 * fail within seconds with an error that says the appliance went away,
 * the handle must be back in CONFIG with no qemu left (it is relaunched
 * for the next kind, on the same scratch disk), and a download's
 * partial output must not be left behind.  At the end guestfs_close
 * must return promptly and leave nothing in the handle's tmpdir base.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faults.h"

/* Size of the sparse files that the transfers read: far more than can
 * move in the second before the kill, even without TCG.
 */
#define BIG_FILE (4LL * 1024 * 1024 * 1024)
/* When the killer strikes, after the call began. */
#define KILL_AFTER_US (1500 * 1000)

static int progress_events;

static void
progress_cb (guestfs_h *g, void *opaque, uint64_t event, int handle,
             int flags, const char *buf, size_t len, const uint64_t *array,
             size_t alen)
{
  __atomic_add_fetch (&progress_events, 1, __ATOMIC_SEQ_CST);
}

/* When the killer strikes. */
enum kill_when {
  KILL_DURING_LAUNCH,           /* once qemu has appeared and booted a bit */
  KILL_AT_QEMU_START,           /* as soon as qemu has appeared */
  KILL_AFTER_DELAY,             /* KILL_AFTER_US into the call */
  KILL_ON_PROGRESS,             /* at the call's first progress message */
};

struct killer {
  pthread_t thread;
  enum kill_when when;
  double killed_at;
  pid_t victim;
};

static void *
killer_main (void *arg)
{
  struct killer *k = arg;
  double start = now ();

  if (k->when == KILL_DURING_LAUNCH) {
    /* Until qemu exists, then let it boot a little. */
    while ((k->victim = find_qemu_child ()) == 0 && now () - start < 60)
      usleep (20 * 1000);
    usleep (700 * 1000);
  }
  else if (k->when == KILL_AT_QEMU_START) {
    while ((k->victim = find_qemu_child ()) == 0 && now () - start < 60)
      usleep (5 * 1000);
  }
  else if (k->when == KILL_ON_PROGRESS) {
    /* A fast call may end before a fixed delay: the first progress
     * message (sent after a second of work) proves it is still going.
     */
    while (__atomic_load_n (&progress_events, __ATOMIC_SEQ_CST) == 0 &&
           now () - start < 60)
      usleep (10 * 1000);
    k->victim = find_qemu_child ();
  }
  else {
    usleep (KILL_AFTER_US);
    k->victim = find_qemu_child ();
  }
  if (k->victim > 0) {
    kill (k->victim, SIGKILL);
    k->killed_at = now ();
  }
  return NULL;
}

static void
start_killer (struct killer *k, enum kill_when when)
{
  memset (k, 0, sizeof *k);
  k->when = when;
  if (pthread_create (&k->thread, NULL, killer_main, k) != 0) {
    perror ("pthread_create");
    exit (EXIT_FAILURE);
  }
}

/* After the failed call: bounded time, a clear error, nothing left. */
static void
check_killed (guestfs_h *g, struct killer *k, const char *kind, int r)
{
  double failed_at = now ();
  const char *err = guestfs_last_error (g);

  pthread_join (k->thread, NULL);
  CHECK (k->victim > 0);
  CHECK (r == -1);
  CHECK (failed_at - k->killed_at < MAX_DEATH_NOTICE_S);
  CHECK (err != NULL && *err != '\0');
  CHECK (guestfs_get_state (g) == 0);
  CHECK (find_qemu_child () == 0);
  fprintf (stderr, "%s: failed %.2f s after the kill: %s (errno %d)\n",
           kind, failed_at - k->killed_at, err ? err : "(no error)",
           guestfs_last_errno (g));
}

static void
relaunch (guestfs_h *g)
{
  if (guestfs_get_state (g) != 0)
    return;
  CHECK (guestfs_launch (g) == 0);
  /* The journal of the killed appliance's ext4 is replayed here. */
  CHECK (guestfs_mount (g, "/dev/sda", "/") == 0);
}

int
main (void)
{
  char *base, *work;
  static char local[4096], tarfile[4096];
  guestfs_h *g;
  struct killer k;
  struct stat st;
  double t0;
  int r;

  faults_init ("SKIP_TEST_FAULTS_KILL");
  base = make_private_dir ("faults-tmp");
  work = make_private_dir ("faults-work");
  snprintf (tarfile, sizeof tarfile, "%s/big.tar", work);
  make_big_tar (tarfile, BIG_FILE);

  g = guestfs_create ();
  CHECK (g != NULL);
  CHECK (guestfs_set_tmpdir (g, base) == 0);
  guestfs_set_event_callback (g, progress_cb, GUESTFS_EVENT_PROGRESS, 0,
                              NULL);
  /* Big enough for a fill that lasts seconds at any speed (sparse). */
  CHECK (guestfs_add_drive_scratch (g, 4LL * 1024 * 1024 * 1024, -1) == 0);

  /* Launch itself: a boot, which lasts long enough to be killed in the
   * middle (a restored appliance is ready in a fraction of a second),
   * then a restore, killed as soon as its qemu is there.
   */
  guestfs_push_error_handler (g, NULL, NULL);
  setenv ("CAREEN_SNAPSHOT", "0", 1);
  start_killer (&k, KILL_DURING_LAUNCH);
  r = guestfs_launch (g);
  check_killed (g, &k, "launch (boot)", r);
  unsetenv ("CAREEN_SNAPSHOT");
  start_killer (&k, KILL_AT_QEMU_START);
  r = guestfs_launch (g);
  check_killed (g, &k, "launch (restore)", r);
  guestfs_pop_error_handler (g);

  CHECK (guestfs_launch (g) == 0);
  CHECK (guestfs_mkfs (g, "ext4", "/dev/sda") == 0);
  CHECK (guestfs_mount (g, "/dev/sda", "/") == 0);
  CHECK (guestfs_touch (g, "/sparse") == 0);
  CHECK (guestfs_truncate_size (g, "/sparse", BIG_FILE) == 0);
  CHECK (guestfs_mkdir (g, "/dir") == 0);
  CHECK (guestfs_touch (g, "/dir/sparse") == 0);
  CHECK (guestfs_truncate_size (g, "/dir/sparse", BIG_FILE) == 0);
  CHECK (guestfs_sync (g) == 0);

  guestfs_push_error_handler (g, NULL, NULL);

  /* A plain call. */
  start_killer (&k, KILL_AFTER_DELAY);
  r = guestfs_sleep (g, 60);
  check_killed (g, &k, "sleep", r);

  /* FileIn: an endless upload. */
  relaunch (g);
  start_killer (&k, KILL_AFTER_DELAY);
  r = guestfs_upload (g, "/dev/zero", "/zero");
  check_killed (g, &k, "upload", r);

  /* FileOut: the partial local file must not stay. */
  relaunch (g);
  snprintf (local, sizeof local, "%s/download", work);
  start_killer (&k, KILL_AFTER_DELAY);
  r = guestfs_download (g, "/sparse", local);
  check_killed (g, &k, "download", r);
  CHECK (stat (local, &st) == -1 && errno == ENOENT);

  /* tar-in of an archive bigger than can be sent before the kill. */
  relaunch (g);
  start_killer (&k, KILL_AFTER_DELAY);
  r = guestfs_tar_in (g, tarfile, "/");
  check_killed (g, &k, "tar-in", r);

  /* tar-out: same rule as download for the partial archive. */
  relaunch (g);
  snprintf (local, sizeof local, "%s/out.tar", work);
  start_killer (&k, KILL_AFTER_DELAY);
  r = guestfs_tar_out (g, "/dir", local);
  check_killed (g, &k, "tar-out", r);
  CHECK (stat (local, &st) == -1 && errno == ENOENT);

  /* A long call with progress messages. */
  relaunch (g);
  progress_events = 0;
  start_killer (&k, KILL_ON_PROGRESS);
  /* Not zeroes: the drives have detect-zeroes=on, which turns a fill
   * of zeroes into write-zeroes requests that end before the first
   * progress message.
   */
  r = guestfs_fill (g, 'x', 2000 * 1024 * 1024, "/fill");
  check_killed (g, &k, "fill", r);
  fprintf (stderr, "fill: %d progress events before the kill\n",
           progress_events);

  guestfs_pop_error_handler (g);

  /* The handle is still usable after all that. */
  relaunch (g);
  CHECK (guestfs_ping_daemon (g) == 0);

  t0 = now ();
  guestfs_close (g);
  fprintf (stderr, "close took %.2f s\n", now () - t0);
  CHECK (now () - t0 < MAX_CLOSE_S);
  CHECK (find_qemu_child () == 0);
  CHECK (count_entries (base) == 0);

  remove_tree (base);
  remove_tree (work);
  free (base);
  free (work);
  faults_exit (__FILE__);
}
