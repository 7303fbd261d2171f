/* careen - offline disk-image toolkit */

/**
 * getcon and setcon: the daemon's own SELinux context, read and
 * written through /proc/self/attr/current.  That file also answers for
 * other security modules (AppArmor), so SELinux itself must be running:
 * its filesystem, selinuxfs, is registered only then.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"

/* Longest context read (the kernel gives at most a page). */
#define CONTEXT_MAX 4096

#define ATTR_CURRENT "/proc/self/attr/current"

/* 0 if SELinux runs in the appliance kernel, else -1 after replying
 * ENOTSUP.
 */
static int
require_selinux (void)
{
  int r = do_filesystem_available ("selinuxfs");

  if (r == -1)
    return -1;
  if (r == 0) {
    reply_with_error_errno (ENOTSUP, "SELinux is not enabled in the "
                            "appliance kernel");
    return -1;
  }
  return 0;
}

char *
do_getcon (void)
{
  CLEANUP_CLOSE int fd = -1;
  char *buf;
  ssize_t n;

  if (require_selinux () == -1)
    return NULL;
  fd = open (ATTR_CURRENT, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    reply_with_perror (ATTR_CURRENT);
    return NULL;
  }
  buf = malloc (CONTEXT_MAX + 1);
  if (buf == NULL) {
    reply_with_perror ("malloc");
    return NULL;
  }
  n = read (fd, buf, CONTEXT_MAX);
  if (n == -1) {
    reply_with_perror (ATTR_CURRENT);
    free (buf);
    return NULL;
  }
  /* The kernel may end the context with a NUL or a newline. */
  buf[n] = '\0';
  buf[strcspn (buf, "\n")] = '\0';
  return buf;
}

int
do_setcon (const char *context)
{
  CLEANUP_CLOSE int fd = -1;
  size_t len = strlen (context);

  if (require_selinux () == -1)
    return -1;
  if (len == 0) {
    reply_with_error_errno (EINVAL, "the context is empty");
    return -1;
  }
  fd = open (ATTR_CURRENT, O_WRONLY | O_CLOEXEC);
  if (fd == -1) {
    reply_with_perror (ATTR_CURRENT);
    return -1;
  }
  if (write (fd, context, len) != (ssize_t) len) {
    reply_with_perror ("setting the context to '%s'", context);
    return -1;
  }
  return 0;
}
