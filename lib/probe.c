/** careen - offline disk-image toolkit
 *
 * Disk image formats: the list of formats careen passes to qemu, a
 * probe for images added without a format, and a minimal check of
 * qcow2 headers.
 *
 * Probing is a security decision, not a convenience: a guest that can
 * write its own disk can make a raw image look like a qcow2 whose
 * backing file is any file of the host (CVE-2010-3851).  So a probed
 * format is only accepted when it cannot name another file; otherwise
 * the user has to say the format explicitly.  The header bytes read
 * here are hostile: every offset is checked against the file size.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <linux/fs.h>
#include <unistd.h>
#include <endian.h>

#include "guestfs-internal.h"
#include "image-bytes.h"

/* Bytes read from the start of an image: every magic and header field
 * we look at is in this prefix (the largest, qcow2 v3's, is 104 bytes;
 * vdi's signature is at 0x40).
 */
#define PROBE_SIZE 512

/* qcow2 cluster_bits accepted, as qemu does (512 B to 2 MiB). */
#define QCOW2_MIN_CLUSTER_BITS 9
#define QCOW2_MAX_CLUSTER_BITS 21
/* Fixed header sizes of qcow2 versions 2 and 3. */
#define QCOW2_V2_HEADER_SIZE 72
#define QCOW2_V3_HEADER_SIZE 104

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

/* Reads the first bytes of the image (zero-filled past the end) and its
 * size.  Reports errors.
 */
static int
read_prefix (guestfs_h *g, const char *filename,
             unsigned char buf[PROBE_SIZE], uint64_t *size_r)
{
  CLEANUP_CLOSE int fd = -1;
  struct stat st;
  ssize_t r;
  size_t got = 0;

  /* Non-blocking, so that a FIFO given as a drive cannot hang us
   * before it is refused below.
   */
  fd = open (filename, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd == -1) {
    perrorf (g, "open: %s", filename);
    return -1;
  }
  if (fstat (fd, &st) == -1) {
    perrorf (g, "stat: %s", filename);
    return -1;
  }
  if (!S_ISREG (st.st_mode) && !S_ISBLK (st.st_mode)) {
    guestfs_int_error_errno (g, EINVAL, "%s: not a regular file or a block device",
                             filename);
    return -1;
  }
  if (S_ISBLK (st.st_mode)) {
    uint64_t sz;

    if (ioctl (fd, BLKGETSIZE64, &sz) == -1) {
      perrorf (g, "ioctl: BLKGETSIZE64: %s", filename);
      return -1;
    }
    *size_r = sz;
  }
  else
    *size_r = (uint64_t) st.st_size;

  memset (buf, 0, PROBE_SIZE);
  while (got < PROBE_SIZE) {
    r = pread (fd, buf + got, PROBE_SIZE - got, (off_t) got);
    if (r == -1) {
      if (errno == EINTR)
        continue;
      perrorf (g, "read: %s", filename);
      return -1;
    }
    if (r == 0)
      break;
    got += (size_t) r;
  }
  return 0;
}

/* Checks that [offset, offset+len) lies within size, without
 * overflowing.
 */
static bool
within (uint64_t offset, uint64_t len, uint64_t size)
{
  uint64_t end;

  if (__builtin_add_overflow (offset, len, &end))
    return false;
  return end <= size;
}

static int
check_qcow2_header (guestfs_h *g, const char *filename,
                    const unsigned char *h, uint64_t size,
                    uint64_t *backing_offset_r)
{
  uint32_t version, cluster_bits, l1_size, refcount_clusters;
  uint64_t header_len, l1_offset, refcount_offset, cluster_size;

  if (size < QCOW2_V2_HEADER_SIZE || memcmp (h, "QFI\xfb", 4) != 0) {
    guestfs_int_error_errno (g, EINVAL,
                             "%s: not a qcow2 image (too short or bad "
                             "magic)", filename);
    return -1;
  }
  version = image_be32 (h + 4);
  if (version != 2 && version != 3) {
    guestfs_int_error_errno (g, ENOTSUP,
                             "%s: qcow2 version %" PRIu32 " is not "
                             "supported (only 2 and 3)", filename, version);
    return -1;
  }
  cluster_bits = image_be32 (h + 20);
  if (cluster_bits < QCOW2_MIN_CLUSTER_BITS ||
      cluster_bits > QCOW2_MAX_CLUSTER_BITS) {
    guestfs_int_error_errno (g, EINVAL,
                             "%s: corrupt qcow2 header: cluster_bits %"
                             PRIu32 " out of range", filename, cluster_bits);
    return -1;
  }
  cluster_size = UINT64_C(1) << cluster_bits;

  header_len = QCOW2_V2_HEADER_SIZE;
  if (version == 3) {
    header_len = image_be32 (h + 100);
    if (header_len < QCOW2_V3_HEADER_SIZE || header_len > cluster_size) {
      guestfs_int_error_errno (g, EINVAL,
                               "%s: corrupt qcow2 header: header length %"
                               PRIu64 " invalid", filename, header_len);
      return -1;
    }
  }

  l1_size = image_be32 (h + 36);
  l1_offset = image_be64 (h + 40);
  refcount_offset = image_be64 (h + 48);
  refcount_clusters = image_be32 (h + 56);

  /* A truncated file (a partial copy, a download cut short) shows as
   * tables pointing past the end: say so now rather than let the guest
   * see I/O errors later.
   */
  if (!within (0, header_len, size) ||
      !within (l1_offset, (uint64_t) l1_size * 8, size) ||
      !within (refcount_offset,
               (uint64_t) refcount_clusters << cluster_bits, size)) {
    guestfs_int_error_errno (g, EINVAL,
                             "%s: qcow2 image is truncated or corrupt "
                             "(its tables lie beyond the end of the file, "
                             "size %" PRIu64 ")", filename, size);
    return -1;
  }

  *backing_offset_r = image_be64 (h + 8);
  return 0;
}

