/* careen - offline disk-image toolkit
 * Copyright (C) 2026 the careen authors
 */

/**
 * A watcher of the guest's disks for the time init runs, before the
 * daemon (whose own detector, daemon/disk-stall.c, takes over then).
 *
 * Binding a SCSI disk to sd makes the kernel read its partition table
 * there and then, in init's write to sysfs.  If the disk's server has
 * stopped answering (an NBD server that accepted the connection and
 * then went quiet), that write never returns, no daemon ever runs, and
 * the library would wait for its whole launch limit.  So init forks
 * this watcher first: every WATCH_INTERVAL_MS it reads /proc/diskstats
 * and, once a guest disk has had requests in flight and completed none
 * for careen.stall= seconds, prints PROTO_BOOT_STALL_MARK with the
 * disk's name on the console.  The library stops the appliance when it
 * reads that line.  The watcher reports each disk once, and lives
 * until init kills it just before starting the daemon.
 *
 * A SCSI command that failed is not a completion: a server that drips
 * its bytes makes qemu fail each read at its curl timeout, and the
 * kernel retries each failed read, so the disk would look busy for
 * ever while it returns nothing.  For SCSI disks the watcher counts
 * the commands that succeeded (the device's iodone_cnt less its
 * ioerr_cnt) instead of /proc/diskstats's completions.
 *
 * It is a process rather than a thread because init is blocked in the
 * kernel; it keeps /proc/diskstats and /sys/block open from the start,
 * since switch_root moves /proc and /sys away from under the
 * initramfs it stays in.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "protocol.h"
#include "boot-stall.h"

#define DISKSTATS "/proc/diskstats"
#define SYS_BLOCK "/sys/block"
/* How often the counters are read: small against careen.stall=. */
#define WATCH_INTERVAL_MS 500
/* Disks followed; careen attaches at most 255, and a stall of any one
 * is enough to report.
 */
#define WATCH_MAX_DISKS 256
/* /proc/diskstats with every disk: about 100 bytes a line. */
#define DISKSTATS_MAX (WATCH_MAX_DISKS * 160)

struct watched_disk {
  char name[16];
  unsigned long done;           /* reads + writes completed */
  unsigned long ok;             /* SCSI commands that succeeded */
  unsigned long failed;         /* SCSI commands that failed */
  long quiet_since_ms;          /* last success, or last idle moment */
  bool told;
};

static long
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The guest's disks are SCSI ("sda", "sdab"); partitions end with a
 * digit and the appliance's own root is virtio-blk.
 */
static bool
is_scsi_disk (const char *name)
{
  size_t n = strlen (name);

  return n > 2 && strncmp (name, "sd", 2) == 0 &&
    strspn (name + 2, "abcdefghijklmnopqrstuvwxyz") == n - 2;
}

static struct watched_disk *
find_disk (struct watched_disk *disks, size_t *n, const char *name, long now)
{
  size_t i;

  for (i = 0; i < *n; ++i)
    if (strcmp (disks[i].name, name) == 0)
      return &disks[i];
  if (*n == WATCH_MAX_DISKS)
    return NULL;
  disks[*n] = (struct watched_disk) { .quiet_since_ms = now };
  snprintf (disks[*n].name, sizeof disks[*n].name, "%s", name);
  return &disks[(*n)++];
}

/* Reads the hexadecimal counter FILE of disk NAME's SCSI device. */
static bool
read_counter (int sysblock, const char *name, const char *file,
              unsigned long *r)
{
  char path[64], buf[32];
  ssize_t len;
  int fd;

  snprintf (path, sizeof path, "%s/device/%s", name, file);
  fd = openat (sysblock, path, O_RDONLY | O_CLOEXEC);
  if (fd == -1)
    return false;
  len = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (len <= 0)
    return false;
  buf[len] = '\0';
  return sscanf (buf, "%lx", r) == 1;
}

/* The SCSI commands of disk NAME that succeeded and failed, or 0 and
 * 0 when they cannot be read (then only completions count).
 */
