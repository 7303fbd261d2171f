/* careen - offline disk-image toolkit
 * Work that only Windows itself can do, left for its next boot.
 *
 * What is written, relative to the drive of %SystemRoot% (C:):
 *
 *   \Program Files\Guestfs\Firstboot\firstboot.bat
 *       the runner: runs each scripts\*.bat once, in name order, with
 *       its output in log.txt, then moves it to scripts-done\
 *   \Program Files\Guestfs\Firstboot\scripts\NNNN-WHAT.bat
 *       0001-install-virtio-drivers.bat: pnputil -i -a on every .inf of
 *           %SystemRoot%\Drivers\VirtIO, so that each virtio device gets
 *           its driver installed properly (the block driver only has
 *           the registry entries that let Windows boot);
 *       0002-uninstall-vmware-tools.bat, 0003-uninstall-parallels-
 *           tools.bat, 0004-uninstall-citrix-xentools.bat: the tools of
 *           the source hypervisor, removed through their uninstall
 *           entry in SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall
 *           (msiexec /x for Windows Installer packages);
 *       0005-install-qemu-ga.bat: msiexec on the QEMU guest agent's
 *           installer, when VIRTIO_WIN had one (convert-windows-
 *           drivers.c copies it to %SystemRoot%\Drivers\VirtIO);
 *       0006-install-balloon-service.bat: "blnsvr.exe -i", the service
 *           that reports the guest's memory use to the virtio balloon,
 *           when its program came with the balloon driver;
 *       0007-set-static-addresses.bat: runs 0007-set-static-addresses.ps1
 *           (convert-windows-static-ip.c), the addresses of --mac
 *           MAC:ip:..., after the network driver is installed;
 *       0008-online-disks.bat: runs 0008-online-disks.ps1 (convert-
 *           windows-online-disks.c), which brings the virtio disks
 *           online that Windows kept offline on their new controller.
 *   The directory keeps the name virt-v2v gives it, so that what users
 *   and their scripts know of it (the log) still holds.
 *
 * How the runner is started: Windows runs no program at boot by itself
 * without a service, so when VIRT_TOOLS_DATA_DIR (default
 * /usr/share/virt-tools) has rhsrvany.exe (or SUSE's pvvxsvc.exe), it is
 * copied beside the runner and installed as the auto-start service
 * RHSrvAny (or pvvxsvc) running as LocalSystem, whose Parameters
 * CommandLine starts the runner; the runner deletes the service once
 * done.  Without either, the runner goes in SOFTWARE\Microsoft\Windows\
 * CurrentVersion\RunOnce as "careen-firstboot": Windows runs it once,
 * but only when an administrator logs on, which the user is warned of.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cleanups.h"
#include "stringsbuf.h"
#include "convert-windows.h"

#define FIRSTBOOT_DIR "Program Files/Guestfs/Firstboot"
#define FIRSTBOOT_WIN "\\Program Files\\Guestfs\\Firstboot"
#define RUNONCE_NAME "careen-firstboot"

/* Other hypervisors' guest tools, by the start of their DisplayName. */
static const struct {
  const char *display_name;
  const char *script;
} foreign_tools[] = {
  { "VMware Tools", "0002-uninstall-vmware-tools.bat" },
  { "Parallels Tools", "0003-uninstall-parallels-tools.bat" },
  { "Citrix XenTools", "0004-uninstall-citrix-xentools.bat" },
};
#define NR_FOREIGN_TOOLS (sizeof foreign_tools / sizeof foreign_tools[0])

/* A firstboot service program, and the name of its service. */
struct service {
  const char *exe;
  const char *name;
};
static const struct service services[] = {
  { "rhsrvany.exe", "RHSrvAny" },
  { "pvvxsvc.exe", "pvvxsvc" },
};

