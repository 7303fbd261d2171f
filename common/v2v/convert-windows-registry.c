/* careen - offline disk-image toolkit
 * The registry changes of the Windows conversion.
 *
 * Windows only loads at boot the drivers it already knows for the
 * devices it finds, and its disk must be readable before it can install
 * anything: so the virtio block driver is made a boot-start service
 * (SYSTEM\<CCS>\Services\viostor or vioscsi: Type 1 kernel driver,
 * Start 0 boot, ErrorControl 1, Group "SCSI miniport", ImagePath
 * system32\drivers\NAME.sys) and tied to the virtio PCI ids of its
 * device, in the legacy (virtio 0.9, DEV_1001/1004) and modern (virtio
 * 1.0, DEV_1042/1048) forms:
 *
 * - before Windows 8 (NT < 6.2) through <CCS>\Control\CriticalDevice
 *   Database\pci#ven_1af4&dev_...: ClassGUID (the SCSI adapter class)
 *   and Service;
 * - from Windows 8 through SYSTEM\DriverDatabase, which replaced it: a
 *   driver package "NAME.inf_ARCH_0000000000000000" (the sixteen hex
 *   digits Windows puts after the name are its hash of the package;
 *   zeros are a name no real package takes, so the package pnputil
 *   installs at first boot never collides with this one) with its
 *   configuration "NAME_conf" (Service NAME), the INF file NAME.inf
 *   pointing at it, and DeviceIds\PCI\<id> naming NAME.inf (REG_BINARY
 *   01 ff 00 00: rank and flags of the match).
 *
 * SOFTWARE\Microsoft\Windows\CurrentVersion DevicePath gets
 * %SystemRoot%\Drivers\VirtIO, so that Plug and Play finds the other
 * drivers there for the devices it discovers.  Drivers of the source
 * hypervisor that would fail without its devices (Xen PV, Parallels)
 * are disabled (Start 4), and CrashControl AutoReboot is cleared, so
 * that a crash on the new hypervisor stops on its blue screen instead
 * of rebooting in a loop.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "convert-windows.h"

/* The SCSI adapter device class, which both virtio block drivers are. */
#define SCSI_ADAPTER_CLASS "{4D36E97B-E325-11CE-BFC1-08002BE10318}"

/* PCI ids of a block driver's device, legacy then modern. */
static const char *const viostor_ids[] = {
  "VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00",
  "VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01",
  NULL
};
static const char *const vioscsi_ids[] = {
  "VEN_1AF4&DEV_1004&SUBSYS_00081AF4&REV_00",
  "VEN_1AF4&DEV_1048&SUBSYS_11001AF4&REV_01",
  NULL
};

/* Services of other hypervisors' drivers, disabled where present. */
static const char *const foreign_services[] = {
  /* Xen PV drivers (GPLPV, Citrix, XenServer, and RHEL's xenpv-win) */
  "xenbus", "xenfilt", "xeniface", "xennet", "xenvbd", "xenvif",
  "rhelscsi",
  /* Parallels Tools */
  "prl_boot", "prl_dd", "prl_eth5", "prl_fs", "prl_memdev", "prl_mouf",
  "prl_pv32", "prl_pv64", "prl_scsi", "prl_sound", "prl_strg", "prl_tg",
  "prl_time", "prl_uprof", "prl_va",
  NULL
};

static const char *
pkg_arch (const struct winconv *w)
{
  return strcmp (w->i->arch, "x86_64") == 0 ? "amd64" :
    strcmp (w->i->arch, "aarch64") == 0 ? "arm64" : "x86";
}

/* Services\<name> of the current control set: its node, or 0 if it is
 * missing and not created, or -1.
 */
static int64_t
ccs_node (const struct winconv *w, int64_t root, const char *sub,
          bool create)
{
  CLEANUP_FREE char *path = NULL;

  if (asprintf (&path, "%s\\%s", w->i->windows_current_control_set,
                sub) == -1) {
    v2v_error ("out of memory");
    return -1;
  }
  return winreg_node (w->g, root, path, create);
}

static int
add_service (const struct winconv *w, int64_t root, const char *drv)
{
  CLEANUP_FREE char *sub = NULL, *image = NULL;
  int64_t node;

  if (asprintf (&sub, "Services\\%s", drv) == -1 ||
      asprintf (&image, "system32\\drivers\\%s.sys", drv) == -1) {
    v2v_error ("out of memory");
    return -1;
  }
  node = ccs_node (w, root, sub, true);
  if (node == -1 ||
      winreg_set_dword (w->g, node, "Type", 1) == -1 ||
      winreg_set_dword (w->g, node, "Start", 0) == -1 ||
      winreg_set_dword (w->g, node, "ErrorControl", 1) == -1 ||
      winreg_set_string (w->g, node, "Group", WINREG_SZ,
                         "SCSI miniport") == -1 ||
      winreg_set_string (w->g, node, "ImagePath", WINREG_EXPAND_SZ,
                         image) == -1)
    return -1;
  return 0;
}

