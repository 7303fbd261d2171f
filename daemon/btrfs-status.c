/* careen - offline disk-image toolkit */

/**
 * The state of btrfs background work: btrfs_scrub_status (from "btrfs
 * scrub status -R", which keeps the numbers of finished scrubs too) and
 * btrfs_balance_status (from the kernel, BTRFS_IOC_BALANCE_PROGRESS).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/btrfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "daemon.h"

/* Lines of "btrfs scrub status" read at most: a few dozen per device. */
#define SCRUB_MAX_LINES 65536

/* The counters "btrfs scrub status -R" prints as "\tNAME: VALUE", and
 * where each goes.
 */
#define SCRUB_FIELD(name) \
  { #name, offsetof (struct guestfs_btrfsscrub, btrfsscrub_##name) }
static const struct {
  const char *name;
  size_t offset;
} scrub_fields[] = {
  SCRUB_FIELD (data_extents_scrubbed),
  SCRUB_FIELD (tree_extents_scrubbed),
  SCRUB_FIELD (data_bytes_scrubbed),
  SCRUB_FIELD (tree_bytes_scrubbed),
  SCRUB_FIELD (read_errors),
  SCRUB_FIELD (csum_errors),
  SCRUB_FIELD (verify_errors),
  SCRUB_FIELD (no_csum),
  SCRUB_FIELD (csum_discards),
  SCRUB_FIELD (super_errors),
  SCRUB_FIELD (malloc_errors),
  SCRUB_FIELD (uncorrectable_errors),
  SCRUB_FIELD (unverified_errors),
  SCRUB_FIELD (corrected_errors),
  SCRUB_FIELD (last_physical),
};
#define NR_SCRUB_FIELDS (sizeof scrub_fields / sizeof scrub_fields[0])

struct guestfs_btrfsscrub *
do_btrfs_scrub_status (const char *path)
{
  CLEANUP_FREE char *hp = sysroot_realpath (path);
  CLEANUP_FREE char *out = NULL, *err = NULL;
  struct guestfs_btrfsscrub *r;
  char *line, *next;
  size_t nlines = 0, i;
  bool seen[NR_SCRUB_FIELDS] = { false };
  bool no_stats = false;

  if (hp == NULL) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  if (command (&out, &err, "btrfs", "scrub", "status", "-R", hp,
               NULL) == -1) {
    command_error ("btrfs scrub status", err);
    return NULL;
  }
  r = calloc (1, sizeof *r);
  if (r == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }
  for (line = out; line && *line && nlines++ < SCRUB_MAX_LINES;
       line = next) {
    char *colon;
    uint64_t v;

    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    line += strspn (line, " \t");
    /* A filesystem never scrubbed has no numbers: all are zero. */
    if (strcmp (line, "no stats available") == 0) {
      no_stats = true;
      continue;
    }
    colon = strchr (line, ':');
    if (colon == NULL)
      continue;
    *colon = '\0';
    for (i = 0; i < NR_SCRUB_FIELDS; ++i)
      if (strcmp (line, scrub_fields[i].name) == 0)
        break;
    if (i == NR_SCRUB_FIELDS)
      continue;                 /* UUID, Status, Duration ... */
    if (sscanf (colon + 1, " %" SCNu64, &v) != 1) {
      reply_with_error ("btrfs scrub status: unexpected value of %s: %s",
                        line, colon + 1);
      free (r);
      return NULL;
    }
    *(uint64_t *) ((char *) r + scrub_fields[i].offset) = v;
    seen[i] = true;
  }
  if (!no_stats) {
    for (i = 0; i < NR_SCRUB_FIELDS; ++i)
      if (!seen[i]) {
        reply_with_error ("btrfs scrub status: no %s in its output",
                          scrub_fields[i].name);
        free (r);
        return NULL;
      }
  }
  return r;
}

struct guestfs_btrfsbalance *
do_btrfs_balance_status (const char *path)
{
  CLEANUP_FREE char *hp = sysroot_realpath (path);
  struct btrfs_ioctl_balance_args args;
  struct guestfs_btrfsbalance *r;
  const char *status;
  int fd;

  if (hp == NULL) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  fd = open (hp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd == -1) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  memset (&args, 0, sizeof args);
  if (ioctl (fd, BTRFS_IOC_BALANCE_PROGRESS, &args) == -1) {
    if (errno == ENOTCONN)      /* no balance running or paused */
      memset (&args, 0, sizeof args);
    else {
      if (errno == ENOTTY)
        reply_with_error_errno (EINVAL, "%s: not in a btrfs filesystem",
                                path);
      else
        reply_with_perror ("%s: BTRFS_IOC_BALANCE_PROGRESS", path);
      close (fd);
      return NULL;
    }
    status = "none";
  }
  else if (args.state & BTRFS_BALANCE_STATE_RUNNING)
    status = "running";
  else
    status = "paused";
  close (fd);

  r = calloc (1, sizeof *r);
  if (r == NULL || (r->btrfsbalance_status = strdup (status)) == NULL) {
    reply_with_perror ("malloc");
    free (r);
    return NULL;
  }
  r->btrfsbalance_total = args.stat.expected;
  r->btrfsbalance_balanced = args.stat.completed;
  r->btrfsbalance_considered = args.stat.considered;
  /* As btrfs balance status shows it: the percentage still to do. */
  r->btrfsbalance_left = args.stat.expected == 0 ? 0 :
    args.stat.completed >= args.stat.expected ? 0 :
    (100 * (args.stat.expected - args.stat.completed) +
     args.stat.expected / 2) / args.stat.expected;
  return r;
}
