/* careen - offline disk-image toolkit */

/**
 * Mounting guest filesystems under sysroot, and unmounting them:
 * mount, mount_ro, mount_options, mount_vfs, umount, umount_all, mounts,
 * mountpoints, sync and internal_autosync.
 *
 * mount(2) is called directly rather than through mount(8): the errno
 * of a failure then reaches the user unchanged (ENOENT, EBUSY ...),
 * and the filesystem type comes from blkid so the kernel loads the
 * right module for it.  The message still says what mount(8) would
 * have said, in its words.  What is mounted is read back from
 * /proc/self/mountinfo, the kernel's own account.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* Longest mount option string accepted: far beyond any real one, and
 * the kernel limits the data page to 4096 bytes anyway.
 */
#define MOUNT_OPTIONS_MAX 4096

/* Lines of /proc/self/mountinfo read at most (bounds a runaway). */
#define MOUNTINFO_MAX_LINES 65536

/* Undoes the octal escapes of mountinfo ("\040" is a space) in place. */
static void
unescape (char *s)
{
  char *w = s;

  while (*s) {
    if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
        s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
      *w++ = (char) ((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
      s += 4;
    }
    else
      *w++ = *s++;
  }
  *w = '\0';
}

/* True if host_path is sysroot or below it. */
static bool
under_sysroot (const char *host_path)
{
  return strncmp (host_path, sysroot, sysroot_len) == 0 &&
    (host_path[sysroot_len] == '\0' || host_path[sysroot_len] == '/');
}

char **
get_sysroot_mounts (void)
{
  CLEANUP_FCLOSE FILE *fp = fopen ("/proc/self/mountinfo", "re");
  CLEANUP_FREE char *line = NULL;
  size_t alloc = 0, lines = 0;
  struct stringsbuf sb;

  if (fp == NULL)
    return NULL;
  stringsbuf_init (&sb);
  while (getline (&line, &alloc, fp) != -1 && lines++ < MOUNTINFO_MAX_LINES) {
    char *fields[5], *sep, *source, *save = NULL, *p = line;
    size_t i;

    /* id parent maj:min root mountpoint ... " - " fstype source opts */
    for (i = 0; i < 5; ++i) {
      fields[i] = strtok_r (p, " ", &save);
      p = NULL;
      if (fields[i] == NULL)
        break;
    }
    if (i < 5)
      continue;
    sep = strstr (save ? save : "", " - ");
    if (sep == NULL)
      continue;
    source = strtok_r (sep + 3, " ", &save);    /* fstype */
    source = source ? strtok_r (NULL, " \n", &save) : NULL;
    if (source == NULL)
      continue;
    unescape (fields[4]);
    unescape (source);
    if (!under_sysroot (fields[4]))
      continue;
    if (stringsbuf_add_string (&sb, fields[4]) == -1 ||
        stringsbuf_add_string (&sb, source) == -1) {
      stringsbuf_release (&sb);
      return NULL;
    }
  }
  return stringsbuf_finish (&sb);
}

struct mount_flag {
  const char *name;
  unsigned long set;
  unsigned long clear;
};

/* Options mount(8) turns into flags rather than passing them on. */
static const struct mount_flag mount_flags[] = {
  { "defaults", 0, 0 },
  { "ro", MS_RDONLY, 0 },
  { "rw", 0, MS_RDONLY },
  { "nosuid", MS_NOSUID, 0 },
  { "suid", 0, MS_NOSUID },
  { "nodev", MS_NODEV, 0 },
  { "dev", 0, MS_NODEV },
  { "noexec", MS_NOEXEC, 0 },
  { "exec", 0, MS_NOEXEC },
  { "sync", MS_SYNCHRONOUS, 0 },
  { "async", 0, MS_SYNCHRONOUS },
  { "dirsync", MS_DIRSYNC, 0 },
  { "noatime", MS_NOATIME, 0 },
  { "atime", 0, MS_NOATIME },
  { "nodiratime", MS_NODIRATIME, 0 },
  { "diratime", 0, MS_NODIRATIME },
  { "relatime", MS_RELATIME, 0 },
  { "norelatime", 0, MS_RELATIME },
  { "strictatime", MS_STRICTATIME, 0 },
  { "lazytime", MS_LAZYTIME, 0 },
  { "nolazytime", 0, MS_LAZYTIME },
  { NULL, 0, 0 }
};

/* Splits options into flags and the filesystem's own data string.
 * Returns 0, or -1 (replied) if they are invalid.
 */
static int
parse_options (const char *options, unsigned long *flags_r, char **data_r)
{
  CLEANUP_FREE char *copy = NULL;
  char *opt, *save = NULL, *data;
  size_t dlen = 0;

  *flags_r = 0;
  *data_r = NULL;
  if (strlen (options) > MOUNT_OPTIONS_MAX) {
    reply_with_error_errno (EINVAL, "mount options too long");
    return -1;
  }
  copy = strdup (options);
  data = calloc (1, strlen (options) + 1);
  if (copy == NULL || data == NULL) {
    free (data);
    reply_with_perror ("malloc");
    return -1;
  }
  for (opt = strtok_r (copy, ",", &save); opt != NULL;
       opt = strtok_r (NULL, ",", &save)) {
    const struct mount_flag *f;

    for (f = mount_flags; f->name != NULL; ++f)
      if (strcmp (opt, f->name) == 0)
        break;
    if (f->name != NULL) {
      *flags_r = (*flags_r | f->set) & ~f->clear;
      continue;
    }
    /* These would mount something other than the device given. */
    if (strcmp (opt, "bind") == 0 || strcmp (opt, "rbind") == 0 ||
        strcmp (opt, "move") == 0 || strcmp (opt, "remount") == 0) {
      reply_with_error_errno (EINVAL, "mount option not allowed: %s", opt);
      free (data);
      return -1;
    }
    if (dlen > 0)
      data[dlen++] = ',';
    strcpy (data + dlen, opt);
    dlen += strlen (opt);
  }
  *data_r = data;
  return 0;
}

/* The kernel filesystem to mount for a blkid TYPE; NULL if it cannot be
 * mounted at all.
 */
static const char *
kernel_fstype (const char *type)
{
  /* The kernel's read-write NTFS driver; "ntfs" is the old read-only
   * one, absent from recent kernels.
   */
  if (strcmp (type, "ntfs") == 0)
    return "ntfs3";
  if (strcmp (type, "swap") == 0 || strcmp (type, "crypto_LUKS") == 0 ||
      strcmp (type, "LVM2_member") == 0 ||
      strcmp (type, "linux_raid_member") == 0)
    return NULL;
  return type;
}

/* NTFS through ntfs-3g (FUSE), when the kernel has no NTFS driver.
 * The options go to ntfs-3g as they are: it knows the mount(8) ones.
 * It needs the fuse module, which the kernel does not load on demand
 * for /dev/fuse without udev, hence the modprobe first.
 */
static int
mount_ntfs_3g (const char *options, const char *mountable,
               const char *mountpoint, const char *mp)
{
  CLEANUP_FREE char *err = NULL;
  const char *argv[] = { "ntfs-3g", "-o", options, mountable, mp, NULL };

  if (!program_exists ("ntfs-3g")) {
    reply_with_error_errno (ENOTSUP, "%s: NTFS is not supported by this "
                            "appliance (no ntfs3 driver, no ntfs-3g)",
                            mountable);
    return -1;
  }
  command (NULL, NULL, "modprobe", "fuse", NULL);
  if (*options == '\0') {
    argv[1] = mountable;
    argv[2] = mp;
    argv[3] = NULL;
  }
  if (commandv (NULL, &err, argv) == -1) {
    reply_with_error ("%s on %s: ntfs-3g: %s", mountable, mountpoint, err);
    return -1;
  }
  return 0;
}

/* True for the names a user may give for NTFS in mount_vfs. */
static bool
is_ntfs_name (const char *t)
{
  return strcmp (t, "ntfs") == 0 || strcmp (t, "ntfs3") == 0 ||
    strcmp (t, "ntfs-3g") == 0;
}

/* Replies to a failed mount(2) in the words mount(8) would use for the
 * same errno, which users and scripts know from libguestfs (it runs
 * mount(8)), and with the errno itself, which mount(8) loses.
 */
static void
reply_mount_failure (int err, const char *mountable, const char *mountpoint,
                     const char *fstype)
{
  switch (err) {
  case EBUSY:
    reply_with_error_errno (err, "mount: %s: %s already mounted or mount "
                            "point busy", mountpoint, mountable);
    break;
  case EINVAL:
    reply_with_error_errno (err, "mount: %s: wrong fs type, bad option, "
                            "bad superblock on %s, missing codepage or "
                            "helper program, or other error",
                            mountpoint, mountable);
    break;
  case ENODEV:
    reply_with_error_errno (err, "mount: %s: unknown filesystem type '%s'",
                            mountpoint, fstype);
    break;
  case ENOTBLK:
    reply_with_error_errno (err, "mount: %s: %s is not a block device",
                            mountpoint, mountable);
    break;
  case ENOENT:
  case ENXIO:
    reply_with_error_errno (err, "mount: %s: special device %s does not "
                            "exist", mountpoint, mountable);
    break;
  case ENOTDIR:
    reply_with_error_errno (err, "mount: %s: mount point is not a "
                            "directory", mountpoint);
    break;
  case EROFS:
  case EACCES:
    reply_with_error_errno (err, "mount: %s: cannot mount %s read-write, "
                            "it is write-protected", mountpoint, mountable);
    break;
  default:
    reply_with_error_errno (err, "mount: %s: mounting %s (%s) failed: %s",
                            mountpoint, mountable, fstype, strerror (err));
    break;
  }
}

int
mount_with_type (const char *options, const char *vfstype,
                 const char *mountable, const char *mountpoint)
{
  CLEANUP_FREE char *type = NULL, *data = NULL, *mp = NULL;
  CLEANUP_FREE char *device = NULL, *volume = NULL, *subvol_opts = NULL;
  const char *kt;
  unsigned long flags;
  struct stat statbuf;

  /* A btrfs subvolume is its device mounted with subvol= (btrfs-mountable.c
   * parses the name).
   */
  if (mountable_split (mountable, &device, &volume) == -1) {
    reply_with_perror ("%s", mountable);
    return -1;
  }
  if (volume != NULL) {
    if (asprintf (&subvol_opts, "%s%ssubvol=%s", options,
                  *options ? "," : "", volume) == -1) {
      reply_with_perror ("asprintf");
      return -1;
    }
    options = subvol_opts;
    mountable = device;
  }
  if (mountpoint[0] != '/') {
    reply_with_error_errno (EINVAL, "%s: mountpoint must be an absolute path",
                            mountpoint);
    return -1;
  }
  if (parse_options (options, &flags, &data) == -1)
    return -1;

  mp = sysroot_realpath (mountpoint);
  if (mp == NULL) {
    if (errno == ENOENT || errno == ENOTDIR)
      reply_with_error_errno (errno, "mount: %s: mount point is not a "
                              "directory", mountpoint);
    else
      reply_with_perror ("%s", mountpoint);
    return -1;
  }
  if (stat (mp, &statbuf) == -1) {
    reply_with_perror ("%s", mountpoint);
    return -1;
  }
  if (!S_ISDIR (statbuf.st_mode)) {
    reply_with_error_errno (ENOTDIR, "mount: %s: mount point is not a "
                            "directory", mountpoint);
    return -1;
  }

  if (vfstype != NULL) {
    /* The user's choice; NTFS by any of its names goes the NTFS way. */
    if (*vfstype == '\0' || strlen (vfstype) > 64) {
      reply_with_error_errno (EINVAL, "invalid vfstype: %s", vfstype);
      return -1;
    }
    kt = is_ntfs_name (vfstype) ? "ntfs3" : vfstype;
  }
  else {
    type = blkid_tag (mountable, "TYPE");
    if (type == NULL)
      return -1;
    if (*type == '\0') {
      reply_with_error_errno (EINVAL, "%s: no filesystem found on the device",
                              mountable);
      return -1;
    }
    kt = kernel_fstype (type);
    if (kt == NULL) {
      reply_with_error_errno (EINVAL, "%s: a %s device cannot be mounted",
                              mountable, type);
      return -1;
    }
  }

  if (mount (mountable, mp, kt, flags, *data ? data : NULL) == -1) {
    /* No ntfs3 in this kernel (Debian's has none): use ntfs-3g. */
    if (errno == ENODEV && strcmp (kt, "ntfs3") == 0)
      return mount_ntfs_3g (options, mountable, mountpoint, mp);
    reply_mount_failure (errno, mountable, mountpoint, kt);
    return -1;
  }
  return 0;
}

int
do_mount_options (const char *options, const char *mountable,
                  const char *mountpoint)
{
  return mount_with_type (options, NULL, mountable, mountpoint);
}

int
do_mount_vfs (const char *options, const char *vfstype,
              const char *mountable, const char *mountpoint)
{
  return mount_with_type (options, vfstype, mountable, mountpoint);
}

int
do_mount (const char *mountable, const char *mountpoint)
{
  return do_mount_options ("", mountable, mountpoint);
}

int
do_mount_ro (const char *mountable, const char *mountpoint)
{
  return do_mount_options ("ro", mountable, mountpoint);
}

/* The host path where device is mounted under sysroot (the latest mount
 * of it), or NULL (errno EINVAL) if it is not mounted there.
 */
static char *
device_mountpoint (const char *device)
{
  CLEANUP_FREE_STRING_LIST char **mounts = get_sysroot_mounts ();
  struct stat dst, st;
  char *found = NULL;
  size_t i;

  if (mounts == NULL || stat (device, &dst) == -1)
    return NULL;
  for (i = 0; mounts[i] != NULL && mounts[i+1] != NULL; i += 2) {
    if (strcmp (mounts[i+1], device) == 0 ||
        (stat (mounts[i+1], &st) == 0 && S_ISBLK (st.st_mode) &&
         st.st_rdev == dst.st_rdev))
      found = mounts[i];
  }
  if (found == NULL) {
    errno = EINVAL;
    return NULL;
  }
  return strdup (found);
}

int
do_umount (const char *pathordevice, int force, int lazyunmount)
{
  CLEANUP_FREE char *mp = NULL;
  int flags = 0;

  if (strncmp (pathordevice, "/dev/", 5) == 0) {
    mp = device_mountpoint (pathordevice);
    if (mp == NULL) {
      if (errno == EINVAL)
        reply_with_error_errno (EINVAL, "%s: not mounted", pathordevice);
      else
        reply_with_perror ("%s", pathordevice);
      return -1;
    }
  }
  else {
    /* The mountpoint itself, not what a symlink there points to:
     * mountpoints made by mount are directories of the guest, and
     * resolving keeps the guest from naming an appliance directory.
     */
    mp = sysroot_realpath (pathordevice);
    if (mp == NULL) {
      reply_with_perror ("%s", pathordevice);
      return -1;
    }
  }

  if ((optargs_bitmask & GUESTFS_UMOUNT_OPTS_FORCE_BITMASK) && force)
    flags |= MNT_FORCE;
  if ((optargs_bitmask & GUESTFS_UMOUNT_OPTS_LAZYUNMOUNT_BITMASK) && lazyunmount)
    flags |= MNT_DETACH;

  if (umount2 (mp, flags | UMOUNT_NOFOLLOW) == -1) {
    reply_with_perror ("%s", pathordevice);
    return -1;
  }
  return 0;
}

/* Unmounts everything under sysroot, deepest first; replies on error. */
static int
umount_all_under_sysroot (void)
{
  CLEANUP_FREE_STRING_LIST char **mounts = get_sysroot_mounts ();
  size_t n;

  if (mounts == NULL) {
    reply_with_perror ("/proc/self/mountinfo");
    return -1;
  }
  /* mountinfo is in mount order, and a mount always comes after the
   * one it sits on, so the reverse order unmounts the deepest first,
   * including a mount hidden by a later one on a parent directory.
   */
  n = strings_count (mounts);
  while (n >= 2) {
    char *guest;

    n -= 2;
    if (umount2 (mounts[n], UMOUNT_NOFOLLOW) == -1) {
      int err = errno;
      guest = sysroot_to_guest (mounts[n]);
      errno = err;
      reply_with_perror ("umount: %s", guest ? guest : mounts[n]);
      free (guest);
      return -1;
    }
  }
  return 0;
}

int
do_umount_all (void)
{
  return umount_all_under_sysroot ();
}

char **
do_mounts (void)
{
  CLEANUP_FREE_STRING_LIST char **mounts = get_sysroot_mounts ();
  struct stringsbuf sb;
  size_t i;
  char **r;

  if (mounts == NULL) {
    reply_with_perror ("/proc/self/mountinfo");
    return NULL;
  }
  stringsbuf_init (&sb);
  for (i = 0; mounts[i] != NULL && mounts[i+1] != NULL; i += 2) {
    if (stringsbuf_add_string (&sb, mounts[i+1]) == -1) {
      stringsbuf_release (&sb);
      reply_with_perror ("malloc");
      return NULL;
    }
  }
  r = stringsbuf_finish (&sb);
  if (r == NULL)
    reply_with_perror ("malloc");
  return r;
}

char **
do_mountpoints (void)
{
  CLEANUP_FREE_STRING_LIST char **mounts = get_sysroot_mounts ();
  struct stringsbuf sb;
  size_t i;
  char **r;

  if (mounts == NULL) {
    reply_with_perror ("/proc/self/mountinfo");
    return NULL;
  }
  stringsbuf_init (&sb);
  for (i = 0; mounts[i] != NULL && mounts[i+1] != NULL; i += 2) {
    char *guest = sysroot_to_guest (mounts[i]);

    if (guest == NULL || stringsbuf_add_string (&sb, mounts[i+1]) == -1) {
      free (guest);
      stringsbuf_release (&sb);
      reply_with_perror ("malloc");
      return NULL;
    }
    /* (nodup frees guest when it fails) */
    if (stringsbuf_add_string_nodup (&sb, guest) == -1) {
      stringsbuf_release (&sb);
      reply_with_perror ("malloc");
      return NULL;
    }
  }
  r = stringsbuf_finish (&sb);
  if (r == NULL)
    reply_with_perror ("malloc");
  return r;
}

int
do_sync (void)
{
  sync ();
  return 0;
}

/* Called by the library's shutdown so that everything written reaches
 * the disks before qemu goes.  Syncs even when an unmount failed.
 */
int
do_internal_autosync (void)
{
  int r = umount_all_under_sysroot ();

  sync ();
  return r;
}
