/** careen - offline disk-image toolkit
 *
 * Disk image formats on the library side: the list of formats careen
 * passes to qemu, the handle's entry to the image-header reader
 * (image-header.c), and the format probe for images added without a
 * format.
 *
 * Probing is a security decision, not a convenience: a guest that can
 * write its own disk can make a raw image look like a qcow2 whose
 * backing file is any file of the host (CVE-2010-3851).  So a probed
 * format is only accepted when it cannot make qemu open another file;
 * otherwise the user has to say the format explicitly.
 */

#include <config.h>

#include <errno.h>
#include <string.h>

#include "guestfs-internal.h"
#include "image-header.h"

static const char *const known_formats[] = {
  "raw", "qcow2", "vmdk", "vdi", "vpc", "vhdx", "qed", "luks",
  "parallels", "bochs", "cloop", "dmg",
  NULL
};

bool
guestfs_int_is_known_format (const char *format)
{
  size_t i;

  for (i = 0; known_formats[i] != NULL; ++i)
    if (strcmp (known_formats[i], format) == 0)
      return true;
  return false;
}

int
guestfs_int_read_image_header (guestfs_h *g, const char *filename,
                               const char *format, struct image_header *hdr)
{
  struct image_header_error err;

  if (image_header_read_file (filename, format, hdr, &err) == 0)
    return 0;
  if (err.syscall) {
    errno = err.errnum;
    perrorf (g, "%s: %s", err.msg, filename);
  }
  else
    guestfs_int_error_errno (g, err.errnum, "%s: %s", filename, err.msg);
  return -1;
}

/* Refusal of a probed format that may point at other host files. */
static int
refuse_probed (guestfs_h *g, const char *filename, const char *format,
               const char *why)
{
  guestfs_int_error_errno (g, EINVAL,
                           "%s: the image looks like %s %s; for safety "
                           "careen does not open such an image from a "
                           "probed format: if you trust it, add it with "
                           "the format given explicitly (format:%s, or "
                           "--format=%s)",
                           filename, format, why, format, format);
  return -1;
}

int
guestfs_int_probe_format (guestfs_h *g, const char *filename,
                          const char **format_r)
{
  struct image_header hdr;

  if (guestfs_int_read_image_header (g, filename, NULL, &hdr) == -1)
    return -1;

  if (hdr.names_other_files)
    return refuse_probed (g, filename, hdr.format,
                          "descriptor naming other files");
  /* qemu's vpc driver never opens the parent of a differencing VHD,
   * so only the formats whose backing file qemu follows are refused.
   */
  if (hdr.has_backing_file && strcmp (hdr.format, "vmdk") == 0)
    return refuse_probed (g, filename, hdr.format, "with a parent image");
  if (hdr.has_backing_file && strcmp (hdr.format, "vpc") != 0)
    return refuse_probed (g, filename, hdr.format, "with a backing file");

  /* A LUKS-formatted disk is raw for qemu: it is opened inside the
   * appliance.
   */
  *format_r = hdr.format;
  debug (g, "probe: %s: format %s", filename, *format_r);
  return 0;
}
