/* careen - offline disk-image toolkit */

/**
 * The deprecated sfdisk calls: sfdisk, sfdisk_N, sfdiskM, sfdisk_l,
 * sfdisk_kernel_geometry and sfdisk_disk_geometry, on today's sfdisk(8).
 *
 * The sfdisk these calls were made for counted in cylinders and let
 * the caller set the disk's geometry.  Today's sfdisk counts in sectors
 * (or bytes with a suffix) and knows no geometry options, and says so
 * instead of guessing: a non-zero geometry is refused with ENOTSUP, the
 * megabytes of sfdiskM become MiB-suffixed sizes, and the geometry
 * read from a partition table is computed here from its CHS addresses,
 * which today's sfdisk no longer does.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"

/* Most lines taken by sfdisk and sfdiskM: a DOS table has 4 primary
 * partitions and logical ones in a chain, and the kernel shows at
 * most 15 per disk (more lines are header lines, still few).
 */
#define SFDISK_MAX_LINES 256
/* Longest line: the fields of one partition. */
#define SFDISK_MAX_LINE 1024

/* Fields of a line in sfdisk's input (start, size, type, bootable);
 * only the first two carry numbers that sfdiskM scales.
 */
#define SFDISK_MAX_FIELDS 8

/* DOS partition table layout. */
#define MBR_SIZE 512
#define MBR_TABLE 446
#define MBR_ENTRY 16
#define MBR_ENTRIES 4
#define MBR_MAGIC_OFFSET 510

static int
refuse_geometry (int cyls, int heads, int sectors)
{
  if (cyls < 0 || heads < 0 || sectors < 0) {
    reply_with_error_errno (EINVAL, "cylinders, heads and sectors must not "
                            "be negative");
    return -1;
  }
  if (cyls || heads || sectors) {
    reply_with_error_errno (ENOTSUP, "a disk geometry cannot be set: "
                            "today's sfdisk counts in sectors and has no "
                            "geometry options; pass 0 for cylinders, heads "
                            "and sectors");
    return -1;
  }
  return 0;
}

/* Replies EINVAL unless every line is one line of sfdisk input. */
static int
check_lines (char *const *lines)
{
  size_t i;

  if (lines[0] == NULL) {
    reply_with_error_errno (EINVAL, "no lines given");
    return -1;
  }
  for (i = 0; lines[i] != NULL; ++i) {
    if (i >= SFDISK_MAX_LINES) {
      reply_with_error_errno (EINVAL, "more than %d lines", SFDISK_MAX_LINES);
      return -1;
    }
    if (strlen (lines[i]) > SFDISK_MAX_LINE ||
        strpbrk (lines[i], "\n\r") != NULL) {
      reply_with_error_errno (EINVAL, "line %zu: not one line of at most %d "
                              "characters", i + 1, SFDISK_MAX_LINE);
      return -1;
    }
  }
  return 0;
}

/* Feeds lines to sfdisk on device (partnum > 0: that partition only),
 * then brings the kernel's view up to date.  The kernel is told by
 * reread_partitions, which copes with busy partitions.
 */
