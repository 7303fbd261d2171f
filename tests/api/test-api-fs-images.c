/* careen - offline disk-image toolkit */

/**
 * API tests, in one launch, of the calls that make or read whole images
 * or wipe data: mksquashfs, isoinfo, isoinfo_device, f2fs_expand,
 * scrub_device, scrub_file, scrub_freespace.  Success and failure
 * paths, errno checked.
 *
 * The ISO 9660 image is written here byte by byte, so the expected
 * fields are known without any tool.  Calls whose tool the appliance
 * lacks must fail with ENOTSUP and their group must say so.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)
#define SECTORS_PER_MiB 2048

/* A call returning a string (freed here) must give want. */
#define CHECK_RESULT(expr, want)                                        \
  do {                                                                  \
    char *s_ = (expr);                                                  \
    CHECK_STREQ (s_, want);                                             \
    free (s_);                                                          \
  } while (0)

static void
add_part (guestfs_h *g, int64_t start_mib, int64_t end_mib)
{
  CHECK_OK (guestfs_part_add (g, "/dev/sda", "p", start_mib * SECTORS_PER_MiB,
                              end_mib * SECTORS_PER_MiB - 1));
}

static bool
group (guestfs_h *g, const char *name)
{
  char *groups[] = { (char *) name, NULL };
  int r = guestfs_feature_available (g, groups);

  CHECK (r == 0 || r == 1);
  if (r != 1)
    fprintf (stderr, "test-api-fs-images: group %s not available\n", name);
  return r == 1;
}

static uint64_t
le64 (const unsigned char *p)
{
  uint64_t v = 0;
  int i;

  for (i = 7; i >= 0; --i)
    v = v << 8 | p[i];
  return v;
}

/* ---- mksquashfs ---- */

/* squashfs superblock: magic "hsqs", compression id (16 bit) at 20. */
#define SQUASHFS_COMPRESSION 20
#define SQUASHFS_GZIP 1
#define SQUASHFS_XZ 4

