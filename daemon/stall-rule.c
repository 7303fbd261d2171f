/* careen - offline disk-image toolkit */

/**
 * The progress rule of a guest disk (stall-rule.h).
 *
 * A disk that completes a request is making progress, but for a SCSI
 * disk (all the guest's disks) only along with a SCSI command that
 * succeeded: a server that drips its bytes makes qemu fail each read at
 * its curl timeout, and the guest kernel retries each failed read, so a
 * disk that never returns a byte would otherwise look busy for ever.
 * Nor is a SCSI success alone progress: the kernel's error handler
 * sends commands that succeed while a timed-out read waits on.  A disk
 * with nothing in flight is not stalled, unless a command failed since
 * the last look: the kernel is then between two tries of a read that
 * keeps failing.
 */

#include <config.h>

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "stall-rule.h"

bool
stall_parse_diskstats (const char *line, char *name, size_t namesz,
                       struct stall_sample *s)
{
  /* Fields after the name: reads completed, merged, sectors, ms;
   * writes likewise; in flight; ms, weighted ms; discards (4 fields);
   * flushes, ms.  Kernels before 4.18 / 5.5 stop early.
   */
  uint64_t f[17] = { 0 };
  char n[32];
  int got;

  got = sscanf (line, " %*u %*u %31s %" SCNu64 " %" SCNu64 " %" SCNu64
                " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
                " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
                " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64,
                n, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7],
                &f[8], &f[9], &f[10], &f[11], &f[12], &f[13], &f[14], &f[15],
                &f[16]);
  if (got < 10 || strlen (n) >= namesz)
    return false;
  memcpy (name, n, strlen (n) + 1);
  s->completed = f[0] + f[4] + f[11] + f[15];
  s->in_flight = f[8];
  s->scsi = false;
  s->ok = s->failed = 0;
  return true;
}

/* Reads the hexadecimal counter FILE of disk NAME's SCSI device. */
static bool
read_counter (int sysblock, const char *name, const char *file,
              uint64_t *r)
{
  char path[96], buf[32];
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
  return sscanf (buf, "%" SCNx64, r) == 1;
}

void
stall_scsi_counts (int sysblock, const char *name, struct stall_sample *s)
{
  uint64_t all, failed;

  s->scsi = false;
  if (sysblock >= 0 && read_counter (sysblock, name, "iodone_cnt", &all) &&
      read_counter (sysblock, name, "ioerr_cnt", &failed) && all >= failed) {
    s->ok = all - failed;
    s->failed = failed;
    s->scsi = true;
  }
}

void
stall_disk_init (struct stall_disk *d, const char *name, int64_t now_ms)
{
  memset (d, 0, sizeof *d);
  snprintf (d->name, sizeof d->name, "%s", name);
  d->quiet_since_ms = now_ms;
}

bool
stall_disk_update (struct stall_disk *d, const struct stall_sample *s,
                   int64_t now_ms, int64_t limit_ms)
{
  bool success = s->completed != d->completed;
  bool idle = s->in_flight == 0;

  if (s->scsi) {
    success = success && s->ok != d->ok;
    idle = idle && s->failed == d->failed;
    d->ok = s->ok;
    d->failed = s->failed;
  }
  d->completed = s->completed;
  if (success || idle) {
    d->quiet_since_ms = now_ms;
    return false;
  }
  return now_ms - d->quiet_since_ms >= limit_ms;
}
