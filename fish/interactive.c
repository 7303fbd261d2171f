/** careen - offline disk-image toolkit
 *
 * The interactive shell: readline with the "><fs> " prompt (or
 * $GUESTFISH_PS1), history kept in ~/.guestfish (not with
 * --no-history), tab completion (complete.c), and the $GUESTFISH_INIT
 * / _OUTPUT / _RESTORE strings.  A failing command is reported and the
 * session goes on.
 *
 * readline is driven through its callback interface, with select(2) on
 * the terminal, so that Ctrl-C at the prompt is seen here rather than
 * inside readline: it clears a half-typed line, and on an empty line
 * it leaves guestfish (cleanly: the appliance is shut down), as ^D
 * does.  During a command, Ctrl-C is cancel.c's business.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cleanups.h"
#include "fish.h"
#include "options.h"

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

bool fish_interactive_session;

/* The line readline hands over, and whether it has (NULL: ^D). */
static char *input_line;
static bool input_done;

static void
line_handler (char *line)
{
  input_line = line;
  input_done = true;
  /* Removed here, so readline does not print the prompt again before
   * the command has run.
   */
  rl_callback_handler_remove ();
}

/* Reads one line with PROMPT.  Returns it (caller frees), or NULL at
 * ^D, or at Ctrl-C on an empty line.
 */
static char *
read_line (const char *prompt)
{
  input_line = NULL;
  input_done = false;
  fish_cancel_reset ();
  rl_callback_handler_install (prompt, line_handler);
  while (!input_done) {
    fd_set fds;
    int r;

    FD_ZERO (&fds);
    FD_SET (fileno (rl_instream), &fds);
    r = select (fileno (rl_instream) + 1, &fds, NULL, NULL, NULL);
    if (r == -1 && errno != EINTR) {
      perror ("guestfish: select");
      rl_callback_handler_remove ();
      return NULL;
    }
    if (fish_interrupts () > 0) {
      /* SIGTERM, SIGHUP: leave whatever is on the line. */
      bool empty = rl_end == 0 || fish_interrupts () >= 2;

      fish_cancel_reset ();
      rl_free_line_state ();
      rl_callback_sigcleanup ();
      rl_crlf ();
      if (empty) {
        rl_callback_handler_remove ();
        return NULL;
      }
      /* A fresh prompt for the line that was thrown away. */
      rl_replace_line ("", 0);
      rl_on_new_line ();
      rl_redisplay ();
      continue;
    }
    if (r > 0)
      rl_callback_read_char ();
  }
  if (input_line == NULL)
    putchar ('\n');            /* ^D leaves the cursor after the prompt */
  return input_line;
}

int
fish_interactive (const char *inspected_root)
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
  rl_attempted_completion_function = fish_complete;
  /* Quotes and blanks separate words; '=' and ':' do not, they occur
   * in file names and optional arguments.
   */
  rl_completer_word_break_characters = (char *) " \t\n\"'";
  /* SIGINT is ours (cancel.c), also while readline has the terminal. */
  rl_catch_signals = 0;
  using_history ();
  stifle_history (FISH_HISTORY_SIZE);
  if (!fish_no_history && home &&
      asprintf (&histfile, "%s/.guestfish", home) != -1)
    read_history (histfile);

  print_env_string ("GUESTFISH_INIT");
  printf ("\n"
          "Welcome to guestfish, careen's shell for looking into and\n"
          "changing virtual machine disk images.\n"
          "\n"
          "Type 'help' for an introduction, 'help -l' for the list of\n"
          "commands, 'help CMD' for one command, and 'quit' to leave.\n"
          "\n");
  /* After -i, the user is told what was mounted where. */
  if (inspected_root)
    options_print_inspect (g, inspected_root);
  fflush (stdout);

  fish_input_file = NULL;
  fish_input_lineno = 0;
  fish_interactive_session = true;
  while (!fish_quit) {
    char *line = read_line (prompt);

    if (line == NULL)
      break;
    if (line[strspn (line, " \t")] != '\0')
      add_history (line);
    print_env_string ("GUESTFISH_OUTPUT");
    /* Errors have been printed; an interactive session goes on.
     * Heredocs read their text from the terminal.
     */
    fish_run_line (line, stdin);
    free (line);
  }

  fish_interactive_session = false;
  /* A history write failure (read-only home) is not worth an error. */
  if (histfile)
    write_history (histfile);
  fflush (stdout);
  print_env_string ("GUESTFISH_RESTORE");
  return 0;
}