static void
test_squashfs (guestfs_h *g)
{
  char path[] = "/tmp/careen-squashfs-test-XXXXXX";
  char *excludes[] = { (char *) "*.log", NULL };
  unsigned char *img;
  char **l;
  size_t len;
  int fd;

  CHECK_OK (guestfs_mkdir_p (g, "/sq/sub"));
  CHECK_OK (guestfs_write (g, "/sq/a.txt", "hello", 5));
  CHECK_OK (guestfs_write (g, "/sq/b.log", "log", 3));
  CHECK_OK (guestfs_write (g, "/sq/sub/c.txt", "deep", 4));
  fd = mkstemp (path);
  CHECK (fd >= 0);
  if (fd < 0)
    return;
  close (fd);

  if (!group (g, "squashfs")) {
    CHECK_ERROR (g, guestfs_mksquashfs (g, "/sq", path, -1), ENOTSUP);
    unlink (path);
    return;
  }

  CHECK_OK (guestfs_mksquashfs (g, "/sq", path, -1));
  img = (unsigned char *) test_read_local (path, &len);
  CHECK (img != NULL && len > 96 && memcmp (img, "hsqs", 4) == 0 &&
         img[SQUASHFS_COMPRESSION] == SQUASHFS_GZIP);
  free (img);

  CHECK_OK (guestfs_mksquashfs (g, "/sq", path,
                                GUESTFS_MKSQUASHFS_COMPRESS, "xz",
                                GUESTFS_MKSQUASHFS_EXCLUDES, excludes, -1));
  img = (unsigned char *) test_read_local (path, &len);
  CHECK (img != NULL && len > 96 && memcmp (img, "hsqs", 4) == 0 &&
         img[SQUASHFS_COMPRESSION] == SQUASHFS_XZ);
  free (img);

  /* What is in it, seen by the appliance's kernel. */
  if (guestfs_filesystem_available (g, "squashfs") == 1) {
    CHECK_OK (guestfs_upload (g, path, "/image.sqfs"));
    CHECK_OK (guestfs_mkdir (g, "/mnt"));
    CHECK_OK (guestfs_mount_loop (g, "/image.sqfs", "/mnt"));
    l = guestfs_ls (g, "/mnt");
    CHECK (l != NULL && test_count (l) == 2 && test_list_has (l, "a.txt") &&
           test_list_has (l, "sub"));
    test_free_list (l);
    CHECK_RESULT (guestfs_cat (g, "/mnt/sub/c.txt"), "deep");
    CHECK_RESULT (guestfs_cat (g, "/mnt/a.txt"), "hello");
    CHECK_OK (guestfs_umount (g, "/mnt"));
  }
  else
    fprintf (stderr, "test-api-fs-images: no squashfs in the kernel\n");

  /* A regular file alone. */
  CHECK_OK (guestfs_mksquashfs (g, "/sq/a.txt", path, -1));
  img = (unsigned char *) test_read_local (path, &len);
  CHECK (img != NULL && len > 96 && memcmp (img, "hsqs", 4) == 0);
  free (img);
  if (guestfs_filesystem_available (g, "squashfs") == 1) {
    CHECK_OK (guestfs_upload (g, path, "/file.sqfs"));
    CHECK_OK (guestfs_mount_loop (g, "/file.sqfs", "/mnt"));
    l = guestfs_ls (g, "/mnt");
    CHECK (l != NULL && test_count (l) == 1 && test_list_has (l, "a.txt"));
    test_free_list (l);
    CHECK_OK (guestfs_umount (g, "/mnt"));
  }

  CHECK_ERROR (g, guestfs_mksquashfs (g, "/nonexistent", path, -1), ENOENT);
  CHECK_ERROR (g, guestfs_mksquashfs (g, "/sq/nonexistent", path, -1),
               ENOENT);
  CHECK_ERROR (g, guestfs_mksquashfs (g, "relative", path, -1), EINVAL);
  CHECK_ERROR (g, guestfs_mksquashfs (g, "/sq", path,
                                      GUESTFS_MKSQUASHFS_COMPRESS, "bogus",
                                      -1), EINVAL);
  CHECK_FAILS (g, guestfs_mksquashfs (g, "/sq", "/nonexistent/dir/x", -1));
  /* The handle is still in step after the failed download. */
  CHECK_RESULT (guestfs_cat (g, "/sq/a.txt"), "hello");
  unlink (path);
}

/* ---- isoinfo ---- */

#define ISO_SECTOR 2048
#define ISO_SIZE (18 * ISO_SECTOR)      /* system area, PVD, terminator */
#define PVD (16 * ISO_SECTOR)

static void
put (unsigned char *iso, size_t off, const char *s, size_t field_len)
{
  memset (iso + off, ' ', field_len);
  memcpy (iso + off, s, strlen (s));
}

static void
both16 (unsigned char *p, unsigned v)
{
  p[0] = v & 0xff; p[1] = v >> 8;
  p[2] = v >> 8; p[3] = v & 0xff;
}

/* An image with only the primary volume descriptor filled in. */
static unsigned char *
make_iso (void)
{
  unsigned char *iso = calloc (1, ISO_SIZE);
  unsigned char *p;

  if (iso == NULL)
    abort ();
  p = iso + PVD;
  p[0] = 1;
  memcpy (p + 1, "CD001", 5);
  p[6] = 1;
  put (p, 8, "LINUX", 32);
  put (p, 40, "CAREEN_TEST", 32);
  /* 18 sectors, both-endian: little then big. */
  p[80] = 18; p[87] = 18;
  both16 (p + 120, 1);
  both16 (p + 124, 1);
  both16 (p + 128, 2048);
  put (p, 190, "SET", 128);
  put (p, 318, "PUBLISHER", 128);
  put (p, 446, "PREPARER", 128);
  put (p, 574, "APPLICATION", 128);
  put (p, 702, "COPYING", 37);
  put (p, 739, "ABSTRACT", 37);
  put (p, 776, "BIBLIO", 37);
  /* 2021-03-15 12:30:45 at UTC+1 (4 quarters of an hour east). */
  memcpy (p + 813, "2021031512304500", 16);
  p[829] = 4;
  /* 1999-12-31 23:59:59 at UTC-5. */
  memcpy (p + 830, "1999123123595900", 16);
  p[846] = (unsigned char) -20;
  /* Expiration: "not specified" (zero digits); effective: all NUL. */
  memcpy (p + 847, "0000000000000000", 16);
  p = iso + PVD + ISO_SECTOR;
  p[0] = 255;
  memcpy (p + 1, "CD001", 5);
  p[6] = 1;
  return iso;
}

