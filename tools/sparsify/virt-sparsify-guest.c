/** careen - offline disk-image toolkit
 *
 * virt-sparsify: the work in the appliance, the same for both modes
 * with one difference: in copying mode the disk is a throw-away qcow2
 * overlay, in --in-place mode it is the user's own image.
 *
 * Free space is given back with discard wherever possible: on a qcow2
 * overlay (compat 1.1, with a backing file) a discarded cluster
 * becomes a zero cluster, which qemu-img convert leaves out of the
 * output; on the user's raw image qemu punches a hole.  Only when a
 * filesystem cannot trim (ntfs-3g, encrypted devices) is its free
 * space filled with zeroes instead, and only in copying mode: in place
 * that would allocate every free block of the user's image.
 *
 * Swap areas keep their first page (signature, version, label, UUID:
 * byte for byte what the guest wrote) and lose the rest.  The free
 * extents of each volume group are taken by a temporary logical volume,
 * discarded, and given back.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "cleanups.h"
#include "virt-sparsify.h"

/* The first page of a swap area: what mkswap wrote with the x86 page
 * size, the signature in its last 10 bytes.  A hibernated system moves
 * the signature away, so its image (the memory of a suspended guest)
 * is never touched.
 */
#define SWAP_HEADER_SIZE 4096
#define SWAP_SIGNATURE "SWAPSPACE2"
#define SWAP_SIGNATURE_OFFSET (SWAP_HEADER_SIZE - 10)

/* Length of the random name of the temporary logical volume. */
#define TMP_LV_NAME_LEN 8

/* The canonical name of DEV (/dev/mapper/vg-lv and /dev/vg/lv are the
 * same device), or a copy of DEV when the library does not know it.
 */
static char *
canonical (guestfs_h *g, const char *dev)
{
  char *r;

  guestfs_push_error_handler (g, NULL, NULL);
  r = guestfs_canonical_device_name (g, dev);
  guestfs_pop_error_handler (g);
  if (r == NULL && (r = strdup (dev)) == NULL) {
    perror ("strdup");
    exit (EXIT_FAILURE);
  }
  return r;
}

/* True if DEV is named in LIST (N names), in any of its spellings. */
static bool
named_in (guestfs_h *g, const char *dev, const char *const *list, size_t n)
{
  CLEANUP_FREE char *cdev = canonical (g, dev);
  size_t i;

  for (i = 0; i < n; ++i) {
    CLEANUP_FREE char *c = NULL;

    if (strcmp (dev, list[i]) == 0)
      return true;
    c = canonical (g, list[i]);
    if (strcmp (cdev, c) == 0)
      return true;
  }
  return false;
}

/* True if DEV is a logical volume that LVM keeps read-only: writing
 * the free space of a filesystem there would fail anyway.
 */
static bool
is_read_only_lv (guestfs_h *g, const char *dev)
{
  struct guestfs_lvm_lv_list *lvs = NULL;
  CLEANUP_FREE char *uuid = NULL;
  bool ro = false;
  uint32_t i;

  guestfs_push_error_handler (g, NULL, NULL);
  if (guestfs_is_lv (g, dev) == 1 &&
      (uuid = guestfs_lvuuid (g, dev)) != NULL)
    lvs = guestfs_lvs_full (g);
  guestfs_pop_error_handler (g);
  if (lvs == NULL)
    return false;
  for (i = 0; i < lvs->len; ++i) {
    const char *attr = lvs->val[i].lv_attr;

    /* lv_uuid is 32 characters, not NUL-terminated. */
    if (strlen (uuid) == sizeof lvs->val[i].lv_uuid &&
        memcmp (lvs->val[i].lv_uuid, uuid, sizeof lvs->val[i].lv_uuid) == 0 &&
        attr && strlen (attr) > 1 && attr[1] == 'r')
      ro = true;
  }
  guestfs_free_lvm_lv_list (lvs);
  return ro;
}

