/** careen - offline disk-image toolkit
 *
 * guestfish's line syntax: one input line becomes a command name and
 * its arguments, plus the decorations guestfish allows around them.
 *
 *   # comment              only at the start of a line (after blanks)
 *   -cmd args              the failure of cmd does not stop a script
 *   !host command          run by the host shell
 *   <!host command         run by the host shell; its output is read as
 *                          guestfish commands
 *   cmd args | host cmd    cmd's output is piped into the host command
 *
 * Words are separated by blanks.  'single quotes' are literal.  "double
 * quotes" take backslash escapes (\a \b \f \n \r \t \v \" \\ \ooo \xhh,
 * never a NUL byte).  A quoted word must end at a blank or the end of
 * the line.  An unquoted word starting with '~' has the host home
 * directory expanded, and an unquoted word starting with '|' starts the
 * pipe.  This file only parses; run.c executes.
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hex.h"
#include "cleanups.h"
#include "stringsbuf.h"
#include "fish.h"

static int
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Decodes one backslash escape of a double-quoted word.  P points at
 * the backslash.  Returns the character and sets *len to the number of
 * input characters used, or returns -1 for an invalid sequence.  NUL
 * is refused because arguments are C strings: it would silently cut
 * the argument short.
 */
static int
decode_escape (const char *p, size_t *len)
{
  int c;

  switch (p[1]) {
  case 'a': *len = 2; return '\a';
  case 'b': *len = 2; return '\b';
  case 'f': *len = 2; return '\f';
  case 'n': *len = 2; return '\n';
  case 'r': *len = 2; return '\r';
  case 't': *len = 2; return '\t';
  case 'v': *len = 2; return '\v';
  case '"': *len = 2; return '"';
  case '\\': *len = 2; return '\\';
  case 'x': case 'X':
    if (hex_digit_value (p[2]) < 0 || hex_digit_value (p[3]) < 0)
      return -1;
    c = hex_digit_value (p[2]) * 16 + hex_digit_value (p[3]);
    *len = 4;
    return c == 0 ? -1 : c;
  case '0': case '1': case '2': case '3':
    /* Exactly three octal digits, as guestfish documents (unlike C). */
    if (p[2] < '0' || p[2] > '7' || p[3] < '0' || p[3] > '7')
      return -1;
    c = (p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0');
    *len = 4;
    return c == 0 ? -1 : c;
  default:
    return -1;
  }
}

/* Parses the double-quoted word starting after the opening quote at
 * *pp.  On success *pp points after the closing quote.
 */
static char *
parse_double_quoted (const char **pp)
{
  const char *start = *pp, *p = *pp;
  CLEANUP_FREE char *out = NULL;
  size_t n = 0;

  /* The decoded word is never longer than its source. */
  out = malloc (strlen (p) + 1);
  if (out == NULL) {
    perror ("malloc");
    return NULL;
  }
  for (;;) {
    if (*p == '\0') {
      fprintf (stderr, "guestfish: unterminated double quote\n");
      return NULL;
    }
    if (*p == '"')
      break;
    if (*p == '\\') {
      size_t len;
      int c = decode_escape (p, &len);

      if (c < 0) {
        fprintf (stderr, "guestfish: invalid escape sequence in string "
                 "(starting at offset %zu)\n", (size_t) (p - start));
        return NULL;
      }
      out[n++] = (char) c;
      p += len;
      continue;
    }
    out[n++] = *p++;
  }
  out[n] = '\0';
  *pp = p + 1;
  {
    char *ret = out;
    out = NULL;
    return ret;
  }
}

/* Expands a leading "~" or "~user" of an unquoted word to the host
 * home directory.  An unknown user leaves the word as it is, like a
 * shell does.
 */
static char *
expand_tilde (const char *word)
{
  const char *rest = word + 1 + strcspn (word + 1, "/");
  const char *home = NULL;
  char *ret;

  if (rest == word + 1) {
    home = getenv ("HOME");
    if (home == NULL || *home == '\0') {
      struct passwd *pw = getpwuid (geteuid ());
      if (pw)
        home = pw->pw_dir;
    }
  }
  else {
    CLEANUP_FREE char *user = strndup (word + 1, rest - (word + 1));
    struct passwd *pw;

    if (user == NULL) {
      perror ("strndup");
      return NULL;
    }
    pw = getpwnam (user);
    if (pw)
      home = pw->pw_dir;
  }

  if (home == NULL)
    ret = strdup (word);
  else if (asprintf (&ret, "%s%s", home, rest) == -1)
    ret = NULL;
  if (ret == NULL)
    perror ("malloc");
  return ret;
}

void
fish_line_free (struct fish_line *l)
{
  free (l->cmd);
  strings_free (l->argv);
  free (l->pipe);
  free (l->shell);
  memset (l, 0, sizeof *l);
}

int
fish_parse_line (const char *line, struct fish_line *out)
{
  const char *p = line;
  struct stringsbuf words;
  CLEANUP_FREE char *pipe = NULL;

  memset (out, 0, sizeof *out);
  out->kind = FISH_LINE_BLANK;

  while (is_blank (*p))
    p++;
  if (*p == '\0' || *p == '#')
    return 0;

  if (*p == '!') {
    out->kind = FISH_LINE_SHELL;
    out->shell = strdup (p + 1);
    goto out_shell;
  }
  if (p[0] == '<' && p[1] == '!') {
    out->kind = FISH_LINE_INLINE;
    out->shell = strdup (p + 2);
    goto out_shell;
  }
  if (*p == '-') {
    out->ignore_error = true;
    p++;
  }

  stringsbuf_init (&words);
  for (;;) {
    char *word;

    while (is_blank (*p))
      p++;
    if (*p == '\0')
      break;

    if (words.size >= FISH_MAX_WORDS) {
      fprintf (stderr, "guestfish: too many words on the line "
               "(limit %d)\n", FISH_MAX_WORDS);
      goto out_words;
    }

    if (*p == '|') {
      pipe = strdup (p + 1);
      if (pipe == NULL) {
        perror ("strdup");
        goto out_words;
      }
      break;
    }
    else if (*p == '"' || *p == '\'') {
      if (*p == '"') {
        p++;
        word = parse_double_quoted (&p);
        if (word == NULL)
          goto out_words;
      }
      else {
        const char *end = strchr (p + 1, '\'');

        if (end == NULL) {
          fprintf (stderr, "guestfish: unterminated single quote\n");
          goto out_words;
        }
        word = strndup (p + 1, end - (p + 1));
        if (word == NULL) {
          perror ("strndup");
          goto out_words;
        }
        p = end + 1;
      }
      if (*p != '\0' && !is_blank (*p)) {
        fprintf (stderr, "guestfish: command arguments not separated "
                 "by whitespace\n");
        free (word);
        goto out_words;
      }
    }
    else {
      size_t len = 0;

      while (p[len] != '\0' && !is_blank (p[len]))
        len++;
      word = strndup (p, len);
      if (word == NULL) {
        perror ("strndup");
        goto out_words;
      }
      p += len;
      if (word[0] == '~') {
        char *expanded = expand_tilde (word);

        free (word);
        word = expanded;
        if (word == NULL)
          goto out_words;
      }
    }

    if (stringsbuf_add_string_nodup (&words, word) == -1) {
      perror ("malloc");
      goto out_words;
    }
  }

  /* "-" alone, or a line that is only a pipe, has no command: treat it
   * as blank rather than inventing one.
   */
  if (words.size == 0) {
    stringsbuf_release (&words);
    return 0;
  }

  {
    char **list = stringsbuf_finish (&words);
    size_t i;

    if (list == NULL) {
      perror ("malloc");
      stringsbuf_release (&words);
      return -1;
    }
    out->kind = FISH_LINE_COMMAND;
    out->cmd = list[0];
    /* Shift the arguments down over the command name. */
    for (i = 0; list[i] != NULL; ++i)
      list[i] = list[i + 1];
    out->argv = list;
    out->argc = i - 1;
    out->pipe = pipe;
    pipe = NULL;
  }
  return 0;

 out_words:
  stringsbuf_release (&words);
  return -1;

 out_shell:
  if (out->shell == NULL) {
    perror ("strdup");
    return -1;
  }
  return 0;
}
