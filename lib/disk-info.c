/** careen - offline disk-image toolkit
 *
 * disk_format, disk_virtual_size and disk_has_backing_file: facts about
 * a disk image on the host, found without the appliance.
 *
 * The image is hostile: a guest that wrote its own disk chose every
 * byte of it.  So qemu-img is never asked to probe a file.  careen
 * reads the header itself, recognises the format by its magic, and
 * takes the virtual size and the backing file from the header fields,
 * each checked before use (qcow2 headers are validated by probe.c
 * first).  Only VHDX, whose size lives in a metadata region that is
 * not worth parsing here, is handed to qemu-img, with the format given
 * explicitly so that qemu-img does not guess either.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <endian.h>
#include <linux/fs.h>

#include "guestfs-internal.h"
#include "image-bytes.h"

/* Bytes of header read: covers every field used below (the last is the
 * VDI disk size at 0x170).
 */
#define INFO_HEADER_SIZE 512

/* Largest VMDK text descriptor (embedded or a descriptor file) read.
 * Real ones are a few hundred bytes; this bounds the malloc.
 */
#define INFO_MAX_VMDK_DESCRIPTOR (64 * 1024)

/* Extent lines of a VMDK descriptor summed at most: monolithic images
 * have one, split images one per 2 GiB; far more is a hostile file.
 */
#define INFO_MAX_VMDK_EXTENTS 4096

/* VHD footer fields. */
#define VHD_TYPE_DIFFERENCING 4

/* What is known about an image. */
struct disk_info {
  const char *format;           /* static string */
  int64_t virtual_size;
  bool has_backing_file;
};

/* A size read from a header, as the int64_t the API returns. */
static int
set_size (guestfs_h *g, const char *filename, const char *format,
          uint64_t size, struct disk_info *info)
{
  if (size > INT64_MAX) {
    guestfs_int_error_errno (g, EINVAL, "%s: corrupt %s header: virtual "
                             "size %" PRIu64 " out of range",
                             filename, format, size);
    return -1;
  }
  info->virtual_size = (int64_t) size;
  return 0;
}

