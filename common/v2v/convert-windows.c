/* careen - offline disk-image toolkit
 * The Windows converter: makes a Windows guest boot and run on KVM's
 * virtio devices, then says in the guestcaps what it can use.
 *
 * In order: refuse a hibernated guest (convert-windows-hiber.c), copy
 * the virtio drivers (convert-windows-drivers.c), make the block driver
 * boot-start and point Windows at the others (convert-windows-
 * registry.c), leave the rest for the first boot (convert-windows-
 * firstboot.c), fix the boot sector of older Windows (convert-windows-
 * ntfs-heads.c) and the boot configuration and fallback loader of
 * UEFI ones (convert-windows-bcd.c, -uefi-fallback.c).  Without drivers the guest keeps booting on emulated
 * devices (IDE, rtl8139) and the rest of the conversion still applies.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "convert-windows.h"

/* Reads what inspection does not keep from SOFTWARE\Microsoft\Windows
 * NT\CurrentVersion: the build number (which tells Windows 10 from 11,
 * Server 2016 from 2019 and 2022) and the drive of SystemRoot.
 */
static int
read_current_version (struct winconv *w)
{
  CLEANUP_FREE char *build = NULL, *sysroot = NULL;
  guestfs_h *g = w->g;
  int64_t root, node;
  bool missing;
  int r = -1;

  if (guestfs_hivex_open (g, w->software_hive, -1) == -1) {
    v2v_error ("cannot open the registry hive '%s': %s",
               w->software_hive, guestfs_last_error (g));
    return -1;
  }
  root = guestfs_hivex_root (g);
  if (root <= 0) {
    v2v_error ("registry hive '%s': %s", w->software_hive,
               guestfs_last_error (g));
    goto out;
  }
  node = winreg_node (g, root, "Microsoft\\Windows NT\\CurrentVersion",
                      false);
  if (node == -1)
    goto out;
  if (node > 0) {
    build = winreg_get_string (g, node, "CurrentBuildNumber", &missing);
    if (build == NULL && !missing)
      goto out;
    sysroot = winreg_get_string (g, node, "SystemRoot", &missing);
    if (sysroot == NULL && !missing)
      goto out;
  }
  if (build)
    w->build = (unsigned) strtoul (build, NULL, 10);
  /* "C:\Windows": a drive letter and a colon; anything else is C:. */
  if (sysroot && ((sysroot[0] >= 'A' && sysroot[0] <= 'Z') ||
                  (sysroot[0] >= 'a' && sysroot[0] <= 'z')) &&
      sysroot[1] == ':')
    sysroot[2] = '\0';
  else {
    free (sysroot);
    sysroot = strdup ("C:");
  }
  w->drive = sysroot;
  sysroot = NULL;
  if (w->drive == NULL) {
    v2v_error ("out of memory");
    goto out;
  }
  r = 0;

 out:
  winreg_close_hive (g);
  return r;
}

/* "C:\Windows" from the drive and inspection's "/Windows". */
static char *
windows_path (const char *drive, const char *guest_path)
{
  char *r, *p;

  if (asprintf (&r, "%s%s", drive, guest_path) == -1)
    return NULL;
  for (p = r; *p; ++p)
    if (*p == '/')
      *p = '\\';
  return r;
}

static int
winconv_init (struct winconv *w)
{
  CLEANUP_FREE char *system = NULL, *software = NULL;
  const struct v2v_inspect *i = w->i;

  if (i->windows_systemroot == NULL || i->windows_systemroot[0] != '/' ||
      i->windows_current_control_set == NULL ||
      i->windows_current_control_set[0] == '\0') {
    v2v_error ("inspection found no Windows system root or control set "
               "in %s", i->root);
    return -1;
  }
  system = winconv_join (i->windows_systemroot, "System32/config/SYSTEM");
  software = winconv_join (i->windows_systemroot, "System32/config/SOFTWARE");
  if (system == NULL || software == NULL)
    return -1;
  w->system_hive = winconv_resolve (w->g, system);
  w->software_hive = winconv_resolve (w->g, software);
  if (w->system_hive == NULL || w->software_hive == NULL)
    return -1;
  if (read_current_version (w) == -1)
    return -1;
  w->systemroot_win = windows_path (w->drive, i->windows_systemroot);
  if (w->systemroot_win == NULL) {
    v2v_error ("out of memory");
    return -1;
  }
  return 0;
}

static void
winconv_release (struct winconv *w)
{
  free (w->system_hive);
  free (w->software_hive);
  free (w->drive);
  free (w->systemroot_win);
}

/* What the converted guest can use, from what was installed. */
static void
fill_guestcaps (const struct winconv *w, const struct windrivers *d,
                struct v2v_guestcaps *caps)
{
  const struct v2v_inspect *i = w->i;
  bool x86_64 = strcmp (i->arch, "x86_64") == 0;
  bool nt61 = i->major > 6 || (i->major == 6 && i->minor >= 1);

  memset (caps, 0, sizeof *caps);
  caps->block_bus = d->block == NULL ? V2V_BUS_IDE :
    strcmp (d->block, "vioscsi") == 0 ? V2V_BUS_VIRTIO_SCSI :
    V2V_BUS_VIRTIO_BLK;
  caps->net_model = d->netkvm ? "virtio" : "rtl8139";
  /* q35 needs a guest that knows PCI Express and AHCI: 64-bit Windows 7
   * and later; UEFI firmware needs it whatever the version.
   */
  caps->machine = (x86_64 && nt61) || i->firmware == V2V_FIRMWARE_UEFI ?
    "q35" : "pc";
  caps->arch = i->arch;
  caps->virtio_rng = d->viorng;
  caps->virtio_balloon = d->balloon;
  caps->pvpanic = d->pvpanic;
  caps->virtio_socket = d->viosock;
  caps->acpi = true;
  caps->virtio_1_0 = d->virtio_1_0;
}

int
v2v_convert_windows (guestfs_h *g, const struct v2v_inspect *i,
                     const struct v2v_convert_options *o,
                     struct v2v_guestcaps *caps)
{
  struct winconv w = { .g = g, .i = i, .o = o };
  struct windrivers d;
  int r = -1;

  memset (&d, 0, sizeof d);
  if (winconv_init (&w) == -1 ||
      winconv_check_hibernation (&w) == -1)
    goto out;
  if (!o->quiet)
    v2v_progress ("Installing virtio drivers in %s", i->product_name);
  if (winconv_copy_drivers (&w, &d) == -1 ||
      winconv_edit_registry (&w, &d) == -1 ||
      winconv_install_firstboot (&w, &d) == -1 ||
      winconv_fix_ntfs_heads (&w) == -1 ||
      winconv_fix_esps (&w) == -1)
    goto out;
  fill_guestcaps (&w, &d, caps);
  r = 0;

 out:
  winconv_release (&w);
  return r;
}