static void
scsi_counts (int sysblock, const char *name, unsigned long *ok,
             unsigned long *failed)
{
  unsigned long all;

  if (sysblock >= 0 && read_counter (sysblock, name, "iodone_cnt", &all) &&
      read_counter (sysblock, name, "ioerr_cnt", failed) && all >= *failed)
    *ok = all - *failed;
  else
    *ok = *failed = 0;
}

/* One look at the counters.  A line is: major minor name, then reads
 * completed (the 1st field after the name), writes completed (5th) and
 * requests in flight (9th).  A success is a request completed along
 * with a SCSI command that succeeded: neither alone, since a failed
 * read completes too, and the commands of the kernel's error handler
 * (after a command timed out) succeed while the read waits on.  Nor
 * is a disk found idle just after a failure: the kernel is between
 * two tries of a read that keeps failing.
 */
static void
look (int fd, int sysblock, char *buf, struct watched_disk *disks,
      size_t *ndisks, long limit_ms)
{
  const long now = now_ms ();
  ssize_t len = pread (fd, buf, DISKSTATS_MAX - 1, 0);
  char *line, *save;

  if (len <= 0)
    return;
  buf[len] = '\0';
  for (line = strtok_r (buf, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save)) {
    char name[16];
    unsigned long reads, writes, in_flight, ok, failed;
    struct watched_disk *d;
    bool success, idle;

    if (sscanf (line, " %*u %*u %15s %lu %*u %*u %*u %lu %*u %*u %*u %lu",
                name, &reads, &writes, &in_flight) != 4 ||
        !is_scsi_disk (name))
      continue;
    d = find_disk (disks, ndisks, name, now);
    if (d == NULL)
      continue;
    scsi_counts (sysblock, name, &ok, &failed);
    success = reads + writes != d->done && (ok == 0 || ok != d->ok);
    idle = in_flight == 0 && failed == d->failed;
    d->done = reads + writes;
    d->ok = ok;
    d->failed = failed;
    if (idle || success)
      d->quiet_since_ms = now;
    else if (!d->told && now - d->quiet_since_ms >= limit_ms) {
      fprintf (stderr, "%s%s (no request succeeded for %ld s with %lu "
               "waiting; its server may have stopped answering)\n",
               PROTO_BOOT_STALL_MARK, name, limit_ms / 1000, in_flight);
      d->told = true;
    }
  }
}

static void __attribute__ ((noreturn))
watch (int fd, int sysblock, long limit_ms)
{
  static struct watched_disk disks[WATCH_MAX_DISKS];
  static char buf[DISKSTATS_MAX];
  const struct timespec interval = {
    .tv_sec = 0, .tv_nsec = WATCH_INTERVAL_MS * 1000000L
  };
  size_t ndisks = 0;

  for (;;) {
    look (fd, sysblock, buf, disks, &ndisks, limit_ms);
    nanosleep (&interval, NULL);
  }
}

/**
 * Starts the watcher with the limit SECONDS (careen.stall=, a decimal
 * string; empty or 0: no watcher).  Returns its pid, or 0 when none
 * runs (a failure is reported on the console: the boot goes on
 * unwatched).
 */
pid_t
boot_stall_watch (const char *seconds)
{
  long limit = atol (seconds);
  pid_t pid;
  int fd, sysblock;

  if (limit <= 0)
    return 0;
  fd = open (DISKSTATS, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    fprintf (stderr, "careen-init: open: %s: %m (stalled disks are not "
             "watched during boot)\n", DISKSTATS);
    return 0;
  }
  /* Without it, failed commands count as successes. */
  sysblock = open (SYS_BLOCK, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  pid = fork ();
  if (pid == 0)
    watch (fd, sysblock, limit * 1000);
  if (pid == -1)
    fprintf (stderr, "careen-init: fork: %m (stalled disks are not "
             "watched during boot)\n");
  close (fd);
  if (sysblock >= 0)
    close (sysblock);
  return pid > 0 ? pid : 0;
}

/**
 * Stops the watcher WATCHER (0: none) and reaps it.
 */
void
boot_stall_unwatch (pid_t watcher)
{
  if (watcher <= 0)
    return;
  kill (watcher, SIGKILL);
  while (waitpid (watcher, NULL, 0) == -1 && errno == EINTR)
    ;
}
