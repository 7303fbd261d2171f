/** careen - offline disk-image toolkit
 *
 * The drive list: add_drive_opts, add_drive_ro, add_drive_scratch.
 * Everything that can be checked about a drive is checked when it is
 * added, so that a mistake is reported by the call that made it rather
 * than as a qemu failure at launch.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs-internal.h"
#include "image-header.h"

/* Longest drive label.  It becomes the disk's SCSI serial number
 * (scsi-hd truncates serials at 36 characters) and the name
 * /dev/disk/guestfs/LABEL in the appliance; 20 keeps it readable and
 * safe in both.
 */
#define MAX_LABEL_LEN 20

static void
free_drive (struct drive *drv)
{
  if (drv == NULL)
    return;
  free (drv->filename);
  free (drv->format);
  free (drv->name);
  free (drv->label);
  free (drv->cachemode);
  free (drv->chain);
  guestfs_int_drive_free_remote (drv);
  free (drv);
}

void
guestfs_int_free_drives (guestfs_h *g)
{
  size_t i;

  for (i = 0; i < g->drives.len; ++i)
    free_drive (g->drives.ptr[i]);
  drive_vector_release (&g->drives);
}

static char *
xstrdup (guestfs_h *g, const char *s)
{
  char *r = strdup (s);

  if (r == NULL)
    guestfs_int_oom (g);
  return r;
}

