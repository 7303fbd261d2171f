/** careen - offline disk-image toolkit
 *
 * libguestfs-tools.conf: the configuration file through which users
 * make guestfish and virt-rescue read-only by default
 * ("read_only = true;").  The files are those libguestfs reads, in
 * its order, from the least important to the most, each setting
 * replacing the one before it:
 *
 *   /etc/libguestfs-tools.conf (there whatever the installation prefix:
 *     it is where libguestfs's packages put it and users edit it)
 *   $XDG_CONFIG_DIRS/libguestfs/libguestfs-tools.conf (or /etc/xdg)
 *   $HOME/.libguestfs-tools.rc
 *   $XDG_CONFIG_HOME/libguestfs/libguestfs-tools.conf (or ~/.config)
 *
 * The syntax is libconfig's, as far as these files use it: settings
 * "name = value;" (or "name : value"), the terminator ';' or ','
 * optional, a name set twice an error, comments "#", "//" and C-style, values true/false, numbers,
 * quoted strings and bracketed groups, which are skipped.  careen
 * does not link libconfig for one boolean.  A file that does not
 * parse is an error, as it is in libguestfs: a user who wrote
 * read_only = true must not get a read-write shell silently.
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cleanups.h"
#include "options.h"

/* Largest configuration file read: a real one is a few lines. */
#define CONFIG_MAX_SIZE (64 * 1024)

/* Most top-level settings in one file (each is checked against the
 * others for duplicates).
 */
#define CONFIG_MAX_SETTINGS 256

/* Deepest nesting of groups, lists and arrays skipped. */
#define CONFIG_MAX_DEPTH 32

#define CONFIG_NAME "libguestfs-tools.conf"

/* The parser's position in one file. */
struct config_parser {
  const char *filename;
  const char *p;
  int line;
  const char *error;            /* what went wrong, for the message */
};

/* Skips white space and comments. */
static void
skip_blank (struct config_parser *cp)
{
  for (;;) {
    if (*cp->p == '\n') {
      cp->line++;
      cp->p++;
    }
    else if (isspace ((unsigned char) *cp->p))
      cp->p++;
    else if (*cp->p == '#' || (cp->p[0] == '/' && cp->p[1] == '/')) {
      while (*cp->p && *cp->p != '\n')
        cp->p++;
    }
    else if (cp->p[0] == '/' && cp->p[1] == '*') {
      cp->p += 2;
      while (*cp->p && !(cp->p[0] == '*' && cp->p[1] == '/')) {
        if (*cp->p == '\n')
          cp->line++;
        cp->p++;
      }
      if (*cp->p)
        cp->p += 2;
    }
    else
      return;
  }
}

/* Skips one value that is not a scalar: a group, list or array with
 * whatever it holds.  Returns 0, or -1 with cp->error set.
 */
static int
skip_compound (struct config_parser *cp)
{
  char stack[CONFIG_MAX_DEPTH];
  size_t depth = 0;

  do {
    char c = *cp->p;

    if (c == '\0') {
      cp->error = "unterminated group or list";
      return -1;
    }
    if (c == '"') {
      cp->p++;
      while (*cp->p && *cp->p != '"') {
        if (*cp->p == '\\' && cp->p[1])
          cp->p++;
        if (*cp->p == '\n')
          cp->line++;
        cp->p++;
      }
      if (*cp->p != '"') {
        cp->error = "unterminated string";
        return -1;
      }
    }
    else if (c == '{' || c == '(' || c == '[') {
      if (depth == CONFIG_MAX_DEPTH) {
        cp->error = "groups nested too deeply";
        return -1;
      }
      stack[depth++] = c == '{' ? '}' : c == '(' ? ')' : ']';
    }
    else if (c == '}' || c == ')' || c == ']') {
      if (depth == 0 || stack[depth - 1] != c) {
        cp->error = "mismatched bracket";
        return -1;
      }
      depth--;
    }
    else if (c == '\n')
      cp->line++;
    cp->p++;
  } while (depth > 0);
  return 0;
}

