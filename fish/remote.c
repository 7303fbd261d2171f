/** careen - offline disk-image toolkit
 *
 * Remote control: "guestfish --listen" forks a server into the
 * background and prints the shell code that sets $GUESTFISH_PID;
 * "guestfish --remote cmd args..." sends commands to it, so a shell
 * script can run many commands against one appliance.
 *
 * The server listens on /tmp/.guestfish-UID/socket-PID.  The directory
 * belongs to the user and is closed to everyone else (a shared /tmp
 * must not let another user plant or hijack the socket), and the
 * server also checks the peer's uid.
 *
 * One connection carries one command.  The client passes its own
 * stdout and stderr with the request, so output and error messages
 * appear where the client runs.  Messages, in host byte order (both
 * ends are the same program on the same machine):
 *
 *   request: u32 version (+ SCM_RIGHTS: stdout, stderr)
 *            u32 exit_on_error, u32 argc, then argc times u32 len, bytes
 *   reply:   u32 status (0 ok, 1 failed)
 *
 * A client and a server of different versions refuse to talk.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanups.h"
#include "stringsbuf.h"
#include "fish.h"

/* Changes whenever the messages above change. */
#define FISH_RC_VERSION 1

/* Bounds on a request, checked before allocating: commands take a few
 * arguments; text arguments (write) can be long but not unbounded.
 */
#define FISH_RC_MAX_ARGS 4096
#define FISH_RC_MAX_ARG_LEN (16 * 1024 * 1024)

static int
socket_path (pid_t pid, bool create_dir, char *buf, size_t len)
{
  char dir[64];
  struct stat st;

  snprintf (dir, sizeof dir, "/tmp/.guestfish-%ju", (uintmax_t) geteuid ());
  if (create_dir && mkdir (dir, 0700) == -1 && errno != EEXIST) {
    fprintf (stderr, "guestfish: mkdir: %s: %m\n", dir);
    return -1;
  }
  /* lstat: a symlink planted by someone else is refused too. */
  if (lstat (dir, &st) == -1) {
    fprintf (stderr, "guestfish: %s: %m\n", dir);
    return -1;
  }
  if (!S_ISDIR (st.st_mode) || st.st_uid != geteuid () ||
      (st.st_mode & 077) != 0) {
    fprintf (stderr, "guestfish: %s: not a private directory of this "
             "user; refusing to use it\n", dir);
    return -1;
  }
  if ((size_t) snprintf (buf, len, "%s/socket-%ju", dir, (uintmax_t) pid)
      >= len) {
    fprintf (stderr, "guestfish: socket path too long\n");
    return -1;
  }
  return 0;
}

static int
write_all (int fd, const void *buf, size_t len)
{
  const char *p = buf;

  while (len > 0) {
    ssize_t n = write (fd, p, len);

    if (n == -1) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    p += n;
    len -= n;
  }
  return 0;
}

static int
read_all (int fd, void *buf, size_t len)
{
  char *p = buf;

  while (len > 0) {
    ssize_t n = read (fd, p, len);

    if (n == -1 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    p += n;
    len -= n;
  }
  return 0;
}

static int
write_u32 (int fd, uint32_t v)
{
  return write_all (fd, &v, sizeof v);
}

static int
read_u32 (int fd, uint32_t *v)
{
  return read_all (fd, v, sizeof *v);
}

/* ---- client ---- */

/* Sends one command; returns its status (0 or 1), or -1 on a transport
 * failure (printed).
 */
static int
send_command (const char *path, bool exit_on_error,
              size_t argc, char *const *argv)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fds[2] = { STDOUT_FILENO, STDERR_FILENO };
  char cbuf[CMSG_SPACE (sizeof fds)];
  uint32_t version = FISH_RC_VERSION, status;
  struct iovec iov = { .iov_base = &version, .iov_len = sizeof version };
  struct msghdr msg = {
    .msg_iov = &iov, .msg_iovlen = 1,
    .msg_control = cbuf, .msg_controllen = sizeof cbuf,
  };
  struct cmsghdr *cmsg;
  CLEANUP_CLOSE int sock = -1;
  size_t i;

  memset (cbuf, 0, sizeof cbuf);
  cmsg = CMSG_FIRSTHDR (&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN (sizeof fds);
  memcpy (CMSG_DATA (cmsg), fds, sizeof fds);

  strcpy (addr.sun_path, path);
  sock = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock == -1) {
    perror ("guestfish: --remote: socket");
    return -1;
  }
  if (connect (sock, (struct sockaddr *) &addr, sizeof addr) == -1) {
    fprintf (stderr, "guestfish: --remote: connect: %s: %m\n", path);
    return -1;
  }

  fflush (stdout);
  fflush (stderr);
  if (sendmsg (sock, &msg, MSG_NOSIGNAL) != sizeof version ||
      write_u32 (sock, exit_on_error) == -1 ||
      write_u32 (sock, argc) == -1)
    goto out_io;
  for (i = 0; i < argc; ++i) {
    size_t len = strlen (argv[i]);

    if (write_u32 (sock, len) == -1 || write_all (sock, argv[i], len) == -1)
      goto out_io;
  }
  if (read_u32 (sock, &status) == -1)
    goto out_io;
  return status == 0 ? 0 : 1;

 out_io:
  fprintf (stderr, "guestfish: --remote: lost the connection to the "
           "guestfish server\n");
  return -1;
}

