/** careen - offline disk-image toolkit
 *
 * The glob command: "glob CMD ARGS..." expands the guest wildcards in
 * ARGS and runs CMD once for every combination of the expansions, as
 * the shell would if guestfish expanded patterns itself (it does not,
 * because a '*' is a legitimate character in many arguments).
 *
 * An argument is a pattern when it starts with '/' and holds one of
 * * ? [ {.  Patterns under /dev/ are matched against the devices,
 * partitions and filesystems the appliance has (fnmatch(3)); the others
 * are expanded in the guest (glob-expand).  A pattern that matches
 * nothing is passed on unchanged, so the command reports the missing
 * file.  The first failing command ends the loop.
 */

#include <config.h>

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "stringsbuf.h"
#include "fish.h"

/* Most commands one glob may run: the product of the expansions of
 * several patterns grows fast, and every run is a round trip to the
 * appliance.
 */
#define FISH_MAX_GLOB_RUNS 100000

static bool
is_pattern (const char *arg)
{
  return arg[0] == '/' && strpbrk (arg, "*?[{") != NULL;
}

/* Adds to SB the device-like names (devices, partitions, filesystems)
 * that match PATTERN.
 */
static int
expand_devices (const char *pattern, struct stringsbuf *sb)
{
  CLEANUP_FREE_STRING_LIST char **devs = guestfs_list_devices (g);
  CLEANUP_FREE_STRING_LIST char **parts = NULL;
  CLEANUP_FREE_STRING_LIST char **fs = NULL;
  size_t i, j;

  if (devs == NULL || (parts = guestfs_list_partitions (g)) == NULL ||
      (fs = guestfs_list_filesystems (g)) == NULL)
    return -1;
  for (i = 0; devs[i] != NULL; ++i)
    if (fnmatch (pattern, devs[i], FNM_PATHNAME) == 0)
      stringsbuf_add_string (sb, devs[i]);
  for (i = 0; parts[i] != NULL; ++i)
    if (fnmatch (pattern, parts[i], FNM_PATHNAME) == 0)
      stringsbuf_add_string (sb, parts[i]);
  /* Filesystems not already listed: logical volumes, mostly. */
  for (i = 0; fs[i] != NULL && fs[i + 1] != NULL; i += 2) {
    bool seen = false;

    for (j = 0; j < sb->size; ++j)
      if (strcmp (sb->argv[j], fs[i]) == 0)
        seen = true;
    if (!seen && fnmatch (pattern, fs[i], FNM_PATHNAME) == 0)
      stringsbuf_add_string (sb, fs[i]);
  }
  return 0;
}

/* The words ARG stands for: its expansions, or itself.  NULL after the
 * error was printed.
 */
static char **
expand_arg (const char *arg)
{
  struct stringsbuf sb;

  stringsbuf_init (&sb);
  if (is_pattern (arg)) {
    if (strncmp (arg, "/dev/", 5) == 0) {
      if (expand_devices (arg, &sb) == -1)
        goto out_release;
    }
    else {
      struct guestfs_glob_expand_opts_argv o = {
        .bitmask = GUESTFS_GLOB_EXPAND_OPTS_DIRECTORYSLASH_BITMASK,
        .directoryslash = 0,
      };
      CLEANUP_FREE_STRING_LIST char **paths =
        guestfs_glob_expand_opts_argv (g, arg, &o);
      size_t i;

      if (paths == NULL)
        goto out_release;
      for (i = 0; paths[i] != NULL; ++i)
        stringsbuf_add_string (&sb, paths[i]);
    }
  }
  if (sb.size == 0)
    stringsbuf_add_string (&sb, arg);
  {
    char **ret = stringsbuf_finish (&sb);

    if (ret == NULL) {
      perror ("malloc");
      goto out_release;
    }
    return ret;
  }

 out_release:
  stringsbuf_release (&sb);
  return NULL;
}

static int
run_glob (const char *cmd, size_t argc, char *argv[])
{
  char ***expansions;
  size_t *counts, *pos;
  char **words;
  size_t i, nargs, runs = 1;
  int r = -1;

  if (argc < 1) {
    fish_usage_error (cmd, "glob command [args...]");
    return -1;
  }
  nargs = argc - 1;
  expansions = calloc (nargs + 1, sizeof *expansions);
  counts = calloc (nargs + 1, sizeof *counts);
  pos = calloc (nargs + 1, sizeof *pos);
  words = calloc (nargs + 1, sizeof *words);
  if (!expansions || !counts || !pos || !words) {
    perror ("calloc");
    goto out;
  }

  for (i = 0; i < nargs; ++i) {
    expansions[i] = expand_arg (argv[i + 1]);
    if (expansions[i] == NULL)
      goto out;
    for (counts[i] = 0; expansions[i][counts[i]] != NULL; ++counts[i])
      ;
    if (__builtin_mul_overflow (runs, counts[i], &runs) ||
        runs > FISH_MAX_GLOB_RUNS) {
      fprintf (stderr, "%s: the patterns expand to more than %d "
               "commands\n", cmd, FISH_MAX_GLOB_RUNS);
      goto out;
    }
  }

  /* Every combination, the last argument varying fastest (like nested
   * loops over the arguments in order).
   */
  for (;;) {
    for (i = 0; i < nargs; ++i)
      words[i] = expansions[i][pos[i]];
    words[nargs] = NULL;
    if (fish_run_command (argv[0], nargs, words) == -1)
      goto out;
    if (fish_quit || fish_interrupts () > 0)
      break;
    for (i = nargs; i > 0; --i) {
      if (++pos[i - 1] < counts[i - 1])
        break;
      pos[i - 1] = 0;
    }
    if (i == 0)
      break;
  }
  r = fish_interrupts () > 0 ? -1 : 0;

 out:
  if (expansions)
    for (i = 0; i < nargs; ++i)
      strings_free (expansions[i]);
  free (expansions);
  free (counts);
  free (pos);
  free (words);
  return r;
}

const struct fish_command fish_glob_commands[] = {
  { "glob", NULL,
    "expand wildcards in command",
    "glob command args...",
    "Runs command once for every combination of the guest paths that\n"
    "match the wildcard patterns among args.  An argument is a pattern\n"
    "when it starts with / and contains *, ?, [ or {.  Patterns under\n"
    "/dev/ match devices, partitions and logical volumes; the others\n"
    "are expanded in the guest, as glob-expand does.  A pattern that\n"
    "matches nothing is passed unchanged.  The first failure stops the\n"
    "loop.  For example, to remove every .bak file of a directory:\n"
    "\n"
    "    glob rm /etc/*.bak",
    run_glob, FISH_ARGS_COMMAND },
  { NULL, NULL, NULL, NULL, NULL, NULL, 0 }
};
