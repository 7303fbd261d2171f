/* careen - offline disk-image toolkit */

/**
 * Recognising a Windows root filesystem and reading what it is from its
 * registry: the SOFTWARE hive gives the product name, version, variant
 * and installed programs, the SYSTEM hive the current control set, the
 * host name and the drive letters.  Hives are read with libhivex, here
 * in the appliance; a hive is opened through the descriptor that
 * inspect-path.c resolved inside the guest, so a hostile link cannot
 * make us parse another file.  hivex checks the hive's own structure;
 * the values we take from it are bounded again here.
 *
 * Windows paths are matched without regard to case (the filesystem may
 * be mounted case-sensitive), and reported as spelled on the disk.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <hivex.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"
#include "inspect.h"

/* Largest hive opened: real SOFTWARE hives reach a few hundred MiB;
 * hivex maps the whole file.
 */
#define INSPECT_MAX_HIVE (INT64_C(2) * 1024 * 1024 * 1024)

/* Most Uninstall subkeys listed, and MountedDevices values looked at. */
#define INSPECT_MAX_REG_ENTRIES 20000

/* Longest application field kept (descriptions, URLs). */
#define INSPECT_MAX_APP_FIELD 4096

/* Where the Windows directory can be (matched without regard to
 * case).
 */
static const char *const systemroots[] = {
  "/windows", "/winnt", "/win32", "/win", "/reactos", NULL
};

/* Opens a hive (a guest path).  NULL with errno. */
static hive_h *
open_hive (const char *path)
{
  struct stat st;
  char fdpath[64];
  hive_h *h;
  int fd, err;

  fd = inspect_open (path, O_RDONLY | O_NONBLOCK);
  if (fd == -1)
    return NULL;
  if (fstat (fd, &st) == -1 || !S_ISREG (st.st_mode) ||
      st.st_size > INSPECT_MAX_HIVE) {
    close (fd);
    errno = EINVAL;
    return NULL;
  }
  /* The appliance's own magic link to the file we resolved. */
  snprintf (fdpath, sizeof fdpath, "/proc/self/fd/%d", fd);
  h = hivex_open (fdpath, 0);
  err = errno;
  close (fd);
  errno = err;
  return h;
}

/* The node at path ("A\\B\\C" as '/'-separated "A/B/C") under the
 * root, or 0.
 */
static hive_node_h
get_node (hive_h *h, const char *path)
{
  CLEANUP_FREE char *copy = strdup (path);
  hive_node_h node = hivex_root (h);
  char *tok, *save = NULL;

  if (copy == NULL)
    return 0;
  for (tok = strtok_r (copy, "/", &save); tok != NULL && node != 0;
       tok = strtok_r (NULL, "/", &save))
    node = hivex_node_get_child (h, node, tok);
  return node;
}

/* A string value of node, or NULL. */
static char *
get_string (hive_h *h, hive_node_h node, const char *key)
{
  hive_value_h v;

  if (node == 0)
    return NULL;
  v = hivex_node_get_value (h, node, key);
  return v ? hivex_value_string (h, v) : NULL;
}

/* A DWORD value of node, or -1 if absent. */
static int64_t
get_dword (hive_h *h, hive_node_h node, const char *key)
{
  hive_value_h v;
  hive_type t;
  size_t len;
  int32_t d;

  if (node == 0)
    return -1;
  v = hivex_node_get_value (h, node, key);
  if (v == 0 || hivex_value_type (h, v, &t, &len) == -1 ||
      (t != hive_t_REG_DWORD && t != hive_t_REG_DWORD_BIG_ENDIAN))
    return -1;
  d = hivex_value_dword (h, v);
  return (uint32_t) d;
}

