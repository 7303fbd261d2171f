/* careen - offline disk-image toolkit */

/**
 * command, command_lines, sh and sh_lines: run a program of the guest,
 * chrooted into the mounted guest filesystems.
 *
 * For the duration of the command the appliance's /dev, /dev/pts, /proc
 * and /sys are bind-mounted over the guest's, because guest programs
 * (package managers, initramfs builders) expect them; they are
 * unmounted afterwards.  With a network (set_network) the guest's
 * /etc/resolv.conf is swapped for the appliance's meanwhile
 * (guest-resolv.c).  The mountpoints are guest paths, so they are
 * resolved with sysroot_open like any other: a guest whose /dev is a
 * symlink to "/../../etc" gets no bind mount rather than one over the
 * appliance's own files.  The mount is done on the opened descriptor
 * (/proc/self/fd/N), never on a path string that could be re-resolved.
 *
 * The program is started by command_start chrooted into the guest
 * (in_guest), and runs as root with the guest's own code: that is what
 * the caller asked for, and the documentation says to do it only for
 * trusted guests.  What comes back (stdout, stderr) is bounded.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
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

/* Says why the program did not run (errno set by command_start).
 * Returns -1.
 */
static int
reply_exec_failure (const char *prog, enum command_stage stage)
{
  int err = errno;

  if (stage == COMMAND_FAILED_CHROOT)
    reply_with_perror ("chroot %s", sysroot);
  else if (stage == COMMAND_FAILED_NOT_FOUND)
    reply_with_error_errno (ENOENT, "%s: no such program in the guest%s",
                            prog, strchr (prog, '/') ? "" :
                            " (searched " GUEST_PATH ")");
  else if (stage == COMMAND_FAILED_EXEC && err == ENOEXEC)
    reply_with_error_errno (ENOEXEC, "%s: the guest's program cannot run on "
                            "the appliance: exec format error (built for "
                            "another architecture, or not a program)", prog);
  else if (stage == COMMAND_FAILED_EXEC && err == ENOENT)
    reply_with_error_errno (ENOENT, "%s: the guest's program cannot run: its "
                            "interpreter or dynamic loader is missing", prog);
  else
    reply_with_perror ("%s", prog);
  return -1;
}

/* Runs argv in the guest; returns its stdout (caller frees), or NULL
 * after replying.
 */
static char *
run_in_guest (char *const *argv)
{
  const struct command_spec spec = {
    .argv = (const char *const *) argv, .stdin_fd = COMMAND_NULL,
    .stdout_fd = COMMAND_PIPE, .extra_fd = -1, .in_guest = true,
  };
  struct command_capture out = { .max = GUEST_COMMAND_MAX_OUTPUT };
  struct command_capture err = { .max = GUEST_COMMAND_MAX_ERROR };
  CLEANUP_FREE char *errs = NULL;
  struct command_child c;
  struct binds binds;
  struct guest_resolv resolv;
  int status;
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
  if (bind_guest_dirs (&binds) == -1)
    return NULL;
  if (guest_resolv_swap (&resolv) == -1) {
    unbind_guest_dirs (&binds);
    return NULL;
  }

  if (command_start (&spec, &c) == -1) {
    reply_exec_failure (argv[0], c.failed);
    goto out_unbind;
  }
  command_pulse = true;
  status = command_collect (&c, NULL, 0, &out, &err);
  command_pulse = false;
  errs = command_capture_finish (&err);
  ret = command_capture_finish (&out);

  if (status == -1)
    reply_with_perror ("waitpid");
  else if (out.truncated && ret != NULL)
    reply_with_error_errno (EMSGSIZE, "%s: output too large for a reply "
                            "(more than %d bytes): use a download call",
                            argv[0], GUEST_COMMAND_MAX_OUTPUT);
  else if (ret == NULL || errs == NULL)
    reply_with_perror ("malloc");
  else if (WIFSIGNALED (status))
    reply_with_error ("%s: killed by signal %d", argv[0], WTERMSIG (status));
  else if (WEXITSTATUS (status) != 0) {
    size_t n = strlen (errs);

    while (n > 0 && (errs[n-1] == '\n' || errs[n-1] == ' '))
      errs[--n] = '\0';
    if (n > 0)
      reply_with_error ("%s", errs);
    else
      reply_with_error ("%s: exited with status %d", argv[0],
                        WEXITSTATUS (status));
  }
  else
    goto out_unbind;            /* success: ret is the output */
  free (ret);
  ret = NULL;

 out_unbind:
  char_vector_release (&out.buf);
  char_vector_release (&err.buf);
  guest_resolv_restore (&resolv);
  unbind_guest_dirs (&binds);
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
