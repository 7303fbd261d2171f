/* careen - offline disk-image toolkit */

/**
 * Whether the appliance has a network: init brings up eth0 only when
 * the library asked for one (set_network), so the calls that reach
 * other machines (rsync_in, rsync_out, package installs in the guest)
 * check here and fail clearly instead of waiting for a timeout.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "daemon.h"

/* The interface init brings up when the library asks for a network. */
#define NETWORK_FLAGS_FILE "/sys/class/net/eth0/flags"
#define IFF_UP_BIT 0x1

bool
network_is_up (void)
{
  char buf[32];
  ssize_t n;
  unsigned long flags;
  int fd;

  fd = open (NETWORK_FLAGS_FILE, O_RDONLY | O_CLOEXEC);
  if (fd == -1)
    return false;
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return false;
  buf[n] = '\0';
  flags = strtoul (buf, NULL, 16);
  return (flags & IFF_UP_BIT) != 0;
}

int
require_network (void)
{
  if (network_is_up ())
    return 0;
  reply_with_error_errno (ENETUNREACH, "the appliance has no network: "
                          "enable it before launch (set_network, "
                          "guestfish --network)");
  return -1;
}

