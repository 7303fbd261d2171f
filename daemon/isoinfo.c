/* careen - offline disk-image toolkit */

/**
 * isoinfo, isoinfo_device: the primary volume descriptor of an ISO 9660
 * filesystem (ECMA-119 section 8.4), read directly from the image.
 * Every field is at a fixed offset in one 2048 byte sector, so the
 * hostile bytes of an image can only give odd strings and numbers,
 * never an out-of-bounds read.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"

#define ISO_SECTOR_SIZE 2048
/* The volume descriptors start at sector 16, after the system area. */
#define ISO_FIRST_DESCRIPTOR 16
/* Descriptors looked at before giving up on finding the primary one:
 * real images have a handful (boot record, primary, supplementary,
 * terminator); a hostile one must not make us read for ever.
 */
#define ISO_MAX_DESCRIPTORS 64

#define ISO_TYPE_PRIMARY 1
#define ISO_TYPE_TERMINATOR 255

/* Offsets of the primary volume descriptor's fields. */
#define PVD_TYPE 0
#define PVD_ID 1                /* "CD001" */
#define PVD_SYSTEM_ID 8
#define PVD_VOLUME_ID 40
#define PVD_SPACE_SIZE 80       /* both-endian 32 bit: little first */
#define PVD_SET_SIZE 120        /* both-endian 16 bit */
#define PVD_SEQUENCE_NUMBER 124
#define PVD_BLOCK_SIZE 128
#define PVD_SET_ID 190
#define PVD_PUBLISHER_ID 318
#define PVD_PREPARER_ID 446
#define PVD_APPLICATION_ID 574
#define PVD_COPYRIGHT_FILE 702
#define PVD_ABSTRACT_FILE 739
#define PVD_BIBLIOGRAPHIC_FILE 776
#define PVD_CREATION_DATE 813
#define PVD_MODIFICATION_DATE 830
#define PVD_EXPIRATION_DATE 847
#define PVD_EFFECTIVE_DATE 864

#define ISO_ID_SHORT 32         /* system and volume ids */
#define ISO_ID_LONG 128         /* set, publisher, preparer, application */
#define ISO_FILE_ID 37          /* copyright, abstract, bibliographic */

static uint32_t
le32 (const unsigned char *p)
{
  return p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 |
    (uint32_t) p[3] << 24;
}

static uint32_t
le16 (const unsigned char *p)
{
  return p[0] | (uint32_t) p[1] << 8;
}

/* A padded identifier field as a string: up to the first NUL, without
 * the trailing spaces that pad it.  NULL on ENOMEM.
 */
static char *
id_string (const unsigned char *p, size_t len)
{
  size_t n = strnlen ((const char *) p, len);

  while (n > 0 && p[n-1] == ' ')
    n--;
  return strndup ((const char *) p, n);
}

/* n decimal digits; -1 if any is not a digit. */
static int
digits (const unsigned char *p, size_t n)
{
  int v = 0;
  size_t i;

  for (i = 0; i < n; ++i) {
    if (p[i] < '0' || p[i] > '9')
      return -1;
    v = v * 10 + (p[i] - '0');
  }
  return v;
}

/* A 17 byte date and time (YYYYMMDDHHMMSS, hundredths, then the offset
 * from UTC in 15 minute units, signed) as seconds since the epoch; -1
 * when the date is unset (all zero digits) or not a valid date.
 */
static int64_t
iso_date (const unsigned char *p)
{
  struct tm tm = { 0 };
  int year = digits (p, 4), mon = digits (p + 4, 2), mday = digits (p + 6, 2);
  int hour = digits (p + 8, 2), min = digits (p + 10, 2);
  int sec = digits (p + 12, 2);
  int offset = (signed char) p[16];
  time_t t;

  if (year <= 0 || mon < 1 || mon > 12 || mday < 1 || mday > 31 ||
      hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 60 ||
      offset < -48 || offset > 52)
    return -1;
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = mday;
  tm.tm_hour = hour;
  tm.tm_min = min;
  tm.tm_sec = sec;
  t = timegm (&tm);
  if (t == (time_t) -1)
    return -1;
  /* The time is local to the offset: east of UTC is ahead of it. */
  return (int64_t) t - (int64_t) offset * 15 * 60;
}

/* Reads the primary volume descriptor of the image open on fd (name
 * for messages) into pvd; -1 after replying (EINVAL when the image is
 * not ISO 9660).
 */