int
guestfs_int_check_qcow2 (guestfs_h *g, const char *filename)
{
  unsigned char buf[PROBE_SIZE];
  uint64_t size, backing;

  if (read_prefix (g, filename, buf, &size) == -1)
    return -1;
  return check_qcow2_header (g, filename, buf, size, &backing);
}

/* Largest embedded vmdk descriptor examined (they are a few hundred
 * bytes; qemu's own limit is similar).
 */
#define VMDK_MAX_DESCRIPTOR (64 * 1024)

/* A sparse vmdk embeds a text descriptor which may name a parent image
 * ("parentFileNameHint"): qemu would open that host file.  Returns 1
 * if it does, 0 if not, -1 after reporting.
 */
static int
vmdk_has_parent (guestfs_h *g, const char *filename,
                 const unsigned char *h, uint64_t size)
{
  CLEANUP_CLOSE int fd = -1;
  CLEANUP_FREE char *desc = NULL;
  uint64_t offset = image_le64 (h + 28), len = image_le64 (h + 36);
  ssize_t r;

  if (offset == 0 || len == 0)
    return 0;
  if (offset > UINT64_MAX / 512 || len > VMDK_MAX_DESCRIPTOR / 512 ||
      !within (offset * 512, len * 512, size)) {
    guestfs_int_error_errno (g, EINVAL,
                             "%s: corrupt vmdk header (descriptor out of "
                             "bounds)", filename);
    return -1;
  }
  fd = open (filename, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    perrorf (g, "open: %s", filename);
    return -1;
  }
  desc = calloc (1, len * 512 + 1);
  if (desc == NULL)
    guestfs_int_oom (g);
  r = pread (fd, desc, len * 512, (off_t) (offset * 512));
  if (r == -1) {
    perrorf (g, "read: %s", filename);
    return -1;
  }
  desc[r] = '\0';
  return strstr (desc, "parentFileNameHint") != NULL;
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
  unsigned char buf[PROBE_SIZE];
  uint64_t size;

  if (read_prefix (g, filename, buf, &size) == -1)
    return -1;

  if (memcmp (buf, "QFI\xfb", 4) == 0) {
    uint64_t backing;

    if (check_qcow2_header (g, filename, buf, size, &backing) == -1)
      return -1;
    if (backing != 0)
      return refuse_probed (g, filename, "qcow2", "with a backing file");
    *format_r = "qcow2";
  }
  else if (memcmp (buf, "QED\0", 4) == 0) {
    /* QED feature bit 0: the image has a backing file. */
    if (image_le64 (buf + 16) & 1)
      return refuse_probed (g, filename, "qed", "with a backing file");
    *format_r = "qed";
  }
  else if (memcmp (buf, "KDMV", 4) == 0) {
    int r = vmdk_has_parent (g, filename, buf, size);

    if (r == -1)
      return -1;
    if (r == 1)
      return refuse_probed (g, filename, "vmdk", "with a parent image");
    *format_r = "vmdk";
  }
  else if (memcmp (buf, "# Disk DescriptorFile", 21) == 0)
    /* A text descriptor lists extent files by name. */
    return refuse_probed (g, filename, "vmdk", "descriptor naming "
                          "other files");
  else if (image_le32 (buf + 0x40) == 0xbeda107f)
    *format_r = "vdi";
  else if (memcmp (buf, "vhdxfile", 8) == 0)
    *format_r = "vhdx";
  else if (memcmp (buf, "conectix", 8) == 0)
    *format_r = "vpc";
  else
    /* Everything else, including LUKS: a LUKS-formatted disk is opened
     * inside the appliance, so for qemu it is raw.
     */
    *format_r = "raw";

  debug (g, "probe: %s: format %s", filename, *format_r);
  return 0;
}
