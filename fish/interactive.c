/** careen - offline disk-image toolkit
 *
 * The interactive shell: readline with the "><fs> " prompt (or
 * $GUESTFISH_PS1), history kept in ~/.guestfish, completion of command
 * names, and the $GUESTFISH_INIT / _OUTPUT / _RESTORE strings.  A
 * failing command is reported and the session goes on.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cleanups.h"
#include "fish.h"

/* Lines of history kept in ~/.guestfish between sessions. */
#define FISH_HISTORY_SIZE 500

/* Longest prompt or colour string taken from the environment once
 * decoded; these are a few characters in practice.
 */
#define FISH_MAX_PROMPT 4096

/* Decodes the escapes guestfish allows in GUESTFISH_PS1 and friends:
 * \\ \a \e \n \r \NNN (octal) \xNN, and \[ \] which mark invisible
 * characters for readline (only meaningful in the prompt).  Unknown
 * escapes are kept as they are.  Returns a new string or NULL.
 */
static char *
decode_prompt (const char *s)
{
  size_t len = strlen (s);
  char *out, *q;

  if (len > FISH_MAX_PROMPT)
    len = FISH_MAX_PROMPT;
  out = malloc (len + 1);
  if (out == NULL)
    return NULL;
  for (q = out; len > 0 && *s; ) {
    if (*s != '\\' || len < 2) {
      *q++ = *s++;
      len--;
      continue;
    }
    switch (s[1]) {
    case '\\': *q++ = '\\'; s += 2; len -= 2; break;
    case 'a': *q++ = '\a'; s += 2; len -= 2; break;
    case 'e': *q++ = '\033'; s += 2; len -= 2; break;
    case 'n': *q++ = '\n'; s += 2; len -= 2; break;
    case 'r': *q++ = '\r'; s += 2; len -= 2; break;
    case '[': *q++ = RL_PROMPT_START_IGNORE; s += 2; len -= 2; break;
    case ']': *q++ = RL_PROMPT_END_IGNORE; s += 2; len -= 2; break;
    case 'x':
      if (len >= 4 && strchr ("0123456789abcdefABCDEF", s[2]) && s[2] &&
          strchr ("0123456789abcdefABCDEF", s[3]) && s[3]) {
        char hex[3] = { s[2], s[3], '\0' };

        *q++ = (char) strtoul (hex, NULL, 16);
        s += 4;
        len -= 4;
        break;
      }
      *q++ = *s++;
      len--;
      break;
    default:
      if (len >= 4 && s[1] >= '0' && s[1] <= '7' && s[2] >= '0' &&
          s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
        *q++ = (char) ((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
        s += 4;
        len -= 4;
        break;
      }
      *q++ = *s++;
      len--;
      break;
    }
  }
  *q = '\0';
  return out;
}

/* Prints the decoded value of the environment variable NAME, if set. */
static void
print_env_string (const char *name)
{
  const char *v = getenv (name);
  CLEANUP_FREE char *s = NULL;

  if (v == NULL)
    return;
  s = decode_prompt (v);
  if (s) {
    fputs (s, stdout);
    fflush (stdout);
  }
}

/* Completion generator: command names and aliases of every table. */
static char *
command_generator (const char *text, int state)
{
  static size_t table, index, alias_pos;
  static size_t len;

  if (state == 0) {
    table = index = alias_pos = 0;
    len = strlen (text);
  }
  for (; fish_tables[table] != NULL; table++, index = 0) {
    const struct fish_command *t = fish_tables[table];

    while (t[index].name != NULL) {
      const struct fish_command *c = &t[index];

      /* First the name, then each alias in turn. */
      if (alias_pos == 0) {
        alias_pos = 1;
        if (strncmp (c->name, text, len) == 0)
          return strdup (c->name);
      }
      while (c->aliases && alias_pos - 1 < strlen (c->aliases)) {
        const char *a = c->aliases + alias_pos - 1;
        size_t alen = strcspn (a, " ");

        alias_pos += alen + 1;
        if (alen >= len && strncmp (a, text, len) == 0)
          return strndup (a, alen);
      }
      alias_pos = 0;
      index++;
    }
  }
  return NULL;
}

static char **
complete (const char *text, int start, int end)
{
  /* Only the first word is a command; for the others readline's
   * default (local file names) is as good a guess as any.
   */
  if (start == 0)
    return rl_completion_matches (text, command_generator);
  return NULL;
}

int
fish_interactive (void)
{
  CLEANUP_FREE char *prompt = NULL;
  CLEANUP_FREE char *histfile = NULL;
  const char *home = getenv ("HOME");
  const char *ps1 = getenv ("GUESTFISH_PS1");

  prompt = decode_prompt (ps1 ? ps1 : "><fs> ");
  if (prompt == NULL) {
    perror ("malloc");
    return 0;
  }

  rl_readline_name = "guestfish";
  rl_attempted_completion_function = complete;
  using_history ();
  stifle_history (FISH_HISTORY_SIZE);
  if (home && asprintf (&histfile, "%s/.guestfish", home) != -1)
    read_history (histfile);

  print_env_string ("GUESTFISH_INIT");
  printf ("\n"
          "Welcome to guestfish, careen's shell for looking into and\n"
          "changing virtual machine disk images.\n"
          "\n"
          "Type 'help' for an introduction, 'help -l' for the list of\n"
          "commands, 'help CMD' for one command, and 'quit' to leave.\n"
          "\n");
  fflush (stdout);

  fish_input_file = NULL;
  fish_input_lineno = 0;
  while (!fish_quit) {
    char *line = readline (prompt);

    if (line == NULL) {
      putchar ('\n');           /* ^D leaves the cursor after the prompt */
      break;
    }
    if (line[strspn (line, " \t")] != '\0')
      add_history (line);
    print_env_string ("GUESTFISH_OUTPUT");
    /* Errors have been printed; an interactive session goes on.
     * Heredocs read their text from the terminal.
     */
    fish_run_line (line, stdin);
    free (line);
  }

  if (histfile)
    write_history (histfile);
  print_env_string ("GUESTFISH_RESTORE");
  return 0;
}
