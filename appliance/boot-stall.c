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
 * What counts as progress is the daemon's rule (daemon/stall-rule.c),
 * so that a disk is judged the same way before the daemon runs and
 * after: a SCSI command that failed is no success, nor is a disk found
 * idle just after a failure.
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
#include "stall-rule.h"

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
  struct stall_disk rule;
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
    if (strcmp (disks[i].rule.name, name) == 0)
      return &disks[i];
  if (*n == WATCH_MAX_DISKS)
    return NULL;
  stall_disk_init (&disks[*n].rule, name, now);
  disks[*n].told = false;
  return &disks[(*n)++];
}

/* One look at the counters of every SCSI disk. */
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
    struct stall_sample sample;
    struct watched_disk *d;

    if (!stall_parse_diskstats (line, name, sizeof name, &sample) ||
        !is_scsi_disk (name))
      continue;
    d = find_disk (disks, ndisks, name, now);
    if (d == NULL)
      continue;
    stall_scsi_counts (sysblock, name, &sample);
    if (stall_disk_update (&d->rule, &sample, now, limit_ms) && !d->told) {
      fprintf (stderr, "%s%s (no request succeeded for %ld s with %llu "
               "waiting; its server may have stopped answering)\n",
               PROTO_BOOT_STALL_MARK, name, limit_ms / 1000,
               (unsigned long long) sample.in_flight);
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
