/* careen - offline disk-image toolkit
 * The host program runner (common/utils/spawn.c): exit statuses, death
 * by a signal, redirected streams, an environment variable, a program
 * that does not exist, system(3)-like handling of SIGINT, and the
 * $PATH search.  What
 * spawn prints on stderr is captured and compared.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spawn.h"

static int failures;

#define FAIL(fs, ...)                                                   \
  do {                                                                  \
    fprintf (stderr, "FAIL: line %d: " fs "\n", __LINE__, ##__VA_ARGS__); \
    failures++;                                                         \
  } while (0)

/* Where stderr goes while a call is watched. */
static char errfile[] = "/tmp/test-spawn-errXXXXXX";
static int errfd, saved_stderr;

static void
capture_start (void)
{
  fflush (stderr);
  if (ftruncate (errfd, 0) == -1 || lseek (errfd, 0, SEEK_SET) == -1 ||
      (saved_stderr = dup (2)) == -1 || dup2 (errfd, 2) == -1) {
    perror ("capture stderr");
    exit (EXIT_FAILURE);
  }
}

/* Stops capturing; what was printed, in a static buffer. */
static const char *
capture_end (void)
{
  static char buf[4096];
  ssize_t n;

  fflush (stderr);
  dup2 (saved_stderr, 2);
  close (saved_stderr);
  n = pread (errfd, buf, sizeof buf - 1, 0);
  buf[n > 0 ? n : 0] = '\0';
  return buf;
}

/* Runs "sh -c SCRIPT" with spawn_run; checks status and message. */
static void
check_run (int line, const char *script, int want, const char *want_err)
{
  char *argv[] = { (char *) "sh", (char *) "-c", (char *) script, NULL };
  const char *err;
  int r;

  capture_start ();
  r = spawn_run ("test", argv);
  err = capture_end ();
  if (r != want) {
    fprintf (stderr, "FAIL: line %d: %s: status %d, want %d\n",
             line, script, r, want);
    failures++;
  }
  if (strcmp (err, want_err) != 0) {
    fprintf (stderr, "FAIL: line %d: %s: printed \"%s\", want \"%s\"\n",
             line, script, err, want_err);
    failures++;
  }
}

/* Reads FD to its end. */
static char *
slurp (int fd)
{
  static char buf[4096];
  size_t len = 0;
  ssize_t n;

  while (len < sizeof buf - 1 &&
         (n = read (fd, buf + len, sizeof buf - 1 - len)) != 0) {
    if (n == -1 && errno == EINTR)
      continue;
    if (n == -1)
      break;
    len += n;
  }
  buf[len] = '\0';
  return buf;
}

/* Starts S with its stdout into a pipe, reads that to its end, waits;
 * checks the exit status and the output.
 */
static void
check_output (int line, struct spawn *s, int want, const char *want_out)
{
  const char *got;
  int r;

  s->fd[1] = SPAWN_PIPE;
  if (spawn_start (s) == -1) {
    fprintf (stderr, "FAIL: line %d: could not start\n", line);
    failures++;
    return;
  }
  got = slurp (s->pipe[1]);
  r = spawn_wait (s);
  if (r != want || strcmp (got, want_out) != 0) {
    fprintf (stderr, "FAIL: line %d: status %d, output \"%s\"; want %d, "
             "\"%s\"\n", line, r, got, want, want_out);
    failures++;
  }
}

static void
test_statuses (void)
{
  check_run (__LINE__, "exit 0", 0, "");
  check_run (__LINE__, "exit 3", 3, "");
  check_run (__LINE__, "exit 255", 255, "");
  /* The program's own 127 is its status, not an exec failure. */
  check_run (__LINE__, "exit 127", 127, "");
  check_run (__LINE__, "kill -TERM $$", -1,
             "test: sh: killed by signal 15 (Terminated)\n");
  check_run (__LINE__, "kill -KILL $$", -1,
             "test: sh: killed by signal 9 (Killed)\n");
  /* As a shell: ^C and a vanished reader are not worth a message. */
  check_run (__LINE__, "kill -INT $$", -1, "");
  check_run (__LINE__, "kill -PIPE $$", -1, "");
}

