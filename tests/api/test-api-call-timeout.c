/* careen - offline disk-image toolkit */

/**
 * The call deadline (set_call_timeout, CAREEN_CALL_TIMEOUT): a guest
 * command that never ends while the daemon is fine (its keep-alive
 * goes on) must fail after the deadline with ETIMEDOUT and a message
 * naming the call and the limit, the appliance stopped and the handle
 * usable and closable; calls within the limit, and an upload that
 * takes longer than the limit but keeps moving, must not be cut.
 * One launch.
 */

#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests.h"
#include "qemu-child.h"

#define MiB (INT64_C(1024) * 1024)
/* The deadline: short, but well above what sh "sleep 1" takes under
 * TCG on a loaded host.
 */
#define DEADLINE_S 3
/* Time allowed past the deadline for noticing it and killing qemu. */
#define SLACK_S 15
/* The slow upload: this many chunks, one every CHUNK_GAP_US, so that
 * it lasts half again the deadline.
 */
#define CHUNKS 9
#define CHUNK_GAP_US (500 * 1000)
#define CHUNK_SIZE (64 * 1024)

static char tree[] = "/tmp/careen-api-deadline.XXXXXX";

static void
remove_tree (void)
{
  test_remove_tree (tree);
}

/* The guest: dash as /bin/sh, and sleep, with their libraries. */
static void
make_tree (void)
{
  static const char *const dirs[] = { "dev", "proc", "tmp" };
  size_t i;

  if (mkdtemp (tree) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  atexit (remove_tree);
  if (access ("/bin/dash", X_OK) != 0 || access ("/bin/sleep", X_OK) != 0) {
    printf ("test-api-call-timeout: skipped: no /bin/dash or /bin/sleep "
            "to make a guest\n");
    exit (77);
  }
  test_copy_host_program (tree, "/bin/dash", "bin/sh");
  test_copy_host_program (tree, "/bin/sleep", "bin/sleep");
  /* Where the appliance's /dev and /proc go while a command runs. */
  for (i = 0; i < sizeof dirs / sizeof dirs[0]; ++i) {
    char path[sizeof tree + 16];

    snprintf (path, sizeof path, "%s/%s", tree, dirs[i]);
    if (mkdir (path, 0755) == -1) {
      perror (path);
      exit (EXIT_FAILURE);
    }
  }
}

/* The variable is read like the other settings: bad values refused. */
static void
test_environment (guestfs_h *g)
{
  char *bad[][2] = {
    { (char *) "CAREEN_CALL_TIMEOUT=-1", NULL },
    { (char *) "CAREEN_CALL_TIMEOUT=3s", NULL },
    { (char *) "CAREEN_CALL_TIMEOUT=99999999999", NULL },
  };
  char *zero[] = { (char *) "CAREEN_CALL_TIMEOUT=0", NULL };
  char *three[] = { (char *) "CAREEN_CALL_TIMEOUT=3", NULL };
  size_t i;

  CHECK (guestfs_get_call_timeout (g) == 0);
  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i)
    CHECK_FAILS (g, guestfs_parse_environment_list (g, bad[i]));
  CHECK_OK (guestfs_parse_environment_list (g, three));
  CHECK (guestfs_get_call_timeout (g) == 3);
  CHECK_OK (guestfs_parse_environment_list (g, zero));
  CHECK (guestfs_get_call_timeout (g) == 0);
  CHECK_ERROR (g, guestfs_set_call_timeout (g, -1), EINVAL);
  CHECK (guestfs_get_call_timeout (g) == 0);
}

struct feeder {
  pthread_t thread;
  int fd;
};

/* Writes the slow upload's chunks into the pipe, then closes it. */
static void *
feed (void *arg)
{
  struct feeder *f = arg;
  static char chunk[CHUNK_SIZE];
  int i;

  memset (chunk, 'x', sizeof chunk);
  for (i = 0; i < CHUNKS; ++i) {
    usleep (CHUNK_GAP_US);
    if (write (f->fd, chunk, sizeof chunk) != (ssize_t) sizeof chunk)
      break;
  }
  close (f->fd);
  return NULL;
}

/* An upload longer than the deadline that keeps moving is not cut. */
static void
test_moving_upload (guestfs_h *g)
{
  struct feeder f;
  char source[64];
  int fds[2];
  double t0;

  if (pipe (fds) == -1) {
    perror ("pipe");
    exit (EXIT_FAILURE);
  }
  f.fd = fds[1];
  if (pthread_create (&f.thread, NULL, feed, &f) != 0) {
    perror ("pthread_create");
    exit (EXIT_FAILURE);
  }
  snprintf (source, sizeof source, "/dev/fd/%d", fds[0]);
  t0 = test_now ();
  CHECK_OK (guestfs_upload (g, source, "/slow"));
  pthread_join (f.thread, NULL);
  close (fds[0]);
  fprintf (stderr, "moving upload: %.2f s\n", test_now () - t0);
  CHECK (test_now () - t0 > DEADLINE_S);
  CHECK (guestfs_filesize (g, "/slow") == CHUNKS * CHUNK_SIZE);
}

/* A guest command that never ends while the daemon is fine. */
static void
test_endless_command (guestfs_h *g)
{
  const char *err;
  double t0, waited;
  char *s;

  guestfs_push_error_handler (g, NULL, NULL);
  t0 = test_now ();
  s = guestfs_sh (g, "sleep 600");
  waited = test_now () - t0;
  err = guestfs_last_error (g);
  CHECK (s == NULL);
  free (s);
  CHECK (guestfs_last_errno (g) == ETIMEDOUT);
  fprintf (stderr, "sh \"sleep 600\": failed after %.2f s: %s\n", waited,
           err ? err : "(no error)");
  CHECK (err != NULL && strncmp (err, "sh: ", 4) == 0);
  CHECK (err != NULL && strstr (err, "deadline of 3 seconds") != NULL);
  CHECK (waited >= DEADLINE_S - 0.5);
  CHECK (waited < DEADLINE_S + SLACK_S);

  /* The appliance is gone; later calls say so. */
  CHECK (guestfs_get_state (g) == 0);
  CHECK (find_qemu_child () == 0);
  s = guestfs_sh (g, "true");
  CHECK (s == NULL);
  free (s);
  CHECK (guestfs_last_errno (g) == EINVAL);
  guestfs_pop_error_handler (g);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-call-timeout");
  double t0;
  char *s;

  test_environment (g);
  make_tree ();
  test_add_ext4_from_dir (g, tree, 32 * MiB);
  test_launch (g);
  CHECK_OK (guestfs_mount (g, "/dev/sda", "/"));

  /* Set after launch: it applies to the calls that follow. */
  CHECK_OK (guestfs_set_call_timeout (g, DEADLINE_S));
  CHECK (guestfs_get_call_timeout (g) == DEADLINE_S);

  /* Within the limit: not cut. */
  t0 = test_now ();
  s = guestfs_sh (g, "sleep 1; echo done");
  CHECK_STREQ (s, "done\n");
  free (s);
  fprintf (stderr, "sh \"sleep 1\": %.2f s\n", test_now () - t0);

  test_moving_upload (g);
  test_endless_command (g);
  test_exit (g);
}