static bool
valid_label (const char *label)
{
  size_t n = strlen (label);

  if (n == 0 || n > MAX_LABEL_LEN)
    return false;
  return strspn (label,
                 "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                 "0123456789_") == n;
}

static int
check_blocksize (guestfs_h *g, int blocksize)
{
  if (blocksize != 512 && blocksize != 4096) {
    guestfs_int_error_errno (g, EINVAL,
                             "invalid blocksize %d (must be 512 or 4096)",
                             blocksize);
    return -1;
  }
  return 0;
}

/* The interfaces qemu's -drive if= knows.  careen attaches every drive
 * as a SCSI disk whatever the caller asks: the guest's disks appear as
 * /dev/sdX either way, as libguestfs names them in its API.
 */
static int
check_iface (guestfs_h *g, const char *iface)
{
  static const char *const ifaces[] = {
    "ide", "scsi", "sd", "virtio", "virtio-scsi", "virtio-blk", "mtd",
    "floppy", "pflash", "none", NULL
  };
  size_t i;

  for (i = 0; ifaces[i]; ++i)
    if (strcmp (iface, ifaces[i]) == 0) {
      debug (g, "add_drive: iface %s: the drive is attached as a SCSI "
             "disk, as all drives are", iface);
      return 0;
    }
  guestfs_int_error_errno (g, EINVAL, "unknown drive interface '%s'", iface);
  return -1;
}

static int
append_drive (guestfs_h *g, struct drive *drv)
{
  if (g->drives.len >= CAREEN_MAX_DRIVES) {
    guestfs_int_error_errno (g, EINVAL,
                             "too many drives (at most %d)",
                             CAREEN_MAX_DRIVES);
    return -1;
  }
  if (drive_vector_append (&g->drives, drv) == -1)
    guestfs_int_oom (g);
  return 0;
}

/* Checks that the file can be a disk: it exists and is a regular file
 * or a block device.  A directory gets EISDIR so that scripts can tell
 * the cases apart by errno, as with libguestfs.
 */
static int
check_file (guestfs_h *g, const char *filename, bool readonly)
{
  struct stat st;

  if (stat (filename, &st) == -1) {
    perrorf (g, "%s", filename);
    return -1;
  }
  if (S_ISDIR (st.st_mode)) {
    errno = EISDIR;
    perrorf (g, "%s", filename);
    return -1;
  }
  if (!S_ISREG (st.st_mode) && !S_ISBLK (st.st_mode)) {
    guestfs_int_error_errno (g, EINVAL,
                             "%s: not a regular file or a block device",
                             filename);
    return -1;
  }
  if (access (filename, readonly ? R_OK : R_OK | W_OK) == -1) {
    perrorf (g, "%s", filename);
    return -1;
  }
  return 0;
}

int
guestfs_impl_add_drive_opts (guestfs_h *g, const char *filename,
                             const struct guestfs_add_drive_opts_argv *optargs)
{
  struct drive *drv;
  uint64_t bm = optargs->bitmask;
  const char *format = NULL;

  const char *protocol = (bm & GUESTFS_ADD_DRIVE_OPTS_PROTOCOL_BITMASK) ?
    optargs->protocol : "file";
  if ((bm & GUESTFS_ADD_DRIVE_OPTS_IFACE_BITMASK) &&
      check_iface (g, optargs->iface) == -1)
    return -1;

  drv = calloc (1, sizeof *drv);
  if (drv == NULL)
    guestfs_int_oom (g);
  drv->filename = xstrdup (g, filename);
  if (guestfs_int_drive_set_remote
      (g, drv, protocol,
       (bm & GUESTFS_ADD_DRIVE_OPTS_SERVER_BITMASK) ? optargs->server : NULL,
       (bm & GUESTFS_ADD_DRIVE_OPTS_USERNAME_BITMASK) ? optargs->username : NULL,
       (bm & GUESTFS_ADD_DRIVE_OPTS_SECRET_BITMASK) ? optargs->secret : NULL)
      == -1)
    goto fail;
  drv->readonly = (bm & GUESTFS_ADD_DRIVE_OPTS_READONLY_BITMASK) &&
    optargs->readonly;
  drv->copyonread = (bm & GUESTFS_ADD_DRIVE_OPTS_COPYONREAD_BITMASK) &&
    optargs->copyonread;

  if (bm & GUESTFS_ADD_DRIVE_OPTS_NAME_BITMASK)
    drv->name = xstrdup (g, optargs->name);

  if (bm & GUESTFS_ADD_DRIVE_OPTS_LABEL_BITMASK) {
    if (!valid_label (optargs->label)) {
      guestfs_int_error_errno (g, EINVAL,
                               "label '%s': a label is 1 to %d letters, "
                               "digits or underscores", optargs->label,
                               MAX_LABEL_LEN);
      goto fail;
    }
    drv->label = xstrdup (g, optargs->label);
  }

  if (bm & GUESTFS_ADD_DRIVE_OPTS_CACHEMODE_BITMASK) {
    if (strcmp (optargs->cachemode, "writeback") != 0 &&
        strcmp (optargs->cachemode, "unsafe") != 0) {
      guestfs_int_error_errno (g, EINVAL,
                               "cachemode '%s': must be 'writeback' or "
                               "'unsafe'", optargs->cachemode);
      goto fail;
    }
    drv->cachemode = xstrdup (g, optargs->cachemode);
  }
  else
    drv->cachemode = xstrdup (g, "writeback");

  drv->discard = DISCARD_DISABLE;
  if (bm & GUESTFS_ADD_DRIVE_OPTS_DISCARD_BITMASK) {
    if (strcmp (optargs->discard, "disable") == 0)
      drv->discard = DISCARD_DISABLE;
    else if (strcmp (optargs->discard, "enable") == 0)
      drv->discard = DISCARD_ENABLE;
    else if (strcmp (optargs->discard, "besteffort") == 0)
      drv->discard = DISCARD_BESTEFFORT;
    else {
      guestfs_int_error_errno (g, EINVAL,
                               "discard '%s': must be 'disable', 'enable' "
                               "or 'besteffort'", optargs->discard);
      goto fail;
    }
  }

  if (bm & GUESTFS_ADD_DRIVE_OPTS_BLOCKSIZE_BITMASK) {
    if (check_blocksize (g, optargs->blocksize) == -1)
      goto fail;
    drv->blocksize = optargs->blocksize;
  }

  if (bm & GUESTFS_ADD_DRIVE_OPTS_FORMAT_BITMASK) {
    format = optargs->format;
    if (!guestfs_int_is_known_format (format)) {
      guestfs_int_error_errno (g, EINVAL,
                               "%s: unknown disk format '%s'",
                               filename, format);
      goto fail;
    }
  }

  /* A null disk: lets calls that need no disk run, and is skipped on
   * the qemu command line.
   */
  if (drv->protocol == NULL && strcmp (filename, "/dev/null") == 0) {
    drv->null_disk = true;
    drv->format = xstrdup (g, "raw");
    if (append_drive (g, drv) == -1)
      goto fail;
    return 0;
  }

  if (drv->protocol) {
    /* careen cannot read a remote image's header before qemu opens it,
     * and letting qemu probe would let a remote qcow2 name a backing
     * file on this host.  An NBD export is a disk as the server decoded
     * it: raw.  Other remote images need their format stated.
     */
    if (format == NULL && strcmp (drv->protocol, "nbd") == 0)
      format = "raw";
    else if (format == NULL) {
      guestfs_int_error_errno (g, EINVAL,
                               "%s: %s: give the image's format "
                               "(format:raw, --format=raw): careen does not "
                               "probe remote images", drv->protocol,
                               filename);
      goto fail;
    }
  }
  else if (check_file (g, filename, drv->readonly) == -1)
    goto fail;
  else if (format == NULL) {
    if (guestfs_int_probe_format (g, filename, &format) == -1)
      goto fail;
    drv->format_probed = true;
  }
  else if (strcmp (format, "qcow2") == 0) {
    struct image_header hdr;

    /* qemu trusts the header to size its tables: check it first. */
    if (guestfs_int_read_image_header (g, filename, "qcow2", &hdr) == -1)
      goto fail;
  }
  drv->format = xstrdup (g, format);
  if (guestfs_int_check_backing_chain (g, drv) == -1)
    goto fail;

  /* qemu cannot discard on every format; "enable" promises discard
   * works, so refuse formats where it cannot.
   */
  if (drv->discard == DISCARD_ENABLE &&
      strcmp (drv->format, "raw") != 0 && strcmp (drv->format, "qcow2") != 0) {
    guestfs_int_error_errno (g, ENOTSUP,
                             "%s: discard cannot be enabled for format "
                             "'%s' (use discard:besteffort)",
                             filename, drv->format);
    goto fail;
  }

  if (append_drive (g, drv) == -1)
    goto fail;
  debug (g, "add_drive: %s%s%s format=%s%s%s readonly=%d cache=%s",
         drv->protocol ? drv->protocol : "", drv->protocol ? ":" : "",
         filename, drv->format, drv->format_probed ? " (probed)" : "",
         drv->label ? " label" : "", drv->readonly, drv->cachemode);
  return 0;

 fail:
  free_drive (drv);
  return -1;
}

int
guestfs_impl_add_drive_ro (guestfs_h *g, const char *filename)
{
  struct guestfs_add_drive_opts_argv optargs = {
    .bitmask = GUESTFS_ADD_DRIVE_OPTS_READONLY_BITMASK,
    .readonly = 1,
  };

  return guestfs_impl_add_drive_opts (g, filename, &optargs);
}

int
guestfs_impl_add_drive_scratch (guestfs_h *g, int64_t size,
                                const struct guestfs_add_drive_scratch_argv *optargs)
{
  struct guestfs_add_drive_opts_argv add = {
    .bitmask = GUESTFS_ADD_DRIVE_OPTS_FORMAT_BITMASK |
               GUESTFS_ADD_DRIVE_OPTS_CACHEMODE_BITMASK,
    .format = "raw",
    .cachemode = "unsafe",
  };
  CLEANUP_FREE char *filename = NULL;
  const char *tmpdir;
  int fd;

  if (size <= 0) {
    guestfs_int_error_errno (g, EINVAL, "invalid size %" PRIi64, size);
    return -1;
  }
  if (optargs->bitmask & GUESTFS_ADD_DRIVE_SCRATCH_NAME_BITMASK) {
    add.bitmask |= GUESTFS_ADD_DRIVE_OPTS_NAME_BITMASK;
    add.name = optargs->name;
  }
  if (optargs->bitmask & GUESTFS_ADD_DRIVE_SCRATCH_LABEL_BITMASK) {
    add.bitmask |= GUESTFS_ADD_DRIVE_OPTS_LABEL_BITMASK;
    add.label = optargs->label;
  }
  if (optargs->bitmask & GUESTFS_ADD_DRIVE_SCRATCH_BLOCKSIZE_BITMASK) {
    add.bitmask |= GUESTFS_ADD_DRIVE_OPTS_BLOCKSIZE_BITMASK;
    add.blocksize = optargs->blocksize;
  }

  tmpdir = guestfs_int_lazy_make_tmpdir (g);
  if (tmpdir == NULL)
    return -1;
  if (asprintf (&filename, "%s/scratch%u.img", tmpdir,
                ++g->scratch_counter) == -1)
    guestfs_int_oom (g);

  /* Sparse: the scratch disk costs only what the appliance writes. */
  fd = open (filename, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd == -1) {
    perrorf (g, "open: %s", filename);
    return -1;
  }
  if (ftruncate (fd, size) == -1) {
    perrorf (g, "truncate: %s", filename);
    close (fd);
    unlink (filename);
    return -1;
  }
  if (close (fd) == -1) {
    perrorf (g, "close: %s", filename);
    unlink (filename);
    return -1;
  }

  if (guestfs_impl_add_drive_opts (g, filename, &add) == -1) {
    unlink (filename);
    return -1;
  }
  return 0;
}

int
guestfs_impl_add_drive_with_if (guestfs_h *g, const char *filename,
                                const char *iface)
{
  struct guestfs_add_drive_opts_argv optargs = {
    .bitmask = GUESTFS_ADD_DRIVE_OPTS_IFACE_BITMASK,
    .iface = iface,
  };

  return guestfs_impl_add_drive_opts (g, filename, &optargs);
}

int
guestfs_impl_add_drive_ro_with_if (guestfs_h *g, const char *filename,
                                   const char *iface)
{
  struct guestfs_add_drive_opts_argv optargs = {
    .bitmask = GUESTFS_ADD_DRIVE_OPTS_READONLY_BITMASK |
               GUESTFS_ADD_DRIVE_OPTS_IFACE_BITMASK,
    .readonly = 1,
    .iface = iface,
  };

  return guestfs_impl_add_drive_opts (g, filename, &optargs);
}

int
guestfs_impl_add_cdrom (guestfs_h *g, const char *filename)
{
  return guestfs_impl_add_drive_ro (g, filename);
}

int
guestfs_impl_remove_drive (guestfs_h *g, const char *label)
{
  size_t i;

  if (g->state != CONFIG) {
    guestfs_int_error_errno (g, ENOTSUP, "careen cannot unplug a drive "
                             "from a launched appliance");
    return -1;
  }
  for (i = 0; i < g->drives.len; ++i) {
    struct drive *drv = g->drives.ptr[i];

    if (drv->label && strcmp (drv->label, label) == 0) {
      free_drive (drv);
      memmove (&g->drives.ptr[i], &g->drives.ptr[i + 1],
               (g->drives.len - i - 1) * sizeof g->drives.ptr[0]);
      g->drives.len--;
      return 0;
    }
  }
  guestfs_int_error_errno (g, ENOENT, "no drive has the label '%s'", label);
  return -1;
}

int
guestfs_impl_max_disks (guestfs_h *g)
{
  return CAREEN_MAX_DRIVES;
}

char **
guestfs_impl_debug_drives (guestfs_h *g)
{
  struct stringsbuf sb;
  char **list;
  size_t i;

  stringsbuf_init (&sb);
  for (i = 0; i < g->drives.len; ++i) {
    const struct drive *drv = g->drives.ptr[i];

    if (stringsbuf_add_format (&sb, "drive %zu: %s%s%s%s%s format=%s%s%s%s%s "
                               "cache=%s%s%s", i,
                               drv->protocol ? drv->protocol : "",
                               drv->protocol ? ":" : "",
                               drv->filename,
                               drv->nr_servers ? " server=" : "",
                               !drv->nr_servers ? "" :
                               drv->servers[0].is_unix ?
                               drv->servers[0].socket : drv->servers[0].host,
                               drv->format,
                               drv->format_probed ? " (probed)" : "",
                               drv->readonly ? " readonly" : "",
                               drv->label ? " label=" : "",
                               drv->label ? drv->label : "",
                               drv->cachemode,
                               drv->copyonread ? " copyonread" : "",
                               drv->null_disk ? " null" : "") == -1)
      goto oom;
  }
  list = stringsbuf_finish (&sb);
  if (list == NULL)
    goto oom;
  return list;

 oom:
  stringsbuf_release (&sb);
  guestfs_int_oom (g);
}
