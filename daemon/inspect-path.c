/* careen - offline disk-image toolkit */

/**
 * Inspection's own view of a guest: its filesystems mounted read-only
 * under INSPECT_MOUNTPOINT (never under sysroot, which belongs to the
 * user), and guest paths resolved there the way daemon/sysroot.c
 * resolves them under sysroot: openat2 with RESOLVE_IN_ROOT on the
 * mountpoint, so a guest symlink ("/etc/os-release -> /proc/self/...",
 * "../../..") stays inside the guest.  A filesystem mounted below the
 * root (/usr, /var) is mounted on the directory found that way, through
 * its descriptor, so a symlinked mountpoint cannot put it elsewhere.
 *
 * Everything here is silent: -1 or NULL with errno, the caller decides
 * whether that is an error or just a fact not found.
 */

#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "daemon.h"
#include "inspect.h"

/* Most filesystems mounted at once for one root (its fstab entries). */
#define INSPECT_MAX_MOUNTS 64

/* Most entries of one directory read while matching a name without
 * regard to case: a hostile directory of millions of entries must not
 * stall inspection.
 */
#define INSPECT_MAX_DIR_ENTRIES 100000

/* Host paths mounted, in mount order, to unmount in reverse. */
static char *mounted[INSPECT_MAX_MOUNTS];
static size_t nr_mounted;

int
inspect_open (const char *path, int flags)
{
  struct open_how how = {
    /* openat2 refuses O_NOCTTY with O_PATH (only O_PATH's own flags
     * may go with it).
     */
    .flags = (unsigned) flags | O_CLOEXEC | (flags & O_PATH ? 0 : O_NOCTTY),
    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
  };
  int rootfd, err;
  long r;

  rootfd = open (INSPECT_MOUNTPOINT, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd == -1)
    return -1;
  while (*path == '/')
    path++;
  if (*path == '\0')
    path = ".";
  do
    r = syscall (SYS_openat2, rootfd, path, &how, sizeof how);
  while (r == -1 && errno == EAGAIN);
  err = errno;
  close (rootfd);
  errno = err;
  return (int) r;
}

/* The kernel's name for a blkid type, NULL if it is not mountable. */
static const char *
kernel_type (const char *type)
{
  static const char *const unmountable[] = {
    "swap", "unknown", "crypto_LUKS", "LVM2_member", "linux_raid_member",
    "zfs_member", "", NULL
  };
  size_t i;

  for (i = 0; unmountable[i] != NULL; ++i)
    if (strcmp (type, unmountable[i]) == 0)
      return NULL;
  if (strcmp (type, "ntfs") == 0)
    return "ntfs3";
  return type;
}

/* ntfs-3g (FUSE), when the kernel has no NTFS driver.  It is given the
 * host path, which the caller checked lies under INSPECT_MOUNTPOINT.
 */
static int
mount_ntfs_3g (const char *device, const char *host_path)
{
  CLEANUP_FREE char *err = NULL;

  if (!program_exists ("ntfs-3g")) {
    errno = ENOTSUP;
    return -1;
  }
  command (NULL, NULL, "modprobe", "fuse", NULL);
  if (command (NULL, &err, "ntfs-3g", "-o", "ro", device, host_path,
               NULL) == -1) {
    if (verbose)
      fprintf (stderr, "inspect: ntfs-3g %s: %s\n", device, err);
    errno = EINVAL;
    return -1;
  }
  return 0;
}

/* mount(2) read-only, trying harder for the common reasons a read-only
 * mount is refused: a journal that needs replaying on a read-only
 * drive (norecovery), and a filesystem the user already has mounted
 * read-write (the kernel refuses a read-only superblock then: mount it
 * as it is and make this mount read-only).
 */
static int
mount_ro (const char *device, const char *kt, const char *target,
          const char *data)
{
  const unsigned long flags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;

  if (mount (device, target, kt, flags, data) == 0)
    return 0;
  if ((strncmp (kt, "ext", 3) == 0 || strcmp (kt, "xfs") == 0) &&
      errno != EBUSY &&
      mount (device, target, kt, flags, "norecovery") == 0)
    return 0;
  /* btrfs: a log tree to replay would be written (or refused on a
   * read-only drive); inspection does not need it.
   */
  if (strcmp (kt, "btrfs") == 0 && errno != EBUSY) {
    CLEANUP_FREE char *d = NULL;

    if (asprintf (&d, "%s%srescue=nologreplay", data ? data : "",
                  data ? "," : "") == -1)
      return -1;
    if (mount (device, target, kt, flags, d) == 0)
      return 0;
  }
  if (errno == EBUSY &&
      mount (device, target, kt, flags & ~MS_RDONLY, data) == 0) {
    if (mount (NULL, target, NULL, MS_REMOUNT | MS_BIND | flags, NULL) == 0)
      return 0;
    umount2 (target, MNT_DETACH);
    errno = EBUSY;
  }
  return -1;
}

