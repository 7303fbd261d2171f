/* careen - offline disk-image toolkit */

/**
 * API tests, in one launch, of finding and naming filesystems and of
 * swap: findfs_label, findfs_uuid, mountable_device,
 * mountable_subvolume, internal_parse_mountable, swapon/swapoff by
 * label, UUID and file, mkswap_file, wipefs and remount.  Success and
 * failure paths, errno checked.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)
/* 512 byte sectors per MiB, for part_add. */
#define SECTORS_PER_MiB 2048

static const char swap_uuid[] = "5f0e1d2c-3b4a-4958-8776-a5b4c3d2e1f0";

/* statvfs's f_flag bits (ST_RDONLY, ST_NOEXEC) as the kernel reports
 * them; the API passes them through.
 */
#define FLAG_RDONLY 1
#define FLAG_NOEXEC 8

static void
add_part (guestfs_h *g, int64_t start_mib, int64_t end_mib)
{
  CHECK_OK (guestfs_part_add (g, "/dev/sda", "p", start_mib * SECTORS_PER_MiB,
                              end_mib * SECTORS_PER_MiB - 1));
}

static void
prepare (guestfs_h *g)
{
  char *pvs[] = { (char *) "/dev/sda5", NULL };

  CHECK_OK (guestfs_part_init (g, "/dev/sda", "gpt"));
  add_part (g, 1, 33);          /* sda1: ext4 "findme" */
  add_part (g, 33, 49);         /* sda2: swap */
  add_part (g, 49, 81);         /* sda3: wipefs */
  add_part (g, 81, 161);        /* sda4: remount, swap file */
  add_part (g, 161, 255);       /* sda5: LVM (GPT's backup at the end) */
  CHECK_OK (guestfs_mkfs_opts (g, "ext4", "/dev/sda1",
                               GUESTFS_MKFS_OPTS_LABEL, "findme", -1));
  CHECK_OK (guestfs_mkswap_opts (g, "/dev/sda2",
                                 GUESTFS_MKSWAP_OPTS_LABEL, "swp",
                                 GUESTFS_MKSWAP_OPTS_UUID, swap_uuid, -1));
  CHECK_OK (guestfs_mkfs (g, "ext4", "/dev/sda3"));
  CHECK_OK (guestfs_mkfs (g, "ext4", "/dev/sda4"));
  CHECK_OK (guestfs_pvcreate (g, "/dev/sda5"));
  CHECK_OK (guestfs_vgcreate (g, "fvg", pvs));
  CHECK_OK (guestfs_lvcreate (g, "flv", "fvg", 16));
  CHECK_OK (guestfs_mkfs_opts (g, "ext4", "/dev/fvg/flv",
                               GUESTFS_MKFS_OPTS_LABEL, "inlv", -1));
}

/* A call returning a string (freed here) must give want. */
#define CHECK_RESULT(expr, want)                                        \
  do {                                                                  \
    char *s_ = (expr);                                                  \
    CHECK_STREQ (s_, want);                                             \
    free (s_);                                                          \
  } while (0)

static void
test_findfs (guestfs_h *g)
{
  char *uuid = guestfs_vfs_uuid (g, "/dev/sda1");

  CHECK_RESULT (guestfs_findfs_label (g, "findme"), "/dev/sda1");
  CHECK (uuid != NULL && strlen (uuid) == 36);
  if (uuid)
    CHECK_RESULT (guestfs_findfs_uuid (g, uuid), "/dev/sda1");
  free (uuid);
  /* Swap areas are found too, and logical volumes by their LVM name. */
  CHECK_RESULT (guestfs_findfs_label (g, "swp"), "/dev/sda2");
  CHECK_RESULT (guestfs_findfs_uuid (g, swap_uuid), "/dev/sda2");
  CHECK_RESULT (guestfs_findfs_label (g, "inlv"), "/dev/fvg/flv");

  CHECK_ERROR (g, guestfs_findfs_label (g, "nosuchlabel"), ENOENT);
  CHECK_ERROR (g, guestfs_findfs_uuid (g, "00000000-1111-2222-3333-"
                                       "444444444444"), ENOENT);
  CHECK_ERROR (g, guestfs_findfs_label (g, ""), EINVAL);
  CHECK_ERROR (g, guestfs_findfs_uuid (g, ""), EINVAL);
  /* A label with quotes is looked for as it is, not as blkid syntax. */
  CHECK_ERROR (g, guestfs_findfs_label (g, "a\"b"), ENOENT);
}