/* Writes TEXT to the guest file PATH with DOS line ends. */
static int
write_dos (guestfs_h *g, const char *path, const char *text)
{
  CLEANUP_FREE char *buf = malloc (2 * strlen (text) + 1);
  size_t n = 0;
  const char *p;

  if (buf == NULL) {
    v2v_error ("out of memory");
    return -1;
  }
  for (p = text; *p; ++p) {
    if (*p == '\n')
      buf[n++] = '\r';
    buf[n++] = *p;
  }
  if (guestfs_write (g, path, buf, n) == -1) {
    v2v_error ("cannot write '%s': %s", path, guestfs_last_error (g));
    return -1;
  }
  return 0;
}

/* The command that removes the uninstall entry KEY (the subkey name)
 * with UNINSTALL (its UninstallString), or NULL (printed).
 */
static char *
uninstall_command (const char *key, const char *uninstall, bool msi)
{
  char *r;

  /* A Windows Installer package is removed by its product code, quietly;
   * its UninstallString would show the installer's dialogs.
   */
  if (msi && key[0] == '{') {
    if (asprintf (&r, "msiexec.exe /x %s /qn /norestart", key) == -1)
      r = NULL;
  }
  else
    r = strdup (uninstall);
  if (r == NULL)
    v2v_error ("out of memory");
  return r;
}

/* Looks for the tools of FOREIGN_TOOLS in the Uninstall key and adds a
 * script for each one found to SCRIPTS (name, text, name, text ...).
 */
static int
find_foreign_tools (const struct winconv *w, struct stringsbuf *scripts)
{
  guestfs_h *g = w->g;
  struct guestfs_hivex_node_list *apps = NULL;
  bool found[NR_FOREIGN_TOOLS] = { false };
  int64_t root, node;
  size_t k, t;
  int r = -1;

  if (winreg_open_hive (g, w->software_hive) == -1)
    return -1;
  root = guestfs_hivex_root (g);
  node = root > 0 ? winreg_node (g, root, "Microsoft\\Windows\\"
                                 "CurrentVersion\\Uninstall", false) : -1;
  if (root <= 0)
    v2v_error ("registry hive '%s': %s", w->software_hive,
               guestfs_last_error (g));
  if (node <= 0) {
    r = (int) node;
    goto out;
  }
  apps = guestfs_hivex_node_children (g, node);
  if (apps == NULL) {
    v2v_error ("registry key Uninstall: %s", guestfs_last_error (g));
    goto out;
  }
  for (k = 0; k < apps->len; ++k) {
    int64_t app = apps->val[k].hivex_node_h;
    CLEANUP_FREE char *name = NULL, *key = NULL, *uninstall = NULL;
    CLEANUP_FREE char *cmd = NULL;
    bool missing;
    uint32_t msi = 0;
    int m;

    name = winreg_get_string (g, app, "DisplayName", &missing);
    if (name == NULL && !missing)
      goto out;
    if (name == NULL)
      continue;
    for (t = 0; t < NR_FOREIGN_TOOLS; ++t)
      if (!found[t] && strncmp (name, foreign_tools[t].display_name,
                                strlen (foreign_tools[t].display_name)) == 0)
        break;
    if (t == NR_FOREIGN_TOOLS)
      continue;

    key = guestfs_hivex_node_name (g, app);
    if (key == NULL) {
      v2v_error ("registry key Uninstall: %s", guestfs_last_error (g));
      goto out;
    }
    uninstall = winreg_get_string (g, app, "UninstallString", &missing);
    if (uninstall == NULL && !missing)
      goto out;
    m = winreg_get_dword (g, app, "WindowsInstaller", &msi);
    if (m == -1)
      goto out;
    if (uninstall == NULL && !(m == 0 && msi == 1)) {
      v2v_warning ("%s has no uninstall command: remove it by hand after "
                   "conversion", name);
      continue;
    }
    /* The command becomes one line of a batch file. */
    if (uninstall && strpbrk (uninstall, "\r\n") != NULL) {
      v2v_warning ("the uninstall command of %s spans several lines: "
                   "remove it by hand after conversion", name);
      continue;
    }
    cmd = uninstall_command (key, uninstall ? uninstall : "",
                             (m == 0 && msi == 1) ||
                             (uninstall && strcasestr (uninstall, "msiexec")));
    if (cmd == NULL)
      goto out;
    if (cmd[0] == '\0') {
      v2v_warning ("%s has no uninstall command: remove it by hand after "
                   "conversion", name);
      continue;
    }
    found[t] = true;
    if (stringsbuf_add_string (scripts, foreign_tools[t].script) == -1 ||
        stringsbuf_add_format (scripts,
                               "@echo off\n"
                               "rem Removes %s, the tools of the hypervisor"
                               " the guest was converted from.\n"
                               "%s\n", foreign_tools[t].display_name,
                               cmd) == -1) {
      v2v_error ("out of memory");
      goto out;
    }
  }
  r = 0;

 out:
  guestfs_free_hivex_node_list (apps);
  winreg_close_hive (g);
  return r;
}

