/* careen - offline disk-image toolkit
 * Guest paths of the Windows converter.  NTFS names keep the case they
 * were created with, and Windows finds them whatever case it is asked
 * for; the guest is mounted case-sensitively, so every path the
 * converter builds ("/Windows/System32/config/SYSTEM") is looked up one
 * component at a time with the case the guest uses.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cleanups.h"
#include "stringsbuf.h"
#include "convert-windows.h"

char *
winconv_join (const char *dir, const char *name)
{
  char *r;
  size_t n = strlen (dir);

  if (n > 0 && dir[n-1] == '/')
    n--;
  if (asprintf (&r, "%.*s/%s", (int) n, dir, name) == -1) {
    v2v_error ("out of memory");
    return NULL;
  }
  return r;
}

/* The entry of DIR named NAME without regard to case: the guest's
 * spelling (new string), or NULL with *missing_r when there is none.
 * An exact match wins over one that differs in case.
 */
static char *
find_entry (guestfs_h *g, const char *dir, const char *name, bool *missing_r)
{
  CLEANUP_FREE_STRING_LIST char **names = NULL;
  const char *found = NULL;
  size_t k;
  char *r;

  *missing_r = false;
  if (guestfs_is_dir (g, dir) <= 0) {
    *missing_r = true;
    return NULL;
  }
  names = guestfs_ls (g, dir);
  if (names == NULL) {
    v2v_error ("cannot list '%s': %s", dir, guestfs_last_error (g));
    return NULL;
  }
  for (k = 0; names[k] != NULL; ++k) {
    if (strcmp (names[k], name) == 0) {
      found = names[k];
      break;
    }
    if (found == NULL && strcasecmp (names[k], name) == 0)
      found = names[k];
  }
  if (found == NULL) {
    *missing_r = true;
    return NULL;
  }
  r = strdup (found);
  if (r == NULL)
    v2v_error ("out of memory");
  return r;
}

char *
winconv_resolve (guestfs_h *g, const char *path)
{
  CLEANUP_FREE char *copy = NULL;
  char *r = NULL, *comp, *save = NULL;
  bool missing = false;

  if (path[0] != '/') {
    v2v_error ("guest path '%s' is not absolute", path);
    return NULL;
  }
  copy = strdup (path);
  r = strdup ("/");
  if (copy == NULL || r == NULL)
    goto out_nomem;

  for (comp = strtok_r (copy, "/", &save); comp != NULL;
       comp = strtok_r (NULL, "/", &save)) {
    CLEANUP_FREE char *spelt = NULL;
    char *next;

    /* Once a component is missing, nothing below it can exist. */
    if (!missing) {
      spelt = find_entry (g, r, comp, &missing);
      if (spelt == NULL && !missing) {
        free (r);
        return NULL;
      }
    }
    next = winconv_join (r, spelt ? spelt : comp);
    free (r);
    r = next;
    if (r == NULL)
      return NULL;
  }
  return r;

 out_nomem:
  free (r);
  v2v_error ("out of memory");
  return NULL;
}
