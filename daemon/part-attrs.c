/* careen - offline disk-image toolkit */

/**
 * Partition attributes: the table type, bootable flag, DOS type bytes,
 * GPT names, type and unique GUIDs, attribute bits and disk GUID, and
 * part_resize / part_expand_gpt.  parted reads the table type and
 * flags, sfdisk the DOS type bytes and GPT names, sgdisk the rest of
 * GPT; they disagree on nothing we ask more than one of them.
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* A GPT partition name holds at most 36 UTF-16 code units. */
#define GPT_NAME_MAX 36

/* The text form of a GUID: 8-4-4-4-12 hexadecimal digits. */
#define GUID_LEN 36

/* Runs parted -m print in sectors; the output is "BYT;", the disk
 * line, then one line per partition.  Replies on error.
 */
static char *
parted_print (const char *device)
{
  const char *argv[] = {
    "parted", "-m", "-s", "--", device, "unit", "s", "print", NULL
  };
  char *out = NULL;
  CLEANUP_FREE char *err = NULL;

  if (commandv (&out, &err, argv) == -1) {
    free (out);
    command_error ("parted", err);
    return NULL;
  }
  return out;
}

/* Field n (from 0) of a colon-separated parted -m line, in a new
 * string (the final ';' removed).  NULL with errno if absent.
 */
static char *
parted_field (const char *line, int n)
{
  const char *p = line;
  size_t len;

  for (; n > 0; --n) {
    p = strchr (p, ':');
    if (p == NULL) {
      errno = EPROTO;
      return NULL;
    }
    p++;
  }
  len = strcspn (p, ":;\n");
  return strndup (p, len);
}

/* The partition table type of device as parted names it ("msdos",
 * "gpt", ...).  Replies on error.
 */
static char *
get_parttype (const char *device)
{
  CLEANUP_FREE char *out = parted_print (device);
  char *line, *r;

  if (out == NULL)
    return NULL;
  /* The disk line: "PATH:SIZE:TRANSPORT:LSS:PSS:TYPE:MODEL:FLAGS;" */
  line = strchr (out, '\n');
  r = line ? parted_field (line + 1, 5) : NULL;
  if (r == NULL || *r == '\0' || strcmp (r, "unknown") == 0) {
    free (r);
    reply_with_error ("parted: %s: cannot read the partition table type",
                      device);
    return NULL;
  }
  return r;
}

/* Replies EINVAL unless device has a table of type want. */
static int
require_parttype (const char *device, const char *want)
{
  CLEANUP_FREE char *type = get_parttype (device);

  if (type == NULL)
    return -1;
  if (strcmp (type, want) != 0) {
    reply_with_error_errno (EINVAL, "%s: partition table is %s, not %s",
                            device, type, want);
    return -1;
  }
  return 0;
}

static int
check_partnum (int partnum)
{
  if (partnum <= 0) {
    reply_with_error_errno (EINVAL, "partition number must be >= 1");
    return -1;
  }
  return 0;
}

static bool
valid_guid (const char *guid)
{
  size_t i;

  if (strlen (guid) != GUID_LEN)
    return false;
  for (i = 0; i < GUID_LEN; ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (guid[i] != '-')
        return false;
    }
    else if (!isxdigit ((unsigned char) guid[i]))
      return false;
  }
  return true;
}

static int
check_guid (const char *guid)
{
  if (!valid_guid (guid)) {
    reply_with_error_errno (EINVAL, "invalid GUID: %s", guid);
    return -1;
  }
  return 0;
}

/* Runs a tool that rewrites the partition table of device, then brings
 * the kernel's partitions up to date.  Replies on error.
 */
static int
change_table (const char *device, const char *const *argv)
{
  CLEANUP_FREE char *err = NULL;

  if (commandv (NULL, &err, argv) == -1)
    return command_error (argv[0], err);
  if (reread_partitions (device) == -1) {
    reply_with_perror ("%s: waiting for the partition devices", device);
    return -1;
  }
  return 0;
}

char *
do_part_get_parttype (const char *device)
{
  return get_parttype (device);
}

/* The flags field of partition partnum in parted -m output.  Replies
 * on error.
 */
