/* careen - offline disk-image toolkit
 * API table: daemon calls of the "resize" area (procedures 1050-1069):
 * what virt-resize needs beyond the partition and filesystem calls.
 * See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

const struct api_action daemon_actions_resize[] = {
  { .name = NULL }
};