/* The whole of DEV made to read as zeroes: discard what can be
 * discarded (cheap, and it is what frees space), then write zeroes
 * wherever the discard left data (partial qcow2 clusters, a host
 * filesystem that cannot punch holes).  zero_device reads first and
 * writes only blocks that are not zero, so nothing is allocated again.
 */
static int
zero_whole_device (guestfs_h *g, const char *dev)
{
  if (guestfs_blkdiscard (g, dev) == -1 ||
      guestfs_zero_device (g, dev) == -1)
    return -1;
  return 0;
}

/* Frees the body of the swap area DEV, keeping its first page. */
static int
clear_swap (guestfs_h *g, const char *dev)
{
  CLEANUP_FREE char *header = NULL;
  size_t size;

  header = guestfs_pread_device (g, dev, SWAP_HEADER_SIZE, 0, &size);
  if (header == NULL)
    return -1;
  if (size != SWAP_HEADER_SIZE ||
      memcmp (header + SWAP_SIGNATURE_OFFSET, SWAP_SIGNATURE,
              strlen (SWAP_SIGNATURE)) != 0)
    return 0;                   /* hibernated, or not x86's page size */

  message ("Clearing Linux swap on %s", dev);
  if (guestfs_blkdiscard (g, dev) == -1)
    return -1;
  /* The discard took the header too (the page is part of the first
   * cluster): put it back exactly as it was.
   */
  if (guestfs_pwrite_device (g, dev, header, SWAP_HEADER_SIZE, 0) !=
      SWAP_HEADER_SIZE) {
    fprintf (stderr, "%s: error: %s: the swap header could not be "
             "written back\n", PROGRAM, dev);
    return -1;
  }
  return 0;
}

/* Frees the free space of the filesystem DEV, which is mounted on /. */
static int
free_filesystem_space (guestfs_h *g, const char *dev, bool in_place)
{
  int r;

  if (in_place)
    message ("Trimming %s", dev);
  else
    message ("Fill free space in %s with zero", dev);

  guestfs_push_error_handler (g, NULL, NULL);
  r = guestfs_fstrim (g, "/", -1);
  guestfs_pop_error_handler (g);
  if (r == 0)
    return 0;
  if (in_place) {
    /* Writing zeroes would allocate the free space of the user's
     * image: leave this filesystem as it is.
     */
    warning ("%s: %s (ignored)", dev, guestfs_last_error (g));
    return 0;
  }
  return guestfs_zero_free_space (g, "/");
}

/* One entry of list_filesystems. */
static int
sparsify_one (guestfs_h *g, const struct sparsify *sp, const char *dev,
              const char *type, bool in_place)
{
  int r;

  if (named_in (g, dev, sp->ignores, sp->nr_ignores) ||
      is_read_only_lv (g, dev))
    return 0;

  if (named_in (g, dev, sp->zeroes, sp->nr_zeroes)) {
    message ("Zeroing %s", dev);
    return zero_whole_device (g, dev);
  }

  if (strcmp (type, "swap") == 0)
    return clear_swap (g, dev);
  /* Nothing to mount in these; "unknown" may be a filesystem the
   * kernel does not know, which cannot be mounted either.
   */
  if (strcmp (type, "unknown") == 0 || strcmp (type, "crypto_LUKS") == 0 ||
      strcmp (type, "LVM2_member") == 0)
    return 0;

  guestfs_push_error_handler (g, NULL, NULL);
  r = guestfs_mount (g, dev, "/");
  guestfs_pop_error_handler (g);
  if (r == -1)
    return 0;                   /* not mountable: left as it is */
  r = free_filesystem_space (g, dev, in_place);
  if (guestfs_umount_all (g) == -1)
    r = -1;
  return r;
}

