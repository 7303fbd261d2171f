/* careen - offline disk-image toolkit */

/**
 * command, command_lines, sh and sh_lines: run a program of the guest,
 * chrooted into the mounted guest filesystems.
 *
 * For the duration of the command the appliance's /dev, /dev/pts, /proc
 * and /sys are bind-mounted over the guest's, because guest programs
 * (package managers, initramfs builders) expect them; they are
 * unmounted afterwards.  The mountpoints are guest paths, so they are
 * resolved with sysroot_open like any other: a guest whose /dev is a
 * symlink to "/../../etc" gets no bind mount rather than one over the
 * appliance's own files.  The mount is done on the opened descriptor
 * (/proc/self/fd/N), never on a path string that could be re-resolved.
 *
 * The program itself runs as root with the guest's own code: that is
 * what the caller asked for, and the documentation says to do it only
 * for trusted guests.  What comes back (stdout, stderr) is bounded.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"

/* Most stdout returned: the reply must fit in one message. */
#define GUEST_COMMAND_MAX_OUTPUT DAEMON_MAX_READ

/* Most stderr kept for the error message; the rest is read and
 * dropped so the program is never blocked on a full pipe.
 */
#define GUEST_COMMAND_MAX_ERROR (64 * 1024)

/* How often a running command wakes up to send pulse progress. */
#define GUEST_COMMAND_PULSE_MS 250

/* The search path inside the guest: libguestfs documents at least
 * /usr/bin and /bin.
 */
#define GUEST_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* The appliance directories shown to the guest program, in mount order
 * (/dev/pts after /dev, whose bind mount it goes on).
 */
static const char *const bind_dirs[] = { "/dev", "/dev/pts", "/proc", "/sys" };
#define NR_BIND_DIRS (sizeof bind_dirs / sizeof bind_dirs[0])

/* Descriptors of the bind mounts made, to unmount exactly those. */
struct binds {
  int fd[NR_BIND_DIRS];         /* O_PATH fd of the mounted root, or -1 */
};

static bool
root_mounted (void)
{
  CLEANUP_FREE_STRING_LIST char **mounts = get_sysroot_mounts ();
  size_t i;

  for (i = 0; mounts && mounts[i] != NULL; i += 2)
    if (strcmp (mounts[i], sysroot) == 0)
      return true;
  return false;
}

static void
unbind_guest_dirs (struct binds *b)
{
  size_t i = NR_BIND_DIRS;
  char path[64];

  /* Reverse order: /dev/pts lies on the /dev bind mount. */
  while (i-- > 0) {
    if (b->fd[i] < 0)
      continue;
    snprintf (path, sizeof path, "/proc/self/fd/%d", b->fd[i]);
    /* Detached: the guest program may have left something running in
     * there, and a failure here must not keep the guest busy forever.
     */
    if (umount2 (path, MNT_DETACH) == -1 && verbose)
      fprintf (stderr, "careen-daemon: umount %s%s: %m\n",
               sysroot, bind_dirs[i]);
    close (b->fd[i]);
    b->fd[i] = -1;
  }
}

/* Bind-mounts what exists; a guest without one of the directories (or
 * with something other than a directory there) simply goes without.
 * Replies and returns -1 on a real failure.
 */
static int
bind_guest_dirs (struct binds *b)
{
  size_t i;
  char path[64];

  for (i = 0; i < NR_BIND_DIRS; ++i)
    b->fd[i] = -1;
  for (i = 0; i < NR_BIND_DIRS; ++i) {
    CLEANUP_CLOSE int fd = -1;
    struct stat st;

    if (stat (bind_dirs[i], &st) == -1 || !S_ISDIR (st.st_mode))
      continue;
    fd = sysroot_open (bind_dirs[i], O_PATH | O_DIRECTORY | O_NOFOLLOW, 0);
    if (fd == -1 || fstat (fd, &st) == -1 || !S_ISDIR (st.st_mode))
      continue;
    snprintf (path, sizeof path, "/proc/self/fd/%d", fd);
    if (mount (bind_dirs[i], path, NULL, MS_BIND, NULL) == -1) {
      reply_with_perror ("bind mount %s on %s", bind_dirs[i], bind_dirs[i]);
      unbind_guest_dirs (b);
      return -1;
    }
    /* The descriptor taken before the mount names the directory
     * underneath; the one taken now names the mount, for umount.
     */
    b->fd[i] = sysroot_open (bind_dirs[i], O_PATH | O_DIRECTORY, 0);
    if (b->fd[i] == -1) {
      reply_with_perror ("open %s after bind mount", bind_dirs[i]);
      umount2 (path, MNT_DETACH);
      unbind_guest_dirs (b);
      return -1;
    }
  }
  return 0;
}

/* What the child tells the parent when it could not exec. */
struct exec_failure {
  int stage;                    /* 0 chroot, 1 not found, 2 exec */
  int err;
};

static void __attribute__ ((noreturn))
child_fail (int fd, int stage, int err)
{
  struct exec_failure f = { .stage = stage, .err = err };

  if (write (fd, &f, sizeof f) != (ssize_t) sizeof f)
    _exit (126);
  _exit (127);
}