static void
test_mountable (guestfs_h *g)
{
  struct guestfs_internal_mountable *m;

  CHECK_RESULT (guestfs_mountable_device (g, "/dev/sda1"), "/dev/sda1");
  CHECK_RESULT (guestfs_mountable_device (g, "btrfsvol:/dev/sda1/sub/x"),
                "/dev/sda1");
  CHECK_RESULT (guestfs_mountable_subvolume (g, "btrfsvol:/dev/sda1/sub/x"),
                "sub/x");
  /* The device part of a logical volume holds slashes itself. */
  CHECK_RESULT (guestfs_mountable_device (g, "btrfsvol:/dev/fvg/flv/sv"),
                "/dev/fvg/flv");
  CHECK_RESULT (guestfs_mountable_subvolume (g, "btrfsvol:/dev/fvg/flv/sv"),
                "sv");
  CHECK_RESULT (guestfs_mountable_subvolume (g, "btrfsvol:/dev/sda1//@"),
                "/@");
  CHECK_ERROR (g, guestfs_mountable_subvolume (g, "/dev/sda1"), EINVAL);
  CHECK_ERROR (g, guestfs_mountable_device (g, "/dev/sdz"), ENOENT);
  CHECK_ERROR (g, guestfs_mountable_device (g, "btrfsvol:/dev/sda1"),
               EINVAL);
  CHECK_ERROR (g, guestfs_mountable_subvolume (g, "sda1"), EINVAL);

  m = guestfs_internal_parse_mountable (g, "/dev/sda2");
  CHECK (m != NULL);
  if (m) {
    CHECK (m->im_type == 0);
    CHECK_STREQ (m->im_device, "/dev/sda2");
    CHECK_STREQ (m->im_volume, "");
  }
  guestfs_free_internal_mountable (m);
  /* The subvolume is what follows the device and one slash. */
  m = guestfs_internal_parse_mountable (g, "btrfsvol:/dev/sda2//@/home");
  CHECK (m != NULL);
  if (m) {
    CHECK (m->im_type == 1);
    CHECK_STREQ (m->im_device, "/dev/sda2");
    CHECK_STREQ (m->im_volume, "/@/home");
  }
  guestfs_free_internal_mountable (m);
  CHECK_ERROR (g, guestfs_internal_parse_mountable (g, "/dev/sdz1"), ENOENT);
}

static void
test_swap_tags (guestfs_h *g)
{
  /* The kernel says EBUSY for a second swapon of one area and EINVAL
   * for swapoff of one not in use: that is how these see its state.
   */
  CHECK_OK (guestfs_swapon_label (g, "swp"));
  CHECK_ERROR (g, guestfs_swapon_label (g, "swp"), EBUSY);
  CHECK_ERROR (g, guestfs_swapon_uuid (g, swap_uuid), EBUSY);
  CHECK_ERROR (g, guestfs_swapon_device (g, "/dev/sda2"), EBUSY);
  CHECK_OK (guestfs_swapoff_label (g, "swp"));
  CHECK_ERROR (g, guestfs_swapoff_label (g, "swp"), EINVAL);

  CHECK_OK (guestfs_swapon_uuid (g, swap_uuid));
  CHECK_ERROR (g, guestfs_swapon_label (g, "swp"), EBUSY);
  CHECK_OK (guestfs_swapoff_uuid (g, swap_uuid));
  CHECK_ERROR (g, guestfs_swapoff_uuid (g, swap_uuid), EINVAL);
  CHECK_ERROR (g, guestfs_swapoff_device (g, "/dev/sda2"), EINVAL);

  /* A filesystem with the label is not a swap area. */
  CHECK_ERROR (g, guestfs_swapon_label (g, "findme"), ENOENT);
  CHECK_ERROR (g, guestfs_swapon_label (g, "nosuchlabel"), ENOENT);
  CHECK_ERROR (g, guestfs_swapoff_label (g, "nosuchlabel"), ENOENT);
  CHECK_ERROR (g, guestfs_swapon_uuid (g, "nosuchuuid"), ENOENT);
  CHECK_ERROR (g, guestfs_swapoff_uuid (g, ""), EINVAL);
}

