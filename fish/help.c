/** careen - offline disk-image toolkit
 *
 * guestfish's help: the list of all commands (guestfish -h, help -l),
 * the detailed help of one command (guestfish -h CMD, help CMD) and
 * the short introduction printed by a bare "help".  Generated and local
 * commands are listed together, in one sorted table, with each alias
 * on its own line pointing at its command, as guestfish does.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "stringsbuf.h"
#include "fish.h"

struct help_row {
  const char *name;
  const char *target;           /* for an alias: the command's name */
  const struct fish_command *c;
};

/* help and quit come first, the rest in alphabetical order. */
static int
row_rank (const struct help_row *r)
{
  if (r->target == NULL && strcmp (r->name, "help") == 0)
    return 0;
  if (r->target == NULL && strcmp (r->name, "quit") == 0)
    return 1;
  return 2;
}

static int
compare_rows (const void *av, const void *bv)
{
  const struct help_row *a = av, *b = bv;
  int ra = row_rank (a), rb = row_rank (b);

  if (ra != rb)
    return ra - rb;
  return strcmp (a->name, b->name);
}

/* Adds the command and each of its aliases (the aliases string is
 * split into ALIAS_NAMES, which must outlive the rows).
 */
static int
add_rows (struct help_row *rows, size_t *n, size_t max,
          const struct fish_command *c, struct stringsbuf *alias_names)
{
  const char *p;

  if (*n >= max)
    return -1;
  rows[(*n)++] = (struct help_row) { c->name, NULL, c };
  for (p = c->aliases; p != NULL && *p != '\0'; ) {
    size_t len = strcspn (p, " ");

    if (len > 0) {
      char *a = strndup (p, len);

      if (a == NULL || *n >= max ||
          stringsbuf_add_string_nodup (alias_names, a) == -1)
        return -1;
      rows[(*n)++] = (struct help_row) { a, c->name, c };
    }
    p += len;
    p += strspn (p, " ");
  }
  return 0;
}

static size_t
count_names (const struct fish_command *table)
{
  size_t i, n = 0;
  const char *p;

  for (i = 0; table[i].name != NULL; ++i) {
    n++;
    for (p = table[i].aliases; p != NULL && *p != '\0'; p++)
      if (*p == ' ' || p == table[i].aliases)
        n++;
  }
  return n;
}

void
fish_list_commands (void)
{
  struct help_row *rows;
  struct stringsbuf alias_names;
  size_t t, i, n = 0, max = 0;

  for (t = 0; fish_tables[t] != NULL; ++t)
    max += count_names (fish_tables[t]);
  rows = calloc (max, sizeof *rows);
  stringsbuf_init (&alias_names);
  if (rows == NULL) {
    perror ("calloc");
    return;
  }
  for (t = 0; fish_tables[t] != NULL; ++t) {
    for (i = 0; fish_tables[t][i].name != NULL; ++i) {
      const struct fish_command *c = &fish_tables[t][i];

      /* A command shadowed by one of an earlier table is listed once. */
      if (fish_lookup_command (c->name) != c)
        continue;
      if (add_rows (rows, &n, max, c, &alias_names) == -1)
        goto out;
    }
  }
  qsort (rows, n, sizeof *rows, compare_rows);

  printf ("    %-20s %s\n", "Command", "Description");
  for (i = 0; i < n; ++i) {
    if (rows[i].target)
      printf ("%-20s alias for '%s'\n", rows[i].name, rows[i].target);
    else
      printf ("%-20s %s\n", rows[i].name, rows[i].c->shortdesc);
  }
  printf ("    Use 'help CMD' (or guestfish -h CMD) for the details of one "
          "command.\n");

 out:
  free (rows);
  stringsbuf_release (&alias_names);
}

/* Prints TEXT with each line indented by INDENT spaces. */
static void
print_indented (const char *text, int indent)
{
  while (*text) {
    size_t len = strcspn (text, "\n");

    if (len > 0)
      printf ("%*s%.*s\n", indent, "", (int) len, text);
    else
      putchar ('\n');
    text += len;
    if (*text == '\n')
      text++;
  }
}

int
fish_display_command_help (const char *cmd)
{
  const struct fish_command *c = fish_lookup_command (cmd);
  const char *p;
  int first = 1;

  if (c == NULL) {
    fprintf (stderr, "help: %s: unknown command; 'help -l' lists the "
             "commands\n", cmd);
    return -1;
  }

  printf ("NAME\n    %s - %s\n\n", c->name, c->shortdesc);
  printf ("SYNOPSIS\n     %s\n\n", c->synopsis);
  printf ("DESCRIPTION\n");
  if (c->help && *c->help)
    print_indented (c->help, 4);
  if (c->aliases && *c->aliases) {
    printf ("\n    Other names for this command:");
    for (p = c->aliases; *p != '\0'; ) {
      size_t len = strcspn (p, " ");

      if (len > 0) {
        printf ("%s '%.*s'", first ? "" : ",", (int) len, p);
        first = 0;
      }
      p += len;
      p += strspn (p, " ");
    }
    printf (".\n");
  }
  putchar ('\n');
  return 0;
}

int
run_help (const char *cmd, size_t argc, char *argv[])
{
  if (argc == 0) {
    printf ("Add disk images with the -a option or the 'add' command, or\n"
            "create new ones with -N, 'sparse' or 'alloc'.  Then start the\n"
            "appliance with 'run' and mount a filesystem with 'mount'\n"
            "(the -m option does both).\n"
            "\n"
            "'help -l' lists every command; 'help CMD' describes one.\n"
            "\n");
    return 0;
  }
  if (argc == 1 && (strcmp (argv[0], "-l") == 0 ||
                    strcmp (argv[0], "--list") == 0)) {
    fish_list_commands ();
    return 0;
  }
  if (argc == 1)
    return fish_display_command_help (argv[0]);

  fish_usage_error (cmd, "help [cmd | -l | --list]");
  return -1;
}
