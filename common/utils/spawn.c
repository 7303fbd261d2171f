/** careen - offline disk-image toolkit
 *
 * Running a host program from guestfish or a tool.  Every caller used
 * to write its own fork, dup2, exec and waitpid, each with its own
 * mistakes: an exec failure that looked like the program's exit status
 * 127, a stdio buffer written twice by the child, a signal death that
 * read as success, a waitpid that gave up on EINTR.  This does it
 * once.
 *
 * The child tells an exec failure through a close-on-exec pipe (it
 * writes its errno there, and a successful exec closes the pipe
 * empty), so spawn_start knows for sure whether the program runs, and
 * the message is printed by the parent, not between fork and exec.
 * Between fork and exec the child makes only async-signal-safe calls
 * (and putenv, as setenv was used there before: our callers have no
 * other threads).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanups.h"
#include "spawn.h"

void
spawn_init (struct spawn *s, const char *who, char *const *argv)
{
  size_t i;

  memset (s, 0, sizeof *s);
  s->who = who;
  s->argv = argv;
  for (i = 0; i < 3; ++i) {
    s->fd[i] = SPAWN_INHERIT;
    s->pipe[i] = -1;
  }
  s->pid = -1;
}

static void
close_fds (int *fds, size_t n)
{
  size_t i;

  for (i = 0; i < n; ++i) {
    if (fds[i] >= 0) {
      int err = errno;

      close (fds[i]);
      errno = err;
      fds[i] = -1;
    }
  }
}

/* Puts back SIGINT and SIGQUIT after SPAWN_LIKE_SYSTEM. */
static void
restore_signals (const struct spawn *s)
{
  if (s->flags & SPAWN_LIKE_SYSTEM) {
    sigaction (SIGINT, &s->saved_int, NULL);
    sigaction (SIGQUIT, &s->saved_quit, NULL);
  }
}

/* In the child: give it its streams and environment, then exec.  SRC[i]
 * is what becomes fd i, or -1 to leave it.  Never returns.
 */
static void __attribute__ ((noreturn))
child (const struct spawn *s, int *src, int errfd)
{
  struct sigaction dfl = { .sa_handler = SIG_DFL };
  int err;
  size_t i;

  if (s->flags & SPAWN_LIKE_SYSTEM) {
    /* What the caller had, except that a handler would be reset by
     * exec anyway and must not run in the child before it.
     */
    sigaction (SIGINT, s->saved_int.sa_handler == SIG_IGN
               ? &s->saved_int : &dfl, NULL);
    sigaction (SIGQUIT, s->saved_quit.sa_handler == SIG_IGN
               ? &s->saved_quit : &dfl, NULL);
  }

  /* A source that is itself one of 0-2 (stdout as stderr) must not be
   * overwritten before it is copied: move it out of the way first.
   */
  for (i = 0; i < 3; ++i) {
    if (src[i] >= 0 && src[i] < 3 && src[i] != (int) i) {
      src[i] = fcntl (src[i], F_DUPFD_CLOEXEC, 3);
      if (src[i] == -1)
        goto fail;
    }
  }
  for (i = 0; i < 3; ++i) {
    if (src[i] == (int) i) {
      int flags = fcntl (src[i], F_GETFD);

      if (flags == -1 || fcntl (src[i], F_SETFD, flags & ~FD_CLOEXEC) == -1)
        goto fail;
    }
    else if (src[i] >= 0 && dup2 (src[i], i) == -1)
      goto fail;
  }
  for (i = 0; s->env && s->env[i]; ++i)
    if (putenv (s->env[i]) != 0)
      goto fail;

  execvp (s->file ? s->file : s->argv[0], s->argv);

 fail:
  err = errno;
  if (write (errfd, &err, sizeof err) == -1)
    _exit (127);
  _exit (127);
}

