/* careen - offline disk-image toolkit */

/**
 * fsck: the generic filesystem checker, whose exit status (a set of
 * bits) is the result of the call.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

int
do_fsck (const char *fstype, const char *device)
{
  struct fsargs a;
  CLEANUP_FREE char *out = NULL, *err = NULL;
  size_t i;

  /* The type names a program (fsck.TYPE): keep it a plain word. */
  if (*fstype == '\0' || strlen (fstype) > 32) {
    reply_with_error_errno (EINVAL, "invalid filesystem type: %s", fstype);
    return -1;
  }
  for (i = 0; fstype[i]; ++i) {
    char c = fstype[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      reply_with_error_errno (EINVAL, "invalid filesystem type: %s", fstype);
      return -1;
    }
  }
  if (check_not_mounted (device) == -1)
    return -1;

  fsargs_init (&a);
  fsargs_add (&a, "fsck");
  /* -T: no banner; -a: repair what is safe without asking. */
  fsargs_add (&a, "-T");
  fsargs_add (&a, "-a");
  fsargs_add (&a, "-t");
  fsargs_add (&a, fstype);
  fsargs_add (&a, device);
  return fsargs_runrv (&a, true, &out, &err);
}
