/* careen - offline disk-image toolkit
 * API table: daemon calls of the "hivex" area.  See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

const struct api_action daemon_actions_hivex[] = {
  { .name = NULL }
};
