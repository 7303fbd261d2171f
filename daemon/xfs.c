/* careen - offline disk-image toolkit */

/**
 * XFS calls, driving xfsprogs: xfs_growfs, xfs_info, xfs_admin and
 * xfs_repair.  xfs_info's report is parsed here into the xfsinfo
 * struct.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* Lines of xfs_info output parsed at most: it prints ten. */
#define XFS_INFO_MAX_LINES 64

static bool
has (uint64_t bit)
{
  return (optargs_bitmask & bit) != 0;
}

int
do_xfs_growfs (const char *path, int datasec, int logsec, int rtsec,
               int64_t datasize, int64_t logsize, int64_t rtsize,
               int64_t rtextsize, int maxpct)
{
  CLEANUP_FREE char *mp = NULL;
  struct fsargs a;

  if ((has (GUESTFS_XFS_GROWFS_DATASIZE_BITMASK) && datasize <= 0) ||
      (has (GUESTFS_XFS_GROWFS_LOGSIZE_BITMASK) && logsize <= 0) ||
      (has (GUESTFS_XFS_GROWFS_RTSIZE_BITMASK) && rtsize <= 0) ||
      (has (GUESTFS_XFS_GROWFS_RTEXTSIZE_BITMASK) && rtextsize <= 0) ||
      (has (GUESTFS_XFS_GROWFS_MAXPCT_BITMASK) &&
       (maxpct < 0 || maxpct > 100))) {
    reply_with_error_errno (EINVAL, "sizes must be > 0 and maxpct between "
                            "0 and 100");
    return -1;
  }
  mp = host_mountpoint (path);
  if (mp == NULL)
    return -1;

  fsargs_init (&a);
  fsargs_add (&a, "xfs_growfs");
  if (has (GUESTFS_XFS_GROWFS_DATASEC_BITMASK) && datasec)
    fsargs_add (&a, "-d");
  if (has (GUESTFS_XFS_GROWFS_LOGSEC_BITMASK) && logsec)
    fsargs_add (&a, "-l");
  if (has (GUESTFS_XFS_GROWFS_RTSEC_BITMASK) && rtsec)
    fsargs_add (&a, "-r");
  if (has (GUESTFS_XFS_GROWFS_DATASIZE_BITMASK))
    fsargs_addf (&a, "-D%" PRIi64, datasize);
  if (has (GUESTFS_XFS_GROWFS_LOGSIZE_BITMASK))
    fsargs_addf (&a, "-L%" PRIi64, logsize);
  if (has (GUESTFS_XFS_GROWFS_RTSIZE_BITMASK))
    fsargs_addf (&a, "-R%" PRIi64, rtsize);
  if (has (GUESTFS_XFS_GROWFS_RTEXTSIZE_BITMASK))
    fsargs_addf (&a, "-e%" PRIi64, rtextsize);
  if (has (GUESTFS_XFS_GROWFS_MAXPCT_BITMASK))
    fsargs_addf (&a, "-m%d", maxpct);
  fsargs_add (&a, mp);
  return fsargs_run (&a, false, NULL);
}

/* "key=value" to a number; values that are not numbers give 0, as
 * xfs_info's are always numbers for the keys we take.
 */
static uint64_t
num (const char *v)
{
  char *end;
  unsigned long long r;

  errno = 0;
  r = strtoull (v, &end, 10);
  return errno == 0 && end != v ? r : 0;
}

/* The word after "section=" ("/dev/sda1", "version", "internal",
 * "none"), malloc'd; NULL on ENOMEM.
 */
static char *
section_value (const char *eq)
{
  size_t n = strcspn (eq + 1, " \t,");

  return strndup (eq + 1, n);
}