static void
check_isoinfo (struct guestfs_isoinfo *i)
{
  CHECK (i != NULL);
  if (i == NULL)
    return;
  CHECK_STREQ (i->iso_system_id, "LINUX");
  CHECK_STREQ (i->iso_volume_id, "CAREEN_TEST");
  CHECK (i->iso_volume_space_size == 18);
  CHECK (i->iso_volume_set_size == 1);
  CHECK (i->iso_volume_sequence_number == 1);
  CHECK (i->iso_logical_block_size == 2048);
  CHECK_STREQ (i->iso_volume_set_id, "SET");
  CHECK_STREQ (i->iso_publisher_id, "PUBLISHER");
  CHECK_STREQ (i->iso_data_preparer_id, "PREPARER");
  CHECK_STREQ (i->iso_application_id, "APPLICATION");
  CHECK_STREQ (i->iso_copyright_file_id, "COPYING");
  CHECK_STREQ (i->iso_abstract_file_id, "ABSTRACT");
  CHECK_STREQ (i->iso_bibliographic_file_id, "BIBLIO");
  /* 2021-03-15 11:30:45 UTC and 2000-01-01 04:59:59 UTC. */
  CHECK (i->iso_volume_creation_t == INT64_C(1615807845));
  CHECK (i->iso_volume_modification_t == INT64_C(946702799));
  CHECK (i->iso_volume_expiration_t == -1);
  CHECK (i->iso_volume_effective_t == -1);
  guestfs_free_isoinfo (i);
}

static void
test_isoinfo (guestfs_h *g)
{
  unsigned char *iso = make_iso ();

  CHECK (guestfs_pwrite_device (g, "/dev/sda2", (char *) iso, ISO_SIZE, 0)
         == ISO_SIZE);
  check_isoinfo (guestfs_isoinfo_device (g, "/dev/sda2"));
  CHECK_OK (guestfs_write (g, "/image.iso", (char *) iso, ISO_SIZE));
  check_isoinfo (guestfs_isoinfo (g, "/image.iso"));

  /* A boot record, then the end: no primary volume descriptor. */
  iso[PVD] = 0;
  CHECK_OK (guestfs_write (g, "/noprimary.iso", (char *) iso, ISO_SIZE));
  CHECK_ERROR (g, guestfs_isoinfo (g, "/noprimary.iso"), EINVAL);
  /* Descriptors to the end of the file, none primary. */
  iso[PVD + ISO_SECTOR] = 2;
  CHECK_OK (guestfs_write (g, "/noend.iso", (char *) iso, ISO_SIZE));
  CHECK_ERROR (g, guestfs_isoinfo (g, "/noend.iso"), EINVAL);
  free (iso);

  CHECK_ERROR (g, guestfs_isoinfo_device (g, "/dev/sda1"), EINVAL);
  CHECK_ERROR (g, guestfs_isoinfo_device (g, "/dev/sdz"), ENOENT);
  CHECK_ERROR (g, guestfs_isoinfo (g, "/sq/a.txt"), EINVAL);
  CHECK_ERROR (g, guestfs_isoinfo (g, "/sq"), EISDIR);
  CHECK_ERROR (g, guestfs_isoinfo (g, "/nonexistent"), ENOENT);
}

/* ---- f2fs_expand ---- */

/* The F2FS superblock is at 1024; its block count (64 bit) at 36. */
#define F2FS_SB 1024
#define F2FS_BLOCK_COUNT 36
#define F2FS_BLOCK 4096

