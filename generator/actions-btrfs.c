/* careen - offline disk-image toolkit
 * API table: daemon calls of the "btrfs" area (procedures 1000-1049):
 * btrfs subvolumes, snapshots, devices and balance.
 * See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

const struct api_action daemon_actions_btrfs[] = {
  { .name = NULL }
};