static void
test_missing (void)
{
  char *argv[] = { (char *) "careen-no-such-program", (char *) "x", NULL };
  char *abs[] = { (char *) "/nonexistent/prog", NULL };
  char *dir[] = { (char *) "/", NULL };
  struct spawn s;
  const char *err;
  int r;

  capture_start ();
  r = spawn_run ("test", argv);
  err = capture_end ();
  if (r != -1 ||
      strcmp (err, "test: careen-no-such-program: No such file or "
              "directory\n") != 0)
    FAIL ("missing program: %d, \"%s\"", r, err);

  capture_start ();
  r = spawn_run ("test", abs);
  err = capture_end ();
  if (r != -1 ||
      strcmp (err, "test: /nonexistent/prog: No such file or directory\n"))
    FAIL ("missing path: %d, \"%s\"", r, err);

  capture_start ();
  r = spawn_run ("test", dir);
  err = capture_end ();
  if (r != -1 || strcmp (err, "test: /: Permission denied\n") != 0)
    FAIL ("directory: %d, \"%s\"", r, err);

  /* Nothing is left open or running after a failed start. */
  spawn_init (&s, "test", argv);
  s.fd[0] = s.fd[1] = SPAWN_PIPE;
  capture_start ();
  r = spawn_start (&s);
  capture_end ();
  if (r != -1 || s.pid != -1 || s.pipe[0] != -1 || s.pipe[1] != -1)
    FAIL ("failed start left pid %d, pipes %d %d", (int) s.pid,
          s.pipe[0], s.pipe[1]);
}

static void
test_streams (void)
{
  char *echo[] = { (char *) "sh", (char *) "-c",
                   (char *) "echo out; echo err >&2", NULL };
  char *cat[] = { (char *) "cat", NULL };
  char *env[] = { (char *) "sh", (char *) "-c",
                  (char *) "printf '%s' \"$CAREEN_SPAWN_TEST\"", NULL };
  char *setting[] = { (char *) "CAREEN_SPAWN_TEST=a b", NULL };
  char *rd[] = { (char *) "sh", (char *) "-c",
                 (char *) "read x || { echo eof; exit 1; }; echo \"<$x>\"",
                 NULL };
  char *zero[] = { (char *) "careen-zero", (char *) "-c",
                   (char *) "echo \"$0\"", NULL };
  char file[] = "/tmp/test-spawn-outXXXXXX";
  struct spawn s;
  const char *got;
  int fd, r;

  /* stdout and stderr into pipes. */
  spawn_init (&s, "test", echo);
  s.fd[1] = SPAWN_PIPE;
  s.fd[2] = SPAWN_PIPE;
  if (spawn_start (&s) == -1)
    FAIL ("start echo");
  else {
    got = slurp (s.pipe[1]);
    if (strcmp (got, "out\n") != 0)
      FAIL ("stdout pipe: \"%s\"", got);
    got = slurp (s.pipe[2]);
    if (strcmp (got, "err\n") != 0)
      FAIL ("stderr pipe: \"%s\"", got);
    if ((r = spawn_wait (&s)) != 0)
      FAIL ("echo status %d", r);
  }

  /* stdout and stderr to one file we opened; it stays open. */
  fd = mkstemp (file);
  if (fd == -1) {
    perror (file);
    exit (EXIT_FAILURE);
  }
  spawn_init (&s, "test", echo);
  s.fd[1] = fd;
  s.fd[2] = fd;
  if (spawn_start (&s) == -1 || (r = spawn_wait (&s)) != 0)
    FAIL ("echo into a file");
  else {
    char buf[64] = "";
    ssize_t n = pread (fd, buf, sizeof buf - 1, 0);

    if (n != 8 || strcmp (buf, "out\nerr\n") != 0)
      FAIL ("file: \"%s\"", buf);
  }
  if (fcntl (fd, F_GETFD) == -1)
    FAIL ("our file descriptor was closed");
  close (fd);
  unlink (file);

  /* stdout as stderr: fd 2 given for stdout. */
  spawn_init (&s, "test", echo);
  s.fd[1] = 2;
  s.fd[2] = SPAWN_DEVNULL;
  capture_start ();
  r = spawn_start (&s) == -1 ? -2 : spawn_wait (&s);
  got = capture_end ();
  if (r != 0 || strcmp (got, "out\n") != 0)
    FAIL ("stdout onto stderr: %d, \"%s\"", r, got);

  /* Both ends: we write its stdin, read its stdout. */
  spawn_init (&s, "test", cat);
  s.fd[0] = s.fd[1] = SPAWN_PIPE;
  if (spawn_start (&s) == -1)
    FAIL ("start cat");
  else {
    if (write (s.pipe[0], "through\n", 8) != 8)
      FAIL ("write to cat: %m");
    close (s.pipe[0]);
    s.pipe[0] = -1;
    got = slurp (s.pipe[1]);
    if (strcmp (got, "through\n") != 0)
      FAIL ("cat: \"%s\"", got);
    if ((r = spawn_wait (&s)) != 0)
      FAIL ("cat status %d", r);
  }

  /* stdin from /dev/null: read meets the end of input at once. */
  spawn_init (&s, "test", rd);
  s.fd[0] = SPAWN_DEVNULL;
  check_output (__LINE__, &s, 1, "eof\n");

  /* The program named apart from argv[0], which becomes $0. */
  spawn_init (&s, "test", zero);
  s.file = "/bin/sh";
  check_output (__LINE__, &s, 0, "careen-zero\n");

  /* An added environment variable, not set in ours. */
  spawn_init (&s, "test", env);
  s.env = setting;
  check_output (__LINE__, &s, 0, "a b");
  if (getenv ("CAREEN_SPAWN_TEST") != NULL)
    FAIL ("the variable leaked into our environment");
}