/* Parses one "key=value" token of the given section into xi. */
static void
xfs_field (struct guestfs_xfsinfo *xi, const char *section, const char *key,
           const char *v)
{
  if (strcmp (section, "meta-data") == 0) {
    if (strcmp (key, "isize") == 0) xi->xfs_inodesize = num (v);
    else if (strcmp (key, "agcount") == 0) xi->xfs_agcount = num (v);
    else if (strcmp (key, "agsize") == 0) xi->xfs_agsize = num (v);
    else if (strcmp (key, "sectsz") == 0) xi->xfs_sectsize = num (v);
    else if (strcmp (key, "attr") == 0) xi->xfs_attr = num (v);
  }
  else if (strcmp (section, "data") == 0) {
    if (strcmp (key, "bsize") == 0) xi->xfs_blocksize = num (v);
    else if (strcmp (key, "blocks") == 0) xi->xfs_datablocks = num (v);
    else if (strcmp (key, "imaxpct") == 0) xi->xfs_imaxpct = num (v);
    else if (strcmp (key, "sunit") == 0) xi->xfs_sunit = num (v);
    else if (strcmp (key, "swidth") == 0) xi->xfs_swidth = num (v);
  }
  else if (strcmp (section, "naming") == 0) {
    if (strcmp (key, "bsize") == 0) xi->xfs_dirblocksize = num (v);
    else if (strcmp (key, "ascii-ci") == 0) xi->xfs_cimode = num (v);
  }
  else if (strcmp (section, "log") == 0) {
    if (strcmp (key, "bsize") == 0) xi->xfs_logblocksize = num (v);
    else if (strcmp (key, "blocks") == 0) xi->xfs_logblocks = num (v);
    else if (strcmp (key, "version") == 0) xi->xfs_logversion = num (v);
    else if (strcmp (key, "sectsz") == 0) xi->xfs_logsectsize = num (v);
    else if (strcmp (key, "sunit") == 0) xi->xfs_logsunit = num (v);
    else if (strcmp (key, "lazy-count") == 0) xi->xfs_lazycount = num (v);
  }
  else if (strcmp (section, "realtime") == 0) {
    if (strcmp (key, "extsz") == 0) xi->xfs_rtextsize = num (v);
    else if (strcmp (key, "blocks") == 0) xi->xfs_rtblocks = num (v);
    else if (strcmp (key, "rtextents") == 0) xi->xfs_rtextents = num (v);
  }
}

/* Fills xi from xfs_info's report; -1 on ENOMEM. */
static int
parse_xfs_info (char *out, struct guestfs_xfsinfo *xi)
{
  char section[16] = "";
  char *line, *next;
  size_t n = 0;

  for (line = out; line && *line && n < XFS_INFO_MAX_LINES; line = next, n++) {
    char *eq, *tok, *save = NULL;

    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    eq = strchr (line, '=');
    if (eq == NULL)
      continue;
    /* A line naming its section starts with a word; continuation
     * lines start with spaces and keep the section.
     */
    if (line[0] != ' ') {
      size_t len = strcspn (line, " =");
      char **target = NULL;

      snprintf (section, sizeof section, "%.*s", (int) len, line);
      if (strcmp (section, "meta-data") == 0)
        target = &xi->xfs_mntpoint;
      else if (strcmp (section, "log") == 0)
        target = &xi->xfs_logname;
      else if (strcmp (section, "realtime") == 0)
        target = &xi->xfs_rtname;
      else if (strcmp (section, "naming") == 0 &&
               strncmp (eq, "=version ", 9) == 0)
        xi->xfs_dirversion = num (eq + 9);
      if (target) {
        free (*target);
        *target = section_value (eq);
        if (*target == NULL)
          return -1;
      }
    }
    /* The "key=value" tokens after the first '=' (and its value). */
    for (tok = strtok_r (eq + 1, " \t,", &save); tok != NULL;
         tok = strtok_r (NULL, " \t,", &save)) {
      char *teq = strchr (tok, '=');

      if (teq == NULL)
        continue;
      *teq = '\0';
      xfs_field (xi, section, tok, teq + 1);
    }
  }
  return 0;
}

