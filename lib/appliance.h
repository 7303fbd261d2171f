/* careen - offline disk-image toolkit
 * The appliance: the kernel, initrd and root image qemu boots (see
 * appliance.c and appliance/make-appliance).
 */

#ifndef CAREEN_APPLIANCE_H
#define CAREEN_APPLIANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "guestfs.h"

struct appliance {
  char *kernel;         /* vmlinux (PVH-bootable ELF) or bzImage */
  bool kernel_is_pvh;   /* true when kernel is the extracted vmlinux */
  char *initrd;         /* small cpio: init + early modules */
  char *root;           /* read-only root filesystem image (raw) */
  bool fixed;           /* a fixed appliance, used as it is */
};

/* appliance.c */

/* Finds the appliance along g's path: a fixed appliance is used as
 * is; otherwise careen's appliance inputs are built into the user's
 * cache (or the cached build is reused).  Safe when several processes
 * run it at once: builds are serialised by a lock and published by
 * rename.  Fills *ap (strings newly allocated; free them with
 * guestfs_int_free_appliance) and returns 0, or reports the error on g
 * and returns -1 with *ap zeroed.
 */
extern int guestfs_int_prepare_appliance (guestfs_h *g, struct appliance *ap);

/* "DIR/NAME", newly allocated (out of memory is fatal). */
extern char *guestfs_int_path_join (guestfs_h *g, const char *dir,
                                    const char *name);

/* FNV-1a, 64 bits, for cache keys (not for security). */
extern uint64_t guestfs_int_fnv1a (uint64_t h, const void *data, size_t len);
/* Mixes the identity (stat data) of PATH, or its absence, into *h. */
extern void guestfs_int_hash_stat (uint64_t *h, const char *path);

/* Frees the strings of *ap and zeroes it.  Safe on a zeroed struct. */
extern void guestfs_int_free_appliance (struct appliance *ap);

#endif /* CAREEN_APPLIANCE_H */
