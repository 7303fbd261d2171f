/* careen - offline disk-image toolkit */

/**
 * Running child processes: the one place the daemon forks.  Host tools
 * (mkfs.*, parted, blkid, ...) and guest programs (command, sh) are
 * always run by argv, never through a shell, so guest-controlled
 * strings (labels, paths) cannot inject commands.
 *
 * command_start starts a child with each standard stream a pipe, an
 * fd of the caller or /dev/null, optionally chrooted into the guest
 * tree.  Whether the exec worked is known when it returns: the child
 * reports a failure through a close-on-exec pipe, so a missing program
 * is an error of the call, not an exit status to guess at.
 * command_collect captures stdout and stderr with a bound; the
 * command* functions on top of them give a tool's stderr as the error
 * message the user sees.  filter.c streams through a started child.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"

/* Most bytes kept of a tool's stdout or stderr.  Listings of a large
 * guest (find over millions of files) reach hundreds of MiB and go back
 * as long replies; more than this is a tool gone wrong, and must not
 * exhaust the appliance's memory.  stdout beyond the limit fails the
 * command; stderr is just cut.
 */
#define COMMAND_MAX_OUTPUT (256 * 1024 * 1024)

/* Most arguments accepted by command (): every caller passes a handful. */
#define COMMAND_MAX_ARGS 64

bool command_pulse;

/* How often a running command wakes up to send pulse progress. */
#define COMMAND_PULSE_MS 250

/* Descriptors at or above this one are free in the child while it
 * moves the standard streams into place.
 */
#define CHILD_HIGH_FD 10

/* What the child tells the parent when it could not exec. */
struct exec_failure {
  int stage;                    /* enum command_stage */
  int err;
};

static void
close_fd (int *fd)
{
  if (*fd >= 0) {
    close (*fd);
    *fd = -1;
  }
}

static void __attribute__ ((noreturn))
child_fail (int fd, enum command_stage stage, int err)
{
  struct exec_failure f = { .stage = stage, .err = err };

  if (write (fd, &f, sizeof f) != (ssize_t) sizeof f)
    _exit (126);
  _exit (127);
}

/* In the chrooted child: finds the program on the guest's PATH and
 * runs it.  execvp is not used because on ENOEXEC it retries the file
 * as a shell script, which hides "wrong architecture" behind a shell
 * error.
 */
static void __attribute__ ((noreturn))
exec_in_guest (char *const *argv, int fail_fd)
{
  static char *const envp[] = {
    (char *) "PATH=" GUEST_PATH, (char *) "HOME=/root", (char *) "LC_ALL=C",
    NULL
  };
  char buf[4096];
  const char *p;
  int persona;

  /* The guest's programs, and all they start, get fixed addresses.
   * Under TCG, qemu (7.2 here) finds translated code by its virtual
   * address as well: every new process whose libraries land somewhere
   * else translates them all again, which makes initramfs builders
   * (about 2000 processes) about 3 times slower.  Randomizing the addresses
   * of the guest's own code, run as root at the caller's request,
   * protects nothing; the daemon and host tools keep theirs.
   */
  persona = personality (0xffffffff);
  if (persona != -1)
    personality ((unsigned long) persona | ADDR_NO_RANDOMIZE);
  if (chroot (sysroot) == -1 || chdir ("/") == -1)
    child_fail (fail_fd, COMMAND_FAILED_CHROOT, errno);
  if (strchr (argv[0], '/') != NULL) {
    execve (argv[0], argv, envp);
    child_fail (fail_fd, errno == ENOENT && access (argv[0], F_OK) == -1
                ? COMMAND_FAILED_NOT_FOUND : COMMAND_FAILED_EXEC, errno);
  }
  for (p = GUEST_PATH; *p; ) {
    size_t n = strcspn (p, ":");
    struct stat st;

    if (snprintf (buf, sizeof buf, "%.*s/%s", (int) n, p, argv[0])
        < (int) sizeof buf &&
        stat (buf, &st) == 0 && S_ISREG (st.st_mode) &&
        access (buf, X_OK) == 0) {
      execve (buf, argv, envp);
      child_fail (fail_fd, COMMAND_FAILED_EXEC, errno);
    }
    p += n;
    if (*p == ':')
      p++;
  }
  child_fail (fail_fd, COMMAND_FAILED_NOT_FOUND, ENOENT);
}

/* In the child: puts the streams in place and execs.  in, out and err
 * are descriptors of the daemon or COMMAND_NULL; out may be
 * COMMAND_STDERR.
 */
