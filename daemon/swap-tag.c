/* careen - offline disk-image toolkit */

/**
 * swapon_label, swapoff_label, swapon_uuid, swapoff_uuid: swap areas
 * named by their label or UUID (findfs.c finds the device, among the
 * swap areas only: a filesystem may have the same label).
 */

#include <config.h>

#include <sys/swap.h>

#include "daemon.h"
#include "findfs.h"

/* Swaps on (on true) or off the device with that tag; -1 after
 * replying.
 */
static int
swap_by_tag (const char *tag, const char *value, bool on)
{
  CLEANUP_FREE char *device = findfs_tag (tag, value, "swap");

  if (device == NULL)
    return -1;
  if ((on ? swapon (device, 0) : swapoff (device)) == -1) {
    reply_with_perror ("%s: %s (%s \"%s\")", on ? "swapon" : "swapoff",
                       device, tag, value);
    return -1;
  }
  return 0;
}

int
do_swapon_label (const char *label)
{
  return swap_by_tag ("LABEL", label, true);
}

int
do_swapoff_label (const char *label)
{
  return swap_by_tag ("LABEL", label, false);
}

int
do_swapon_uuid (const char *uuid)
{
  return swap_by_tag ("UUID", uuid, true);
}

int
do_swapoff_uuid (const char *uuid)
{
  return swap_by_tag ("UUID", uuid, false);
}
