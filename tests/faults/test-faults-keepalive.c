/* careen - offline disk-image toolkit
 *
 * The keep-alive: an appliance that stops answering while qemu lives
 * must make the call fail within CAREEN_KEEPALIVE_TIMEOUT seconds (set
 * short here) with a clear error, and leave no qemu behind.  Three ways
 * to hang: the daemon silenced (debug freeze, qemu runs on), and the
 * whole guest stopped (SIGSTOP to qemu) under an upload, where the
 * library is blocked writing, and under a download, where it is
 * blocked reading.  A silent call longer than the limit must still
 * succeed (the daemon's ALIVE frames), and guestfs_close on a stopped
 * guest must return in bounded time.
 */

#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faults.h"

/* Short, but well above the daemon's 2 s ALIVE period even on a loaded
 * host.
 */
#define KEEPALIVE_S 5
/* Slack above the limit for noticing and killing qemu. */
#define SLACK_S 10
/* When the guest is stopped, after a transfer began. */
#define STOP_AFTER_US (1500 * 1000)

struct stopper {
  pthread_t thread;
  double stopped_at;
  pid_t victim;
};

/* Stops qemu (all its threads: the vCPUs and the channel) mid-call. */
static void *
stopper_main (void *arg)
{
  struct stopper *s = arg;

  usleep (STOP_AFTER_US);
  s->victim = find_qemu_child ();
  if (s->victim > 0) {
    kill (s->victim, SIGSTOP);
    s->stopped_at = now ();
  }
  return NULL;
}

static void
start_stopper (struct stopper *s)
{
  memset (s, 0, sizeof *s);
  if (pthread_create (&s->thread, NULL, stopper_main, s) != 0) {
    perror ("pthread_create");
    exit (EXIT_FAILURE);
  }
}

/* The call failed because of the keep-alive, in bounded time, and the
 * handle is back in CONFIG with qemu reaped.
 */
static void
check_gave_up (guestfs_h *g, const char *kind, int r, double hung_at,
               bool at_once)
{
  double waited = now () - hung_at;
  const char *err = guestfs_last_error (g);

  CHECK (r == -1);
  CHECK (guestfs_last_errno (g) == ETIMEDOUT);
  CHECK (err != NULL && strstr (err, "stopped answering") != NULL);
  /* When the hang began with the call, nothing came after it; a guest
   * stopped mid-transfer may have been silent a while already.
   */
  if (at_once)
    CHECK (waited >= KEEPALIVE_S - 0.5);
  CHECK (waited < KEEPALIVE_S + SLACK_S);
  CHECK (guestfs_get_state (g) == 0);
  CHECK (find_qemu_child () == 0);
  fprintf (stderr, "%s: failed %.2f s after the hang: %s\n",
           kind, waited, err ? err : "(no error)");
}

int
main (void)
{
  char *base, *work;
  static char local[4096];
  char *bad_env[] = { (char *) "CAREEN_KEEPALIVE_TIMEOUT=0", NULL };
  const char *freeze[] = { "600", NULL };
  guestfs_h *g;
  struct stopper s;
  struct stat st;
  double t0;
  char *out;
  int r;

  faults_init ("SKIP_TEST_FAULTS_KEEPALIVE");
  base = make_private_dir ("faults-tmp");
  work = make_private_dir ("faults-work");
  setenv ("CAREEN_KEEPALIVE_TIMEOUT", "5", 1);

  g = guestfs_create ();
  CHECK (g != NULL);
  CHECK (guestfs_set_tmpdir (g, base) == 0);
  CHECK (guestfs_add_drive_scratch (g, 4LL * 1024 * 1024 * 1024, -1) == 0);

  /* A limit that cannot work is refused. */
  guestfs_push_error_handler (g, NULL, NULL);
  CHECK (guestfs_parse_environment_list (g, bad_env) == -1);
  guestfs_pop_error_handler (g);

  CHECK (guestfs_launch (g) == 0);

  /* A call that works in silence for twice the limit is kept alive. */
  t0 = now ();
  CHECK (guestfs_sleep (g, 2 * KEEPALIVE_S) == 0);
  fprintf (stderr, "sleep %d: ok in %.2f s\n", 2 * KEEPALIVE_S, now () - t0);

  guestfs_push_error_handler (g, NULL, NULL);

  /* The daemon silenced while qemu runs on. */
  t0 = now ();
  out = guestfs_debug (g, "freeze", (char **) freeze);
  check_gave_up (g, "freeze", out == NULL ? -1 : 0, t0, true);
  free (out);

  /* The guest stopped under an upload: the library is blocked writing. */
  CHECK (guestfs_launch (g) == 0);
  start_stopper (&s);
  r = guestfs_upload_offset (g, "/dev/zero", "/dev/sda", 0);
  pthread_join (s.thread, NULL);
  CHECK (s.victim > 0);
  check_gave_up (g, "upload", r, s.stopped_at, false);

  /* ... and under a download: blocked reading.  The partial local file
   * goes, as after any failed download.
   */
  CHECK (guestfs_launch (g) == 0);
  snprintf (local, sizeof local, "%s/download", work);
  start_stopper (&s);
  r = guestfs_download_offset (g, "/dev/sda", local, 0,
                              4LL * 1024 * 1024 * 1024);
  pthread_join (s.thread, NULL);
  CHECK (s.victim > 0);
  check_gave_up (g, "download", r, s.stopped_at, false);
  CHECK (stat (local, &st) == -1 && errno == ENOENT);

  guestfs_pop_error_handler (g);

  /* Closing a handle whose guest is stopped: its final sync gives up
   * after the limit, then qemu is killed.
   */
  CHECK (guestfs_launch (g) == 0);
  CHECK (guestfs_ping_daemon (g) == 0);
  s.victim = find_qemu_child ();
  CHECK (s.victim > 0);
  if (s.victim > 0)             /* never kill (0): our own group */
    kill (s.victim, SIGSTOP);
  t0 = now ();
  guestfs_close (g);
  fprintf (stderr, "close of a stopped guest took %.2f s\n", now () - t0);
  CHECK (now () - t0 < KEEPALIVE_S + MAX_CLOSE_S);
  CHECK (find_qemu_child () == 0);
  CHECK (count_entries (base) == 0);

  remove_tree (base);
  remove_tree (work);
  free (base);
  free (work);
  faults_exit (__FILE__);
}
