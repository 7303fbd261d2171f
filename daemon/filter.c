/* careen - offline disk-image toolkit */

/**
 * Streaming through host tools (tar, gzip, find, ...).  command.c
 * captures a tool's whole output in memory; the stream calls instead
 * need a tool whose stdin or stdout is a pipe fed from, or drained to,
 * the FileIn/FileOut chunk stream, so that an archive of any size
 * never sits whole in memory.  The tool's stderr is always captured
 * (bounded) for the error message, and read while the stream goes so
 * a chatty tool cannot block on a full stderr pipe.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"

/* Size asked for the pipes to and from the tool (the kernel's default
 * upper limit for unprivileged users is 1 MiB).
 */
#define FILTER_PIPE_SIZE (1024 * 1024)

static void
close_fd (int *fd)
{
  if (*fd >= 0) {
    close (*fd);
    *fd = -1;
  }
}

/* Keeps what fits of the tool's stderr; the rest is read and dropped. */
static void
drain_stderr (struct filter *f)
{
  char buf[4096];
  ssize_t r;

  if (f->err_fd < 0)
    return;
  r = read (f->err_fd, buf, sizeof buf);
  if (r == -1 && (errno == EINTR || errno == EAGAIN))
    return;
  if (r <= 0) {
    close_fd (&f->err_fd);
    return;
  }
  if (f->err_len < FILTER_MAX_ERROR) {
    size_t n = (size_t) r;

    if (n > FILTER_MAX_ERROR - f->err_len)
      n = FILTER_MAX_ERROR - f->err_len;
    memcpy (f->err + f->err_len, buf, n);
    f->err_len += n;
  }
  f->err[f->err_len] = '\0';
}

static void __attribute__ ((noreturn))
filter_child (const char *const *argv, int in_fd, int out_fd, int err_fd,
              int extra_fd)
{
  /* The daemon ignores SIGPIPE, and ignored signals survive exec. */
  signal (SIGPIPE, SIG_DFL);
  if (in_fd == -1)
    in_fd = open ("/dev/null", O_RDONLY);
  if (out_fd == -1)
    out_fd = open ("/dev/null", O_WRONLY);
  /* Moved out of the way first: dup2 onto 0..3 must not clobber one of
   * the others.
   */
  in_fd = fcntl (in_fd, F_DUPFD, 10);
  out_fd = fcntl (out_fd, F_DUPFD, 10);
  err_fd = fcntl (err_fd, F_DUPFD, 10);
  if (extra_fd >= 0)
    extra_fd = fcntl (extra_fd, F_DUPFD, 10);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0 ||
      dup2 (in_fd, 0) == -1 || dup2 (out_fd, 1) == -1 ||
      dup2 (err_fd, 2) == -1 ||
      (extra_fd >= 0 && dup2 (extra_fd, 3) == -1))
    _exit (126);
  closefrom (extra_fd >= 0 ? 4 : 3);
  execvp (argv[0], (char *const *) argv);
  fprintf (stderr, "%s: %s\n", argv[0], strerror (errno));
  _exit (errno == ENOENT ? 127 : 126);
}

int
filter_start (struct filter *f, const char *const *argv,
              int stdin_fd, int stdout_fd, int extra_fd)
{
  int ip[2] = { -1, -1 }, op[2] = { -1, -1 }, ep[2] = { -1, -1 };
  int child_in, child_out, err;

  memset (f, 0, sizeof *f);
  f->pid = -1;
  f->to_fd = f->from_fd = f->err_fd = -1;

  if ((stdin_fd == FILTER_PIPE && pipe2 (ip, O_CLOEXEC) == -1) ||
      (stdout_fd == FILTER_PIPE && pipe2 (op, O_CLOEXEC) == -1) ||
      pipe2 (ep, O_CLOEXEC) == -1)
    goto out_close;
  /* Larger pipes than the default 64 KiB: each time one fills or
   * empties, the daemon and the tool take turns on the appliance's one
   * CPU, and under TCG each switch is costly.  Best effort: the
   * default still works.
   */
  if (stdin_fd == FILTER_PIPE)
    (void) fcntl (ip[1], F_SETPIPE_SZ, FILTER_PIPE_SIZE);
  if (stdout_fd == FILTER_PIPE)
    (void) fcntl (op[0], F_SETPIPE_SZ, FILTER_PIPE_SIZE);
  child_in = stdin_fd == FILTER_PIPE ? ip[0] : stdin_fd;
  child_out = stdout_fd == FILTER_PIPE ? op[1] : stdout_fd;

  if (verbose) {
    size_t i;
    fprintf (stderr, "careen-daemon: filter:");
    for (i = 0; argv[i] != NULL; ++i)
      fprintf (stderr, " %s", argv[i]);
    fprintf (stderr, "\n");
  }

  f->pid = fork ();
  if (f->pid == -1)
    goto out_close;
  if (f->pid == 0)
    filter_child (argv, child_in, child_out, ep[1], extra_fd);

  close_fd (&ip[0]);
  close_fd (&op[1]);
  close_fd (&ep[1]);
  f->to_fd = ip[1];
  f->from_fd = op[0];
  f->err_fd = ep[0];
  fcntl (f->err_fd, F_SETFL, O_NONBLOCK);
  return 0;

 out_close:
  err = errno;
  close_fd (&ip[0]); close_fd (&ip[1]);
  close_fd (&op[0]); close_fd (&op[1]);
  close_fd (&ep[0]); close_fd (&ep[1]);
  errno = err;
  return -1;
}