/* Parses the value of one setting.  *BOOL_R is set to 0 or 1 for
 * true/false, and to -1 for any other value.  Returns 0, or -1 with
 * cp->error set.
 */
static int
parse_value (struct config_parser *cp, int *bool_r)
{
  const char *start = cp->p;
  size_t len;

  *bool_r = -1;
  if (*cp->p == '{' || *cp->p == '(' || *cp->p == '[')
    return skip_compound (cp);
  if (*cp->p == '"') {
    /* Adjacent strings are joined in libconfig: skip them all. */
    while (*cp->p == '"') {
      cp->p++;
      while (*cp->p && *cp->p != '"' && *cp->p != '\n') {
        if (*cp->p == '\\' && cp->p[1])
          cp->p++;
        cp->p++;
      }
      if (*cp->p != '"') {
        cp->error = "unterminated string";
        return -1;
      }
      cp->p++;
      skip_blank (cp);
    }
    return 0;
  }
  while (isalnum ((unsigned char) *cp->p) || *cp->p == '.' ||
         *cp->p == '-' || *cp->p == '+')
    cp->p++;
  len = cp->p - start;
  if (len == 0) {
    cp->error = "syntax error: a value was expected";
    return -1;
  }
  if (len == 4 && strncasecmp (start, "true", 4) == 0)
    *bool_r = 1;
  else if (len == 5 && strncasecmp (start, "false", 5) == 0)
    *bool_r = 0;
  else if (!isdigit ((unsigned char) *start) && *start != '-' &&
           *start != '+' && *start != '.') {
    cp->error = "syntax error: unknown value";
    return -1;
  }
  return 0;
}

/* Parses one file's text, setting *READ_ONLY when the file sets it.
 * Returns 0, or -1 with cp->error and cp->line set.
 */
static int
parse_config (struct config_parser *cp, bool *read_only)
{
  const char *names[CONFIG_MAX_SETTINGS];
  size_t lens[CONFIG_MAX_SETTINGS], nr_names = 0;

  for (;;) {
    const char *name;
    size_t len, i;
    int b;

    skip_blank (cp);
    if (*cp->p == '\0')
      return 0;
    name = cp->p;
    if (!isalpha ((unsigned char) *cp->p) && *cp->p != '*') {
      cp->error = "syntax error: a setting name was expected";
      return -1;
    }
    while (isalnum ((unsigned char) *cp->p) || *cp->p == '_' ||
           *cp->p == '-' || *cp->p == '*')
      cp->p++;
    len = cp->p - name;
    for (i = 0; i < nr_names; ++i)
      if (lens[i] == len && strncmp (names[i], name, len) == 0) {
        cp->error = "duplicate setting name";
        return -1;
      }
    if (nr_names == CONFIG_MAX_SETTINGS) {
      cp->error = "too many settings";
      return -1;
    }
    names[nr_names] = name;
    lens[nr_names++] = len;
    skip_blank (cp);
    if (*cp->p != '=' && *cp->p != ':') {
      cp->error = "syntax error: '=' was expected";
      return -1;
    }
    cp->p++;
    skip_blank (cp);
    if (parse_value (cp, &b) == -1)
      return -1;
    skip_blank (cp);
    if (*cp->p == ';' || *cp->p == ',')
      cp->p++;
    if (len == 9 && strncmp (name, "read_only", 9) == 0) {
      if (b == -1) {
        cp->error = "read_only must be true or false";
        return -1;
      }
      *read_only = b;
    }
  }
}

/* Reads one file if it exists.  Returns 0 (also when there is no such
 * file), or -1 after printing the error.
 */
