/* careen - offline disk-image toolkit */

/**
 * Running the host tools of the appliance (mkfs.*, parted, blkid, ...).
 * Always by argv, never through a shell, so guest-controlled strings
 * (labels, paths) cannot inject commands.  stdout and stderr are
 * captured with a bound, and a tool's stderr becomes the error message
 * the user sees.
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
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"

/* Most bytes kept of a tool's stdout or stderr: the output of the tools
 * we run (listings, df, blkid) is small; anything larger is a tool gone
 * wrong, and must not exhaust the appliance's memory.  stdout beyond
 * the limit fails the command; stderr is just cut.
 */
#define COMMAND_MAX_OUTPUT (4 * 1024 * 1024)

/* Most arguments accepted by command (): every caller passes a handful. */
#define COMMAND_MAX_ARGS 64

bool command_pulse;

/* How often a running command wakes up to send pulse progress. */
#define COMMAND_PULSE_MS 250

struct capture {
  char *buf;
  size_t len;
  size_t cap;
  bool truncated;
};

static int
capture_add (struct capture *c, const char *p, size_t n)
{
  if (c->len + n > COMMAND_MAX_OUTPUT) {
    c->truncated = true;
    n = COMMAND_MAX_OUTPUT - c->len;
  }
  if (c->len + n + 1 > c->cap) {
    size_t cap = c->cap ? c->cap : 4096;
    char *b;

    while (cap < c->len + n + 1)
      cap *= 2;
    b = realloc (c->buf, cap);
    if (b == NULL)
      return -1;
    c->buf = b;
    c->cap = cap;
  }
  memcpy (c->buf + c->len, p, n);
  c->len += n;
  c->buf[c->len] = '\0';
  return 0;
}

