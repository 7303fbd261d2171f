/* careen - offline disk-image toolkit */

/**
 * ntfsclone_out and ntfsclone_in: an NTFS image streamed between
 * ntfsclone and the library, chunk by chunk, so an image of any size
 * never sits in memory.  command.c captures whole outputs, so the tool
 * is run here with a pipe on the streaming side and its messages
 * collected in a memory file.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"

/* Most bytes of ntfsclone's messages kept for the error reply. */
#define NTFSCLONE_MAX_ERR 4096

/* ntfsclone's arguments, from the optional arguments. */
#define NTFSCLONE_MAX_ARGS 16

struct child {
  pid_t pid;
  int pipefd;                   /* our end: its stdout or its stdin */
  int errfd;                    /* memory file with its stderr */
};

/* Starts argv with a pipe to (to_child) or from its stdin/stdout; the
 * other standard stream goes to the memory file with stderr.  -1 with
 * errno set on failure (silent).
 */
static int
start (const char *const *argv, bool to_child, struct child *c)
{
  int p[2], err;

  c->errfd = memfd_create ("ntfsclone-messages", MFD_CLOEXEC);
  if (c->errfd == -1)
    return -1;
  if (pipe2 (p, O_CLOEXEC) == -1)
    goto out_errfd;
  c->pid = fork ();
  if (c->pid == -1)
    goto out_pipe;
  if (c->pid == 0) {
    signal (SIGPIPE, SIG_DFL);
    dup2 (to_child ? p[0] : p[1], to_child ? 0 : 1);
    dup2 (c->errfd, to_child ? 1 : 0);
    dup2 (c->errfd, 2);
    if (!to_child) {
      /* Its stdin: nothing. */
      int null = open ("/dev/null", O_RDONLY);
      if (null >= 0)
        dup2 (null, 0);
    }
    closefrom (3);
    execvp (argv[0], (char *const *) argv);
    _exit (127);
  }
  close (to_child ? p[0] : p[1]);
  c->pipefd = to_child ? p[1] : p[0];
  return 0;

 out_pipe:
  err = errno;
  close (p[0]);
  close (p[1]);
  errno = err;
 out_errfd:
  err = errno;
  close (c->errfd);
  errno = err;
  return -1;
}

/* Waits for the child; returns its exit status, or -1 if it was killed.
 * *msg_r gets its messages (caller frees; may be NULL on ENOMEM).
 */
static int
finish (struct child *c, char **msg_r)
{
  int status = 0, r;
  ssize_t n;
  char *msg = malloc (NTFSCLONE_MAX_ERR + 1);

  if (c->pipefd >= 0)
    close (c->pipefd);
  c->pipefd = -1;
  while ((r = waitpid (c->pid, &status, 0)) == -1 && errno == EINTR)
    ;
  if (msg) {
    n = pread (c->errfd, msg, NTFSCLONE_MAX_ERR, 0);
    msg[n > 0 ? n : 0] = '\0';
    while (n > 0 && (msg[n-1] == '\n' || msg[n-1] == ' '))
      msg[--n] = '\0';
  }
  close (c->errfd);
  *msg_r = msg;
  if (r == -1 || !WIFEXITED (status))
    return -1;
  return WEXITSTATUS (status);
}

int
do_ntfsclone_out (const char *device, int metadataonly, int rescue,
                  int ignorefscheck, int preservetimestamps, int force)
{
  const char *argv[NTFSCLONE_MAX_ARGS];
  size_t n = 0;
  struct child c;
  CLEANUP_FREE char *buf = NULL, *msg = NULL;
  int status;
  bool failed = false;

  if (check_not_mounted (device) == -1 || require_program ("ntfsclone") == -1)
    return -1;
  argv[n++] = "ntfsclone";
  argv[n++] = "--save-image";
  argv[n++] = "--output";
  argv[n++] = "-";
  if ((optargs_bitmask & GUESTFS_NTFSCLONE_OUT_METADATAONLY_BITMASK) &&
      metadataonly)
    argv[n++] = "--metadata";
  if ((optargs_bitmask & GUESTFS_NTFSCLONE_OUT_RESCUE_BITMASK) && rescue)
    argv[n++] = "--rescue";
  if ((optargs_bitmask & GUESTFS_NTFSCLONE_OUT_IGNOREFSCHECK_BITMASK) &&
      ignorefscheck)
    argv[n++] = "--ignore-fs-check";
  if ((optargs_bitmask & GUESTFS_NTFSCLONE_OUT_PRESERVETIMESTAMPS_BITMASK) &&
      preservetimestamps)
    argv[n++] = "--preserve-timestamps";
  if ((optargs_bitmask & GUESTFS_NTFSCLONE_OUT_FORCE_BITMASK) && force)
    argv[n++] = "--force";
  argv[n++] = device;
  argv[n] = NULL;

  buf = malloc (PROTO_MAX_CHUNK);
  if (buf == NULL) {
    reply_with_perror ("malloc");
    return -1;
  }
  if (start (argv, false, &c) == -1) {
    reply_with_perror ("ntfsclone");
    return -1;
  }
  for (;;) {
    ssize_t r = read (c.pipefd, buf, PROTO_MAX_CHUNK);

    if (r == -1 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    if (send_file_write (buf, r) == -1) {
      /* Cancelled: stop ntfsclone (it gets EPIPE) and reply. */
      failed = true;
      break;
    }
    /* ntfsclone cannot tell us the image size in advance. */
    notify_progress (0, 1);
  }
  status = finish (&c, &msg);
  if (failed) {
    reply_with_error_errno (ECANCELED, "%s: ntfsclone_out cancelled", device);
    return -1;
  }
  if (status != 0) {
    /* The reply ends the stream with a cancel chunk (proto.c). */
    reply_with_error ("ntfsclone: %s: %s", device,
                      msg && *msg ? msg : "failed");
    return -1;
  }
  send_file_end (0);
  return 0;
}

static int
to_pipe (void *opaque, const void *buf, size_t len)
{
  int fd = *(int *) opaque;
  const char *p = buf;

  while (len > 0) {
    ssize_t r = write (fd, p, len);
    if (r == -1) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    p += r;
    len -= r;
  }
  notify_progress (0, 1);
  return 0;
}

int
do_ntfsclone_in (const char *device)
{
  const char *argv[] = {
    "ntfsclone", "--restore-image", "--overwrite", device, "-", NULL
  };
  struct child c;
  CLEANUP_FREE char *msg = NULL;
  int r, status, err;

  /* If this fails, the reply drains the upload (proto.c). */
  if (check_not_mounted (device) == -1 || require_program ("ntfsclone") == -1)
    return -1;
  if (start (argv, true, &c) == -1) {
    reply_with_perror ("ntfsclone");
    return -1;
  }
  r = receive_file (to_pipe, &c.pipefd);
  err = errno;
  status = finish (&c, &msg);
  if (status != 0) {
    reply_with_error ("ntfsclone: %s: %s", device,
                      msg && *msg ? msg : "failed");
    return -1;
  }
  if (r == -1) {
    if (err == ECANCELED)
      reply_with_error_errno (ECANCELED, "%s: ntfsclone_in cancelled",
                              device);
    else {
      errno = err;
      reply_with_perror ("%s", device);
    }
    return -1;
  }
  return 0;
}
