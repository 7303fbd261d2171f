/* careen - offline disk-image toolkit
 * The one reader of disk-image headers (image-header.c): recognises an
 * image's format by its magic and decodes the header fields that the
 * format probe (probe.c) and the disk-info calls (disk-info.c) need,
 * and the names of the files an image makes qemu open (backing-check.c).
 *
 * It needs no handle: a failure is described in a struct
 * image_header_error, which the library reports on the handle
 * (guestfs_int_read_image_header), and which the unit test and the
 * fuzzer read directly.
 */

#ifndef CAREEN_IMAGE_HEADER_H
#define CAREEN_IMAGE_HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes read from the start of an image to recognise it: every magic
 * and fixed header field used is in this prefix (the last is the VDI
 * disk size at 0x170).
 */
#define IMAGE_HEADER_PREFIX 512

/* What careen knows about an image: the in-memory result of decoding
 * one of the on-disk headers.
 */
struct image_header {
  const char *format;           /* static string, as qemu names it */
  /* False only for VHDX, whose size lives in a metadata region that
   * careen does not decode.
   */
  bool has_virtual_size;
  uint64_t virtual_size;        /* bytes; at most INT64_MAX */
  /* The header names another image (qcow2 and QED backing file, VMDK
   * parent, VHD differencing disk).
   */
  bool has_backing_file;
  /* A VMDK text descriptor: its data is in extent files it names. */
  bool names_other_files;
};

/* Why a decode failed.  msg does not contain the file name.  When
 * syscall is true, msg names the call that failed ("read") and errnum
 * is its errno.
 */
struct image_header_error {
  int errnum;
  bool syscall;
  char msg[256];
};

/* The bytes of an image, for the decoder.  read fills buf with len
 * bytes at offset, which the decoder keeps within [0, size); it returns
 * 0, or -1 with errno set.
 */
struct image_source {
  uint64_t size;
  int (*read) (void *opaque, void *buf, size_t len, uint64_t offset);
  void *opaque;
};

/* image-header.c */

/* Decodes the header of the image in src.  format is NULL to recognise
 * the format by its magic (anything unrecognised is raw, as qemu would
 * open it), or the format the user gave, whose magic must then match.
 * Returns 0 and fills *hdr, or -1 and fills *err.
 */
extern int image_header_decode (const struct image_source *src,
                                const char *format,
                                struct image_header *hdr,
                                struct image_header_error *err);

/* The same for a file or block device on the host, opened read-only.
 * Directories, pipes and sockets are refused.
 */
extern int image_header_read_file (const char *filename, const char *format,
                                   struct image_header *hdr,
                                   struct image_header_error *err);

/* The other files an image names, which qemu would open by name. */
enum image_name_kind {
  IMAGE_NAME_BACKING,           /* qcow2, QED backing file; VMDK parent */
  IMAGE_NAME_DATA_FILE,         /* qcow2 external data file */
  IMAGE_NAME_EXTENT,            /* an extent of a VMDK text descriptor */
};

/* Longest name decoded: qemu's own limit for qcow2 backing file names;
 * a longer one is a corrupt or hostile header.
 */
#define IMAGE_NAME_MAX 1023

/* Called once per name, in order: kind, the name as written in the
 * image (never empty), and the backing file's format when the image
 * states it (else NULL).  Returns 0 to go on, or non-zero to stop.
 */
typedef int (*image_name_fn) (void *opaque, enum image_name_kind kind,
                              const char *name, const char *format);

/* Decodes the names that the image in src (of format, which must be
 * given) makes qemu open, and passes each to fn.  Returns 0, 1 when fn
 * stopped the walk, or -1 and fills *err.
 */
extern int image_header_names (const struct image_source *src,
                               const char *format, image_name_fn fn,
                               void *opaque, struct image_header_error *err);

/* The same for a file or block device on the host. */
extern int image_header_names_file (const char *filename, const char *format,
                                    image_name_fn fn, void *opaque,
                                    struct image_header_error *err);

#endif /* CAREEN_IMAGE_HEADER_H */
