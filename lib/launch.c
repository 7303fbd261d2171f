/** careen - offline disk-image toolkit
 *
 * launch: start qemu on the appliance and wait until the daemon in it
 * says it is ready.
 *
 * The library listens on a UNIX socket in the handle's tmpdir before
 * qemu starts; qemu connects to it as the host side of the
 * virtio-serial channel, and the daemon's first frame on it is READY
 * with its protocol version.  Meanwhile qemu's output is read (it is
 * the guest's console), so that a failed launch can say what the guest
 * printed last, and so that the KVM trial (accel.c) can notice a guest
 * that never prints anything.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guestfs-internal.h"
#include "appliance.h"
#include "snapshot.h"
#include "remove-tree.h"

extern char **environ;

/* launch_qemu's result when KVM failed its trial (nothing reported). */
#define TRIAL_FAILED (-2)

/* Longest poll while waiting, so that a qemu that exits without
 * closing its output (it always closes, but cheap insurance) is still
 * noticed through waitpid.
 */
#define WAIT_SLICE_MS 1000

/* How long a restored appliance gets to be ready (it needs well under
 * a second on an idle machine).
 */
#define RESTORE_TIMEOUT_MS 30000

static const struct snapshot cold_boot = {
  .mode = SNAPSHOT_NONE, .state_fd = -1,
};

/* The environment qemu runs with: ours, with LC_ALL=C (qemu's messages
 * are parsed by nobody but read by users who report bugs in English)
 * and TMPDIR pointing into the handle's tmpdir, where qemu puts the
 * overlays of snapshot=on drives so they go away with the handle.
 */
static char **
qemu_environment (guestfs_h *g, const char *tmpdir)
{
  struct stringsbuf sb;
  char **envp;
  size_t i;

  stringsbuf_init (&sb);
  for (i = 0; environ[i] != NULL; ++i) {
    if (strncmp (environ[i], "LC_ALL=", 7) == 0 ||
        strncmp (environ[i], "TMPDIR=", 7) == 0)
      continue;
    if (stringsbuf_add_string (&sb, environ[i]) == -1)
      guestfs_int_oom (g);
  }
  if (stringsbuf_add_string (&sb, "LC_ALL=C") == -1 ||
      stringsbuf_add_format (&sb, "TMPDIR=%s", tmpdir) == -1 ||
      (envp = stringsbuf_finish (&sb)) == NULL)
    guestfs_int_oom (g);
  return envp;
}

static int
make_listener (guestfs_h *g, const char *sockpath)
{
  struct sockaddr_un addr;
  int fd;

  if (strlen (sockpath) >= sizeof addr.sun_path) {
    guestfs_int_error_errno (g, ENAMETOOLONG,
                             "socket path %s is too long for a UNIX "
                             "socket: use a shorter TMPDIR", sockpath);
    return -1;
  }
  memset (&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  strcpy (addr.sun_path, sockpath);
  unlink (sockpath);

  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd == -1) {
    perrorf (g, "socket");
    return -1;
  }
  if (bind (fd, (struct sockaddr *) &addr, sizeof addr) == -1) {
    perrorf (g, "bind: %s", sockpath);
    close (fd);
    return -1;
  }
  if (listen (fd, 1) == -1) {
    perrorf (g, "listen: %s", sockpath);
    close (fd);
    return -1;
  }
  return fd;
}

static void
debug_argv (guestfs_h *g, char *const *argv)
{
  struct stringsbuf sb;
  CLEANUP_FREE char *line = NULL;
  CLEANUP_FREE_STRING_LIST char **list = NULL;
  size_t i;

  stringsbuf_init (&sb);
  for (i = 0; argv[i] != NULL; ++i) {
    /* Quote arguments with spaces so the line can be pasted. */
    if (strpbrk (argv[i], " \t\"'"))
      stringsbuf_add_format (&sb, "'%s'", argv[i]);
    else
      stringsbuf_add_string (&sb, argv[i]);
  }
  list = stringsbuf_finish (&sb);
  if (list != NULL)
    line = strings_join (list, " ");
  stringsbuf_release (&sb);
  debug (g, "launch: %s", line ? line : argv[0]);
}