static int
read_software (struct inspect_root *r)
{
  hive_h *h = open_hive (r->software_hive);
  hive_node_h cv;
  CLEANUP_FREE char *name = NULL, *ver = NULL, *type = NULL, *build = NULL;
  int64_t major, minor;
  int ret = -1;

  if (h == NULL)
    return 0;                   /* a damaged hive: facts stay unknown */
  cv = get_node (h, "Microsoft/Windows NT/CurrentVersion");
  name = get_string (h, cv, "ProductName");
  ver = get_string (h, cv, "CurrentVersion");
  type = get_string (h, cv, "InstallationType");
  build = get_string (h, cv, "CurrentBuildNumber");
  major = get_dword (h, cv, "CurrentMajorVersionNumber");
  minor = get_dword (h, cv, "CurrentMinorVersionNumber");

  if (name && inspect_set (&r->product_name, name) == -1)
    goto out;
  if (type && inspect_set (&r->product_variant, type) == -1)
    goto out;
  if (build && inspect_set (&r->build, build) == -1)
    goto out;
  /* Windows 10 and later keep "6.3" in CurrentVersion for old
   * programs; the DWORDs have the truth.
   */
  if (major >= 0 && major < 1000 && minor >= 0 && minor < 1000) {
    r->major = (int) major;
    r->minor = (int) minor;
  }
  else if (ver) {
    int ma = 0, mi = 0;

    if (sscanf (ver, "%d.%d", &ma, &mi) == 2 && ma >= 0 && ma < 1000 &&
        mi >= 0 && mi < 1000) {
      r->major = ma;
      r->minor = mi;
    }
  }
  ret = 0;
 out:
  hivex_close (h);
  return ret;
}

/* The device of a disk whose MBR signature is sig, partition starting
 * at offset bytes: "/dev/sdXN" or NULL.
 */
static char *
mbr_device (uint32_t sig, uint64_t offset)
{
  CLEANUP_FREE_STRING_LIST char **parts = get_partitions ();
  size_t i;

  if (parts == NULL)
    return NULL;
  for (i = 0; parts[i] != NULL; ++i) {
    const char *name = parts[i] + 5;      /* after "/dev/" */
    char path[128], disk[64];
    unsigned char buf[4];
    unsigned long long start;
    FILE *fp;
    int fd, ok;
    size_t n;

    snprintf (path, sizeof path, "/sys/class/block/%s/start", name);
    fp = fopen (path, "r");
    if (fp == NULL)
      continue;
    ok = fscanf (fp, "%llu", &start) == 1;
    fclose (fp);
    if (!ok || start * 512 != offset)
      continue;
    /* The disk: the partition name without its trailing digits. */
    n = strlen (parts[i]);
    while (n > 0 && parts[i][n-1] >= '0' && parts[i][n-1] <= '9')
      n--;
    if (n >= sizeof disk)
      continue;
    memcpy (disk, parts[i], n);
    disk[n] = '\0';
    fd = open (disk, O_RDONLY | O_CLOEXEC);
    if (fd == -1)
      continue;
    ok = pread (fd, buf, 4, 0x1b8) == 4;
    close (fd);
    if (ok && (uint32_t) (buf[0] | buf[1] << 8 | buf[2] << 16 |
                          (uint32_t) buf[3] << 24) == sig)
      return strdup (parts[i]);
  }
  return NULL;
}

