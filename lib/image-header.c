/** careen - offline disk-image toolkit
 *
 * The one reader of disk-image headers.  The format probe of add_drive
 * (probe.c) and disk_format, disk_virtual_size and
 * disk_has_backing_file (disk-info.c) all get their facts from here,
 * so a format is decoded once, with one set of checks; the backing-file
 * rule of add_drive (backing-check.c) gets from here the names of the
 * other files an image makes qemu open.
 *
 * Every byte decoded here is hostile: a guest that can write its own
 * disk chose them.  So each on-disk header has a struct of its own
 * (fixed-width fields, explicit byte order, its size asserted), copied
 * out of the bytes read and decoded by one function into the in-memory
 * struct image_header.  Offsets and lengths taken from a header are
 * checked against the image size, with overflow-checked arithmetic,
 * before anything is read or allocated from them.
 *
 * The layouts are those of qemu's block drivers (qcow2: qemu's
 * docs/interop/qcow2.txt; VMDK: VMware's "Virtual Disk Format 1.1";
 * VHD: Microsoft's "Virtual Hard Disk Image Format Specification"; VDI:
 * VirtualBox's header, as qemu's block/vdi.c reads it).
 *
 * Nothing here reports on a handle: it also runs in the unit test and
 * the fuzzer.  probe.c turns a struct image_header_error into the
 * handle's error.
 */

#include <config.h>

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

#include "cleanups.h"
#include "image-header.h"

/* Largest virtual size accepted: the API returns sizes as int64_t and
 * qemu's block layer counts bytes in int64_t too, so a larger size can
 * only come from a corrupt header.
 */
#define IMAGE_MAX_VIRTUAL_SIZE ((uint64_t) INT64_MAX)

/* The unit of sizes and offsets in VMDK and VHD headers. */
#define SECTOR_SIZE 512

/* qcow2 cluster_bits accepted, as qemu does (512 B to 2 MiB). */
#define QCOW2_MIN_CLUSTER_BITS 9
#define QCOW2_MAX_CLUSTER_BITS 21

/* QED feature bit: the image has a backing file. */
#define QED_F_BACKING_FILE UINT64_C(1)

/* Largest VMDK text descriptor read (embedded in a sparse extent, or a
 * descriptor file).  Real ones are a few hundred bytes; this bounds the
 * allocation.
 */
#define VMDK_MAX_DESCRIPTOR (64 * 1024)

/* Extent lines of a VMDK descriptor summed at most: monolithic images
 * have one, split images one per 2 GiB; far more is a hostile file.
 */
#define VMDK_MAX_EXTENTS 4096

/* VHD disk type of a differencing disk (it has a parent). */
#define VHD_TYPE_DIFFERENCING 4

/* VDI signature, at 0x40 after the free-text banner. */
#define VDI_SIGNATURE UINT32_C(0xbeda107f)

#define ON_DISK __attribute__ ((__packed__))

/* qcow2 header, big-endian.  Version 2 ends before
 * incompatible_features; version 3 adds the rest and says its own
 * length in header_length.
 */
struct qcow2_header_disk {
  char magic[4];                        /* "QFI\xfb" */
  uint32_t version;
  uint64_t backing_file_offset;         /* 0: no backing file */
  uint32_t backing_file_size;
  uint32_t cluster_bits;
  uint64_t size;                        /* virtual size, bytes */
  uint32_t crypt_method;
  uint32_t l1_size;                     /* entries of 8 bytes */
  uint64_t l1_table_offset;
  uint64_t refcount_table_offset;
  uint32_t refcount_table_clusters;
  uint32_t nb_snapshots;
  uint64_t snapshots_offset;
  uint64_t incompatible_features;       /* version 3 from here */
  uint64_t compatible_features;
  uint64_t autoclear_features;
  uint32_t refcount_order;
  uint32_t header_length;
} ON_DISK;
#define QCOW2_V2_HEADER_SIZE \
  offsetof (struct qcow2_header_disk, incompatible_features)
#define QCOW2_V3_HEADER_SIZE sizeof (struct qcow2_header_disk)
_Static_assert (QCOW2_V2_HEADER_SIZE == 72, "qcow2 v2 header size");
_Static_assert (QCOW2_V3_HEADER_SIZE == 104, "qcow2 v3 header size");