int
fish_remote_client (pid_t pid, int argc, char *argv[])
{
  char path[sizeof ((struct sockaddr_un *) 0)->sun_path];
  int ret = 0;

  if (pid <= 0) {
    const char *env = getenv ("GUESTFISH_PID");

    pid = env ? atoi (env) : 0;
    if (pid <= 0) {
      fprintf (stderr, "guestfish: --remote: GUESTFISH_PID is not set: "
               "start a server with eval \"$(guestfish --listen)\"\n");
      return -1;
    }
  }
  if (socket_path (pid, false, path, sizeof path) == -1)
    return -1;

  if (argc > 0) {
    /* Commands separated by ":" words, as on the local command line. */
    int i = 0;

    while (i < argc) {
      int start = i, r;

      while (i < argc && strcmp (argv[i], ":") != 0)
        i++;
      if (i == start) {
        fprintf (stderr, "guestfish: empty command on command line\n");
        return -1;
      }
      r = send_command (path, true, i - start, &argv[start]);
      if (r != 0)
        return -1;
      if (i < argc)
        i++;
    }
    return 0;
  }

  /* No command: each line of stdin is one, parsed here. */
  {
    CLEANUP_FREE char *line = NULL;
    size_t alloc = 0;

    ssize_t len;

    while ((len = fish_read_line (stdin, &line, &alloc)) != -1) {
      struct fish_line l;
      char **words;
      size_t n;
      int r;

      if (len == -2) {
        fprintf (stderr, "guestfish: --remote: input line longer than %d "
                 "bytes or holding a NUL byte\n", FISH_MAX_LINE);
        ret = -1;
        break;
      }
      if (fish_parse_line (line, &l) == -1) {
        ret = -1;
        break;
      }
      if (l.kind != FISH_LINE_COMMAND) {
        if (l.kind != FISH_LINE_BLANK) {
          fprintf (stderr, "guestfish: --remote: host commands ('!', "
                   "'<!') are not sent to the server\n");
          ret = -1;
        }
        fish_line_free (&l);
        if (ret == -1)
          break;
        continue;
      }
      if (l.pipe) {
        fprintf (stderr, "guestfish: --remote: pipes are not supported\n");
        fish_line_free (&l);
        ret = -1;
        break;
      }
      words = calloc (l.argc + 2, sizeof *words);
      if (words == NULL) {
        perror ("calloc");
        fish_line_free (&l);
        return -1;
      }
      words[0] = l.cmd;
      for (n = 0; n < l.argc; ++n)
        words[n + 1] = l.argv[n];
      r = send_command (path, !l.ignore_error, l.argc + 1, words);
      free (words);
      if (r == -1 || (r == 1 && !l.ignore_error))
        ret = -1;
      fish_line_free (&l);
      if (ret == -1)
        break;
    }
  }
  return ret;
}

/* ---- server ---- */

/* Reads one request on SOCK and runs it.  Returns 0 to go on, 1 when
 * the server must stop (quit, or a failure with exit_on_error), -1 for
 * a broken request (ignored: the next client gets a fresh start).
 */
