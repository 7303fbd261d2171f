/* careen - offline disk-image toolkit
 * The Windows converter gives the NTFS boot partition of Windows 2000,
 * XP and Server 2003 the number of heads of its new disk.  Their boot
 * code reads the disk through the BIOS in cylinder/head/sector terms,
 * using the heads count that the BIOS parameter block of the boot
 * sector recorded when the filesystem was made; on a disk whose BIOS
 * geometry differs it reads the wrong sectors and stops with "A disk
 * read error occurred".  Windows Vista and later ignore the field.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "convert-windows.h"

/* Where the boot sector keeps its OEM id ("NTFS    " for NTFS) and the
 * heads count (16 bits, little-endian).
 */
#define NTFS_OEM_ID_OFFSET 3
#define NTFS_OEM_ID "NTFS    "
#define NTFS_HEADS_OFFSET 0x1a

/* The heads count an XP guest on KVM needs for a disk of SIZE bytes:
 * it follows the disk's size only, not what the old disk's partition
 * table says.
 */
static unsigned
bios_heads (int64_t size)
{
  if (size < INT64_C (2114445312))
    return 0x40;
  if (size < INT64_C (4228374780))
    return 0x80;
  return 0xff;
}

int
winconv_fix_ntfs_heads (const struct winconv *w)
{
  CLEANUP_FREE char *oem = NULL, *heads = NULL, *disk = NULL;
  const char *part = w->i->root;
  guestfs_h *g = w->g;
  size_t len = 0;
  int64_t size;
  unsigned want;
  char le[2];
  int whole;

  if (w->i->major >= 6)
    return 0;
  /* A filesystem on the whole disk has no BIOS boot path to fix. */
  whole = guestfs_is_whole_device (g, part);
  if (whole == -1) {
    v2v_error ("%s: %s", part, guestfs_last_error (g));
    return -1;
  }
  if (whole)
    return 0;
  oem = guestfs_pread_device (g, part, strlen (NTFS_OEM_ID),
                              NTFS_OEM_ID_OFFSET, &len);
  if (oem == NULL) {
    v2v_error ("cannot read the boot sector of %s: %s", part,
               guestfs_last_error (g));
    return -1;
  }
  /* Only an NTFS boot sector has the field where we write. */
  if (len != strlen (NTFS_OEM_ID) || memcmp (oem, NTFS_OEM_ID, len) != 0)
    return 0;
  disk = guestfs_part_to_dev (g, part);
  size = disk ? guestfs_blockdev_getsize64 (g, disk) : -1;
  if (size == -1) {
    v2v_error ("cannot find the size of the disk of %s: %s", part,
               guestfs_last_error (g));
    return -1;
  }
  want = bios_heads (size);
  heads = guestfs_pread_device (g, part, 2, NTFS_HEADS_OFFSET, &len);
  if (heads == NULL || len != 2) {
    v2v_error ("cannot read the boot sector of %s: %s", part,
               heads ? "short read" : guestfs_last_error (g));
    return -1;
  }
  le[0] = (char) want;
  le[1] = 0;
  if (memcmp (heads, le, 2) == 0)
    return 0;
  if (guestfs_pwrite_device (g, part, le, 2, NTFS_HEADS_OFFSET) != 2) {
    v2v_error ("cannot write the heads count into the boot sector of %s: %s",
               part, guestfs_last_error (g));
    return -1;
  }
  return 0;
}