/* QED header, little-endian. */
struct qed_header_disk {
  char magic[4];                        /* "QED\0" */
  uint32_t cluster_size;
  uint32_t table_size;
  uint32_t header_size;
  uint64_t features;
  uint64_t compat_features;
  uint64_t autoclear_features;
  uint64_t l1_table_offset;
  uint64_t image_size;                  /* virtual size, bytes */
  uint32_t backing_filename_offset;
  uint32_t backing_filename_size;
} ON_DISK;
_Static_assert (sizeof (struct qed_header_disk) == 64, "QED header size");

/* Hosted sparse VMDK extent header, little-endian. */
struct vmdk_sparse_header_disk {
  char magic[4];                        /* "KDMV" */
  uint32_t version;
  uint32_t flags;
  uint64_t capacity;                    /* sectors */
  uint64_t grain_size;
  uint64_t desc_offset;                 /* sectors; 0: no descriptor */
  uint64_t desc_size;                   /* sectors */
  uint32_t num_gtes_per_gt;
  uint64_t rgd_offset;
  uint64_t gd_offset;
  uint64_t overhead;
  uint8_t unclean_shutdown;
  char newline_check[4];
  uint16_t compress_algorithm;
} ON_DISK;
_Static_assert (sizeof (struct vmdk_sparse_header_disk) == 79,
                "VMDK sparse header size");

/* VDI header (version 1.1), little-endian, up to the UUIDs. */
struct vdi_header_disk {
  char text[64];
  uint32_t signature;                   /* VDI_SIGNATURE */
  uint32_t version;
  uint32_t header_size;
  uint32_t image_type;
  uint32_t image_flags;
  char description[256];
  uint32_t offset_bmap;
  uint32_t offset_data;
  uint32_t cylinders;
  uint32_t heads;
  uint32_t sectors;
  uint32_t sector_size;
  uint32_t unused;
  uint64_t disk_size;                   /* virtual size, bytes */
  uint32_t block_size;
  uint32_t block_extra;
  uint32_t blocks_in_image;
  uint32_t blocks_allocated;
  uint8_t uuid_image[16];
  uint8_t uuid_last_snap[16];
  uint8_t uuid_link[16];
  uint8_t uuid_parent[16];
} ON_DISK;
_Static_assert (offsetof (struct vdi_header_disk, disk_size) == 0x170,
                "VDI disk size offset");
_Static_assert (sizeof (struct vdi_header_disk) == 0x1c8, "VDI header size");

/* VHD footer, big-endian: dynamic and differencing disks keep a copy
 * at offset 0 (fixed disks have it only at the end: they are raw).
 */
struct vhd_footer_disk {
  char cookie[8];                       /* "conectix" */
  uint32_t features;
  uint32_t version;
  uint64_t data_offset;
  uint32_t timestamp;
  char creator_app[4];
  uint32_t creator_version;
  uint32_t creator_os;
  uint64_t original_size;
  uint64_t current_size;                /* bytes */
  uint16_t cylinders;
  uint8_t heads;
  uint8_t sectors_per_track;
  uint32_t disk_type;
  uint32_t checksum;
  uint8_t uuid[16];
  uint8_t saved_state;
} ON_DISK;
_Static_assert (sizeof (struct vhd_footer_disk) == 85, "VHD footer size");

/* Every header decoded lies within the prefix read. */
_Static_assert (sizeof (struct vdi_header_disk) <= IMAGE_HEADER_PREFIX,
                "prefix too short");

static int fail (struct image_header_error *err, int errnum,
                 const char *fs, ...)
  __attribute__ ((format (printf, 3, 4)));

/* Fills *err; returns -1 for the caller to return. */
static int
fail (struct image_header_error *err, int errnum, const char *fs, ...)
{
  va_list args;

  err->errnum = errnum;
  err->syscall = false;
  va_start (args, fs);
  vsnprintf (err->msg, sizeof err->msg, fs, args);
  va_end (args);
  return -1;
}

/* The same for a system call that failed with errno. */
static int
fail_syscall (struct image_header_error *err, const char *call)
{
  err->errnum = errno;
  err->syscall = true;
  snprintf (err->msg, sizeof err->msg, "%s", call);
  return -1;
}

/* True when [offset, offset+len) lies within size. */
static bool
within (uint64_t offset, uint64_t len, uint64_t size)
{
  uint64_t end;

  return !__builtin_add_overflow (offset, len, &end) && end <= size;
}

/* Sectors to bytes; a count that overflows becomes UINT64_MAX, which
 * set_virtual_size refuses.
 */