static void __attribute__ ((noreturn))
child_run (const struct command_spec *s, int in, int out, int err,
           int fail_fd)
{
  int last, extra;

  /* The daemon ignores SIGPIPE, and ignored signals survive exec: a
   * tool must die of it when the daemon stops reading.
   */
  signal (SIGPIPE, SIG_DFL);
  fail_fd = fcntl (fail_fd, F_DUPFD_CLOEXEC, CHILD_HIGH_FD);
  if (fail_fd == -1)
    _exit (126);
  if (in == COMMAND_NULL)
    in = open ("/dev/null", O_RDONLY);
  if (out == COMMAND_NULL)
    out = open ("/dev/null", O_WRONLY);
  /* Moved out of the way first: dup2 onto 0..3 must not clobber one of
   * the others.
   */
  in = fcntl (in, F_DUPFD, CHILD_HIGH_FD);
  err = fcntl (err, F_DUPFD, CHILD_HIGH_FD);
  out = out == COMMAND_STDERR ? err : fcntl (out, F_DUPFD, CHILD_HIGH_FD);
  extra = s->extra_fd >= 0 ? fcntl (s->extra_fd, F_DUPFD, CHILD_HIGH_FD) : -1;
  if (in < 0 || out < 0 || err < 0 || (s->extra_fd >= 0 && extra < 0))
    child_fail (fail_fd, COMMAND_FAILED_SETUP, errno);
  if (dup2 (in, 0) == -1 || dup2 (out, 1) == -1 || dup2 (err, 2) == -1 ||
      (extra >= 0 && dup2 (extra, 3) == -1))
    child_fail (fail_fd, COMMAND_FAILED_SETUP, errno);
  /* The failure channel goes just above the child's descriptors; it
   * closes itself on a successful exec.  Nothing else of the daemon's
   * (the channel to the library above all) reaches the program.
   */
  last = s->extra_fd >= 0 ? 4 : 3;
  if (dup3 (fail_fd, last, O_CLOEXEC) == -1)
    child_fail (fail_fd, COMMAND_FAILED_SETUP, errno);
  fail_fd = last;
  closefrom (last + 1);

  if (s->in_guest)
    exec_in_guest ((char *const *) s->argv, fail_fd);
  execvp (s->argv[0], (char *const *) s->argv);
  child_fail (fail_fd, errno == ENOENT ? COMMAND_FAILED_NOT_FOUND
              : COMMAND_FAILED_EXEC, errno);
}

int
command_start (const struct command_spec *s, struct command_child *c)
{
  int ip[2] = { -1, -1 }, op[2] = { -1, -1 }, ep[2] = { -1, -1 };
  int fp[2] = { -1, -1 };
  int child_in, child_out, err;
  struct exec_failure f;
  ssize_t r;

  c->pid = -1;
  c->to_fd = c->from_fd = c->err_fd = -1;
  c->failed = COMMAND_FAILED_SETUP;

  if ((s->stdin_fd == COMMAND_PIPE && pipe2 (ip, O_CLOEXEC) == -1) ||
      (s->stdout_fd == COMMAND_PIPE && pipe2 (op, O_CLOEXEC) == -1) ||
      pipe2 (ep, O_CLOEXEC) == -1 || pipe2 (fp, O_CLOEXEC) == -1)
    goto out_close;
  child_in = s->stdin_fd == COMMAND_PIPE ? ip[0] : s->stdin_fd;
  child_out = s->stdout_fd == COMMAND_PIPE ? op[1] : s->stdout_fd;

  if (verbose) {
    size_t i;
    fprintf (stderr, "careen-daemon: run%s:", s->in_guest ? " in guest" : "");
    for (i = 0; s->argv[i] != NULL; ++i)
      fprintf (stderr, " %s", s->argv[i]);
    fprintf (stderr, "\n");
  }

  c->pid = fork ();
  if (c->pid == -1)
    goto out_close;
  if (c->pid == 0)
    child_run (s, child_in, child_out, ep[1], fp[1]);

  close_fd (&ip[0]);
  close_fd (&op[1]);
  close_fd (&ep[1]);
  close_fd (&fp[1]);
  c->to_fd = ip[1];
  c->from_fd = op[0];
  c->err_fd = ep[0];

  /* End of file: the exec worked and closed the child's end. */
  do
    r = read (fp[0], &f, sizeof f);
  while (r == -1 && errno == EINTR);
  close_fd (&fp[0]);
  if (r == (ssize_t) sizeof f) {
    command_kill (c);
    c->failed = f.stage;
    errno = f.err;
    return -1;
  }
  return 0;

 out_close:
  err = errno;
  close_fd (&ip[0]); close_fd (&ip[1]);
  close_fd (&op[0]); close_fd (&op[1]);
  close_fd (&ep[0]); close_fd (&ep[1]);
  close_fd (&fp[0]); close_fd (&fp[1]);
  c->pid = -1;
  errno = err;
  return -1;
}

