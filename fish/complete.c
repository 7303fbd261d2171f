/** careen - offline disk-image toolkit
 *
 * Tab completion in the interactive shell.  What a word completes to
 * depends on where it is:
 *
 *   the first word               command names and aliases
 *   a host file argument         host file names: the words that the
 *                                command table marks (FileIn and
 *                                FileOut arguments, add's image,
 *                                lcd's directory, copy-in's sources,
 *                                ...), and every word of a "!" line
 *   a word starting with /dev/   devices, partitions and filesystems
 *                                the appliance has (list-devices,
 *                                list-partitions, list-filesystems)
 *   a word starting with /       guest paths (ls of the directory part)
 *
 * Guest completions ask the appliance, so they are offered only once it
 * runs, and with the error handler silenced: a failed completion must
 * not print errors in the middle of the line being typed.  Guest
 * results are bounded by FISH_MAX_COMPLETIONS so that a huge directory
 * cannot stall the prompt building a list nobody can read.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "cleanups.h"
#include "stringsbuf.h"
#include "fish.h"

/* Most guest names offered for one completion. */
#define FISH_MAX_COMPLETIONS 10000

/* Names collected for the generator below (readline calls it with
 * state 0, then again until it returns NULL).
 */
static struct stringsbuf names;
static size_t names_next;

static char *
names_generator (const char *text, int state)
{
  size_t len = strlen (text);

  if (state == 0)
    names_next = 0;
  while (names_next < names.size) {
    const char *n = names.argv[names_next++];

    if (strncmp (n, text, len) == 0)
      return strdup (n);
  }
  return NULL;
}

static void
names_reset (void)
{
  stringsbuf_release (&names);
  stringsbuf_init (&names);
}

/* Adds every command name and alias. */
static void
add_command_names (void)
{
  size_t t, i;

  for (t = 0; fish_tables[t] != NULL; ++t)
    for (i = 0; fish_tables[t][i].name != NULL; ++i) {
      const struct fish_command *c = &fish_tables[t][i];
      const char *p;

      stringsbuf_add_string (&names, c->name);
      for (p = c->aliases; p != NULL && *p != '\0'; ) {
        size_t len = strcspn (p, " ");

        if (len > 0) {
          char *a = strndup (p, len);

          if (a)
            stringsbuf_add_string_nodup (&names, a);
        }
        p += len;
        p += strspn (p, " ");
      }
    }
}

static bool
appliance_ready (void)
{
  return g != NULL && guestfs_is_ready (g) > 0;
}

static void
add_list (char **list)
{
  size_t i;

  for (i = 0; list && list[i] != NULL && names.size < FISH_MAX_COMPLETIONS;
       ++i)
    stringsbuf_add_string (&names, list[i]);
}

/* Devices, partitions and filesystems (list-filesystems returns name,
 * type pairs: only the names).
 */
static void
add_devices (void)
{
  CLEANUP_FREE_STRING_LIST char **devs = NULL;
  CLEANUP_FREE_STRING_LIST char **parts = NULL;
  CLEANUP_FREE_STRING_LIST char **fs = NULL;
  size_t i;

  guestfs_push_error_handler (g, NULL, NULL);
  devs = guestfs_list_devices (g);
  parts = guestfs_list_partitions (g);
  fs = guestfs_list_filesystems (g);
  guestfs_pop_error_handler (g);

  add_list (devs);
  add_list (parts);
  /* Filesystems repeat most partitions: add only the others (LVs). */
  for (i = 0; fs && fs[i] != NULL && fs[i + 1] != NULL; i += 2) {
    size_t j;
    bool seen = false;

    for (j = 0; j < names.size; ++j)
      if (strcmp (names.argv[j], fs[i]) == 0)
        seen = true;
    if (!seen && names.size < FISH_MAX_COMPLETIONS)
      stringsbuf_add_string (&names, fs[i]);
  }
}

/* Guest paths: the entries of the directory part of TEXT.  When only
 * one entry matches and it is a directory, it gets its '/' and no
 * space after it, so the user can go on typing inside it.
 */
