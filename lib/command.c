/** careen - offline disk-image toolkit
 *
 * Running a helper program (qemu-img) from the library: always an argv,
 * never a shell, with stdin from /dev/null and its output collected so
 * that a failure can be reported with qemu-img's own explanation.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guestfs-internal.h"

/* Most output kept from a helper; the rest is read and dropped so the
 * helper does not block.  Enough for any error message qemu-img writes.
 */
#define MAX_COMMAND_OUTPUT (64 * 1024)

int
guestfs_int_run_command (guestfs_h *g, char *const *argv, char **output_r)
{
  int fd[2];
  pid_t pid;
  char *out = NULL;
  size_t len = 0;
  int status;
  size_t i;

  if (g->verbose) {
    CLEANUP_FREE char *cmd = strings_join (argv, " ");
    debug (g, "command: %s", cmd ? cmd : argv[0]);
  }

  if (pipe2 (fd, O_CLOEXEC) == -1) {
    perrorf (g, "pipe2");
    return -1;
  }
  out = malloc (MAX_COMMAND_OUTPUT + 1);
  if (out == NULL)
    guestfs_int_oom (g);

  pid = fork ();
  if (pid == -1) {
    perrorf (g, "fork");
    close (fd[0]);
    close (fd[1]);
    free (out);
    return -1;
  }
  if (pid == 0) {
    int nullfd = open ("/dev/null", O_RDONLY);

    if (nullfd >= 0)
      dup2 (nullfd, 0);
    dup2 (fd[1], 1);
    dup2 (fd[1], 2);
    execv (argv[0], argv);
    /* stderr is the pipe: this text becomes part of the error.  Only
     * async-signal-safe calls here: the parent may have threads.
     */
    if (write (2, argv[0], strlen (argv[0])) > 0 &&
        write (2, ": cannot execute\n", 17) > 0)
      _exit (127);
    _exit (127);
  }

  close (fd[1]);
  for (;;) {
    char buf[4096];
    ssize_t r = read (fd[0], buf, sizeof buf);

    if (r == -1 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    for (i = 0; i < (size_t) r && len < MAX_COMMAND_OUTPUT; ++i)
      out[len++] = buf[i];
  }
  close (fd[0]);
  out[len] = '\0';

  while (waitpid (pid, &status, 0) == -1) {
    if (errno != EINTR) {
      perrorf (g, "waitpid");
      free (out);
      return -1;
    }
  }

  if (g->verbose && len > 0)
    debug (g, "%s", out);
  /* Trailing newlines make error messages ugly. */
  while (len > 0 && out[len-1] == '\n')
    out[--len] = '\0';
  if (output_r)
    *output_r = out;
  else
    free (out);
  return status;
}
