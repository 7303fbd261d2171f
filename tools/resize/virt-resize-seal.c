/** careen - offline disk-image toolkit
 *
 * virt-resize: keeping an unfinished output disk from passing for a
 * finished one.  The output is a file or device the user named and
 * made in advance, so it cannot be written under another name and
 * renamed at the end; instead it carries no valid partition table
 * while it is being written.
 *
 * The first write to the output clears the boot signature of its
 * sector 0 (0x55 0xAA at offset 510, which both an MBR and GPT's
 * protective MBR must have): the Linux kernel, libblkid, sfdisk, a
 * BIOS and UEFI firmware then see a disk with no partitions, whatever
 * it held before.  The tools that write a partition table (parted,
 * sgdisk) cannot be told to leave the signature out, and write it
 * with each of the many changes a table takes, so the table is made
 * on a scratch disk of the output's size instead, its signature is
 * cleared there, and only then are its sectors (sector 0 up to the
 * first partition, and GPT's backup in the last sectors) copied to
 * the output.  Only when every partition is copied and grown is the
 * signature put back, as the last write.  So virt-resize killed at
 * any point, even by SIGKILL, or the host disk filling up, leaves an
 * output that nothing takes for a usable disk.
 *
 * The second launch (growing the contents) must see the partitions:
 * the signature is written back, the kernel reads the table again, and
 * the signature is cleared at once; the kernel keeps the partitions it
 * read.
 *
 * On SIGINT, SIGTERM, SIGHUP and SIGQUIT virt-resize says that the
 * output is incomplete before it dies (the library's watcher stops the
 * appliance).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guestfs.h"
#include "cleanups.h"
#include "virt-resize.h"

/* A GPT header and its 128 entries of 128 bytes: at sector 1, and
 * again (entries first) in the disk's last sectors.
 */
#define GPT_TABLE_SECTORS 33

/* Where the boot signature lies in sector 0, and its bytes. */
#define BOOT_SIG_OFFSET 510
static const char boot_sig[2] = { 0x55, (char) 0xaa };
static const char no_sig[2] = { 0, 0 };

/* The message of the signal handler, built before any signal can come:
 * the handler only writes it.
 */
static char incomplete_msg[512];
static size_t incomplete_len;

/* Sector 0 of the output as write_table made it, signature included:
 * what the host writes back when no second launch does.
 */
static char saved_sector[RZ_SECTOR];

static void
on_signal (int sig)
{
  ssize_t r;

  r = write (STDERR_FILENO, incomplete_msg, incomplete_len);
  (void) r;
  signal (sig, SIG_DFL);
  raise (sig);
}

/* From now on a signal says that OUTFILE is incomplete. */
static void
catch_signals (const char *outfile)
{
  static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
  struct sigaction sa = { .sa_handler = on_signal };
  int n;
  size_t i;

  n = snprintf (incomplete_msg, sizeof incomplete_msg,
                "\n%s: error: interrupted: the output disk '%s' is "
                "incomplete: do not use it\n", PROGRAM, outfile);
  if (n < 0)
    n = 0;
  incomplete_len = (size_t) n < sizeof incomplete_msg ?
    (size_t) n : sizeof incomplete_msg - 1;
  sigemptyset (&sa.sa_mask);
  for (i = 0; i < sizeof sigs / sizeof sigs[0]; ++i)
    sigaddset (&sa.sa_mask, sigs[i]);
  for (i = 0; i < sizeof sigs / sizeof sigs[0]; ++i)
    sigaction (sigs[i], &sa, NULL);
}

static int
write_sig (guestfs_h *g, const char *outdev, const char *sig)
{
  return guestfs_pwrite_device (g, outdev, sig, 2, BOOT_SIG_OFFSET) == 2 ?
    0 : -1;
}

int
rz_unseal_start (guestfs_h *g, const char *outdev, const struct rz_opts *o)
{
  catch_signals (o->outfile);
  /* Synced at once: a kill now must find the signature gone from the
   * host's file, not only from the appliance's cache.
   */
  if (write_sig (g, outdev, no_sig) == -1 || guestfs_sync (g) == -1)
    return -1;
  return 0;
}

