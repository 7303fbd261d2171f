/* careen - offline disk-image toolkit */

/**
 * Linux software RAID: md_create, md_detail, md_stat and md_stop, with
 * mdadm(8) and /proc/mdstat.  The appliance has no udev: mdadm makes
 * the /dev/md/NAME link itself, and devtmpfs the /dev/mdN node.
 *
 * mdadm is never given "--": it takes no device names after it.  The
 * device arguments are /dev/ paths checked by the dispatcher, so none
 * can pass for an option.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "daemon.h"

/* Most member devices of one array, missing ones included: the 64
 * bits of missingbitmap bound the layout anyway.
 */
#define MD_MAX_DEVICES 64

/* Longest array name: mdadm keeps 32 bytes of name in the superblock,
 * the host part included.
 */
#define MD_NAME_MAX 32

/* Lines of /proc/mdstat and mdadm --export output read at most, and
 * members taken from one array line.
 */
#define MDSTAT_MAX_LINES 4096
#define MDSTAT_MAX_MEMBERS 1024

/* The levels md_create takes, as mdadm spells them. */
static const char *const levels[] = {
  "linear", "raid0", "0", "stripe", "raid1", "1", "mirror",
  "raid4", "4", "raid5", "5", "raid6", "6", "raid10", "10", NULL
};

/* The kernel name ("md127") of the md array device, into name[NAME_MAX
 * + 1].  Replies EINVAL if device is not an md array.
 */
static int
md_kernel_name (const char *device, char *name)
{
  char path[96], link[PATH_MAX];
  struct stat st;
  ssize_t n;
  const char *base;

  if (stat (device, &st) == -1) {
    reply_with_perror ("%s", device);
    return -1;
  }
  snprintf (path, sizeof path, "/sys/dev/block/%u:%u/md",
            major (st.st_rdev), minor (st.st_rdev));
  if (access (path, F_OK) == -1) {
    reply_with_error_errno (EINVAL, "%s: not a software RAID device",
                            device);
    return -1;
  }
  snprintf (path, sizeof path, "/sys/dev/block/%u:%u",
            major (st.st_rdev), minor (st.st_rdev));
  n = readlink (path, link, sizeof link - 1);
  if (n <= 0) {
    reply_with_perror ("readlink: %s", path);
    return -1;
  }
  link[n] = '\0';
  base = strrchr (link, '/');
  base = base ? base + 1 : link;
  if (strlen (base) > NAME_MAX) {
    reply_with_error_errno (EINVAL, "%s: not a software RAID device", device);
    return -1;
  }
  strcpy (name, base);
  return 0;
}

static int
popcount64 (uint64_t x)
{
  int n = 0;

  for (; x; x &= x - 1)
    n++;
  return n;
}