static int
read_config_file (const struct options *o, const char *filename,
                  bool *read_only)
{
  CLEANUP_FCLOSE FILE *fp = fopen (filename, "re");
  CLEANUP_FREE char *text = NULL;
  struct config_parser cp = { .filename = filename, .line = 1 };
  size_t n;

  if (fp == NULL) {
    if (errno == ENOENT || errno == ENOTDIR)
      return 0;
    fprintf (stderr, "%s: open: %s: %m\n", o->program, filename);
    return -1;
  }
  text = malloc (CONFIG_MAX_SIZE + 1);
  if (text == NULL) {
    fprintf (stderr, "%s: out of memory\n", o->program);
    return -1;
  }
  n = fread (text, 1, CONFIG_MAX_SIZE + 1, fp);
  if (ferror (fp)) {
    fprintf (stderr, "%s: read: %s: %m\n", o->program, filename);
    return -1;
  }
  if (n > CONFIG_MAX_SIZE) {
    fprintf (stderr, "%s: %s: configuration file too large (over %d "
             "bytes)\n", o->program, filename, CONFIG_MAX_SIZE);
    return -1;
  }
  if (memchr (text, '\0', n) != NULL) {
    fprintf (stderr, "%s: %s: not a text file\n", o->program, filename);
    return -1;
  }
  text[n] = '\0';
  cp.p = text;
  if (parse_config (&cp, read_only) == -1) {
    fprintf (stderr, "%s: %s: line %d: error parsing configuration "
             "file: %s\n", o->program, filename, cp.line, cp.error);
    return -1;
  }
  return 0;
}

/* Reads DIR/libguestfs/libguestfs-tools.conf. */
static int
read_in_dir (const struct options *o, const char *dir, size_t dirlen,
             bool *read_only)
{
  CLEANUP_FREE char *path = NULL;

  if (dirlen == 0 || dir[0] != '/')
    return 0;                   /* relative entries are ignored (XDG) */
  if (asprintf (&path, "%.*s/libguestfs/" CONFIG_NAME, (int) dirlen,
                dir) == -1) {
    fprintf (stderr, "%s: out of memory\n", o->program);
    return -1;
  }
  return read_config_file (o, path, read_only);
}

int
options_read_config (struct options *o)
{
  const char *home = getenv ("HOME");
  const char *xdg_dirs = getenv ("XDG_CONFIG_DIRS");
  const char *xdg_home = getenv ("XDG_CONFIG_HOME");
  bool read_only = o->read_only;
  const char *p;

  if (read_config_file (o, "/etc/" CONFIG_NAME, &read_only) == -1)
    return -1;

  /* The directories of XDG_CONFIG_DIRS, the most important first:
   * read from the last, so that the first wins.
   */
  if (xdg_dirs == NULL || *xdg_dirs == '\0')
    xdg_dirs = "/etc/xdg";
  p = xdg_dirs + strlen (xdg_dirs);
  while (p > xdg_dirs) {
    const char *end = p, *start = p;

    while (start > xdg_dirs && start[-1] != ':')
      start--;
    if (read_in_dir (o, start, end - start, &read_only) == -1)
      return -1;
    p = start > xdg_dirs ? start - 1 : xdg_dirs;
  }

  if (home && *home) {
    CLEANUP_FREE char *rc = NULL;

    if (asprintf (&rc, "%s/.libguestfs-tools.rc", home) == -1) {
      fprintf (stderr, "%s: out of memory\n", o->program);
      return -1;
    }
    if (read_config_file (o, rc, &read_only) == -1)
      return -1;
  }

  if (xdg_home && *xdg_home) {
    if (read_in_dir (o, xdg_home, strlen (xdg_home), &read_only) == -1)
      return -1;
  }
  else if (home && *home) {
    CLEANUP_FREE char *dir = NULL;

    if (asprintf (&dir, "%s/.config", home) == -1) {
      fprintf (stderr, "%s: out of memory\n", o->program);
      return -1;
    }
    if (read_in_dir (o, dir, strlen (dir), &read_only) == -1)
      return -1;
  }

  o->read_only = read_only;
  return 0;
}
