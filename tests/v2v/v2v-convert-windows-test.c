/* careen - offline disk-image toolkit */

/**
 * The test driver of the Windows converter (test-v2v-convert-windows*.sh).
 * Every mode adds all the disks given to one appliance, so that one
 * launch serves every case of a test; disk N holds one Windows on its
 * first partition.
 *
 *   v2v-convert-windows-test seed DISK=SEED[+SEED...] ...
 *       changes each overlay into the case to test (read-write), then
 *       dumps them as "dump" does.  SEEDs: none, hibernated (a
 *       \hiberfil.sys starting with "HIBR"), faststartup (HiberbootEnabled
 *       1 and a \hiberfil.sys that is not a hibernation image), win7
 *       (SOFTWARE says Windows 7, NT 6.1), winxp (Windows XP, NT 5.1),
 *       foreign (VMware Tools in the Uninstall key, Xen's xenvbd
 *       service, CrashControl), esp:HIVE (a second partition, vfat
 *       after the first, with HIVE as \EFI\Microsoft\Boot\BCD, a
 *       bootmgfw.efi beside it and another loader as \EFI\Boot\
 *       bootx64.efi; the overlay must be larger than the guest).
 *   v2v-convert-windows-test dump DISK ...
 *       prints, read-only, the boot sector's OEM id and geometry bytes,
 *       every key and value of SYSTEM and SOFTWARE and every file of
 *       the first partition (with the text of small ones), then the
 *       BCD and the files ("esp file ...") of a second partition, one
 *       per line.
 *   v2v-convert-windows-test convert DISK VIRTIO_WIN TOOLS BLOCK ...
 *       (groups of four) inspects DISK, mounts it and runs
 *       v2v_convert_windows with VIRTIO_WIN ("-": none), with
 *       VIRT_TOOLS_DATA_DIR=TOOLS ("-": an empty one) and --block-driver
 *       BLOCK (virtio-blk or virtio-scsi, followed by
 *       "+uefi" for a guest that boots with UEFI, "+disks=N" for a
 *       source with N disks, and last "+MAC:ip:ADDR,..." for a --mac
 *       static address); prints the
 *       guestcaps, or "failed" (the message is on stderr).
 *
 * Everything is checked by the shell test against hand-written
 * expected text; the dump reads the hives with the plain hivex_* calls,
 * none of the converter's own helpers.
 */

#include <config.h>

#include <dirent.h>
#include <sys/stat.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "guestfs.h"
#include "cleanups.h"
#include "stringsbuf.h"
#include "v2v.h"

/* Files up to this size are printed with their text by the dump. */
#define DUMP_TEXT_MAX 4096

static void
die (guestfs_h *g, const char *what)
{
  fprintf (stderr, "v2v-convert-windows-test: %s: %s\n", what,
           g ? guestfs_last_error (g) : "failed");
  exit (EXIT_FAILURE);
}

/* Adds every STRIDE-th of the N DISKS (qcow2), and RAW (if not NULL),
 * a new blank raw image.
 */
static guestfs_h *
launch (char **disks, size_t n, size_t stride, bool ro, const char *raw)
{
  guestfs_h *g = guestfs_create ();
  size_t k;

  if (g == NULL)
    die (NULL, "guestfs_create");
  for (k = 0; k < n; k += stride)
    if (guestfs_add_drive_opts (g, disks[k],
                                GUESTFS_ADD_DRIVE_OPTS_FORMAT, "qcow2",
                                GUESTFS_ADD_DRIVE_OPTS_READONLY, ro,
                                -1) == -1)
      die (g, disks[k]);
  if (raw && guestfs_disk_create (g, raw, "raw", 32 * 1024 * 1024, -1) == -1)
    die (g, raw);
  if (raw && guestfs_add_drive_opts (g, raw,
                                     GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                                     -1) == -1)
    die (g, raw);
  if (guestfs_launch (g) == -1)
    die (g, "launch");
  return g;
}

