/** careen - offline disk-image toolkit
 *
 * The byte streams between the library and a running qemu: reading and
 * writing the channel socket, and draining qemu's output (the guest
 * console on stdout, qemu's own messages on stderr) while doing so.
 *
 * qemu's output must be read even while we only care about the
 * channel: if its pipe fills, qemu blocks writing the console and the
 * guest stalls, so every wait here polls the output too.  Each output
 * line becomes an APPLIANCE event and is kept in a short ring so that
 * a failed launch can show the user what the guest said last.
 *
 * No wait here is unbounded: the daemon's keep-alive frames
 * (protocol.txt) let a hung appliance be told from a slow one, and the
 * caller's call deadline (CAREEN_CALL_TIMEOUT) bounds a call whose
 * daemon is alive but whose work never ends (a guest command that
 * sleeps, a program stuck in the kernel).
 */

#include <config.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "guestfs-internal.h"

/* Marks in the console output used for the launch time breakdown.  The
 * second is printed by careen's init when it starts.
 */
#define KERNEL_BANNER "Linux version"
#define INIT_BANNER "careen-init"

int64_t
guestfs_int_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t
guestfs_int_elapsed_ms (guestfs_h *g)
{
  return (guestfs_int_now_ns () - g->times.start_ns) / 1000000;
}

static void
keep_tail (guestfs_h *g, const char *line, size_t len)
{
  struct conn *c = &g->conn;
  char *copy = strndup (line, len);

  if (copy == NULL)
    guestfs_int_oom (g);
  free (c->tail[c->tail_next]);
  c->tail[c->tail_next] = copy;
  c->tail_next = (c->tail_next + 1) % CAREEN_CONSOLE_TAIL_LINES;
}

/* Keeps the disk name of init's stalled-boot line (protocol.txt), up
 * to the space after it, for wait_ready (launch.c).
 */
static void
note_boot_stall (guestfs_h *g, const char *line, size_t len)
{
  const size_t marklen = strlen (PROTO_BOOT_STALL_MARK);
  const char *mark = memmem (line, len, PROTO_BOOT_STALL_MARK, marklen);
  const char *name, *end = line + len;
  size_t n;

  if (mark == NULL || g->conn.boot_stall[0] != '\0')
    return;
  name = mark + marklen;
  n = 0;
  while (name + n < end && name[n] >= 'a' && name[n] <= 'z')
    n++;
  if (n == 0 || n >= sizeof g->conn.boot_stall)
    return;
  memcpy (g->conn.boot_stall, name, n);
  g->conn.boot_stall[n] = '\0';
}

static void
emit_line (guestfs_h *g, struct logfd *lf)
{
  char *line = lf->line;
  size_t len = lf->len;

  /* The serial console ends lines with \r\n. */
  while (len > 0 && (line[len-1] == '\r' || line[len-1] == '\n'))
    len--;

  if (lf == &g->conn.console) {
    if (g->times.linux_version < 0 && memmem (line, len, KERNEL_BANNER,
                                              strlen (KERNEL_BANNER)))
      g->times.linux_version = guestfs_int_elapsed_ms (g);
    if (g->times.init_start < 0 && memmem (line, len, INIT_BANNER,
                                           strlen (INIT_BANNER)))
      g->times.init_start = guestfs_int_elapsed_ms (g);
    if (g->state == LAUNCHING)
      note_boot_stall (g, line, len);
  }
  keep_tail (g, line, len);

  /* Events get the line with a single \n, like any log line. */
  line[len] = '\n';
  guestfs_int_call_callbacks_message (g, GUESTFS_EVENT_APPLIANCE,
                                      line, len + 1);
  lf->len = 0;
}

static void
log_bytes (guestfs_h *g, struct logfd *lf, const char *buf, size_t n)
{
  size_t i;

  if (lf == &g->conn.console && n > 0 && !g->conn.console_seen) {
    g->conn.console_seen = true;
    g->times.first_console = guestfs_int_elapsed_ms (g);
  }
  for (i = 0; i < n; ++i) {
    lf->line[lf->len++] = buf[i];
    /* Leave room for the \n emit_line may add. */
    if (buf[i] == '\n' || lf->len >= CAREEN_CONSOLE_LINE_MAX - 1)
      emit_line (g, lf);
  }
}

static void
close_log (guestfs_h *g, struct logfd *lf)
{
  if (lf->fd == -1)
    return;
  if (lf->len > 0)
    emit_line (g, lf);
  close (lf->fd);
  lf->fd = -1;
}