/* The scripts that install the programs the drivers step copied
 * (SCRIPTS as find_foreign_tools).
 */
static int
add_program_scripts (const struct windrivers *d, struct stringsbuf *scripts)
{
  if (d->qemu_ga_msi &&
      (stringsbuf_add_string (scripts, "0005-install-qemu-ga.bat") == -1 ||
       stringsbuf_add_format (scripts,
                              "@echo off\n"
                              "rem Installs the QEMU guest agent copied "
                              "to the guest by its conversion.\n"
                              "msiexec.exe /i \"%%SystemRoot%%\\Drivers"
                              "\\VirtIO\\%s\" /qn /norestart\n",
                              d->qemu_ga_msi) == -1))
    goto nomem;
  if (d->blnsvr &&
      (stringsbuf_add_string (scripts,
                              "0006-install-balloon-service.bat") == -1 ||
       stringsbuf_add_string (scripts,
                              "@echo off\n"
                              "rem Installs the service that reports the "
                              "guest's memory use to the virtio "
                              "balloon.\n"
                              "\"%SystemRoot%\\Drivers\\VirtIO\\"
                              "blnsvr.exe\" -i\n") == -1))
    goto nomem;
  return 0;

 nomem:
  v2v_error ("out of memory");
  return -1;
}

/* The scripts of --mac ...:ip: (SCRIPTS as find_foreign_tools). */
static int
add_static_ip_scripts (const struct winconv *w, struct stringsbuf *scripts)
{
  CLEANUP_FREE char *ps = NULL;

  if (w->o->nr_static_ips == 0)
    return 0;
  ps = winconv_static_ip_script (w->o);
  if (ps == NULL ||
      stringsbuf_add_string (scripts, "0007-set-static-addresses.bat") == -1 ||
      stringsbuf_add_string (scripts,
                             "@echo off\n"
                             "rem Sets the static addresses given to "
                             "virt-v2v --mac.\n"
                             "powershell.exe -NoProfile -ExecutionPolicy "
                             "Bypass -File "
                             "\"%~dp00007-set-static-addresses.ps1\"\n")
      == -1 ||
      stringsbuf_add_string (scripts, "0007-set-static-addresses.ps1") == -1 ||
      stringsbuf_add_string (scripts, ps) == -1) {
    v2v_error ("out of memory");
    return -1;
  }
  return 0;
}

/* The firstboot service program available, or NULL; *path_r gets its
 * host path.
 */
static const struct service *
find_service (char **path_r)
{
  const char *dir = getenv ("VIRT_TOOLS_DATA_DIR");
  size_t k;

  if (dir == NULL || *dir == '\0')
    dir = "/usr/share/virt-tools";
  for (k = 0; k < sizeof services / sizeof services[0]; ++k) {
    char *path;

    if (asprintf (&path, "%s/%s", dir, services[k].exe) == -1)
      return NULL;
    if (access (path, R_OK) == 0) {
      *path_r = path;
      return &services[k];
    }
    free (path);
  }
  return NULL;
}