/* The watcher: a small child that outlives us to kill qemu if this
 * process dies without closing the handle (SIGKILL, a crash), so that
 * no appliance keeps running with nobody to talk to, and to remove the
 * handle's tmpdir.  PR_SET_PDEATHSIG in qemu was not enough: it fires
 * when the *thread* that forked exits, and programs launch handles in
 * worker threads that end long before the handle is closed.
 *
 * The watcher blocks reading a pipe whose only writer is this process
 * (O_CLOEXEC, so neither qemu nor programs we run hold it).  A byte
 * means "qemu was stopped normally, exit"; end of file means this
 * process is gone: kill qemu's process group, empty the tmpdir, exit.
 * Only async-signal-safe calls in the child: the library may run in a
 * threaded program.
 */
static void
watcher_clean_tmpdir (const char *tmpdir)
{
  char buf[4096];
  int dfd = open (tmpdir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  long n, off;

  if (dfd == -1)
    return;
  /* The tmpdir is flat (socket, scratch disks, qemu's overlays). */
  while ((n = syscall (SYS_getdents64, dfd, buf, sizeof buf)) > 0) {
    for (off = 0; off < n; ) {
      struct linux_dirent64 {
        uint64_t d_ino;
        int64_t d_off;
        unsigned short d_reclen;
        unsigned char d_type;
        char d_name[];
      } *d = (struct linux_dirent64 *) (buf + off);

      if (strcmp (d->d_name, ".") != 0 && strcmp (d->d_name, "..") != 0)
        unlinkat (dfd, d->d_name, d->d_type == DT_DIR ? AT_REMOVEDIR : 0);
      off += d->d_reclen;
    }
  }
  close (dfd);
  rmdir (tmpdir);
}

static void
start_watcher (guestfs_h *g, pid_t qemu_pid)
{
  struct conn *c = &g->conn;
  const char *tmpdir = g->tmpdir;
  int fds[2];
  pid_t pid;

  if (pipe2 (fds, O_CLOEXEC) == -1) {
    debug (g, "launch: no watcher (pipe2: %m): qemu may outlive a crash");
    return;
  }
  pid = fork ();
  if (pid == -1) {
    debug (g, "launch: no watcher (fork: %m): qemu may outlive a crash");
    close (fds[0]);
    close (fds[1]);
    return;
  }
  if (pid == 0) {
    char b;
    ssize_t r;

    /* Hold nothing but the read end: a copy of another handle's
     * channel would keep its daemon from seeing end of file.  And no
     * signals from the user's terminal: the watcher must outlive us.
     */
    int nullfd;

    if (dup2 (fds[0], 3) == 3)
      syscall (SYS_close_range, 4U, ~0U, 0U);
    /* Nor the caller's standard streams: "virt-cat ... | sort" must
     * see end of file when virt-cat exits, not when the watcher does.
     */
    nullfd = open ("/dev/null", O_RDWR);
    if (nullfd >= 0) {
      dup2 (nullfd, 0);
      dup2 (nullfd, 1);
      dup2 (nullfd, 2);
      if (nullfd > 3)
        close (nullfd);
    }
    setpgid (0, 0);
    signal (SIGINT, SIG_IGN);
    signal (SIGTERM, SIG_IGN);
    signal (SIGHUP, SIG_IGN);
    signal (SIGPIPE, SIG_IGN);
    while ((r = read (3, &b, 1)) == -1 && errno == EINTR)
      ;
    if (r == 0) {
      kill (-qemu_pid, SIGKILL);
      kill (qemu_pid, SIGKILL);
      if (tmpdir != NULL)
        watcher_clean_tmpdir (tmpdir);
    }
    _exit (0);
  }
  close (fds[0]);
  c->watcher_pid = pid;
  c->watcher_fd = fds[1];
  debug (g, "launch: watcher pid %d for qemu pid %d", (int) pid,
         (int) qemu_pid);
}

void
guestfs_int_stop_watcher (guestfs_h *g)
{
  struct conn *c = &g->conn;

  if (c->watcher_pid <= 0)
    return;
  if (write (c->watcher_fd, "q", 1) != 1)
    debug (g, "shutdown: telling the watcher to exit: %m");
  close (c->watcher_fd);
  while (waitpid (c->watcher_pid, NULL, 0) == -1 && errno == EINTR)
    ;
  c->watcher_pid = 0;
  c->watcher_fd = -1;
}

/* Starts qemu with its stdout and stderr on two pipes.  In rescue mode
 * its stdin and stdout are instead one end of a socket pair, so that
 * the console (console.c) can be written too.  Returns 0 or -1 after
 * reporting.
 */
static int
start_qemu (guestfs_h *g, char *const *argv, char *const *envp,
            int incoming_fd)
{
  int out[2] = { -1, -1 }, err[2] = { -1, -1 };
  bool rescue = guestfs_int_rescue_requested (g);
  bool pgroup = g->pgroup;
  pid_t pid;

  if (rescue) {
    if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, out) == -1) {
      perrorf (g, "socketpair");
      goto fail;
    }
  }
  else if (pipe2 (out, O_CLOEXEC) == -1) {
    perrorf (g, "pipe2");
    goto fail;
  }
  if (pipe2 (err, O_CLOEXEC) == -1) {
    perrorf (g, "pipe2");
    goto fail;
  }

  pid = fork ();
  if (pid == -1) {
    perrorf (g, "fork");
    goto fail;
  }
  if (pid == 0) {
    /* Child: only async-signal-safe calls until exec.  Its own process
     * group, so a ^C in the user's terminal does not kill the appliance
     * under the library's feet, and we can signal qemu and anything it
     * forked at once.
     */
    int infd;

    if (pgroup)
      setpgid (0, 0);
    /* In rescue mode the console's input is the socket's other end. */
    infd = rescue ? out[1] : open ("/dev/null", O_RDONLY);
    if (infd >= 0)
      dup2 (infd, 0);
    dup2 (out[1], 1);
    dup2 (err[1], 2);
    /* A restored appliance's state (-incoming fd:N). */
    if (incoming_fd == SNAPSHOT_STATE_FD)
      fcntl (incoming_fd, F_SETFD, 0);
    else if (incoming_fd >= 0)
      dup2 (incoming_fd, SNAPSHOT_STATE_FD);
    execve (argv[0], argv, envp);
    if (write (2, argv[0], strlen (argv[0])) > 0 &&
        write (2, ": cannot execute\n", 17) > 0)
      _exit (127);
    _exit (127);
  }

  if (pgroup)
    setpgid (pid, pid);         /* also in the parent: no race */
  if (g->recovery_proc)
    start_watcher (g, pid);
  else
    debug (g, "launch: no watcher (recovery_proc is off): qemu may "
           "outlive a crash");
  close (out[1]);
  close (err[1]);
  fcntl (out[0], F_SETFL, O_NONBLOCK);
  fcntl (err[0], F_SETFL, O_NONBLOCK);
  g->conn.pid = pid;
  g->conn.console.fd = out[0];
  g->conn.console.len = 0;
  g->conn.qemu_err.fd = err[0];
  g->conn.qemu_err.len = 0;
  g->conn.console_seen = false;
  g->times.qemu_exec = guestfs_int_elapsed_ms (g);
  debug (g, "launch: qemu started, pid %d", (int) pid);
  return 0;

 fail:
  if (out[0] >= 0) { close (out[0]); close (out[1]); }
  if (err[0] >= 0) { close (err[0]); close (err[1]); }
  return -1;
}

