/* careen - offline disk-image toolkit
 * Allocation that exits on failure, for the front-end programs.  The
 * message names the program as it was started (the tools' names are
 * their file names).
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void
die_nomem (void)
{
  fprintf (stderr, "%s: out of memory\n", program_invocation_short_name);
  exit (EXIT_FAILURE);
}

void *
xmalloc (size_t n)
{
  void *p = malloc (n);

  if (p == NULL)
    die_nomem ();
  return p;
}

char *
xstrdup (const char *s)
{
  char *r = strdup (s);

  if (r == NULL)
    die_nomem ();
  return r;
}

char *
xstrndup (const char *s, size_t n)
{
  char *r = strndup (s, n);

  if (r == NULL)
    die_nomem ();
  return r;
}

char *
xdir_with_slash (const char *dir)
{
  size_t n = strlen (dir);
  char *r = xmalloc (n + 2);

  memcpy (r, dir, n);
  if (n == 0 || dir[n - 1] != '/')
    r[n++] = '/';
  r[n] = '\0';
  return r;
}