static char *
get_flags (const char *device, int partnum)
{
  CLEANUP_FREE char *out = parted_print (device);
  char *line, *next;
  size_t lineno = 0;

  if (out == NULL)
    return NULL;
  for (line = out; line && *line; line = next) {
    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    /* "NUM:START:END:SIZE:FS:NAME:FLAGS;" after the two header lines. */
    if (++lineno > 2 && atoi (line) == partnum &&
        isdigit ((unsigned char) line[0])) {
      char *r = parted_field (line, 6);
      if (r == NULL)
        reply_with_perror ("parted: %s", device);
      return r;
    }
  }
  reply_with_error_errno (EINVAL, "%s: no partition %d", device, partnum);
  return NULL;
}

int
do_part_get_bootable (const char *device, int partnum)
{
  CLEANUP_FREE char *flags = NULL;
  char *tok, *save;

  if (check_partnum (partnum) == -1)
    return -1;
  flags = get_flags (device, partnum);
  if (flags == NULL)
    return -1;
  /* "boot, esp" */
  for (tok = strtok_r (flags, ", ", &save); tok;
       tok = strtok_r (NULL, ", ", &save)) {
    if (strcmp (tok, "boot") == 0)
      return 1;
  }
  return 0;
}

int
do_part_set_bootable (const char *device, int partnum, int bootable)
{
  char num[16];
  const char *argv[] = {
    "parted", "-s", "--", device, "set", num, "boot",
    bootable ? "on" : "off", NULL
  };

  if (check_partnum (partnum) == -1)
    return -1;
  snprintf (num, sizeof num, "%d", partnum);
  return change_table (device, argv);
}

int
do_part_get_mbr_id (const char *device, int partnum)
{
  char num[16];
  const char *argv[] = { "sfdisk", "--part-type", device, num, NULL };
  CLEANUP_FREE char *out = NULL, *err = NULL;
  char *end;
  long id;

  if (check_partnum (partnum) == -1 ||
      require_parttype (device, "msdos") == -1)
    return -1;
  snprintf (num, sizeof num, "%d", partnum);
  if (commandv (&out, &err, argv) == -1)
    return command_error ("sfdisk", err);
  /* The type byte in hexadecimal, such as "83". */
  errno = 0;
  id = strtol (out, &end, 16);
  if (errno != 0 || end == out || id < 0 || id > 255) {
    reply_with_error ("sfdisk: %s: unexpected type: %s", device, out);
    return -1;
  }
  return (int) id;
}

int
do_part_set_mbr_id (const char *device, int partnum, int idbyte)
{
  char num[16], id[8];
  /* The kernel is told by change_table, which copes with busy
   * partitions; sfdisk's own re-read would refuse them.
   */
  const char *argv[] = {
    "sfdisk", "--no-reread", "--no-tell-kernel", "--part-type",
    device, num, id, NULL
  };

  if (check_partnum (partnum) == -1)
    return -1;
  if (idbyte < 0 || idbyte > 255) {
    reply_with_error_errno (EINVAL, "type byte must be 0 to 255: %d", idbyte);
    return -1;
  }
  if (require_parttype (device, "msdos") == -1)
    return -1;
  snprintf (num, sizeof num, "%d", partnum);
  snprintf (id, sizeof id, "%x", (unsigned) idbyte);
  return change_table (device, argv);
}

char *
do_part_get_mbr_part_type (const char *device, int partnum)
{
  int id;
  const char *r;
  char *s;

  if (check_partnum (partnum) == -1)
    return NULL;
  /* Checks the table type and that the partition exists. */
  id = do_part_get_mbr_id (device, partnum);
  if (id == -1)
    return NULL;
  /* Numbers 1 to 4 are the slots of the MBR itself; from 5 on they are
   * the logical partitions inside the extended one.  0x05, 0x0f and
   * 0x85 are the type bytes of extended partitions.
   */
  if (partnum > 4)
    r = "logical";
  else if (id == 0x05 || id == 0x0f || id == 0x85)
    r = "extended";
  else
    r = "primary";
  s = strdup (r);
  if (s == NULL)
    reply_with_perror ("strdup");
  return s;
}

/* The value of "KEY: value" in the output of sgdisk with option opt.
 * Replies on error.
 */
