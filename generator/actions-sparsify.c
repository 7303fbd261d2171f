/* careen - offline disk-image toolkit
 * API table: daemon calls of the "sparsify" area (procedures 1130-1149):
 * what virt-sparsify needs beyond zero_free_space and fstrim.
 * See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

const struct api_action daemon_actions_sparsify[] = {
  { .name = NULL }
};