void
guestfs_int_drain_log (guestfs_h *g, struct logfd *lf)
{
  char buf[4096];
  ssize_t r;

  while (lf->fd >= 0) {
    r = read (lf->fd, buf, sizeof buf);
    if (r > 0)
      log_bytes (g, lf, buf, (size_t) r);
    else if (r == -1 && errno == EINTR)
      continue;
    else if (r == -1 && errno == EAGAIN)
      break;
    else
      close_log (g, lf);         /* EOF or error: qemu is going away */
  }
}

void
guestfs_int_close_logs (guestfs_h *g)
{
  guestfs_int_drain_log (g, &g->conn.console);
  guestfs_int_drain_log (g, &g->conn.qemu_err);
  close_log (g, &g->conn.console);
  close_log (g, &g->conn.qemu_err);
}

void
guestfs_int_clear_console_tail (guestfs_h *g)
{
  size_t i;

  for (i = 0; i < CAREEN_CONSOLE_TAIL_LINES; ++i) {
    free (g->conn.tail[i]);
    g->conn.tail[i] = NULL;
  }
  g->conn.tail_next = 0;
}

char *
guestfs_int_console_tail (guestfs_h *g)
{
  struct conn *c = &g->conn;
  struct stringsbuf sb;
  CLEANUP_FREE_STRING_LIST char **list = NULL;
  char *ret;
  size_t i;

  stringsbuf_init (&sb);
  for (i = 0; i < CAREEN_CONSOLE_TAIL_LINES; ++i) {
    const char *line = c->tail[(c->tail_next + i) % CAREEN_CONSOLE_TAIL_LINES];

    if (line && stringsbuf_add_string (&sb, line) == -1)
      guestfs_int_oom (g);
  }
  list = stringsbuf_finish (&sb);
  if (list == NULL)
    guestfs_int_oom (g);
  ret = strings_join (list, "\n");
  if (ret == NULL)
    guestfs_int_oom (g);
  return ret;
}

/* Bytes the daemon sent that we have not read yet. */
static int
queued_bytes (int fd)
{
  int n;

  return ioctl (fd, FIONREAD, &n) == 0 ? n : 0;
}

/* The keep-alive expired: the appliance is hung while qemu lives.  A
 * call that waits forever is worse for a batch than an error, so kill
 * it: the handle goes back to CONFIG as after a crash.
 */
static int
no_sign_of_life (guestfs_h *g)
{
  guestfs_int_error_errno (g, ETIMEDOUT,
                           "the appliance stopped answering (no sign of "
                           "life for %d seconds; CAREEN_KEEPALIVE_TIMEOUT); "
                           "it was stopped", g->keepalive_s);
  guestfs_int_appliance_died (g);
  return -1;
}

/* The call deadline passed: the daemon is alive but the call is not
 * done.  Its half-done reply would leave the stream out of step, so the
 * appliance goes as for a hung one.  error() prefixes the call's name.
 */
static int
past_call_deadline (guestfs_h *g)
{
  const int s = g->call_timeout_s;

  g->conn.call_clock_ns = 0;
  guestfs_int_error_errno (g, ETIMEDOUT,
                           "the call did not finish within its deadline "
                           "of %d second%s (CAREEN_CALL_TIMEOUT or "
                           "set_call_timeout); the appliance was stopped",
                           s, s == 1 ? "" : "s");
  guestfs_int_appliance_died (g);
  return -1;
}

void
guestfs_int_conn_start_call_clock (guestfs_h *g)
{
  g->conn.call_clock_ns = g->call_timeout_s > 0 ? guestfs_int_now_ns () : 0;
}

void
guestfs_int_conn_call_moved (guestfs_h *g)
{
  if (g->conn.call_clock_ns > 0)
    g->conn.call_clock_ns = guestfs_int_now_ns ();
}

void
guestfs_int_conn_stop_call_clock (guestfs_h *g)
{
  g->conn.call_clock_ns = 0;
}

/* Waits until the channel is ready for `events`, draining qemu's output
 * meanwhile.  The daemon sends something at least every
 * PROTO_ALIVE_PERIOD_MS while it works, so waiting longer than the
 * keep-alive limit without a byte means it is hung.  While we wait to
 * write, its bytes pile up unread: a growing queue counts as life, as
 * does each write that gets through (every wait starts afresh).  The
 * keep-alive says nothing about the call's progress, so the call
 * deadline, when one is counting, bounds the wait too.
 * Returns 0, or -1 after reporting and stopping the appliance.
 */