static int
run_sfdisk (const char *device, int partnum, char *const *lines)
{
  char num[16];
  const char *argv[] = {
    "sfdisk", "--quiet", "--no-reread", "--no-tell-kernel", "--label", "dos",
    NULL, NULL, NULL, NULL
  };
  size_t n = 6;
  CLEANUP_FREE char *input = NULL, *err = NULL;
  size_t len, i;

  /* The old sfdisk wrote DOS tables only: "dos" is the type of a new
   * table unless a "label:" line says otherwise.
   */
  if (partnum > 0) {
    snprintf (num, sizeof num, "%d", partnum);
    argv[n++] = "-N";
    argv[n++] = num;
  }
  argv[n++] = device;
  /* One line each, every one ended by a newline. */
  len = 0;
  for (i = 0; lines[i] != NULL; ++i)
    len += strlen (lines[i]) + 1;
  input = malloc (len + 1);
  if (input == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  len = 0;
  for (i = 0; lines[i] != NULL; ++i) {
    size_t l = strlen (lines[i]);

    memcpy (input + len, lines[i], l);
    len += l;
    input[len++] = '\n';
  }
  input[len] = '\0';
  if (commandv_stdin (NULL, &err, input, len, argv) == -1)
    return command_error ("sfdisk", err);
  if (reread_partitions (device) == -1) {
    reply_with_perror ("%s: waiting for the partition devices", device);
    return -1;
  }
  return 0;
}

int
do_sfdisk (const char *device, int cyls, int heads, int sectors,
           char *const *lines)
{
  if (refuse_geometry (cyls, heads, sectors) == -1 ||
      check_lines (lines) == -1)
    return -1;
  return run_sfdisk (device, 0, lines);
}

int
do_sfdisk_N (const char *device, int partnum, int cyls, int heads,
             int sectors, const char *line)
{
  char *const lines[] = { (char *) line, NULL };

  if (partnum <= 0) {
    reply_with_error_errno (EINVAL, "partition number must be >= 1: %d",
                            partnum);
    return -1;
  }
  if (refuse_geometry (cyls, heads, sectors) == -1 ||
      check_lines (lines) == -1)
    return -1;
  return run_sfdisk (device, partnum, lines);
}

/* One line of sfdiskM input with its start and size, given in
 * megabytes, turned into MiB for today's sfdisk; a start of 0 (the
 * beginning of the disk) becomes the default, the first usable place.
 * Fields are separated by commas, semicolons or blanks, as sfdisk
 * reads them.  NULL (errno) on ENOMEM or EINVAL.
 */
static char *
megabyte_line (const char *line)
{
  const char *fields[SFDISK_MAX_FIELDS];
  size_t lens[SFDISK_MAX_FIELDS];
  size_t nf = 0, i;
  const char *p = line;
  char *out, *q;

  /* The header lines of a script ("label: dos") pass unchanged. */
  if (strchr (line, ':') != NULL)
    return strdup (line);
  p += strspn (p, " \t");
  for (;;) {
    size_t n = strcspn (p, ",; \t");

    if (nf >= SFDISK_MAX_FIELDS) {
      errno = EINVAL;
      return NULL;
    }
    fields[nf] = p;
    lens[nf++] = n;
    p += n;
    p += strspn (p, " \t");
    if (*p == '\0')
      break;
    if (*p == ',' || *p == ';') {
      p++;
      p += strspn (p, " \t");
    }
  }
  out = malloc (strlen (line) + nf * 4 + 1);
  if (out == NULL)
    return NULL;
  q = out;
  for (i = 0; i < nf; ++i) {
    bool number = lens[i] > 0 && strspn (fields[i], "0123456789") == lens[i];

    if (i > 0)
      *q++ = ',';
    if (i == 0 && number && strspn (fields[i], "0") == lens[i])
      continue;                 /* start 0: the default */
    memcpy (q, fields[i], lens[i]);
    q += lens[i];
    if (i < 2 && number) {
      memcpy (q, "MiB", 3);
      q += 3;
    }
  }
  *q = '\0';
  return out;
}

int
do_sfdiskM (const char *device, char *const *lines)
{
  struct stringsbuf sb;
  CLEANUP_FREE_STRING_LIST char **conv = NULL;
  size_t i;

  if (check_lines (lines) == -1)
    return -1;
  stringsbuf_init (&sb);
  for (i = 0; lines[i] != NULL; ++i) {
    char *s = megabyte_line (lines[i]);

    if (s == NULL) {
      if (errno == EINVAL)
        reply_with_error_errno (EINVAL, "line %zu: too many fields: %s",
                                i + 1, lines[i]);
      else
        reply_with_perror ("malloc");
      stringsbuf_release (&sb);
      return -1;
    }
    if (stringsbuf_add_string_nodup (&sb, s) == -1) {
      free (s);
      reply_with_perror ("malloc");
      stringsbuf_release (&sb);
      return -1;
    }
  }
  conv = stringsbuf_finish (&sb);
  if (conv == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  return run_sfdisk (device, 0, conv);
}

/* sfdisk's own words about device, given with one option. */
static char *
sfdisk_show (const char *option, const char *device)
{
  char *out = NULL;
  CLEANUP_FREE char *err = NULL;

  if (command (&out, &err, "sfdisk", option, "--", device, NULL) == -1) {
    command_error ("sfdisk", err);
    free (out);
    return NULL;
  }
  return out;
}

char *
do_sfdisk_l (const char *device)
{
  return sfdisk_show ("--list", device);
}

char *
do_sfdisk_kernel_geometry (const char *device)
{
  return sfdisk_show ("--show-geometry", device);
}

/* The geometry the DOS partition table of device implies.  In the days
 * of CHS addresses partitions ended at the end of a cylinder, so the
 * address of a partition's last sector holds the last head and the
 * number of sectors per track.  Every partition must agree.
 */
char *
do_sfdisk_disk_geometry (const char *device)
{
  unsigned char mbr[MBR_SIZE];
  unsigned heads = 0, sectors = 0;
  int64_t size;
  ssize_t n;
  char *r;
  int fd, i;

  fd = open (device, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    reply_with_perror ("open: %s", device);
    return NULL;
  }
  n = pread (fd, mbr, sizeof mbr, 0);
  close (fd);
  if (n != MBR_SIZE) {
    if (n >= 0)
      errno = EIO;
    reply_with_perror ("read: %s", device);
    return NULL;
  }
  if (mbr[MBR_MAGIC_OFFSET] != 0x55 || mbr[MBR_MAGIC_OFFSET + 1] != 0xaa) {
    reply_with_error_errno (EINVAL, "%s: no DOS partition table", device);
    return NULL;
  }
  for (i = 0; i < MBR_ENTRIES; ++i) {
    const unsigned char *e = mbr + MBR_TABLE + i * MBR_ENTRY;
    unsigned h = e[5] + 1u, s = e[6] & 0x3f;

    if (e[4] == 0)              /* unused entry */
      continue;
    if (heads == 0) {
      heads = h;
      sectors = s;
    }
    else if (h != heads || s != sectors) {
      heads = 0;
      break;
    }
  }
  /* 255 heads and 63 sectors per track are the most CHS can say. */
  if (heads == 0 || heads > 255 || sectors == 0) {
    reply_with_error_errno (EINVAL, "%s: the partition table implies no "
                            "geometry", device);
    return NULL;
  }
  size = do_blockdev_getsize64 (device);
  if (size == -1)
    return NULL;
  if (asprintf (&r, "%s: %" PRIi64 " cylinders, %u heads, %u sectors/track\n",
                device, size / 512 / (heads * sectors), heads, sectors)
      == -1) {
    reply_with_perror ("asprintf");
    return NULL;
  }
  return r;
}