static uint64_t
sectors_to_bytes (uint64_t sectors)
{
  uint64_t bytes;

  if (__builtin_mul_overflow (sectors, SECTOR_SIZE, &bytes))
    return UINT64_MAX;
  return bytes;
}

/* Reads [offset, offset+len) of the image; what lies past its end
 * reads as zeros.
 */
static int
read_bytes (const struct image_source *src, void *buf, size_t len,
            uint64_t offset, struct image_header_error *err)
{
  size_t avail = 0;

  memset (buf, 0, len);
  if (offset < src->size)
    avail = src->size - offset < len ? (size_t) (src->size - offset) : len;
  if (avail > 0 && src->read (src->opaque, buf, avail, offset) == -1)
    return fail_syscall (err, "read");
  return 0;
}

/* Reads a text of len bytes (at most VMDK_MAX_DESCRIPTOR) at offset,
 * NUL-terminated.  Returns it (caller frees) or NULL.
 */
static char *
read_text (const struct image_source *src, uint64_t offset, size_t len,
           struct image_header_error *err)
{
  char *text = malloc (len + 1);

  if (text == NULL) {
    fail_syscall (err, "malloc");
    return NULL;
  }
  if (read_bytes (src, text, len, offset, err) == -1) {
    free (text);
    return NULL;
  }
  text[len] = '\0';
  return text;
}

static int
set_virtual_size (struct image_header *hdr, uint64_t size,
                  struct image_header_error *err)
{
  if (size > IMAGE_MAX_VIRTUAL_SIZE)
    return fail (err, EINVAL, "corrupt %s header: virtual size %" PRIu64
                 " out of range", hdr->format, size);
  hdr->has_virtual_size = true;
  hdr->virtual_size = size;
  return 0;
}

static bool
match_qcow2 (const unsigned char *prefix)
{
  return memcmp (prefix, "QFI\xfb", 4) == 0;
}

/* Checks the fields qemu would trust to size its tables: version,
 * cluster size, header length, and that the L1 and refcount tables lie
 * within the file.  A truncated file (a partial copy, a download cut
 * short) shows as tables past the end: better said now than as I/O
 * errors in the guest later.
 */
static int
decode_qcow2 (const struct image_source *src, const unsigned char *prefix,
              struct image_header *hdr, struct image_header_error *err)
{
  struct qcow2_header_disk d;
  uint32_t version, cluster_bits;
  uint64_t header_len, l1_bytes, refcount_bytes;

  if (src->size < QCOW2_V2_HEADER_SIZE)
    return fail (err, EINVAL, "not a qcow2 image (too short or bad magic)");
  memcpy (&d, prefix, sizeof d);

  version = be32toh (d.version);
  if (version != 2 && version != 3)
    return fail (err, ENOTSUP, "qcow2 version %" PRIu32 " is not supported "
                 "(only 2 and 3)", version);
  cluster_bits = be32toh (d.cluster_bits);
  if (cluster_bits < QCOW2_MIN_CLUSTER_BITS ||
      cluster_bits > QCOW2_MAX_CLUSTER_BITS)
    return fail (err, EINVAL, "corrupt qcow2 header: cluster_bits %" PRIu32
                 " out of range", cluster_bits);

  header_len = QCOW2_V2_HEADER_SIZE;
  if (version == 3) {
    header_len = be32toh (d.header_length);
    if (header_len < QCOW2_V3_HEADER_SIZE ||
        header_len > (UINT64_C(1) << cluster_bits))
      return fail (err, EINVAL, "corrupt qcow2 header: header length %"
                   PRIu64 " invalid", header_len);
  }

  /* Neither product can overflow (2^32 * 8, 2^32 << 21), but the sizes
   * come from the header: keep the arithmetic checked.
   */
  if (__builtin_mul_overflow ((uint64_t) be32toh (d.l1_size), 8, &l1_bytes) ||
      __builtin_mul_overflow ((uint64_t) be32toh (d.refcount_table_clusters),
                              UINT64_C(1) << cluster_bits, &refcount_bytes) ||
      !within (0, header_len, src->size) ||
      !within (be64toh (d.l1_table_offset), l1_bytes, src->size) ||
      !within (be64toh (d.refcount_table_offset), refcount_bytes,
               src->size))
    return fail (err, EINVAL, "qcow2 image is truncated or corrupt (its "
                 "tables lie beyond the end of the file, size %" PRIu64 ")",
                 src->size);

