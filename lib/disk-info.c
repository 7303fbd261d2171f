/** careen - offline disk-image toolkit
 *
 * disk_format, disk_virtual_size and disk_has_backing_file: facts about
 * a disk image on the host, found without the appliance.
 *
 * The image is hostile: a guest that wrote its own disk chose every
 * byte of it.  So qemu-img is never asked to probe a file: the header
 * is read by careen's one header reader (image-header.c), which
 * recognises the format by its magic and checks every field it
 * decodes.  Only VHDX, whose size lives in a metadata region that the
 * reader does not decode, is handed to qemu-img, with the format given
 * explicitly so that qemu-img does not guess either.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "guestfs-internal.h"
#include "image-header.h"

/* Most bytes of qemu-img's JSON output kept (a few hundred normally). */
#define INFO_MAX_QEMU_IMG_OUTPUT (64 * 1024)

/* Fills in what the header reader leaves undecoded (hdr->format
 * known, no virtual size): qemu-img info with the format given, so
 * qemu-img opens the file as exactly that and nothing else.
 */
static int
info_qemu_img (guestfs_h *g, const char *filename, struct image_header *hdr)
{
  CLEANUP_FREE char *output = NULL;
  CLEANUP_FREE char *path = NULL;
  const char *p;
  char *argv[8];
  unsigned long long n;
  char *end;
  int status;

  /* "proto:rest" would be read as a protocol: make the name a path. */
  if (filename[0] != '/' && asprintf (&path, "./%s", filename) == -1)
    guestfs_int_oom (g);
  argv[0] = (char *) QEMU_IMG;
  argv[1] = (char *) "info";
  argv[2] = (char *) "-U";
  argv[3] = (char *) "--output=json";
  argv[4] = (char *) "-f";
  argv[5] = (char *) hdr->format;
  argv[6] = path ? path : (char *) filename;
  argv[7] = NULL;
  status = guestfs_int_run_command (g, argv, &output);
  if (status == -1)
    return -1;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0) {
    guestfs_int_error_errno (g, EIO, "qemu-img info: %s: %s", filename,
                             output && *output ? output : "failed");
    return -1;
  }
  if (strlen (output) > INFO_MAX_QEMU_IMG_OUTPUT)
    output[INFO_MAX_QEMU_IMG_OUTPUT] = '\0';
  /* Top-level keys are indented by four spaces at the start of a line;
   * the same text inside a string value would have escaped quotes.
   */
  p = strstr (output, "\n    \"virtual-size\": ");
  if (p == NULL) {
    guestfs_int_error_errno (g, EPROTO, "qemu-img info: %s: no virtual size "
                             "in its output", filename);
    return -1;
  }
  p += strlen ("\n    \"virtual-size\": ");
  errno = 0;
  n = strtoull (p, &end, 10);
  if (end == p || errno != 0 || n > INT64_MAX) {
    guestfs_int_error_errno (g, EPROTO, "qemu-img info: %s: invalid virtual "
                             "size in its output", filename);
    return -1;
  }
  hdr->has_virtual_size = true;
  hdr->virtual_size = n;
  hdr->has_backing_file =
    strstr (output, "\n    \"backing-filename\": ") != NULL;
  return 0;
}

/* Everything about the image.  Reports errors on g. */
static int
get_disk_info (guestfs_h *g, const char *filename, struct image_header *hdr)
{
  if (guestfs_int_read_image_header (g, filename, NULL, hdr) == -1)
    return -1;
  if (!hdr->has_virtual_size)
    return info_qemu_img (g, filename, hdr);
  return 0;
}

char *
guestfs_impl_disk_format (guestfs_h *g, const char *filename)
{
  struct image_header hdr;
  char *ret;

  if (get_disk_info (g, filename, &hdr) == -1)
    return NULL;
  ret = strdup (hdr.format);
  if (ret == NULL)
    guestfs_int_oom (g);
  return ret;
}

/* The header reader keeps sizes within INT64_MAX. */
int64_t
guestfs_impl_disk_virtual_size (guestfs_h *g, const char *filename)
{
  struct image_header hdr;

  if (get_disk_info (g, filename, &hdr) == -1)
    return -1;
  return (int64_t) hdr.virtual_size;
}

int
guestfs_impl_disk_has_backing_file (guestfs_h *g, const char *filename)
{
  struct image_header hdr;

  if (get_disk_info (g, filename, &hdr) == -1)
    return -1;
  return hdr.has_backing_file;
}
