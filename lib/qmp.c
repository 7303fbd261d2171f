/* careen - offline disk-image toolkit
 *
 * Saving and restoring an appliance through qemu's QMP monitor.
 * Saving stops the guest and migrates it into a file; only the device
 * state is written, the guest's RAM being a shared file already
 * (x-ignore-shared, a capability qemu 7.2 takes from QMP only).  The
 * file is handed to qemu over the socket (getfd), as its sandbox
 * forbids it to run a program to write one.  Restoring starts an
 * incoming migration from the file qemu inherited as fd 3.
 *
 * QMP sends one JSON object a line; the few answers read here are told
 * apart by their keys, which is all that is needed: the library asks
 * one thing at a time, and events (lines with "event") are skipped.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "guestfs-internal.h"
#include "snapshot.h"

/* The whole save under TCG takes well under a second. */
#define QMP_TIMEOUT_MS 60000
#define QMP_POLL_MS 20
/* qemu creates its socket early, but after we fork it. */
#define QMP_CONNECT_POLL_NS 2000000L

struct qmp {
  guestfs_h *g;
  int fd;
  int64_t deadline;
  char buf[4000];
  size_t len;
};

/* Reads the next line that is not an event into q->buf (NUL
 * terminated, without its newline).  Returns 0 or -1.
 */
static int
read_line (struct qmp *q)
{
  for (;;) {
    char *nl = memchr (q->buf, '\n', q->len);
    struct pollfd pfd = { .fd = q->fd, .events = POLLIN };
    int64_t left;
    ssize_t r;

    if (nl) {
      size_t linelen = (size_t) (nl - q->buf);
      bool event;

      *nl = '\0';
      event = strstr (q->buf, "\"event\"") != NULL;
      if (!event)
        return 0;
      memmove (q->buf, nl + 1, q->len - linelen - 1);
      q->len -= linelen + 1;
      continue;
    }
    if (q->len >= sizeof q->buf - 1) {
      debug (q->g, "snapshot: qmp: line too long");
      return -1;
    }
    left = q->deadline - guestfs_int_elapsed_ms (q->g);
    if (left <= 0) {
      debug (q->g, "snapshot: qmp: timed out");
      return -1;
    }
    if (poll (&pfd, 1, (int) left) == -1) {
      if (errno == EINTR)
        continue;
      debug (q->g, "snapshot: qmp: poll: %m");
      return -1;
    }
    r = read (q->fd, q->buf + q->len, sizeof q->buf - 1 - q->len);
    if (r == -1 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (r <= 0) {
      debug (q->g, "snapshot: qmp: connection closed");
      return -1;
    }
    q->len += (size_t) r;
  }
}

/* Drops the line read last. */
static void
consume_line (struct qmp *q)
{
  size_t linelen = strlen (q->buf);

  memmove (q->buf, q->buf + linelen + 1, q->len - linelen - 1);
  q->len -= linelen + 1;
}

/* Sends CMD (with PASS_FD as ancillary data if >= 0) and reads its
 * answer into q->buf.  Returns 0 on "return", -1 on "error" or failure.
 */
static int
command (struct qmp *q, const char *cmd, int pass_fd)
{
  struct iovec iov = { .iov_base = (void *) cmd, .iov_len = strlen (cmd) };
  union {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } u;
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

  if (pass_fd >= 0) {
    struct cmsghdr *cm;

    memset (&u, 0, sizeof u);
    msg.msg_control = u.buf;
    msg.msg_controllen = sizeof u.buf;
    cm = CMSG_FIRSTHDR (&msg);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN (sizeof (int));
    memcpy (CMSG_DATA (cm), &pass_fd, sizeof (int));
  }
  if (sendmsg (q->fd, &msg, MSG_NOSIGNAL) != (ssize_t) iov.iov_len) {
    debug (q->g, "snapshot: qmp: send: %m");
    return -1;
  }
  if (read_line (q) == -1)
    return -1;
  if (strstr (q->buf, "\"return\"") == NULL) {
    debug (q->g, "snapshot: qmp: %s -> %s", cmd, q->buf);
    consume_line (q);
    return -1;
  }
  return 0;
}

static int
connect_qmp (struct qmp *q, const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };

  if (strlen (path) >= sizeof addr.sun_path) {
    debug (q->g, "snapshot: qmp: socket path too long");
    return -1;
  }
  strcpy (addr.sun_path, path);
  q->fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (q->fd == -1) {
    debug (q->g, "snapshot: qmp: socket: %m");
    return -1;
  }
  while (connect (q->fd, (struct sockaddr *) &addr, sizeof addr) == -1) {
    struct timespec ts = { .tv_sec = 0, .tv_nsec = QMP_CONNECT_POLL_NS };

    if ((errno != ENOENT && errno != ECONNREFUSED && errno != EINTR) ||
        guestfs_int_elapsed_ms (q->g) >= q->deadline) {
      debug (q->g, "snapshot: qmp: connect %s: %m", path);
      return -1;
    }
    /* A qemu that died before making its socket never will. */
    if (guestfs_int_qemu_exited (q->g)) {
      debug (q->g, "snapshot: qmp: qemu exited before its monitor was up");
      return -1;
    }
    nanosleep (&ts, NULL);
  }
  /* The greeting. */
  if (read_line (q) == -1)
    return -1;
  consume_line (q);
  return 0;
}