static void
add_guest_paths (const char *text)
{
  const char *slash = strrchr (text, '/');
  CLEANUP_FREE char *dir = strndup (text, slash - text + 1);
  CLEANUP_FREE_STRING_LIST char **entries = NULL;
  const char *base = slash + 1;
  size_t i, baselen = strlen (base), matches = 0;

  if (dir == NULL)
    return;
  guestfs_push_error_handler (g, NULL, NULL);
  entries = guestfs_ls (g, dir);
  guestfs_pop_error_handler (g);
  if (entries == NULL)
    return;
  for (i = 0; entries[i] != NULL && names.size < FISH_MAX_COMPLETIONS; ++i) {
    char *path;

    if (strncmp (entries[i], base, baselen) != 0)
      continue;
    if (asprintf (&path, "%s%s", dir, entries[i]) == -1)
      return;
    stringsbuf_add_string_nodup (&names, path);
    matches++;
  }
  if (matches == 1) {
    const char *only = names.argv[names.size - 1];
    int r;

    guestfs_push_error_handler (g, NULL, NULL);
    r = guestfs_is_dir (g, only);
    guestfs_pop_error_handler (g);
    if (r > 0) {
      char *with_slash;

      if (asprintf (&with_slash, "%s/", only) != -1) {
        free (names.argv[names.size - 1]);
        names.argv[names.size - 1] = with_slash;
        rl_completion_append_character = '\0';
      }
    }
  }
}

/* Whether word ARGI (0 = the first after the command name) of command
 * C names a host file: what the command table says of its words.
 */
static bool
is_host_file_word (const struct fish_command *c, int argi, const char *text)
{
  if (c->arg_kinds & FISH_HOST_FILES_BUT_LAST)
    return text[0] != '/';
  if (c->arg_kinds & FISH_HOST_FILE_LAST)
    return argi > 0 && text[0] != '/';
  return argi < FISH_HOST_FILE_ARGS_MAX &&
    (c->arg_kinds & FISH_HOST_FILE_ARG (argi)) != 0;
}

char **
fish_complete (const char *text, int start, int end)
{
  CLEANUP_FREE char *before = strndup (rl_line_buffer, start);
  char *p, *cmd = NULL;
  const struct fish_command *c = NULL;
  int argi = -1;
  char **matches;

  rl_completion_append_character = ' ';
  if (before == NULL)
    return NULL;

  /* "!cmd": the host shell's words; local names are the best guess. */
  p = before + strspn (before, " \t");
  if (*p == '!' || (p[0] == '<' && p[1] == '!'))
    return NULL;
  if (*p == '-')
    p++;
  /* Count the words before the cursor's word. */
  for (;;) {
    p += strspn (p, " \t");
    if (*p == '\0')
      break;
    if (cmd == NULL)
      cmd = p;
    p += strcspn (p, " \t");
    if (*p != '\0')
      *p++ = '\0';
    argi++;
    if (argi == 0) {
      c = fish_lookup_command (cmd);
      /* "glob CMD ...", "time CMD ...": the words are CMD's. */
      if (c != NULL && (c->arg_kinds & FISH_ARGS_COMMAND)) {
        cmd = NULL;
        argi = -1;
      }
    }
  }

  names_reset ();
  if (cmd == NULL)
    add_command_names ();
  else if (c != NULL && is_host_file_word (c, argi, text))
    return NULL;            /* readline's own: local file names */
  else if (text[0] == '/' && fish_complete_dest_paths && appliance_ready ()) {
    if (strncmp (text, "/dev/", 5) == 0 || strncmp ("/dev/", text,
                                                   strlen (text)) == 0)
      add_devices ();
    if (strncmp (text, "/dev/", 5) != 0 || names.size == 0)
      add_guest_paths (text);
  }

  /* Never fall back to local names for guest arguments. */
  rl_attempted_completion_over = 1;
  matches = rl_completion_matches (text, names_generator);
  names_reset ();
  return matches;
}
