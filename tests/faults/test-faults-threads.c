/* careen - offline disk-image toolkit
 *
 * Many handles in one process: N threads, each with its own handle and
 * appliance, launch at once and make a few calls (a filesystem made,
 * written and read back).  All must succeed, and every qemu must be
 * gone afterwards.  N is 8: eight TCG appliances on two cores take about
 * 20 s on a quiet machine.
 */

#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faults.h"

#define NR_THREADS 8

struct job {
  pthread_t thread;
  int n;
  bool ok;
};

static void *
worker (void *arg)
{
  struct job *job = arg;
  guestfs_h *g = guestfs_create ();
  char content[64], *s = NULL, **devices = NULL;
  size_t i;

  snprintf (content, sizeof content, "thread %d", job->n);
  job->ok =
    g != NULL &&
    guestfs_add_drive_scratch (g, 32 * 1024 * 1024, -1) == 0 &&
    guestfs_launch (g) == 0 &&
    (devices = guestfs_list_devices (g)) != NULL &&
    devices[0] && strcmp (devices[0], "/dev/sda") == 0 && !devices[1] &&
    guestfs_mkfs (g, "ext4", "/dev/sda") == 0 &&
    guestfs_mount (g, "/dev/sda", "/") == 0 &&
    guestfs_write (g, "/f", content, strlen (content)) == 0 &&
    (s = guestfs_cat (g, "/f")) != NULL && strcmp (s, content) == 0 &&
    guestfs_shutdown (g) == 0;
  if (!job->ok)
    fprintf (stderr, "thread %d failed: %s\n", job->n,
             g ? guestfs_last_error (g) : "guestfs_create");
  free (s);
  for (i = 0; devices && devices[i]; ++i)
    free (devices[i]);
  free (devices);
  if (g)
    guestfs_close (g);
  return NULL;
}

int
main (void)
{
  int i, n = NR_THREADS;
  struct job jobs[NR_THREADS];
  double t0;

  faults_init ("SKIP_TEST_FAULTS_THREADS");
  t0 = now ();
  for (i = 0; i < n; ++i) {
    jobs[i].n = i;
    jobs[i].ok = false;
    if (pthread_create (&jobs[i].thread, NULL, worker, &jobs[i]) != 0) {
      perror ("pthread_create");
      exit (EXIT_FAILURE);
    }
  }
  for (i = 0; i < n; ++i) {
    pthread_join (jobs[i].thread, NULL);
    CHECK (jobs[i].ok);
  }
  fprintf (stderr, "%d handles in %d threads: %.1f s\n", n, n, now () - t0);
  CHECK (find_qemu_child () == 0);
  faults_exit (__FILE__);
}