static int
serve_one (int sock)
{
  int fds[2] = { -1, -1 };
  char cbuf[CMSG_SPACE (sizeof fds)];
  uint32_t version, exit_on_error, argc, i;
  struct iovec iov = { .iov_base = &version, .iov_len = sizeof version };
  struct msghdr msg = {
    .msg_iov = &iov, .msg_iovlen = 1,
    .msg_control = cbuf, .msg_controllen = sizeof cbuf,
  };
  struct cmsghdr *cmsg;
  struct ucred cred;
  socklen_t credlen = sizeof cred;
  struct stringsbuf args;
  CLEANUP_FREE_STRING_LIST char **list = NULL;
  int saved_out = -1, saved_err = -1, r, ret = -1;
  uint32_t status;

  stringsbuf_init (&args);
  if (getsockopt (sock, SOL_SOCKET, SO_PEERCRED, &cred, &credlen) == -1 ||
      cred.uid != geteuid ())
    return -1;
  if (recvmsg (sock, &msg, MSG_CMSG_CLOEXEC) != sizeof version)
    return -1;
  for (cmsg = CMSG_FIRSTHDR (&msg); cmsg; cmsg = CMSG_NXTHDR (&msg, cmsg))
    if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS &&
        cmsg->cmsg_len == CMSG_LEN (sizeof fds))
      memcpy (fds, CMSG_DATA (cmsg), sizeof fds);
  if (fds[0] == -1 || fds[1] == -1 || version != FISH_RC_VERSION)
    goto out;

  if (read_u32 (sock, &exit_on_error) == -1 || read_u32 (sock, &argc) == -1 ||
      argc < 1 || argc > FISH_RC_MAX_ARGS)
    goto out;
  for (i = 0; i < argc; ++i) {
    uint32_t len;
    char *s;

    if (read_u32 (sock, &len) == -1 || len > FISH_RC_MAX_ARG_LEN)
      goto out;
    s = malloc (len + 1);
    if (s == NULL)
      goto out;
    if (read_all (sock, s, len) == -1) {
      free (s);
      goto out;
    }
    s[len] = '\0';
    if (strlen (s) != len || stringsbuf_add_string_nodup (&args, s) == -1) {
      free (s);
      goto out;
    }
  }
  list = stringsbuf_finish (&args);
  if (list == NULL)
    goto out;

  /* Run the command with the client's stdout and stderr. */
  saved_out = dup (STDOUT_FILENO);
  saved_err = dup (STDERR_FILENO);
  if (saved_out == -1 || saved_err == -1 ||
      dup2 (fds[0], STDOUT_FILENO) == -1 ||
      dup2 (fds[1], STDERR_FILENO) == -1)
    goto out;
  r = fish_run_command (list[0], argc - 1, &list[1]);
  fflush (stdout);
  fflush (stderr);
  dup2 (saved_out, STDOUT_FILENO);
  dup2 (saved_err, STDERR_FILENO);

  status = r == 0 ? 0 : 1;
  write_u32 (sock, status);
  ret = fish_quit || (r == -1 && exit_on_error) ? 1 : 0;

 out:
  if (saved_out >= 0)
    close (saved_out);
  if (saved_err >= 0)
    close (saved_err);
  if (fds[0] >= 0)
    close (fds[0]);
  if (fds[1] >= 0)
    close (fds[1]);
  stringsbuf_release (&args);
  return ret;
}

int
fish_remote_server (bool csh, int (*prepare) (void))
{
  char path[sizeof ((struct sockaddr_un *) 0)->sun_path];
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int sock, devnull, status = 0;
  pid_t pid;

  sock = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock == -1) {
    perror ("guestfish: --listen: socket");
    return -1;
  }

  /* Fork first: the socket is named after the server's pid. */
  fflush (stdout);
  pid = fork ();
  if (pid == -1) {
    perror ("guestfish: --listen: fork");
    close (sock);
    return -1;
  }
  if (pid > 0) {
    /* The parent prints the shell code once the server's socket
     * exists, so that a --remote right after the eval finds it.
     */
    char ppath[sizeof path];
    int tries;

    close (sock);
    if (socket_path (pid, true, ppath, sizeof ppath) == -1)
      _exit (EXIT_FAILURE);
    /* With -a and -m, -i or -N, the server launches the appliance
     * before it listens, which takes seconds under TCG: wait for as
     * long as the server lives.  Without them, 5 seconds is plenty.
     */
    for (tries = 0; prepare != NULL || tries < 500; ++tries) {
      struct stat st;

      if (stat (ppath, &st) == 0 && S_ISSOCK (st.st_mode))
        break;
      if (waitpid (pid, NULL, WNOHANG) == pid)
        _exit (EXIT_FAILURE);
      usleep (10000);
    }
    if (csh)
      printf ("setenv GUESTFISH_PID %d\n", (int) pid);
    else
      printf ("GUESTFISH_PID=%d; export GUESTFISH_PID\n", (int) pid);
    fflush (stdout);
    _exit (EXIT_SUCCESS);
  }

  /* Launched here, after the fork, so that qemu and the library's
   * helpers are children of the server that will talk to them and
   * stop them.  Errors go to stderr, which is still the user's.
   */
  if (prepare != NULL && prepare () == -1) {
    close (sock);
    return -1;
  }
  if (socket_path (getpid (), true, path, sizeof path) == -1)
    _exit (EXIT_FAILURE);
  strcpy (addr.sun_path, path);
  unlink (path);
  if (bind (sock, (struct sockaddr *) &addr, sizeof addr) == -1 ||
      listen (sock, 4) == -1) {
    fprintf (stderr, "guestfish: --listen: %s: %m\n", path);
    _exit (EXIT_FAILURE);
  }

  /* The caller reads our stdout through $(...) until it is closed. */
  devnull = open ("/dev/null", O_RDWR | O_CLOEXEC);
  if (devnull >= 0) {
    dup2 (devnull, STDIN_FILENO);
    dup2 (devnull, STDOUT_FILENO);
    close (devnull);
  }

  for (;;) {
    int conn = accept4 (sock, NULL, NULL, SOCK_CLOEXEC);
    int r;

    if (conn == -1) {
      if (errno == EINTR)
        continue;
      perror ("guestfish: --listen: accept");
      status = -1;
      break;
    }
    r = serve_one (conn);
    close (conn);
    if (r == 1) {
      status = fish_quit ? 0 : -1;
      break;
    }
  }
  close (sock);
  unlink (path);
  return status;
}
