/* careen - offline disk-image toolkit
 *
 * Stress for hangs under load: CPU hogs on every core, handles in
 * threads and in processes that launch, transfer a few MB each way,
 * make plain calls, get cancelled in the middle of transfers and close,
 * all interleaved, for STRESS_SECONDS (default 45 s; 30 minutes under
 * make check-slow).  No call may take
 * longer than the keep-alive limit plus slack (launch: its own bound);
 * a watchdog in every process reports a call that does and aborts, so a
 * hang fails the test instead of stalling it (STRESS_HANG=wait keeps
 * the process for a debugger instead).  At the end it prints the
 * counts and the load average seen.
 *
 * Tunables (environment): STRESS_SECONDS, STRESS_THREADS (handles per
 * process, default 2), STRESS_PROCS (extra processes, default 1),
 * STRESS_HOGS (default 3 per core).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faults.h"

/* Size of every transfer, and of the scratch disk that receives it. */
#define XFER_SIZE (4 * 1024 * 1024)
#define DISK_SIZE (64LL * 1024 * 1024)
#define MEMSIZE 512
#define MAX_WORKERS 64
/* Slack above the keep-alive limit for a call to be declared hung, and
 * the bound on one launch (its own timeout is far longer, but under
 * this load anything beyond a few minutes is a hang too).
 */
#define HANG_SLACK_S 60
#define LAUNCH_BOUND_S 300

/* Counts shared by every process (MAP_SHARED), updated atomically. */
struct counts {
  long launches, calls, uploads, downloads, verified, cancels_sent,
    cancelled, closes, unexpected, hangs;
  long max_call_ms, max_launch_ms;
  long load_samples, load_sum_x100, load_max_x100;
};
static struct counts *counts;

#define COUNT(field) __atomic_add_fetch (&counts->field, 1, __ATOMIC_SEQ_CST)

