/* careen - offline disk-image toolkit
 * --run, --run-command (now, in the guest, through the appliance) and
 * --firstboot, --firstboot-command (at the guest's next boot).
 *
 * Firstboot scripts go where the original puts them, so the guests and
 * scripts that know that layout keep working: the runner
 * /usr/lib/virt-sysprep/firstboot.sh runs each script of scripts/ once,
 * in name order, logs to ~root/virt-sysprep-firstboot.log and moves it
 * to scripts-done/.  The runner is started by a systemd unit, or an
 * OpenRC or SysV init script when the guest has no systemd.
 */

#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "customize-internal.h"

#define FIRSTBOOT_DIR "/usr/lib/virt-sysprep"
#define FIRSTBOOT_RUNNER FIRSTBOOT_DIR "/firstboot.sh"
#define FIRSTBOOT_SCRIPTS FIRSTBOOT_DIR "/scripts"
#define FIRSTBOOT_SERVICE "guestfs-firstboot"

/* Most firstboot scripts numbered in one guest (the 4-digit prefix). */
#define FIRSTBOOT_MAX_SCRIPTS 9999

static const char runner[] =
  "#!/bin/sh -\n"
  "# Runs each script of " FIRSTBOOT_SCRIPTS " once, in name order,\n"
  "# at boot; a script that ran is moved to scripts-done.\n"
  "d=" FIRSTBOOT_DIR "\n"
  "log=/root/virt-sysprep-firstboot.log\n"
  "mkdir -p \"$d/scripts-done\"\n"
  "for f in \"$d\"/scripts/*; do\n"
  "  [ -f \"$f\" ] || continue\n"
  "  echo \"=== Running $f ===\" >>\"$log\"\n"
  "  \"$f\" >>\"$log\" 2>&1\n"
  "  echo \"=== Exit code: $? ===\" >>\"$log\"\n"
  "  mv \"$f\" \"$d/scripts-done/\"\n"
  "done\n"
  "exit 0\n";

static const char systemd_unit[] =
  "[Unit]\n"
  "Description=Run the scripts installed for the first boot\n"
  "After=network.target\n"
  "Before=getty@tty1.service display-manager.service\n"
  "\n"
  "[Service]\n"
  "Type=oneshot\n"
  "ExecStart=" FIRSTBOOT_RUNNER "\n"
  "RemainAfterExit=yes\n"
  "StandardOutput=journal+console\n"
  "TimeoutSec=0\n"
  "\n"
  "[Install]\n"
  "WantedBy=multi-user.target\n";

static const char openrc_script[] =
  "#!/sbin/openrc-run\n"
  "description=\"Run the scripts installed for the first boot\"\n"
  "depend() {\n"
  "  after net\n"
  "}\n"
  "start() {\n"
  "  " FIRSTBOOT_RUNNER "\n"
  "}\n";

static const char sysv_script[] =
  "#!/bin/sh -\n"
  "### BEGIN INIT INFO\n"
  "# Provides:          " FIRSTBOOT_SERVICE "\n"
  "# Required-Start:    $local_fs $network\n"
  "# Required-Stop:\n"
  "# Default-Start:     2 3 4 5\n"
  "# Default-Stop:\n"
  "# Short-Description: Run the scripts installed for the first boot\n"
  "### END INIT INFO\n"
  "case \"$1\" in\n"
  "  start) " FIRSTBOOT_RUNNER " ;;\n"
  "esac\n"
  "exit 0\n";

int
customize_run_script (guestfs_h *g, const struct customize_ops *ops,
                      const struct customize_op *op)
{
  CLEANUP_FREE char *out = NULL, *tmp = NULL;
  int r = 0;

  if (op->kind == OP_RUN_COMMAND) {
    out = guestfs_sh (g, op->a);
    return out ? 0 : -1;
  }

  /* --run: the host script is copied into the guest's /tmp (made if
   * missing), run from there, and removed.
   */
  if (guestfs_mkdir_p (g, "/tmp") == -1)
    return -1;
  tmp = guestfs_mktemp (g, "/tmp/virt-customizeXXXXXX", -1);
  if (tmp == NULL)
    return -1;
  if (guestfs_upload (g, op->a, tmp) == -1 ||
      guestfs_chmod (g, 0755, tmp) == -1)
    r = -1;
  else {
    char *argv[] = { tmp, NULL };

    out = guestfs_command (g, argv);
    if (out == NULL)
      r = -1;
  }
  guestfs_push_error_handler (g, NULL, NULL);
  guestfs_rm_f (g, tmp);
  guestfs_pop_error_handler (g);
  (void) ops;
  return r;
}

/* Writes TEXT to FILE with MODE. */
static int
install_text (guestfs_h *g, const char *file, const char *text,
              unsigned mode)
{
  if (guestfs_write (g, file, text, strlen (text)) == -1 ||
      guestfs_chmod (g, mode, file) == -1)
    return -1;
  return 0;
}

/* 1 if PATH is a directory (a symlink to one counts), 0 if not, -1. */
static int
is_dir (guestfs_h *g, const char *path)
{
  return guestfs_is_dir_opts (g, path, GUESTFS_IS_DIR_OPTS_FOLLOWSYMLINKS,
                              1, -1);
}

