/* careen - offline disk-image toolkit
 * Bodies of the CLEANUP_* attributes.  They preserve errno so that a
 * function can return -1 with errno intact through its cleanups.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cleanups.h"

void
cleanup_free (void *ptr)
{
  int err = errno;
  free (*(void **) ptr);
  errno = err;
}

void
cleanup_free_string_list (void *ptr)
{
  char **list = *(char ***) ptr;
  int err = errno;
  size_t i;

  if (list) {
    for (i = 0; list[i] != NULL; ++i)
      free (list[i]);
    free (list);
  }
  errno = err;
}

void
cleanup_close (void *ptr)
{
  int fd = *(int *) ptr;
  int err = errno;

  if (fd >= 0)
    close (fd);
  errno = err;
}

void
cleanup_fclose (void *ptr)
{
  FILE *fp = *(FILE **) ptr;
  int err = errno;

  if (fp)
    fclose (fp);
  errno = err;
}

void
cleanup_unlink_free (void *ptr)
{
  char *name = *(char **) ptr;
  int err = errno;

  if (name) {
    unlink (name);
    free (name);
  }
  errno = err;
}
