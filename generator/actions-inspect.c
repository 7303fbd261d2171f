/* careen - offline disk-image toolkit
 * API table: daemon calls of the "inspect" area.  See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

const struct api_action daemon_actions_inspect[] = {
  { .name = NULL }
};