static void
describe_status (int status, char *buf, size_t len)
{
  if (WIFEXITED (status))
    snprintf (buf, len, "qemu exited with status %d before the appliance "
              "was ready", WEXITSTATUS (status));
  else if (WIFSIGNALED (status))
    snprintf (buf, len, "qemu was killed by signal %d before the "
              "appliance was ready", WTERMSIG (status));
  else
    snprintf (buf, len, "qemu stopped (wait status %d) before the "
              "appliance was ready", status);
}

/* Reports a failed launch with the last lines of qemu's output. */
static void
launch_failed (guestfs_h *g, const char *what)
{
  CLEANUP_FREE char *tail = guestfs_int_console_tail (g);

  guestfs_int_error_errno (g, EIO,
                           "%s%s%s", what,
                           *tail ? "; its last messages were:\n" : "",
                           tail);
}

/* The drive the guest sees as SCSI disk NAME ("sda", "sdab"), with its
 * index in g->drives in *INDEX_R, or NULL.  Null disks are not given
 * to qemu, so they have no name in the guest.
 */
static const struct drive *
drive_of_disk (guestfs_h *g, const char *name, size_t *index_r)
{
  size_t want = 0, i, n;
  const char *p;

  if (strncmp (name, "sd", 2) != 0 || name[2] == '\0')
    return NULL;
  for (p = name + 2; *p; ++p)
    want = want * 26 + (size_t) (*p - 'a') + 1;
  want--;
  for (i = 0, n = 0; i < g->drives.len; ++i) {
    const struct drive *drv = g->drives.ptr[i];

    if (drv == NULL || drv->null_disk)
      continue;
    if (n++ == want) {
      *index_r = i;
      return drv;
    }
  }
  return NULL;
}

