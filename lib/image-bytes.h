/* careen - offline disk-image toolkit
 * Reading fixed-width integers out of image headers (probe.c,
 * disk-info.c).  Headers are untrusted bytes at any alignment, so the
 * values are copied out before conversion.
 */

#ifndef CAREEN_IMAGE_BYTES_H
#define CAREEN_IMAGE_BYTES_H

#include <endian.h>
#include <stdint.h>
#include <string.h>

static inline uint32_t
image_be32 (const unsigned char *p)
{
  uint32_t v;

  memcpy (&v, p, 4);
  return be32toh (v);
}

static inline uint64_t
image_be64 (const unsigned char *p)
{
  uint64_t v;

  memcpy (&v, p, 8);
  return be64toh (v);
}

static inline uint32_t
image_le32 (const unsigned char *p)
{
  uint32_t v;

  memcpy (&v, p, 4);
  return le32toh (v);
}

static inline uint64_t
image_le64 (const unsigned char *p)
{
  uint64_t v;

  memcpy (&v, p, 8);
  return le64toh (v);
}

#endif /* CAREEN_IMAGE_BYTES_H */