/* The key name of an id in the CriticalDeviceDatabase: "pci#" and the
 * id in lower case.
 */
static char *
cdd_name (const char *id)
{
  char *r, *p;

  if (asprintf (&r, "Control\\CriticalDeviceDatabase\\pci#%s", id) == -1)
    return NULL;
  for (p = strchr (r, '#'); *p; ++p)
    if (*p >= 'A' && *p <= 'Z')
      *p = (char) (*p - 'A' + 'a');
  return r;
}

static int
add_critical_devices (const struct winconv *w, int64_t root,
                      const char *drv, const char *const *ids)
{
  size_t k;

  for (k = 0; ids[k] != NULL; ++k) {
    CLEANUP_FREE char *sub = cdd_name (ids[k]);
    int64_t node;

    if (sub == NULL) {
      v2v_error ("out of memory");
      return -1;
    }
    node = ccs_node (w, root, sub, true);
    if (node == -1 ||
        winreg_set_string (w->g, node, "Service", WINREG_SZ, drv) == -1 ||
        winreg_set_string (w->g, node, "ClassGUID", WINREG_SZ,
                           SCSI_ADAPTER_CLASS) == -1)
      return -1;
  }
  return 0;
}

static int
add_driver_database (const struct winconv *w, int64_t root,
                     const char *drv, const char *const *ids)
{
  CLEANUP_FREE char *inf = NULL, *pkg = NULL, *conf = NULL, *oem = NULL;
  CLEANUP_FREE char *path = NULL;
  const char *pkgs[] = { NULL, NULL }, *confs[] = { NULL, NULL };
  /* Rank 0xff01 of the INF's match for the id, as Windows records it. */
  static const char device_match[] = { 0x01, (char) 0xff, 0x00, 0x00 };
  guestfs_h *g = w->g;
  int64_t node;
  size_t k;

  if (asprintf (&inf, "%s.inf", drv) == -1 ||
      asprintf (&pkg, "%s_%s_0000000000000000", inf, pkg_arch (w)) == -1 ||
      asprintf (&conf, "%s_conf", drv) == -1 ||
      asprintf (&oem, "%s\\Drivers\\VirtIO", w->systemroot_win) == -1)
    goto out_nomem;
  pkgs[0] = pkg;
  confs[0] = conf;

  free (path);
  if (asprintf (&path, "DriverDatabase\\DriverInfFiles\\%s", inf) == -1)
    goto out_nomem;
  node = winreg_node (g, root, path, true);
  if (node == -1 ||
      winreg_set_multi_sz (g, node, "", pkgs) == -1 ||
      winreg_set_string (g, node, "Active", WINREG_SZ, pkg) == -1 ||
      winreg_set_multi_sz (g, node, "Configurations", confs) == -1)
    return -1;

  for (k = 0; ids[k] != NULL; ++k) {
    free (path);
    if (asprintf (&path, "DriverDatabase\\DeviceIds\\PCI\\%s", ids[k]) == -1)
      goto out_nomem;
    node = winreg_node (g, root, path, true);
    if (node == -1 ||
        winreg_set_binary (g, node, inf, device_match,
                           sizeof device_match) == -1)
      return -1;
  }

  free (path);
  if (asprintf (&path, "DriverDatabase\\DriverPackages\\%s", pkg) == -1)
    goto out_nomem;
  node = winreg_node (g, root, path, true);
  if (node == -1 ||
      winreg_set_string (g, node, "", WINREG_SZ, inf) == -1 ||
      winreg_set_dword (g, node, "F6", 1) == -1 ||
      winreg_set_string (g, node, "InfName", WINREG_SZ, inf) == -1 ||
      winreg_set_string (g, node, "OemPath", WINREG_SZ, oem) == -1 ||
      winreg_set_string (g, node, "Provider", WINREG_SZ,
                         "Red Hat, Inc.") == -1 ||
      winreg_set_dword (g, node, "SignerScore", 0x0d000005) == -1)
    return -1;

  free (path);
  if (asprintf (&path, "DriverDatabase\\DriverPackages\\%s\\Configurations"
                "\\%s", pkg, conf) == -1)
    goto out_nomem;
  node = winreg_node (g, root, path, true);
  if (node == -1 ||
      winreg_set_dword (g, node, "ConfigFlags", 0) == -1 ||
      winreg_set_string (g, node, "Service", WINREG_SZ, drv) == -1)
    return -1;

  for (k = 0; ids[k] != NULL; ++k) {
    free (path);
    if (asprintf (&path, "DriverDatabase\\DriverPackages\\%s\\Descriptors"
                  "\\PCI\\%s", pkg, ids[k]) == -1)
      goto out_nomem;
    node = winreg_node (g, root, path, true);
    if (node == -1 ||
        winreg_set_string (g, node, "Configuration", WINREG_SZ, conf) == -1)
      return -1;
  }
  return 0;

 out_nomem:
  path = NULL;
  v2v_error ("out of memory");
  return -1;
}