static void
count_max (long *field, long v)
{
  long old = __atomic_load_n (field, __ATOMIC_SEQ_CST);

  while (v > old &&
         !__atomic_compare_exchange_n (field, &old, v, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
    ;
}

struct worker {
  int id;
  pthread_t thread;
  pthread_mutex_t lock;         /* guards g and transferring */
  guestfs_h *g;
  bool transferring;
  unsigned seed;
  const char *op;               /* the call running, for the watchdog */
  long op_start_ms;             /* now () in ms when it began */
  char upfile[256], downfile[256];
};

static struct worker workers[MAX_WORKERS];
static int nr_workers;
static double deadline;
static int keepalive_s = 120;
static bool done;

static void
begin_op (struct worker *w, const char *op)
{
  __atomic_store_n (&w->op_start_ms, (long) (now () * 1000),
                    __ATOMIC_SEQ_CST);
  __atomic_store_n (&w->op, op, __ATOMIC_SEQ_CST);
}

static void
end_op (struct worker *w)
{
  long ms = (long) (now () * 1000) - w->op_start_ms;

  count_max (strcmp (w->op, "launch") == 0 ? &counts->max_launch_ms
             : &counts->max_call_ms, ms);
  __atomic_store_n (&w->op, NULL, __ATOMIC_SEQ_CST);
}

static void
set_transferring (struct worker *w, bool on)
{
  pthread_mutex_lock (&w->lock);
  w->transferring = on;
  pthread_mutex_unlock (&w->lock);
}

/* A failed call is fine only when it was cancelled. */
static void
check_result (struct worker *w, guestfs_h *g, int r, const char *what)
{
  if (r == 0)
    return;
  if (guestfs_last_errno (g) == EINTR) {
    COUNT (cancelled);
    return;
  }
  COUNT (unexpected);
  fprintf (stderr, "stress: pid %d worker %d: %s: %s (errno %d)\n",
           (int) getpid (), w->id, what, guestfs_last_error (g),
           guestfs_last_errno (g));
}

static bool
same_files (const char *a, const char *b)
{
  static __thread char ba[65536], bb[65536];
  int fa = open (a, O_RDONLY), fb = open (b, O_RDONLY);
  bool same = fa >= 0 && fb >= 0;

  while (same) {
    ssize_t na = read (fa, ba, sizeof ba), nb = read (fb, bb, sizeof bb);

    if (na != nb || na < 0 || memcmp (ba, bb, (size_t) na) != 0)
      same = false;
    if (na <= 0)
      break;
  }
  if (fa >= 0)
    close (fa);
  if (fb >= 0)
    close (fb);
  return same;
}

/* One handle's life: launch, a few random operations, close. */
static void
one_handle (struct worker *w)
{
  guestfs_h *g = guestfs_create ();
  bool disk_known = false;
  int i, n, r;

  if (g == NULL) {
    COUNT (unexpected);
    return;
  }
  guestfs_set_error_handler (g, NULL, NULL);
  if (guestfs_set_memsize (g, MEMSIZE) == -1 ||
      guestfs_add_drive_scratch (g, DISK_SIZE, -1) == -1) {
    check_result (w, g, -1, "setup");
    guestfs_close (g);
    return;
  }
  pthread_mutex_lock (&w->lock);
  w->g = g;
  pthread_mutex_unlock (&w->lock);

  begin_op (w, "launch");
  r = guestfs_launch (g);
  end_op (w);
  COUNT (launches);
  check_result (w, g, r, "launch");

  n = r == 0 ? (int) (rand_r (&w->seed) % 6) : 0;
  for (i = 0; i < n && now () < deadline; ++i) {
    switch (rand_r (&w->seed) % 3) {
    case 0:
      set_transferring (w, true);
      begin_op (w, "upload");
      r = guestfs_upload_offset (g, w->upfile, "/dev/sda", 0);
      end_op (w);
      set_transferring (w, false);
      COUNT (uploads);
      check_result (w, g, r, "upload");
      disk_known = r == 0;
      break;
    case 1:
      set_transferring (w, true);
      begin_op (w, "download");
      r = guestfs_download_offset (g, "/dev/sda", w->downfile, 0, XFER_SIZE);
      end_op (w);
      set_transferring (w, false);
      COUNT (downloads);
      check_result (w, g, r, "download");
      if (r == 0 && disk_known) {
        if (same_files (w->upfile, w->downfile))
          COUNT (verified);
        else {
          COUNT (unexpected);
          fprintf (stderr, "stress: worker %d: download differs from the "
                   "upload\n", w->id);
        }
      }
      break;
    default:
      begin_op (w, "call");
      r = guestfs_blockdev_getsize64 (g, "/dev/sda") == DISK_SIZE ? 0 : -1;
      end_op (w);
      COUNT (calls);
      check_result (w, g, r, "blockdev_getsize64");
    }
    if (guestfs_get_state (g) == 0)
      break;                    /* the appliance is gone: reported */
  }

  pthread_mutex_lock (&w->lock);
  w->g = NULL;
  pthread_mutex_unlock (&w->lock);
  begin_op (w, "close");
  guestfs_close (g);
  end_op (w);
  COUNT (closes);
}

static void *
worker_main (void *arg)
{
  struct worker *w = arg;

  while (now () < deadline)
    one_handle (w);
  return NULL;
}

/* Cancels a random transfer now and then. */
static void *
canceller_main (void *arg)
{
  unsigned seed = (unsigned) getpid ();

  (void) arg;
  while (!__atomic_load_n (&done, __ATOMIC_SEQ_CST)) {
    struct worker *w = &workers[rand_r (&seed) % nr_workers];

    usleep (200000 + rand_r (&seed) % 1500000);
    pthread_mutex_lock (&w->lock);
    if (w->g && w->transferring) {
      guestfs_user_cancel (w->g);
      COUNT (cancels_sent);
    }
    pthread_mutex_unlock (&w->lock);
  }
  return NULL;
}

static void
sample_load (void)
{
  FILE *fp = fopen ("/proc/loadavg", "r");
  double l;

  if (fp && fscanf (fp, "%lf", &l) == 1) {
    COUNT (load_samples);
    __atomic_add_fetch (&counts->load_sum_x100, (long) (l * 100),
                        __ATOMIC_SEQ_CST);
    count_max (&counts->load_max_x100, (long) (l * 100));
  }
  if (fp)
    fclose (fp);
}

/* Reports (and by default aborts on) a call that runs past its bound. */
static void *
watchdog_main (void *arg)
{
  bool sample = *(bool *) arg;
  int tick = 0;

  while (!__atomic_load_n (&done, __ATOMIC_SEQ_CST)) {
    int i;

    sleep (1);
    if (sample && tick++ % 5 == 0)
      sample_load ();
    for (i = 0; i < nr_workers; ++i) {
      struct worker *w = &workers[i];
      const char *op = __atomic_load_n (&w->op, __ATOMIC_SEQ_CST);
      double start = __atomic_load_n (&w->op_start_ms, __ATOMIC_SEQ_CST)
        / 1000.0;
      double bound = op && strcmp (op, "launch") == 0 ? LAUNCH_BOUND_S
        : keepalive_s + HANG_SLACK_S;
      const char *hang = getenv ("STRESS_HANG");

      if (op == NULL || now () - start < bound)
        continue;
      fprintf (stderr, "stress: HANG: pid %d worker %d (thread %lu): %s "
               "running for %.0f s\n", (int) getpid (), w->id,
               (unsigned long) w->thread, op, now () - start);
      COUNT (hangs);
      if (hang && strcmp (hang, "wait") == 0) {
        sleep (60);
        continue;
      }
      abort ();
    }
  }
  return NULL;
}

/* Runs nthreads workers until the deadline; returns when all ended. */
static void
run_workers (int first_id, int nthreads, bool sample, const char *dir)
{
  pthread_t canceller, watchdog;
  static char data[XFER_SIZE];
  int i;

  nr_workers = nthreads;
  for (i = 0; i < nthreads; ++i) {
    struct worker *w = &workers[i];
    size_t j;
    int fd;

    w->id = first_id + i;
    w->seed = (unsigned) (getpid () * 131 + i);
    pthread_mutex_init (&w->lock, NULL);
    snprintf (w->upfile, sizeof w->upfile, "%s/up-%d", dir, w->id);
    snprintf (w->downfile, sizeof w->downfile, "%s/down-%d", dir, w->id);
    for (j = 0; j < sizeof data; ++j)
      data[j] = (char) (rand_r (&w->seed) >> 3);
    fd = open (w->upfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK (fd >= 0 && write (fd, data, sizeof data) == sizeof data);
    if (fd >= 0)
      close (fd);
  }
  CHECK (pthread_create (&watchdog, NULL, watchdog_main, &sample) == 0);
  CHECK (pthread_create (&canceller, NULL, canceller_main, NULL) == 0);
  for (i = 0; i < nthreads; ++i)
    CHECK (pthread_create (&workers[i].thread, NULL, worker_main,
                           &workers[i]) == 0);
  for (i = 0; i < nthreads; ++i)
    pthread_join (workers[i].thread, NULL);
  __atomic_store_n (&done, true, __ATOMIC_SEQ_CST);
  pthread_join (canceller, NULL);
  pthread_join (watchdog, NULL);
  CHECK (find_qemu_child () == 0);
}

static long
env_long (const char *name, long dflt, long max)
{
  const char *s = getenv (name);
  long v = s ? strtol (s, NULL, 10) : dflt;

  return v >= 1 && v <= max ? v : dflt;
}

int
main (void)
{
  long seconds, nthreads, nprocs, nhogs, cpus;
  pid_t hogs[256], procs[64];
  char *dir;
  double t0 = now ();
  int i, status;

  faults_init ("SKIP_TEST_FAULTS_STRESS");
  cpus = sysconf (_SC_NPROCESSORS_ONLN);
  seconds = env_long ("STRESS_SECONDS", getenv ("SLOW") ? 1800 : 45,
                      7 * 24 * 3600);
  nthreads = env_long ("STRESS_THREADS", 2, MAX_WORKERS);
  nprocs = env_long ("STRESS_PROCS", 1, 64);
  nhogs = env_long ("STRESS_HOGS", 3 * (cpus > 0 ? cpus : 1), 256);
  keepalive_s = (int) env_long ("CAREEN_KEEPALIVE_TIMEOUT", 120, 86400);
  deadline = t0 + seconds;
  dir = make_private_dir ("stress");
  counts = mmap (NULL, sizeof *counts, PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK (counts != MAP_FAILED);
  if (counts == MAP_FAILED)
    exit (EXIT_FAILURE);

  /* Processes first, before this one has threads. */
  for (i = 0; i < nhogs; ++i) {
    hogs[i] = fork ();
    if (hogs[i] == 0) {
      volatile unsigned long spin = 0;

      prctl (PR_SET_PDEATHSIG, SIGKILL);  /* never outlive a crash */
      for (;;)
        spin++;
    }
  }
  for (i = 0; i < nprocs; ++i) {
    procs[i] = fork ();
    if (procs[i] == 0) {
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      run_workers ((int) ((i + 1) * nthreads), (int) nthreads, false, dir);
      _exit (failures ? 1 : 0);
    }
  }
  run_workers (0, (int) nthreads, true, dir);
  for (i = 0; i < nprocs; ++i) {
    CHECK (waitpid (procs[i], &status, 0) == procs[i]);
    CHECK (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  }
  for (i = 0; i < nhogs; ++i) {
    kill (hogs[i], SIGKILL);
    waitpid (hogs[i], &status, 0);
  }

  fprintf (stderr, "stress: %.0f s, %ld handles at a time (%ld processes "
           "x %ld threads), %ld hogs on %ld cpus, keep-alive %d s\n",
           now () - t0, (nprocs + 1) * nthreads, nprocs + 1, nthreads,
           nhogs, cpus, keepalive_s);
  fprintf (stderr, "stress: launches %ld, calls %ld, uploads %ld, "
           "downloads %ld (%ld verified), cancels sent %ld, cancelled "
           "%ld, closes %ld\n", counts->launches, counts->calls,
           counts->uploads, counts->downloads, counts->verified,
           counts->cancels_sent, counts->cancelled, counts->closes);
  fprintf (stderr, "stress: longest launch %.1f s, longest other call "
           "%.1f s; load average (1 min) max %.1f, mean %.1f\n",
           counts->max_launch_ms / 1000.0, counts->max_call_ms / 1000.0,
           counts->load_max_x100 / 100.0,
           counts->load_samples ? counts->load_sum_x100 / 100.0
           / counts->load_samples : 0.0);
  fprintf (stderr, "stress: unexpected errors %ld, hangs %ld\n",
           counts->unexpected, counts->hangs);
  CHECK (counts->unexpected == 0);
  CHECK (counts->hangs == 0);
  CHECK (counts->launches > 0);
  CHECK (counts->closes == counts->launches);

  remove_tree (dir);
  free (dir);
  faults_exit (__FILE__);
}
