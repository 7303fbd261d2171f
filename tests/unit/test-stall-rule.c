/* careen - offline disk-image toolkit
 *
 * The progress rule of guest disks (daemon/stall-rule.c) that the
 * daemon's stall detector and init's boot watcher share: lines of
 * /proc/diskstats from old and new kernels, the SCSI counters read from
 * a directory laid out like /sys/block, and sequences of samples that
 * must and must not count as a stall.
 */

#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stall-rule.h"
#include "test-lib.h"

#define LIMIT_MS 1000

static void
test_parse (void)
{
  struct stall_sample s;
  char name[32], small[4];

  /* 5.5 and later: discards and flushes count too. */
  CHECK (stall_parse_diskstats ("   8       0 sda 10 0 80 5 20 0 160 9 3 "
                                "40 50 4 0 32 1 6 2\n", name, sizeof name,
                                &s));
  CHECK (strcmp (name, "sda") == 0);
  CHECK (s.completed == 10 + 20 + 4 + 6);
  CHECK (s.in_flight == 3);
  CHECK (!s.scsi);
  /* Before 4.18: reads and writes only. */
  CHECK (stall_parse_diskstats ("8 16 sdb 7 0 56 1 2 0 16 1 0 2 2", name,
                                sizeof name, &s));
  CHECK (strcmp (name, "sdb") == 0);
  CHECK (s.completed == 9 && s.in_flight == 0);
  /* Not a line of it, or a name that does not fit. */
  CHECK (!stall_parse_diskstats ("8 0 sda 1 2 3", name, sizeof name, &s));
  CHECK (!stall_parse_diskstats ("", name, sizeof name, &s));
  CHECK (!stall_parse_diskstats ("8 0 sdabc 1 0 0 0 1 0 0 0 0 0 0", small,
                                 sizeof small, &s));
}

static void
write_counter (const char *dir, const char *file, const char *value)
{
  char path[512];
  FILE *fp;

  snprintf (path, sizeof path, "%s/sda/device/%s", dir, file);
  fp = fopen (path, "w");
  if (fp == NULL || fputs (value, fp) == EOF || fclose (fp) == EOF) {
    perror (path);
    exit (EXIT_FAILURE);
  }
}

static void
test_scsi_counts (void)
{
  char dir[] = "/tmp/careen-stall-rule.XXXXXX", path[512];
  struct stall_sample s = { .scsi = true };
  int fd;

  if (mkdtemp (dir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  snprintf (path, sizeof path, "%s/sda", dir);
  mkdir (path, 0700);
  snprintf (path, sizeof path, "%s/sda/device", dir);
  mkdir (path, 0700);
  fd = open (dir, O_RDONLY | O_DIRECTORY);
  CHECK (fd >= 0);

  /* Not readable: not SCSI. */
  stall_scsi_counts (fd, "sda", &s);
  CHECK (!s.scsi);
  /* sysfs writes them in hexadecimal. */
  write_counter (dir, "iodone_cnt", "0x1a\n");
  write_counter (dir, "ioerr_cnt", "0x3\n");
  stall_scsi_counts (fd, "sda", &s);
  CHECK (s.scsi && s.ok == 0x1a - 3 && s.failed == 3);
  /* More errors than commands cannot be. */
  write_counter (dir, "ioerr_cnt", "0x20\n");
  stall_scsi_counts (fd, "sda", &s);
  CHECK (!s.scsi);
  stall_scsi_counts (-1, "sda", &s);
  CHECK (!s.scsi);

  close (fd);
  snprintf (path, sizeof path, "rm -rf '%s'", dir);
  CHECK (system (path) == 0);
}

/* Feeds samples every 100 ms; returns when the first stall was seen
 * (ms after the start), or -1.
 */
static int
run (struct stall_sample (*next) (int step), int steps)
{
  struct stall_disk d;
  int i;

  stall_disk_init (&d, "sda", 0);
  for (i = 1; i <= steps; ++i) {
    struct stall_sample s = next (i);

    if (stall_disk_update (&d, &s, i * 100, LIMIT_MS))
      return i * 100;
  }
  return -1;
}

/* Requests waiting, nothing ever completes (a server gone quiet). */
static struct stall_sample
quiet (int step)
{
  (void) step;
  return (struct stall_sample) { .in_flight = 1, .scsi = true,
                                 .ok = 5, .failed = 0 };
}

/* Every read fails and is retried (a server dripping its bytes): the
 * reads complete, the SCSI commands fail.
 */
static struct stall_sample
failing (int step)
{
  return (struct stall_sample) { .completed = step, .in_flight = 1,
                                 .scsi = true, .ok = 5, .failed = step };
}

/* Failing, and between two tries nothing is in flight. */
static struct stall_sample
failing_gaps (int step)
{
  struct stall_sample s = failing (step);

  s.in_flight = step % 2;
  return s;
}

/* The error handler's commands succeed while the read waits on. */
static struct stall_sample
error_handler (int step)
{
  return (struct stall_sample) { .completed = 0, .in_flight = 1,
                                 .scsi = true, .ok = 5 + step };
}

/* Slow but working: a read that succeeds every 900 ms. */
static struct stall_sample
slow (int step)
{
  return (struct stall_sample) { .completed = step / 9, .in_flight = 1,
                                 .scsi = true, .ok = step / 9 };
}

/* Nothing asked of the disk. */
static struct stall_sample
idle (int step)
{
  (void) step;
  return (struct stall_sample) { .scsi = true, .ok = 5 };
}

/* Not SCSI: completions alone are progress. */
static struct stall_sample
virtio_working (int step)
{
  return (struct stall_sample) { .completed = step, .in_flight = 1 };
}

static struct stall_sample
virtio_quiet (int step)
{
  (void) step;
  return (struct stall_sample) { .completed = 3, .in_flight = 2 };
}

static void
test_rule (void)
{
  CHECK (run (quiet, 30) == LIMIT_MS);
  CHECK (run (error_handler, 30) == LIMIT_MS);
  /* A first sample with completions differs from the zeros a disk
   * starts with, and counts as a success: the limit runs from there.
   */
  CHECK (run (failing, 30) == LIMIT_MS + 100);
  CHECK (run (failing_gaps, 30) == LIMIT_MS + 100);
  CHECK (run (virtio_quiet, 30) == LIMIT_MS + 100);
  CHECK (run (slow, 60) == -1);
  CHECK (run (idle, 60) == -1);
  CHECK (run (virtio_working, 60) == -1);
}

int
main (void)
{
  test_parse ();
  test_scsi_counts ();
  test_rule ();
  TEST_LIB_EXIT ();
}