int
command_wait (struct command_child *c)
{
  int status;

  close_fd (&c->to_fd);
  close_fd (&c->from_fd);
  close_fd (&c->err_fd);
  if (c->pid <= 0) {
    errno = ECHILD;
    return -1;
  }
  while (waitpid (c->pid, &status, 0) == -1) {
    if (errno != EINTR) {
      c->pid = -1;
      return -1;
    }
  }
  c->pid = -1;
  return status;
}

void
command_kill (struct command_child *c)
{
  if (c->pid > 0)
    kill (c->pid, SIGKILL);
  command_wait (c);
}

/* Keeps what fits in c; the rest is counted as truncation. */
static void
capture_add (struct command_capture *c, const char *p, size_t n)
{
  size_t max = c->max ? c->max : COMMAND_MAX_OUTPUT;

  if (c->truncated)
    return;
  if (c->buf.len + n > max) {
    c->truncated = true;
    n = max - c->buf.len;
  }
  /* One more for the NUL command_capture_finish adds.  Out of memory:
   * keep draining so the child is not blocked, and fail.
   */
  if (char_vector_reserve (&c->buf, n + 1) == -1) {
    c->truncated = true;
    return;
  }
  memcpy (c->buf.ptr + c->buf.len, p, n);
  c->buf.len += n;
}

char *
command_capture_finish (struct command_capture *c)
{
  if (char_vector_reserve (&c->buf, 1) == -1)
    return NULL;
  c->buf.ptr[c->buf.len] = '\0';
  return char_vector_steal (&c->buf);
}

int
command_collect (struct command_child *c, const char *data, size_t data_len,
                 struct command_capture *out, struct command_capture *err)
{
  /* Static: too big for the stack limit, and one command runs at a time. */
  static char buf[16384];
  size_t written = 0;
  bool killed = false;