/* Mounts the first partition of disk INDEX at /. */
static char *
mount_disk (guestfs_h *g, size_t index, bool ro)
{
  CLEANUP_FREE_STRING_LIST char **devs = guestfs_list_devices (g);
  char *part;

  if (devs == NULL)
    die (g, "list_devices");
  if (index >= strings_count (devs))
    die (NULL, "fewer devices than disks");
  if (guestfs_umount_all (g) == -1)
    die (g, "umount_all");
  if (asprintf (&part, "%s1", devs[index]) == -1)
    die (NULL, "asprintf");
  if ((ro ? guestfs_mount_ro (g, part, "/") : guestfs_mount (g, part, "/"))
      == -1)
    die (g, part);
  return part;
}

/* Registry dump. */

/* UTF-16LE to printable ASCII, \uXXXX for the rest. */
static void
print_utf16 (const char *data, size_t len)
{
  size_t k;

  for (k = 0; k + 1 < len; k += 2) {
    unsigned c = (unsigned char) data[k] | ((unsigned char) data[k+1] << 8);
    if (c == 0)
      printf ("\\0");
    else if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')
      putchar ((int) c);
    else if (c == '\\' || c == '"')
      printf ("\\%c", (char) c);
    else
      printf ("\\u%04x", c);
  }
}

static void
dump_value (guestfs_h *g, const char *key_path, int64_t v)
{
  CLEANUP_FREE char *name = guestfs_hivex_value_key (g, v);
  CLEANUP_FREE char *data = NULL;
  int64_t type = guestfs_hivex_value_type (g, v);
  size_t len = 0, k;

  if (name == NULL || type == -1)
    die (g, key_path);
  data = guestfs_hivex_value_value (g, v, &len);
  if (data == NULL)
    die (g, key_path);
  printf ("%s \"%s\" = ", key_path, name);
  switch (type) {
  case 1: case 2: case 7:
    printf ("%s:\"", type == 1 ? "sz" : type == 2 ? "expand_sz" : "multi_sz");
    print_utf16 (data, len);
    printf ("\"\n");
    break;
  case 4:
    if (len == 4) {
      const unsigned char *u = (const unsigned char *) data;
      printf ("dword:0x%08x\n",
              u[0] | (u[1] << 8) | (u[2] << 16) | ((unsigned) u[3] << 24));
      break;
    }
    /* fall through */
  default:
    printf ("hex(%" PRIi64 "):", type);
    for (k = 0; k < len; ++k)
      printf ("%s%02x", k ? "," : "", (unsigned char) data[k]);
    putchar ('\n');
  }
}

static void
dump_node (guestfs_h *g, int64_t node, const char *path)
{
  struct guestfs_hivex_node_list *children;
  struct guestfs_hivex_value_list *values;
  size_t k;

  printf ("%s\n", path);
  values = guestfs_hivex_node_values (g, node);
  if (values == NULL)
    die (g, path);
  for (k = 0; k < values->len; ++k)
    dump_value (g, path, values->val[k].hivex_value_h);
  guestfs_free_hivex_value_list (values);

  children = guestfs_hivex_node_children (g, node);
  if (children == NULL)
    die (g, path);
  for (k = 0; k < children->len; ++k) {
    CLEANUP_FREE char *name =
      guestfs_hivex_node_name (g, children->val[k].hivex_node_h);
    CLEANUP_FREE char *sub = NULL;

    if (name == NULL || asprintf (&sub, "%s\\%s", path, name) == -1)
      die (g, path);
    dump_node (g, children->val[k].hivex_node_h, sub);
  }
  guestfs_free_hivex_node_list (children);
}

static void
dump_hive (guestfs_h *g, const char *file, const char *name)
{
  int64_t root;

  if (guestfs_hivex_open (g, file, -1) == -1)
    die (g, file);
  root = guestfs_hivex_root (g);
  if (root <= 0)
    die (g, file);
  dump_node (g, root, name);
  if (guestfs_hivex_close (g) == -1)
    die (g, file);
}