int
spawn_start (struct spawn *s)
{
  const char *prog = s->file ? s->file : s->argv[0];
  /* Per stream: the child's end and ours. */
  int theirs[3] = { -1, -1, -1 }, src[3];
  int errpipe[2] = { -1, -1 };
  struct sigaction ign = { .sa_handler = SIG_IGN };
  int err = 0;
  ssize_t r;
  size_t i;

  for (i = 0; i < 3; ++i) {
    int p[2];

    s->pipe[i] = -1;
    if (s->fd[i] == SPAWN_PIPE) {
      if (pipe2 (p, O_CLOEXEC) == -1) {
        fprintf (stderr, "%s: %s: pipe: %m\n", s->who, prog);
        goto out_close;
      }
      /* stdin: the child reads; stdout and stderr: it writes. */
      theirs[i] = i == 0 ? p[0] : p[1];
      s->pipe[i] = i == 0 ? p[1] : p[0];
    }
    else if (s->fd[i] == SPAWN_DEVNULL) {
      theirs[i] = open ("/dev/null", (i == 0 ? O_RDONLY : O_WRONLY) |
                        O_CLOEXEC);
      if (theirs[i] == -1) {
        fprintf (stderr, "%s: /dev/null: %m\n", s->who);
        goto out_close;
      }
    }
    src[i] = theirs[i] >= 0 ? theirs[i] : s->fd[i];
  }
  if (pipe2 (errpipe, O_CLOEXEC) == -1) {
    fprintf (stderr, "%s: %s: pipe: %m\n", s->who, prog);
    goto out_close;
  }

  if (s->flags & SPAWN_LIKE_SYSTEM) {
    sigaction (SIGINT, &ign, &s->saved_int);
    sigaction (SIGQUIT, &ign, &s->saved_quit);
  }
  /* Else what is buffered would be written again by the child's exit
   * when exec fails, and could come after the child's own output.
   */
  fflush (stdout);
  fflush (stderr);
  s->pid = fork ();
  if (s->pid == -1) {
    fprintf (stderr, "%s: %s: fork: %m\n", s->who, prog);
    goto out_signals;
  }
  if (s->pid == 0) {
    close (errpipe[0]);
    child (s, src, errpipe[1]);
  }

  close_fds (theirs, 3);
  close_fds (&errpipe[1], 1);
  while ((r = read (errpipe[0], &err, sizeof err)) == -1 && errno == EINTR)
    ;
  close_fds (&errpipe[0], 1);
  if (r <= 0)
    return 0;

  /* The exec failed: the child is gone, or about to be. */
  while (waitpid (s->pid, NULL, 0) == -1 && errno == EINTR)
    ;
  s->pid = -1;
  fprintf (stderr, "%s: %s: %s\n", s->who, prog, strerror (err));

 out_signals:
  restore_signals (s);
 out_close:
  close_fds (theirs, 3);
  close_fds (s->pipe, 3);
  close_fds (errpipe, 2);
  return -1;
}

int
spawn_reap (const char *who, const char *prog, pid_t pid)
{
  int status;

  while (waitpid (pid, &status, 0) == -1) {
    if (errno != EINTR) {
      fprintf (stderr, "%s: %s: waitpid: %m\n", who, prog);
      return -1;
    }
  }
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  if (WIFSIGNALED (status)) {
    int sig = WTERMSIG (status);

    if (sig != SIGINT && sig != SIGPIPE)
      fprintf (stderr, "%s: %s: killed by signal %d (%s)\n",
               who, prog, sig, strsignal (sig));
  }
  return -1;
}

int
spawn_wait (struct spawn *s)
{
  int r;

  close_fds (s->pipe, 3);
  if (s->pid <= 0)
    return -1;
  r = spawn_reap (s->who, s->argv[0], s->pid);
  s->pid = -1;
  restore_signals (s);
  return r;
}

int
spawn_run (const char *who, char *const *argv)
{
  struct spawn s;

  spawn_init (&s, who, argv);
  if (spawn_start (&s) == -1)
    return -1;
  return spawn_wait (&s);
}

/* An executable regular file: what execvp would run. */
static bool
is_program (const char *file)
{
  struct stat st;

  return stat (file, &st) == 0 && S_ISREG (st.st_mode) &&
    access (file, X_OK) == 0;
}

bool
spawn_find_program (const char *prog)
{
  const char *path = getenv ("PATH");
  const char *p, *end;

  if (strchr (prog, '/'))
    return is_program (prog);
  /* execvp's default when $PATH is unset. */
  if (path == NULL)
    path = "/bin:/usr/bin";
  for (p = path; ; p = end + 1) {
    CLEANUP_FREE char *file = NULL;
    int len;

    end = strchrnul (p, ':');
    len = (int) (end - p);
    /* An empty entry is the current directory. */
    if (asprintf (&file, "%.*s%s%s", len, p, len ? "/" : "", prog) == -1)
      return false;
    if (is_program (file))
      return true;
    if (*end == '\0')
      return false;
  }
}
