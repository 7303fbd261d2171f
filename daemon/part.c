/* careen - offline disk-image toolkit */

/**
 * Partition tables: part_init, part_add, part_disk, part_del and
 * part_list, done with parted (which tells the kernel about each change
 * through BLKPG, so mounted partitions of the same disk do not get in
 * the way).  Sectors are parted's "s" unit, whatever the sector size.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* First sector of the partition part_disk creates: 1 MiB on 512-byte
 * sectors, the alignment every current partitioning tool uses.
 */
#define PART_DISK_START 2048

/* Partitions of one table that part_list returns at most.  A GPT
 * usually has 128 entries; this bounds memory on a hostile table.
 */
#define PART_LIST_MAX 4096

/* Maps the libguestfs names of table types to parted's; unknown names
 * are refused rather than passed to parted as a token.
 */
static const char *
parted_label_type (const char *parttype)
{
  static const char *const same[] = {
    "aix", "amiga", "bsd", "dvh", "gpt", "loop", "mac", "msdos", "pc98",
    "sun", NULL
  };
  size_t i;

  if (strcmp (parttype, "mbr") == 0)
    return "msdos";
  if (strcmp (parttype, "efi") == 0)
    return "gpt";
  if (strcmp (parttype, "rdb") == 0)
    return "amiga";
  for (i = 0; same[i] != NULL; ++i)
    if (strcmp (parttype, same[i]) == 0)
      return same[i];
  return NULL;
}

static int
parted (const char *device, const char *const *cmd)
{
  const char *argv[16] = { "parted", "-s", "--", device };
  CLEANUP_FREE char *err = NULL;
  size_t n = 4, i;

  for (i = 0; cmd[i] != NULL && n < 15; ++i)
    argv[n++] = cmd[i];
  argv[n] = NULL;
  if (commandv (NULL, &err, argv) == -1)
    return command_error ("parted", err);

  if (reread_partitions (device) == -1) {
    reply_with_perror ("%s: waiting for the partition devices", device);
    return -1;
  }
  return 0;
}

static int
part_init (const char *device, const char *parttype)
{
  const char *label = parted_label_type (parttype);
  const char *cmd[] = { "mklabel", label, NULL };

  if (label == NULL) {
    reply_with_error_errno (EINVAL, "unknown partition type: %s", parttype);
    return -1;
  }
  return parted (device, cmd);
}

int
do_part_init (const char *device, const char *parttype)
{
  return part_init (device, parttype);
}

int
do_part_add (const char *device, const char *prlogex,
             int64_t startsect, int64_t endsect)
{
  char start[32], end[32];
  const char *type;
  const char *cmd[] = { "mkpart", NULL, start, end, NULL };

  if (strcmp (prlogex, "p") == 0 || strcmp (prlogex, "primary") == 0)
    type = "primary";
  else if (strcmp (prlogex, "l") == 0 || strcmp (prlogex, "logical") == 0)
    type = "logical";
  else if (strcmp (prlogex, "e") == 0 || strcmp (prlogex, "extended") == 0)
    type = "extended";
  else {
    reply_with_error_errno (EINVAL, "unknown partition type: %s: "
                            "expecting p, l, e, primary, logical or extended",
                            prlogex);
    return -1;
  }
  if (startsect < 0) {
    reply_with_error_errno (EINVAL, "startsect cannot be negative");
    return -1;
  }
  /* A negative end counts from the end of the disk, as parted's own
   * negative positions do: -1 is the last sector.
   */
  cmd[1] = type;
  snprintf (start, sizeof start, "%" PRIi64 "s", startsect);
  snprintf (end, sizeof end, "%" PRIi64 "s", endsect);
  return parted (device, cmd);
}

int
do_part_disk (const char *device, const char *parttype)
{
  const char *label = parted_label_type (parttype);
  char start[32];
  /* GPT keeps its backup table in the last 33 sectors. */
  const char *end = label && strcmp (label, "gpt") == 0 ? "-34s" : "-1s";
  const char *cmd[] = { "mkpart", "primary", start, end, NULL };

  if (part_init (device, parttype) == -1)
    return -1;
  snprintf (start, sizeof start, "%ds", PART_DISK_START);
  return parted (device, cmd);
}

int
do_part_del (const char *device, int partnum)
{
  char num[16];
  const char *cmd[] = { "rm", num, NULL };

  if (partnum <= 0) {
    reply_with_error_errno (EINVAL, "partition number must be >= 1");
    return -1;
  }
  snprintf (num, sizeof num, "%d", partnum);
  return parted (device, cmd);
}

struct guestfs_partition_list *
do_part_list (const char *device)
{
  const char *argv[] = {
    "parted", "-m", "-s", "--", device, "unit", "b", "print", NULL
  };
  CLEANUP_FREE char *out = NULL, *err = NULL;
  struct guestfs_partition_list *r;
  char *line, *next;
  size_t n = 0, cap = 0, lineno = 0;

  if (commandv (&out, &err, argv) == -1) {
    command_error ("parted", err);
    return NULL;
  }

  r = calloc (1, sizeof *r);
  if (r == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }

  /* "BYT;", then the disk line, then one line per partition:
   * "NUM:STARTB:ENDB:SIZEB:FS:NAME:FLAGS;"
   */
  for (line = out; line && *line; line = next) {
    int num;
    uint64_t start, end, size;

    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    if (++lineno <= 2)
      continue;
    if (sscanf (line, "%d:%" SCNu64 "B:%" SCNu64 "B:%" SCNu64 "B",
                &num, &start, &end, &size) != 4)
      continue;
    if (n >= PART_LIST_MAX) {
      reply_with_error_errno (E2BIG, "%s: more than %d partitions",
                              device, PART_LIST_MAX);
      goto out_free;
    }
    if (vector_reserve ((void **) &r->val, &cap, n, 1,
                        sizeof *r->val) == -1) {
      reply_with_perror ("malloc");
      goto out_free;
    }
    r->val[n].part_num = num;
    r->val[n].part_start = start;
    r->val[n].part_end = end;
    r->val[n].part_size = size;
    n++;
  }
  r->len = n;
  return r;

 out_free:
  free (r->val);
  free (r);
  return NULL;
}