  hdr->has_backing_file = be64toh (d.backing_file_offset) != 0;
  return set_virtual_size (hdr, be64toh (d.size), err);
}

static bool
match_qed (const unsigned char *prefix)
{
  return memcmp (prefix, "QED\0", 4) == 0;
}

static int
decode_qed (const struct image_source *src, const unsigned char *prefix,
            struct image_header *hdr, struct image_header_error *err)
{
  struct qed_header_disk d;

  memcpy (&d, prefix, sizeof d);
  hdr->has_backing_file = (le64toh (d.features) & QED_F_BACKING_FILE) != 0;
  return set_virtual_size (hdr, le64toh (d.image_size), err);
}

static bool
match_vmdk (const unsigned char *prefix)
{
  return memcmp (prefix, "KDMV", 4) == 0 ||
    memcmp (prefix, "# Disk DescriptorFile", 21) == 0;
}

/* A descriptor names a parent image when this key appears anywhere in
 * it: qemu looks for it the same way, so careen must too.
 */
static bool
vmdk_names_parent (const char *desc)
{
  return strstr (desc, "parentFileNameHint") != NULL;
}

/* Sum of the extent sizes of a descriptor, in sectors: lines like
 * 'RW 2048 SPARSE "name.vmdk"'.  The text is cut into lines in place.
 */
static int
vmdk_extent_sectors (char *desc, uint64_t *sectors_r,
                     struct image_header_error *err)
{
  static const char *const access_words[] = {
    "RW ", "RDONLY ", "NOACCESS ", NULL
  };
  uint64_t sectors = 0;
  size_t extents = 0, i;
  char *line, *save = NULL;

  for (line = strtok_r (desc, "\r\n", &save); line != NULL;
       line = strtok_r (NULL, "\r\n", &save)) {
    const char *p = line + strspn (line, " \t");
    unsigned long long n;

    for (i = 0; access_words[i] != NULL; ++i)
      if (strncmp (p, access_words[i], strlen (access_words[i])) == 0)
        break;
    if (access_words[i] == NULL)
      continue;
    p += strlen (access_words[i]);
    p += strspn (p, " \t");
    if (*p < '0' || *p > '9')
      return fail (err, EINVAL, "corrupt vmdk descriptor (bad extent line)");
    errno = 0;
    n = strtoull (p, NULL, 10);
    if (errno != 0 || ++extents > VMDK_MAX_EXTENTS ||
        __builtin_add_overflow (sectors, (uint64_t) n, &sectors))
      return fail (err, EINVAL, "corrupt vmdk descriptor (bad extent line)");
  }
  *sectors_r = sectors;
  return 0;
}

/* A sparse extent: the size is in the header; its embedded descriptor
 * says whether it has a parent.  (Its extent lines name the file
 * itself, and qemu ignores them.)
 */
static int
decode_vmdk_sparse (const struct image_source *src,
                    const unsigned char *prefix,
                    struct image_header *hdr, struct image_header_error *err)
{
  struct vmdk_sparse_header_disk d;
  uint64_t desc_offset, desc_size;

  memcpy (&d, prefix, sizeof d);
  desc_offset = le64toh (d.desc_offset);
  desc_size = le64toh (d.desc_size);
  if (desc_offset != 0 && desc_size != 0) {
    CLEANUP_FREE char *desc = NULL;

    if (desc_size > VMDK_MAX_DESCRIPTOR / SECTOR_SIZE ||
        desc_offset > UINT64_MAX / SECTOR_SIZE ||
        !within (desc_offset * SECTOR_SIZE, desc_size * SECTOR_SIZE,
                 src->size))
      return fail (err, EINVAL, "corrupt vmdk header (descriptor out of "
                   "bounds)");
    desc = read_text (src, desc_offset * SECTOR_SIZE,
                      (size_t) desc_size * SECTOR_SIZE, err);
    if (desc == NULL)
      return -1;
    hdr->has_backing_file = vmdk_names_parent (desc);
  }
  return set_virtual_size (hdr, sectors_to_bytes (le64toh (d.capacity)),
                           err);
}

/* A descriptor file: the data is in the extent files it names, and the
 * size is the sum of theirs.
 */
static int
decode_vmdk_descriptor (const struct image_source *src,
                        struct image_header *hdr,
                        struct image_header_error *err)
{
  CLEANUP_FREE char *desc = NULL;
  size_t len = src->size < VMDK_MAX_DESCRIPTOR ?
    (size_t) src->size : VMDK_MAX_DESCRIPTOR;
  uint64_t sectors = 0;

