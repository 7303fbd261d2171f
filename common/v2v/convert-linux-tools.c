/* careen - offline disk-image toolkit
 * Guest tools of other hypervisors (VMware, VirtualBox, Xen, Hyper-V,
 * Parallels) removed: on KVM their daemons fail at every boot, and
 * some (VMware's tarball install, VirtualBox's additions) replace
 * drivers or X configuration the guest needs.  Packages go with the
 * guest's own package manager, chrooted; when it has none that runs,
 * their services are disabled instead, with a warning.
 */

#include <config.h>

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "stringsbuf.h"
#include "convert-linux.h"

/* Package names (fnmatch patterns) of the tools to remove. */
static const char *const tool_packages[] = {
  "vmware-tools*", "VMwareTools*", "open-vm-tools*", "vmware-guestd*",
  "virtualbox-guest-*", "virtualbox-ose-guest-*", "VirtualBox-guest-*",
  "xe-guest-utilities*", "kmod-xenpv*", "xenpv-*",
  "hyperv-daemons*", "hyperv-tools", "hypervkvpd", "hypervvssd",
  "hypervfcopyd", "hv-kvp-daemon-init", "linux-cloud-tools-*",
  "parallels-tools*", "prl-tools*",
  NULL
};

/* Services of those tools, for guests where they cannot be removed. */
static const char *const tool_services[] = {
  "vmtoolsd", "vmware-tools", "vmware-tools-thinprint", "vgauthd",
  "vmware-vgauth", "open-vm-tools", "vboxadd", "vboxadd-service",
  "vboxadd-x11", "vboxservice", "xe-linux-distribution",
  "hv-kvp-daemon", "hv-vss-daemon", "hv-fcopy-daemon", "hypervkvpd",
  "hypervvssd", "hypervfcopyd", "prltoolsd", "prl-x11",
  NULL
};

/* Uninstallers of tools installed without a package. */
static const char *const uninstallers[] = {
  "/usr/bin/vmware-uninstall-tools.pl",
  "/usr/lib/parallels-tools/install",
  NULL
};

static bool
is_tool_package (const char *name)
{
  size_t n;

  for (n = 0; tool_packages[n] != NULL; ++n)
    if (fnmatch (tool_packages[n], name, 0) == 0)
      return true;
  return false;
}

/* The tool packages the guest has installed. */
static char **
installed_tools (struct linux_guest *lg)
{
  struct guestfs_application2_list *apps;
  struct stringsbuf sb;
  bool ubuntu_server = false;
  size_t n;

  apps = guestfs_inspect_list_applications2 (lg->g, lg->i->root);
  if (apps == NULL)
    return NULL;
  for (n = 0; n < apps->len; ++n)
    if (strcmp (apps->val[n].app2_name, "ubuntu-server") == 0)
      ubuntu_server = true;
  stringsbuf_init (&sb);
  for (n = 0; n < apps->len; ++n) {
    const char *name = apps->val[n].app2_name;

    if (!is_tool_package (name))
      continue;
    /* Ubuntu's ubuntu-server metapackage depends on open-vm-tools, and
     * removing it would take the server metapackage with it: it stays,
     * and does nothing on KVM (its service starts only on VMware).
     */
    if (ubuntu_server && strncmp (name, "open-vm-tools", 13) == 0)
      continue;
    if (stringsbuf_add_string (&sb, name) == -1) {
      v2v_error ("guest tools: %s", strerror (errno));
      stringsbuf_release (&sb);
      guestfs_free_application2_list (apps);
      return NULL;
    }
  }
  guestfs_free_application2_list (apps);
  return stringsbuf_finish (&sb);
}

/* The guest's package manager for its package format and the
 * arguments that remove packages with it, or NULL when the guest has
 * none careen can run.
 */
static const char *
package_remover (struct linux_guest *lg, const char *const **args_r)
{
  static const char *const dpkg[] = { "/usr/bin/dpkg", "/bin/dpkg", NULL };
  static const char *const rpm[] = { "/usr/bin/rpm", "/bin/rpm", NULL };
  static const char *const apk[] = { "/sbin/apk", "/usr/sbin/apk", NULL };
  static const char *const pacman[] = { "/usr/bin/pacman", NULL };
  static const char *const dpkg_args[] = { "--purge", NULL };
  /* --nodeps: the tools' kernel module packages are required by their
   * main package and by nothing that stays.
   */
  static const char *const rpm_args[] = { "-e", "--nodeps", NULL };
  static const char *const apk_args[] = { "del", NULL };
  static const char *const pacman_args[] = { "-Rdd", "--noconfirm", NULL };
  static const struct {
    const char *format;
    const char *const *paths;
    const char *const *args;
  } removers[] = {
    { "deb", dpkg, dpkg_args }, { "rpm", rpm, rpm_args },
    { "apk", apk, apk_args }, { "pacman", pacman, pacman_args },
  };
  size_t n;

  for (n = 0; n < sizeof removers / sizeof removers[0]; ++n)
    if (strcmp (lg->i->package_format, removers[n].format) == 0) {
      *args_r = removers[n].args;
      return linux_first_file (lg->g, removers[n].paths);
    }
  return NULL;
}

/* PROGRAM ARGS... PKGS... as one argument list. */
static char **
removal_command (const char *program, const char *const *args,
                 char *const *pkgs)
{
  struct stringsbuf sb;
  size_t n;

  stringsbuf_init (&sb);
  if (stringsbuf_add_string (&sb, program) == -1)
    goto out_nomem;
  for (n = 0; args[n] != NULL; ++n)
    if (stringsbuf_add_string (&sb, args[n]) == -1)
      goto out_nomem;
  for (n = 0; pkgs[n] != NULL; ++n)
    if (stringsbuf_add_string (&sb, pkgs[n]) == -1)
      goto out_nomem;
  return stringsbuf_finish (&sb);

 out_nomem:
  stringsbuf_release (&sb);
  return NULL;
}