/* One MountedDevices value: "\DosDevices\C:" to its device. */
static int
add_drive (struct inspect_root *r, hive_h *h, hive_value_h v)
{
  CLEANUP_FREE char *key = hivex_value_key (h, v);
  CLEANUP_FREE char *data = NULL, *dev = NULL;
  const struct inspect_fs *fs;
  hive_type t;
  size_t len;
  char letter[2];

  if (key == NULL || strlen (key) != 14 ||
      strncasecmp (key, "\\DosDevices\\", 12) != 0 || key[13] != ':' ||
      !((key[12] >= 'A' && key[12] <= 'Z') ||
        (key[12] >= 'a' && key[12] <= 'z')))
    return 0;
  data = hivex_value_value (h, v, &t, &len);
  if (data == NULL)
    return 0;
  if (len == 12) {
    const unsigned char *d = (const unsigned char *) data;
    uint32_t sig = d[0] | d[1] << 8 | d[2] << 16 | (uint32_t) d[3] << 24;
    uint64_t off = 0;
    int i;

    for (i = 7; i >= 0; --i)
      off = off << 8 | d[4 + i];
    dev = mbr_device (sig, off);
  }
  else if (len >= 24 && memcmp (data, "DMIO:ID:", 8) == 0) {
    /* The GPT partition GUID, in Microsoft's mixed-endian layout. */
    const unsigned char *g = (const unsigned char *) data + 8;
    char guid[40];

    snprintf (guid, sizeof guid,
              "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
              "%02x%02x%02x%02x%02x%02x",
              g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6],
              g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
    fs = inspect_fs_by_tag ("PARTUUID", guid);
    if (fs)
      dev = strdup (fs->device);
  }
  if (dev == NULL)
    return 0;
  letter[0] = key[12];
  letter[1] = '\0';
  if (stringsbuf_add_string (&r->drives, letter) == -1 ||
      stringsbuf_add_string (&r->drives, dev) == -1)
    return -1;
  return 0;
}

static int
read_system (struct inspect_root *r)
{
  hive_h *h = open_hive (r->system_hive);
  hive_node_h node;
  hive_value_h *values = NULL;
  CLEANUP_FREE char *hostname = NULL;
  char ccs[32], path[128];
  int64_t current;
  size_t i;
  int ret = -1;

  if (h == NULL)
    return 0;
  current = get_dword (h, get_node (h, "Select"), "Current");
  if (current >= 0 && current <= 999) {
    snprintf (ccs, sizeof ccs, "ControlSet%03d", (int) current);
    if (inspect_set (&r->current_control_set, ccs) == -1)
      goto out;
    snprintf (path, sizeof path, "%s/Services/Tcpip/Parameters", ccs);
    hostname = get_string (h, get_node (h, path), "Hostname");
    if (hostname && *hostname && inspect_set (&r->hostname, hostname) == -1)
      goto out;
  }
  node = get_node (h, "MountedDevices");
  if (node)
    values = hivex_node_values (h, node);
  for (i = 0; values && values[i] != 0 && i < INSPECT_MAX_REG_ENTRIES; ++i)
    if (add_drive (r, h, values[i]) == -1)
      goto out;
  ret = 0;
 out:
  free (values);
  hivex_close (h);
  return ret;
}

/* The Windows directory: a directory with System32/config and
 * System32/cmd.exe (a directory merely named "Windows" on a data disk
 * is not one).  Its path as spelled on disk, or NULL.
 */
static char *
find_systemroot (void)
{
  size_t i;

  for (i = 0; systemroots[i] != NULL; ++i) {
    CLEANUP_FREE char *sr = inspect_ci_path (systemroots[i]);
    CLEANUP_FREE char *config = NULL, *cmd = NULL;
    CLEANUP_FREE char *config_ci = NULL, *cmd_ci = NULL;
    char *ret;

    if (sr == NULL ||
        asprintf (&config, "%s/system32/config", sr) == -1 ||
        asprintf (&cmd, "%s/system32/cmd.exe", sr) == -1)
      continue;
    config_ci = inspect_ci_path (config);
    cmd_ci = inspect_ci_path (cmd);
    if (config_ci && cmd_ci && inspect_is_dir (config_ci) &&
        inspect_is_file (cmd_ci)) {
      ret = sr;
      sr = NULL;
      return ret;
    }
  }
  return NULL;
}

/* A hive's path, spelled as on disk, if it is a file; else NULL. */
static char *
hive_path (const char *systemroot, const char *name)
{
  CLEANUP_FREE char *p = NULL;
  char *ret;

  if (asprintf (&p, "%s/system32/config/%s", systemroot, name) == -1)
    return NULL;
  ret = inspect_ci_path (p);
  if (ret && !inspect_is_file (ret)) {
    free (ret);
    ret = NULL;
  }
  return ret;
}

