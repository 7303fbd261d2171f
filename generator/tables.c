/* careen - offline disk-image toolkit
 * The list of daemon call tables.  Each area of the API keeps its calls
 * in its own actions-AREA.c; procedure numbers are unique across all of
 * them (the generator checks).
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

const struct api_action *const library_action_tables[] = {
  library_actions,
  library_actions_settings,
  library_actions_read,
  library_actions_libvirt,
  library_actions_fuse,
  NULL
};

const struct api_action *const daemon_action_tables[] = {
  daemon_actions,
  daemon_actions_files,
  daemon_actions_dirs,
  daemon_actions_streams,
  daemon_actions_fs,
  daemon_actions_part,
  daemon_actions_lvm,
  daemon_actions_misc,
  daemon_actions_inspect,
  daemon_actions_augeas,
  daemon_actions_hivex,
  daemon_actions_btrfs,
  daemon_actions_sysprep,
  daemon_actions_sparsify,
  daemon_actions_forensics,
  daemon_actions_boot,
  NULL
};