/* Reads up to len bytes at offset (zero-filled past the end of file). */
static int
read_at (guestfs_h *g, int fd, const char *filename,
         void *buf, size_t len, uint64_t offset)
{
  size_t got = 0;

  memset (buf, 0, len);
  while (got < len) {
    ssize_t r = pread (fd, (char *) buf + got, len - got,
                       (off_t) (offset + got));

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

/* Size of a VMDK descriptor text: the sum of its extent sizes (lines
 * "RW 2048 SPARSE "name.vmdk"", size in 512-byte sectors), and whether
 * it names a parent image.
 */
static int
parse_vmdk_descriptor (guestfs_h *g, const char *filename, char *desc,
                       struct disk_info *info)
{
  uint64_t sectors = 0, bytes;
  size_t extents = 0;
  char *line, *save = NULL;

  info->has_backing_file = false;
  for (line = strtok_r (desc, "\r\n", &save); line != NULL;
       line = strtok_r (NULL, "\r\n", &save)) {
    const char *p = line;
    unsigned long long n;
    char *end;

    while (*p == ' ' || *p == '\t')
      p++;
    if (strncmp (p, "parentFileNameHint", 18) == 0)
      info->has_backing_file = true;
    if (strncmp (p, "RW ", 3) != 0 && strncmp (p, "RDONLY ", 7) != 0 &&
        strncmp (p, "NOACCESS ", 9) != 0)
      continue;
    p = strchr (p, ' ') + 1;
    errno = 0;
    n = strtoull (p, &end, 10);
    if (end == p || errno != 0 ||
        ++extents > INFO_MAX_VMDK_EXTENTS ||
        __builtin_add_overflow (sectors, (uint64_t) n, &sectors)) {
      guestfs_int_error_errno (g, EINVAL, "%s: corrupt vmdk descriptor "
                               "(bad extent line)", filename);
      return -1;
    }
  }
  if (__builtin_mul_overflow (sectors, 512, &bytes))
    bytes = UINT64_MAX;
  return set_size (g, filename, "vmdk", bytes, info);
}

/* Reads the descriptor at [offset, offset+len) and parses it. */
static int
read_vmdk_descriptor (guestfs_h *g, int fd, const char *filename,
                      uint64_t offset, uint64_t len, struct disk_info *info)
{
  CLEANUP_FREE char *desc = NULL;

  if (len > INFO_MAX_VMDK_DESCRIPTOR)
    len = INFO_MAX_VMDK_DESCRIPTOR;
  desc = malloc (len + 1);
  if (desc == NULL)
    guestfs_int_oom (g);
  if (read_at (g, fd, filename, desc, len, offset) == -1)
    return -1;
  desc[len] = '\0';
  return parse_vmdk_descriptor (g, filename, desc, info);
}

/* Hosted sparse VMDK: "KDMV", capacity (sectors) at 12, embedded
 * descriptor offset and size (sectors) at 28 and 36.
 */
static int
info_vmdk_sparse (guestfs_h *g, int fd, const char *filename,
                  const unsigned char *h, uint64_t file_size,
                  struct disk_info *info)
{
  uint64_t capacity = image_le64 (h + 12);
  uint64_t doff = image_le64 (h + 28), dlen = image_le64 (h + 36);
  uint64_t bytes;

  info->format = "vmdk";
  if (doff != 0 && dlen != 0) {
    struct disk_info desc_info;

    if (doff > file_size / 512 || dlen > INFO_MAX_VMDK_DESCRIPTOR / 512) {
      guestfs_int_error_errno (g, EINVAL, "%s: corrupt vmdk header "
                               "(descriptor out of bounds)", filename);
      return -1;
    }
    if (read_vmdk_descriptor (g, fd, filename, doff * 512, dlen * 512,
                              &desc_info) == -1)
      return -1;
    info->has_backing_file = desc_info.has_backing_file;
  }
  if (__builtin_mul_overflow (capacity, 512, &bytes))
    bytes = UINT64_MAX;
  return set_size (g, filename, "vmdk", bytes, info);
}

/* VHD (dynamic or differencing: the copy of the footer at offset 0).
 * Which size is the disk's depends on the program that made it, as in
 * qemu: Virtual PC and old qemu used the CHS geometry, the others the
 * "current size" field; the largest geometry means current size too.
 */
static int
info_vpc (guestfs_h *g, const char *filename, const unsigned char *h,
          struct disk_info *info)
{
  static const char *const current_size_creators[] = {
    "qem2", "win ", "d2v ", "tap", "CTXS", NULL
  };
  const char *creator = (const char *) h + 28;
  uint32_t cyls = ((uint32_t) h[56] << 8) | h[57], heads = h[58],
    secs = h[59];
  uint64_t size = (uint64_t) cyls * heads * secs * 512;
  bool use_current = cyls == 65535 && heads == 16 && secs == 255;
  size_t i;

  info->format = "vpc";
  for (i = 0; current_size_creators[i] != NULL; ++i)
    /* Compare 4 bytes; "tap" is followed by a NUL in the field. */
    if (memcmp (creator, current_size_creators[i], 4) == 0)
      use_current = true;
  if (use_current)
    size = image_be64 (h + 48);
  info->has_backing_file = image_be32 (h + 60) == VHD_TYPE_DIFFERENCING;
  return set_size (g, filename, "vpc", size, info);
}

/* Most bytes of qemu-img's JSON output kept (a few hundred normally). */
#define INFO_MAX_QEMU_IMG_OUTPUT (64 * 1024)

/* Formats careen does not parse itself: qemu-img info with the format
 * given, so qemu-img opens the file as exactly that and nothing else.
 */
static int
info_qemu_img (guestfs_h *g, const char *filename, const char *format,
               struct disk_info *info)
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
  argv[5] = (char *) format;
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
  info->format = format;
  info->virtual_size = (int64_t) n;
  info->has_backing_file =
    strstr (output, "\n    \"backing-filename\": ") != NULL;
  return 0;
}

/* Everything about the image: recognises the format by its magic and
 * reads its header.  Reports errors on g.
 */
static int
get_disk_info (guestfs_h *g, const char *filename, struct disk_info *info)
{
  CLEANUP_CLOSE int fd = -1;
  unsigned char h[INFO_HEADER_SIZE];
  struct stat st;
  uint64_t file_size;

  /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
  fd = open (filename, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd == -1) {
    perrorf (g, "open: %s", filename);
    return -1;
  }
  if (fstat (fd, &st) == -1) {
    perrorf (g, "stat: %s", filename);
    return -1;
  }
  if (S_ISDIR (st.st_mode)) {
    guestfs_int_error_errno (g, EISDIR, "%s: is a directory", filename);
    return -1;
  }
  if (S_ISFIFO (st.st_mode) || S_ISSOCK (st.st_mode)) {
    guestfs_int_error_errno (g, EINVAL, "%s: not a disk image (a pipe or "
                             "socket)", filename);
    return -1;
  }
  if (S_ISBLK (st.st_mode)) {
    if (ioctl (fd, BLKGETSIZE64, &file_size) == -1) {
      perrorf (g, "ioctl: BLKGETSIZE64: %s", filename);
      return -1;
    }
  }
  else
    file_size = (uint64_t) st.st_size;
  if (read_at (g, fd, filename, h, sizeof h, 0) == -1)
    return -1;

  info->has_backing_file = false;
  if (memcmp (h, "QFI\xfb", 4) == 0) {
    /* Checks version, cluster size and that the tables fit the file. */
    if (guestfs_int_check_qcow2 (g, filename) == -1)
      return -1;
    info->format = "qcow2";
    info->has_backing_file = image_be64 (h + 8) != 0;
    return set_size (g, filename, "qcow2", image_be64 (h + 24), info);
  }
  if (memcmp (h, "QED\0", 4) == 0) {
    info->format = "qed";
    /* Feature bit 0: the image has a backing file. */
    info->has_backing_file = (image_le64 (h + 16) & 1) != 0;
    return set_size (g, filename, "qed", image_le64 (h + 48), info);
  }
  if (memcmp (h, "KDMV", 4) == 0)
    return info_vmdk_sparse (g, fd, filename, h, file_size, info);
  if (memcmp (h, "# Disk DescriptorFile", 21) == 0) {
    info->format = "vmdk";
    return read_vmdk_descriptor (g, fd, filename, 0,
                                 file_size < INFO_MAX_VMDK_DESCRIPTOR ?
                                 file_size : INFO_MAX_VMDK_DESCRIPTOR, info);
  }
  if (image_le32 (h + 0x40) == 0xbeda107f) {
    info->format = "vdi";
    return set_size (g, filename, "vdi", image_le64 (h + 0x170), info);
  }
  if (memcmp (h, "conectix", 8) == 0)
    return info_vpc (g, filename, h, info);
  if (memcmp (h, "vhdxfile", 8) == 0)
    return info_qemu_img (g, filename, "vhdx", info);

  /* Anything else is raw, as qemu would open it with format=raw. */
  info->format = "raw";
  return set_size (g, filename, "raw", file_size, info);
}

char *
guestfs_impl_disk_format (guestfs_h *g, const char *filename)
{
  struct disk_info info;
  char *ret;

  if (get_disk_info (g, filename, &info) == -1)
    return NULL;
  ret = strdup (info.format);
  if (ret == NULL)
    guestfs_int_oom (g);
  return ret;
}

int64_t
guestfs_impl_disk_virtual_size (guestfs_h *g, const char *filename)
{
  struct disk_info info;

  if (get_disk_info (g, filename, &info) == -1)
    return -1;
  return info.virtual_size;
}

int
guestfs_impl_disk_has_backing_file (guestfs_h *g, const char *filename)
{
  struct disk_info info;

  if (get_disk_info (g, filename, &info) == -1)
    return -1;
  return info.has_backing_file;
}