static void
test_swap_file (guestfs_h *g)
{
  char *sig;
  size_t len;

  CHECK_OK (guestfs_mount (g, "/dev/sda4", "/"));
  CHECK_OK (guestfs_fallocate64 (g, "/swapfile", 16 * MiB));
  CHECK_OK (guestfs_mkswap_file (g, "/swapfile"));
  /* mkswap's signature ends the first 4 KiB page. */
  sig = guestfs_pread (g, "/swapfile", 10, 4096 - 10, &len);
  CHECK (sig != NULL && len == 10 && memcmp (sig, "SWAPSPACE2", 10) == 0);
  free (sig);
  CHECK (guestfs_filesize (g, "/swapfile") == 16 * MiB);

  CHECK_OK (guestfs_swapon_file (g, "/swapfile"));
  CHECK_ERROR (g, guestfs_swapon_file (g, "/swapfile"), EBUSY);
  CHECK_OK (guestfs_swapoff_file (g, "/swapfile"));
  CHECK_ERROR (g, guestfs_swapoff_file (g, "/swapfile"), EINVAL);

  /* The kernel refuses a swap file with holes. */
  CHECK_OK (guestfs_touch (g, "/sparse"));
  CHECK_OK (guestfs_truncate_size (g, "/sparse", 16 * MiB));
  CHECK_OK (guestfs_mkswap_file (g, "/sparse"));
  CHECK_ERROR (g, guestfs_swapon_file (g, "/sparse"), EINVAL);

  CHECK_OK (guestfs_mkdir (g, "/dir"));
  CHECK_OK (guestfs_ln_s (g, "/dir", "/dirlink"));
  CHECK_ERROR (g, guestfs_mkswap_file (g, "/nonexistent"), ENOENT);
  CHECK_ERROR (g, guestfs_mkswap_file (g, "/dir"), EINVAL);
  CHECK_ERROR (g, guestfs_mkswap_file (g, "/dirlink"), EINVAL);
  CHECK_ERROR (g, guestfs_mkswap_file (g, "relative"), EINVAL);
  CHECK_ERROR (g, guestfs_swapon_file (g, "/dir"), EINVAL);
  CHECK_ERROR (g, guestfs_swapon_file (g, "/nonexistent"), ENOENT);
  CHECK_ERROR (g, guestfs_swapoff_file (g, "/nonexistent"), ENOENT);
  CHECK_OK (guestfs_umount_all (g));
}

static void
test_wipefs (guestfs_h *g)
{
  char *t = guestfs_vfs_type (g, "/dev/sda3");

  CHECK_STREQ (t, "ext4");
  free (t);
  CHECK_OK (guestfs_wipefs (g, "/dev/sda3"));
  t = guestfs_vfs_type (g, "/dev/sda3");
  CHECK_STREQ (t, "");
  free (t);
  /* Nothing left to erase is not an error. */
  CHECK_OK (guestfs_wipefs (g, "/dev/sda3"));

  CHECK_OK (guestfs_mount (g, "/dev/sda1", "/"));
  CHECK_ERROR (g, guestfs_wipefs (g, "/dev/sda1"), EBUSY);
  CHECK_OK (guestfs_umount_all (g));
  t = guestfs_vfs_type (g, "/dev/sda1");
  CHECK_STREQ (t, "ext4");
  free (t);
  CHECK_ERROR (g, guestfs_wipefs (g, "/dev/sdz"), ENOENT);
}

static int64_t
mount_flags (guestfs_h *g, const char *path)
{
  struct guestfs_statvfs *st = guestfs_statvfs (g, path);
  int64_t f = st ? st->flag : -1;

  guestfs_free_statvfs (st);
  return f;
}

static void
test_remount (guestfs_h *g)
{
  int64_t f;

  CHECK_OK (guestfs_mount_options (g, "ro,noexec", "/dev/sda4", "/"));
  CHECK_ERROR (g, guestfs_touch (g, "/a"), EROFS);
  CHECK_OK (guestfs_remount (g, "/", GUESTFS_REMOUNT_RW, 1, -1));
  CHECK_OK (guestfs_touch (g, "/a"));
  f = mount_flags (g, "/");
  /* Read-write now, and still noexec. */
  CHECK (f >= 0 && (f & FLAG_RDONLY) == 0 && (f & FLAG_NOEXEC) != 0);
  CHECK_OK (guestfs_remount (g, "/", GUESTFS_REMOUNT_RW, 0, -1));
  CHECK_ERROR (g, guestfs_touch (g, "/b"), EROFS);
  f = mount_flags (g, "/");
  CHECK (f >= 0 && (f & FLAG_RDONLY) != 0 && (f & FLAG_NOEXEC) != 0);
  CHECK (guestfs_exists (g, "/a") == 1);

  CHECK_ERROR (g, guestfs_remount (g, "/", -1), EINVAL);
  CHECK_ERROR (g, guestfs_remount (g, "/dir", GUESTFS_REMOUNT_RW, 1, -1),
               EINVAL);
  CHECK_ERROR (g, guestfs_remount (g, "/nonexistent",
                                   GUESTFS_REMOUNT_RW, 1, -1), ENOENT);
  CHECK_ERROR (g, guestfs_remount (g, "relative", GUESTFS_REMOUNT_RW, 1, -1),
               EINVAL);
  CHECK_OK (guestfs_umount_all (g));
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-fs-find");

  test_add_disk (g, 256 * MiB);
  test_launch (g);

  prepare (g);
  test_findfs (g);
  test_mountable (g);
  test_swap_tags (g);
  test_swap_file (g);
  test_wipefs (g);
  test_remount (g);

  test_exit (g);
}
