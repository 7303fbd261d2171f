/** careen - offline disk-image toolkit
 *
 * Executing guestfish input: command lookup in the generated and local
 * tables, one parsed line (with its pipe, heredocs, '!' and '<!'), and
 * a stream of lines (a script, non-interactive stdin, or the output of
 * a '<!' command).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "spawn.h"
#include "stringsbuf.h"
#include "vector.h"
#include "fish.h"

/* Nesting depth of '<!' (a command whose output contains '<!' again).
 * Each level holds a pipe and a stack frame; a self-reproducing script
 * would otherwise recurse until it crashes.
 */
#define FISH_MAX_INLINE_DEPTH 16

static unsigned inline_depth;

/* Names are equal when they differ only by '-' versus '_'. */
static int
name_equal (const char *a, size_t alen, const char *b)
{
  size_t i;

  for (i = 0; i < alen; ++i) {
    char ca = a[i] == '_' ? '-' : a[i];
    char cb = b[i] == '_' ? '-' : b[i];

    if (cb == '\0' || ca != cb)
      return 0;
  }
  return b[alen] == '\0';
}

static int
command_matches (const struct fish_command *c, const char *cmd)
{
  const char *p;

  if (name_equal (c->name, strlen (c->name), cmd))
    return 1;
  for (p = c->aliases; p != NULL && *p != '\0'; ) {
    size_t len = strcspn (p, " ");

    if (len > 0 && name_equal (p, len, cmd))
      return 1;
    p += len;
    p += strspn (p, " ");
  }
  return 0;
}

const struct fish_command *const fish_tables[] = {
  fish_local_commands,
  fish_edit_commands,
  fish_event_commands,
  fish_copy_commands,
  fish_glob_commands,
  fish_commands,
  NULL
};

const struct fish_command *
fish_lookup_command (const char *cmd)
{
  size_t t, i;

  /* Tables in order: guestfish's own commands first, since some wrap
   * or replace a generated command of the same name.
   */
  for (t = 0; fish_tables[t] != NULL; ++t)
    for (i = 0; fish_tables[t][i].name != NULL; ++i)
      if (command_matches (&fish_tables[t][i], cmd))
        return &fish_tables[t][i];
  return NULL;
}

int
fish_run_command (const char *cmd, size_t argc, char *argv[])
{
  const struct fish_command *c = fish_lookup_command (cmd);

  if (c == NULL) {
    fprintf (stderr, "%s: unknown command\n", cmd);
    return -1;
  }
  return c->run (cmd, argc, argv);
}

/* Reads one line of IN into *buf (without its newline), keeping at most
 * FISH_MAX_LINE bytes: the rest of a longer line is consumed and
 * dropped so that no input can make us allocate without bound.
 * Returns the length, -1 at end of input, or -2 for a line that was too
 * long or contained a NUL byte (the line is then unusable).
 */
ssize_t
fish_read_line (FILE *in, char **buf, size_t *alloc)
{
  size_t n = 0;
  bool bad = false;
  int c;

  if (*buf == NULL)
    *alloc = 0;
  /* Room for the final '\0' even when nothing more can be had. */
  if (vector_reserve ((void **) buf, alloc, 0, 1, 1) == -1)
    return -1;
  while ((c = getc (in)) != EOF && c != '\n') {
    if (bad)
      continue;
    if (c == '\0' || n >= FISH_MAX_LINE) {
      bad = true;
      continue;
    }
    /* This byte and the '\0'. */
    if (vector_reserve ((void **) buf, alloc, n, 2, 1) == -1) {
      bad = true;
      continue;
    }
    (*buf)[n++] = (char) c;
  }
  if (c == EOF && n == 0 && !bad)
    return -1;
  (*buf)[n] = '\0';
  return bad ? -2 : (ssize_t) n;
}

/* Reads the text of a "-<<END" heredoc from IN, up to a line equal to
 * END, into a new temporary file.  Returns its name (caller unlinks and
 * frees) or NULL after printing the error.
 */
