/** careen - offline disk-image toolkit
 *
 * Inspection of the source guest for conversion: which root to
 * convert (--root ask|single|first|/dev/X), what inspection says
 * about it, whether it boots with UEFI or BIOS, and mounting its
 * filesystems where the guest mounts them.
 *
 * The firmware is decided from the guest's disks, not from the
 * source's metadata: a VMX or an OVA often says nothing, or says BIOS
 * of a guest installed with UEFI, and a converted guest only boots
 * with the firmware its boot loader was installed for.
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cleanups.h"
#include "stringsbuf.h"
#include "v2v.h"

/* The GPT partition type of an EFI System Partition. */
#define ESP_GPT_TYPE "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"

/* Longest answer read from the terminal at the --root ask prompt. */
#define ROOT_ANSWER_MAX 64

void
v2v_inspect_free (struct v2v_inspect *i)
{
  if (i == NULL)
    return;
  free (i->root);
  free (i->type);
  free (i->distro);
  free (i->osinfo);
  free (i->arch);
  free (i->product_name);
  free (i->product_variant);
  free (i->package_format);
  free (i->package_management);
  free (i->windows_systemroot);
  free (i->windows_current_control_set);
  strings_free (i->mountpoints);
  memset (i, 0, sizeof *i);
}

/* The product name of ROOT for the prompt, or "unknown". */
static char *
root_product (guestfs_h *g, const char *root)
{
  char *p;

  guestfs_push_error_handler (g, NULL, NULL);
  p = guestfs_inspect_get_product_name (g, root);
  guestfs_pop_error_handler (g);
  return p ? p : strdup ("unknown");
}

/* --root ask with several roots: only a person can choose, so a
 * script (stdin not a terminal) is told to use --root instead of
 * being left waiting.
 */
static const char *
ask_root (guestfs_h *g, char *const *roots, size_t n)
{
  char answer[ROOT_ANSWER_MAX];
  size_t k;

  if (!isatty (0)) {
    v2v_error ("the guest has %zu operating systems and stdin is not a "
               "terminal to ask which one to convert: use --root first, "
               "--root /dev/... (one of the roots) or run %s "
               "interactively", n, v2v_program ());
    return NULL;
  }
  fflush (stdout);
  printf ("***\n"
          "Dual- or multi-boot operating system detected.  Choose the "
          "root filesystem\nthat contains the main operating system "
          "from the list below:\n\n");
  for (k = 0; k < n; ++k) {
    CLEANUP_FREE char *product = root_product (g, roots[k]);

    printf (" [%zu] %s (%s)\n", k + 1, roots[k],
            product ? product : "unknown");
  }
  printf ("\n");
  for (;;) {
    char *end;
    long choice;

    printf ("Enter a number between 1 and %zu, or 'exit': ", n);
    fflush (stdout);
    if (fgets (answer, sizeof answer, stdin) == NULL) {
      v2v_error ("no root filesystem was chosen: use --root to choose "
                 "one without being asked");
      return NULL;
    }
    answer[strcspn (answer, "\n")] = '\0';
    if (strcmp (answer, "exit") == 0 || strcmp (answer, "q") == 0 ||
        strcmp (answer, "quit") == 0) {
      v2v_error ("no root filesystem was chosen");
      return NULL;
    }
    errno = 0;
    choice = strtol (answer, &end, 10);
    if (errno == 0 && end != answer && *end == '\0' &&
        choice >= 1 && (size_t) choice <= n)
      return roots[choice - 1];
  }
}

/* The root to convert, per --root CHOICE, or NULL (printed). */
static const char *
choose_root (guestfs_h *g, const char *choice, char *const *roots,
             size_t n)
{
  size_t k;

  if (n == 1 && strncmp (choice, "/dev/", 5) != 0)
    return roots[0];
  if (strcmp (choice, "ask") == 0)
    return ask_root (g, roots, n);
  if (strcmp (choice, "single") == 0) {
    v2v_error ("--root single: the guest has %zu operating systems: use "
               "--root first or --root /dev/... to choose one", n);
    return NULL;
  }
  if (strcmp (choice, "first") == 0)
    return roots[0];
  for (k = 0; k < n; ++k)
    if (strcmp (choice, roots[k]) == 0)
      return roots[k];
  v2v_error ("--root %s: no operating system was found there (roots "
             "found:%s%s%s)", choice, n > 0 ? " " : " none",
             n > 0 ? roots[0] : "", n > 1 ? " ..." : "");
  return NULL;
}

