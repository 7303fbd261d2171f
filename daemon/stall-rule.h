/* careen - offline disk-image toolkit */

/**
 * The rule that tells a guest disk whose I/O stands still from one that
 * is slow, shared by the daemon's detector (disk-stall.c) and init's
 * boot watcher (appliance/boot-stall.c), so that a disk is judged the
 * same way before and after the daemon starts.  Pure code on counters
 * read from /proc/diskstats and sysfs, without state of its own.
 */

#ifndef CAREEN_STALL_RULE_H
#define CAREEN_STALL_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What was last seen of one disk. */
struct stall_disk {
  char name[32];
  uint64_t completed;           /* reads + writes + discards + flushes */
  uint64_t ok;                  /* SCSI commands that succeeded */
  uint64_t failed;              /* SCSI commands that failed */
  int64_t quiet_since_ms;       /* its last success, or last idle moment */
};

/* One look at a disk's counters. */
struct stall_sample {
  uint64_t completed;           /* as in struct stall_disk */
  uint64_t in_flight;           /* requests waiting */
  bool scsi;                    /* ok and failed were read */
  uint64_t ok, failed;
};

/* Parses one line of /proc/diskstats into the disk's name (at most
 * namesz - 1 bytes), its completed requests and those in flight.
 * Returns false for a line that is not one.
 */
extern bool stall_parse_diskstats (const char *line, char *name,
                                   size_t namesz,
                                   struct stall_sample *s);

/* Reads the SCSI counters of disk NAME under the directory SYSBLOCK
 * (an fd of /sys/block) into s->ok and s->failed and sets s->scsi;
 * leaves s->scsi false when the disk is not SCSI or they cannot be
 * read.
 */
extern void stall_scsi_counts (int sysblock, const char *name,
                               struct stall_sample *s);

/* Starts following a disk first seen at now_ms. */
extern void stall_disk_init (struct stall_disk *d, const char *name,
                             int64_t now_ms);

/* Applies the sample taken at now_ms to d.  Returns true when d has had
 * no success and was never idle for limit_ms.
 */
extern bool stall_disk_update (struct stall_disk *d,
                               const struct stall_sample *s,
                               int64_t now_ms, int64_t limit_ms);

#endif /* CAREEN_STALL_RULE_H */