static char *
read_heredoc (FILE *in, const char *end)
{
  const char *tmpdir = getenv ("TMPDIR");
  CLEANUP_FREE char *line = NULL;
  size_t alloc = 0;
  char *name;
  int fd;
  FILE *fp;

  if (in == NULL) {
    fprintf (stderr, "guestfish: -<<%s: a heredoc needs a script or "
             "stdin to read from\n", end);
    return NULL;
  }
  if (asprintf (&name, "%s/guestfishXXXXXX",
                tmpdir && *tmpdir ? tmpdir : "/tmp") == -1) {
    perror ("asprintf");
    return NULL;
  }
  fd = mkstemp (name);
  if (fd == -1 || (fp = fdopen (fd, "w")) == NULL) {
    fprintf (stderr, "guestfish: mkstemp: %s: %m\n", name);
    if (fd >= 0) {
      close (fd);
      unlink (name);
    }
    free (name);
    return NULL;
  }

  for (;;) {
    ssize_t n = fish_read_line (in, &line, &alloc);

    if (n == -1) {
      fprintf (stderr, "guestfish: -<<%s: end of input before the end "
               "marker\n", end);
      goto out_fail;
    }
    fish_input_lineno++;
    if (n == -2) {
      fprintf (stderr, "guestfish: -<<%s: line %d is longer than %d "
               "bytes or contains a NUL byte\n",
               end, fish_input_lineno, FISH_MAX_LINE);
      goto out_fail;
    }
    if (strcmp (line, end) == 0)
      break;
    if (fprintf (fp, "%s\n", line) < 0) {
      fprintf (stderr, "guestfish: write: %s: %m\n", name);
      goto out_fail;
    }
  }
  if (fclose (fp) != 0) {
    fp = NULL;
    fprintf (stderr, "guestfish: close: %s: %m\n", name);
    goto out_fail;
  }
  return name;

 out_fail:
  if (fp)
    fclose (fp);
  unlink (name);
  free (name);
  return NULL;
}

/* The argv that runs the shell command line LINE, as system(3) and
 * popen(3) would: /bin/sh, with $0 "sh" (see shell_init).
 */
#define SHELL_ARGV(line) \
  { (char *) "sh", (char *) "-c", (char *) (line), NULL }

static void
shell_init (struct spawn *sh, char *const *argv)
{
  spawn_init (sh, "guestfish", argv);
  sh->file = "/bin/sh";
}

/* Runs CMD with stdout sent into the host command PIPE. */
static int
run_piped (const char *cmd, size_t argc, char *argv[], const char *pipe)
{
  char *shargv[] = SHELL_ARGV (pipe);
  int saved_stdout, saved_progress = fish_progress_bars;
  struct spawn sh;
  int r, status;

  fflush (stdout);
  saved_stdout = dup (STDOUT_FILENO);
  if (saved_stdout == -1) {
    perror ("guestfish: dup");
    return -1;
  }
  shell_init (&sh, shargv);
  sh.fd[0] = SPAWN_PIPE;
  if (spawn_start (&sh) == -1) {
    close (saved_stdout);
    return -1;
  }
  if (dup2 (sh.pipe[0], STDOUT_FILENO) == -1) {
    perror ("guestfish: dup2");
    spawn_wait (&sh);
    close (saved_stdout);
    return -1;
  }
  /* Only our stdout holds the pipe now: the command sees its end when
   * that is put back.
   */
  close (sh.pipe[0]);
  sh.pipe[0] = -1;

  /* Progress bars would be drawn into the pipe's data. */
  fish_progress_bars = 0;
  r = fish_run_command (cmd, argc, argv);
  fish_progress_bars = saved_progress;

  fflush (stdout);
  dup2 (saved_stdout, STDOUT_FILENO);
  close (saved_stdout);
  status = spawn_wait (&sh);
  /* Like guestfish, a host command that fails or stops reading early
   * ("| head") is not an error unless --pipe-error asked for it.
   */
  if (fish_pipe_error && r == 0 && status != 0) {
    fprintf (stderr, "guestfish: %s: pipe command failed\n", cmd);
    r = -1;
  }
  return r;
}

/* "! cmd": like system(3), ^C stops the command, not guestfish. */
static int
run_shell (const char *shell)
{
  char *argv[] = SHELL_ARGV (shell);
  struct spawn sh;

  shell_init (&sh, argv);
  sh.flags = SPAWN_LIKE_SYSTEM;
  if (spawn_start (&sh) == -1)
    return -1;
  return spawn_wait (&sh) == 0 ? 0 : -1;
}