static char *
sgdisk_value (const char *device, const char *opt, const char *key)
{
  const char *argv[] = { "sgdisk", opt, device, NULL };
  CLEANUP_FREE char *out = NULL, *err = NULL;
  char *line, *next;
  size_t klen = strlen (key);
  char *r;

  if (commandv (&out, &err, argv) == -1) {
    command_error ("sgdisk", err);
    return NULL;
  }
  for (line = out; line && *line; line = next) {
    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    if (strncmp (line, key, klen) == 0 && line[klen] == ':') {
      r = strdup (line + klen + 1 + strspn (line + klen + 1, " "));
      if (r == NULL)
        reply_with_perror ("strdup");
      return r;
    }
  }
  reply_with_error_errno (EINVAL, "%s: sgdisk %s shows no \"%s\"",
                          device, opt, key);
  return NULL;
}

/* sgdisk -i N for an existing partition: sgdisk says "does not exist"
 * and succeeds for others, which sgdisk_value turns into EINVAL.
 */
static char *
partition_value (const char *device, int partnum, const char *key)
{
  char opt[32];

  if (check_partnum (partnum) == -1)
    return NULL;
  snprintf (opt, sizeof opt, "-i%d", partnum);
  return sgdisk_value (device, opt, key);
}

/* The GUID at the start of value ("0FC6... (Linux filesystem)"), in
 * place.  Replies on error.
 */
static char *
guid_of_value (char *value)
{
  if (value == NULL)
    return NULL;
  value[strcspn (value, " ")] = '\0';
  if (!valid_guid (value)) {
    reply_with_error ("sgdisk: unexpected GUID: %s", value);
    free (value);
    return NULL;
  }
  return value;
}

static int
sgdisk_change (const char *device, const char *opt)
{
  const char *argv[] = { "sgdisk", opt, device, NULL };

  return change_table (device, argv);
}

int
do_part_set_name (const char *device, int partnum, const char *name)
{
  char num[16];
  const char *argv[] = {
    "sfdisk", "--no-reread", "--no-tell-kernel", "--part-label",
    device, num, name, NULL
  };
  size_t chars = 0;
  const char *p;

  if (check_partnum (partnum) == -1)
    return -1;
  /* Count characters, not bytes: UTF-8 continuation bytes are 10xxxxxx. */
  for (p = name; *p; ++p)
    if (((unsigned char) *p & 0xc0) != 0x80)
      chars++;
  if (chars > GPT_NAME_MAX) {
    reply_with_error_errno (EINVAL, "partition name longer than %d "
                            "characters", GPT_NAME_MAX);
    return -1;
  }
  if (require_parttype (device, "gpt") == -1)
    return -1;
  /* sfdisk takes the name as its own argument: sgdisk's
   * "--change-name=N:NAME" would cut it at a colon.
   */
  snprintf (num, sizeof num, "%d", partnum);
  return change_table (device, argv);
}

char *
do_part_get_name (const char *device, int partnum)
{
  CLEANUP_FREE char *type = NULL;
  char *v;
  size_t len;

  if (check_partnum (partnum) == -1)
    return NULL;
  type = get_parttype (device);
  if (type == NULL)
    return NULL;
  if (strcmp (type, "msdos") == 0) {
    /* DOS partitions have no names; check the partition exists. */
    v = get_flags (device, partnum);
    if (v == NULL)
      return NULL;
    free (v);
    v = strdup ("");
    if (v == NULL)
      reply_with_perror ("strdup");
    return v;
  }
  if (strcmp (type, "gpt") != 0) {
    reply_with_error_errno (EINVAL, "%s: %s partitions have no names",
                            device, type);
    return NULL;
  }
  v = partition_value (device, partnum, "Partition name");
  if (v == NULL)
    return NULL;
  /* sgdisk quotes the name: 'root' */
  len = strlen (v);
  if (len >= 2 && v[0] == '\'' && v[len-1] == '\'') {
    memmove (v, v + 1, len - 2);
    v[len-2] = '\0';
  }
  return v;
}

char *
do_part_get_gpt_type (const char *device, int partnum)
{
  return guid_of_value (partition_value (device, partnum,
                                         "Partition GUID code"));
}

