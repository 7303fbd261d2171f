/* careen - offline disk-image toolkit
 * --install, --update, --uninstall and --firstboot-install: the
 * guest's own package manager, chosen by inspection
 * (inspect_get_package_management), run in the guest through the sh
 * call.  The daemon gives the guest program the appliance's network
 * and, for the run, the appliance's resolv.conf in place of the
 * guest's (daemon/guest-resolv.c).
 *
 * --firstboot-install writes the same command as a firstboot script:
 * it runs at the guest's next boot, on the guest's own network, so it
 * needs none now.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "customize.h"
#include "customize-internal.h"

/* One package manager: the program that must be in the guest, and
 * the shell text of each operation; PKGS is replaced by the quoted
 * package names.
 */
struct package_manager {
  const char *name;             /* as inspection names it */
  const char *program;
  const char *install;          /* ends with the package names */
  const char *update;
  const char *uninstall;        /* ends with the package names */
};

/* Non-interactive everywhere: nobody can answer a prompt.  apt keeps
 * the package's new configuration files when they conflict, as a
 * fresh install would have them.
 */
#define APT_GET "DEBIAN_FRONTEND=noninteractive apt-get -q -y " \
  "-o Dpkg::Options::=--force-confnew"

static const struct package_manager package_managers[] = {
  { "apt", "apt-get",
    APT_GET " update && " APT_GET " install",
    APT_GET " update && " APT_GET " upgrade",
    APT_GET " remove" },
  { "dnf", "dnf", "dnf -y install", "dnf -y --best upgrade", "dnf -y remove" },
  { "yum", "yum", "yum -y install", "yum -y update", "yum -y remove" },
  { "zypper", "zypper", "zypper -n install -l", "zypper -n update -l",
    "zypper -n remove" },
  { "apk", "apk", "apk update && apk add", "apk update && apk upgrade",
    "apk del" },
  /* Arch supports no partial upgrade: refreshing the databases
   * without upgrading, then installing, can pull a package built
   * against newer libraries than the guest has.  Installing upgrades
   * too, and skips what is already installed, as apt does.
   */
  { "pacman", "pacman", "pacman -Syu --noconfirm --needed",
    "pacman -Syu --noconfirm", "pacman -R --noconfirm" },
};

/* Where a guest keeps its system programs. */
static const char *const program_dirs[] = {
  "/usr/sbin", "/usr/bin", "/sbin", "/bin", NULL
};

int
customize_guest_has_program (guestfs_h *g, const char *program)
{
  size_t i;

  for (i = 0; program_dirs[i]; ++i) {
    CLEANUP_FREE char *path = NULL;
    int r;

    if (asprintf (&path, "%s/%s", program_dirs[i], program) == -1) {
      perror ("asprintf");
      return -1;
    }
    r = guestfs_is_file_opts (g, path, GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS,
                              1, -1);
    if (r != 0)
      return r;
  }
  return 0;
}

/* The package manager of ROOT, or NULL after printing why there is
 * none careen can run.
 */
static const struct package_manager *
find_package_manager (guestfs_h *g, const char *root,
                      const struct customize_ops *ops,
                      const struct customize_op *op)
{
  CLEANUP_FREE char *pm = guestfs_inspect_get_package_management (g, root);
  const struct package_manager *p = NULL;
  size_t i;

  if (pm == NULL)
    return NULL;
  for (i = 0; i < sizeof package_managers / sizeof package_managers[0]; ++i)
    if (strcmp (pm, package_managers[i].name) == 0)
      p = &package_managers[i];
  if (p == NULL) {
    fprintf (stderr, "%s: --%s: the guest's package management is '%s', "
             "which %s cannot drive\n", ops->program, op->option, pm,
             ops->program);
    return NULL;
  }
  /* --firstboot-install runs later, when the guest may have it. */
  if (op->kind == OP_FIRSTBOOT_INSTALL)
    return p;
  switch (customize_guest_has_program (g, p->program)) {
  case -1:
    return NULL;
  case 1:
    return p;
  }
  fprintf (stderr, "%s: --%s: the guest has no %s program (its package "
           "management is %s)\n", ops->program, op->option, p->program,
           p->name);
  return NULL;
}

/* PREFIX followed by each package of the comma-separated LIST, quoted
 * for the shell.  The names were checked at parse time; quoting is for
 * safety all the same.
 */
static char *
command_with_packages (const char *prefix, const char *list)
{
  char *cmd = NULL;
  size_t len;
  FILE *fp = open_memstream (&cmd, &len);
  const char *p = list;

  if (fp == NULL) {
    perror ("open_memstream");
    return NULL;
  }
  fputs (prefix, fp);
  while (*p) {
    size_t n = strcspn (p, ",");

    if (n > 0)
      fprintf (fp, " '%.*s'", (int) n, p);
    p += n;
    if (*p == ',')
      p++;
  }
  if (fclose (fp) != 0) {
    perror ("open_memstream");
    free (cmd);
    return NULL;
  }
  return cmd;
}

int
customize_packages (guestfs_h *g, const char *root,
                    const struct customize_ops *ops,
                    const struct customize_op *op)
{
  const struct package_manager *pm;
  CLEANUP_FREE char *cmd = NULL, *out = NULL;

  if (op->kind != OP_FIRSTBOOT_INSTALL && guestfs_get_network (g) != 1) {
    fprintf (stderr, "%s: --%s: the appliance has no network, which the "
             "guest's package manager needs (see --network)\n",
             ops->program, op->option);
    return -1;
  }
  pm = find_package_manager (g, root, ops, op);
  if (pm == NULL)
    return -1;
  switch (op->kind) {
  case OP_INSTALL:
  case OP_FIRSTBOOT_INSTALL:
    cmd = command_with_packages (pm->install, op->a);
    break;
  case OP_UNINSTALL:
    cmd = command_with_packages (pm->uninstall, op->a);
    break;
  default:
    cmd = strdup (pm->update);
    if (cmd == NULL)
      perror ("strdup");
    break;
  }
  if (cmd == NULL)
    return -1;

  if (op->kind == OP_FIRSTBOOT_INSTALL) {
    CLEANUP_FREE char *name = NULL;
    struct customize_op fb = {
      .kind = OP_FIRSTBOOT_COMMAND, .option = op->option, .a = cmd,
    };

    if (asprintf (&name, "install-%s", op->a) == -1) {
      perror ("asprintf");
      return -1;
    }
    fb.b = name;
    return customize_firstboot (g, ops, &fb);
  }
  out = guestfs_sh (g, cmd);
  return out ? 0 : -1;
}

bool
customize_valid_package_list (const char *list)
{
  size_t n = strspn (list, "abcdefghijklmnopqrstuvwxyz"
                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                     ".+-_:~=@/,");

  /* Not empty, no empty name, no name that is an option. */
  return list[0] != '\0' && list[n] == '\0' && strstr (list, ",,") == NULL &&
    list[0] != ',' && list[strlen (list) - 1] != ',' &&
    list[0] != '-' && strstr (list, ",-") == NULL;
}
