/* careen - offline disk-image toolkit */

/**
 * Swap files in the guest: mkswap_file, swapon_file, swapoff_file.
 * Only regular files are accepted: a device node in a guest's /dev
 * would otherwise make these calls act on a device by another name.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/swap.h>

#include "daemon.h"

/* The host path of the regular file path; NULL after replying. */
static char *
swap_file_path (const char *path)
{
  char *p = sysroot_realpath (path);
  struct stat st;

  if (p == NULL) {
    reply_with_perror ("%s", path);
    return NULL;
  }
  if (stat (p, &st) == -1) {
    reply_with_perror ("%s", path);
    free (p);
    return NULL;
  }
  if (!S_ISREG (st.st_mode)) {
    reply_with_error_errno (EINVAL, "%s: not a regular file", path);
    free (p);
    return NULL;
  }
  return p;
}

int
do_mkswap_file (const char *path)
{
  char *p = swap_file_path (path);
  struct fsargs a;

  if (p == NULL)
    return -1;
  fsargs_init (&a);
  fsargs_add (&a, "mkswap");
  fsargs_add (&a, "-f");
  fsargs_add (&a, p);
  free (p);
  return fsargs_run (&a, false, NULL);
}

int
do_swapon_file (const char *file)
{
  CLEANUP_FREE char *p = swap_file_path (file);

  if (p == NULL)
    return -1;
  if (swapon (p, 0) == -1) {
    reply_with_perror ("swapon: %s", file);
    return -1;
  }
  return 0;
}

int
do_swapoff_file (const char *file)
{
  CLEANUP_FREE char *p = swap_file_path (file);

  if (p == NULL)
    return -1;
  if (swapoff (p) == -1) {
    reply_with_perror ("swapoff: %s", file);
    return -1;
  }
  return 0;
}