/* A random name for the temporary logical volume. */
static void
random_lv_name (char *buf)
{
  static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char rnd[TMP_LV_NAME_LEN];
  size_t i;

  if (getrandom (rnd, sizeof rnd, 0) != (ssize_t) sizeof rnd) {
    perror ("getrandom");
    exit (EXIT_FAILURE);
  }
  for (i = 0; i < TMP_LV_NAME_LEN; ++i)
    buf[i] = chars[rnd[i] % (sizeof chars - 1)];
  buf[TMP_LV_NAME_LEN] = '\0';
}

/* Frees the unallocated extents of the volume group VG. */
static int
sparsify_vg (guestfs_h *g, const char *vg, bool in_place)
{
  char name[TMP_LV_NAME_LEN + 1];
  CLEANUP_FREE char *lv = NULL;
  int r, r2;

  random_lv_name (name);
  if (asprintf (&lv, "/dev/%s/%s", vg, name) == -1) {
    perror ("asprintf");
    return -1;
  }
  /* No free extents is the common case: nothing to do. */
  guestfs_push_error_handler (g, NULL, NULL);
  r = guestfs_lvcreate_free (g, name, vg, 100);
  guestfs_pop_error_handler (g);
  if (r == -1)
    return 0;

  if (in_place)
    message ("Discard space in volgroup %s", vg);
  else
    message ("Fill free space in volgroup %s with zero", vg);
  r = guestfs_blkdiscard (g, lv);
  /* Whatever happened, the guest must not keep the volume. */
  r2 = guestfs_lvremove (g, lv);
  return r == -1 || r2 == -1 ? -1 : 0;
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

int
sparsify_guest (guestfs_h *g, const struct sparsify *sp, bool in_place)
{
  CLEANUP_FREE_STRING_LIST char **fses = NULL;
  CLEANUP_FREE_STRING_LIST char **vgs = NULL;
  CLEANUP_FREE char **devs = NULL;
  size_t i, n = 0;

  fses = guestfs_list_filesystems (g);
  if (fses == NULL)
    return -1;
  while (fses[2 * n] != NULL)
    n++;

  /* Device names in order, so that the messages come out sorted;
   * each points at its type, the next element of fses.
   */
  devs = calloc (n + 1, sizeof *devs);
  if (devs == NULL) {
    perror ("calloc");
    return -1;
  }
  for (i = 0; i < n; ++i)
    devs[i] = fses[2 * i];
  qsort (devs, n, sizeof *devs, compare_strings);

  for (i = 0; i < n; ++i) {
    const char *type = NULL;
    size_t j;

    for (j = 0; j < n; ++j)
      if (fses[2 * j] == devs[i])
        type = fses[2 * j + 1];
    if (sparsify_one (g, sp, devs[i], type ? type : "unknown",
                      in_place) == -1)
      return -1;
  }

  /* Names in --zero that are not filesystems of the guest would be a
   * silent no-op: say so.
   */
  for (i = 0; i < sp->nr_zeroes; ++i) {
    size_t j;
    bool found = false;

    for (j = 0; j < n && !found; ++j)
      found = named_in (g, devs[j], &sp->zeroes[i], 1);
    if (!found)
      warning ("--zero %s: no such device in the guest (ignored)",
               sp->zeroes[i]);
  }

  guestfs_push_error_handler (g, NULL, NULL);
  vgs = guestfs_vgs (g);
  guestfs_pop_error_handler (g);
  if (vgs == NULL)
    return 0;                   /* no LVM in the appliance: no VGs */
  n = 0;
  while (vgs[n] != NULL)
    n++;
  qsort (vgs, n, sizeof *vgs, compare_strings);
  for (i = 0; i < n; ++i) {
    size_t j;
    bool ignored = false;

    for (j = 0; j < sp->nr_ignores && !ignored; ++j)
      ignored = strcmp (vgs[i], sp->ignores[j]) == 0;
    if (!ignored && sparsify_vg (g, vgs[i], in_place) == -1)
      return -1;
  }
  return 0;
}