int
do_part_set_gpt_type (const char *device, int partnum, const char *guid)
{
  char opt[64];

  if (check_partnum (partnum) == -1 || check_guid (guid) == -1 ||
      require_parttype (device, "gpt") == -1)
    return -1;
  snprintf (opt, sizeof opt, "--typecode=%d:%s", partnum, guid);
  return sgdisk_change (device, opt);
}

char *
do_part_get_gpt_guid (const char *device, int partnum)
{
  if (require_parttype (device, "gpt") == -1)
    return NULL;
  return guid_of_value (partition_value (device, partnum,
                                         "Partition unique GUID"));
}

int
do_part_set_gpt_guid (const char *device, int partnum, const char *guid)
{
  char opt[64];

  if (check_partnum (partnum) == -1 || check_guid (guid) == -1 ||
      require_parttype (device, "gpt") == -1)
    return -1;
  snprintf (opt, sizeof opt, "--partition-guid=%d:%s", partnum, guid);
  return sgdisk_change (device, opt);
}

int64_t
do_part_get_gpt_attributes (const char *device, int partnum)
{
  CLEANUP_FREE char *v = NULL;
  char *end;
  uint64_t a;

  if (check_partnum (partnum) == -1 ||
      require_parttype (device, "gpt") == -1)
    return -1;
  v = partition_value (device, partnum, "Attribute flags");
  if (v == NULL)
    return -1;
  /* 16 hexadecimal digits. */
  errno = 0;
  a = strtoull (v, &end, 16);
  if (errno != 0 || end == v) {
    reply_with_error ("sgdisk: %s: unexpected attribute flags: %s",
                      device, v);
    return -1;
  }
  return (int64_t) a;
}

int
do_part_set_gpt_attributes (const char *device, int partnum,
                            int64_t attributes)
{
  char opt[64];

  if (check_partnum (partnum) == -1 ||
      require_parttype (device, "gpt") == -1)
    return -1;
  /* "=" replaces all the bits with the given mask. */
  snprintf (opt, sizeof opt, "--attributes=%d:=:%" PRIx64,
            partnum, (uint64_t) attributes);
  return sgdisk_change (device, opt);
}

char *
do_part_get_disk_guid (const char *device)
{
  if (require_parttype (device, "gpt") == -1)
    return NULL;
  return guid_of_value (sgdisk_value (device, "-p",
                                      "Disk identifier (GUID)"));
}

int
do_part_set_disk_guid (const char *device, const char *guid)
{
  char opt[64];

  if (check_guid (guid) == -1 || require_parttype (device, "gpt") == -1)
    return -1;
  snprintf (opt, sizeof opt, "--disk-guid=%s", guid);
  return sgdisk_change (device, opt);
}

int
do_part_set_disk_guid_random (const char *device)
{
  if (require_parttype (device, "gpt") == -1)
    return -1;
  return sgdisk_change (device, "--disk-guid=R");
}

int
do_part_resize (const char *device, int partnum, int64_t endsect)
{
  char num[16], end[32];
  /* parted asks before shrinking, even with -s (where it then fails):
   * pretend to be interactive and answer yes.
   */
  const char *argv[] = {
    "parted", "---pretend-input-tty", "--", device, "resizepart", num,
    end, NULL
  };
  static const char yes[] = "Yes\n";
  CLEANUP_FREE char *err = NULL, *out = NULL;

  if (check_partnum (partnum) == -1)
    return -1;
  if (endsect < 0) {
    reply_with_error_errno (EINVAL, "endsect cannot be negative");
    return -1;
  }
  snprintf (num, sizeof num, "%d", partnum);
  snprintf (end, sizeof end, "%" PRIi64 "s", endsect);
  if (commandv_stdin (&out, &err, yes, sizeof yes - 1, argv) == -1)
    return command_error ("parted", err);
  /* With a pretended terminal parted reports some errors on stdout and
   * still exits 0.
   */
  if (out && strstr (out, "Error:") != NULL)
    return command_error ("parted", strstr (out, "Error:"));
  if (reread_partitions (device) == -1) {
    reply_with_perror ("%s: waiting for the partition devices", device);
    return -1;
  }
  return 0;
}

int
do_part_expand_gpt (const char *device)
{
  if (require_parttype (device, "gpt") == -1)
    return -1;
  return sgdisk_change (device, "--move-second-header");
}