/* Every file under /, each line starting with PREFIX. */
static void
dump_files (guestfs_h *g, const char *prefix)
{
  CLEANUP_FREE_STRING_LIST char **files = guestfs_find (g, "/");
  size_t k;

  if (files == NULL)
    die (g, "find");
  for (k = 0; files[k] != NULL; ++k) {
    CLEANUP_FREE char *path = NULL, *data = NULL;
    int64_t size;
    size_t len = 0, i;
    bool text = true;

    if (asprintf (&path, "/%s", files[k]) == -1)
      die (NULL, "asprintf");
    if (guestfs_is_file (g, path) != 1) {
      printf ("%sdir %s\n", prefix, path);
      continue;
    }
    size = guestfs_filesize (g, path);
    if (size == -1)
      die (g, path);
    printf ("%sfile %s %" PRIi64 "\n", prefix, path, size);
    if (size == 0 || size > DUMP_TEXT_MAX)
      continue;
    data = guestfs_read_file (g, path, &len);
    if (data == NULL)
      die (g, path);
    for (i = 0; i < len; ++i)
      if ((data[i] < 0x20 || data[i] > 0x7e) && data[i] != '\r' &&
          data[i] != '\n' && data[i] != '\t')
        text = false;
    if (!text)
      continue;
    /* One line of output per line of text, "\r" where it had one. */
    printf ("  | ");
    for (i = 0; i < len; ++i) {
      if (data[i] == '\r')
        printf ("\\r");
      else if (data[i] == '\n')
        printf (i + 1 < len ? "\n  | " : "");
      else
        putchar (data[i]);
    }
    putchar ('\n');
  }
}

/* Bytes LEN at OFFSET of the partition PART, in hex. */
static void
dump_bytes (guestfs_h *g, const char *part, int offset, int len)
{
  CLEANUP_FREE char *data = NULL;
  size_t got = 0, k;

  data = guestfs_pread_device (g, part, len, offset, &got);
  if (data == NULL || got != (size_t) len)
    die (g, part);
  printf ("bootsector 0x%02x:", offset);
  for (k = 0; k < got; ++k)
    printf ("%s%02x", k ? "," : " ", (unsigned char) data[k]);
  putchar ('\n');
}

/* The BCD hive and the files of the second partition of disk INDEX,
 * if it has one.
 */
static void
dump_bcd (guestfs_h *g, size_t index)
{
  CLEANUP_FREE_STRING_LIST char **devs = guestfs_list_devices (g);
  CLEANUP_FREE_STRING_LIST char **parts = guestfs_list_partitions (g);
  CLEANUP_FREE char *esp = NULL;
  size_t k;

  if (devs == NULL || parts == NULL || index >= strings_count (devs) ||
      asprintf (&esp, "%s2", devs[index]) == -1)
    die (g, "list_partitions");
  for (k = 0; parts[k] != NULL; ++k)
    if (strcmp (parts[k], esp) == 0)
      break;
  if (parts[k] == NULL)
    return;
  if (guestfs_umount_all (g) == -1 || guestfs_mount_ro (g, esp, "/") == -1)
    die (g, esp);
  dump_hive (g, "/EFI/Microsoft/Boot/BCD", "BCD");
  dump_files (g, "esp ");
}

static void
dump_disks (guestfs_h *g, size_t n)
{
  size_t k;

  for (k = 0; k < n; ++k) {
    CLEANUP_FREE char *part = mount_disk (g, k, true);

    printf ("== disk %zu\n", k + 1);
    /* The OEM id, then sectors per track and heads. */
    dump_bytes (g, part, 0x03, 8);
    dump_bytes (g, part, 0x18, 4);
    dump_hive (g, "/Windows/System32/config/SYSTEM", "SYSTEM");
    dump_hive (g, "/Windows/System32/config/SOFTWARE", "SOFTWARE");
    dump_files (g, "");
    dump_bcd (g, k);
    fflush (stdout);
  }
}

/* Seeds. */

static void
set_string (guestfs_h *g, int64_t node, const char *key, int type,
            const char *s)
{
  char buf[512];
  size_t n = 0;

  for (; *s && n + 4 < sizeof buf; ++s) {
    buf[n++] = *s;
    buf[n++] = 0;
  }
  buf[n++] = 0;
  buf[n++] = 0;
  if (guestfs_hivex_node_set_value (g, node, key, type, buf, n) == -1)
    die (g, key);
}

static void
set_dword (guestfs_h *g, int64_t node, const char *key, unsigned v)
{
  char le[4] = { (char) v, (char) (v >> 8), (char) (v >> 16),
                 (char) (v >> 24) };

  if (guestfs_hivex_node_set_value (g, node, key, 4, le, 4) == -1)
    die (g, key);
}

