/* careen - offline disk-image toolkit */

/**
 * list_disk_labels: the labels drives were given with add_drive's
 * "label" optional argument.  The library passes a label to qemu as
 * the disk's SCSI serial number; the appliance has no udev to make
 * /dev/disk/guestfs/LABEL links, so the serial is read back from the
 * unit serial number page (VPD page 0x80) the kernel keeps in sysfs.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"

/* Longest serial taken as a label: what qemu keeps of a SCSI serial.
 * The library's own labels are shorter still.
 */
#define SERIAL_MAX 36

/* VPD page 0x80: a 4-byte header (the page length big-endian in bytes
 * 2 and 3), then the serial in ASCII.  Read a little more than the
 * longest serial so that an over-long one is seen as such.
 */
#define VPD_HEADER 4
#define VPD_READ_MAX (VPD_HEADER + SERIAL_MAX + 16)

/* Characters of a label (as add_drive checks them). */
#define LABEL_CHARS \
  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"

/* The label of disk ("sda") into label[SERIAL_MAX + 1]: 1 if it has
 * one, 0 if not (no serial page, or a serial that is not a label).
 */
static int
disk_label (const char *disk, char *label)
{
  char path[128];
  unsigned char buf[VPD_READ_MAX];
  ssize_t n;
  size_t len;
  int fd;

  if (snprintf (path, sizeof path, "/sys/block/%s/device/vpd_pg80", disk)
      >= (int) sizeof path)
    return 0;
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd == -1)
    return 0;
  n = read (fd, buf, sizeof buf);
  close (fd);
  if (n < VPD_HEADER || buf[1] != 0x80)
    return 0;
  len = ((size_t) buf[2] << 8) | buf[3];
  if (len > (size_t) n - VPD_HEADER)
    return 0;
  /* Serials may be padded with spaces or NULs. */
  while (len > 0 && (buf[VPD_HEADER + len - 1] == ' ' ||
                     buf[VPD_HEADER + len - 1] == '\0'))
    len--;
  if (len == 0 || len > SERIAL_MAX)
    return 0;
  memcpy (label, buf + VPD_HEADER, len);
  label[len] = '\0';
  return strspn (label, LABEL_CHARS) == len;
}

char **
do_list_disk_labels (void)
{
  CLEANUP_FREE_STRING_LIST char **disks = NULL;
  CLEANUP_FREE_STRING_LIST char **parts = NULL;
  struct stringsbuf sb;
  char label[SERIAL_MAX + 1];
  char **r;
  size_t i, j;

  disks = get_devices ();
  parts = disks ? get_partitions () : NULL;
  if (parts == NULL) {
    reply_with_perror ("listing the disks");
    return NULL;
  }
  stringsbuf_init (&sb);
  for (i = 0; disks[i] != NULL; ++i) {
    size_t dlen = strlen (disks[i]);

    if (disk_label (disks[i] + 5, label) == 0)
      continue;
    if (stringsbuf_add_string (&sb, label) == -1 ||
        stringsbuf_add_string (&sb, disks[i]) == -1)
      goto nomem;
    /* A partition is named after its disk, followed by its number
     * (sda1): the label takes the same number.
     */
    for (j = 0; parts[j] != NULL; ++j) {
      const char *num = parts[j] + dlen;

      if (strncmp (parts[j], disks[i], dlen) != 0 || *num == '\0' ||
          strspn (num, "0123456789") != strlen (num))
        continue;
      if (stringsbuf_add_format (&sb, "%s%s", label, num) == -1 ||
          stringsbuf_add_string (&sb, parts[j]) == -1)
        goto nomem;
    }
  }
  r = stringsbuf_finish (&sb);
  if (r == NULL)
    reply_with_perror ("malloc");
  return r;

 nomem:
  reply_with_perror ("malloc");
  stringsbuf_release (&sb);
  return NULL;
}