/* In the child: chroot, find the program on the guest's PATH and run
 * it.  execvp is not used because on ENOEXEC it retries the file as a
 * shell script, which hides "wrong architecture" behind a shell error.
 */
static void __attribute__ ((noreturn))
run_child (char *const *argv, int out_fd, int err_fd, int fail_fd)
{
  static char *const envp[] = {
    (char *) "PATH=" GUEST_PATH, (char *) "HOME=/root", (char *) "LC_ALL=C",
    NULL
  };
  char buf[4096];
  const char *p;
  int devnull;

  signal (SIGPIPE, SIG_DFL);
  devnull = open ("/dev/null", O_RDONLY);
  if (devnull >= 0)
    dup2 (devnull, 0);
  dup2 (out_fd, 1);
  dup2 (err_fd, 2);
  /* The guest's program gets nothing of the daemon's (the channel to
   * the library above all); fail_fd closes itself on a successful exec.
   */
  if (fail_fd != 3 && dup3 (fail_fd, 3, O_CLOEXEC) == 3)
    fail_fd = 3;
  closefrom (fail_fd + 1);
  if (chroot (sysroot) == -1 || chdir ("/") == -1)
    child_fail (fail_fd, 0, errno);

  if (strchr (argv[0], '/') != NULL) {
    execve (argv[0], argv, envp);
    child_fail (fail_fd, errno == ENOENT && access (argv[0], F_OK) == -1
                ? 1 : 2, errno);
  }
  for (p = GUEST_PATH; *p; ) {
    size_t n = strcspn (p, ":");
    struct stat st;

    if (snprintf (buf, sizeof buf, "%.*s/%s", (int) n, p, argv[0])
        < (int) sizeof buf &&
        stat (buf, &st) == 0 && S_ISREG (st.st_mode) &&
        access (buf, X_OK) == 0) {
      execve (buf, argv, envp);
      child_fail (fail_fd, 2, errno);
    }
    p += n;
    if (*p == ':')
      p++;
  }
  child_fail (fail_fd, 1, ENOENT);
}

struct capture {
  char *buf;
  size_t len;
  size_t max;
  bool truncated;
};

static int
capture_add (struct capture *c, const char *p, size_t n)
{
  char *b;

  if (c->len + n > c->max) {
    c->truncated = true;
    n = c->max - c->len;
  }
  b = realloc (c->buf, c->len + n + 1);
  if (b == NULL)
    return -1;
  c->buf = b;
  memcpy (c->buf + c->len, p, n);
  c->len += n;
  c->buf[c->len] = '\0';
  return 0;
}

/* Says why the program did not run.  Returns -1. */
static int
reply_exec_failure (const char *prog, const struct exec_failure *f)
{
  if (f->stage == 0)
    reply_with_error_errno (f->err, "chroot %s: %s", sysroot,
                            strerror (f->err));
  else if (f->stage == 1)
    reply_with_error_errno (ENOENT, "%s: no such program in the guest%s",
                            prog, strchr (prog, '/') ? "" :
                            " (searched " GUEST_PATH ")");
  else if (f->err == ENOEXEC)
    reply_with_error_errno (ENOEXEC, "%s: the guest's program cannot run on "
                            "the appliance: exec format error (built for "
                            "another architecture, or not a program)", prog);
  else if (f->err == ENOENT)
    reply_with_error_errno (ENOENT, "%s: the guest's program cannot run: its "
                            "interpreter or dynamic loader is missing", prog);
  else
    reply_with_error_errno (f->err, "%s: %s", prog, strerror (f->err));
  return -1;
}

/* Runs argv in the guest; returns its stdout (caller frees), or NULL
 * after replying.
 */
