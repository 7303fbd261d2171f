/** careen - offline disk-image toolkit
 * Writes man/guestfs-compat.pod: which calls of the libguestfs C API
 * careen has and which it lacks, from the API table and the list of
 * libguestfs's calls kept as data in generator/libguestfs-calls.txt.
 * Users porting a program see at a glance whether it can run, and the
 * list shrinks by itself as calls are added to the table.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "generator.h"

/* More names than libguestfs has ever had (about 650): a runaway or
 * wrong input file stops the generator instead of growing forever.
 */
#define MAX_LIBGUESTFS_CALLS 4096

/* Longest line accepted in the list: a call name. */
#define MAX_CALL_NAME 128

static char *names[MAX_LIBGUESTFS_CALLS];
static size_t nr_names;

static int
compare_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
read_calls (const char *srcdir)
{
  char *file = xasprintf ("%s/generator/libguestfs-calls.txt", srcdir);
  char line[MAX_CALL_NAME + 2];
  FILE *fp = fopen (file, "r");
  size_t lineno = 0;

  if (fp == NULL)
    die ("%s: %m", file);
  while (fgets (line, sizeof line, fp) != NULL) {
    size_t n = strlen (line), i;

    lineno++;
    if (n > 0 && line[n-1] == '\n')
      line[--n] = '\0';
    else if (!feof (fp))
      die ("%s:%zu: line too long", file, lineno);
    if (n == 0 || line[0] == '#')
      continue;
    for (i = 0; i < n; ++i)
      if (!((line[i] >= 'a' && line[i] <= 'z') ||
            (line[i] >= '0' && line[i] <= '9') || line[i] == '_'))
        die ("%s:%zu: not a call name: %s", file, lineno, line);
    if (nr_names >= MAX_LIBGUESTFS_CALLS)
      die ("%s: more than %d names", file, MAX_LIBGUESTFS_CALLS);
    names[nr_names++] = xstrdup (line);
  }
  fclose (fp);
  qsort (names, nr_names, sizeof names[0], compare_names);
}

static bool
in_libguestfs (const char *name)
{
  return bsearch (&name, names, nr_names, sizeof names[0],
                  compare_names) != NULL;
}

/* Prints names as one verbatim block, several to a line, so that the
 * long lists stay readable in a terminal.
 */
struct columns {
  size_t col;
};

static void
column_add (struct columns *c, const char *name)
{
  size_t len = strlen (name);

  if (c->col > 0 && c->col + 2 + len > 76) {
    pr ("\n");
    c->col = 0;
  }
  if (c->col == 0) {
    pr (" %s", name);
    c->col = 1 + len;
  }
  else {
    pr ("  %s", name);
    c->col += 2 + len;
  }
}

static void
column_end (struct columns *c)
{
  if (c->col > 0)
    pr ("\n");
  pr ("\n");
  c->col = 0;
}

void
generate_compat_pod (const char *srcdir)
{
  struct columns c = { 0 };
  size_t i, have = 0, extra = 0;

  read_calls (srcdir);
  for (i = 0; i < nr_names; ++i)
    if (find_action (names[i]) != NULL)
      have++;
  for (i = 0; i < nr_actions; ++i)
    if (!in_libguestfs (actions[i]->name))
      extra++;

  output_start (srcdir, "man/guestfs-compat.pod");
  pr_banner_pod ("gen-compat.c");

  pr ("careen has %zu of the %zu calls of the libguestfs C API; a "
      "program that uses only those builds and runs unchanged.  Calls "
      "whose names start with C<internal_> or C<debug> are for testing "
      "libguestfs itself.\n\n", have, nr_names);

  pr ("=head2 Calls careen has\n\n");
  for (i = 0; i < nr_names; ++i)
    if (find_action (names[i]) != NULL)
      column_add (&c, names[i]);
  column_end (&c);

  pr ("=head2 Calls careen does not have yet\n\n");
  pr ("A program using one of these does not build against careen's "
      "F<guestfs.h> (check with the C<GUESTFS_HAVE_*> macros), and a "
      "guestfish script using one fails with \"unknown command\".\n\n");
  for (i = 0; i < nr_names; ++i)
    if (find_action (names[i]) == NULL)
      column_add (&c, names[i]);
  column_end (&c);

  if (extra > 0) {
    pr ("=head2 Calls only careen has\n\n");
    for (i = 0; i < nr_actions; ++i)
      if (!in_libguestfs (actions[i]->name))
        column_add (&c, actions[i]->name);
    column_end (&c);
  }
  output_end ();
}
