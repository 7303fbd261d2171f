/* careen - offline disk-image toolkit */

/**
 * Whether the appliance has a network: init brings up eth0 only when
 * the library asked for one (set_network), so the calls that reach
 * other machines (rsync_in, rsync_out, package installs in the guest)
 * check here and fail clearly instead of waiting for a timeout.
 */

#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>

#include "daemon.h"

/* The interface init brings up when the library asks for a network. */
#define NETWORK_FLAGS_FILE "/sys/class/net/eth0/flags"
#define IFF_UP_BIT 0x1

bool
network_is_up (void)
{
  CLEANUP_FCLOSE FILE *fp = fopen (NETWORK_FLAGS_FILE, "re");
  unsigned long flags;

  /* The file holds the interface flags in hex ("0x1003"). */
  return fp != NULL && fscanf (fp, "%lx", &flags) == 1 &&
    (flags & IFF_UP_BIT) != 0;
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