static int64_t
child (guestfs_h *g, int64_t node, const char *path)
{
  CLEANUP_FREE char *copy = strdup (path);
  char *name, *save = NULL;

  for (name = strtok_r (copy, "\\", &save); name;
       name = strtok_r (NULL, "\\", &save)) {
    int64_t c = guestfs_hivex_node_get_child (g, node, name);
    if (c == 0)
      c = guestfs_hivex_node_add_child (g, node, name);
    if (c <= 0)
      die (g, path);
    node = c;
  }
  return node;
}

static int64_t
open_hive (guestfs_h *g, const char *file)
{
  int64_t root;

  if (guestfs_hivex_open (g, file, GUESTFS_HIVEX_OPEN_WRITE, 1, -1) == -1)
    die (g, file);
  root = guestfs_hivex_root (g);
  if (root <= 0)
    die (g, file);
  return root;
}

static void
commit_hive (guestfs_h *g)
{
  if (guestfs_hivex_commit (g, NULL) == -1 || guestfs_hivex_close (g) == -1)
    die (g, "hivex_commit");
}

/* Makes SOFTWARE say the guest is PRODUCT, NT MAJOR.MINOR, BUILD. */
static void
set_version (guestfs_h *g, const char *product, unsigned major,
             unsigned minor, const char *build)
{
  char version[32];
  int64_t root, node;

  snprintf (version, sizeof version, "%u.%u", major, minor);
  root = open_hive (g, "/Windows/System32/config/SOFTWARE");
  node = child (g, root, "Microsoft\\Windows NT\\CurrentVersion");
  set_string (g, node, "ProductName", 1, product);
  set_string (g, node, "CurrentVersion", 1, version);
  set_dword (g, node, "CurrentMajorVersionNumber", major);
  set_dword (g, node, "CurrentMinorVersionNumber", minor);
  set_string (g, node, "CurrentBuildNumber", 1, build);
  commit_hive (g);
}

/* Adds a vfat partition after the first one of the disk of PART, to
 * the end of the disk, with the host file HIVE as its BCD.
 */
static void
add_esp (guestfs_h *g, const char *part, const char *hive)
{
  CLEANUP_FREE char *disk = guestfs_part_to_dev (g, part);
  CLEANUP_FREE char *esp = NULL;
  struct guestfs_partition_list *l;
  int64_t sectors, start;

  if (disk == NULL || asprintf (&esp, "%s2", disk) == -1)
    die (g, part);
  l = guestfs_part_list (g, disk);
  sectors = guestfs_blockdev_getsz (g, disk);
  if (l == NULL || l->len != 1 || sectors == -1)
    die (g, disk);
  start = (l->val[0].part_end + 1) / 512;
  guestfs_free_partition_list (l);
  if (guestfs_umount_all (g) == -1 ||
      guestfs_part_add (g, disk, "p", start, sectors - 1) == -1 ||
      guestfs_part_set_mbr_id (g, disk, 2, 0xef) == -1 ||
      guestfs_mkfs (g, "vfat", esp) == -1 ||
      guestfs_mount (g, esp, "/") == -1 ||
      guestfs_mkdir_p (g, "/EFI/Microsoft/Boot") == -1 ||
      guestfs_upload (g, hive, "/EFI/Microsoft/Boot/BCD") == -1 ||
      guestfs_write (g, "/EFI/Microsoft/Boot/bootmgfw.efi",
                     "bootmgfw.efi for careen's tests\n", 32) == -1 ||
      guestfs_mkdir (g, "/EFI/Boot") == -1 ||
      guestfs_write (g, "/EFI/Boot/bootx64.efi",
                     "another system's loader\n", 24) == -1 ||
      guestfs_umount_all (g) == -1 ||
      guestfs_mount (g, part, "/") == -1)
    die (g, esp);
}

