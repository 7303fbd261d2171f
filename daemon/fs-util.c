/* careen - offline disk-image toolkit */

/**
 * Helpers shared by the filesystem calls (the "fs" area): building a
 * tool's command line from optional arguments, running it with the
 * error reported once, erasing what is left of an old filesystem next
 * to a new one, and finding where a device is mounted.
 */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "daemon.h"

void
fsargs_init (struct fsargs *a)
{
  stringsbuf_init (&a->sb);
  a->nomem = false;
}

void
fsargs_add (struct fsargs *a, const char *s)
{
  if (!a->nomem && stringsbuf_add_string (&a->sb, s) == -1)
    a->nomem = true;
}

void
fsargs_addf (struct fsargs *a, const char *fs, ...)
{
  va_list args;
  char *s;

  if (a->nomem)
    return;
  va_start (args, fs);
  if (vasprintf (&s, fs, args) == -1)
    a->nomem = true;
  else if (stringsbuf_add_string_nodup (&a->sb, s) == -1)
    a->nomem = true;
  va_end (args);
}

void
fsargs_release (struct fsargs *a)
{
  stringsbuf_release (&a->sb);
}

/* Most bytes of a tool's stdout quoted in an error message. */
#define FS_ERROR_MAX_OUT 1024

/* The end of a tool's stdout, trimmed, for an error message (in
 * place): the last lines say what went wrong.
 */
static const char *
trim (char *s)
{
  size_t n = strlen (s);

  while (n > 0 && (s[n-1] == '\n' || s[n-1] == ' '))
    s[--n] = '\0';
  if (n > FS_ERROR_MAX_OUT)
    s += n - FS_ERROR_MAX_OUT;
  return s;
}

/* Common part of fsargs_run, fsargs_run_stdin and fsargs_runrv. */
static int
run_args (struct fsargs *a, bool pulse, bool any_status,
          const char *data, size_t len, char **out_r, char **err_r)
{
  CLEANUP_FREE_STRING_LIST char **argv = NULL;
  CLEANUP_FREE char *err = NULL, *out = NULL;
  const char *prog;
  int r;

  if (out_r)
    *out_r = NULL;
  if (err_r)
    *err_r = NULL;
  if (a->nomem || (argv = stringsbuf_finish (&a->sb)) == NULL) {
    fsargs_release (a);
    reply_with_error_errno (ENOMEM, "out of memory");
    return -1;
  }
  prog = argv[0];
  command_pulse = pulse;
  if (any_status)
    r = commandrv (&out, &err, (const char *const *) argv);
  else if (data)
    r = commandv_stdin (&out, &err, data, len, (const char *const *) argv);
  else
    r = commandv (&out, &err, (const char *const *) argv);
  command_pulse = false;
  if (r == -1) {
    /* A tool that is not in the appliance: say so plainly. */
    if (!program_exists (prog))
      reply_with_error_errno (ENOTSUP, "%s: not available in this "
                              "appliance", prog);
    /* Some tools (tune2fs, xfs_admin) explain failures on stdout. */
    else if (err && strncmp (err, "exited with status", 18) == 0 &&
             out && *out)
      reply_with_error ("%s: %s: %s", prog, err, trim (out));
    else
      command_error (prog, err);
    return -1;
  }
  if (out_r) {
    *out_r = out;
    out = NULL;
  }
  if (err_r) {
    *err_r = err;
    err = NULL;
  }
  return r;
}

int
fsargs_run (struct fsargs *a, bool pulse, char **out_r)
{
  return run_args (a, pulse, false, NULL, 0, out_r, NULL);
}

int
fsargs_run_stdin (struct fsargs *a, bool pulse, const char *data, size_t len)
{
  return run_args (a, pulse, false, data, len, NULL, NULL);
}

int
fsargs_runrv (struct fsargs *a, bool pulse, char **out_r, char **err_r)
{
  return run_args (a, pulse, true, NULL, 0, out_r, err_r);
}

int
require_program (const char *prog)
{
  if (program_exists (prog))
    return 0;
  reply_with_error_errno (ENOTSUP, "%s: not available in this appliance",
                          prog);
  return -1;
}

/* Most signatures of "wipefs -p" looked at: a device has a handful. */
#define WIPEFS_MAX_SIGNATURES 64