static int64_t
f2fs_blocks (guestfs_h *g, const char *device)
{
  size_t len;
  char *b = guestfs_pread_device (g, device, 8, F2FS_SB + F2FS_BLOCK_COUNT,
                                  &len);
  int64_t r = b && len == 8 ? (int64_t) le64 ((unsigned char *) b) : -1;

  free (b);
  return r;
}

static void
test_f2fs (guestfs_h *g)
{
  char *pvs[] = { (char *) "/dev/sda4", NULL };
  int64_t before, after;

  CHECK_ERROR (g, guestfs_f2fs_expand (g, "/dev/sdz"), ENOENT);
  /* sda1 is mounted on /. */
  CHECK_ERROR (g, guestfs_f2fs_expand (g, "/dev/sda1"), EBUSY);
  if (!group (g, "f2fs")) {
    CHECK_ERROR (g, guestfs_f2fs_expand (g, "/dev/sda3"), ENOTSUP);
    return;
  }
  CHECK_OK (guestfs_pvcreate (g, "/dev/sda4"));
  CHECK_OK (guestfs_vgcreate (g, "ivg", pvs));
  CHECK_OK (guestfs_lvcreate (g, "f2", "ivg", 64));
  CHECK_OK (guestfs_mkfs (g, "f2fs", "/dev/ivg/f2"));
  CHECK_RESULT (guestfs_vfs_type (g, "/dev/ivg/f2"), "f2fs");
  before = f2fs_blocks (g, "/dev/ivg/f2");
  CHECK (before > 0 && before <= 64 * MiB / F2FS_BLOCK);
  CHECK_OK (guestfs_lvresize (g, "/dev/ivg/f2", 128));
  CHECK_OK (guestfs_f2fs_expand (g, "/dev/ivg/f2"));
  after = f2fs_blocks (g, "/dev/ivg/f2");
  /* F2FS keeps whole segments (2 MiB): the end may stay unused. */
  CHECK (after > before && after <= 128 * MiB / F2FS_BLOCK &&
         after >= 120 * MiB / F2FS_BLOCK);
  CHECK_RESULT (guestfs_vfs_type (g, "/dev/ivg/f2"), "f2fs");
  CHECK_FAILS (g, guestfs_f2fs_expand (g, "/dev/sda3"));
}

/* ---- scrub ---- */

static bool
all_zero (const char *b, size_t len)
{
  size_t i;

  for (i = 0; i < len; ++i)
    if (b[i] != 0)
      return false;
  return true;
}

/* Whether the marker is anywhere on the device (size bytes). */
static bool
device_has (guestfs_h *g, const char *device, int64_t size,
            const char *marker)
{
  const int chunk = 1024 * 1024;
  int64_t off;
  bool found = false;

  for (off = 0; off < size && !found; off += chunk) {
    size_t len;
    char *b = guestfs_pread_device (g, device, chunk, off, &len);

    CHECK (b != NULL);
    if (b && memmem (b, len, marker, strlen (marker)) != NULL)
      found = true;
    free (b);
  }
  return found;
}

