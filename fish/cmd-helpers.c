/** careen - offline disk-image toolkit
 * Helpers for guestfish's generated commands (cmds-gen.c): parsing the
 * words the user typed into numbers, booleans, lists and local file
 * names, and printing results in guestfish's formats.  Parsers report
 * "CMD: ..." on stderr and return -1 (or NULL) on a bad value.
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "fish-cmds.h"
#include "stringsbuf.h"

int
fish_parse_bool (const char *cmd, const char *arg, int *r)
{
  /* The words guestfish has always accepted, in any case. */
  static const char *const yes[] = { "1", "true", "t", "yes", "y", "on", NULL };
  static const char *const no[] = { "0", "false", "f", "no", "n", "off", NULL };
  size_t i;

  for (i = 0; yes[i]; ++i)
    if (strcasecmp (arg, yes[i]) == 0) {
      *r = 1;
      return 0;
    }
  for (i = 0; no[i]; ++i)
    if (strcasecmp (arg, no[i]) == 0) {
      *r = 0;
      return 0;
    }
  fprintf (stderr, "%s: '%s': invalid boolean value, use 'true' or 'false'\n",
           cmd, arg);
  return -1;
}

/* Multiplier of a size suffix: K, M, G, T, P, E (k also means K),
 * optionally followed by "iB" (powers of 1024, the same as no suffix
 * letter) or "B" (powers of 1000).  Returns 0, or -1 if the suffix is
 * not one of those.
 */
static int
suffix_multiplier (const char *s, int64_t *mult_r)
{
  static const char letters[] = "KMGTPE";
  const char *p;
  int64_t base = 1024, mult = 1;
  int power, i;

  if (*s == '\0') {
    *mult_r = 1;
    return 0;
  }
  p = strchr (letters, *s == 'k' ? 'K' : *s);
  if (p == NULL)
    return -1;
  power = p - letters + 1;
  if (strcmp (s + 1, "B") == 0)
    base = 1000;
  else if (s[1] != '\0' && strcmp (s + 1, "iB") != 0)
    return -1;
  for (i = 0; i < power; ++i)
    mult *= base;               /* at most 1024^6 = 2^60: cannot overflow */
  *mult_r = mult;
  return 0;
}

int
fish_parse_int64 (const char *cmd, const char *arg, int64_t *r)
{
  char *end;
  long long v;
  int64_t mult, result;

  /* strtoll skips leading spaces and accepts an empty string as 0:
   * refuse both, as a typo there should not become a number.
   */
  if (*arg == '\0' || isspace ((unsigned char) *arg))
    goto invalid;
  errno = 0;
  v = strtoll (arg, &end, 0);   /* base 0: decimal, 0x hex, 0 octal */
  if (end == arg)
    goto invalid;
  if (errno == ERANGE)
    goto range;
  if (suffix_multiplier (end, &mult) == -1)
    goto invalid;
  if (__builtin_mul_overflow ((int64_t) v, mult, &result))
    goto range;
  *r = result;
  return 0;

 invalid:
  fprintf (stderr, "%s: '%s': invalid number\n", cmd, arg);
  return -1;
 range:
  fprintf (stderr, "%s: '%s': number out of range\n", cmd, arg);
  return -1;
}

int
fish_parse_int (const char *cmd, const char *arg, int *r)
{
  int64_t v;

  if (fish_parse_int64 (cmd, arg, &v) == -1)
    return -1;
  if (v < INT_MIN || v > INT_MAX) {
    fprintf (stderr, "%s: '%s': number out of range\n", cmd, arg);
    return -1;
  }
  *r = (int) v;
  return 0;
}

char **
fish_parse_string_list (const char *cmd, const char *arg)
{
  struct stringsbuf sb;
  const char *p = arg;

  stringsbuf_init (&sb);
  for (;;) {
    char *word = NULL;
    size_t len = 0;
    FILE *fp;

    while (*p == ' ' || *p == '\t')
      ++p;
    if (*p == '\0')
      break;

    fp = open_memstream (&word, &len);
    if (fp == NULL)
      goto nomem;
    /* A word runs to the next unquoted space.  Quotes group and are
     * removed; inside double quotes a backslash escapes the next
     * character.
     */
    while (*p != '\0' && *p != ' ' && *p != '\t') {
      if (*p == '\'' || *p == '"') {
        char quote = *p++;

        while (*p != '\0' && *p != quote) {
          if (quote == '"' && *p == '\\' && p[1] != '\0')
            ++p;
          fputc (*p++, fp);
        }
        if (*p != quote) {
          fclose (fp);
          free (word);
          stringsbuf_release (&sb);
          fprintf (stderr, "%s: unterminated quote in list '%s'\n", cmd, arg);
          return NULL;
        }
        ++p;
      }
      else
        fputc (*p++, fp);
    }
    if (fclose (fp) == EOF) {
      free (word);
      goto nomem;
    }
    if (stringsbuf_add_string_nodup (&sb, word) == -1)
      goto nomem;
  }
  {
    char **list = stringsbuf_finish (&sb);

    if (list == NULL)
      goto nomem;
    return list;
  }

 nomem:
  stringsbuf_release (&sb);
  perror (cmd);
  return NULL;
}

/* Expands a leading ~ or ~user (host home directories).  Returns a
 * newly allocated name, or NULL with the error printed.
 */
static char *
expand_tilde (const char *arg)
{
  const char *rest, *home = NULL;
  char *r;

  if (arg[0] != '~')
    goto copy;
  rest = strchr (arg, '/');
  if (rest == NULL)
    rest = arg + strlen (arg);
  if (rest == arg + 1) {
    home = getenv ("HOME");
    if (home == NULL) {
      struct passwd *pw = getpwuid (getuid ());
      if (pw)
        home = pw->pw_dir;
    }
  }
  else {
    char *user = strndup (arg + 1, rest - arg - 1);
    struct passwd *pw;

    if (user == NULL)
      goto nomem;
    pw = getpwnam (user);
    free (user);
    if (pw)
      home = pw->pw_dir;
  }
  /* An unknown user is not an error: the name is used as written. */
  if (home == NULL)
    goto copy;
  if (asprintf (&r, "%s%s", home, rest) == -1)
    goto nomem;
  return r;

 copy:
  r = strdup (arg);
  if (r == NULL)
    goto nomem;
  return r;
 nomem:
  perror ("malloc");
  return NULL;
}

char *
fish_file_in (const char *arg)
{
  return expand_tilde (strcmp (arg, "-") == 0 ? "/dev/stdin" : arg);
}

char *
fish_file_out (const char *arg)
{
  return expand_tilde (strcmp (arg, "-") == 0 ? "/dev/stdout" : arg);
}

void
fish_usage_error (const char *cmd, const char *synopsis)
{
  fprintf (stderr,
           "error: incorrect number of arguments\n"
           "usage: %s\n"
           "type 'help %s' for more help on %s\n",
           synopsis, cmd, cmd);
}

void
fish_print_strings (char *const *list)
{
  size_t i;

  for (i = 0; list[i] != NULL; ++i)
    printf ("%s\n", list[i]);
}

void
fish_print_table (char *const *hash)
{
  size_t i;

  for (i = 0; hash[i] != NULL && hash[i + 1] != NULL; i += 2)
    printf ("%s: %s\n", hash[i], hash[i + 1]);
}

void
fish_free_strings (char **list)
{
  size_t i;

  if (list == NULL)
    return;
  for (i = 0; list[i] != NULL; ++i)
    free (list[i]);
  free (list);
}