static char *
run_in_guest (char *const *argv)
{
  int opipe[2] = { -1, -1 }, epipe[2] = { -1, -1 }, fpipe[2] = { -1, -1 };
  struct capture out = { .max = GUEST_COMMAND_MAX_OUTPUT };
  struct capture err = { .max = GUEST_COMMAND_MAX_ERROR };
  struct exec_failure fail;
  struct binds binds;
  /* Static: too big for the stack limit, and one call runs at a time. */
  static char buf[16384];
  ssize_t fr;
  pid_t pid;
  int status;
  bool killed = false;
  char *ret = NULL;

  if (argv[0] == NULL || argv[0][0] == '\0') {
    reply_with_error_errno (EINVAL, "the argument list must start with a "
                            "program name");
    return NULL;
  }
  if (!root_mounted ()) {
    reply_with_error ("you must call 'mount' first to mount the root "
                      "filesystem");
    return NULL;
  }
  if (pipe2 (opipe, O_CLOEXEC) == -1 || pipe2 (epipe, O_CLOEXEC) == -1 ||
      pipe2 (fpipe, O_CLOEXEC) == -1) {
    reply_with_perror ("pipe2");
    goto out_close;
  }
  if (bind_guest_dirs (&binds) == -1)
    goto out_close;

  if (verbose) {
    size_t i;
    fprintf (stderr, "careen-daemon: run in guest:");
    for (i = 0; argv[i] != NULL; ++i)
      fprintf (stderr, " %s", argv[i]);
    fprintf (stderr, "\n");
  }
  pid = fork ();
  if (pid == -1) {
    reply_with_perror ("fork");
    goto out_unbind;
  }
  if (pid == 0)
    run_child (argv, opipe[1], epipe[1], fpipe[1]);
  close (opipe[1]); opipe[1] = -1;
  close (epipe[1]); epipe[1] = -1;
  close (fpipe[1]); fpipe[1] = -1;

  while (opipe[0] >= 0 || epipe[0] >= 0) {
    struct pollfd pfd[2] = {
      { .fd = opipe[0], .events = POLLIN },
      { .fd = epipe[0], .events = POLLIN },
    };
    int i;

    if (poll (pfd, 2, GUEST_COMMAND_PULSE_MS) == -1) {
      if (errno == EINTR)
        continue;
      break;
    }
    notify_progress (0, 1);
    for (i = 0; i < 2; ++i) {
      int *fdp = i == 0 ? &opipe[0] : &epipe[0];
      struct capture *c = i == 0 ? &out : &err;
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
      /* Past the limit (or out of memory): keep draining. */
      if (!c->truncated && capture_add (c, buf, (size_t) r) == -1)
        c->truncated = true;
    }
    /* Output that cannot be returned: stop a program that may never
     * end ("yes") instead of reading it forever.
     */
    if (out.truncated && !killed) {
      kill (pid, SIGKILL);
      killed = true;
    }
  }
  while (waitpid (pid, &status, 0) == -1) {
    if (errno != EINTR) {
      reply_with_perror ("waitpid");
      goto out_unbind;
    }
  }
  fr = read (fpipe[0], &fail, sizeof fail);

  if (fr == (ssize_t) sizeof fail)
    reply_exec_failure (argv[0], &fail);
  else if (out.truncated)
    reply_with_error_errno (EMSGSIZE, "%s: output too large for a reply "
                            "(more than %d bytes): use a download call",
                            argv[0], GUEST_COMMAND_MAX_OUTPUT);
  else if (WIFSIGNALED (status))
    reply_with_error ("%s: killed by signal %d", argv[0], WTERMSIG (status));
  else if (WEXITSTATUS (status) != 0) {
    size_t n = err.len;

    while (n > 0 && (err.buf[n-1] == '\n' || err.buf[n-1] == ' '))
      err.buf[--n] = '\0';
    if (n > 0)
      reply_with_error ("%s", err.buf);
    else
      reply_with_error ("%s: exited with status %d", argv[0],
                        WEXITSTATUS (status));
  }
  else if (out.buf == NULL && (out.buf = strdup ("")) == NULL)
    reply_with_perror ("strdup");
  else {
    ret = out.buf;
    out.buf = NULL;
  }

 out_unbind:
  unbind_guest_dirs (&binds);
 out_close:
  if (opipe[0] >= 0) close (opipe[0]);
  if (opipe[1] >= 0) close (opipe[1]);
  if (epipe[0] >= 0) close (epipe[0]);
  if (epipe[1] >= 0) close (epipe[1]);
  if (fpipe[0] >= 0) close (fpipe[0]);
  if (fpipe[1] >= 0) close (fpipe[1]);
  free (out.buf);
  free (err.buf);
  return ret;
}

/* Splits output into lines: a final newline ends the last line rather
 * than starting an empty one, and no output is no lines.  Takes out.
 */
static char **
split_lines (char *out)
{
  CLEANUP_FREE char *text = out;
  struct stringsbuf sb;
  char *p = text, *nl;
  char **ret;

  if (text == NULL)
    return NULL;
  stringsbuf_init (&sb);
  while (*p) {
    /* The reply could not carry more (and each line costs memory). */
    if (sb.size >= PROTO_MAX_LIST) {
      reply_with_error_errno (EMSGSIZE, "output has too many lines for a "
                              "reply (more than %d)", PROTO_MAX_LIST);
      stringsbuf_release (&sb);
      return NULL;
    }
    nl = strchr (p, '\n');
    if (nl)
      *nl = '\0';
    if (stringsbuf_add_string (&sb, p) == -1) {
      reply_with_perror ("split lines");
      stringsbuf_release (&sb);
      return NULL;
    }
    if (nl == NULL)
      break;
    p = nl + 1;
  }
  ret = stringsbuf_finish (&sb);
  if (ret == NULL)
    reply_with_perror ("split lines");
  return ret;
}

char *
do_command (char *const *arguments)
{
  return run_in_guest (arguments);
}

char **
do_command_lines (char *const *arguments)
{
  return split_lines (run_in_guest (arguments));
}

char *
do_sh (const char *command)
{
  char *const argv[] = {
    (char *) "/bin/sh", (char *) "-c", (char *) command, NULL
  };

  return run_in_guest (argv);
}

char **
do_sh_lines (const char *command)
{
  return split_lines (do_sh (command));
}
