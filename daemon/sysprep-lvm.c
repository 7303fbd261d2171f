/* careen - offline disk-image toolkit */

/**
 * New random UUIDs for LVM physical volumes and volume groups, so that
 * clones of one image can meet on one host (virt-sysprep's lvm-uuids).
 * lvm(8) generates the UUIDs; the volume group has to be inactive,
 * which the caller arranges (vg_activate).
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* Runs "lvm ARGS..." and replies with lvm's error on failure. */
static int
run_lvm (const char *const *args)
{
  CLEANUP_FREE char *err = NULL;

  if (lvm_command (NULL, &err, args) == -1)
    return command_error ("lvm", err);
  return 0;
}

int
do_pvchange_uuid (const char *device)
{
  const char *args[] = { "pvchange", "--uuid", device, NULL };

  return run_lvm (args);
}

int
do_pvchange_uuid_all (void)
{
  const char *args[] = { "pvchange", "--uuid", "--all", NULL };

  return run_lvm (args);
}

int
do_vgchange_uuid (const char *vg)
{
  const char *args[] = { "vgchange", "--uuid", vg, NULL };
  size_t i;

  /* A plain LVM name: never an option nor a path to lvm. */
  if (vg[0] == '\0' || vg[0] == '-') {
    reply_with_error_errno (EINVAL, "invalid volume group name: '%s'", vg);
    return -1;
  }
  for (i = 0; vg[i]; ++i) {
    if (!isalnum ((unsigned char) vg[i]) && strchr ("+_.-", vg[i]) == NULL) {
      reply_with_error_errno (EINVAL, "invalid volume group name: '%s'", vg);
      return -1;
    }
  }
  return run_lvm (args);
}

int
do_vgchange_uuid_all (void)
{
  const char *args[] = { "vgchange", "--uuid", NULL };

  return run_lvm (args);
}
