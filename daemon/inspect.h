/* careen - offline disk-image toolkit
 * Operating system inspection: declarations private to daemon/inspect*.c.
 */

#ifndef CAREEN_DAEMON_INSPECT_H
#define CAREEN_DAEMON_INSPECT_H

#include <stdbool.h>
#include <stddef.h>

/* Where inspection mounts guest filesystems, read-only: a directory of
 * its own, so the guest tree under sysroot that the user mounted is
 * never touched.
 */
#define INSPECT_MOUNTPOINT "/run/careen-inspect"

/* Largest configuration file read whole (os-release, fstab, hostname,
 * lsb-release ...).  Real ones are a few KiB; a bigger one is treated
 * as absent rather than read without bound.
 */
#define INSPECT_MAX_CONFIG (256 * 1024)

/* Most lines of a configuration file looked at (a 100,000-line fstab
 * is hostile: the rest is ignored).
 */
#define INSPECT_MAX_LINES 10000

/* Longest fact kept (a product name, hostname, version ...): guest
 * strings are cut to this many bytes.
 */
#define INSPECT_MAX_FACT 256

/* One filesystem of the disks added, as blkid sees it. */
struct inspect_fs {
  char *device;                 /* /dev/sda1, /dev/VG/LV */
  char *type;                   /* blkid TYPE, "unknown" */
  char *uuid, *label, *partuuid, *partlabel;   /* "" when absent */
};

/* Everything found about one operating system.  Strings are never NULL
 * once inspect_os has finished ("unknown" when not found), except the
 * Windows ones, which are NULL for other systems.
 */
struct inspect_root {
  char *root;                   /* the root filesystem's device */
  char *type, *distro, *product_name, *product_variant, *arch;
  char *hostname, *osinfo, *package_format, *package_management;
  int major, minor;
  char *systemroot, *current_control_set, *software_hive, *system_hive;
  char *build;                  /* Windows CurrentBuildNumber, or NULL */
  struct stringsbuf mountpoints;   /* mountpoint, device, ... */
  struct stringsbuf filesystems;   /* devices */
  struct stringsbuf drives;        /* drive letter, device, ... */
};

/* inspect.c */
extern struct inspect_fs *inspect_fses;
extern size_t inspect_nr_fses;
/* The filesystem whose field (uuid, label ...) equals value, or NULL. */
extern const struct inspect_fs *inspect_fs_by_tag (const char *tag,
                                                   const char *value);
extern const struct inspect_fs *inspect_fs_by_device (const char *device);
/* Replaces *field with a copy of value cut to INSPECT_MAX_FACT bytes
 * (control characters become spaces).  -1 (ENOMEM) on failure.
 */
extern int inspect_set (char **field, const char *value);
/* Replaces, in place, each byte of s that is not part of a valid UTF-8
 * sequence with '?': guest strings end up in XML and JSON documents.
 */
extern void inspect_fix_utf8 (char *s);
/* The root inspected as root, or NULL after replying (EINVAL) when
 * root is not one of the roots found.
 */
extern struct inspect_root *inspect_find_root (const char *root);
/* Mounts the root's filesystems (the root, then its mountpoints
 * shortest first) read-only under INSPECT_MOUNTPOINT for a call that
 * reads the guest (applications, icon): 0, or -1 after replying.
 * Undone by inspect_umount_all.
 */
extern int inspect_mount_tree (const struct inspect_root *r);

/* inspect-path.c: guest files under INSPECT_MOUNTPOINT, resolved with
 * the mounted tree as "/" (symlinks and ".." cannot leave it).  All
 * silent: -1 or NULL with errno.
 */
extern int inspect_mount (const char *device, const char *type,
                          const char *guest_path);
extern void inspect_umount_all (void);
extern int inspect_open (const char *path, int flags);
/* A regular file's content, NUL-terminated (*len_r: its length, may be
 * NULL).  EFBIG when it is longer than max, EINVAL when not a regular
 * file.
 */
extern char *inspect_read_file (const char *path, size_t max, size_t *len_r);
/* The first line of a small text file, trimmed; NULL if none. */
extern char *inspect_first_line (const char *path);
extern bool inspect_is_file (const char *path);
extern bool inspect_is_dir (const char *path);
/* The path with each component matched without regard to case (for
 * Windows), spelled as on disk; NULL (ENOENT) when it does not exist.
 */
extern char *inspect_ci_path (const char *path);
/* The value of KEY in a "KEY=value" text (shell style quotes removed),
 * malloc'd, or NULL (errno 0 when absent).
 */
extern char *inspect_kv_get (const char *text, const char *key);
/* The architecture of the first of these binaries that exists, or
 * NULL.
 */
extern const char *inspect_binary_arch (const char *const *paths);

/* inspect-linux.c: 1 if the mounted filesystem is a Linux (or other
 * Unix) root and r was filled in, 0 if not, -1 (ENOMEM).
 */
extern int inspect_linux (struct inspect_root *r);
/* inspect-fstab.c: the root's mountpoints from its /etc/fstab, mapped
 * to the devices here; 0, or -1 (ENOMEM).
 */
extern int inspect_fstab (struct inspect_root *r);
/* inspect-windows.c: as inspect_linux, for Windows. */
extern int inspect_windows (struct inspect_root *r);
/* inspect-osinfo.c: r->osinfo from the other facts. */
extern int inspect_osinfo (struct inspect_root *r);

/* Applications being listed (inspect-apps.c), bounded in number and in
 * total bytes so that the reply fits in one message whatever the guest's
 * package database says.
 */
struct inspect_apps {
  struct guestfs_application2 *val;
  size_t len, alloc;
  size_t bytes;                 /* string bytes so far */
  bool full;                    /* a limit was reached: stop adding */
};
/* A new entry, every string "" and epoch 0; NULL when a limit is
 * reached (a->full) or on ENOMEM (a->full false).
 */
extern struct guestfs_application2 *inspect_app_new (struct inspect_apps *a);
/* Sets a string field of an entry, cut to max bytes (control characters
 * other than newline become spaces).  -1 (ENOMEM).
 */
extern int inspect_app_set (struct inspect_apps *a, char **field,
                            const char *value, size_t len, size_t max);
/* inspect-windows.c: the Uninstall keys of the SOFTWARE hive (mounted
 * root): 0, or -1 with errno.
 */
extern int inspect_windows_apps (const struct inspect_root *r,
                                 struct inspect_apps *a);

#endif /* CAREEN_DAEMON_INSPECT_H */