static void
seed (guestfs_h *g, const char *part, const char *what)
{
  static const char system[] = "/Windows/System32/config/SYSTEM";
  static const char software[] = "/Windows/System32/config/SOFTWARE";
  int64_t root, node;

  if (strcmp (what, "none") == 0)
    return;
  if (strcmp (what, "hibernated") == 0) {
    if (guestfs_write (g, "/hiberfil.sys", "HIBR\0\0\0\0careen", 14) == -1)
      die (g, what);
  }
  else if (strcmp (what, "faststartup") == 0) {
    if (guestfs_write (g, "/hiberfil.sys", "\0\0\0\0\0\0\0\0", 8) == -1)
      die (g, what);
    root = open_hive (g, system);
    node = child (g, root, "ControlSet001\\Control\\Session Manager\\Power");
    set_dword (g, node, "HiberbootEnabled", 1);
    commit_hive (g);
  }
  else if (strcmp (what, "win7") == 0)
    set_version (g, "Windows 7 Professional", 6, 1, "7601");
  else if (strcmp (what, "foreign") == 0) {
    root = open_hive (g, software);
    node = child (g, root, "Microsoft\\Windows\\CurrentVersion\\Uninstall\\"
                  "{9F5B2E4D-0C3A-4B11-8D2E-4C9F1A7B3E21}");
    set_string (g, node, "DisplayName", 1, "VMware Tools");
    set_string (g, node, "UninstallString", 2,
                "MsiExec.exe /I{9F5B2E4D-0C3A-4B11-8D2E-4C9F1A7B3E21}");
    set_dword (g, node, "WindowsInstaller", 1);
    node = child (g, root, "Microsoft\\Windows\\CurrentVersion\\Uninstall\\"
                  "ParallelsTools");
    set_string (g, node, "DisplayName", 1, "Parallels Tools 18.1");
    set_string (g, node, "UninstallString", 1,
                "\"C:\\Program Files\\Parallels\\uninst.exe\" /S");
    commit_hive (g);
    root = open_hive (g, system);
    node = child (g, root, "ControlSet001\\Services\\xenvbd");
    set_dword (g, node, "Start", 0);
    node = child (g, root, "ControlSet001\\Control\\CrashControl");
    set_dword (g, node, "AutoReboot", 1);
    commit_hive (g);
  }
  else if (strncmp (what, "esp:", 4) == 0)
    add_esp (g, part, what + 4);
  else if (strcmp (what, "winxp") == 0)
    set_version (g, "Microsoft Windows XP", 5, 1, "2600");
  else if (strcmp (what, "win11") == 0) {
    root = open_hive (g, software);
    node = child (g, root, "Microsoft\\Windows NT\\CurrentVersion");
    set_string (g, node, "ProductName", 1, "Windows 11 Pro");
    set_string (g, node, "CurrentBuildNumber", 1, "22631");
    commit_hive (g);
  }
  else if (strcmp (what, "server2019") == 0) {
    root = open_hive (g, software);
    node = child (g, root, "Microsoft\\Windows NT\\CurrentVersion");
    set_string (g, node, "ProductName", 1, "Windows Server 2019 Standard");
    set_string (g, node, "InstallationType", 1, "Server");
    set_string (g, node, "CurrentBuildNumber", 1, "17763");
    commit_hive (g);
  }
  else {
    fprintf (stderr, "v2v-convert-windows-test: unknown seed '%s'\n", what);
    exit (EXIT_FAILURE);
  }
}

static void
seed_disks (guestfs_h *g, char **args, size_t n)
{
  size_t k;

  for (k = 0; k < n; ++k) {
    CLEANUP_FREE char *part = mount_disk (g, k, false);
    CLEANUP_FREE char *copy = strdup (strchr (args[k], '=') + 1);
    char *s, *save = NULL;

    for (s = strtok_r (copy, "+", &save); s; s = strtok_r (NULL, "+", &save))
      seed (g, part, s);
  }
  if (guestfs_umount_all (g) == -1)
    die (g, "umount_all");
}

/* Copies the host tree FROM into the guest directory TO. */
static void
upload_tree (guestfs_h *g, const char *from, const char *to)
{
  DIR *dir = opendir (from);
  struct dirent *e;

  if (dir == NULL || guestfs_mkdir_p (g, to) == -1)
    die (g, from);
  while ((e = readdir (dir)) != NULL) {
    CLEANUP_FREE char *src = NULL, *dest = NULL;
    struct stat st;

    if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
      continue;
    if (asprintf (&src, "%s/%s", from, e->d_name) == -1 ||
        asprintf (&dest, "%s/%s", strcmp (to, "/") ? to : "", e->d_name) == -1)
      die (NULL, "asprintf");
    if (stat (src, &st) == -1)
      die (NULL, src);
    if (S_ISDIR (st.st_mode))
      upload_tree (g, src, dest);
    else if (guestfs_upload (g, src, dest) == -1)
      die (g, src);
  }
  closedir (dir);
}

