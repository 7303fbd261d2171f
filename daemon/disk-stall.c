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
 * gives up after its own limit, as for a dead appliance.  What counts
 * as progress is stall-rule.c's, shared with init's boot watcher.
 *
 * Only the keep-alive thread calls this, so the table needs no lock.
 */

#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "daemon.h"
#include "stall-rule.h"

int stall_seconds;

#define MAX_DISKS 64

static struct stall_disk disks[MAX_DISKS];
static size_t ndisks;
static bool reported;

static int64_t
mono_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct stall_disk *
progress_of (const char *name, int64_t now)
{
  size_t i;

  for (i = 0; i < ndisks; ++i)
    if (strcmp (disks[i].name, name) == 0)
      return &disks[i];
  if (ndisks == MAX_DISKS)
    return NULL;
  stall_disk_init (&disks[ndisks], name, now);
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
  static int sysblock = -2;     /* not opened yet */
  const int64_t limit = (int64_t) stall_seconds * 1000;
  const int64_t now = mono_ms ();
  char line[512], stalled[32] = "";
  FILE *fp;

  if (stall_seconds <= 0)
    return false;
  /* Kept open: failing, only completions count (stall_scsi_counts). */
  if (sysblock == -2)
    sysblock = open ("/sys/block", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  fp = fopen ("/proc/diskstats", "re");
  if (fp == NULL)
    return false;
  while (fgets (line, sizeof line, fp) != NULL) {
    char name[32];
    struct stall_sample sample;
    struct stall_disk *d;

    if (!stall_parse_diskstats (line, name, sizeof name, &sample) ||
        !is_guest_disk (name))
      continue;
    d = progress_of (name, now);
    if (d == NULL)
      continue;
    stall_scsi_counts (sysblock, name, &sample);
    if (stall_disk_update (d, &sample, now, limit) && stalled[0] == '\0')
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
