/* careen - offline disk-image toolkit */

/**
 * Operating system inspection: guestfs_inspect_os and the getters.
 *
 * inspect_os looks at every filesystem of the disks, mounting each in
 * turn read-only on inspection's private mountpoint (inspect-path.c),
 * and asks each recogniser (inspect-linux.c, inspect-windows.c) whether
 * it is the root of an operating system.  What they find is kept here,
 * in the daemon, until the next inspect_os: the getters only read it
 * back, so they need nothing mounted and cannot be confused by what the
 * user mounted or changed since.
 */

#include <config.h>

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "daemon.h"
#include "inspect.h"

/* Most filesystems inspected: a guest with more is unusual; the rest
 * are ignored rather than making the call take unbounded time.
 */
#define INSPECT_MAX_FILESYSTEMS 256

struct inspect_fs *inspect_fses;
size_t inspect_nr_fses;

static struct inspect_root *roots;
static size_t nr_roots, roots_cap;

static void
free_fs (struct inspect_fs *fs)
{
  free (fs->device);
  free (fs->type);
  free (fs->uuid);
  free (fs->label);
  free (fs->partuuid);
  free (fs->partlabel);
}

static void
free_root (struct inspect_root *r)
{
  free (r->root);
  free (r->type);
  free (r->distro);
  free (r->product_name);
  free (r->product_variant);
  free (r->arch);
  free (r->hostname);
  free (r->osinfo);
  free (r->package_format);
  free (r->package_management);
  free (r->systemroot);
  free (r->current_control_set);
  free (r->software_hive);
  free (r->system_hive);
  free (r->build);
  stringsbuf_release (&r->mountpoints);
  stringsbuf_release (&r->filesystems);
  stringsbuf_release (&r->drives);
}

static void
free_state (void)
{
  size_t i;

  for (i = 0; i < inspect_nr_fses; ++i)
    free_fs (&inspect_fses[i]);
  free (inspect_fses);
  inspect_fses = NULL;
  inspect_nr_fses = 0;
  for (i = 0; i < nr_roots; ++i)
    free_root (&roots[i]);
  free (roots);
  roots = NULL;
  nr_roots = roots_cap = 0;
}