  desc = read_text (src, 0, len, err);
  if (desc == NULL)
    return -1;
  hdr->names_other_files = true;
  hdr->has_backing_file = vmdk_names_parent (desc);
  if (vmdk_extent_sectors (desc, &sectors, err) == -1)
    return -1;
  return set_virtual_size (hdr, sectors_to_bytes (sectors), err);
}

static int
decode_vmdk (const struct image_source *src, const unsigned char *prefix,
             struct image_header *hdr, struct image_header_error *err)
{
  if (memcmp (prefix, "KDMV", 4) == 0)
    return decode_vmdk_sparse (src, prefix, hdr, err);
  return decode_vmdk_descriptor (src, hdr, err);
}

static bool
match_vdi (const unsigned char *prefix)
{
  struct vdi_header_disk d;

  memcpy (&d, prefix, sizeof d);
  return le32toh (d.signature) == VDI_SIGNATURE;
}

static int
decode_vdi (const struct image_source *src, const unsigned char *prefix,
            struct image_header *hdr, struct image_header_error *err)
{
  struct vdi_header_disk d;

  memcpy (&d, prefix, sizeof d);
  return set_virtual_size (hdr, le64toh (d.disk_size), err);
}

static bool
match_vhdx (const unsigned char *prefix)
{
  return memcmp (prefix, "vhdxfile", 8) == 0;
}

/* The size of a VHDX is in its metadata region, which careen leaves to
 * qemu-img (disk-info.c).
 */
static int
decode_vhdx (const struct image_source *src, const unsigned char *prefix,
             struct image_header *hdr, struct image_header_error *err)
{
  return 0;
}

static bool
match_vpc (const unsigned char *prefix)
{
  return memcmp (prefix, "conectix", 8) == 0;
}

/* Which size is the disk's depends on the program that made it, as in
 * qemu: Virtual PC and old qemu used the CHS geometry, the others the
 * "current size" field; the largest geometry means current size too.
 */
static int
decode_vpc (const struct image_source *src, const unsigned char *prefix,
            struct image_header *hdr, struct image_header_error *err)
{
  static const char current_size_creators[][4] = {
    "qem2", "win ", "d2v ", "tap", "CTXS",
  };
  struct vhd_footer_disk d;
  uint32_t cyls, heads, secs;
  bool use_current;
  uint64_t size;
  size_t i;

  memcpy (&d, prefix, sizeof d);
  cyls = be16toh (d.cylinders);
  heads = d.heads;
  secs = d.sectors_per_track;
  size = (uint64_t) cyls * heads * secs * SECTOR_SIZE;
  use_current = cyls == 65535 && heads == 16 && secs == 255;
  for (i = 0; i < sizeof current_size_creators / 4; ++i)
    /* All 4 bytes: "tap" is followed by a NUL in the field. */
    if (memcmp (d.creator_app, current_size_creators[i], 4) == 0)
      use_current = true;
  if (use_current)
    size = be64toh (d.current_size);
  hdr->has_backing_file = be32toh (d.disk_type) == VHD_TYPE_DIFFERENCING;
  return set_virtual_size (hdr, size, err);
}

/* Anything unrecognised, as qemu would open it with format=raw. */
static int
decode_raw (const struct image_source *src, const unsigned char *prefix,
            struct image_header *hdr, struct image_header_error *err)
{
  return set_virtual_size (hdr, src->size, err);
}

/* In the order magics are tried.  raw, which matches anything, is
 * last.
 */
static const struct image_format {
  const char *name;
  bool (*match) (const unsigned char *prefix);
  int (*decode) (const struct image_source *src, const unsigned char *prefix,
                 struct image_header *hdr, struct image_header_error *err);
} image_formats[] = {
  { "qcow2", match_qcow2, decode_qcow2 },
  { "qed", match_qed, decode_qed },
  { "vmdk", match_vmdk, decode_vmdk },
  { "vdi", match_vdi, decode_vdi },
  { "vhdx", match_vhdx, decode_vhdx },
  { "vpc", match_vpc, decode_vpc },
  { "raw", NULL, decode_raw },
};

int
image_header_decode (const struct image_source *src, const char *format,
                     struct image_header *hdr,
                     struct image_header_error *err)
{
  unsigned char prefix[IMAGE_HEADER_PREFIX];
  const struct image_format *f = NULL;
  size_t i;

