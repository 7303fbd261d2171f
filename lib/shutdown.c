/** careen - offline disk-image toolkit
 *
 * Stopping the appliance: the orderly way (shutdown, close: sync the
 * disks, close the channel so the daemon exits and init powers off,
 * then escalate to SIGTERM and SIGKILL if qemu lingers), and the
 * abrupt way (kill_subprocess, or the appliance dying under a call).
 * Either way qemu is reaped and the handle goes back to CONFIG.
 */

#include <config.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guestfs-internal.h"

/* How long a guest has to power off by itself after the channel
 * closes (the daemon exits, init unmounts and powers off; a few
 * hundred ms under TCG), and then to obey SIGTERM.
 */
#define POWEROFF_GRACE_MS 5000
#define SIGTERM_GRACE_MS 2000
/* Poll step while waiting for qemu to exit. */
#define REAP_STEP_MS 20

/* Waits up to timeout_ms for qemu to exit, draining its output.
 * Returns true when it was reaped (*status_r set).
 */
static bool
wait_qemu (guestfs_h *g, int timeout_ms, int *status_r)
{
  struct conn *c = &g->conn;
  int64_t end = guestfs_int_now_ns () + (int64_t) timeout_ms * 1000000;

  for (;;) {
    struct pollfd pfd[2];
    pid_t r = waitpid (c->pid, status_r, WNOHANG);

    if (r == c->pid || (r == -1 && errno == ECHILD))
      return true;
    if (guestfs_int_now_ns () >= end)
      return false;
    pfd[0].fd = c->console.fd;
    pfd[0].events = POLLIN;
    pfd[1].fd = c->qemu_err.fd;
    pfd[1].events = POLLIN;
    if (poll (pfd, 2, REAP_STEP_MS) > 0) {
      if (pfd[0].revents)
        guestfs_int_drain_log (g, &c->console);
      if (pfd[1].revents)
        guestfs_int_drain_log (g, &c->qemu_err);
    }
  }
}

/* Everything after qemu is gone: back to CONFIG.  An orderly stop
 * ends the life of the drive list, as in libguestfs; after a crash or
 * a failed launch the drives stay, so the handle can be launched
 * again (launch's KVM fallback relies on it).
 */
static void
cleanup_after_qemu (guestfs_h *g, bool free_drives)
{
  struct conn *c = &g->conn;
  enum state was = g->state;

  if (c->sock_fd >= 0) {
    close (c->sock_fd);
    c->sock_fd = -1;
  }
  guestfs_int_close_logs (g);
  if (g->tmpdir) {
    CLEANUP_FREE char *sockpath = NULL;

    if (asprintf (&sockpath, "%s/sock", g->tmpdir) == -1)
      guestfs_int_oom (g);
    unlink (sockpath);
  }
  c->pid = 0;
  guestfs_int_stop_watcher (g);
  g->state = CONFIG;
  if (free_drives)
    guestfs_int_free_drives (g);
  /* A qemu that never became ready (failed launch, KVM trial) was
   * never visible to the user as a subprocess.
   */
  if (was != LAUNCHING)
    guestfs_int_call_callbacks_void (g, GUESTFS_EVENT_SUBPROCESS_QUIT);
}

/* qemu and what it forked, as one process group (guestfs_set_pgroup, the
 * default), or qemu alone when it stayed in the caller's group.
 */
static void
signal_qemu (pid_t pid, int sig)
{
  if (kill (-pid, sig) == -1)
    kill (pid, sig);
}

int
guestfs_int_stop_appliance (guestfs_h *g, bool check_status)
{
  struct conn *c = &g->conn;
  bool signalled = false;
  int status = 0;

  if (c->pid == 0) {
    cleanup_after_qemu (g, true);
    return 0;
  }

  /* EOF on the channel is the daemon's signal to exit. */
  if (c->sock_fd >= 0) {
    close (c->sock_fd);
    c->sock_fd = -1;
  }
  if (!wait_qemu (g, POWEROFF_GRACE_MS, &status)) {
    debug (g, "shutdown: qemu did not exit by itself, sending SIGTERM");
    signal_qemu (c->pid, SIGTERM);
    signalled = true;
    if (!wait_qemu (g, SIGTERM_GRACE_MS, &status)) {
      debug (g, "shutdown: qemu ignored SIGTERM, sending SIGKILL");
      signal_qemu (c->pid, SIGKILL);
      while (waitpid (c->pid, &status, 0) == -1 && errno == EINTR)
        ;
    }
  }
  cleanup_after_qemu (g, true);

  /* A qemu that exits non-zero by itself may have failed to write the
   * disks: that is how write errors surface, so report it.
   */
  if (check_status && !signalled && status != 0) {
    if (WIFEXITED (status))
      guestfs_int_error_errno (g, EIO, "qemu exited with status %d",
                               WEXITSTATUS (status));
    else if (WIFSIGNALED (status))
      guestfs_int_error_errno (g, EIO, "qemu was killed by signal %d",
                               WTERMSIG (status));
    return -1;
  }
  return 0;
}

void
guestfs_int_appliance_died (guestfs_h *g)
{
  struct conn *c = &g->conn;
  int status;

  if (c->pid > 0) {
    signal_qemu (c->pid, SIGKILL);
    while (waitpid (c->pid, &status, 0) == -1 && errno == EINTR)
      ;
  }
  cleanup_after_qemu (g, false);
}

int
guestfs_impl_shutdown (guestfs_h *g)
{
  int r = 0;

  if (g->state == CONFIG && g->conn.pid == 0)
    return 0;

  if (g->state == READY && g->autosync &&
      guestfs_internal_autosync (g) == -1)
    r = -1;                     /* reported; still stop qemu */
  if (guestfs_int_stop_appliance (g, true) == -1)
    r = -1;
  return r;
}

int
guestfs_impl_kill_subprocess (guestfs_h *g)
{
  if (g->conn.pid == 0) {
    guestfs_int_error_errno (g, ESRCH, "no subprocess to kill");
    return -1;
  }
  debug (g, "kill_subprocess: sending SIGKILL to qemu, pid %d",
         (int) g->conn.pid);
  guestfs_int_appliance_died (g);
  return 0;
}