void
inspect_fix_utf8 (char *s)
{
  unsigned char *p = (unsigned char *) s;

  while (*p) {
    size_t n, i;
    uint32_t c;

    if (*p < 0x80) {
      p++;
      continue;
    }
    if ((*p & 0xe0) == 0xc0)
      n = 1, c = *p & 0x1f;
    else if ((*p & 0xf0) == 0xe0)
      n = 2, c = *p & 0x0f;
    else if ((*p & 0xf8) == 0xf0)
      n = 3, c = *p & 0x07;
    else {
      *p++ = '?';
      continue;
    }
    /* A NUL ends the loop: nothing is read past the string. */
    for (i = 1; i <= n && (p[i] & 0xc0) == 0x80; ++i)
      c = (c << 6) | (p[i] & 0x3f);
    if (i <= n || (n == 1 && c < 0x80) ||
        (n == 2 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
        (n == 3 && (c < 0x10000 || c > 0x10ffff))) {
      *p++ = '?';
      continue;
    }
    p += n + 1;
  }
}

int
inspect_set (char **field, const char *value)
{
  char *s = strndup (value, INSPECT_MAX_FACT);
  char *p;
  size_t n;

  if (s == NULL)
    return -1;
  /* A cut must not leave half a UTF-8 character (XML output). */
  n = strlen (s);
  if (n == INSPECT_MAX_FACT) {
    while (n > 0 && ((unsigned char) s[n-1] & 0xc0) == 0x80)
      n--;
    if (n > 0 && (unsigned char) s[n-1] >= 0xc0)
      n--;
    s[n] = '\0';
  }
  /* Guest strings end up in terminals and XML: no control characters. */
  for (p = s; *p; ++p)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  inspect_fix_utf8 (s);
  free (*field);
  *field = s;
  return 0;
}

/* Whether two mountables name the same thing: "btrfsvol:/dev/sda2//@"
 * (as fstab's "subvol=/@" gives it) is "btrfsvol:/dev/sda2/@".
 */
static bool
same_mountable (const char *a, const char *b)
{
  if (strncmp (a, "btrfsvol:", 9) != 0 || strncmp (b, "btrfsvol:", 9) != 0)
    return strcmp (a, b) == 0;
  while (*a && *a == *b) {
    if (*a == '/') {
      a += strspn (a, "/");
      b += strspn (b, "/");
    }
    else
      a++, b++;
  }
  return *a == '\0' && *b == '\0';
}

const struct inspect_fs *
inspect_fs_by_device (const char *device)
{
  size_t i;

  for (i = 0; i < inspect_nr_fses; ++i)
    if (same_mountable (inspect_fses[i].device, device))
      return &inspect_fses[i];
  return NULL;
}

const struct inspect_fs *
inspect_fs_by_tag (const char *tag, const char *value)
{
  size_t i;

  if (*value == '\0')
    return NULL;
  for (i = 0; i < inspect_nr_fses; ++i) {
    const struct inspect_fs *fs = &inspect_fses[i];
    const char *v =
      strcmp (tag, "UUID") == 0 ? fs->uuid :
      strcmp (tag, "LABEL") == 0 ? fs->label :
      strcmp (tag, "PARTUUID") == 0 ? fs->partuuid :
      strcmp (tag, "PARTLABEL") == 0 ? fs->partlabel : "";

    /* UUIDs are compared without regard to case, as mount does. */
    if (*v && (strcmp (tag, "LABEL") == 0 || strcmp (tag, "PARTLABEL") == 0
               ? strcmp (v, value) == 0 : strcasecmp (v, value) == 0))
      return fs;
  }
  return NULL;
}

/* Fills in fs's blkid tags.  A device blkid says nothing about keeps
 * empty tags.  -1 (ENOMEM) only.
 */
static int
read_tags (struct inspect_fs *fs)
{
  CLEANUP_FREE char *out = NULL, *dev = NULL, *volume = NULL;
  char *line, *save = NULL;

  fs->uuid = strdup ("");
  fs->label = strdup ("");
  fs->partuuid = strdup ("");
  fs->partlabel = strdup ("");
  if (!fs->uuid || !fs->label || !fs->partuuid || !fs->partlabel)
    return -1;
  /* A btrfs subvolume has the tags of its device. */
  if (mountable_split (fs->device, &dev, &volume) == -1)
    return errno == ENOMEM ? -1 : 0;
  if (command (&out, NULL, "blkid", "-c", "/dev/null", "-o", "export",
               dev, NULL) == -1)
    return 0;
  for (line = strtok_r (out, "\n", &save); line != NULL;
       line = strtok_r (NULL, "\n", &save)) {
    char **field =
      strncmp (line, "UUID=", 5) == 0 ? &fs->uuid :
      strncmp (line, "LABEL=", 6) == 0 ? &fs->label :
      strncmp (line, "PARTUUID=", 9) == 0 ? &fs->partuuid :
      strncmp (line, "PARTLABEL=", 10) == 0 ? &fs->partlabel : NULL;

    if (field && inspect_set (field, strchr (line, '=') + 1) == -1)
      return -1;
  }
  return 0;
}

/* The filesystems of the disks, from list_filesystems.  -1 after
 * replying.
 */
static int
list_filesystems (void)
{
  CLEANUP_FREE_STRING_LIST char **fses = do_list_filesystems ();
  size_t i, n;

  if (fses == NULL)
    return -1;
  n = strings_count (fses) / 2;
  if (n > INSPECT_MAX_FILESYSTEMS)
    n = INSPECT_MAX_FILESYSTEMS;
  inspect_fses = calloc (n ? n : 1, sizeof *inspect_fses);
  if (inspect_fses == NULL) {
    reply_with_perror ("calloc");
    return -1;
  }
  for (i = 0; i < n; ++i) {
    struct inspect_fs *fs = &inspect_fses[inspect_nr_fses++];

    fs->device = strdup (fses[2*i]);
    fs->type = strdup (fses[2*i+1]);
    if (fs->device == NULL || fs->type == NULL || read_tags (fs) == -1) {
      reply_with_perror ("%s", fses[2*i]);
      return -1;
    }
  }
  return 0;
}

/* Sets every unset string fact to "unknown". */
static int
fill_unknown (struct inspect_root *r)
{
  char **fields[] = {
    &r->type, &r->distro, &r->product_name, &r->product_variant, &r->arch,
    &r->hostname, &r->osinfo, &r->package_format, &r->package_management,
  };
  size_t i;

  for (i = 0; i < sizeof fields / sizeof fields[0]; ++i)
    if (*fields[i] == NULL && inspect_set (fields[i], "unknown") == -1)
      return -1;
  return 0;
}

/* Looks at one filesystem, mounted.  1 if it is a root (added to
 * roots), 0 if not, -1 (ENOMEM).
 */
static int
inspect_one (const struct inspect_fs *fs)
{
  struct inspect_root r;
  int found;

  memset (&r, 0, sizeof r);
  stringsbuf_init (&r.mountpoints);
  stringsbuf_init (&r.filesystems);
  stringsbuf_init (&r.drives);
  r.root = strdup (fs->device);
  if (r.root == NULL)
    goto out_free;

  found = inspect_linux (&r);
  if (found == 0)
    found = inspect_windows (&r);
  if (found <= 0) {
    free_root (&r);
    return found;
  }
  if (r.systemroot == NULL && inspect_fstab (&r) == -1)
    goto out_free;
  /* The root is always mounted on "/", whatever fstab says. */
  if (r.mountpoints.size == 0 &&
      (stringsbuf_add_string (&r.mountpoints, "/") == -1 ||
       stringsbuf_add_string (&r.mountpoints, fs->device) == -1))
    goto out_free;
  if (r.filesystems.size == 0 &&
      stringsbuf_add_string (&r.filesystems, fs->device) == -1)
    goto out_free;
  if (fill_unknown (&r) == -1 || inspect_osinfo (&r) == -1)
    goto out_free;

  if (vector_reserve ((void **) &roots, &roots_cap, nr_roots, 1,
                      sizeof *roots) == -1)
    goto out_free;
  roots[nr_roots++] = r;
  return 1;

 out_free:
  free_root (&r);
  errno = ENOMEM;
  return -1;
}

char **
do_inspect_os (void)
{
  struct stringsbuf snapshots;
  size_t i;

  free_state ();
  inspect_umount_all ();
  if (list_filesystems () == -1)
    return NULL;

  /* btrfs snapshots are copies of a root, not operating systems of
   * their own: libguestfs leaves them out, and so does careen.
   */
  stringsbuf_init (&snapshots);
  for (i = 0; i < inspect_nr_fses; ++i) {
    const struct inspect_fs *fs = &inspect_fses[i];

    if (strcmp (fs->type, "btrfs") == 0 &&
        strncmp (fs->device, "btrfsvol:", 9) != 0 &&
        btrfs_snapshot_mountables (&snapshots, fs->device) == -1) {
      reply_with_perror ("%s: btrfs snapshots", fs->device);
      stringsbuf_release (&snapshots);
      return NULL;
    }
  }

  for (i = 0; i < inspect_nr_fses; ++i) {
    const struct inspect_fs *fs = &inspect_fses[i];
    size_t j;
    int r;

    notify_progress (i, inspect_nr_fses);
    for (j = 0; j < snapshots.size; ++j)
      if (strcmp (snapshots.argv[j], fs->device) == 0)
        break;
    if (j < snapshots.size)
      continue;
    if (inspect_mount (fs->device, fs->type, "/") == -1) {
      if (verbose)
        fprintf (stderr, "inspect: %s (%s) not mounted: %m\n",
                 fs->device, fs->type);
      continue;
    }
    r = inspect_one (fs);
    inspect_umount_all ();
    if (r == -1) {
      reply_with_perror ("%s", fs->device);
      stringsbuf_release (&snapshots);
      return NULL;
    }
  }
  stringsbuf_release (&snapshots);
  notify_progress (inspect_nr_fses, inspect_nr_fses);
  return do_inspect_get_roots ();
}

char **
do_inspect_get_roots (void)
{
  struct stringsbuf sb;
  size_t i;
  char **ret;

  stringsbuf_init (&sb);
  for (i = 0; i < nr_roots; ++i)
    if (stringsbuf_add_string (&sb, roots[i].root) == -1)
      goto out_release;
  ret = stringsbuf_finish (&sb);
  if (ret == NULL)
    reply_with_perror ("malloc");
  return ret;

 out_release:
  reply_with_perror ("malloc");
  stringsbuf_release (&sb);
  return NULL;
}

struct inspect_root *
inspect_find_root (const char *root)
{
  size_t i;

  for (i = 0; i < nr_roots; ++i)
    if (strcmp (roots[i].root, root) == 0)
      return &roots[i];
  reply_with_error_errno (EINVAL, "%s: not a root found by inspect_os", root);
  return NULL;
}

int
inspect_mount_tree (const struct inspect_root *r)
{
  const struct inspect_fs *fs = inspect_fs_by_device (r->root);
  CLEANUP_FREE char **order = NULL;
  size_t i, j, n = r->mountpoints.size / 2;

  inspect_umount_all ();
  if (fs == NULL || inspect_mount (fs->device, fs->type, "/") == -1) {
    reply_with_perror ("%s: mount", r->root);
    return -1;
  }
  /* Shortest mountpoint first, so /var comes before /var/lib. */
  order = calloc (n + 1, sizeof *order);
  if (order == NULL) {
    reply_with_perror ("calloc");
    inspect_umount_all ();
    return -1;
  }
  for (i = 0; i < n; ++i) {
    const char *mp = r->mountpoints.argv[2*i];

    for (j = i; j > 0 && strlen (order[j-1]) > strlen (mp); --j)
      order[j] = order[j-1];
    order[j] = (char *) mp;
  }
  for (i = 0; i < n; ++i) {
    const struct inspect_fs *sub;

    if (strcmp (order[i], "/") == 0)
      continue;
    for (j = 0; j < n; ++j)
      if (r->mountpoints.argv[2*j] == order[i])
        break;
    sub = inspect_fs_by_device (r->mountpoints.argv[2*j+1]);
    /* A filesystem that will not mount just hides what it holds. */
    if (sub && inspect_mount (sub->device, sub->type, order[i]) == -1 &&
        verbose)
      fprintf (stderr, "inspect: %s on %s not mounted: %m\n",
               sub->device, order[i]);
  }
  return 0;
}

/* ---- Getters ---- */

static char *
copy_fact (const char *root, size_t offset, bool windows_only)
{
  struct inspect_root *r = inspect_find_root (root);
  const char *v;
  char *ret;

  if (r == NULL)
    return NULL;
  v = *(char **) ((char *) r + offset);
  if (v == NULL) {
    reply_with_error_errno (EINVAL, "%s: %s", root, windows_only
                            ? "not a Windows root, or the fact is not known"
                            : "fact not known");
    return NULL;
  }
  ret = strdup (v);
  if (ret == NULL)
    reply_with_perror ("strdup");
  return ret;
}

#define FACT(name, field)                                               \
  char *                                                                \
  do_inspect_get_##name (const char *root)                              \
  {                                                                     \
    return copy_fact (root, offsetof (struct inspect_root, field), false); \
  }
#define WINDOWS_FACT(name, field)                                       \
  char *                                                                \
  do_inspect_get_##name (const char *root)                              \
  {                                                                     \
    return copy_fact (root, offsetof (struct inspect_root, field), true); \
  }

FACT (type, type)
FACT (arch, arch)
FACT (distro, distro)
FACT (product_name, product_name)
FACT (product_variant, product_variant)
FACT (hostname, hostname)
FACT (osinfo, osinfo)
FACT (package_format, package_format)
FACT (package_management, package_management)
WINDOWS_FACT (windows_systemroot, systemroot)
WINDOWS_FACT (windows_current_control_set, current_control_set)
WINDOWS_FACT (windows_software_hive, software_hive)
WINDOWS_FACT (windows_system_hive, system_hive)

int
do_inspect_get_major_version (const char *root)
{
  struct inspect_root *r = inspect_find_root (root);

  return r ? r->major : -1;
}

int
do_inspect_get_minor_version (const char *root)
{
  struct inspect_root *r = inspect_find_root (root);

  return r ? r->minor : -1;
}

static char **
copy_list (const char *root, size_t offset)
{
  struct inspect_root *r = inspect_find_root (root);
  const struct stringsbuf *sb;
  struct stringsbuf out;
  size_t i;
  char **ret;

  if (r == NULL)
    return NULL;
  sb = (const struct stringsbuf *) ((char *) r + offset);
  stringsbuf_init (&out);
  for (i = 0; i < sb->size; ++i)
    if (stringsbuf_add_string (&out, sb->argv[i]) == -1) {
      stringsbuf_release (&out);
      reply_with_perror ("malloc");
      return NULL;
    }
  ret = stringsbuf_finish (&out);
  if (ret == NULL)
    reply_with_perror ("malloc");
  return ret;
}

char **
do_inspect_get_mountpoints (const char *root)
{
  return copy_list (root, offsetof (struct inspect_root, mountpoints));
}

char **
do_inspect_get_filesystems (const char *root)
{
  return copy_list (root, offsetof (struct inspect_root, filesystems));
}

char **
do_inspect_get_drive_mappings (const char *root)
{
  return copy_list (root, offsetof (struct inspect_root, drives));
}

char *
do_inspect_get_format (const char *root)
{
  char *ret;

  if (inspect_find_root (root) == NULL)
    return NULL;
  ret = strdup ("installed");
  if (ret == NULL)
    reply_with_perror ("strdup");
  return ret;
}

/* Install media are not recognised: every root is an installed system. */
static int
is_install_media (const char *root)
{
  return inspect_find_root (root) ? 0 : -1;
}

int
do_inspect_is_live (const char *root)
{
  return is_install_media (root);
}

int
do_inspect_is_netinst (const char *root)
{
  return is_install_media (root);
}

int
do_inspect_is_multipart (const char *root)
{
  return is_install_media (root);
}