/* A string inspection call on ROOT; "unknown" when it fails. */
static char *
inspect_string (guestfs_h *g, char *(*get) (guestfs_h *, const char *),
                const char *root)
{
  char *s;

  guestfs_push_error_handler (g, NULL, NULL);
  s = get (g, root);
  guestfs_pop_error_handler (g);
  if (s == NULL)
    s = strdup ("unknown");
  return s;
}

/* Whether the filesystem mounted at / holds EFI/<vendor>/<x>.efi
 * (names compared without case: FAT does not keep it).
 */
static bool
has_efi_boot_loader (guestfs_h *g)
{
  CLEANUP_FREE_STRING_LIST char **top = guestfs_ls (g, "/");
  size_t a, b, c;

  for (a = 0; top && top[a]; ++a) {
    CLEANUP_FREE char *efi = NULL;
    CLEANUP_FREE_STRING_LIST char **vendors = NULL;

    if (strcasecmp (top[a], "efi") != 0 ||
        asprintf (&efi, "/%s", top[a]) == -1)
      continue;
    vendors = guestfs_ls (g, efi);
    for (b = 0; vendors && vendors[b]; ++b) {
      CLEANUP_FREE char *dir = NULL;
      CLEANUP_FREE_STRING_LIST char **files = NULL;

      if (asprintf (&dir, "%s/%s", efi, vendors[b]) == -1)
        continue;
      if (guestfs_is_dir (g, dir) != 1)
        continue;
      files = guestfs_ls (g, dir);
      for (c = 0; files && files[c]; ++c) {
        size_t len = strlen (files[c]);

        if (len > 4 && strcasecmp (files[c] + len - 4, ".efi") == 0)
          return true;
      }
    }
  }
  return false;
}

/* Whether the guest mounts DEV on /boot/efi. */
static bool
mounted_on_boot_efi (char *const *mountpoints, const char *dev)
{
  size_t k;

  for (k = 0; mountpoints && mountpoints[k] && mountpoints[k + 1]; k += 2)
    if (strcmp (mountpoints[k], "/boot/efi") == 0 &&
        strcmp (mountpoints[k + 1], dev) == 0)
      return true;
  return false;
}

/* Whether partition DEV has the GPT type of an ESP. */
static bool
is_esp_partition (guestfs_h *g, const char *dev)
{
  CLEANUP_FREE char *disk = guestfs_part_to_dev (g, dev);
  CLEANUP_FREE char *type = NULL;
  int nr;

  if (disk == NULL)
    return false;
  nr = guestfs_part_to_partnum (g, dev);
  if (nr == -1)
    return false;
  type = guestfs_part_get_gpt_type (g, disk, nr);
  return type && strcasecmp (type, ESP_GPT_TYPE) == 0;
}

/* UEFI when the guest has an ESP: a vfat filesystem that is a GPT
 * ESP mounted on /boot/efi, or that holds an EFI boot loader.  Called
 * with nothing mounted; leaves nothing mounted.  The probing calls
 * fail on ordinary guests (an MBR disk, a whole-disk filesystem), so
 * their errors are not shown.
 */
static enum v2v_firmware
guest_firmware (guestfs_h *g, char *const *mountpoints)
{
  CLEANUP_FREE_STRING_LIST char **fses = NULL;
  enum v2v_firmware fw = V2V_FIRMWARE_BIOS;
  size_t k;

  guestfs_push_error_handler (g, NULL, NULL);
  fses = guestfs_list_filesystems (g);
  for (k = 0; fses && fses[k] && fses[k + 1]; k += 2) {
    if (strcmp (fses[k + 1], "vfat") != 0)
      continue;
    if (mounted_on_boot_efi (mountpoints, fses[k]) &&
        is_esp_partition (g, fses[k])) {
      fw = V2V_FIRMWARE_UEFI;
      break;
    }
    if (guestfs_mount_ro (g, fses[k], "/") == 0) {
      bool found = has_efi_boot_loader (g);

      guestfs_umount_all (g);
      if (found) {
        fw = V2V_FIRMWARE_UEFI;
        break;
      }
    }
  }
  guestfs_pop_error_handler (g);
  return fw;
}

