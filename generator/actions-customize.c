/* careen - offline disk-image toolkit
 * API table: daemon calls of the "customize" area (procedures 1100-1129):
 * what the customize operations need in the guest (passwords, timezones, first-boot scripts).
 * See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

const struct api_action daemon_actions_customize[] = {
  { .name = NULL }
};
