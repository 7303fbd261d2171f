/* careen - offline disk-image toolkit
 * API table: daemon calls of the "sysprep" area (procedures 1070-1099):
 * what virt-sysprep needs beyond the file calls (new LVM identities).
 * See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

/* Shared POD sentence. */
#define NEW_UUID_NOTE \
  "Clones of one image share its LVM UUIDs, which confuses LVM when " \
  "two of them meet on one host: this is how virt-sysprep tells them " \
  "apart.  A volume group must be inactive (C<guestfs_vg_activate>) " \
  "for its UUID to change.\n"

const struct api_action daemon_actions_sysprep[] = {
  {
    .name = "pvchange_uuid",
    .proc_nr = 1070,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "give an LVM physical volume a new random UUID",
    .longdesc =
    "Replace the UUID of the physical volume on C<device> with a new "
    "random one.  " NEW_UUID_NOTE,
  },
  {
    .name = "pvchange_uuid_all",
    .proc_nr = 1071,
    .ret = RET_ERR,
    .shortdesc = "give every LVM physical volume a new random UUID",
    .longdesc =
    "Replace the UUID of every physical volume with a new random one.  "
    NEW_UUID_NOTE,
  },
  {
    .name = "vgchange_uuid",
    .proc_nr = 1072,
    .ret = RET_ERR,
    .args = { { ARG_STRING, "vg" } },
    .shortdesc = "give an LVM volume group a new random UUID",
    .longdesc =
    "Replace the UUID of the volume group C<vg> with a new random one.  "
    NEW_UUID_NOTE,
  },
  {
    .name = "vgchange_uuid_all",
    .proc_nr = 1073,
    .ret = RET_ERR,
    .shortdesc = "give every LVM volume group a new random UUID",
    .longdesc =
    "Replace the UUID of every volume group with a new random one.  "
    NEW_UUID_NOTE,
  },
  { .name = NULL }
};
