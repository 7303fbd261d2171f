/* careen - offline disk-image toolkit */

/**
 * scrub_device, scrub_file, scrub_freespace: overwriting data with
 * scrub(1)'s default patterns so that it is hard to recover.
 *
 * scrub runs with -f: it refuses a target carrying the signature of an
 * earlier scrub otherwise, and a user asking to scrub again means it.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "daemon.h"

/* Runs "scrub -f ARGS... TARGET" with pulse progress; -1 after
 * replying (ENOTSUP without scrub in the appliance).
 */
static int
run_scrub (const char *opt1, const char *opt2, const char *target)
{
  struct fsargs a;

  if (require_program ("scrub") == -1)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "scrub");
  fsargs_add (&a, "-f");
  if (opt1)
    fsargs_add (&a, opt1);
  if (opt2)
    fsargs_add (&a, opt2);
  fsargs_add (&a, target);
  return fsargs_run (&a, true, NULL);
}

int
do_scrub_device (const char *device)
{
  if (check_not_mounted (device) == -1)
    return -1;
  return run_scrub (NULL, NULL, device);
}

int
do_scrub_file (const char *file)
{
  CLEANUP_FREE char *p = sysroot_realpath (file);
  struct stat st;

  if (p == NULL || stat (p, &st) == -1) {
    reply_with_perror ("%s", file);
    return -1;
  }
  /* A device node or FIFO in the guest's tree is not the guest's
   * data: scrubbing it would reach an appliance device or block.
   */
  if (!S_ISREG (st.st_mode)) {
    reply_with_error_errno (EINVAL, "%s: not a regular file", file);
    return -1;
  }
  return run_scrub ("-r", NULL, p);
}

int
do_scrub_freespace (const char *dir)
{
  CLEANUP_FREE char *p = sysroot_parent_path (dir);
  struct stat st;

  if (p == NULL) {
    reply_with_perror ("%s", dir);
    return -1;
  }
  /* scrub makes the directory itself and removes it at the end: an
   * existing one (and what is in it) must not be taken over.
   */
  if (lstat (p, &st) == 0) {
    reply_with_error_errno (EEXIST, "%s: %s", dir, "already exists");
    return -1;
  }
  return run_scrub ("-X", "-r", p);
}