static int
read_pvd (int fd, const char *name, unsigned char *pvd)
{
  size_t i;

  for (i = 0; i < ISO_MAX_DESCRIPTORS; ++i) {
    off_t offset = (off_t) (ISO_FIRST_DESCRIPTOR + i) * ISO_SECTOR_SIZE;
    ssize_t r = pread (fd, pvd, ISO_SECTOR_SIZE, offset);

    if (r == -1) {
      reply_with_perror ("%s", name);
      return -1;
    }
    if (r != ISO_SECTOR_SIZE || memcmp (pvd + PVD_ID, "CD001", 5) != 0)
      break;
    if (pvd[PVD_TYPE] == ISO_TYPE_PRIMARY)
      return 0;
    if (pvd[PVD_TYPE] == ISO_TYPE_TERMINATOR)
      break;
  }
  reply_with_error_errno (EINVAL, "%s: no ISO 9660 primary volume "
                          "descriptor found", name);
  return -1;
}

static struct guestfs_isoinfo *
isoinfo_fd (int fd, const char *name)
{
  unsigned char pvd[ISO_SECTOR_SIZE];
  struct guestfs_isoinfo *r;

  if (read_pvd (fd, name, pvd) == -1)
    return NULL;
  r = calloc (1, sizeof *r);
  if (r == NULL) {
    reply_with_perror ("calloc");
    return NULL;
  }
  r->iso_system_id = id_string (pvd + PVD_SYSTEM_ID, ISO_ID_SHORT);
  r->iso_volume_id = id_string (pvd + PVD_VOLUME_ID, ISO_ID_SHORT);
  r->iso_volume_space_size = le32 (pvd + PVD_SPACE_SIZE);
  r->iso_volume_set_size = le16 (pvd + PVD_SET_SIZE);
  r->iso_volume_sequence_number = le16 (pvd + PVD_SEQUENCE_NUMBER);
  r->iso_logical_block_size = le16 (pvd + PVD_BLOCK_SIZE);
  r->iso_volume_set_id = id_string (pvd + PVD_SET_ID, ISO_ID_LONG);
  r->iso_publisher_id = id_string (pvd + PVD_PUBLISHER_ID, ISO_ID_LONG);
  r->iso_data_preparer_id = id_string (pvd + PVD_PREPARER_ID, ISO_ID_LONG);
  r->iso_application_id = id_string (pvd + PVD_APPLICATION_ID, ISO_ID_LONG);
  r->iso_copyright_file_id = id_string (pvd + PVD_COPYRIGHT_FILE,
                                        ISO_FILE_ID);
  r->iso_abstract_file_id = id_string (pvd + PVD_ABSTRACT_FILE, ISO_FILE_ID);
  r->iso_bibliographic_file_id = id_string (pvd + PVD_BIBLIOGRAPHIC_FILE,
                                            ISO_FILE_ID);
  r->iso_volume_creation_t = iso_date (pvd + PVD_CREATION_DATE);
  r->iso_volume_modification_t = iso_date (pvd + PVD_MODIFICATION_DATE);
  r->iso_volume_expiration_t = iso_date (pvd + PVD_EXPIRATION_DATE);
  r->iso_volume_effective_t = iso_date (pvd + PVD_EFFECTIVE_DATE);
  if (!r->iso_system_id || !r->iso_volume_id || !r->iso_volume_set_id ||
      !r->iso_publisher_id || !r->iso_data_preparer_id ||
      !r->iso_application_id || !r->iso_copyright_file_id ||
      !r->iso_abstract_file_id || !r->iso_bibliographic_file_id) {
    reply_with_perror ("strndup");
    guestfs_free_isoinfo (r);
    return NULL;
  }
  return r;
}

struct guestfs_isoinfo *
do_isoinfo_device (const char *device)
{
  struct guestfs_isoinfo *r;
  int fd = open (device, O_RDONLY | O_CLOEXEC);

  if (fd == -1) {
    reply_with_perror ("%s", device);
    return NULL;
  }
  r = isoinfo_fd (fd, device);
  close (fd);
  return r;
}

struct guestfs_isoinfo *
do_isoinfo (const char *isofile)
{
  struct guestfs_isoinfo *r;
  int fd = open_guest_file (isofile, O_RDONLY, 0);

  if (fd == -1) {
    reply_with_perror ("%s", isofile);
    return NULL;
  }
  r = isoinfo_fd (fd, isofile);
  close (fd);
  return r;
}