/* Makes the whole disk INDEX an ext2 filesystem holding the tree FROM:
 * a stand-in for the virtio-win ISO, read the same way.
 */
static void
make_image (guestfs_h *g, size_t index, const char *from)
{
  CLEANUP_FREE_STRING_LIST char **devs = guestfs_list_devices (g);

  if (devs == NULL || index >= strings_count (devs))
    die (g, "list_devices");
  if (guestfs_umount_all (g) == -1 ||
      guestfs_mkfs (g, "ext2", devs[index]) == -1 ||
      guestfs_mount (g, devs[index], "/") == -1)
    die (g, devs[index]);
  upload_tree (g, from, "/");
  if (guestfs_umount_all (g) == -1)
    die (g, "umount_all");
}

/* Conversion. */

static const char *
bus_name (enum v2v_bus b)
{
  switch (b) {
  case V2V_BUS_VIRTIO_BLK: return "virtio-blk";
  case V2V_BUS_VIRTIO_SCSI: return "virtio-scsi";
  case V2V_BUS_IDE: return "ide";
  default: return "other";
  }
}

/* Fills I the way v2v_inspect does, from inspection of ROOT. */
static void
inspect (guestfs_h *g, const char *root, struct v2v_inspect *i)
{
  memset (i, 0, sizeof *i);
  i->root = strdup (root);
  i->type = guestfs_inspect_get_type (g, root);
  i->distro = guestfs_inspect_get_distro (g, root);
  i->osinfo = guestfs_inspect_get_osinfo (g, root);
  i->arch = guestfs_inspect_get_arch (g, root);
  i->product_name = guestfs_inspect_get_product_name (g, root);
  i->product_variant = guestfs_inspect_get_product_variant (g, root);
  i->package_format = strdup ("unknown");
  i->package_management = strdup ("unknown");
  i->windows_systemroot = guestfs_inspect_get_windows_systemroot (g, root);
  i->windows_current_control_set =
    guestfs_inspect_get_windows_current_control_set (g, root);
  i->major = guestfs_inspect_get_major_version (g, root);
  i->minor = guestfs_inspect_get_minor_version (g, root);
  i->mountpoints = guestfs_inspect_get_mountpoints (g, root);
  i->firmware = V2V_FIRMWARE_BIOS;
  if (i->type == NULL || i->arch == NULL || i->product_name == NULL ||
      i->product_variant == NULL || i->windows_systemroot == NULL ||
      i->windows_current_control_set == NULL || i->mountpoints == NULL ||
      i->major == -1 || i->minor == -1)
    die (g, root);
}

static void
free_inspect (struct v2v_inspect *i)
{
  free (i->root); free (i->type); free (i->distro); free (i->osinfo);
  free (i->arch); free (i->product_name); free (i->product_variant);
  free (i->package_format); free (i->package_management);
  free (i->windows_systemroot); free (i->windows_current_control_set);
  strings_free (i->mountpoints);
}

