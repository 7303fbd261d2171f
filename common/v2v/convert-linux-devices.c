/* careen - offline disk-image toolkit
 * Device names of the source's disks renamed for the target bus: the
 * guest's fstab or boot loader may name /dev/sda1 (SCSI, SATA), /dev/hda1
 * (old IDE) or /dev/xvda1 (Xen), and on virtio-blk the same disk is
 * /dev/vda1.  Source disk N, whatever it was called, becomes the Nth
 * disk of the target bus.  UUID=, LABEL= and /dev/disk/by-* names do
 * not depend on the bus and are left alone, as are names of disks the
 * source does not have (beyond nr_disks).
 *
 * The files are edited as text, token by token, rather than through
 * Augeas: only the device names change, every other byte (comments,
 * grub.cfg's script) is kept, and one scanner serves files that have
 * no lens (grub.cfg, device.map).
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "convert-linux.h"

/* The files that name disks, where the distributions keep them. */
static const char *const device_files[] = {
  "/etc/fstab", "/etc/crypttab",
  "/boot/grub/grub.cfg", "/boot/grub2/grub.cfg", "/etc/default/grub",
  "/boot/grub/menu.lst", "/boot/grub/grub.conf", "/etc/grub.conf",
  "/boot/grub/device.map", "/boot/grub2/device.map",
  "/etc/sysconfig/grub", "/etc/sysconfig/bootloader",
  "/boot/efi/EFI/redhat/grub.conf", "/etc/lilo.conf",
  "/boot/extlinux/extlinux.conf", "/boot/syslinux/syslinux.cfg",
  "/etc/mdadm.conf", "/etc/mdadm/mdadm.conf",
  "/etc/sysconfig/kernel",
  NULL
};

/* Source name prefixes after "/dev/", longest first so "xvd" is not
 * taken for something else.
 */
static const char *const source_prefixes[] = { "xvd", "hd", "sd", NULL };

/* Most letters of a disk name: "zzz" is disk 18277, far beyond any
 * source; also bounds the index arithmetic below.
 */
#define LINUX_MAX_DISK_LETTERS 3

char *
linux_disk_name (char *buf, size_t len, const char *prefix, size_t index)
{
  char letters[LINUX_MAX_DISK_LETTERS + 1];
  size_t n = 0, i;

  /* Bijective base 26: a..z, aa..zz, aaa..zzz. */
  index++;
  while (index > 0 && n < LINUX_MAX_DISK_LETTERS) {
    index--;
    letters[n++] = 'a' + index % 26;
    index /= 26;
  }
  for (i = 0; i < n / 2; ++i) {
    char c = letters[i];
    letters[i] = letters[n - 1 - i];
    letters[n - 1 - i] = c;
  }
  letters[n] = '\0';
  snprintf (buf, len, "%s%s", prefix, letters);
  return buf;
}

/* Index of the disk letters at P (N of them), or -1 when too long. */
static long
disk_index (const char *p, size_t n)
{
  long index = 0;
  size_t i;

  if (n == 0 || n > LINUX_MAX_DISK_LETTERS)
    return -1;
  for (i = 0; i < n; ++i)
    index = index * 26 + (p[i] - 'a' + 1);
  return index - 1;
}

/* Whether C can continue a device name token: a name followed by one
 * of these ("/dev/sdab" when looking at "/dev/sda") is another name.
 */
static bool
name_char (char c)
{
  return isalnum ((unsigned char) c) || c == '_' || c == '-' || c == '.';
}

char *
linux_remap_text (const char *content, size_t nr_disks, const char *target,
            size_t *count)
{
  char *out = NULL;
  size_t size = 0;
  FILE *fp = open_memstream (&out, &size);
  const char *p = content;

  if (fp == NULL)
    return NULL;
  *count = 0;
  while (*p != '\0') {
    const char *dev = strstr (p, "/dev/");
    const char *name, *letters, *digits, *end;
    size_t n, nletters;
    long index;
    char newname[16];

    if (dev == NULL) {
      fputs (p, fp);
      break;
    }
    name = dev + 5;
    fwrite (p, 1, name - p, fp);
    p = name;
    /* "/dev/" inside a longer path (/mnt/dev/sda) is not a device. */
    if (dev > content && (name_char (dev[-1]) || dev[-1] == '/'))
      continue;
    for (n = 0; source_prefixes[n] != NULL; ++n)
      if (strncmp (name, source_prefixes[n], strlen (source_prefixes[n])) == 0)
        break;
    if (source_prefixes[n] == NULL)
      continue;
    letters = name + strlen (source_prefixes[n]);
    for (nletters = 0; letters[nletters] >= 'a' && letters[nletters] <= 'z';
         ++nletters)
      ;
    digits = letters + nletters;
    for (end = digits; isdigit ((unsigned char) *end); ++end)
      ;
    /* Whole names only: /dev/sda1x or /dev/sda_old is not sda's. */
    if (name_char (*end))
      continue;
    index = disk_index (letters, nletters);
    if (index < 0 || (size_t) index >= nr_disks)
      continue;
    linux_disk_name (newname, sizeof newname, target, index);
    fputs (newname, fp);
    fwrite (digits, 1, end - digits, fp);
    p = end;
    (*count)++;
  }
  if (fclose (fp) == EOF) {
    free (out);
    return NULL;
  }
  return out;
}

int
linux_remap_devices (struct linux_guest *lg)
{
  const char *target =
    lg->block_bus == V2V_BUS_VIRTIO_BLK ? "vd" : "sd";
  size_t n;

  /* IDE targets are still sdX to today's kernels (libata). */
  for (n = 0; device_files[n] != NULL; ++n) {
    CLEANUP_FREE char *content = NULL;
    CLEANUP_FREE char *real = NULL;
    CLEANUP_FREE char *out = NULL;
    bool absent;
    size_t count;

    content = linux_read_config (lg->g, device_files[n], &real, &absent);
    if (content == NULL) {
      if (absent)
        continue;
      return -1;
    }
    out = linux_remap_text (content, lg->o->nr_disks, target, &count);
    if (out == NULL) {
      v2v_error ("'%s': %s", device_files[n], strerror (errno));
      return -1;
    }
    if (count == 0 || strcmp (out, content) == 0)
      continue;
    if (lg->o->verbose)
      fprintf (stderr, "%s: %zu device names renamed in '%s'\n",
               v2v_program (), count, device_files[n]);
    if (linux_write_config (lg->g, real, out) == -1)
      return -1;
  }
  return 0;
}