/* Copies SIZE bytes at OFFSET from the table disk to the output. */
static int
copy_table_area (guestfs_h *g, const char *tabledev, const char *outdev,
                 int64_t offset, int64_t size)
{
  return guestfs_copy_device_to_device (g, tabledev, outdev,
             GUESTFS_COPY_DEVICE_TO_DEVICE_SRCOFFSET, offset,
             GUESTFS_COPY_DEVICE_TO_DEVICE_DESTOFFSET, offset,
             GUESTFS_COPY_DEVICE_TO_DEVICE_SIZE, size,
             -1);
}

int
rz_unseal (guestfs_h *g, const char *tabledev, const char *outdev,
           const struct rz_disk *d)
{
  const bool gpt = strcmp (d->parttype, "gpt") == 0;
  CLEANUP_FREE char *sector = NULL;
  int64_t head = gpt ? GPT_TABLE_SECTORS + 1 : 1;
  int64_t tablesize;
  size_t size, i;

  tablesize = guestfs_blockdev_getsize64 (g, tabledev);
  if (tablesize == -1)
    return -1;
  if (tablesize != d->outsize) {
    rz_warn ("%s: the scratch disk for the partition table has %" PRIi64
             " bytes, the output %" PRIi64 " (is --output-format right?)",
             tabledev, tablesize, d->outsize);
    return -1;
  }
  sector = guestfs_pread_device (g, tabledev, RZ_SECTOR, 0, &size);
  if (sector == NULL)
    return -1;
  if (size != RZ_SECTOR ||
      memcmp (sector + BOOT_SIG_OFFSET, boot_sig, 2) != 0) {
    /* write_table always writes one: something else went wrong. */
    rz_warn ("%s: the new partition table has no boot signature", tabledev);
    return -1;
  }
  memcpy (saved_sector, sector, RZ_SECTOR);
  if (write_sig (g, tabledev, no_sig) == -1)
    return -1;

  /* Everything before the first partition: the table, and what
   * rz_write_table copied of the boot loader.
   */
  for (i = 0; i < d->nr_parts; ++i)
    if (d->parts[i].op != RZ_OP_DELETE) {
      if (d->parts[i].out_start > head)
        head = d->parts[i].out_start;
      break;
    }
  if (copy_table_area (g, tabledev, outdev, 0, head * RZ_SECTOR) == -1)
    return -1;
  if (gpt &&
      copy_table_area (g, tabledev, outdev,
                       d->outsize - GPT_TABLE_SECTORS * RZ_SECTOR,
                       GPT_TABLE_SECTORS * RZ_SECTOR) == -1)
    return -1;
  return guestfs_sync (g);
}

int
rz_unseal_reopen (guestfs_h *g, const char *outdev, bool lvm)
{
  if (write_sig (g, outdev, boot_sig) == -1 ||
      guestfs_blockdev_rereadpt (g, outdev) == -1 ||
      write_sig (g, outdev, no_sig) == -1 ||
      guestfs_sync (g) == -1)
    return -1;
  /* The PVs appeared after the appliance's own scan. */
  if (lvm && guestfs_lvm_scan (g, 1) == -1)
    return -1;
  return 0;
}

int
rz_seal (guestfs_h *g, const char *outdev)
{
  /* Everything else reaches the disk first: the signature must never
   * be on it before the data it vouches for.
   */
  if (guestfs_sync (g) == -1)
    return -1;
  return write_sig (g, outdev, boot_sig);
}

int
rz_seal_host (const struct rz_opts *o)
{
  const char *tmp = getenv ("TMPDIR");
  char name[4096];
  int fd, r;

  if (tmp == NULL || *tmp == '\0')
    tmp = "/tmp";
  if ((size_t) snprintf (name, sizeof name, "%s/virt-resize.XXXXXX", tmp) >=
      sizeof name) {
    rz_warn ("TMPDIR '%s': name too long", tmp);
    return -1;
  }
  fd = mkstemp (name);
  if (fd == -1) {
    rz_warn ("cannot create a file in '%s': %m", tmp);
    return -1;
  }
  if (write (fd, saved_sector, RZ_SECTOR) != RZ_SECTOR) {
    rz_warn ("write: %s: %m", name);
    close (fd);
    unlink (name);
    return -1;
  }
  close (fd);
  r = rz_copy_host_file (o, name, 0, RZ_SECTOR);
  unlink (name);
  return r;
}