int
inspect_mount (const char *device, const char *type, const char *guest_path)
{
  const char *kt = kernel_type (type);
  CLEANUP_FREE char *host_path = NULL;
  CLEANUP_FREE char *dev = NULL, *volume = NULL, *subvol = NULL;
  char fdpath[64];
  int fd = -1, r, err;

  if (kt == NULL) {
    errno = EINVAL;
    return -1;
  }
  if (nr_mounted >= INSPECT_MAX_MOUNTS) {
    errno = EMFILE;
    return -1;
  }

  if (guest_path == NULL || strcmp (guest_path, "/") == 0) {
    /* The root: the private mountpoint itself. */
    if (nr_mounted > 0) {
      errno = EBUSY;
      return -1;
    }
    if (mkdir (INSPECT_MOUNTPOINT, 0755) == -1 && errno != EEXIST)
      return -1;
    host_path = strdup (INSPECT_MOUNTPOINT);
    if (host_path == NULL)
      return -1;
    snprintf (fdpath, sizeof fdpath, "%s", INSPECT_MOUNTPOINT);
  }
  else {
    char link[PATH_MAX];
    ssize_t n;

    if (nr_mounted == 0) {
      errno = EINVAL;
      return -1;
    }
    fd = inspect_open (guest_path, O_PATH | O_DIRECTORY);
    if (fd == -1)
      return -1;
    snprintf (fdpath, sizeof fdpath, "/proc/self/fd/%d", fd);
    n = readlink (fdpath, link, sizeof link - 1);
    if (n == -1)
      goto out_close;
    link[n] = '\0';
    /* openat2 guarantees this; checked again before mounting there. */
    if (strncmp (link, INSPECT_MOUNTPOINT "/",
                 strlen (INSPECT_MOUNTPOINT) + 1) != 0) {
      errno = EXDEV;
      goto out_close;
    }
    host_path = strdup (link);
    if (host_path == NULL)
      goto out_close;
  }

  /* A btrfs subvolume: its device, mounted with subvol=. */
  if (mountable_split (device, &dev, &volume) == -1)
    goto out_close;
  if (volume != NULL &&
      asprintf (&subvol, "subvol=%s", volume) == -1) {
    subvol = NULL;
    goto out_close;
  }
  r = mount_ro (dev, kt, fdpath, subvol);
  if (r == -1 && errno == ENODEV && strcmp (kt, "ntfs3") == 0)
    r = mount_ntfs_3g (device, host_path);
  if (r == -1)
    goto out_close;
  if (fd >= 0)
    close (fd);
  mounted[nr_mounted++] = host_path;
  host_path = NULL;
  return 0;

 out_close:
  err = errno;
  if (fd >= 0)
    close (fd);
  errno = err;
  return -1;
}

void
inspect_umount_all (void)
{
  while (nr_mounted > 0) {
    char *p = mounted[--nr_mounted];

    /* Lazily if it is still busy: the next mount must find the
     * mountpoint free, and nothing of ours holds files open here.
     */
    if (umount (p) == -1 && umount2 (p, MNT_DETACH) == -1 && verbose)
      fprintf (stderr, "inspect: umount %s: %m\n", p);
    free (p);
  }
}

char *
inspect_read_file (const char *path, size_t max, size_t *len_r)
{
  struct stat st;
  char *buf;
  size_t done = 0;
  int fd, err;

  /* O_NONBLOCK: a FIFO must not block us before we see what it is. */
  fd = inspect_open (path, O_RDONLY | O_NONBLOCK);
  if (fd == -1)
    return NULL;
  if (fstat (fd, &st) == -1)
    goto out_close;
  if (!S_ISREG (st.st_mode)) {
    errno = EINVAL;
    goto out_close;
  }
  if (st.st_size < 0 || (uint64_t) st.st_size > max) {
    errno = EFBIG;
    goto out_close;
  }
  buf = malloc ((size_t) st.st_size + 1);
  if (buf == NULL)
    goto out_close;
  /* The size is re-checked while reading: it is only a hint. */
  while (done < (size_t) st.st_size) {
    ssize_t n = read (fd, buf + done, (size_t) st.st_size - done);

    if (n == -1) {
      if (errno == EINTR)
        continue;
      err = errno;
      free (buf);
      close (fd);
      errno = err;
      return NULL;
    }
    if (n == 0)
      break;
    done += (size_t) n;
  }
  buf[done] = '\0';
  close (fd);
  if (len_r)
    *len_r = done;
  return buf;

 out_close:
  err = errno;
  close (fd);
  errno = err;
  return NULL;
}