int
inspect_windows (struct inspect_root *r)
{
  CLEANUP_FREE char *cmd = NULL;
  const char *arch;
  const char *bins[2];

  r->systemroot = find_systemroot ();
  if (r->systemroot == NULL)
    return 0;
  if (inspect_set (&r->type, "windows") == -1 ||
      inspect_set (&r->distro, "windows") == -1)
    return -1;
  if (asprintf (&cmd, "%s/system32/cmd.exe", r->systemroot) == -1)
    return -1;
  bins[0] = inspect_ci_path (cmd);
  bins[1] = NULL;
  arch = bins[0] ? inspect_binary_arch (bins) : NULL;
  free ((char *) bins[0]);
  if (arch && inspect_set (&r->arch, arch) == -1)
    return -1;

  /* The registry gives the rest; without both hives, nothing more. */
  r->software_hive = hive_path (r->systemroot, "software");
  r->system_hive = hive_path (r->systemroot, "system");
  if (r->software_hive && r->system_hive &&
      (read_software (r) == -1 || read_system (r) == -1))
    return -1;
  return 1;
}

/* One Uninstall key as an application; 0, or -1 with errno. */
static int
add_app (hive_h *h, hive_node_h node, struct inspect_apps *a)
{
  static const struct {
    const char *value;
    size_t offset;
  } fields[] = {
    { "DisplayName", offsetof (struct guestfs_application2,
                               app2_display_name) },
    { "DisplayVersion", offsetof (struct guestfs_application2,
                                  app2_version) },
    { "InstallLocation", offsetof (struct guestfs_application2,
                                   app2_install_path) },
    { "Publisher", offsetof (struct guestfs_application2, app2_publisher) },
    { "URLInfoAbout", offsetof (struct guestfs_application2, app2_url) },
    { "Comments", offsetof (struct guestfs_application2, app2_description) },
  };
  struct guestfs_application2 *app;
  CLEANUP_FREE char *name = hivex_node_name (h, node);
  size_t i;

  if (name == NULL)
    return 0;
  app = inspect_app_new (a);
  if (app == NULL)
    return a->full ? 0 : -1;
  if (inspect_app_set (a, &app->app2_name, name, strlen (name),
                       INSPECT_MAX_APP_FIELD) == -1)
    return -1;
  for (i = 0; i < sizeof fields / sizeof fields[0]; ++i) {
    CLEANUP_FREE char *v = get_string (h, node, fields[i].value);

    if (v && inspect_app_set (a, (char **) ((char *) app + fields[i].offset),
                              v, strlen (v), INSPECT_MAX_APP_FIELD) == -1)
      return -1;
  }
  return 0;
}

int
inspect_windows_apps (const struct inspect_root *r, struct inspect_apps *a)
{
  static const char *const keys[] = {
    "Microsoft/Windows/CurrentVersion/Uninstall",
    "WOW6432Node/Microsoft/Windows/CurrentVersion/Uninstall",
  };
  hive_h *h;
  size_t k, i;
  int ret = 0;

  if (r->software_hive == NULL)
    return 0;
  h = open_hive (r->software_hive);
  if (h == NULL)
    return 0;
  for (k = 0; k < sizeof keys / sizeof keys[0] && ret == 0; ++k) {
    hive_node_h node = get_node (h, keys[k]);
    hive_node_h *children = node ? hivex_node_children (h, node) : NULL;

    for (i = 0; children && children[i] != 0 &&
           i < INSPECT_MAX_REG_ENTRIES && !a->full; ++i)
      if (add_app (h, children[i], a) == -1) {
        ret = -1;
        break;
      }
    free (children);
  }
  hivex_close (h);
  return ret;
}
