/** careen - offline disk-image toolkit
 *
 * libFuzzer harness for the library's one reader of disk-image headers
 * (lib/image-header.c: qcow2, QED, VMDK sparse extents and descriptor
 * files, VDI, VPC, VHDX, raw), the names it decodes (backing files,
 * data files, VMDK extents) and its two users: the format probe of
 * add_drive (lib/probe.c) and disk_format, disk_virtual_size and
 * disk_has_backing_file (lib/disk-info.c).  They run on the host, on
 * the bytes of an image the user did not make.
 *
 * The input is the image.  It is decoded straight from memory, with
 * its format recognised and then as each format a user could give (so
 * every decoder also sees the other formats' bytes), and the result is
 * checked for the reader's promises.  Then it is held in a memfd named
 * by its /proc/self/fd path, for the probe and the disk-info calls,
 * which must agree with the decode from memory.  VHDX images are handed
 * to qemu-img by disk-info.c, which is not ours to fuzz (and too slow
 * per input), so for those only the probe runs.
 */

#include <config.h>

#define _GNU_SOURCE 1

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guestfs.h"
#include "guestfs-internal.h"
#include "image-header.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guestfs_h *g;

struct input {
  const uint8_t *data;
  size_t size;
};

static int
read_input (void *opaque, void *buf, size_t len, uint64_t offset)
{
  const struct input *in = opaque;

  /* The reader promises to stay within the image. */
  if (offset > in->size || len > in->size - offset)
    abort ();
  memcpy (buf, in->data + offset, len);
  return 0;
}

/* Decodes the input as format (NULL: recognised); checks what a
 * successful decode promises.  Returns the decode's result.
 */
static int
decode (const struct input *in, const char *format, struct image_header *hdr)
{
  struct image_source src = {
    .size = in->size, .read = read_input, .opaque = (void *) in
  };
  struct image_header_error err;

  if (image_header_decode (&src, format, hdr, &err) == -1) {
    if (err.errnum == 0 || memchr (err.msg, '\0', sizeof err.msg) == NULL)
      abort ();
    return -1;
  }
  if (hdr->format == NULL || (format && strcmp (format, hdr->format) != 0) ||
      (hdr->has_virtual_size && hdr->virtual_size > INT64_MAX) ||
      (!hdr->has_virtual_size && strcmp (hdr->format, "vhdx") != 0))
    abort ();
  return 0;
}

/* What image_header_names promises of each name it passes on. */
static int
check_name (void *opaque, enum image_name_kind kind, const char *name,
            const char *format)
{
  size_t n = strlen (name);

  if (n == 0 || n > IMAGE_NAME_MAX ||
      (format && strlen (format) > IMAGE_NAME_MAX) ||
      (kind != IMAGE_NAME_BACKING && format != NULL))
    abort ();
  return 0;
}

/* The names the input makes qemu open, as each format that has any. */
static void
names (const struct input *in)
{
  static const char *const formats[] = { "qcow2", "qed", "vmdk" };
  struct image_source src = {
    .size = in->size, .read = read_input, .opaque = (void *) in
  };
  struct image_header_error err;
  size_t i;

  for (i = 0; i < sizeof formats / sizeof formats[0]; ++i)
    if (image_header_names (&src, formats[i], check_name, NULL,
                            &err) == -1 &&
        (err.errnum == 0 || memchr (err.msg, '\0', sizeof err.msg) == NULL))
      abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char *const formats[] = {
    "qcow2", "qed", "vmdk", "vdi", "vhdx", "vpc", "raw", "luks",
  };
  struct input in = { .data = data, .size = size };
  struct image_header hdr, as;
  char path[64];
  const char *format;
  int fd, r;
  size_t i;

  if (g == NULL) {
    g = guestfs_create ();
    if (g == NULL)
      abort ();
    guestfs_set_error_handler (g, NULL, NULL);
  }

  r = decode (&in, NULL, &hdr);
  for (i = 0; i < sizeof formats / sizeof formats[0]; ++i)
    (void) decode (&in, formats[i], &as);
  names (&in);

  fd = memfd_create ("image", MFD_CLOEXEC);
  if (fd == -1 || write (fd, data, size) != (ssize_t) size)
    abort ();
  snprintf (path, sizeof path, "/proc/self/fd/%d", fd);

  /* The probe accepts only what decodes, and as the same format. */
  if (guestfs_int_probe_format (g, path, &format) == 0 &&
      (r == -1 || strcmp (format, hdr.format) != 0))
    abort ();
  if (r == -1 || strcmp (hdr.format, "vhdx") != 0) {
    char *s = guestfs_disk_format (g, path);
    int64_t vsize = guestfs_disk_virtual_size (g, path);
    int backing = guestfs_disk_has_backing_file (g, path);

    if ((s != NULL) != (r == 0) || (s && strcmp (s, hdr.format) != 0) ||
        (r == 0 && (vsize != (int64_t) hdr.virtual_size ||
                    backing != hdr.has_backing_file)) ||
        (r == -1 && (vsize != -1 || backing != -1)))
      abort ();
    free (s);
  }
  close (fd);
  return 0;
}
