/* careen - offline disk-image toolkit */

/**
 * Whether a disk's I/O has stood still: requests in flight and none
 * completed for --stall seconds.
 *
 * A disk behind a server that stops answering (a stalled NBD server,
 * an HTTP server dripping bytes) blocks the call in the kernel while
 * the daemon itself is fine, so its keep-alive would tell the library
 * all is well for ever.  The keep-alive thread asks here before each
 * ALIVE and stays silent while a disk is stalled; the library then
 * gives up after its own limit, as for a dead appliance.  A disk that
 * completes a request is making progress, but for a SCSI disk (all
 * the guest's disks) only along with a SCSI command that succeeded: a
 * server that drips its bytes makes qemu fail each read at its curl
 * timeout, and the guest kernel retries each failed read, so that a
 * disk that never returns a byte would otherwise look busy for ever.
 * (Nor is a SCSI success alone progress: the kernel's error handler
 * sends commands that succeed while a timed-out read waits on.)
 *
 * Only the keep-alive thread calls this, so the table needs no lock.
 */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "daemon.h"

int stall_seconds;

#define MAX_DISKS 64

struct disk_progress {
  char name[32];
  uint64_t completed;           /* reads + writes + discards + flushes */
  uint64_t succeeded;           /* SCSI commands without an error */
  uint64_t failed;              /* SCSI commands with one */
  int64_t since_ns;             /* when it last succeeded or was idle */
};

/* The SCSI commands of disk NAME that completed without an error
 * (the device's iodone_cnt less its ioerr_cnt, hexadecimal in sysfs)
 * in *OK, and with one in *FAILED.  Returns false when the disk is not
 * SCSI or the counters cannot be read.
 */
static bool
scsi_counts (const char *name, uint64_t *ok, uint64_t *failed)
{
  static const char *const files[2] = { "iodone_cnt", "ioerr_cnt" };
  uint64_t v[2];
  size_t i;

  for (i = 0; i < 2; ++i) {
    char path[96];
    FILE *fp;
    int n;

    snprintf (path, sizeof path, "/sys/block/%s/device/%s", name, files[i]);
    fp = fopen (path, "re");
    if (fp == NULL)
      return false;
    n = fscanf (fp, "%" SCNx64, &v[i]);
    fclose (fp);
    if (n != 1)
      return false;
  }
  if (v[0] < v[1])
    return false;
  *ok = v[0] - v[1];
  *failed = v[1];
  return true;
}

static struct disk_progress disks[MAX_DISKS];
static size_t ndisks;
static bool reported;

static int64_t
mono_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static struct disk_progress *
progress_of (const char *name, int64_t now)
{
  size_t i;

  for (i = 0; i < ndisks; ++i)
    if (strcmp (disks[i].name, name) == 0)
      return &disks[i];
  if (ndisks == MAX_DISKS)
    return NULL;
  snprintf (disks[ndisks].name, sizeof disks[ndisks].name, "%s", name);
  disks[ndisks].completed = 0;
  disks[ndisks].succeeded = disks[ndisks].failed = 0;
  disks[ndisks].since_ns = now;
  return &disks[ndisks++];
}

/* Only the guest's disks: partitions and device-mapper devices wait on
 * them anyway, and loop or ram devices are not behind a server.
 */
static bool
is_guest_disk (const char *name)
{
  return (strncmp (name, "sd", 2) == 0 || strncmp (name, "vd", 2) == 0) &&
    name[strlen (name) - 1] >= 'a' && name[strlen (name) - 1] <= 'z';
}

bool
disk_io_stalled (void)
{
  const int64_t limit = (int64_t) stall_seconds * 1000000000;
  const int64_t now = mono_ns ();
  char line[512], stalled[32] = "";
  FILE *fp;

  if (stall_seconds <= 0)
    return false;
  fp = fopen ("/proc/diskstats", "re");
  if (fp == NULL)
    return false;
  while (fgets (line, sizeof line, fp) != NULL) {
    char name[32];
    /* Fields after the name: reads completed, merged, sectors, ms;
     * writes likewise; in flight; ms, weighted ms; discards (4 fields);
     * flushes, ms.  Kernels before 4.18 / 5.5 stop early.
     */
    uint64_t f[17] = { 0 };
    struct disk_progress *d;
    uint64_t completed, succeeded, failed;
    bool success, idle;
    int n;

    n = sscanf (line, " %*u %*u %31s %" SCNu64 " %" SCNu64 " %" SCNu64
                " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
                " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
                " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64,
                name, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7],
                &f[8], &f[9], &f[10], &f[11], &f[12], &f[13], &f[14], &f[15],
                &f[16]);
    if (n < 10 || !is_guest_disk (name))
      continue;
    d = progress_of (name, now);
    if (d == NULL)
      continue;
    completed = f[0] + f[4] + f[11] + f[15];
    success = completed != d->completed;
    /* Idle just after a failure: between two tries of a failing read. */
    idle = f[8] == 0;
    if (scsi_counts (name, &succeeded, &failed)) {
      success = success && succeeded != d->succeeded;
      idle = idle && failed == d->failed;
      d->succeeded = succeeded;
      d->failed = failed;
    }
    d->completed = completed;
    if (success || idle)
      d->since_ns = now;
    else if (now - d->since_ns >= limit && stalled[0] == '\0')
      snprintf (stalled, sizeof stalled, "%s", name);
  }
  fclose (fp);

  if (stalled[0] != '\0' && !reported)
    fprintf (stderr, "careen-daemon: /dev/%s: no request succeeded for %d s "
             "with requests waiting: no longer reporting alive\n",
             stalled, stall_seconds);
  reported = stalled[0] != '\0';
  return reported;
}