  if (c->to_fd >= 0) {
    fcntl (c->to_fd, F_SETFL, O_NONBLOCK);
    if (data_len == 0)
      close_fd (&c->to_fd);
  }
  while (c->from_fd >= 0 || c->err_fd >= 0) {
    struct pollfd pfd[3] = {
      { .fd = c->from_fd, .events = POLLIN },
      { .fd = c->err_fd, .events = POLLIN },
      { .fd = c->to_fd, .events = POLLOUT },
    };
    int i;

    if (poll (pfd, 3, command_pulse ? COMMAND_PULSE_MS : -1) == -1) {
      if (errno == EINTR)
        continue;
      break;
    }
    /* notify_progress rate-limits; position 0 of 1 is pulse mode. */
    if (command_pulse)
      notify_progress (0, 1);
    for (i = 0; i < 2; ++i) {
      int *fdp = i == 0 ? &c->from_fd : &c->err_fd;
      ssize_t r;

      if (*fdp < 0 || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      r = read (*fdp, buf, sizeof buf);
      if (r == -1 && errno == EINTR)
        continue;
      if (r <= 0) {
        close_fd (fdp);
        continue;
      }
      capture_add (i == 0 ? out : err, buf, r);
    }
    /* Output that cannot be returned: stop a program that may never
     * end ("yes") instead of reading it forever.
     */
    if (out->truncated && !killed) {
      kill (c->pid, SIGKILL);
      killed = true;
    }
    if (c->to_fd >= 0 && (pfd[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t r = write (c->to_fd, data + written, data_len - written);

      if (r > 0)
        written += r;
      /* EPIPE: the tool did not want all its input; not our error. */
      if ((r == -1 && errno != EAGAIN && errno != EINTR) ||
          written == data_len)
        close_fd (&c->to_fd);
    }
  }
  return command_wait (c);
}

/* Removes trailing whitespace (tools end their messages with newlines). */
static void
trim_end (char *s)
{
  size_t n = strlen (s);

  while (n > 0 && (s[n-1] == '\n' || s[n-1] == '\r' ||
                   s[n-1] == ' ' || s[n-1] == '\t'))
    s[--n] = '\0';
}

/* Runs and decides.  Returns the exit status or -1; when any_status is
 * set, any exit status is returned, else only 0 counts as success.
 */
static int
command_full (char **out_r, char **err_r, const char *data, size_t data_len,
              bool any_status, const char *const *argv)
{
  struct command_spec spec = {
    .argv = argv, .stdin_fd = data ? COMMAND_PIPE : COMMAND_NULL,
    .stdout_fd = COMMAND_PIPE, .extra_fd = -1,
  };
  struct command_capture out = { 0 }, err = { 0 };
  CLEANUP_FREE char *outs = NULL, *errs = NULL;
  struct command_child c;
  int status = -1, ret = -1;
  char *why = NULL;

  if (command_start (&spec, &c) == -1) {
    if (asprintf (&why, "%s: %m", argv[0]) == -1)
      why = NULL;
    goto done;
  }
  status = command_collect (&c, data, data_len, &out, &err);
  outs = command_capture_finish (&out);
  errs = command_capture_finish (&err);
  if (outs == NULL || errs == NULL) {
    why = strdup ("out of memory");
    goto done;
  }
  trim_end (errs);

  if (status == -1) {
    if (asprintf (&why, "%s: %m", argv[0]) == -1)
      why = NULL;
    goto done;
  }
  if (out.truncated) {
    if (asprintf (&why, "output too large (more than %d bytes)",
                  COMMAND_MAX_OUTPUT) == -1)
      why = NULL;
    goto done;
  }
  if (WIFSIGNALED (status)) {
    if (asprintf (&why, "%s%skilled by signal %d", errs,
                  *errs ? ": " : "", WTERMSIG (status)) == -1)
      why = NULL;
    goto done;
  }
  if (WEXITSTATUS (status) != 0 && !any_status) {
    if (*errs)
      why = strdup (errs);
    else if (asprintf (&why, "exited with status %d",
                       WEXITSTATUS (status)) == -1)
      why = NULL;
    goto done;
  }
  ret = WEXITSTATUS (status);

 done:
  char_vector_release (&out.buf);
  char_vector_release (&err.buf);
  if (out_r) {
    *out_r = outs;
    outs = NULL;
  }
  if (err_r) {
    if (ret == -1) {
      *err_r = why ? why : strdup ("unknown failure");
      why = NULL;
    }
    else {
      *err_r = errs;
      errs = NULL;
    }
  }
  free (why);
  if (ret == -1 && errno == 0)
    errno = EIO;
  return ret;
}

int
commandv (char **out_r, char **err_r, const char *const *argv)
{
  return command_full (out_r, err_r, NULL, 0, false, argv) == 0 ? 0 : -1;
}

int
commandrv (char **out_r, char **err_r, const char *const *argv)
{
  return command_full (out_r, err_r, NULL, 0, true, argv);
}

int
commandv_stdin (char **out_r, char **err_r, const char *data, size_t len,
                const char *const *argv)
{
  return command_full (out_r, err_r, data ? data : "", len, false, argv) == 0
    ? 0 : -1;
}

int
command (char **out_r, char **err_r, const char *prog, ...)
{
  const char *argv[COMMAND_MAX_ARGS + 1];
  size_t n = 0;
  va_list args;
  const char *a;

  argv[n++] = prog;
  va_start (args, prog);
  while ((a = va_arg (args, const char *)) != NULL) {
    if (n >= COMMAND_MAX_ARGS) {
      va_end (args);
      if (out_r)
        *out_r = NULL;
      if (err_r)
        *err_r = strdup ("too many arguments");
      errno = E2BIG;
      return -1;
    }
    argv[n++] = a;
  }
  va_end (args);
  argv[n] = NULL;
  return commandv (out_r, err_r, argv);
}

bool
program_exists (const char *prog)
{
  const char *path = getenv ("PATH");
  char buf[4096];

  if (path == NULL)
    path = "/usr/sbin:/usr/bin:/sbin:/bin";
  while (*path) {
    size_t n = strcspn (path, ":");

    if (n > 0 && snprintf (buf, sizeof buf, "%.*s/%s", (int) n, path, prog)
        < (int) sizeof buf && access (buf, X_OK) == 0)
      return true;
    path += n;
    if (*path == ':')
      path++;
  }
  return false;
}

int
command_error (const char *prog, const char *err)
{
  size_t n = strlen (prog);

  /* Most tools already start their messages with their name. */
  if (err && strncmp (err, prog, n) == 0 && err[n] == ':')
    reply_with_error ("%s", err);
  else
    reply_with_error ("%s: %s", prog, err && *err ? err : "failed");
  return -1;
}
