/** careen - offline disk-image toolkit
 *
 * Before launch: whether an rbd drive's Ceph monitors can be reached.
 *
 * qemu's other network drivers fail at once when their server is not
 * there, but librados keeps retrying the monitors for its
 * client_mount_timeout (300 s by default), which qemu's rbd driver
 * gives no option to shorten: a mistyped monitor address would hold
 * the launch for five minutes.  So, when the drive names its monitors,
 * each is tried with a plain TCP connection first, with a short limit,
 * and the launch fails at once, naming them, when none answers.  A
 * drive without servers takes its monitors from ceph.conf, which is
 * librados's business.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "guestfs-internal.h"

/* How long one monitor gets to accept a TCP connection: a monitor that
 * is up answers within milliseconds, even across a slow link.
 */
#define RBD_PROBE_TIMEOUT_MS 5000

/* Connects to HOST:PORT within the limit.  Returns 0, or an errno
 * (ETIMEDOUT, ECONNREFUSED, or EHOSTUNREACH when the name does not
 * resolve).
 */
static int
tcp_reachable (const char *host, int port)
{
  struct addrinfo hints, *res = NULL, *ai;
  char service[16];
  int err = EHOSTUNREACH;

  memset (&hints, 0, sizeof hints);
  hints.ai_socktype = SOCK_STREAM;
  snprintf (service, sizeof service, "%d", port);
  if (getaddrinfo (host, service, &hints, &res) != 0)
    return EHOSTUNREACH;

  for (ai = res; ai; ai = ai->ai_next) {
    int fd = socket (ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
                     SOCK_CLOEXEC, ai->ai_protocol);
    struct pollfd pfd;
    socklen_t len = sizeof err;

    if (fd == -1) {
      err = errno;
      continue;
    }
    if (connect (fd, ai->ai_addr, ai->ai_addrlen) == 0)
      err = 0;
    else if (errno != EINPROGRESS)
      err = errno;
    else {
      pfd.fd = fd;
      pfd.events = POLLOUT;
      if (poll (&pfd, 1, RBD_PROBE_TIMEOUT_MS) <= 0)
        err = ETIMEDOUT;
      else if (getsockopt (fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
        err = errno;
    }
    close (fd);
    if (err == 0)
      break;
  }
  freeaddrinfo (res);
  return err;
}

int
guestfs_int_drive_remote_probe (guestfs_h *g, const struct drive *drv)
{
  size_t i;
  int err = 0;

  if (drv->protocol == NULL || strcmp (drv->protocol, "rbd") != 0 ||
      drv->nr_servers == 0)
    return 0;
  for (i = 0; i < drv->nr_servers; ++i) {
    err = tcp_reachable (drv->servers[i].host, drv->servers[i].port);
    if (err == 0)
      return 0;
    debug (g, "rbd: monitor %s:%d: %s", drv->servers[i].host,
           drv->servers[i].port, strerror (err));
  }
  guestfs_int_error_errno (g, err, "rbd: '%s': no Ceph monitor answers "
                           "(%zu tried, the last %s:%d: %s)", drv->filename,
                           drv->nr_servers, drv->servers[i - 1].host,
                           drv->servers[i - 1].port, strerror (err));
  return -1;
}