int
do_md_create (const char *name, char *const *devices, int64_t missingbitmap,
              int nrdevices, int spare, int64_t chunk, const char *level)
{
  uint64_t m = optargs_bitmask;
  uint64_t missing = (m & GUESTFS_MD_CREATE_MISSINGBITMAP_BITMASK)
    ? (uint64_t) missingbitmap : 0;
  size_t ndevs = strings_count (devices), total, i, next = 0;
  struct fsargs a;

  if (*name == '\0' || strlen (name) > MD_NAME_MAX ||
      strspn (name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
              "0123456789_.-") != strlen (name) ||
      name[0] == '-' || name[0] == '.') {
    reply_with_error_errno (EINVAL, "invalid array name: '%s'", name);
    return -1;
  }
  if (ndevs == 0) {
    reply_with_error_errno (EINVAL, "no devices given");
    return -1;
  }
  total = ndevs + popcount64 (missing);
  if (total > MD_MAX_DEVICES) {
    reply_with_error_errno (EINVAL, "too many devices: %zu (at most %d)",
                            total, MD_MAX_DEVICES);
    return -1;
  }
  /* Every missing slot must fall inside the array. */
  if (total < 64 && (missing >> total) != 0) {
    reply_with_error_errno (EINVAL, "missingbitmap 0x%" PRIx64 " marks "
                            "slots beyond the %zu of the array",
                            missing, total);
    return -1;
  }
  if (!(m & GUESTFS_MD_CREATE_NRDEVICES_BITMASK))
    nrdevices = total;
  if (!(m & GUESTFS_MD_CREATE_SPARE_BITMASK))
    spare = 0;
  if (nrdevices < 1 || spare < 0 || (size_t) nrdevices + spare != total) {
    reply_with_error_errno (EINVAL, "nrdevices (%d) plus spare (%d) must be "
                            "the number of devices, missing ones included "
                            "(%zu)", nrdevices, spare, total);
    return -1;
  }
  if (m & GUESTFS_MD_CREATE_CHUNK_BITMASK) {
    /* mdadm counts in KiB, and wants a power of two of at least 4. */
    if (chunk < 4096 || chunk > (INT64_C (1) << 40) ||
        (chunk & (chunk - 1)) != 0) {
      reply_with_error_errno (EINVAL, "chunk must be a power of two of at "
                              "least 4096 bytes: %" PRIi64, chunk);
      return -1;
    }
  }
  if (m & GUESTFS_MD_CREATE_LEVEL_BITMASK) {
    for (i = 0; levels[i] != NULL; ++i)
      if (strcmp (level, levels[i]) == 0)
        break;
    if (levels[i] == NULL) {
      reply_with_error_errno (EINVAL, "unknown RAID level: '%s'", level);
      return -1;
    }
  }
  else
    level = "raid1";

  if (require_program ("mdadm") == -1)
    return -1;
  fsargs_init (&a);
  /* --run: no question about members that look used already. */
  fsargs_add (&a, "mdadm");
  fsargs_add (&a, "--create");
  fsargs_add (&a, "--run");
  fsargs_addf (&a, "/dev/md/%s", name);
  fsargs_addf (&a, "--level=%s", level);
  fsargs_addf (&a, "--raid-devices=%d", nrdevices);
  if (spare > 0)
    fsargs_addf (&a, "--spare-devices=%d", spare);
  if (m & GUESTFS_MD_CREATE_CHUNK_BITMASK)
    fsargs_addf (&a, "--chunk=%" PRIi64, chunk / 1024);
  for (i = 0; i < total; ++i) {
    if (i < 64 && (missing & (UINT64_C (1) << i)))
      fsargs_add (&a, "missing");
    else
      fsargs_add (&a, devices[next++]);
  }
  return fsargs_run (&a, false, NULL);
}

/* mdadm --detail --export prints MD_KEY=value lines: the table has
 * key (without MD_, in lower case) and value.
 */
char **
do_md_detail (const char *md)
{
  char name[NAME_MAX + 1];
  CLEANUP_FREE char *out = NULL, *err = NULL;
  struct stringsbuf sb;
  char *line, *next;
  size_t nlines = 0;
  char **r;

  if (md_kernel_name (md, name) == -1)
    return NULL;
  if (command (&out, &err, "mdadm", "--detail", "--export", md,
               NULL) == -1) {
    command_error ("mdadm", err);
    return NULL;
  }
  stringsbuf_init (&sb);
  for (line = out; line && *line && nlines++ < MDSTAT_MAX_LINES;
       line = next) {
    char *eq, *k;

    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    eq = strchr (line, '=');
    if (eq == NULL || eq == line)
      continue;
    *eq = '\0';
    if (strncmp (line, "MD_", 3) == 0 && line[3] != '\0')
      line += 3;
    for (k = line; *k; ++k)
      if (*k >= 'A' && *k <= 'Z')
        *k += 'a' - 'A';
    if (stringsbuf_add_string (&sb, line) == -1 ||
        stringsbuf_add_string (&sb, eq + 1) == -1) {
      reply_with_perror ("malloc");
      stringsbuf_release (&sb);
      return NULL;
    }
  }
  r = stringsbuf_finish (&sb);
  if (r == NULL)
    reply_with_perror ("malloc");
  return r;
}