/* Partition-table signatures: never ambivalent with a filesystem, and
 * "dos" at 0x1fe is also the boot-sector mark of NTFS and FAT.
 */
static bool
is_partition_table (const char *type)
{
  static const char *const pts[] = {
    "dos", "gpt", "PMBR", "bsd", "sun", "sgi", "mac", "atari",
    "solaris", "unixware", "minix", NULL
  };
  size_t i;

  for (i = 0; pts[i]; ++i)
    if (strcmp (type, pts[i]) == 0)
      return true;
  return false;
}

/* A new filesystem does not always overwrite the superblock of the old
 * one: "mkntfs -Q" leaves a btrfs superblock (64 KiB in) alone, and
 * blkid, seeing two filesystems, then reports none ("ambivalent
 * result"), so vfs_type said nothing and mount failed.  After a
 * successful mkfs, if blkid cannot name the type, the signatures of
 * other filesystems are erased.  (Erasing before mkfs would destroy the
 * old filesystem even when mkfs then refuses its arguments.)
 */
int
wipe_other_signatures (const char *device, const char *keep)
{
  CLEANUP_FREE char *type = blkid_tag (device, "TYPE");
  CLEANUP_FREE char *out = NULL, *err = NULL;
  char *line, *next;
  size_t n = 0;

  if (type == NULL)
    return -1;
  if (*type)
    return 0;
  if (command (&out, &err, "wipefs", "-p", device, NULL) == -1)
    return command_error ("wipefs", err);
  /* offset,uuid,label,type: the label may hold commas, the others
   * cannot.
   */
  for (line = out; line && *line && n < WIPEFS_MAX_SIGNATURES;
       line = next, n++) {
    char *comma, *sigtype;
    CLEANUP_FREE char *werr = NULL;

    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    comma = strchr (line, ',');
    sigtype = strrchr (line, ',');
    if (comma == NULL || strncmp (line, "0x", 2) != 0)
      continue;
    *comma = '\0';
    sigtype++;
    if (strcmp (sigtype, keep) == 0 || is_partition_table (sigtype))
      continue;
    /* -o erases only a signature actually found at that offset. */
    if (command (NULL, &werr, "wipefs", "-q", "-o", line, device,
                 NULL) == -1)
      return command_error ("wipefs", werr);
  }
  return 0;
}

char *
device_mountpoint_host (const char *device)
{
  CLEANUP_FREE_STRING_LIST char **mounts = get_sysroot_mounts ();
  struct stat dst, st;
  const char *found = NULL;
  size_t i;

  if (mounts == NULL || stat (device, &dst) == -1)
    return NULL;
  for (i = 0; mounts[i] != NULL && mounts[i+1] != NULL; i += 2) {
    if (strcmp (mounts[i+1], device) == 0 ||
        (stat (mounts[i+1], &st) == 0 && S_ISBLK (st.st_mode) &&
         st.st_rdev == dst.st_rdev)) {
      found = mounts[i];
      break;
    }
  }
  if (found == NULL) {
    errno = ENOENT;
    return NULL;
  }
  return strdup (found);
}

int
check_not_mounted (const char *device)
{
  CLEANUP_FREE char *mp = device_mountpoint_host (device);

  if (mp != NULL) {
    CLEANUP_FREE char *guest = sysroot_to_guest (mp);
    reply_with_error_errno (EBUSY, "%s: device is mounted on %s", device,
                            guest ? guest : mp);
    return -1;
  }
  return 0;
}

char *
host_mountpoint (const char *path)
{
  char *mp = sysroot_realpath (path);
  CLEANUP_FREE_STRING_LIST char **mounts = NULL;
  size_t i;

  if (mp == NULL) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  mounts = get_sysroot_mounts ();
  if (mounts == NULL) {
    free (mp);
    reply_with_perror ("/proc/self/mountinfo");
    return NULL;
  }
  for (i = 0; mounts[i] != NULL && mounts[i+1] != NULL; i += 2)
    if (strcmp (mounts[i], mp) == 0)
      return mp;
  free (mp);
  reply_with_error_errno (EINVAL, "%s: not a mountpoint", path);
  return NULL;
}