/* Waits until fd is ready for events (or the tool's stderr has
 * something), reading stderr meanwhile.  Returns the revents of fd.
 */
static short
wait_fd (struct filter *f, int fd, short events)
{
  for (;;) {
    struct pollfd pfd[2] = {
      { .fd = fd, .events = events },
      { .fd = f->err_fd, .events = POLLIN },
    };

    if (poll (pfd, 2, -1) == -1) {
      if (errno == EINTR)
        continue;
      return POLLERR;
    }
    if (pfd[1].revents)
      drain_stderr (f);
    if (pfd[0].revents)
      return pfd[0].revents;
  }
}

ssize_t
filter_read (struct filter *f, void *buf, size_t len)
{
  for (;;) {
    ssize_t r;

    wait_fd (f, f->from_fd, POLLIN);
    r = read (f->from_fd, buf, len);
    if (r == -1 && errno == EINTR)
      continue;
    return r;
  }
}

int
filter_write (struct filter *f, const void *buf, size_t len)
{
  const char *p = buf;

  while (len > 0) {
    ssize_t r;

    wait_fd (f, f->to_fd, POLLOUT);
    r = write (f->to_fd, p, len);
    if (r == -1) {
      if (errno == EINTR)
        continue;
      return -1;                /* EPIPE: the tool has stopped reading */
    }
    p += r;
    len -= r;
  }
  return 0;
}

int
filter_send_output (struct filter *f, int progress_fd, uint64_t total)
{
  CLEANUP_FREE char *buf = malloc (PROTO_MAX_CHUNK);

  if (buf == NULL)
    return -1;
  for (;;) {
    ssize_t r = filter_read (f, buf, PROTO_MAX_CHUNK);

    if (r == -1)
      return -1;
    if (r == 0)
      return 0;
    if (send_file_write (buf, r) == -1)
      return -1;
    /* The tool shares the file description of its input with us, so
     * its offset says how far it has read.
     */
    if (progress_fd >= 0 && total > 0) {
      off_t pos = lseek (progress_fd, 0, SEEK_CUR);
      if (pos >= 0 && (uint64_t) pos <= total)
        notify_progress (pos, total);
    }
    else if (progress_fd == FILTER_PULSE)
      notify_progress (0, 1);
  }
}

int
filter_finish (struct filter *f, char **err_r)
{
  int status;

  *err_r = NULL;
  close_fd (&f->to_fd);
  /* Output not wanted by now is dropped, so the tool can finish. */
  while (f->from_fd >= 0) {
    char buf[4096];
    ssize_t r = filter_read (f, buf, sizeof buf);

    if (r <= 0)
      close_fd (&f->from_fd);
  }
  if (f->err_fd >= 0)
    fcntl (f->err_fd, F_SETFL, 0);
  while (f->err_fd >= 0)
    drain_stderr (f);
  while (waitpid (f->pid, &status, 0) == -1) {
    if (errno != EINTR) {
      *err_r = strdup ("lost the tool's exit status");
      return -1;
    }
  }
  f->pid = -1;

  /* Tools end their messages with newlines. */
  while (f->err_len > 0 && (f->err[f->err_len-1] == '\n' ||
                            f->err[f->err_len-1] == ' '))
    f->err[--f->err_len] = '\0';

  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return 0;
  if (WIFSIGNALED (status)) {
    if (asprintf (err_r, "%s%skilled by signal %d", f->err,
                  f->err_len ? ": " : "", WTERMSIG (status)) == -1)
      *err_r = NULL;
  }
  else if (f->err_len > 0)
    *err_r = strdup (f->err);
  else if (asprintf (err_r, "exited with status %d",
                     WEXITSTATUS (status)) == -1)
    *err_r = NULL;
  return -1;
}

void
filter_kill (struct filter *f)
{
  close_fd (&f->to_fd);
  close_fd (&f->from_fd);
  close_fd (&f->err_fd);
  if (f->pid > 0) {
    kill (f->pid, SIGKILL);
    while (waitpid (f->pid, NULL, 0) == -1 && errno == EINTR)
      ;
    f->pid = -1;
  }
}