static char *
runner_text (const struct service *svc)
{
  char *r;

  if (asprintf (&r,
                "@echo off\n"
                "rem Runs each script of scripts\\ once, in name order, "
                "then moves it to scripts-done\\.\n"
                "setlocal EnableDelayedExpansion\n"
                "cd /d \"%%~dp0\"\n"
                "if not exist scripts-done mkdir scripts-done\n"
                "echo %%date%% %%time%% firstboot starts >> log.txt\n"
                "for %%%%f in (scripts\\*.bat) do (\n"
                "  echo running %%%%~nxf >> log.txt\n"
                "  call \"%%%%f\" >> log.txt 2>&1\n"
                "  echo %%%%~nxf exited with !errorlevel! >> log.txt\n"
                "  move /y \"%%%%f\" scripts-done >> log.txt 2>&1\n"
                ")\n"
                "echo %%date%% %%time%% firstboot ends >> log.txt\n"
                "%s%s%s",
                svc ? "sc delete " : "", svc ? svc->name : "",
                svc ? " >> log.txt 2>&1\n" : "") == -1)
    return NULL;
  return r;
}

/* Installs SVC, whose program is already beside the runner. */
static int
register_service (const struct winconv *w, const struct service *svc,
                  const char *winpath)
{
  CLEANUP_FREE char *sub = NULL, *image = NULL, *cmdline = NULL;
  guestfs_h *g = w->g;
  int64_t root, node, params;

  if (asprintf (&sub, "%s\\Services\\%s", w->i->windows_current_control_set,
                svc->name) == -1 ||
      asprintf (&image, "%s\\%s", winpath, svc->exe) == -1 ||
      asprintf (&cmdline, "cmd /c \"%s\\firstboot.bat\"", winpath) == -1) {
    v2v_error ("out of memory");
    return -1;
  }
  if (winreg_open_hive (g, w->system_hive) == -1)
    return -1;
  root = guestfs_hivex_root (g);
  node = root > 0 ? winreg_node (g, root, sub, true) : -1;
  if (root <= 0)
    v2v_error ("registry hive '%s': %s", w->system_hive,
               guestfs_last_error (g));
  if (node == -1 ||
      /* own process, automatic start, errors logged */
      winreg_set_dword (g, node, "Type", 0x10) == -1 ||
      winreg_set_dword (g, node, "Start", 2) == -1 ||
      winreg_set_dword (g, node, "ErrorControl", 1) == -1 ||
      winreg_set_string (g, node, "ImagePath", WINREG_EXPAND_SZ,
                         image) == -1 ||
      winreg_set_string (g, node, "DisplayName", WINREG_SZ,
                         svc->name) == -1 ||
      winreg_set_string (g, node, "ObjectName", WINREG_SZ,
                         "LocalSystem") == -1)
    goto out_close;
  params = winreg_node (g, node, "Parameters", true);
  if (params == -1 ||
      winreg_set_string (g, params, "CommandLine", WINREG_SZ, cmdline) == -1 ||
      winreg_set_string (g, params, "PWD", WINREG_SZ, winpath) == -1)
    goto out_close;
  return winreg_commit_hive (g);

 out_close:
  winreg_close_hive (g);
  return -1;
}

static int
register_runonce (const struct winconv *w, const char *winpath)
{
  CLEANUP_FREE char *cmdline = NULL;
  guestfs_h *g = w->g;
  int64_t root, node;

  if (asprintf (&cmdline, "cmd /c \"%s\\firstboot.bat\"", winpath) == -1) {
    v2v_error ("out of memory");
    return -1;
  }
  if (winreg_open_hive (g, w->software_hive) == -1)
    return -1;
  root = guestfs_hivex_root (g);
  node = root > 0 ? winreg_node (g, root, "Microsoft\\Windows\\"
                                 "CurrentVersion\\RunOnce", true) : -1;
  if (root <= 0)
    v2v_error ("registry hive '%s': %s", w->software_hive,
               guestfs_last_error (g));
  if (node == -1 ||
      winreg_set_string (g, node, RUNONCE_NAME, WINREG_SZ, cmdline) == -1) {
    winreg_close_hive (g);
    return -1;
  }
  return winreg_commit_hive (g);
}