/* "<! cmd": the host command's output is a guestfish script. */
static int
run_inline (const char *shell)
{
  char *argv[] = SHELL_ARGV (shell);
  const char *saved_file = fish_input_file;
  int saved_lineno = fish_input_lineno;
  struct spawn sh;
  FILE *pp;
  int r, status;

  if (inline_depth >= FISH_MAX_INLINE_DEPTH) {
    fprintf (stderr, "guestfish: <!: nested more than %d levels deep\n",
             FISH_MAX_INLINE_DEPTH);
    return -1;
  }
  shell_init (&sh, argv);
  sh.fd[1] = SPAWN_PIPE;
  if (spawn_start (&sh) == -1)
    return -1;
  pp = fdopen (sh.pipe[1], "r");
  if (pp == NULL) {
    perror ("guestfish: fdopen");
    spawn_wait (&sh);
    return -1;
  }
  sh.pipe[1] = -1;              /* fclose closes it */
  inline_depth++;
  r = fish_run_stream (pp, "<!", true);
  inline_depth--;
  fclose (pp);
  status = spawn_wait (&sh);
  fish_input_file = saved_file;
  fish_input_lineno = saved_lineno;
  if (r == 0 && status != 0)
    r = -1;
  return r;
}

int
fish_run_line (const char *line, FILE *in)
{
  struct fish_line l;
  struct stringsbuf tmpfiles;
  size_t i;
  int r;

  if (fish_parse_line (line, &l) == -1)
    return -1;

  switch (l.kind) {
  case FISH_LINE_BLANK:
    r = 0;
    break;
  case FISH_LINE_SHELL:
    r = run_shell (l.shell);
    break;
  case FISH_LINE_INLINE:
    r = run_inline (l.shell);
    break;
  case FISH_LINE_COMMAND:
  default:
    fish_cancel_reset ();
    /* Heredocs become temporary files passed as the argument; the
     * command sees an ordinary local file name.
     */
    stringsbuf_init (&tmpfiles);
    r = 0;
    for (i = 0; i < l.argc; ++i) {
      if (strncmp (l.argv[i], "-<<", 3) == 0 && l.argv[i][3] != '\0') {
        char *name = read_heredoc (in, l.argv[i] + 3);

        if (name == NULL || stringsbuf_add_string (&tmpfiles, name) == -1) {
          free (name);
          r = -1;
          break;
        }
        free (l.argv[i]);
        l.argv[i] = name;
      }
    }
    if (r == 0) {
      if (l.pipe)
        r = run_piped (l.cmd, l.argc, l.argv, l.pipe);
      else
        r = fish_run_command (l.cmd, l.argc, l.argv);
    }
    for (i = 0; i < tmpfiles.size; ++i)
      unlink (tmpfiles.argv[i]);
    stringsbuf_release (&tmpfiles);
    break;
  }

  fish_progress_end ();
  /* A second Ctrl-C during the command: leave, but cleanly.  Outside
   * an interactive session the first one stops the run too, even when
   * the command could not be cancelled and succeeded: the user wanted
   * the script to stop.
   */
  if (fish_interrupts () >= 2 ||
      (fish_interrupts () > 0 && !fish_interactive_session)) {
    fish_quit = true;
    if (!fish_interactive_session) {
      fprintf (stderr, "guestfish: interrupted\n");
      l.ignore_error = false;
      r = -1;
    }
  }
  if (r == -1 && l.ignore_error)
    r = 0;
  fish_line_free (&l);
  fflush (stdout);
  return r;
}

int
fish_run_stream (FILE *in, const char *name, bool exit_on_error)
{
  CLEANUP_FREE char *line = NULL;
  size_t alloc = 0;
  int ret = 0;

  fish_input_file = name;
  fish_input_lineno = 0;

  while (!fish_quit) {
    ssize_t n = fish_read_line (in, &line, &alloc);

    if (n == -1)
      break;
    fish_input_lineno++;
    if (n == -2) {
      fprintf (stderr, "%s:%d: guestfish: line longer than %d bytes or "
               "containing a NUL byte\n",
               name, fish_input_lineno, FISH_MAX_LINE);
      ret = -1;
      if (exit_on_error)
        break;
      continue;
    }

    if (fish_run_line (line, in) == -1) {
      ret = -1;
      if (exit_on_error)
        break;
    }
  }
  return ret;
}
