/* careen - offline disk-image toolkit
 * API table: daemon calls of the "sparsify" area (procedures 1130-1149):
 * what virt-sparsify needs beyond zero_free_space and fstrim.
 * See generator/README.
 */

#include <config.h>

#include <stddef.h>

#include "api.h"

const struct api_action daemon_actions_sparsify[] = {
  {
    .name = "blkdiscard",
    .proc_nr = 1130,
    .ret = RET_ERR,
    .args = { { ARG_DEVICE, "device" } },
    .flags = AF_PROGRESS,
    .shortdesc = "discard all blocks on a device",
    .longdesc =
    "Tell the device under C<device> that none of its blocks hold data "
    "any more (discard, also called trim or unmap), so that a thin disk "
    "image can hand the space back to the host.  Everything on "
    "C<device> is lost.\n"
    "\n"
    "The drive must have been added with discard enabled (see the "
    "C<discard> argument of C<guestfs_add_drive_opts>), and qemu, the "
    "image format and the host filesystem must all support it.  When the "
    "kernel knows that the device cannot discard, the call fails with "
    "C<ENOTSUP>; when qemu was not told to pass discards on, it accepts "
    "them and does nothing, so the call succeeds.  What the "
    "discarded blocks read as afterwards depends on all of these: see "
    "C<guestfs_blkdiscardzeroes>.  A device that is mounted is refused "
    "(C<EBUSY>).\n",
  },
  {
    .name = "blkdiscardzeroes",
    .proc_nr = 1131,
    .ret = RET_BOOL,
    .args = { { ARG_DEVICE, "device" } },
    .shortdesc = "whether discarded blocks of a device read as zeroes",
    .longdesc =
    "True when the kernel promises that blocks discarded with "
    "C<guestfs_blkdiscard> read back as zeroes.  Recent kernels never "
    "promise it, even when it happens to be so (a discarded cluster of "
    "a qcow2 image does read as zeroes): false means only that the "
    "contents are not guaranteed.\n",
  },
  { .name = NULL }
};