static volatile sig_atomic_t got_int;

static void
on_int (int sig)
{
  got_int = 1;
}

/* SPAWN_LIKE_SYSTEM: a SIGINT to us while the child runs is ignored
 * (the terminal sends it to both), the child gets the default action,
 * and our handler is back afterwards.
 */
static void
test_like_system (void)
{
  char *argv[] = { (char *) "sh", (char *) "-c",
                   (char *) "kill -INT $PPID; kill -INT $$; exit 0", NULL };
  struct sigaction sa = { .sa_handler = on_int }, now;
  struct spawn s;
  int r;

  sigemptyset (&sa.sa_mask);
  sigaction (SIGINT, &sa, NULL);
  spawn_init (&s, "test", argv);
  s.flags = SPAWN_LIKE_SYSTEM;
  if (spawn_start (&s) == -1)
    FAIL ("start like system");
  else {
    r = spawn_wait (&s);
    /* The child died of the SIGINT it sent itself. */
    if (r != -1)
      FAIL ("like system: child status %d, want -1 (SIGINT)", r);
  }
  if (got_int)
    FAIL ("SIGINT reached us while the child ran");
  sigaction (SIGINT, NULL, &now);
  if (now.sa_handler != on_int)
    FAIL ("our SIGINT handler was not put back");
  raise (SIGINT);
  if (!got_int)
    FAIL ("SIGINT after the child did not reach our handler");
  signal (SIGINT, SIG_DFL);
}

static void
test_reap (void)
{
  pid_t pid;
  int r;

  fflush (stdout);
  pid = fork ();
  if (pid == 0)
    _exit (42);
  r = spawn_reap ("test", "child", pid);
  if (r != 42)
    FAIL ("reap: %d", r);
}

static void
test_find_program (void)
{
  const char *saved = getenv ("PATH");
  char *path = saved ? strdup (saved) : NULL;

  if (!spawn_find_program ("sh"))
    FAIL ("sh not found in $PATH");
  if (spawn_find_program ("careen-no-such-program"))
    FAIL ("careen-no-such-program found");
  if (!spawn_find_program ("/bin/sh"))
    FAIL ("/bin/sh not found");
  if (spawn_find_program ("/"))
    FAIL ("/ taken for a program");
  if (spawn_find_program ("/etc/passwd"))
    FAIL ("/etc/passwd taken for a program");
  /* A directory of the same name does not count. */
  setenv ("PATH", "/nonexistent::/", 1);
  if (spawn_find_program ("bin"))
    FAIL ("the directory /bin taken for a program");
  setenv ("PATH", "/nonexistent:/bin", 1);
  if (!spawn_find_program ("sh"))
    FAIL ("sh not found in the last $PATH entry");
  if (path) {
    setenv ("PATH", path, 1);
    free (path);
  }
}

int
main (void)
{
  errfd = mkstemp (errfile);
  if (errfd == -1) {
    perror (errfile);
    exit (EXIT_FAILURE);
  }
  unlink (errfile);
  /* Messages are compared in English. */
  setenv ("LC_ALL", "C", 1);

  test_statuses ();
  test_missing ();
  test_streams ();
  test_like_system ();
  test_reap ();
  test_find_program ();

  close (errfd);
  if (failures) {
    fprintf (stderr, "%d failures\n", failures);
    exit (EXIT_FAILURE);
  }
  printf ("test-spawn: all passed\n");
  exit (EXIT_SUCCESS);
}