struct guestfs_xfsinfo *
do_xfs_info (const char *pathordevice)
{
  CLEANUP_FREE char *out = NULL, *target = NULL;
  struct guestfs_xfsinfo *xi;
  struct fsargs a;

  if (strncmp (pathordevice, "/dev/", 5) == 0)
    target = strdup (pathordevice);
  else {
    target = host_mountpoint (pathordevice);
    if (target == NULL)
      return NULL;
  }
  if (target == NULL) {
    reply_with_perror ("strdup");
    return NULL;
  }

  fsargs_init (&a);
  fsargs_add (&a, "xfs_info");
  fsargs_add (&a, target);
  if (fsargs_run (&a, false, &out) == -1)
    return NULL;

  xi = calloc (1, sizeof *xi);
  if (xi == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }
  if (parse_xfs_info (out, xi) == -1) {
    guestfs_free_xfsinfo (xi);
    reply_with_perror ("malloc");
    return NULL;
  }
  /* Never leave a string NULL: the encoder sends strings. */
  if (xi->xfs_mntpoint == NULL) xi->xfs_mntpoint = strdup ("");
  if (xi->xfs_logname == NULL) xi->xfs_logname = strdup ("");
  if (xi->xfs_rtname == NULL) xi->xfs_rtname = strdup ("");
  if (!xi->xfs_mntpoint || !xi->xfs_logname || !xi->xfs_rtname) {
    guestfs_free_xfsinfo (xi);
    reply_with_perror ("strdup");
    return NULL;
  }
  /* A mounted filesystem is reported by its host mountpoint. */
  if (strncmp (xi->xfs_mntpoint, sysroot, sysroot_len) == 0) {
    char *guest = sysroot_to_guest (xi->xfs_mntpoint);
    if (guest) {
      free (xi->xfs_mntpoint);
      xi->xfs_mntpoint = guest;
    }
  }
  if (xi->xfs_blocksize == 0) {
    guestfs_free_xfsinfo (xi);
    reply_with_error ("%s: xfs_info gave no block size", pathordevice);
    return NULL;
  }
  return xi;
}

int
xfs_admin_string_ok (const char *what, const char *s)
{
  size_t i;

  /* xfs_admin is a shell script that pastes labels and UUIDs into an
   * eval'd command line inside quotes: a quote, backslash or dollar
   * would be shell syntax there.
   */
  for (i = 0; s[i]; ++i) {
    unsigned char c = s[i];
    if (c < 0x20 || c == 0x7f || c == '\'' || c == '"' || c == '\\' ||
        c == '$' || c == '`') {
      reply_with_error_errno (EINVAL, "%s: quotes, backslashes, '$', '`' "
                              "and control characters are not allowed "
                              "for XFS: %s", what, s);
      return -1;
    }
  }
  return 0;
}

int
do_xfs_admin (const char *device, int extunwritten, int imgfile, int v2log,
              int projid32bit, int lazycounter, const char *label,
              const char *uuid)
{
  struct fsargs a;
  static const struct { uint64_t bit; const char *name; } gone[] = {
    { GUESTFS_XFS_ADMIN_EXTUNWRITTEN_BITMASK, "extunwritten" },
    { GUESTFS_XFS_ADMIN_IMGFILE_BITMASK, "imgfile" },
    { GUESTFS_XFS_ADMIN_V2LOG_BITMASK, "v2log" },
    { GUESTFS_XFS_ADMIN_PROJID32BIT_BITMASK, "projid32bit" },
  };
  size_t i;

  (void) extunwritten; (void) imgfile; (void) v2log; (void) projid32bit;
  /* Switches of old XFS versions that xfs_admin no longer has. */
  for (i = 0; i < sizeof gone / sizeof gone[0]; ++i) {
    if (has (gone[i].bit)) {
      reply_with_error_errno (ENOTSUP, "optional argument '%s' is not "
                              "supported by current XFS tools",
                              gone[i].name);
      return -1;
    }
  }
  if (has (GUESTFS_XFS_ADMIN_LABEL_BITMASK) && strlen (label) > 12) {
    reply_with_error_errno (ERANGE, "xfs labels are at most 12 bytes: %s",
                            label);
    return -1;
  }
  if ((has (GUESTFS_XFS_ADMIN_LABEL_BITMASK) &&
       xfs_admin_string_ok ("label", label) == -1) ||
      (has (GUESTFS_XFS_ADMIN_UUID_BITMASK) &&
       xfs_admin_string_ok ("uuid", uuid) == -1))
    return -1;
  if (check_not_mounted (device) == -1)
    return -1;
  /* xfs_admin adds up xfs_repair's status with expr for -c. */
  if (has (GUESTFS_XFS_ADMIN_LAZYCOUNTER_BITMASK) &&
      require_program ("expr") == -1)
    return -1;

  fsargs_init (&a);
  fsargs_add (&a, "xfs_admin");
  if (has (GUESTFS_XFS_ADMIN_LAZYCOUNTER_BITMASK))
    fsargs_addf (&a, "-c%d", lazycounter ? 1 : 0);
  if (has (GUESTFS_XFS_ADMIN_LABEL_BITMASK)) {
    fsargs_add (&a, "-L");
    fsargs_add (&a, *label ? label : "--");
  }
  if (has (GUESTFS_XFS_ADMIN_UUID_BITMASK)) {
    fsargs_add (&a, "-U");
    fsargs_add (&a, uuid);
  }
  fsargs_add (&a, device);
  return fsargs_run (&a, false, NULL);
}