/* Makes sure the capture is a valid (possibly empty) string. */
static int
capture_finish (struct capture *c)
{
  if (c->buf == NULL) {
    c->buf = strdup ("");
    if (c->buf == NULL)
      return -1;
  }
  return 0;
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

static void __attribute__ ((noreturn))
run_child (const char *const *argv, int in_fd, int out_fd, int err_fd)
{
  int devnull;

  /* The daemon ignores SIGPIPE, and ignored signals survive exec. */
  signal (SIGPIPE, SIG_DFL);
  if (in_fd == -1) {
    devnull = open ("/dev/null", O_RDONLY);
    if (devnull >= 0)
      in_fd = devnull;
  }
  if (in_fd >= 0)
    dup2 (in_fd, 0);
  dup2 (out_fd, 1);
  dup2 (err_fd, 2);
  /* Other descriptors (the channel) are close-on-exec or closed here. */
  closefrom (3);
  execvp (argv[0], (char *const *) argv);
  fprintf (stderr, "%s: %s\n", argv[0], strerror (errno));
  _exit (errno == ENOENT ? 127 : 126);
}

/* The core: runs argv, returns the wait status (>= 0) or -1 if the
 * process could not be started (errno set).  out and err receive the
 * captured streams.
 */
static int
run (const char *const *argv, const char *data, size_t data_len,
     struct capture *out, struct capture *err)
{
  int opipe[2] = { -1, -1 }, epipe[2] = { -1, -1 }, ipipe[2] = { -1, -1 };
  pid_t pid;
  int status, saved;
  size_t written = 0;
  /* Static: too big for the stack limit, and one command runs at a time. */
  static char buf[16384];

  if (pipe2 (opipe, O_CLOEXEC) == -1 || pipe2 (epipe, O_CLOEXEC) == -1 ||
      (data && pipe2 (ipipe, O_CLOEXEC) == -1))
    goto out_close;

  if (verbose) {
    size_t i;
    fprintf (stderr, "careen-daemon: run:");
    for (i = 0; argv[i] != NULL; ++i)
      fprintf (stderr, " %s", argv[i]);
    fprintf (stderr, "\n");
  }

  pid = fork ();
  if (pid == -1)
    goto out_close;
  if (pid == 0)
    run_child (argv, ipipe[0], opipe[1], epipe[1]);

  close (opipe[1]); opipe[1] = -1;
  close (epipe[1]); epipe[1] = -1;
  if (ipipe[0] >= 0) {
    close (ipipe[0]);
    ipipe[0] = -1;
    fcntl (ipipe[1], F_SETFL, O_NONBLOCK);
    if (data_len == 0) {
      close (ipipe[1]);
      ipipe[1] = -1;
    }
  }

  while (opipe[0] >= 0 || epipe[0] >= 0) {
    struct pollfd pfd[3];
    int i, n = 0;

    pfd[n++] = (struct pollfd) { .fd = opipe[0], .events = POLLIN };
    pfd[n++] = (struct pollfd) { .fd = epipe[0], .events = POLLIN };
    pfd[n++] = (struct pollfd) { .fd = ipipe[1], .events = POLLOUT };
    if (poll (pfd, n, command_pulse ? COMMAND_PULSE_MS : -1) == -1) {
      if (errno == EINTR)
        continue;
      break;
    }
    /* notify_progress rate-limits; position 0 of 1 is pulse mode. */
    if (command_pulse)
      notify_progress (0, 1);
    for (i = 0; i < 2; ++i) {
      int *fdp = i == 0 ? &opipe[0] : &epipe[0];
      struct capture *c = i == 0 ? out : err;
      ssize_t r;

      if (*fdp < 0 || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      r = read (*fdp, buf, sizeof buf);
      if (r == -1 && errno == EINTR)
        continue;
      if (r <= 0) {
        close (*fdp);
        *fdp = -1;
        continue;
      }
      /* Out of memory: keep draining so the child is not blocked. */
      if (!c->truncated)
        capture_add (c, buf, r);
    }
    if (ipipe[1] >= 0 && (pfd[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t r = write (ipipe[1], data + written, data_len - written);
      if (r > 0)
        written += r;
      /* EPIPE: the tool did not want all its input; not our error. */
      if ((r == -1 && errno != EAGAIN && errno != EINTR) ||
          written == data_len) {
        close (ipipe[1]);
        ipipe[1] = -1;
      }
    }
  }
  if (ipipe[1] >= 0) {
    close (ipipe[1]);
    ipipe[1] = -1;
  }

  while (waitpid (pid, &status, 0) == -1) {
    if (errno != EINTR)
      return -1;
  }
  return status;

 out_close:
  saved = errno;
  if (opipe[0] >= 0) close (opipe[0]);
  if (opipe[1] >= 0) close (opipe[1]);
  if (epipe[0] >= 0) close (epipe[0]);
  if (epipe[1] >= 0) close (epipe[1]);
  if (ipipe[0] >= 0) close (ipipe[0]);
  if (ipipe[1] >= 0) close (ipipe[1]);
  errno = saved;
  return -1;
}

/* Runs and decides.  Returns the exit status or -1; when status_ok is
 * set, any exit status is returned, else only 0 counts as success.
 */
static int
command_full (char **out_r, char **err_r, const char *data, size_t data_len,
              bool any_status, const char *const *argv)
{
  struct capture out = { 0 }, err = { 0 };
  int status, ret = -1;
  char *why = NULL;

  status = run (argv, data, data_len, &out, &err);
  if (capture_finish (&out) == -1 || capture_finish (&err) == -1) {
    why = strdup ("out of memory");
    goto done;
  }
  trim_end (err.buf);

  if (status == -1) {
    if (asprintf (&why, "%s: %m", argv[0]) == -1)
      why = NULL;
    goto done;
  }
  if (WIFSIGNALED (status)) {
    if (asprintf (&why, "%s%skilled by signal %d", err.buf,
                  *err.buf ? ": " : "", WTERMSIG (status)) == -1)
      why = NULL;
    goto done;
  }
  if (out.truncated) {
    if (asprintf (&why, "output too large (more than %d bytes)",
                  COMMAND_MAX_OUTPUT) == -1)
      why = NULL;
    goto done;
  }
  if (WEXITSTATUS (status) != 0 && !any_status) {
    if (*err.buf)
      why = strdup (err.buf);
    else if (asprintf (&why, "exited with status %d",
                       WEXITSTATUS (status)) == -1)
      why = NULL;
    goto done;
  }
  ret = WEXITSTATUS (status);

 done:
  if (out_r) {
    *out_r = out.buf;
    out.buf = NULL;
  }
  if (err_r) {
    if (ret == -1) {
      *err_r = why ? why : strdup ("unknown failure");
      why = NULL;
    }
    else {
      *err_r = err.buf;
      err.buf = NULL;
    }
  }
  free (why);
  free (out.buf);
  free (err.buf);
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
