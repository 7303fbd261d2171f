/* careen - offline disk-image toolkit */

/**
 * API tests of the "boot" area, in one launch: grub_install on a
 * partitioned disk (boot code in the first sector, core image and
 * modules under /boot/grub), extlinux into a mounted ext2 directory,
 * syslinux on an unmounted FAT filesystem (root and a given
 * directory), selinux_relabel with a small file contexts file (labels
 * set, kept or forced), and the failure paths of each.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)
#define GRUB_DISK_SIZE (96 * MiB)
#define EXT_DISK_SIZE (48 * MiB)
#define FAT_DISK_SIZE (40 * MiB)

/* The label of path without the terminating NUL setfiles stores. */
static char *
label_of (guestfs_h *g, const char *path)
{
  size_t len;
  char *v = guestfs_lgetxattr (g, path, "security.selinux", &len);
  char *s;

  if (v == NULL)
    return NULL;
  s = strndup (v, len);
  free (v);
  return s;
}

static void
test_grub (guestfs_h *g, const char *dev)
{
  char *part, *mbr;
  size_t len;

  CHECK_OK (guestfs_part_disk (g, dev, "mbr"));
  if (asprintf (&part, "%s1", dev) == -1)
    exit (EXIT_FAILURE);
  CHECK_OK (guestfs_mkfs (g, "ext4", part));
  CHECK_OK (guestfs_mount (g, part, "/"));
  CHECK_OK (guestfs_mkdir (g, "/boot"));

  CHECK_ERROR (g, guestfs_grub_install (g, "/", "/dev/sdzz"), ENOENT);
  CHECK_ERROR (g, guestfs_grub_install (g, "/nonexistent", dev), ENOENT);
  CHECK_OK (guestfs_write (g, "/file", "x", 1));
  CHECK_ERROR (g, guestfs_grub_install (g, "/file", dev), ENOTDIR);

  CHECK_OK (guestfs_grub_install (g, "/", dev));
  CHECK (guestfs_is_file (g, "/boot/grub/i386-pc/core.img") == 1);
  CHECK (guestfs_is_file (g, "/boot/grub/i386-pc/normal.mod") == 1);
  /* GRUB's boot sector ends in the PC signature and names itself. */
  mbr = guestfs_pread_device (g, dev, 512, 0, &len);
  CHECK (mbr != NULL && len == 512 &&
         (unsigned char) mbr[510] == 0x55 && (unsigned char) mbr[511] == 0xaa &&
         memmem (mbr, 440, "GRUB", 4) != NULL);
  free (mbr);
  CHECK_OK (guestfs_umount_all (g));
  free (part);
}

static void
test_extlinux (guestfs_h *g, const char *dev)
{
  CHECK_OK (guestfs_mkfs (g, "ext2", dev));
  CHECK_OK (guestfs_mount (g, dev, "/"));
  CHECK_OK (guestfs_mkdir (g, "/boot"));
  CHECK_ERROR (g, guestfs_extlinux (g, "/nonexistent"), ENOENT);
  CHECK_OK (guestfs_extlinux (g, "/boot"));
  CHECK (guestfs_is_file (g, "/boot/ldlinux.sys") == 1);
  CHECK (guestfs_is_file (g, "/boot/ldlinux.c32") == 1);
  CHECK_OK (guestfs_umount_all (g));
}

static void
test_syslinux (guestfs_h *g, const char *dev, const char *not_fat)
{
  CHECK_OK (guestfs_mkfs (g, "vfat", dev));
  CHECK_OK (guestfs_syslinux (g, dev, -1));
  CHECK_OK (guestfs_mount (g, dev, "/"));
  CHECK (guestfs_is_file (g, "/ldlinux.sys") == 1);
  CHECK (guestfs_is_file (g, "/ldlinux.c32") == 1);
  CHECK_OK (guestfs_mkdir_p (g, "/boot/sys"));
  /* Mounted: refused. */
  CHECK_ERROR (g, guestfs_syslinux (g, dev, -1), EBUSY);
  CHECK_OK (guestfs_umount_all (g));

  CHECK_OK (guestfs_syslinux (g, dev, GUESTFS_SYSLINUX_DIRECTORY, "/boot/sys",
                              -1));
  CHECK_OK (guestfs_mount (g, dev, "/"));
  CHECK (guestfs_is_file (g, "/boot/sys/ldlinux.sys") == 1);
  CHECK_OK (guestfs_umount_all (g));

  CHECK_ERROR (g, guestfs_syslinux (g, dev, GUESTFS_SYSLINUX_DIRECTORY,
                                    "/no/such/dir", -1), ENOENT);
  /* The ext2 of test_extlinux is no FAT. */
  CHECK_FAILS (g, guestfs_syslinux (g, not_fat, -1));
  CHECK_ERROR (g, guestfs_syslinux (g, "/dev/sdzz", -1), ENOENT);
}