  if (read_bytes (src, prefix, sizeof prefix, 0, err) == -1)
    return -1;
  for (i = 0; f == NULL && i < sizeof image_formats / sizeof image_formats[0]; ++i) {
    const struct image_format *c = &image_formats[i];

    if (format ? strcmp (format, c->name) == 0
        : c->match == NULL || c->match (prefix))
      f = c;
  }
  if (f == NULL)
    return fail (err, EINVAL, "careen does not read headers of format '%s'",
                 format);
  if (format && f->match && !f->match (prefix))
    return fail (err, EINVAL, "not a %s image (too short or bad magic)",
                 format);

  memset (hdr, 0, sizeof *hdr);
  hdr->format = f->name;
  return f->decode (src, prefix, hdr, err);
}

static int
read_fd (void *opaque, void *buf, size_t len, uint64_t offset)
{
  const int *fd = opaque;
  size_t got = 0;

  while (got < len) {
    ssize_t r = pread (*fd, (char *) buf + got, len - got,
                       (off_t) (offset + got));

    if (r == -1) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    if (r == 0)
      break;            /* the file shrank: the rest reads as zeros */
    got += (size_t) r;
  }
  return 0;
}

/* Opens filename read-only for decoding: fills *fd and src->size. */
static int
open_source (const char *filename, int *fd, struct image_source *src,
             struct image_header_error *err)
{
  struct stat st;

  /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
  *fd = open (filename, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (*fd == -1)
    return fail_syscall (err, "open");
  if (fstat (*fd, &st) == -1)
    return fail_syscall (err, "stat");
  if (S_ISDIR (st.st_mode))
    return fail (err, EISDIR, "is a directory");
  if (S_ISFIFO (st.st_mode) || S_ISSOCK (st.st_mode))
    return fail (err, EINVAL, "not a disk image (a pipe or socket)");
  if (S_ISBLK (st.st_mode)) {
    if (ioctl (*fd, BLKGETSIZE64, &src->size) == -1)
      return fail_syscall (err, "ioctl: BLKGETSIZE64");
  }
  else
    src->size = (uint64_t) st.st_size;
  return 0;
}

int
image_header_read_file (const char *filename, const char *format,
                        struct image_header *hdr,
                        struct image_header_error *err)
{
  CLEANUP_CLOSE int fd = -1;
  struct image_source src = { .read = read_fd, .opaque = &fd };

  if (open_source (filename, &fd, &src, err) == -1)
    return -1;
  return image_header_decode (&src, format, hdr, err);
}

/* The names an image makes qemu open.  Decoded as qemu's drivers
 * decode them (block/qcow2.c, block/qed.c, block/vmdk.c), so that
 * careen checks exactly the files qemu would open.
 */

/* qcow2 header extensions that name files or formats. */
#define QCOW2_EXT_END 0
#define QCOW2_EXT_BACKING_FORMAT UINT32_C(0xe2792aca)
#define QCOW2_EXT_DATA_FILE UINT32_C(0x44415441)
/* Incompatible feature: the guest data lives in an external file. */
#define QCOW2_INCOMPAT_DATA_FILE (UINT64_C(1) << 2)
/* Longest backing format name qemu accepts in the extension. */
#define QCOW2_MAX_FORMAT_NAME 15

/* QED: the backing file is raw and must not be probed. */
#define QED_F_BACKING_FORMAT_NO_PROBE UINT64_C(4)

/* Reads a name of len bytes at offset into buf (IMAGE_NAME_MAX + 1
 * bytes).  A NUL inside is refused: qemu would cut the name there, and
 * careen must see the name qemu uses.
 */
static int
read_name (const struct image_source *src, uint64_t offset, uint64_t len,
           char *buf, const char *what, struct image_header_error *err)
{
  if (len > IMAGE_NAME_MAX || !within (offset, len, src->size))
    return fail (err, EINVAL, "corrupt header: %s name out of range", what);
  if (read_bytes (src, buf, (size_t) len, offset, err) == -1)
    return -1;
  buf[len] = '\0';
  if (strlen (buf) != len)
    return fail (err, EINVAL, "corrupt header: %s name contains a NUL "
                 "byte", what);
  return 0;
}

static int
names_qcow2 (const struct image_source *src, image_name_fn fn, void *opaque,
             struct image_header_error *err)
{
  struct qcow2_header_disk d;
  struct image_header hdr;
  char backing[IMAGE_NAME_MAX + 1] = "", data_file[IMAGE_NAME_MAX + 1] = "";
  char backing_fmt[QCOW2_MAX_FORMAT_NAME + 1] = "";
  uint64_t off, end, backing_off, features = 0;
  uint32_t version;
  int r;