/* Connects and sets the capabilities both ends of the migration need. */
static int
start (struct qmp *q, const char *path)
{
  q->deadline = guestfs_int_elapsed_ms (q->g) + QMP_TIMEOUT_MS;
  if (connect_qmp (q, path) == -1 ||
      command (q, "{\"execute\":\"qmp_capabilities\"}\n", -1) == -1)
    return -1;
  consume_line (q);
  if (command (q, "{\"execute\":\"migrate-set-capabilities\",\"arguments\":"
               "{\"capabilities\":[{\"capability\":\"x-ignore-shared\","
               "\"state\":true}]}}\n", -1) == -1)
    return -1;
  consume_line (q);
  return 0;
}

int
guestfs_int_qmp_restore (guestfs_h *g, const char *path)
{
  struct qmp q = { .g = g, .fd = -1, .len = 0 };
  int r = -1;

  if (start (&q, path) == -1)
    goto out;
  /* The guest runs by itself once its state is loaded. */
  if (command (&q, "{\"execute\":\"migrate-incoming\",\"arguments\":"
               "{\"uri\":\"fd:" SNAPSHOT_STATE_FD_STR "\"}}\n", -1) == -1)
    goto out;
  r = 0;

 out:
  if (q.fd >= 0)
    close (q.fd);
  return r;
}

int
guestfs_int_qmp_save (guestfs_h *g, const char *path, int state_fd)
{
  struct qmp q = { .g = g, .fd = -1, .len = 0 };
  int r = -1;

  if (start (&q, path) == -1)
    goto out;
  /* Not stopped first: the state would then say "paused" and restored
   * guests would not run.  Migration stops the guest itself before it
   * writes the devices' state, and the RAM file is frozen from then on.
   */
  if (command (&q, "{\"execute\":\"getfd\",\"arguments\":"
               "{\"fdname\":\"careen.state\"}}\n", state_fd) == -1)
    goto out;
  consume_line (&q);
  if (command (&q, "{\"execute\":\"migrate\",\"arguments\":"
               "{\"uri\":\"fd:careen.state\"}}\n", -1) == -1)
    goto out;
  consume_line (&q);
  for (;;) {
    struct timespec ts = { .tv_sec = 0, .tv_nsec = QMP_POLL_MS * 1000000L };

    if (command (&q, "{\"execute\":\"query-migrate\"}\n", -1) == -1)
      goto out;
    if (strstr (q.buf, "\"completed\"")) {
      r = 0;
      goto out;
    }
    if (strstr (q.buf, "\"failed\"") || strstr (q.buf, "\"cancelled\"")) {
      debug (g, "snapshot: qmp: migration: %s", q.buf);
      goto out;
    }
    consume_line (&q);
    nanosleep (&ts, NULL);
  }

 out:
  if (q.fd >= 0)
    close (q.fd);
  return r;
}