static void
test_selinux (guestfs_h *g, const char *dev)
{
  static const char fc[] =
    "/.*\tsystem_u:object_r:default_t:s0\n"
    "/etc(/.*)?\tsystem_u:object_r:etc_t:s0\n"
    "/usr/bin(/.*)?\tsystem_u:object_r:bin_t:s0\n";
  static const char fc2[] =
    "/.*\tsystem_u:object_r:default_t:s0\n"
    "/etc(/.*)?\tunconfined_u:object_r:etc_t:s0\n"
    "/usr/bin(/.*)?\tsystem_u:object_r:bin_t:s0\n";
  char *l;

  CHECK_OK (guestfs_mkfs (g, "ext4", dev));
  CHECK_OK (guestfs_mount (g, dev, "/"));
  CHECK_OK (guestfs_mkdir_p (g, "/etc/selinux"));
  CHECK_OK (guestfs_mkdir_p (g, "/usr/bin"));
  CHECK_OK (guestfs_write (g, "/etc/passwd", "root:x:0:0::/root:/bin/sh\n",
                           26));
  CHECK_OK (guestfs_write (g, "/usr/bin/ls", "x", 1));
  CHECK_OK (guestfs_mkdir (g, "/proc"));
  CHECK_OK (guestfs_write (g, "/proc/self", "x", 1));
  CHECK_OK (guestfs_write (g, "/etc/selinux/fc", fc, sizeof fc - 1));
  CHECK_OK (guestfs_write (g, "/etc/selinux/fc2", fc2, sizeof fc2 - 1));

  CHECK_ERROR (g, guestfs_selinux_relabel (g, "/etc/selinux/none", "/", -1),
               ENOENT);
  CHECK_ERROR (g, guestfs_selinux_relabel (g, "etc/selinux/fc", "/", -1),
               EINVAL);
  CHECK_ERROR (g, guestfs_selinux_relabel (g, "/etc/selinux/fc",
                                           "/nonexistent", -1), ENOENT);

  CHECK_OK (guestfs_selinux_relabel (g, "/etc/selinux/fc", "/", -1));
  l = label_of (g, "/etc/passwd");
  CHECK_STREQ (l, "system_u:object_r:etc_t:s0");
  free (l);
  l = label_of (g, "/usr/bin/ls");
  CHECK_STREQ (l, "system_u:object_r:bin_t:s0");
  free (l);
  l = label_of (g, "/usr");
  CHECK_STREQ (l, "system_u:object_r:default_t:s0");
  free (l);
  /* Where the appliance mounts its /proc for guest commands: left
   * alone.
   */
  guestfs_push_error_handler (g, NULL, NULL);
  l = label_of (g, "/proc/self");
  guestfs_pop_error_handler (g);
  CHECK (l == NULL);
  free (l);

  /* Only the user differs: kept unless forced. */
  CHECK_OK (guestfs_selinux_relabel (g, "/etc/selinux/fc2", "/", -1));
  l = label_of (g, "/etc/passwd");
  CHECK_STREQ (l, "system_u:object_r:etc_t:s0");
  free (l);
  CHECK_OK (guestfs_selinux_relabel (g, "/etc/selinux/fc2", "/etc",
                                     GUESTFS_SELINUX_RELABEL_FORCE, 1, -1));
  l = label_of (g, "/etc/passwd");
  CHECK_STREQ (l, "unconfined_u:object_r:etc_t:s0");
  free (l);
  /* Outside path: untouched. */
  l = label_of (g, "/usr/bin/ls");
  CHECK_STREQ (l, "system_u:object_r:bin_t:s0");
  free (l);
  CHECK_OK (guestfs_umount_all (g));
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-boot");
  char *grub, *ext, *fat;

  test_add_disk (g, GRUB_DISK_SIZE);
  test_add_disk (g, EXT_DISK_SIZE);
  test_add_disk (g, FAT_DISK_SIZE);
  test_launch (g);
  grub = test_disk_of_size (g, GRUB_DISK_SIZE);
  ext = test_disk_of_size (g, EXT_DISK_SIZE);
  fat = test_disk_of_size (g, FAT_DISK_SIZE);

  {
    char *groups[] = { (char *) "grub", (char *) "extlinux",
                       (char *) "syslinux", (char *) "selinuxrelabel",
                       NULL };

    CHECK (guestfs_feature_available (g, groups) == 1);
  }
  test_grub (g, grub);
  test_extlinux (g, ext);
  test_syslinux (g, fat, ext);
  test_selinux (g, grub);

  free (grub);
  free (ext);
  free (fat);
  test_exit (g);
}