  /* The checks of the header's geometry first. */
  if (image_header_decode (src, "qcow2", &hdr, err) == -1)
    return -1;
  if (read_bytes (src, &d, sizeof d, 0, err) == -1)
    return -1;
  version = be32toh (d.version);
  off = version == 3 ? be32toh (d.header_length) : QCOW2_V2_HEADER_SIZE;
  if (version == 3)
    features = be64toh (d.incompatible_features);

  /* Extensions run from the end of the header to the backing file name
   * or the end of the first cluster, as qemu reads them.
   */
  end = UINT64_C(1) << be32toh (d.cluster_bits);
  backing_off = be64toh (d.backing_file_offset);
  if (backing_off != 0 && backing_off < end)
    end = backing_off;
  while (off + 8 <= end) {
    uint32_t ext[2], type, len;

    if (read_bytes (src, ext, sizeof ext, off, err) == -1)
      return -1;
    type = be32toh (ext[0]);
    len = be32toh (ext[1]);
    off += 8;
    if (type == QCOW2_EXT_END)
      break;
    if (len > end - off)
      return fail (err, EINVAL, "corrupt qcow2 header (extension out of "
                   "bounds)");
    if (type == QCOW2_EXT_BACKING_FORMAT) {
      if (len > QCOW2_MAX_FORMAT_NAME)
        return fail (err, EINVAL, "corrupt qcow2 header (backing format "
                     "name too long)");
      if (read_name (src, off, len, backing_fmt, "backing format",
                     err) == -1)
        return -1;
    }
    else if (type == QCOW2_EXT_DATA_FILE) {
      if (read_name (src, off, len, data_file, "data file", err) == -1)
        return -1;
    }
    /* Extensions are padded to 8 bytes. */
    off += ((uint64_t) len + 7) & ~UINT64_C(7);
  }

  if (backing_off != 0 &&
      read_name (src, backing_off, be32toh (d.backing_file_size), backing,
                 "backing file", err) == -1)
    return -1;

  /* qemu opens the data file only when the feature bit is set; the bit
   * without a name makes qemu refuse the image by itself.
   */
  if ((features & QCOW2_INCOMPAT_DATA_FILE) && data_file[0] != '\0') {
    r = fn (opaque, IMAGE_NAME_DATA_FILE, data_file, NULL);
    if (r != 0)
      return 1;
  }
  if (backing[0] != '\0') {
    r = fn (opaque, IMAGE_NAME_BACKING, backing,
            backing_fmt[0] != '\0' ? backing_fmt : NULL);
    if (r != 0)
      return 1;
  }
  return 0;
}

static int
names_qed (const struct image_source *src, image_name_fn fn, void *opaque,
           struct image_header_error *err)
{
  struct qed_header_disk d;
  char backing[IMAGE_NAME_MAX + 1];
  uint64_t features;

  if (src->size < sizeof d)
    return fail (err, EINVAL, "not a qed image (too short or bad magic)");
  if (read_bytes (src, &d, sizeof d, 0, err) == -1)
    return -1;
  if (!match_qed ((const unsigned char *) d.magic))
    return fail (err, EINVAL, "not a qed image (too short or bad magic)");
  features = le64toh (d.features);
  if (!(features & QED_F_BACKING_FILE))
    return 0;
  if (read_name (src, le32toh (d.backing_filename_offset),
                 le32toh (d.backing_filename_size), backing, "backing file",
                 err) == -1)
    return -1;
  if (backing[0] == '\0')
    return 0;
  return fn (opaque, IMAGE_NAME_BACKING, backing,
             (features & QED_F_BACKING_FORMAT_NO_PROBE) ? "raw" : NULL) != 0;
}

/* The parent named by a descriptor, as qemu finds it: the text after
 * 'parentFileNameHint="' up to the next quote.
 */
static int
vmdk_parent (const char *desc, image_name_fn fn, void *opaque,
             struct image_header_error *err)
{
  static const char key[] = "parentFileNameHint=\"";
  char name[IMAGE_NAME_MAX + 1];
  const char *p = strstr (desc, "parentFileNameHint"), *q;

