/* careen - offline disk-image toolkit */

/**
 * Streaming through host tools (tar, gzip, find, ...), started by
 * command_start.  command () captures a tool's whole output in memory;
 * the stream calls instead
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
#include <sched.h>
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

  if (f->child.err_fd < 0)
    return;
  r = read (f->child.err_fd, buf, sizeof buf);
  if (r == -1 && (errno == EINTR || errno == EAGAIN))
    return;
  if (r <= 0) {
    close_fd (&f->child.err_fd);
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

int
filter_start (struct filter *f, const char *const *argv,
              int stdin_fd, int stdout_fd, int extra_fd)
{
  const struct command_spec spec = {
    .argv = argv, .stdin_fd = stdin_fd, .stdout_fd = stdout_fd,
    .extra_fd = extra_fd,
  };

  f->err_len = 0;
  f->err[0] = '\0';
  if (command_start (&spec, &f->child) == -1)
    return -1;
  /* Larger pipes than the default 64 KiB: each time one fills or
   * empties, the daemon and the tool take turns on the appliance's one
   * CPU, and under TCG each switch is costly.  Best effort: the
   * default still works.
   */
  if (f->child.to_fd >= 0)
    (void) fcntl (f->child.to_fd, F_SETPIPE_SZ, FILTER_PIPE_SIZE);
  if (f->child.from_fd >= 0)
    (void) fcntl (f->child.from_fd, F_SETPIPE_SZ, FILTER_PIPE_SIZE);
  fcntl (f->child.err_fd, F_SETFL, O_NONBLOCK);
  return 0;
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
      { .fd = f->child.err_fd, .events = POLLIN },
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

    wait_fd (f, f->child.from_fd, POLLIN);
    r = read (f->child.from_fd, buf, len);
    if (r == -1 && errno == EINTR)
      continue;
    return r;
  }
}

static int
filter_write (struct filter *f, const void *buf, size_t len)
{
  const char *p = buf;

  while (len > 0) {
    ssize_t r;

    wait_fd (f, f->child.to_fd, POLLOUT);
    r = write (f->child.to_fd, p, len);
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

/* While the daemon drains a tool's output, it runs as SCHED_BATCH: the
 * tool's write to the pipe then no longer hands the appliance's one CPU
 * to the daemon at once, so the tool goes on until it blocks or its
 * slice ends and the daemon reads (and sends) larger pieces.  tar writes
 * 10 KiB records, and each chunk sent is a virtqueue kick that costs
 * much more under TCG than a few more pipe bytes.  Best effort.
 */
static int
batch_scheduling (bool on)
{
  const struct sched_param param = { .sched_priority = 0 };

  return sched_setscheduler (0, on ? SCHED_BATCH : SCHED_OTHER, &param);
}

static int
send_output (struct filter *f, char *buf, int progress_fd, uint64_t total)
{
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
filter_send_output (struct filter *f, int progress_fd, uint64_t total)
{
  CLEANUP_FREE char *buf = malloc (PROTO_MAX_CHUNK);
  int batch, r;

  if (buf == NULL)
    return -1;
  batch = batch_scheduling (true);
  r = send_output (f, buf, progress_fd, total);
  if (batch == 0)
    batch_scheduling (false);
  return r;
}

int
filter_finish (struct filter *f, char **err_r)
{
  int status;

  *err_r = NULL;
  close_fd (&f->child.to_fd);
  /* Output not wanted by now is dropped, so the tool can finish. */
  while (f->child.from_fd >= 0) {
    char buf[4096];
    ssize_t r = filter_read (f, buf, sizeof buf);

    if (r <= 0)
      close_fd (&f->child.from_fd);
  }
  if (f->child.err_fd >= 0)
    fcntl (f->child.err_fd, F_SETFL, 0);
  while (f->child.err_fd >= 0)
    drain_stderr (f);
  status = command_wait (&f->child);
  if (status == -1) {
    *err_r = strdup ("lost the tool's exit status");
    return -1;
  }

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
  command_kill (&f->child);
}

int
filter_write_cb (void *opaque, const void *buf, size_t len)
{
  if (filter_write (opaque, buf, len) == -1)
    return -1;
  if (command_pulse)
    notify_progress (0, 1);
  return 0;
}