/* Removes leading and trailing white space in place; returns s + skip. */
static char *
trim (char *s)
{
  size_t n;

  while (*s && isspace ((unsigned char) *s))
    s++;
  n = strlen (s);
  while (n > 0 && isspace ((unsigned char) s[n-1]))
    s[--n] = '\0';
  return s;
}

char *
inspect_first_line (const char *path)
{
  CLEANUP_FREE char *text = inspect_read_file (path, INSPECT_MAX_CONFIG,
                                               NULL);
  char *nl, *line;

  if (text == NULL)
    return NULL;
  nl = strchr (text, '\n');
  if (nl)
    *nl = '\0';
  line = trim (text);
  if (*line == '\0') {
    errno = 0;
    return NULL;
  }
  return strdup (line);
}

static bool
is_mode (const char *path, mode_t type)
{
  struct stat st;
  int fd = inspect_open (path, O_PATH);
  bool ret;

  if (fd == -1)
    return false;
  ret = fstat (fd, &st) == 0 && (st.st_mode & S_IFMT) == type;
  close (fd);
  return ret;
}

bool
inspect_is_file (const char *path)
{
  return is_mode (path, S_IFREG);
}

bool
inspect_is_dir (const char *path)
{
  return is_mode (path, S_IFDIR);
}

/* The entry of the directory dir (a guest path) matching name without
 * regard to case, appended to *out.  -1 with errno (ENOENT).
 */
static int
ci_component (const char *dir, const char *name, char **out)
{
  DIR *d;
  struct dirent *e;
  size_t count = 0;
  int fd, err = ENOENT;
  char *res = NULL;

  fd = inspect_open (dir, O_RDONLY | O_DIRECTORY);
  if (fd == -1)
    return -1;
  d = fdopendir (fd);
  if (d == NULL) {
    err = errno;
    close (fd);
    errno = err;
    return -1;
  }
  while ((e = readdir (d)) != NULL && count++ < INSPECT_MAX_DIR_ENTRIES) {
    if (strcasecmp (e->d_name, name) == 0) {
      if (asprintf (&res, "%s%s%s", *out,
                    strcmp (*out, "/") == 0 ? "" : "/", e->d_name) == -1) {
        res = NULL;
        err = ENOMEM;
      }
      break;
    }
  }
  closedir (d);
  if (res == NULL) {
    errno = err;
    return -1;
  }
  free (*out);
  *out = res;
  return 0;
}

char *
inspect_ci_path (const char *path)
{
  CLEANUP_FREE char *copy = strdup (path);
  char *out = strdup ("/"), *tok, *save = NULL;
  int err;

  if (copy == NULL || out == NULL) {
    free (out);
    errno = ENOMEM;
    return NULL;
  }
  for (tok = strtok_r (copy, "/", &save); tok != NULL;
       tok = strtok_r (NULL, "/", &save)) {
    if (strcmp (tok, ".") == 0 || strcmp (tok, "..") == 0)
      continue;
    if (ci_component (out, tok, &out) == -1) {
      err = errno;
      free (out);
      errno = err;
      return NULL;
    }
  }
  return out;
}

char *
inspect_kv_get (const char *text, const char *key)
{
  size_t klen = strlen (key), lines = 0;
  const char *p = text;

  while (*p && lines++ < INSPECT_MAX_LINES) {
    const char *end = strchrnul (p, '\n');

    while (p < end && (*p == ' ' || *p == '\t'))
      p++;
    if ((size_t) (end - p) > klen && strncmp (p, key, klen) == 0 &&
        p[klen] == '=') {
      const char *v = p + klen + 1;
      size_t n = (size_t) (end - v);
      char *ret;

      /* Strip one level of quotes and trailing white space. */
      while (n > 0 && isspace ((unsigned char) v[n-1]))
        n--;
      if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n-1] == v[0]) {
        v++;
        n -= 2;
      }
      ret = strndup (v, n);
      return ret;
    }
    p = *end ? end + 1 : end;
  }
  errno = 0;
  return NULL;
}

const char *
inspect_binary_arch (const char *const *paths)
{
  size_t i;

  for (i = 0; paths[i] != NULL; ++i) {
    struct stat st;
    const char *arch = NULL;
    int fd = inspect_open (paths[i], O_RDONLY | O_NONBLOCK);

    if (fd == -1)
      continue;
    if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode))
      arch = binary_arch (fd, st.st_size);
    close (fd);
    if (arch)
      return arch;
  }
  return NULL;
}
