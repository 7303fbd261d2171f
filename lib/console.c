/** careen - offline disk-image toolkit
 *
 * console: the appliance's serial console handed to a program that
 * talks to it, as virt-rescue does with the shell the appliance runs
 * there in rescue mode.
 *
 * A normal launch gives qemu /dev/null as its input and a pipe as its
 * output: the console is only a log.  When the kernel command line
 * (guestfs_set_append) asks for rescue mode, launch gives qemu both
 * ends of one socket instead, so the console can also be written.
 * The library keeps reading the console during its own calls, as in
 * any launch; the appliance's rescue shell waits for a first line of
 * input before it prints anything, so nothing the user must see is
 * read before the program takes over.
 */

#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

#include "guestfs-internal.h"

/* The kernel option that makes the appliance's init start the rescue
 * shell on its console.
 */
#define RESCUE_OPTION "careen.rescue=1"

bool
guestfs_int_rescue_requested (guestfs_h *g)
{
  const char *p = g->append;
  size_t n = strlen (RESCUE_OPTION);

  /* Whole words only: "xcareen.rescue=10" is something else. */
  while (p != NULL && (p = strstr (p, RESCUE_OPTION)) != NULL) {
    if ((p == g->append || p[-1] == ' ' || p[-1] == '\t') &&
        (p[n] == '\0' || p[n] == ' ' || p[n] == '\t'))
      return true;
    p += n;
  }
  return false;
}

int
guestfs_impl_internal_get_console_socket (guestfs_h *g)
{
  struct conn *c = &g->conn;
  struct stat st;

  if (g->state != READY) {
    guestfs_int_error_errno (g, EINVAL,
                             "get console socket: the appliance is not "
                             "running: call guestfs_launch first");
    return -1;
  }
  if (c->console.fd == -1) {
    guestfs_int_error_errno (g, EPIPE,
                             "get console socket: the appliance closed its "
                             "console");
    return -1;
  }
  if (fstat (c->console.fd, &st) == -1) {
    perrorf (g, "get console socket: fstat");
    return -1;
  }
  if (!S_ISSOCK (st.st_mode)) {
    guestfs_int_error_errno (g, ENOTSUP,
                             "get console socket: the console is read-only "
                             "because the handle was not launched in rescue "
                             "mode (append %s before launch)",
                             RESCUE_OPTION);
    return -1;
  }
  /* What the console said so far belongs to the boot log. */
  guestfs_int_drain_log (g, &c->console);
  if (c->console.fd == -1) {
    guestfs_int_error_errno (g, EPIPE,
                             "get console socket: the appliance closed its "
                             "console");
    return -1;
  }
  return c->console.fd;
}