/* Parses one member of a /proc/mdstat array line, "sda1[0](S)", into
 * *s.  Returns 0, or -1 (silent, errno) on a malformed member or out of
 * memory.
 */
static int
parse_member (const char *word, struct guestfs_mdstat *s)
{
  const char *br = strchr (word, '['), *p;
  char *end;
  long idx;
  char flags[16];
  size_t nflags = 0;

  if (br == NULL || br == word) {
    errno = EINVAL;
    return -1;
  }
  errno = 0;
  idx = strtol (br + 1, &end, 10);
  if (errno != 0 || end == br + 1 || *end != ']' || idx < 0 ||
      idx > INT32_MAX) {
    errno = EINVAL;
    return -1;
  }
  /* Flags follow as "(X)", one letter each. */
  for (p = end + 1; *p; p += 3) {
    if (p[0] != '(' || p[1] == '\0' || p[2] != ')' ||
        strchr ("WFSR", p[1]) == NULL || nflags >= sizeof flags - 1) {
      errno = EINVAL;
      return -1;
    }
    flags[nflags++] = p[1];
  }
  flags[nflags] = '\0';
  s->mdstat_index = idx;
  if (asprintf (&s->mdstat_device, "/dev/%.*s", (int) (br - word), word)
      == -1) {
    s->mdstat_device = NULL;
    return -1;
  }
  s->mdstat_flags = strdup (flags);
  if (s->mdstat_flags == NULL) {
    free (s->mdstat_device);
    s->mdstat_device = NULL;
    return -1;
  }
  return 0;
}

/* /proc/mdstat has "md127 : active raid1 sdb1[1] sda1[0]": after the
 * state and the level (both plain words) come the members.
 */
struct guestfs_mdstat_list *
do_md_stat (const char *md)
{
  char name[NAME_MAX + 1];
  CLEANUP_FCLOSE FILE *fp = NULL;
  CLEANUP_FREE char *line = NULL;
  size_t alloc = 0, nlines = 0;
  struct guestfs_mdstat_list *r;

  if (md_kernel_name (md, name) == -1)
    return NULL;
  fp = fopen ("/proc/mdstat", "re");
  if (fp == NULL) {
    reply_with_perror ("/proc/mdstat");
    return NULL;
  }
  r = calloc (1, sizeof *r);
  if (r == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }
  while (getline (&line, &alloc, fp) != -1 && nlines++ < MDSTAT_MAX_LINES) {
    size_t nlen = strlen (name);
    char *word, *save = NULL;

    if (strncmp (line, name, nlen) != 0 || strncmp (line + nlen, " : ", 3))
      continue;
    line[strcspn (line, "\n")] = '\0';
    for (word = strtok_r (line + nlen + 3, " ", &save); word != NULL;
         word = strtok_r (NULL, " ", &save)) {
      struct guestfs_mdstat *v;

      if (strchr (word, '[') == NULL)
        continue;               /* the state, the level, "(auto-read-only)" */
      if (r->len >= MDSTAT_MAX_MEMBERS) {
        reply_with_error ("%s: more than %d members", md, MDSTAT_MAX_MEMBERS);
        goto error;
      }
      v = realloc (r->val, (r->len + 1) * sizeof *v);
      if (v == NULL) {
        reply_with_perror ("realloc");
        goto error;
      }
      r->val = v;
      if (parse_member (word, &r->val[r->len]) == -1) {
        if (errno == ENOMEM)
          reply_with_perror ("malloc");
        else
          reply_with_error ("/proc/mdstat: unexpected member of %s: %s",
                            name, word);
        goto error;
      }
      r->len++;
    }
    return r;
  }
  reply_with_error_errno (ENOENT, "%s: not in /proc/mdstat", md);
 error:
  guestfs_free_mdstat_list (r);
  return NULL;
}

int
do_md_stop (const char *md)
{
  char name[NAME_MAX + 1];
  CLEANUP_FREE char *err = NULL;

  if (md_kernel_name (md, name) == -1)
    return -1;
  if (command (NULL, &err, "mdadm", "--stop", md, NULL) == -1)
    return command_error ("mdadm", err);
  return 0;
}