static int
disable_foreign_drivers (const struct winconv *w, int64_t root)
{
  size_t k;

  for (k = 0; foreign_services[k] != NULL; ++k) {
    CLEANUP_FREE char *sub = NULL;
    int64_t node;

    if (asprintf (&sub, "Services\\%s", foreign_services[k]) == -1) {
      v2v_error ("out of memory");
      return -1;
    }
    node = ccs_node (w, root, sub, false);
    if (node == -1)
      return -1;
    if (node > 0 && winreg_set_dword (w->g, node, "Start", 4) == -1)
      return -1;
  }
  return 0;
}

static int
disable_auto_reboot (const struct winconv *w, int64_t root)
{
  int64_t node = ccs_node (w, root, "Control\\CrashControl", false);

  if (node <= 0)
    return (int) node;
  return winreg_set_dword (w->g, node, "AutoReboot", 0);
}

static int
edit_system (const struct winconv *w, const struct windrivers *d)
{
  int64_t root;

  if (winreg_open_hive (w->g, w->system_hive) == -1)
    return -1;
  root = guestfs_hivex_root (w->g);
  if (root <= 0) {
    v2v_error ("registry hive '%s': %s", w->system_hive,
               guestfs_last_error (w->g));
    goto out_close;
  }

  if (d->block) {
    const char *const *ids =
      strcmp (d->block, "vioscsi") == 0 ? vioscsi_ids : viostor_ids;
    bool nt62 = w->i->major > 6 || (w->i->major == 6 && w->i->minor >= 2);

    if (add_service (w, root, d->block) == -1)
      goto out_close;
    if (nt62 ? add_driver_database (w, root, d->block, ids) :
        add_critical_devices (w, root, d->block, ids))
      goto out_close;
  }
  if (disable_foreign_drivers (w, root) == -1 ||
      disable_auto_reboot (w, root) == -1)
    goto out_close;
  return winreg_commit_hive (w->g);

 out_close:
  winreg_close_hive (w->g);
  return -1;
}

/* Adds the driver directory to the ';'-separated DevicePath once. */
static int
add_device_path (const struct winconv *w)
{
  static const char dir[] = "%SystemRoot%\\Drivers\\VirtIO";
  CLEANUP_FREE char *old = NULL, *new = NULL;
  bool missing;
  int64_t root, node;

  if (winreg_open_hive (w->g, w->software_hive) == -1)
    return -1;
  root = guestfs_hivex_root (w->g);
  if (root <= 0) {
    v2v_error ("registry hive '%s': %s", w->software_hive,
               guestfs_last_error (w->g));
    goto out_close;
  }
  node = winreg_node (w->g, root, "Microsoft\\Windows\\CurrentVersion", true);
  if (node == -1)
    goto out_close;
  old = winreg_get_string (w->g, node, "DevicePath", &missing);
  if (old == NULL && !missing)
    goto out_close;
  if (old != NULL && strcasestr (old, dir) != NULL) {
    winreg_close_hive (w->g);
    return 0;
  }
  if (asprintf (&new, "%s%s%s", old && *old ? old : "",
                old && *old ? ";" : "", dir) == -1) {
    new = NULL;
    v2v_error ("out of memory");
    goto out_close;
  }
  if (winreg_set_string (w->g, node, "DevicePath", WINREG_EXPAND_SZ,
                         new) == -1)
    goto out_close;
  return winreg_commit_hive (w->g);

 out_close:
  winreg_close_hive (w->g);
  return -1;
}

int
winconv_edit_registry (const struct winconv *w, const struct windrivers *d)
{
  if (edit_system (w, d) == -1)
    return -1;
  if (d->any && add_device_path (w) == -1)
    return -1;
  return 0;
}
