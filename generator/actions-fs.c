/* careen - offline disk-image toolkit
 * API table: daemon calls of the "fs" area.  See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

const struct api_action daemon_actions_fs[] = {
  { .name = NULL }
};
