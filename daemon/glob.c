/* careen - offline disk-image toolkit */

/**
 * glob_expand: shell wildcards over the guest tree.  glob(3) resolves
 * every component of the pattern itself, following symlinks, so it
 * cannot simply be given sysroot + pattern: an absolute guest symlink
 * would lead it into the appliance.  Instead a child process chroots
 * into sysroot, where the guest's symlinks mean what they mean in the
 * guest, runs glob there and sends the matches back through a pipe.
 * No flag that loads code (GLOB_TILDE looks up users through NSS,
 * which would load the guest's libraries) is used.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"

/* Most bytes of matches read back: the list must fit in one reply. */
#define GLOB_MAX_OUTPUT (PROTO_MAX_MESSAGE - 4096)

/* Exit statuses of the child. */
enum {
  GLOB_CHILD_OK = 0,            /* matches (or none) written */
  GLOB_CHILD_CHROOT = 1,        /* could not enter the guest tree */
  GLOB_CHILD_FAILED = 2,        /* glob failed (read error) */
  GLOB_CHILD_NOMEM = 3,
};

static void __attribute__ ((noreturn))
glob_child (const char *pattern, int directoryslash, int out)
{
  glob_t gl;
  size_t i;
  int r;

  if (chroot (sysroot) == -1 || chdir ("/") == -1)
    _exit (GLOB_CHILD_CHROOT);
  r = glob (pattern, GLOB_BRACE | (directoryslash ? GLOB_MARK : 0), NULL,
            &gl);
  if (r == GLOB_NOMATCH)
    _exit (GLOB_CHILD_OK);
  if (r == GLOB_NOSPACE)
    _exit (GLOB_CHILD_NOMEM);
  if (r != 0)
    _exit (GLOB_CHILD_FAILED);
  for (i = 0; i < gl.gl_pathc; ++i) {
    const char *p = gl.gl_pathv[i];
    size_t n = strlen (p) + 1;

    while (n > 0) {
      ssize_t w = write (out, p, n);
      if (w == -1) {
        if (errno == EINTR)
          continue;
        /* EPIPE: the daemon stopped reading (too many matches). */
        _exit (GLOB_CHILD_FAILED);
      }
      p += w;
      n -= w;
    }
  }
  _exit (GLOB_CHILD_OK);
}

char **
do_glob_expand (const char *pattern, int directoryslash)
{
  CLEANUP_FREE char *buf = NULL;
  struct stringsbuf sb;
  size_t len = 0, i;
  int pfd[2], status;
  bool too_big = false;
  pid_t pid;
  char **r;

  /* The default is to mark directories. */
  if (!(optargs_bitmask & GUESTFS_GLOB_EXPAND_OPTS_DIRECTORYSLASH_BITMASK))
    directoryslash = 1;

  buf = malloc (GLOB_MAX_OUTPUT + 1);
  if (buf == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  if (pipe2 (pfd, O_CLOEXEC) == -1) {
    reply_with_perror ("pipe");
    return NULL;
  }
  pid = fork ();
  if (pid == -1) {
    reply_with_perror ("fork");
    close (pfd[0]);
    close (pfd[1]);
    return NULL;
  }
  if (pid == 0) {
    close (pfd[0]);
    glob_child (pattern, directoryslash, pfd[1]);
  }
  close (pfd[1]);

  for (;;) {
    ssize_t n;

    if (len == GLOB_MAX_OUTPUT) {
      too_big = true;
      break;
    }
    n = read (pfd[0], buf + len, GLOB_MAX_OUTPUT - len);
    if (n == -1 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    len += n;
  }
  close (pfd[0]);
  while (waitpid (pid, &status, 0) == -1) {
    if (errno != EINTR) {
      reply_with_perror ("waitpid");
      return NULL;
    }
  }
  if (too_big) {
    reply_with_error_errno (E2BIG, "%s: too many matches for one reply",
                            pattern);
    return NULL;
  }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != GLOB_CHILD_OK) {
    int code = WIFEXITED (status) ? WEXITSTATUS (status) : -1;

    reply_with_error_errno (code == GLOB_CHILD_NOMEM ? ENOMEM : EIO,
                            "%s: %s", pattern,
                            code == GLOB_CHILD_CHROOT
                            ? "cannot enter the guest filesystems"
                            : code == GLOB_CHILD_NOMEM ? "out of memory"
                            : "reading a directory failed");
    return NULL;
  }

  /* The matches, each ended by a zero byte (the last one too, unless
   * the child died half-way, which the status check caught).
   */
  buf[len] = '\0';
  stringsbuf_init (&sb);
  for (i = 0; i < len; i += strlen (buf + i) + 1) {
    if (stringsbuf_add_string (&sb, buf + i) == -1) {
      reply_with_perror ("malloc");
      stringsbuf_release (&sb);
      return NULL;
    }
  }
  r = stringsbuf_finish (&sb);
  if (r == NULL)
    reply_with_perror ("malloc");
  return r;
}