static int
wait_channel (guestfs_h *g, short events)
{
  struct conn *c = &g->conn;
  const int64_t limit = (int64_t) g->keepalive_s * 1000000000;
  int64_t last_life = guestfs_int_now_ns ();
  int queued = events == POLLOUT ? queued_bytes (c->sock_fd) : 0;

  for (;;) {
    struct pollfd pfd[3];
    int64_t now = guestfs_int_now_ns (), left = last_life + limit - now;
    int r, timeout_ms;

    if (left <= 0)
      return no_sign_of_life (g);
    if (c->call_clock_ns > 0) {
      int64_t call_left = c->call_clock_ns +
        (int64_t) g->call_timeout_s * 1000000000 - now;

      if (call_left <= 0)
        return past_call_deadline (g);
      if (call_left < left)
        left = call_left;
    }
    timeout_ms = (int) ((left + 999999) / 1000000);
    /* Look at the incoming queue once a second while writing. */
    if (events == POLLOUT && timeout_ms > 1000)
      timeout_ms = 1000;

    pfd[0].fd = c->sock_fd;
    pfd[0].events = events;
    pfd[1].fd = c->console.fd;
    pfd[1].events = POLLIN;
    pfd[2].fd = c->qemu_err.fd;
    pfd[2].events = POLLIN;
    r = poll (pfd, 3, timeout_ms);
    if (r == -1) {
      if (errno == EINTR)
        continue;
      perrorf (g, "poll");
      guestfs_int_appliance_died (g);
      return -1;
    }
    if (pfd[1].revents)
      guestfs_int_drain_log (g, &c->console);
    if (pfd[2].revents)
      guestfs_int_drain_log (g, &c->qemu_err);
    if (pfd[0].revents)
      return 0;
    if (events == POLLOUT) {
      int q = queued_bytes (c->sock_fd);

      if (q > queued)
        last_life = guestfs_int_now_ns ();
      queued = q;
    }
  }
}

static int
died (guestfs_h *g)
{
  guestfs_int_error_errno (g, EPIPE,
                           "appliance closed the connection unexpectedly "
                           "(qemu or the daemon died; run with "
                           "LIBGUESTFS_DEBUG=1 to see its messages)");
  guestfs_int_appliance_died (g);
  return -1;
}

int
guestfs_int_conn_read (guestfs_h *g, void *bufv, size_t n)
{
  char *buf = bufv;

  if (g->conn.sock_fd == -1)
    return died (g);
  while (n > 0) {
    ssize_t r = read (g->conn.sock_fd, buf, n);

    if (r > 0) {
      buf += r;
      n -= (size_t) r;
    }
    else if (r == 0)
      return died (g);
    else if (errno == EINTR)
      continue;
    else if (errno == EAGAIN) {
      if (wait_channel (g, POLLIN) == -1)
        return -1;
    }
    else if (errno == ECONNRESET)
      return died (g);
    else {
      perrorf (g, "read: appliance channel");
      guestfs_int_appliance_died (g);
      return -1;
    }
  }
  return 0;
}

int
guestfs_int_conn_write (guestfs_h *g, const void *bufv, size_t n)
{
  const char *buf = bufv;

  if (g->conn.sock_fd == -1)
    return died (g);
  while (n > 0) {
    /* MSG_NOSIGNAL: a dead appliance must be an error, not SIGPIPE. */
    ssize_t r = send (g->conn.sock_fd, buf, n, MSG_NOSIGNAL);

    if (r > 0) {
      buf += r;
      n -= (size_t) r;
      /* Only the call and its upload are written while a call runs:
       * bytes that got through are progress.
       */
      guestfs_int_conn_call_moved (g);
    }
    else if (r == -1 && errno == EINTR)
      continue;
    else if (r == -1 && errno == EAGAIN) {
      if (wait_channel (g, POLLOUT) == -1)
        return -1;
    }
    else if (r == -1 && (errno == EPIPE || errno == ECONNRESET))
      return died (g);
    else {
      perrorf (g, "write: appliance channel");
      guestfs_int_appliance_died (g);
      return -1;
    }
  }
  return 0;
}

bool
guestfs_int_conn_readable (guestfs_h *g)
{
  struct pollfd pfd = { .fd = g->conn.sock_fd, .events = POLLIN };

  if (g->conn.sock_fd == -1)
    return false;
  return poll (&pfd, 1, 0) == 1;
}