/* Reports init's stalled-boot line (conn.c), naming the drive. */
static void
boot_stalled (guestfs_h *g)
{
  const char *disk = g->conn.boot_stall;
  size_t index = 0;
  const struct drive *drv = drive_of_disk (g, disk, &index);
  const struct drive_server *srv = NULL;
  char server[256] = "";

  if (drv && drv->protocol && drv->nr_servers > 0) {
    srv = &drv->servers[0];
    if (srv->is_unix)
      snprintf (server, sizeof server, " on unix:%s", srv->socket);
    else if (srv->port > 0)
      snprintf (server, sizeof server, " on %s:%d", srv->host, srv->port);
    else
      snprintf (server, sizeof server, " on %s", srv->host);
  }
  if (drv == NULL)
    guestfs_int_error_errno (g, EIO, "the appliance's boot stalled on "
                             "/dev/%s, where no request succeeded for %d s "
                             "(half of CAREEN_KEEPALIVE_TIMEOUT); "
                             "the appliance was stopped",
                             disk, guestfs_int_stall_seconds (g));
  else
    /* "drive 0 (nbd '' on unix:/s, /dev/sda)", "drive 1 ('/x.img', ...". */
    guestfs_int_error_errno (g, EIO, "drive %zu (%s%s'%s'%s, /dev/%s) "
                             "stopped answering while the appliance "
                             "booted: no request succeeded for %d s (half "
                             "of CAREEN_KEEPALIVE_TIMEOUT); the appliance "
                             "was stopped", index,
                             drv->protocol ? drv->protocol : "",
                             drv->protocol ? " " : "", drv->filename,
                             server, disk, guestfs_int_stall_seconds (g));
}

/* Waits for qemu's connection and the READY frame.  Returns 0, -1 after
 * reporting, or TRIAL_FAILED.  On failure qemu has been stopped.
 */