/* Removes DIR/ENTRY when ENTRY is a link to one of the services. */
static int
remove_service_links (guestfs_h *g, const char *dir, size_t *removed)
{
  CLEANUP_FREE_STRING_LIST char **entries = NULL;
  size_t n, s;

  guestfs_push_error_handler (g, NULL, NULL);
  entries = guestfs_ls (g, dir);
  guestfs_pop_error_handler (g);
  if (entries == NULL)
    return 0;  /* no such directory on this guest */
  for (n = 0; entries[n] != NULL; ++n) {
    const char *e = entries[n];
    CLEANUP_FREE char *path = NULL;

    /* systemd: NAME.service; SysV: S20NAME or K80NAME. */
    if ((e[0] == 'S' || e[0] == 'K') &&
        e[1] >= '0' && e[1] <= '9' && e[2] >= '0' && e[2] <= '9')
      e += 3;
    for (s = 0; tool_services[s] != NULL; ++s) {
      size_t len = strlen (tool_services[s]);

      if (strncmp (e, tool_services[s], len) == 0 &&
          (e[len] == '\0' || strcmp (e + len, ".service") == 0))
        break;
    }
    if (tool_services[s] == NULL)
      continue;
    if (asprintf (&path, "%s/%s", dir, entries[n]) == -1) {
      v2v_error ("guest tools: %s", strerror (errno));
      return -1;
    }
    if (guestfs_is_symlink (g, path) <= 0)
      continue;
    if (guestfs_rm (g, path) == -1)
      return -1;
    (*removed)++;
  }
  return 0;
}

/* Disables the services of the tools: their links in the systemd
 * .wants directories and the SysV runlevel directories.
 */
static int
disable_services (struct linux_guest *lg, size_t *removed)
{
  CLEANUP_FREE_STRING_LIST char **dirs = NULL;
  static const char *const patterns[] = {
    "/etc/systemd/system/*.wants", "/etc/rc[0-6S].d", "/etc/rc.d/rc[0-6].d",
    "/etc/init.d/rc[0-6S].d", "/etc/runlevels/*",
  };
  size_t p, n;

  for (p = 0; p < sizeof patterns / sizeof patterns[0]; ++p) {
    CLEANUP_FREE_STRING_LIST char **found = guestfs_glob_expand (lg->g,
                                                                 patterns[p]);
    if (found == NULL)
      return -1;
    for (n = 0; found[n] != NULL; ++n)
      if (remove_service_links (lg->g, found[n], removed) == -1)
        return -1;
  }
  return 0;
}

/* VirtualBox's additions installed from their ISO: their own
 * uninstaller knows what they replaced.
 */
static int
run_uninstallers (struct linux_guest *lg)
{
  CLEANUP_FREE_STRING_LIST char **vbox = NULL;
  size_t n;

  vbox = guestfs_glob_expand (lg->g, "/opt/VBoxGuestAdditions-*/uninstall.sh");
  if (vbox == NULL)
    return -1;
  for (n = 0; vbox[n] != NULL; ++n) {
    char *argv[] = { vbox[n], NULL };

    if (!lg->o->quiet)
      v2v_progress ("Uninstalling VirtualBox Guest Additions (%s)", vbox[n]);
    if (linux_run (lg, "VirtualBox Guest Additions", argv) == -1)
      return -1;
  }
  for (n = 0; uninstallers[n] != NULL; ++n) {
    char *argv[3] = { (char *) uninstallers[n], NULL, NULL };

    if (!linux_is_file (lg->g, uninstallers[n]))
      continue;
    /* Parallels' installer removes with -r. */
    if (strstr (uninstallers[n], "parallels") != NULL)
      argv[1] = (char *) "-r";
    if (!lg->o->quiet)
      v2v_progress ("Uninstalling guest tools (%s)", uninstallers[n]);
    if (linux_run (lg, "guest tools", argv) == -1)
      return -1;
  }
  return 0;
}

int
linux_remove_guest_tools (struct linux_guest *lg)
{
  CLEANUP_FREE_STRING_LIST char **pkgs = NULL;
  CLEANUP_FREE_STRING_LIST char **cmd = NULL;
  size_t removed = 0;

  pkgs = installed_tools (lg);
  if (pkgs == NULL)
    return -1;
  if (run_uninstallers (lg) == -1)
    return -1;
  if (pkgs[0] != NULL) {
    CLEANUP_FREE char *names = strings_join (pkgs, " ");
    const char *const *args = NULL;
    const char *program = package_remover (lg, &args);

    if (program != NULL) {
      cmd = removal_command (program, args, pkgs);
      if (cmd == NULL) {
        v2v_error ("guest tools: %s", strerror (errno));
        return -1;
      }
      if (!lg->o->quiet)
        v2v_progress ("Removing guest tools: %s", names ? names : "");
      if (linux_try_run (lg, "guest tools removal", cmd) == -1)
        v2v_warning ("the guest tools could not be removed: disabling the "
                     "services of %s instead", names ? names : "them");
    }
    else
      v2v_warning ("no working package manager for '%s' packages in the "
                   "guest: disabling the services of %s instead",
                   lg->i->package_format, names ? names : "the guest tools");
  }
  /* Also after a removal: tools installed without a package, or whose
   * package left its service enabled (a removal without the package's
   * scripts), would still be started at every boot.
   */
  if (disable_services (lg, &removed) == -1)
    return -1;
  if (removed > 0 && pkgs[0] == NULL)
    v2v_warning ("%zu service links of other hypervisors' guest tools "
                 "removed", removed);
  return 0;
}
