/* careen - offline disk-image toolkit */

/**
 * Swap areas: mkswap (and its old forms mkswap_L, mkswap_U),
 * swapon_device, swapoff_device, and changing the label or UUID of an
 * existing swap area (for set_label / set_uuid), done here by writing
 * the header fields since swaplabel is not in the appliance.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/swap.h>
#include <unistd.h>

#include "hex.h"
#include "daemon.h"

/* The swap header (version 1) as mkswap writes it with the x86 page
 * size: the signature ends the first page, and after 1024 bytes of
 * boot code come version, last page and bad page count (3 x 32 bits),
 * the UUID and the label.
 */
#define SWAP_PAGE_SIZE 4096
#define SWAP_SIGNATURE "SWAPSPACE2"
#define SWAP_SIGNATURE_OFFSET (SWAP_PAGE_SIZE - 10)
#define SWAP_UUID_OFFSET (1024 + 12)
#define SWAP_LABEL_OFFSET (SWAP_UUID_OFFSET + 16)
#define SWAP_LABEL_MAX 16

int
do_mkswap (const char *device, const char *label, const char *uuid)
{
  struct fsargs a;

  if ((optargs_bitmask & GUESTFS_MKSWAP_OPTS_LABEL_BITMASK) &&
      strlen (label) > SWAP_LABEL_MAX) {
    reply_with_error_errno (ERANGE, "swap label too long (at most %d "
                            "bytes): %s", SWAP_LABEL_MAX, label);
    return -1;
  }
  fsargs_init (&a);
  fsargs_add (&a, "mkswap");
  /* -f: a whole disk or a device with a partition table is fine. */
  fsargs_add (&a, "-f");
  if (optargs_bitmask & GUESTFS_MKSWAP_OPTS_LABEL_BITMASK) {
    fsargs_add (&a, "-L");
    fsargs_add (&a, label);
  }
  if (optargs_bitmask & GUESTFS_MKSWAP_OPTS_UUID_BITMASK) {
    fsargs_add (&a, "-U");
    fsargs_add (&a, uuid);
  }
  fsargs_add (&a, device);
  if (check_not_mounted (device) == -1) {
    fsargs_release (&a);
    return -1;
  }
  if (fsargs_run (&a, false, NULL) == -1)
    return -1;
  return wipe_other_signatures (device, "swap");
}

int
do_mkswap_L (const char *label, const char *device)
{
  optargs_bitmask = GUESTFS_MKSWAP_OPTS_LABEL_BITMASK;
  return do_mkswap (device, label, "");
}

int
do_mkswap_U (const char *uuid, const char *device)
{
  optargs_bitmask = GUESTFS_MKSWAP_OPTS_UUID_BITMASK;
  return do_mkswap (device, "", uuid);
}

int
do_swapon_device (const char *device)
{
  if (swapon (device, 0) == -1) {
    reply_with_perror ("swapon: %s", device);
    return -1;
  }
  return 0;
}

int
do_swapoff_device (const char *device)
{
  if (swapoff (device) == -1) {
    reply_with_perror ("swapoff: %s", device);
    return -1;
  }
  return 0;
}

/* Opens the device after checking that it holds a swap header; -1
 * after replying.
 */
static int
open_swap (const char *device)
{
  char sig[sizeof SWAP_SIGNATURE - 1];
  int fd = open (device, O_RDWR | O_CLOEXEC);

  if (fd == -1) {
    reply_with_perror ("%s", device);
    return -1;
  }
  if (pread (fd, sig, sizeof sig, SWAP_SIGNATURE_OFFSET) != sizeof sig ||
      memcmp (sig, SWAP_SIGNATURE, sizeof sig) != 0) {
    close (fd);
    reply_with_error_errno (EINVAL, "%s: no swap area (version 1, 4 KiB "
                            "pages) found", device);
    return -1;
  }
  return fd;
}

static int
write_field (const char *device, off_t offset, const void *buf, size_t len)
{
  int fd = open_swap (device);

  if (fd == -1)
    return -1;
  if (pwrite (fd, buf, len, offset) != (ssize_t) len || fsync (fd) == -1) {
    reply_with_perror ("%s", device);
    close (fd);
    return -1;
  }
  if (close (fd) == -1) {
    reply_with_perror ("%s", device);
    return -1;
  }
  return 0;
}

int
swap_set_label (const char *device, const char *label)
{
  char buf[SWAP_LABEL_MAX] = { 0 };

  if (strlen (label) > SWAP_LABEL_MAX) {
    reply_with_error_errno (ERANGE, "swap label too long (at most %d "
                            "bytes): %s", SWAP_LABEL_MAX, label);
    return -1;
  }
  memcpy (buf, label, strlen (label));
  return write_field (device, SWAP_LABEL_OFFSET, buf, sizeof buf);
}

/* "8-4-4-4-12" hex digits to 16 bytes; -1 if malformed. */
static int
parse_uuid (const char *s, unsigned char *u)
{
  size_t i, n = 0;

  for (i = 0; s[i] && n < 32; ++i) {
    if (s[i] == '-' && (i == 8 || i == 13 || i == 18 || i == 23))
      continue;
    if (hex_digit_value (s[i]) == -1)
      return -1;
    if (n % 2 == 0)
      u[n / 2] = hex_digit_value (s[i]) << 4;
    else
      u[n / 2] |= hex_digit_value (s[i]);
    n++;
  }
  return n == 32 && s[i] == '\0' && i == 36 ? 0 : -1;
}

int
swap_set_uuid (const char *device, const char *uuid)
{
  unsigned char u[16];

  if (uuid == NULL) {
    /* A random (version 4) UUID. */
    if (getrandom (u, sizeof u, 0) != sizeof u) {
      reply_with_perror ("getrandom");
      return -1;
    }
    u[6] = (u[6] & 0x0f) | 0x40;
    u[8] = (u[8] & 0x3f) | 0x80;
  }
  else if (parse_uuid (uuid, u) == -1) {
    reply_with_error_errno (EINVAL, "invalid UUID: %s", uuid);
    return -1;
  }
  return write_field (device, SWAP_UUID_OFFSET, u, sizeof u);
}