static int
wait_ready (guestfs_h *g, int listen_fd, const struct accel_choice *accel,
            const struct snapshot *snap)
{
  struct conn *c = &g->conn;
  unsigned char ready[8];
  size_t got = 0;
  /* A restored appliance that is not ready soon never will be (its
   * saved state is bad): the caller boots instead.
   */
  int64_t deadline = g->times.qemu_exec +
    (snap->mode == SNAPSHOT_RESTORE ? RESTORE_TIMEOUT_MS
                                    : CAREEN_LAUNCH_TIMEOUT_MS);
  uint32_t want = snap->mode == SNAPSHOT_SAVE ? PROTO_FLAG_TEMPLATE
                                              : PROTO_FLAG_READY;
  int64_t trial_deadline = g->times.qemu_exec + accel->trial_deadline_ms;
  int status;
  char why[128];

  for (;;) {
    struct pollfd pfd[3];
    int64_t now = guestfs_int_elapsed_ms (g), timeout;
    pid_t wp;
    ssize_t r;

    /* Is qemu still there? */
    wp = waitpid (c->pid, &status, WNOHANG);
    if (wp == c->pid) {
      c->pid = 0;
      close (listen_fd);
      guestfs_int_appliance_died (g);   /* closes and drains the rest */
      if (accel->trial_deadline_ms > 0) {
        debug (g, "accel: qemu died under kvm: kvm does not work here");
        return TRIAL_FAILED;
      }
      describe_status (status, why, sizeof why);
      launch_failed (g, why);
      /* Someone killed it: no reason to boot around a saved appliance. */
      if (snap->mode != SNAPSHOT_NONE && WIFSIGNALED (status))
        return QEMU_KILLED;
      return -1;
    }

    if (accel->trial_deadline_ms > 0 && !c->console_seen &&
        now >= trial_deadline) {
      debug (g, "accel: no console output under kvm after %d ms: "
             "kvm does not work here", accel->trial_deadline_ms);
      close (listen_fd);
      guestfs_int_appliance_died (g);
      return TRIAL_FAILED;
    }
    if (now >= deadline) {
      close (listen_fd);
      launch_failed (g, "timed out waiting for the appliance to be ready");
      guestfs_int_appliance_died (g);
      return -1;
    }

    timeout = deadline - now;
    if (accel->trial_deadline_ms > 0 && !c->console_seen &&
        trial_deadline - now < timeout)
      timeout = trial_deadline - now;
    if (timeout > WAIT_SLICE_MS)
      timeout = WAIT_SLICE_MS;

    pfd[0].fd = c->sock_fd >= 0 ? c->sock_fd : listen_fd;
    pfd[0].events = POLLIN;
    pfd[1].fd = c->console.fd;
    pfd[1].events = POLLIN;
    pfd[2].fd = c->qemu_err.fd;
    pfd[2].events = POLLIN;
    if (poll (pfd, 3, (int) timeout) == -1) {
      if (errno == EINTR)
        continue;
      perrorf (g, "poll");
      close (listen_fd);
      guestfs_int_appliance_died (g);
      return -1;
    }
    if (pfd[1].revents)
      guestfs_int_drain_log (g, &c->console);
    if (pfd[2].revents)
      guestfs_int_drain_log (g, &c->qemu_err);
    if (c->boot_stall[0] != '\0') {
      close (listen_fd);
      boot_stalled (g);
      guestfs_int_appliance_died (g);
      /* A cold boot would stall on the same disk: not worth trying
       * after a restored appliance.
       */
      return snap->mode == SNAPSHOT_RESTORE ? QEMU_KILLED : -1;
    }
    if (!pfd[0].revents)
      continue;

    if (c->sock_fd == -1) {
      c->sock_fd = accept4 (listen_fd, NULL, NULL,
                            SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (c->sock_fd == -1 && errno != EAGAIN && errno != EINTR) {
        perrorf (g, "accept");
        close (listen_fd);
        guestfs_int_appliance_died (g);
        return -1;
      }
      /* A restored init waits for this before it starts the daemon. */
      if (c->sock_fd >= 0 && snap->mode == SNAPSHOT_RESTORE) {
        unsigned char msg[PROTO_RESUME_LEN];

        guestfs_int_snapshot_resume_msg (g, msg);
        if (write (c->sock_fd, msg, sizeof msg) != (ssize_t) sizeof msg) {
          perrorf (g, "write");
          close (listen_fd);
          guestfs_int_appliance_died (g);
          return -1;
        }
      }
      continue;
    }

    r = read (c->sock_fd, ready + got, sizeof ready - got);
    if (r == -1 && (errno == EAGAIN || errno == EINTR))
      continue;
    if (r <= 0) {
      /* qemu closed the channel: it is exiting; the waitpid above
       * reports it with its output on the next round.
       */
      close (c->sock_fd);
      c->sock_fd = -1;
      continue;
    }
    got += (size_t) r;
    if (got < sizeof ready)
      continue;

    close (listen_fd);
    if (proto_get_le32 (ready) != want) {
      launch_failed (g, "the appliance sent garbage instead of its "
                     "ready message");
      guestfs_int_appliance_died (g);
      return -1;
    }
    if (proto_get_le32 (ready + 4) != PROTO_VERSION) {
      guestfs_int_error_errno (g, EPROTO,
                               "the appliance speaks protocol version %"
                               PRIu32 " but this library speaks %d: the "
                               "appliance was built by another version of "
                               "careen (remove it from the cache "
                               "directory)",
                               proto_get_le32 (ready + 4), PROTO_VERSION);
      guestfs_int_appliance_died (g);
      return -1;
    }
    g->times.daemon_ready = guestfs_int_elapsed_ms (g);
    return 0;
  }
}

/* Whether the handle's qemu has exited, leaving it to be reaped by
 * wait_ready, which says how it ended.
 */
bool
guestfs_int_qemu_exited (guestfs_h *g)
{
  siginfo_t info = { .si_pid = 0 };

  if (g->conn.pid <= 0)
    return true;
  if (waitid (P_PID, (id_t) g->conn.pid, &info,
              WEXITED | WNOHANG | WNOWAIT) == -1)
    return errno == ECHILD;
  return info.si_pid == g->conn.pid;
}

/* A monitor that closed on us may belong to a qemu still dying: give
 * it a tenth of a second to become a zombie.
 */
static bool
qemu_exits_soon (guestfs_h *g)
{
  int i;

  for (i = 0; i < 10; ++i) {
    if (guestfs_int_qemu_exited (g))
      return true;
    usleep (10 * 1000);
  }
  return false;
}

/* One attempt to start the appliance with the given accelerator.  A
 * restore whose qemu died on the way is reported as any other death.
 */
static int
launch_qemu (guestfs_h *g, const struct appliance *ap,
             const struct accel_choice *accel, const char *tmpdir,
             const struct snapshot *snap)
{
  CLEANUP_FREE char *sockpath = NULL;
  CLEANUP_FREE_STRING_LIST char **argv = NULL;
  CLEANUP_FREE_STRING_LIST char **envp = NULL;
  int listen_fd, r;

  guestfs_int_clear_console_tail (g);
  guestfs_int_init_conn (&g->conn);
  g->times.first_console = g->times.linux_version = -1;
  g->times.init_start = g->times.daemon_ready = -1;

  if (asprintf (&sockpath, "%s/sock", tmpdir) == -1)
    guestfs_int_oom (g);
  listen_fd = make_listener (g, sockpath);
  if (listen_fd == -1)
    return -1;

  argv = guestfs_int_qemu_argv (g, ap, accel, sockpath, snap);
  envp = qemu_environment (g, tmpdir);
  if (g->verbose)
    debug_argv (g, argv);

  if (start_qemu (g, argv, envp, snap->state_fd) == -1) {
    close (listen_fd);
    return -1;
  }
  if (snap->mode == SNAPSHOT_RESTORE &&
      guestfs_int_qmp_restore (g, snap->qmp) == -1 &&
      !qemu_exits_soon (g)) {
    close (listen_fd);
    unlink (sockpath);
    guestfs_int_appliance_died (g);
    guestfs_int_error_errno (g, EIO, "restoring the saved appliance failed");
    return -1;
  }
  r = wait_ready (g, listen_fd, accel, snap);
  if (r != 0)
    unlink (sockpath);
  return r;
}

/* Boots an appliance to be saved and saves it into the entry DIR.
 * With the entries' lock held.
 */
static int
save_appliance (guestfs_h *g, const struct appliance *ap,
                const struct accel_choice *accel, const char *tmpdir,
                const char *dir)
{
  CLEANUP_FREE char *tmp = guestfs_int_snapshot_tmpdir (g, dir);
  CLEANUP_FREE char *statefile = NULL;
  struct snapshot snap = { .mode = SNAPSHOT_SAVE, .state_fd = -1 };
  int fd = -1, r = -1;

  if (tmp == NULL)
    return -1;
  if (asprintf (&snap.ram, "%s/ram", tmp) == -1 ||
      asprintf (&snap.qmp, "%s/qmp", tmpdir) == -1 ||
      asprintf (&statefile, "%s/state", tmp) == -1)
    guestfs_int_oom (g);
  fd = open (statefile, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd == -1) {
    debug (g, "snapshot: %s: %m", statefile);
    goto out;
  }
  debug (g, "snapshot: booting an appliance to save in %s", dir);
  r = launch_qemu (g, ap, accel, tmpdir, &snap);
  if (r != 0) {
    if (r != QEMU_KILLED)
      r = -1;
    goto out;
  }
  r = guestfs_int_qmp_save (g, snap.qmp, fd);
  guestfs_int_appliance_died (g);
  if (r == 0)
    r = guestfs_int_snapshot_publish (g, tmp, fd, dir);

 out:
  if (fd >= 0)
    close (fd);
  if (r != 0)
    remove_tree (tmp);
  if (snap.qmp)
    unlink (snap.qmp);
  free (snap.ram);
  free (snap.qmp);
  return r;
}

static void
discard_saved (guestfs_h *g, const struct appliance *ap,
               const struct accel_choice *accel)
{
  CLEANUP_FREE char *dir = guestfs_int_snapshot_dir (g, ap, accel);
  int lock;

  if (dir == NULL)
    return;
  lock = guestfs_int_snapshot_lock (g);
  if (lock == -1)
    return;
  guestfs_int_snapshot_discard (g, dir);
  close (lock);
}

int
guestfs_int_launch_restored (guestfs_h *g, const struct appliance *ap,
                             const struct accel_choice *accel,
                             const char *tmpdir)
{
  CLEANUP_FREE char *dir = NULL;
  struct snapshot snap = { .mode = SNAPSHOT_RESTORE, .state_fd = -1 };
  int lock, saved = -1, r = -1;

  if (!guestfs_int_snapshot_applies (g, ap, accel))
    return -1;
  dir = guestfs_int_snapshot_dir (g, ap, accel);
  if (dir == NULL)
    return -1;

  /* Errors on the way are only debug messages: a cold boot follows. */
  guestfs_push_error_handler (g, NULL, NULL);
  snap.state_fd = guestfs_int_snapshot_open (g, dir);
  if (snap.state_fd == -1) {
    lock = guestfs_int_snapshot_lock (g);
    if (lock == -1)
      goto out;
    /* Another process may have saved it while we waited. */
    snap.state_fd = guestfs_int_snapshot_open (g, dir);
    if (snap.state_fd == -1) {
      guestfs_int_snapshot_discard (g, dir);
      guestfs_int_snapshot_remove_stale (g, dir);
      saved = save_appliance (g, ap, accel, tmpdir, dir);
      if (saved == 0)
        snap.state_fd = guestfs_int_snapshot_open (g, dir);
      g->state = LAUNCHING;
    }
    close (lock);
    if (saved == QEMU_KILLED)
      r = QEMU_KILLED;
    if (snap.state_fd == -1)
      goto out;
  }

  if (asprintf (&snap.ram, "%s/ram", dir) == -1 ||
      asprintf (&snap.qmp, "%s/qmp", tmpdir) == -1)
    guestfs_int_oom (g);
  r = launch_qemu (g, ap, accel, tmpdir, &snap);
  unlink (snap.qmp);
  if (r != 0 && r != QEMU_KILLED)
    r = RESTORE_FAILED;
  if (r == 0) {
    debug (g, "snapshot: restored %s", dir);
    guestfs_int_snapshot_mark_used (dir);
  }
  else {
    debug (g, "snapshot: restoring %s failed: %s", dir,
           guestfs_last_error (g) ? guestfs_last_error (g) : "?");
    g->state = LAUNCHING;
  }

 out:
  guestfs_pop_error_handler (g);
  /* The launch fails as a cold boot would: report it for real. */
  if (r == QEMU_KILLED) {
    const char *msg = guestfs_last_error (g);
    CLEANUP_FREE char *copy = NULL;

    /* Reported again under the same call name: not twice. */
    if (msg && strncmp (msg, "launch: ", 8) == 0)
      msg += 8;
    copy = strdup (msg ? msg : "qemu was killed");
    int err = guestfs_last_errno (g);

    guestfs_int_error_errno (g, err ? err : EIO, "%s",
                             copy ? copy : "qemu was killed");
  }
  if (snap.state_fd >= 0)
    close (snap.state_fd);
  free (snap.ram);
  free (snap.qmp);
  return r;
}

static void
print_timings (guestfs_h *g, enum accel accel)
{
  const struct launch_times *t = &g->times;

  debug (g, "launch: done under %s in %" PRIi64 " ms: appliance ready %"
         PRIi64 ", qemu exec %" PRIi64 ", first console byte %" PRIi64
         ", kernel banner %" PRIi64 ", init start %" PRIi64
         ", daemon ready %" PRIi64 " (ms since launch began, -1 = not seen)",
         accel == ACCEL_KVM ? "kvm" : "tcg", guestfs_int_elapsed_ms (g),
         t->appliance_ready, t->qemu_exec, t->first_console,
         t->linux_version, t->init_start, t->daemon_ready);
}

int
guestfs_impl_launch (guestfs_h *g)
{
  struct appliance ap;
  struct accel_choice accel;
  const char *tmpdir;
  size_t i;
  int r, restored;

  if (g->state != CONFIG) {
    guestfs_int_error_errno (g, EINVAL,
                             "the libguestfs handle has already been "
                             "launched");
    return -1;
  }
  if (g->drives.len == 0) {
    guestfs_int_error_errno (g, EINVAL,
                             "you must call guestfs_add_drive before "
                             "guestfs_launch");
    return -1;
  }

  memset (&g->times, 0, sizeof g->times);
  g->times.start_ns = guestfs_int_now_ns ();
  g->times.appliance_ready = g->times.qemu_exec = -1;

  /* An unreachable rbd monitor would otherwise hold the launch for
   * minutes (drive-remote-probe.c).
   */
  for (i = 0; i < g->drives.len; ++i)
    if (g->drives.ptr[i] &&
        guestfs_int_drive_remote_probe (g, g->drives.ptr[i]) == -1)
      return -1;

  tmpdir = guestfs_int_lazy_make_tmpdir (g);
  if (tmpdir == NULL)
    return -1;

  g->state = LAUNCHING;
  memset (&ap, 0, sizeof ap);
  if (guestfs_int_prepare_appliance (g, &ap) == -1)
    goto fail;
  g->times.appliance_ready = guestfs_int_elapsed_ms (g);
  debug (g, "launch: appliance kernel %s (%s), initrd %s, root %s",
         ap.kernel, ap.kernel_is_pvh ? "PVH, microvm" : "pc machine",
         ap.initrd, ap.root);

  guestfs_int_choose_accel (g, &accel);
  restored = guestfs_int_launch_restored (g, &ap, &accel, tmpdir);
  if (restored == 0)
    goto ready;
  if (restored == QEMU_KILLED)
    goto fail;
  r = launch_qemu (g, &ap, &accel, tmpdir, &cold_boot);
  if (r == TRIAL_FAILED) {
    debug (g, "accel: relaunching under tcg");
    accel.accel = ACCEL_TCG;
    accel.trial_deadline_ms = 0;
    g->state = LAUNCHING;
    r = launch_qemu (g, &ap, &accel, tmpdir, &cold_boot);
    /* Only a TCG success proves that KVM was the problem (a bad drive
     * or appliance kills qemu under any accelerator): record only then.
     */
    if (r == 0)
      guestfs_int_record_accel_verdict (g, ACCEL_TCG);
  }
  else if (r == 0 && accel.trial_deadline_ms > 0)
    guestfs_int_record_accel_verdict (g, ACCEL_KVM);
  if (r != 0)
    goto fail;
  /* The appliance boots but its saved copy did not resume: the saved
   * one is bad (its RAM damaged, say).  The next launch saves anew.
   */
  if (restored == RESTORE_FAILED)
    discard_saved (g, &ap, &accel);

 ready:
  guestfs_int_free_appliance (&ap);
  g->state = READY;
  if (g->verbose)
    print_timings (g, accel.accel);
  guestfs_int_call_callbacks_void (g, GUESTFS_EVENT_LAUNCH_DONE);
  return 0;

 fail:
  guestfs_int_free_appliance (&ap);
  g->state = CONFIG;
  return -1;
}

int
guestfs_impl_get_pid (guestfs_h *g)
{
  if (g->conn.pid <= 0) {
    guestfs_int_error_errno (g, EINVAL, "get_pid: no appliance is running");
    return -1;
  }
  return (int) g->conn.pid;
}
