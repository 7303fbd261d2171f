/* careen - offline disk-image toolkit */

/**
 * case_sensitive_path: the real spelling of a path whose case is not
 * known, for names that come from Windows (registry values,
 * configuration files) and must be found on an NTFS or FAT filesystem
 * that Linux mounts case-sensitively.  Each directory on the way is
 * opened inside the guest (sysroot_open, so symlinks resolve within it)
 * and listed to find the entry that matches.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "daemon.h"

/* Looks for name in the guest directory dir: *found_r gets the entry
 * spelled exactly as name if there is one, else the first entry equal
 * to it ignoring ASCII case, else NULL.  -1 with errno (silent).
 */
static int
find_entry (const char *dir, const char *name, char **found_r)
{
  DIR *d;
  struct dirent *e;
  int fd;

  *found_r = NULL;
  fd = sysroot_open (dir, O_RDONLY | O_DIRECTORY, 0);
  if (fd == -1)
    return -1;
  d = fdopendir (fd);
  if (d == NULL) {
    int err = errno;

    close (fd);
    errno = err;
    return -1;
  }
  for (;;) {
    errno = 0;
    e = readdir (d);
    if (e == NULL)
      break;
    if (strcmp (e->d_name, name) == 0) {
      free (*found_r);
      *found_r = strdup (e->d_name);
      if (*found_r == NULL)
        goto error;
      break;
    }
    if (*found_r == NULL && strcasecmp (e->d_name, name) == 0) {
      *found_r = strdup (e->d_name);
      if (*found_r == NULL)
        goto error;
    }
  }
  if (errno != 0)
    goto error;
  closedir (d);
  return 0;

 error:
  {
    int err = errno;

    free (*found_r);
    *found_r = NULL;
    closedir (d);
    errno = err;
    return -1;
  }
}

char *
do_case_sensitive_path (const char *path)
{
  CLEANUP_FREE char *copy = strdup (path);
  char *result, *comp, *next, *save = NULL;

  if (copy == NULL) {
    reply_with_perror ("strdup");
    return NULL;
  }
  /* The result so far, a guest path: "/" then "/A", "/A/B" ... */
  result = strdup ("/");
  if (result == NULL) {
    reply_with_perror ("strdup");
    return NULL;
  }

  comp = strtok_r (copy, "/", &save);
  while (comp != NULL) {
    CLEANUP_FREE char *found = NULL;
    char *joined;

    next = strtok_r (NULL, "/", &save);
    if (strcmp (comp, ".") == 0 || strcmp (comp, "..") == 0) {
      reply_with_error_errno (EINVAL, "%s: '.' and '..' are not allowed in "
                              "the path", path);
      free (result);
      return NULL;
    }
    if (find_entry (result, comp, &found) == -1) {
      reply_with_perror ("%s", result);
      free (result);
      return NULL;
    }
    if (found == NULL && next != NULL) {
      reply_with_error_errno (ENOENT, "%s: no entry '%s' in '%s', in any "
                              "case", path, comp, result);
      free (result);
      return NULL;
    }
    joined = join_guest_path (result, found ? found : comp);
    free (result);
    if (joined == NULL) {
      reply_with_perror ("malloc");
      return NULL;
    }
    result = joined;
    comp = next;
  }
  return result;
}