static void
test_scrub (guestfs_h *g)
{
  static const char marker[] = "careen-scrub-marker-0123456789";
  char *b, *big;
  size_t len, i;
  const size_t big_size = 512 * 1024;

  if (!group (g, "scrub")) {
    CHECK_ERROR (g, guestfs_scrub_device (g, "/dev/sda2"), ENOTSUP);
    CHECK_ERROR (g, guestfs_scrub_file (g, "/sq/a.txt"), ENOTSUP);
    CHECK_ERROR (g, guestfs_scrub_freespace (g, "/scrubdir"), ENOTSUP);
    return;
  }

  /* scrub_device: the last of the default patterns is zeroes. */
  CHECK (guestfs_pwrite_device (g, "/dev/sda2", marker, sizeof marker,
                                4 * MiB) == sizeof marker);
  CHECK_OK (guestfs_scrub_device (g, "/dev/sda2"));
  b = guestfs_pread_device (g, "/dev/sda2", 64 * 1024, 4 * MiB - 32 * 1024,
                            &len);
  CHECK (b != NULL && len == 64 * 1024 && all_zero (b, len));
  free (b);
  CHECK_ERROR (g, guestfs_isoinfo_device (g, "/dev/sda2"), EINVAL);
  /* Again: scrub's own signature does not stop it. */
  CHECK_OK (guestfs_scrub_device (g, "/dev/sda2"));
  CHECK_ERROR (g, guestfs_scrub_device (g, "/dev/sda1"), EBUSY);
  CHECK_ERROR (g, guestfs_scrub_device (g, "/dev/sdz"), ENOENT);

  /* scrub_file, directly and through a symbolic link. */
  CHECK_OK (guestfs_mkdir (g, "/s"));
  CHECK_OK (guestfs_write (g, "/s/f", marker, sizeof marker));
  CHECK_OK (guestfs_scrub_file (g, "/s/f"));
  CHECK (guestfs_exists (g, "/s/f") == 0);
  CHECK_OK (guestfs_write (g, "/s/target", marker, sizeof marker));
  CHECK_OK (guestfs_ln_s (g, "target", "/s/link"));
  CHECK_OK (guestfs_scrub_file (g, "/s/link"));
  CHECK (guestfs_exists (g, "/s/target") == 0);
  CHECK (guestfs_is_symlink (g, "/s/link") == 1);
  CHECK_ERROR (g, guestfs_scrub_file (g, "/s"), EINVAL);
  CHECK_ERROR (g, guestfs_scrub_file (g, "/s/nonexistent"), ENOENT);
  CHECK_ERROR (g, guestfs_scrub_file (g, "relative"), EINVAL);

  /* scrub_freespace: data of a removed file is gone from the device. */
  CHECK_OK (guestfs_mkfs (g, "ext4", "/dev/sda3"));
  CHECK_OK (guestfs_mkdir (g, "/small"));
  CHECK_OK (guestfs_mount (g, "/dev/sda3", "/small"));
  big = malloc (big_size);
  CHECK (big != NULL);
  if (big) {
    for (i = 0; i + sizeof marker <= big_size; i += sizeof marker)
      memcpy (big + i, marker, sizeof marker);
    CHECK_OK (guestfs_write (g, "/small/secret", big, big_size));
    /* Written out now: ext4 would otherwise never allocate blocks for
     * a file removed before its writeback.
     */
    CHECK_OK (guestfs_sync (g));
  }
  free (big);
  CHECK_OK (guestfs_rm (g, "/small/secret"));
  CHECK_OK (guestfs_umount (g, "/small"));
  CHECK (device_has (g, "/dev/sda3", 16 * MiB, marker));
  CHECK_OK (guestfs_mount (g, "/dev/sda3", "/small"));
  CHECK_OK (guestfs_scrub_freespace (g, "/small/scrub"));
  CHECK (guestfs_exists (g, "/small/scrub") == 0);
  CHECK_ERROR (g, guestfs_scrub_freespace (g, "/small/lost+found"), EEXIST);
  CHECK_ERROR (g, guestfs_scrub_freespace (g, "/nonexistent/x"), ENOENT);
  CHECK_OK (guestfs_umount (g, "/small"));
  CHECK (!device_has (g, "/dev/sda3", 16 * MiB, marker));
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-fs-images");

  test_add_disk (g, 256 * MiB);
  test_launch (g);

  CHECK_OK (guestfs_part_init (g, "/dev/sda", "gpt"));
  add_part (g, 1, 65);          /* sda1: ext4, mounted on / */
  add_part (g, 65, 73);         /* sda2: ISO 9660, scrub_device */
  add_part (g, 73, 89);         /* sda3: scrub_freespace */
  add_part (g, 89, 255);        /* sda4: LVM, F2FS */
  CHECK_OK (guestfs_mkfs (g, "ext4", "/dev/sda1"));
  CHECK_OK (guestfs_mount (g, "/dev/sda1", "/"));

  test_squashfs (g);
  test_isoinfo (g);
  test_f2fs (g);
  test_scrub (g);

  test_exit (g);
}