int
do_xfs_repair (const char *device, int forcelogzero, int nomodify,
               int noprefetch, int forcegeometry, int64_t maxmem,
               int64_t ihashsize, int64_t bhashsize, int64_t agstride,
               const char *logdev, const char *rtdev)
{
  CLEANUP_FREE char *out = NULL, *err = NULL, *file = NULL;
  struct fsargs a;
  int status;

  if ((has (GUESTFS_XFS_REPAIR_MAXMEM_BITMASK) && maxmem < 0) ||
      (has (GUESTFS_XFS_REPAIR_IHASHSIZE_BITMASK) && ihashsize < 0) ||
      (has (GUESTFS_XFS_REPAIR_BHASHSIZE_BITMASK) && bhashsize < 0) ||
      (has (GUESTFS_XFS_REPAIR_AGSTRIDE_BITMASK) && agstride < 0)) {
    reply_with_error_errno (EINVAL, "sizes must be >= 0");
    return -1;
  }
  if ((has (GUESTFS_XFS_REPAIR_LOGDEV_BITMASK) &&
       check_device (logdev) == -1) ||
      (has (GUESTFS_XFS_REPAIR_RTDEV_BITMASK) && check_device (rtdev) == -1))
    return -1;
  if (strncmp (device, "/dev/", 5) == 0) {
    if (check_not_mounted (device) == -1)
      return -1;
  }
  else {
    /* An image file in the guest. */
    file = sysroot_realpath (device);
    if (file == NULL) {
      reply_with_perror ("%s", device);
      return -1;
    }
  }

  fsargs_init (&a);
  fsargs_add (&a, "xfs_repair");
  if (has (GUESTFS_XFS_REPAIR_FORCELOGZERO_BITMASK) && forcelogzero)
    fsargs_add (&a, "-L");
  if (has (GUESTFS_XFS_REPAIR_NOMODIFY_BITMASK) && nomodify)
    fsargs_add (&a, "-n");
  if (has (GUESTFS_XFS_REPAIR_NOPREFETCH_BITMASK) && noprefetch)
    fsargs_add (&a, "-P");
  if (has (GUESTFS_XFS_REPAIR_FORCEGEOMETRY_BITMASK) && forcegeometry) {
    fsargs_add (&a, "-o");
    fsargs_add (&a, "force_geometry");
  }
  if (has (GUESTFS_XFS_REPAIR_MAXMEM_BITMASK))
    fsargs_addf (&a, "-m%" PRIi64, maxmem);
  if (has (GUESTFS_XFS_REPAIR_IHASHSIZE_BITMASK)) {
    fsargs_add (&a, "-o");
    fsargs_addf (&a, "ihash=%" PRIi64, ihashsize);
  }
  if (has (GUESTFS_XFS_REPAIR_BHASHSIZE_BITMASK)) {
    fsargs_add (&a, "-o");
    fsargs_addf (&a, "bhash=%" PRIi64, bhashsize);
  }
  if (has (GUESTFS_XFS_REPAIR_AGSTRIDE_BITMASK)) {
    fsargs_add (&a, "-o");
    fsargs_addf (&a, "ag_stride=%" PRIi64, agstride);
  }
  if (has (GUESTFS_XFS_REPAIR_LOGDEV_BITMASK)) {
    fsargs_add (&a, "-l");
    fsargs_add (&a, logdev);
  }
  if (has (GUESTFS_XFS_REPAIR_RTDEV_BITMASK)) {
    fsargs_add (&a, "-r");
    fsargs_add (&a, rtdev);
  }
  if (file) {
    fsargs_add (&a, "-f");
    fsargs_add (&a, file);
  }
  else
    fsargs_add (&a, device);

  status = fsargs_runrv (&a, true, &out, &err);
  if (status == -1)
    return -1;
  /* 0: clean or repaired; 1 (with -n): corruption found.  Anything
   * else (2: a dirty log to replay) is a failure.
   */
  if (status > 1) {
    if (err && *err)
      reply_with_error ("%s: %s", device, err);
    else
      reply_with_error ("%s: xfs_repair exited with status %d", device,
                        status);
    return -1;
  }
  return status;
}
