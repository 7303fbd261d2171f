/* careen - offline disk-image toolkit
 * API table: daemon calls of the "sysprep" area (procedures 1070-1099):
 * what virt-sysprep needs beyond the file calls (LVM and filesystem identities).
 * See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

const struct api_action daemon_actions_sysprep[] = {
  { .name = NULL }
};