static void
convert_disks (guestfs_h *g, char **args, size_t n, const char *empty_dir)
{
  CLEANUP_FREE_STRING_LIST char **roots = guestfs_inspect_os (g);
  size_t k;

  if (roots == NULL)
    die (g, "inspect_os");
  for (k = 0; k < n; k += 4) {
    CLEANUP_FREE char *part = mount_disk (g, k / 4, false);
    const char *virtio = args[k+1], *tools = args[k+2], *block = args[k+3];
    struct v2v_convert_options o = {
      .block_driver = strncmp (block, "virtio-scsi", 11) == 0 ?
        V2V_BUS_VIRTIO_SCSI : V2V_BUS_VIRTIO_BLK,
      .nr_disks = 1,
      .virtio_win = strcmp (virtio, "-") == 0 ? NULL : virtio,
      .quiet = true,
    };
    struct v2v_inspect i;
    struct v2v_guestcaps caps;
    struct v2v_static_ip ip;
    const char *plus = strchr (block, '+');
    bool uefi = false;

    /* "+uefi" and "+disks=N" come before a MAC, which is last. */
    for (;;) {
      if (plus && strncmp (plus, "+uefi", 5) == 0) {
        uefi = true;
        plus = strchr (plus + 1, '+');
      }
      else if (plus && strncmp (plus, "+disks=", 7) == 0) {
        o.nr_disks = strtoul (plus + 7, NULL, 10);
        plus = strchr (plus + 1, '+');
      }
      else
        break;
    }

    if (plus && strlen (plus) > 22 && strncmp (plus + 18, ":ip:", 4) == 0) {
      char mac[18];
      const char *why;

      memcpy (mac, plus + 1, 17);
      mac[17] = '\0';
      why = v2v_static_ip_parse (mac, plus + 22, &ip);
      if (why)
        die (NULL, why);
      o.static_ips = &ip;
      o.nr_static_ips = 1;
    }
    setenv ("VIRT_TOOLS_DATA_DIR",
            strcmp (tools, "-") == 0 ? empty_dir : tools, 1);
    inspect (g, part, &i);
    if (uefi)
      i.firmware = V2V_FIRMWARE_UEFI;
    printf ("== disk %zu: %s %d.%d %s %s\n", k / 4 + 1, i.product_name,
            i.major, i.minor, i.arch, i.product_variant);
    fflush (stdout);
    memset (&caps, 0, sizeof caps);
    if (v2v_convert_windows (g, &i, &o, &caps) == -1)
      printf ("failed\n");
    else
      printf ("block_bus: %s\nnet_model: %s\nmachine: %s\narch: %s\n"
              "virtio_rng: %d\nvirtio_balloon: %d\npvpanic: %d\n"
              "virtio_socket: %d\nacpi: %d\nvirtio_1_0: %d\n",
              bus_name (caps.block_bus), caps.net_model, caps.machine,
              caps.arch, caps.virtio_rng, caps.virtio_balloon, caps.pvpanic,
              caps.virtio_socket, caps.acpi, caps.virtio_1_0);
    fflush (stdout);
    free_inspect (&i);
  }
}

int
main (int argc, char *argv[])
{
  guestfs_h *g;
  size_t n = argc > 2 ? (size_t) argc - 2 : 0;
  size_t k;

  v2v_set_program ("v2v-convert-windows-test", true, false);
  if (argc < 3) {
    fprintf (stderr, "usage: v2v-convert-windows-test seed|dump|convert "
             "ARGS...\n");
    exit (EXIT_FAILURE);
  }

  if (strcmp (argv[1], "dump") == 0) {
    g = launch (argv + 2, n, 1, true, NULL);
    dump_disks (g, n);
  }
  else if (strcmp (argv[1], "seed") == 0) {
    CLEANUP_FREE_STRING_LIST char **disks = calloc (n + 1, sizeof (char *));
    char *image = NULL, *tree = NULL;

    /* A last argument image:PATH=DIR makes the image PATH from DIR. */
    if (strncmp (argv[argc-1], "image:", 6) == 0 &&
        strchr (argv[argc-1], '=') != NULL) {
      image = argv[argc-1] + 6;
      tree = strchr (image, '=') + 1;
      tree[-1] = '\0';
      n--;
    }
    for (k = 0; k < n; ++k) {
      if (strchr (argv[k+2], '=') == NULL)
        die (NULL, "seed takes DISK=SEED");
      disks[k] = strndup (argv[k+2], strchr (argv[k+2], '=') - argv[k+2]);
    }
    g = launch (disks, n, 1, false, image);
    seed_disks (g, argv + 2, n);
    if (image)
      make_image (g, n, tree);
    dump_disks (g, n);
  }
  else if (strcmp (argv[1], "convert") == 0) {
    char empty_dir[] = "/tmp/v2v-convert-windows-test.XXXXXX";

    if (n % 4 != 0)
      die (NULL, "convert takes groups of DISK VIRTIO_WIN TOOLS BLOCK");
    if (mkdtemp (empty_dir) == NULL)
      die (NULL, "mkdtemp");
    g = launch (argv + 2, n, 4, false, NULL);
    convert_disks (g, argv + 2, n, empty_dir);
    rmdir (empty_dir);
  }
  else
    die (NULL, "unknown mode");

  if (guestfs_shutdown (g) == -1)
    die (g, "shutdown");
  guestfs_close (g);
  exit (EXIT_SUCCESS);
}