int
v2v_inspect (guestfs_h *g, const char *root_choice, struct v2v_inspect *i)
{
  CLEANUP_FREE_STRING_LIST char **roots = NULL;
  const char *root;
  size_t n;

  memset (i, 0, sizeof *i);
  roots = guestfs_inspect_os (g);
  if (roots == NULL)
    return -1;
  n = strings_count (roots);
  if (n == 0) {
    v2v_error ("inspection could not detect the source guest (or physical "
               "machine).  The disks may hold no operating system that "
               "careen recognizes, or the root filesystem may be "
               "encrypted (use --key) or damaged.  Run '%s -v -x' or "
               "virt-inspector on the disks to see what was found.",
               v2v_program ());
    return -1;
  }
  root = choose_root (g, root_choice ? root_choice : "ask", roots, n);
  if (root == NULL)
    return -1;

  i->root = strdup (root);
  i->type = inspect_string (g, guestfs_inspect_get_type, root);
  i->distro = inspect_string (g, guestfs_inspect_get_distro, root);
  i->osinfo = inspect_string (g, guestfs_inspect_get_osinfo, root);
  i->arch = inspect_string (g, guestfs_inspect_get_arch, root);
  i->product_name = inspect_string (g, guestfs_inspect_get_product_name,
                                    root);
  i->product_variant =
    inspect_string (g, guestfs_inspect_get_product_variant, root);
  i->package_format =
    inspect_string (g, guestfs_inspect_get_package_format, root);
  i->package_management =
    inspect_string (g, guestfs_inspect_get_package_management, root);
  if (i->type && strcmp (i->type, "windows") == 0) {
    i->windows_systemroot =
      inspect_string (g, guestfs_inspect_get_windows_systemroot, root);
    i->windows_current_control_set =
      inspect_string (g, guestfs_inspect_get_windows_current_control_set,
                      root);
  }
  else {
    i->windows_systemroot = strdup ("");
    i->windows_current_control_set = strdup ("");
  }
  i->major = guestfs_inspect_get_major_version (g, root);
  i->minor = guestfs_inspect_get_minor_version (g, root);
  if (i->major < 0)
    i->major = 0;
  if (i->minor < 0)
    i->minor = 0;
  i->mountpoints = guestfs_inspect_get_mountpoints (g, root);
  if (i->root == NULL || i->type == NULL || i->distro == NULL ||
      i->osinfo == NULL || i->arch == NULL || i->product_name == NULL ||
      i->product_variant == NULL || i->package_format == NULL ||
      i->package_management == NULL || i->windows_systemroot == NULL ||
      i->windows_current_control_set == NULL || i->mountpoints == NULL) {
    v2v_error ("inspection of %s: %s", root,
               i->mountpoints == NULL ? "no mountpoints"
               : strerror (ENOMEM));
    v2v_inspect_free (i);
    return -1;
  }
  i->firmware = guest_firmware (g, i->mountpoints);
  return 0;
}

/* Mountpoints are mounted parents first: "/" before "/boot" before
 * "/boot/efi".  Sorting by length gives that order.
 */
static int
compare_mountpoint_length (const void *a, const void *b)
{
  const char *const *x = a, *const *y = b;
  size_t lx = strlen (x[0]), ly = strlen (y[0]);

  if (lx != ly)
    return lx < ly ? -1 : 1;
  return strcmp (x[0], y[0]);
}

int
v2v_mount_root (guestfs_h *g, const struct v2v_inspect *i, bool ro)
{
  size_t n = strings_count (i->mountpoints) / 2, k;
  CLEANUP_FREE const char **pairs = NULL;

  if (n == 0) {
    v2v_error ("inspection of %s found no filesystems to mount", i->root);
    return -1;
  }
  pairs = malloc (n * 2 * sizeof *pairs);
  if (pairs == NULL) {
    v2v_error ("malloc: %s", strerror (errno));
    return -1;
  }
  for (k = 0; k < 2 * n; ++k)
    pairs[k] = i->mountpoints[k];
  qsort (pairs, n, 2 * sizeof *pairs, compare_mountpoint_length);

  for (k = 0; k < n; ++k) {
    const char *mp = pairs[2 * k], *dev = pairs[2 * k + 1];
    bool is_root = strcmp (mp, "/") == 0;
    int r;

    /* Only / stops the conversion: without a /home the guest is still
     * converted, as it would still boot.
     */
    if (!is_root)
      guestfs_push_error_handler (g, NULL, NULL);
    r = ro ? guestfs_mount_ro (g, dev, mp) : guestfs_mount (g, dev, mp);
    if (!is_root) {
      if (r == -1)
        v2v_warning ("%s (%s) could not be mounted and is left as it is: "
                     "%s", mp, dev, guestfs_last_error (g));
      guestfs_pop_error_handler (g);
    }
    else if (r == -1)
      return -1;
  }
  return 0;
}