  if (p == NULL)
    return 0;
  if (strncmp (p, key, sizeof key - 1) != 0)
    return fail (err, EINVAL, "corrupt vmdk descriptor (bad "
                 "parentFileNameHint)");
  p += sizeof key - 1;
  q = strchr (p, '"');
  if (q == NULL || (size_t) (q - p) > IMAGE_NAME_MAX)
    return fail (err, EINVAL, "corrupt vmdk descriptor (bad "
                 "parentFileNameHint)");
  memcpy (name, p, q - p);
  name[q - p] = '\0';
  if (name[0] == '\0')
    return 0;
  /* A parent is always a VMDK. */
  return fn (opaque, IMAGE_NAME_BACKING, name, "vmdk") != 0;
}

/* The extent files of a descriptor: lines such as
 *   RW 4192256 SPARSE "guest-s001.vmdk"
 *   RW 8388608 FLAT "guest-flat.vmdk" 0
 * (a ZERO extent names no file).  The text is cut into lines in place.
 */
static int
vmdk_extents (char *desc, image_name_fn fn, void *opaque,
              struct image_header_error *err)
{
  static const char *const access_words[] = {
    "RW ", "RDONLY ", "NOACCESS ", NULL
  };
  char *line, *save = NULL;
  size_t i;

  for (line = strtok_r (desc, "\r\n", &save); line != NULL;
       line = strtok_r (NULL, "\r\n", &save)) {
    char *p = line + strspn (line, " \t"), *q;

    for (i = 0; access_words[i] != NULL; ++i)
      if (strncmp (p, access_words[i], strlen (access_words[i])) == 0)
        break;
    if (access_words[i] == NULL)
      continue;
    p = strchr (p, '"');
    if (p == NULL)
      continue;                 /* ZERO: no file */
    q = strchr (++p, '"');
    if (q == NULL || q == p || (size_t) (q - p) > IMAGE_NAME_MAX)
      return fail (err, EINVAL, "corrupt vmdk descriptor (bad extent "
                   "file name)");
    *q = '\0';
    if (fn (opaque, IMAGE_NAME_EXTENT, p, NULL) != 0)
      return 1;
  }
  return 0;
}

static int
names_vmdk (const struct image_source *src, image_name_fn fn, void *opaque,
            struct image_header_error *err)
{
  struct vmdk_sparse_header_disk d;
  CLEANUP_FREE char *desc = NULL;
  struct image_header hdr;
  int r;

  /* The checks of the descriptor's bounds first. */
  if (image_header_decode (src, "vmdk", &hdr, err) == -1)
    return -1;
  if (read_bytes (src, &d, sizeof d, 0, err) == -1)
    return -1;
  if (memcmp (d.magic, "KDMV", 4) == 0) {
    /* A sparse extent: its embedded descriptor may name a parent; its
     * extent lines name the file itself, and qemu ignores them.
     */
    uint64_t off = le64toh (d.desc_offset), size = le64toh (d.desc_size);

    if (off == 0 || size == 0)
      return 0;
    desc = read_text (src, off * SECTOR_SIZE, (size_t) size * SECTOR_SIZE,
                      err);
    if (desc == NULL)
      return -1;
    return vmdk_parent (desc, fn, opaque, err);
  }
  desc = read_text (src, 0, src->size < VMDK_MAX_DESCRIPTOR ?
                    (size_t) src->size : VMDK_MAX_DESCRIPTOR, err);
  if (desc == NULL)
    return -1;
  r = vmdk_parent (desc, fn, opaque, err);
  if (r != 0)
    return r;
  return vmdk_extents (desc, fn, opaque, err);
}

int
image_header_names (const struct image_source *src, const char *format,
                    image_name_fn fn, void *opaque,
                    struct image_header_error *err)
{
  /* vpc and vhdx parents: qemu's drivers never open them; the other
   * formats careen knows name no file.
   */
  if (strcmp (format, "qcow2") == 0)
    return names_qcow2 (src, fn, opaque, err);
  if (strcmp (format, "qed") == 0)
    return names_qed (src, fn, opaque, err);
  if (strcmp (format, "vmdk") == 0)
    return names_vmdk (src, fn, opaque, err);
  return 0;
}

int
image_header_names_file (const char *filename, const char *format,
                         image_name_fn fn, void *opaque,
                         struct image_header_error *err)
{
  CLEANUP_CLOSE int fd = -1;
  struct image_source src = { .read = read_fd, .opaque = &fd };

  if (open_source (filename, &fd, &src, err) == -1)
    return -1;
  return image_header_names (&src, format, fn, opaque, err);
}