/* The guest directory of the firstboot files: FIRSTBOOT_DIR on the
 * filesystem of %SystemRoot%, which is mounted at "/".
 */
static char *
firstboot_dir (const struct winconv *w)
{
  CLEANUP_FREE char *want = winconv_join ("/", FIRSTBOOT_DIR);

  return want ? winconv_resolve (w->g, want) : NULL;
}

int
winconv_install_firstboot (const struct winconv *w,
                           const struct windrivers *d)
{
  CLEANUP_FREE_STRING_LIST char **scripts = NULL;
  CLEANUP_FREE char *dir = NULL, *scriptdir = NULL, *runner = NULL;
  CLEANUP_FREE char *runner_path = NULL, *winpath = NULL, *svc_path = NULL;
  const struct service *svc;
  struct stringsbuf sb;
  guestfs_h *g = w->g;
  size_t k;

  stringsbuf_init (&sb);
  if (d->any &&
      (stringsbuf_add_string (&sb, "0001-install-virtio-drivers.bat") == -1 ||
       stringsbuf_add_string (&sb,
                              "@echo off\n"
                              "rem Installs the virtio drivers copied to "
                              "the guest by its conversion.\n"
                              "pnputil -i -a "
                              "\"%SystemRoot%\\Drivers\\VirtIO\\*.inf\"\n")
       == -1)) {
    stringsbuf_release (&sb);
    v2v_error ("out of memory");
    return -1;
  }
  if (find_foreign_tools (w, &sb) == -1 ||
      add_program_scripts (d, &sb) == -1 ||
      add_static_ip_scripts (w, &sb) == -1 ||
      winconv_add_online_disks (w, d, &sb) == -1) {
    stringsbuf_release (&sb);
    return -1;
  }
  scripts = stringsbuf_finish (&sb);
  if (scripts == NULL) {
    v2v_error ("out of memory");
    return -1;
  }
  if (scripts[0] == NULL)
    return 0;

  dir = firstboot_dir (w);
  if (dir == NULL)
    return -1;
  scriptdir = winconv_join (dir, "scripts");
  if (scriptdir == NULL)
    return -1;
  if (guestfs_mkdir_p (g, scriptdir) == -1) {
    v2v_error ("cannot make '%s': %s", scriptdir, guestfs_last_error (g));
    return -1;
  }
  for (k = 0; scripts[k] != NULL; k += 2) {
    CLEANUP_FREE char *path = winconv_join (scriptdir, scripts[k]);

    if (path == NULL || write_dos (g, path, scripts[k+1]) == -1)
      return -1;
  }

  if (asprintf (&winpath, "%s%s", w->drive, FIRSTBOOT_WIN) == -1) {
    winpath = NULL;
    v2v_error ("out of memory");
    return -1;
  }
  svc = find_service (&svc_path);
  runner = runner_text (svc);
  runner_path = winconv_join (dir, "firstboot.bat");
  if (runner == NULL || runner_path == NULL) {
    v2v_error ("out of memory");
    return -1;
  }
  if (write_dos (g, runner_path, runner) == -1)
    return -1;

  if (svc) {
    CLEANUP_FREE char *dest = winconv_join (dir, svc->exe);

    if (dest == NULL)
      return -1;
    if (guestfs_upload (g, svc_path, dest) == -1) {
      v2v_error ("cannot copy '%s' to '%s': %s", svc_path, dest,
                 guestfs_last_error (g));
      return -1;
    }
    return register_service (w, svc, winpath);
  }

  v2v_warning ("neither rhsrvany.exe nor pvvxsvc.exe is in "
               "VIRT_TOOLS_DATA_DIR (default /usr/share/virt-tools): the "
               "first boot scripts in %s (installing the virtio drivers, "
               "removing the previous hypervisor's tools) will run only "
               "when an administrator first logs on", winpath);
  return register_runonce (w, winpath);
}
