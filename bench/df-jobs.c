/* careen - benchmark helper for bench/parallel.sh.
 *
 *   df-jobs THREADS IMAGE...
 *
 * Does what virt-df does to each IMAGE (a raw disk image, opened
 * read-only): create a handle, launch, list the filesystems, mount
 * each read-only, statvfs it, close.  THREADS handles work at once in
 * this one process, taking images from a shared queue.  Prints the
 * number of images done, the number of filesystems seen and the
 * elapsed seconds.  Built from the same source against careen's
 * library and against libguestfs's: it uses only the common API.
 */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <guestfs.h>

static char **images;
static int nr_images;
static int next_image;
static int images_done, filesystems_seen, failures;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int
df_one (const char *image)
{
  guestfs_h *g = guestfs_create ();
  char **fses;
  int i, n = 0;

  if (g == NULL)
    return -1;
  if (guestfs_add_drive_opts (g, image,
                              GUESTFS_ADD_DRIVE_OPTS_READONLY, 1,
                              GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                              -1) == -1 ||
      guestfs_launch (g) == -1 ||
      (fses = guestfs_list_filesystems (g)) == NULL) {
    guestfs_close (g);
    return -1;
  }
  for (i = 0; fses[i] != NULL; i += 2) {
    struct guestfs_statvfs *sv;

    if (strcmp (fses[i+1], "swap") == 0 || strcmp (fses[i+1], "unknown") == 0)
      continue;
    /* Like df: what does not mount is skipped. */
    guestfs_push_error_handler (g, NULL, NULL);
    if (guestfs_mount_ro (g, fses[i], "/") == 0) {
      sv = guestfs_statvfs (g, "/");
      if (sv) {
        n++;
        guestfs_free_statvfs (sv);
      }
      guestfs_umount_all (g);
    }
    guestfs_pop_error_handler (g);
  }
  for (i = 0; fses[i] != NULL; ++i)
    free (fses[i]);
  free (fses);
  if (guestfs_shutdown (g) == -1)
    n = -1;
  guestfs_close (g);
  return n;
}

static void *
worker (void *arg)
{
  (void) arg;
  for (;;) {
    int i, n;

    pthread_mutex_lock (&lock);
    i = next_image++;
    pthread_mutex_unlock (&lock);
    if (i >= nr_images)
      return NULL;
    n = df_one (images[i]);
    pthread_mutex_lock (&lock);
    if (n < 0)
      failures++;
    else {
      images_done++;
      filesystems_seen += n;
    }
    pthread_mutex_unlock (&lock);
  }
}

int
main (int argc, char *argv[])
{
  pthread_t t[64];
  struct timespec s, e;
  int i, nr_threads;

  if (argc < 3 || (nr_threads = atoi (argv[1])) < 1 || nr_threads > 64) {
    fprintf (stderr, "usage: df-jobs THREADS IMAGE...\n");
    return 2;
  }
  images = argv + 2;
  nr_images = argc - 2;
  clock_gettime (CLOCK_MONOTONIC, &s);
  for (i = 0; i < nr_threads; ++i)
    if (pthread_create (&t[i], NULL, worker, NULL) != 0) {
      perror ("pthread_create");
      return 1;
    }
  for (i = 0; i < nr_threads; ++i)
    pthread_join (t[i], NULL);
  clock_gettime (CLOCK_MONOTONIC, &e);
  printf ("%d %d %.3f\n", images_done, filesystems_seen,
          (e.tv_sec - s.tv_sec) + (e.tv_nsec - s.tv_nsec) / 1e9);
  return failures ? 1 : 0;
}