/* The runner and the service that starts it, once per guest. */
static int
install_service (guestfs_h *g, const struct customize_ops *ops)
{
  int sd, orc, sysv;

  /* systemd's own unit directory is the surer sign: /etc/systemd/system
   * may not have been made yet.
   */
  sd = is_dir (g, "/etc/systemd/system");
  if (sd == 0)
    sd = is_dir (g, "/usr/lib/systemd/system");
  if (sd == 0)
    sd = is_dir (g, "/lib/systemd/system");
  orc = is_dir (g, "/etc/runlevels/default");
  sysv = is_dir (g, "/etc/init.d");
  if (sd == -1 || orc == -1 || sysv == -1)
    return -1;
  /* Nothing is written to a guest that could not run it. */
  if (!sd && !orc && !sysv) {
    fprintf (stderr, "%s: firstboot: the guest has no init system that "
             "can run a firstboot script (no systemd, OpenRC or SysV init "
             "directory)\n", ops->program);
    return -1;
  }
  if (guestfs_mkdir_p (g, FIRSTBOOT_SCRIPTS) == -1 ||
      install_text (g, FIRSTBOOT_RUNNER, runner, 0755) == -1)
    return -1;
  if (sd) {
    /* The unit goes in the vendor directory, the link that enables it
     * in /etc, as the original installs them.
     */
    const char *unitdir = "/usr/lib/systemd/system";
    CLEANUP_FREE char *unit = NULL;

    if (is_dir (g, unitdir) == 0 && is_dir (g, "/lib/systemd/system") == 1)
      unitdir = "/lib/systemd/system";
    if (asprintf (&unit, "%s/" FIRSTBOOT_SERVICE ".service", unitdir) == -1) {
      perror ("asprintf");
      return -1;
    }
    if (guestfs_mkdir_p (g, unitdir) == -1 ||
        guestfs_mkdir_p (g,
                         "/etc/systemd/system/multi-user.target.wants")
        == -1 ||
        install_text (g, unit, systemd_unit, 0644) == -1 ||
        guestfs_ln_sf (g, unit,
                       "/etc/systemd/system/multi-user.target.wants/"
                       FIRSTBOOT_SERVICE ".service") == -1)
      return -1;
    return 0;
  }
  if (orc) {
    if (guestfs_mkdir_p (g, "/etc/init.d") == -1 ||
        install_text (g, "/etc/init.d/" FIRSTBOOT_SERVICE, openrc_script,
                      0755) == -1 ||
        guestfs_ln_sf (g, "/etc/init.d/" FIRSTBOOT_SERVICE,
                       "/etc/runlevels/default/" FIRSTBOOT_SERVICE) == -1)
      return -1;
    return 0;
  }
  {
    static const char *const levels[] = { "2", "3", "4", "5" };
    size_t i;

    if (install_text (g, "/etc/init.d/" FIRSTBOOT_SERVICE, sysv_script,
                      0755) == -1)
      return -1;
    for (i = 0; i < 4; ++i) {
      CLEANUP_FREE char *dir = NULL, *link = NULL;

      if (asprintf (&dir, "/etc/rc%s.d", levels[i]) == -1 ||
          asprintf (&link, "%s/S99" FIRSTBOOT_SERVICE, dir) == -1) {
        perror ("asprintf");
        return -1;
      }
      if (guestfs_mkdir_p (g, dir) == -1 ||
          guestfs_ln_sf (g, "../init.d/" FIRSTBOOT_SERVICE, link) == -1)
        return -1;
    }
  }
  return 0;
}

/* The name of the next script: "5000-NNNN-" and NAME (its last
 * component if IS_PATH) with anything but [A-Za-z0-9._-] turned into
 * '-', NNNN one more than the scripts already there.  5000 is the
 * original's default priority: its scripts and ours sort together.
 */
static char *
next_script_name (guestfs_h *g, const struct customize_ops *ops,
                  const char *name, bool is_path)
{
  CLEANUP_FREE_STRING_LIST char **ls = guestfs_ls (g, FIRSTBOOT_SCRIPTS);
  const char *base = is_path ? strrchr (name, '/') : NULL;
  char *r, *p;
  size_t n;

  if (ls == NULL)
    return NULL;
  for (n = 0; ls[n]; ++n)
    ;
  if (n >= FIRSTBOOT_MAX_SCRIPTS) {
    fprintf (stderr, "%s: firstboot: too many scripts in %s\n",
             ops->program, FIRSTBOOT_SCRIPTS);
    return NULL;
  }
  base = base ? base + 1 : name;
  if (asprintf (&r, FIRSTBOOT_SCRIPTS "/5000-%04zu-%.40s", n + 1,
                *base ? base : "script") == -1) {
    perror ("asprintf");
    return NULL;
  }
  for (p = r + strlen (FIRSTBOOT_SCRIPTS) + 1; *p; ++p)
    if (!isalnum ((unsigned char) *p) && !strchr ("._-", *p))
      *p = '-';
  return r;
}

int
customize_firstboot (guestfs_h *g, const struct customize_ops *ops,
                     const struct customize_op *op)
{
  CLEANUP_FREE char *dest = NULL, *text = NULL;

  if (install_service (g, ops) == -1)
    return -1;
  /* A command may come with a name for its script (b). */
  dest = next_script_name (g, ops, op->b ? op->b : op->a,
                           op->kind == OP_FIRSTBOOT);
  if (dest == NULL)
    return -1;
  if (op->kind == OP_FIRSTBOOT) {
    if (guestfs_upload (g, op->a, dest) == -1 ||
        guestfs_chmod (g, 0755, dest) == -1)
      return -1;
    return 0;
  }
  if (asprintf (&text, "#!/bin/sh\n%s\n", op->a) == -1) {
    perror ("asprintf");
    return -1;
  }
  return install_text (g, dest, text, 0755);
}
