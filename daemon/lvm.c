/* careen - offline disk-image toolkit */

/**
 * LVM: creating, listing, resizing, renaming and removing physical
 * volumes, volume groups and logical volumes, activation and the
 * device filter, all with the lvm(8) tool.
 *
 * The appliance has no udev: lvm.conf (written by make-appliance) has
 * LVM create the /dev/VG/LV nodes itself.  Nothing activates the guest's
 * volume groups at boot, because most images have none and running lvm
 * costs time under TCG: lvm_activate_lazily does it the first time a
 * call needs logical volumes (listing them, or a device name that does
 * not exist yet), and only when some device has a physical volume
 * label.
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* Most physical volumes vgcreate, or volume groups vg_activate,
 * accept: bounds the argument vectors built from a caller's list.
 */
#define LVM_MAX_DEVICES 256

/* The --config text with the device filter of lvm_set_filter, or NULL
 * when LVM sees every device.
 */
static char *lvm_filter;

/* Whether the guest's volume groups were activated (or deactivated on
 * request) already: lazy activation then has nothing to do.
 */
static bool lvm_activation_done;

/* Whether the device mapper module was loaded. */
static bool dm_loaded;

void
load_device_mapper (void)
{
  /* The device mapper is a module in distribution kernels, and without
   * udev nothing loads it when /dev/mapper/control is first opened.
   * Failure is not ours to report: the tool that needs it will say.
   */
  if (!dm_loaded) {
    command (NULL, NULL, "modprobe", "dm_mod", NULL);
    dm_loaded = true;
  }
}

int
lvm_command (char **out_r, char **err_r, const char *const *args)
{
  const char **argv;
  size_t n = 0, i, j = 0;
  int r;

  load_device_mapper ();
  while (args[n] != NULL)
    n++;
  argv = calloc (n + 4, sizeof *argv);
  if (argv == NULL) {
    if (err_r)
      *err_r = strdup ("out of memory");
    return -1;
  }
  argv[j++] = "lvm";
  for (i = 0; i < n; ++i) {
    argv[j++] = args[i];
    if (i == 0 && lvm_filter != NULL) {
      argv[j++] = "--config";
      argv[j++] = lvm_filter;
    }
  }
  argv[j] = NULL;
  r = commandv (out_r, err_r, argv);
  free (argv);
  return r;
}

/* lvm_run, replying with lvm's error on failure. */
static int
lvm (const char *const *args)
{
  CLEANUP_FREE char *err = NULL;

  if (lvm_command (NULL, &err, args) == -1)
    return command_error ("lvm", err);
  return 0;
}

void
lvm_activate_lazily (void)
{
  static const char *const args[] = { "vgchange", "-aay", "--sysinit", NULL };

  if (lvm_activation_done || !lvm_any_physical_volume ())
    return;
  lvm_activation_done = true;
  /* An image without LVM, or with a broken group, must not make the
   * call that got here fail: its own checks say what is missing.
   */
  lvm_command (NULL, NULL, args);
}

/* Splits lvm report output into trimmed, non-empty lines.  Returns a
 * string list (caller frees), NULL with errno on failure.
 */
static char **
report_lines (char *out)
{
  struct stringsbuf sb;
  char *line, *next;

  stringsbuf_init (&sb);
  for (line = out; line && *line; line = next) {
    size_t len;

    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    line += strspn (line, " \t");
    len = strlen (line);
    while (len > 0 && isspace ((unsigned char) line[len-1]))
      line[--len] = '\0';
    if (len > 0 && stringsbuf_add_string (&sb, line) == -1) {
      stringsbuf_release (&sb);
      return NULL;
    }
  }
  return stringsbuf_finish (&sb);
}

/* Runs an lvm report command and returns its lines.  Replies on error. */
static char **
lvm_report (const char *const *args)
{
  CLEANUP_FREE char *out = NULL, *err = NULL;
  char **r;

  if (lvm_command (&out, &err, args) == -1) {
    command_error ("lvm", err);
    return NULL;
  }
  r = report_lines (out);
  if (r == NULL)
    reply_with_perror ("lvm");
  return r;
}

int
do_pvcreate (const char *device)
{
  const char *args[] = { "pvcreate", "--force", "--yes", device, NULL };

  return lvm (args);
}

/* Replies EINVAL unless name is a plain LVM name: LVM itself allows
 * only these characters, and checking here keeps a name from being
 * taken for an option or a path.
 */
static int
check_lvm_name (const char *what, const char *name)
{
  size_t i;

  if (name[0] == '\0' || name[0] == '-') {
    reply_with_error_errno (EINVAL, "invalid %s name: '%s'", what, name);
    return -1;
  }
  for (i = 0; name[i]; ++i) {
    if (!isalnum ((unsigned char) name[i]) &&
        strchr ("+_.-", name[i]) == NULL) {
      reply_with_error_errno (EINVAL, "invalid %s name: '%s'", what, name);
      return -1;
    }
  }
  return 0;
}

int
do_vgcreate (const char *volgroup, char *const *physvols)
{
  const char *args[LVM_MAX_DEVICES + 4] = { "vgcreate", "--yes", volgroup };
  size_t n = 3, i;

  if (check_lvm_name ("volume group", volgroup) == -1)
    return -1;
  if (physvols[0] == NULL) {
    reply_with_error_errno (EINVAL, "no physical volumes given");
    return -1;
  }
  for (i = 0; physvols[i] != NULL; ++i) {
    if (i >= LVM_MAX_DEVICES) {
      reply_with_error_errno (E2BIG, "more than %d physical volumes",
                              LVM_MAX_DEVICES);
      return -1;
    }
    args[n++] = physvols[i];
  }
  args[n] = NULL;
  return lvm (args);
}

static int
lvcreate (const char *logvol, const char *volgroup,
          const char *sizeopt, const char *size)
{
  const char *args[] = {
    "lvcreate", "--yes", sizeopt, size, "-n", logvol, volgroup, NULL
  };

  if (check_lvm_name ("logical volume", logvol) == -1 ||
      check_lvm_name ("volume group", volgroup) == -1)
    return -1;
  lvm_activation_done = true;   /* the new volume is active */
  return lvm (args);
}

int
do_lvcreate (const char *logvol, const char *volgroup, int mbytes)
{
  char size[32];

  if (mbytes <= 0) {
    reply_with_error_errno (EINVAL, "size must be > 0: %d", mbytes);
    return -1;
  }
  snprintf (size, sizeof size, "%dm", mbytes);
  return lvcreate (logvol, volgroup, "-L", size);
}

static int
check_percent (int percent)
{
  if (percent <= 0 || percent > 100) {
    reply_with_error_errno (EINVAL, "percentage must be 1 to 100: %d",
                            percent);
    return -1;
  }
  return 0;
}

int
do_lvcreate_free (const char *logvol, const char *volgroup, int percent)
{
  char size[32];

  if (check_percent (percent) == -1)
    return -1;
  snprintf (size, sizeof size, "%d%%FREE", percent);
  return lvcreate (logvol, volgroup, "-l", size);
}

/* The empty list that pvs, vgs and lvs return at once when no device
 * has a physical volume label: there can be nothing to report, and
 * running lvm to say so costs a second under TCG.  NULL after
 * replying if out of memory.
 */
static char **
no_volumes (void)
{
  char **r = calloc (1, sizeof (char *));

  if (r == NULL)
    reply_with_perror ("calloc");
  return r;
}

char **
do_pvs (void)
{
  static const char *const args[] = {
    "pvs", "-o", "pv_name", "--noheadings", NULL
  };

  if (!lvm_any_physical_volume ())
    return no_volumes ();
  return lvm_report (args);
}

char **
do_vgs (void)
{
  static const char *const args[] = {
    "vgs", "-o", "vg_name", "--noheadings", NULL
  };

  if (!lvm_any_physical_volume ())
    return no_volumes ();
  return lvm_report (args);
}

static char **
get_lvs (void)
{
  /* Only the volumes users see: not thin pools, mirror legs, snapshot
   * internals, nor volumes never to be activated.
   */
  static const char *const args[] = {
    "lvs", "-o", "vg_name,lv_name", "-S",
    "lv_role=public && lv_skip_activation!=yes",
    "--noheadings", "--separator", "/", NULL
  };
  CLEANUP_FREE char *out = NULL;
  CLEANUP_FREE_STRING_LIST char **lines = NULL;
  struct stringsbuf sb;
  size_t i;

  lvm_activate_lazily ();
  if (!lvm_any_physical_volume ())
    return calloc (1, sizeof (char *));
  /* Damaged guest metadata can make lvm fail: the disks and their
   * partitions are still worth listing, so that is no logical volumes
   * here (lvs, the call, reports lvm's error).
   */
  if (lvm_command (&out, NULL, args) == -1)
    return calloc (1, sizeof (char *));
  lines = report_lines (out);
  if (lines == NULL)
    return NULL;
  stringsbuf_init (&sb);
  for (i = 0; lines[i] != NULL; ++i) {
    if (stringsbuf_add_format (&sb, "/dev/%s", lines[i]) == -1) {
      stringsbuf_release (&sb);
      return NULL;
    }
  }
  return stringsbuf_finish (&sb);
}

char **
do_lvs (void)
{
  static const char *const args[] = {
    "lvs", "-o", "vg_name,lv_name", "-S",
    "lv_role=public && lv_skip_activation!=yes",
    "--noheadings", "--separator", "/", NULL
  };
  CLEANUP_FREE_STRING_LIST char **lines = NULL;
  struct stringsbuf sb;
  size_t i;

  if (!lvm_any_physical_volume ())
    return no_volumes ();
  lvm_activate_lazily ();
  lines = lvm_report (args);
  if (lines == NULL)
    return NULL;
  stringsbuf_init (&sb);
  for (i = 0; lines[i] != NULL; ++i) {
    if (stringsbuf_add_format (&sb, "/dev/%s", lines[i]) == -1) {
      reply_with_perror ("malloc");
      stringsbuf_release (&sb);
      return NULL;
    }
  }
  return stringsbuf_finish (&sb);
}

char **
get_mapped_devices (void)
{
  CLEANUP_FREE_STRING_LIST char **lvs = get_lvs ();
  CLEANUP_FREE_STRING_LIST char **dms = NULL;
  struct stringsbuf sb;
  size_t i;

  if (lvs == NULL)
    return NULL;
  dms = get_dm_devices (false);
  if (dms == NULL)
    return NULL;
  stringsbuf_init (&sb);
  for (i = 0; lvs[i] != NULL; ++i) {
    if (stringsbuf_add_string (&sb, lvs[i]) == -1)
      goto out_release;
  }
  for (i = 0; dms[i] != NULL; ++i) {
    if (stringsbuf_add_string (&sb, dms[i]) == -1)
      goto out_release;
  }
  return stringsbuf_finish (&sb);

 out_release:
  stringsbuf_release (&sb);
  return NULL;
}

int
do_pvremove (const char *device)
{
  /* -ff: also when LVM thinks a group still uses it. */
  const char *args[] = { "pvremove", "-ff", "--yes", device, NULL };

  return lvm (args);
}

int
do_vgremove (const char *vgname)
{
  const char *args[] = { "vgremove", "--force", "--yes", vgname, NULL };

  if (check_lvm_name ("volume group", vgname) == -1)
    return -1;
  return lvm (args);
}

int
do_lvremove (const char *device)
{
  const char *args[] = { "lvremove", "--force", "--yes", device, NULL };

  /* /dev/VG/LV, or /dev/VG for all the volumes of VG. */
  if (strncmp (device, "/dev/", 5) != 0 || device[5] == '\0') {
    reply_with_error_errno (EINVAL, "%s: not a logical volume or volume "
                            "group device name", device);
    return -1;
  }
  return lvm (args);
}

int
do_lvresize (const char *device, int mbytes)
{
  char size[32];
  const char *args[] = {
    "lvresize", "--force", "--yes", "-L", size, device, NULL
  };

  if (mbytes <= 0) {
    reply_with_error_errno (EINVAL, "size must be > 0: %d", mbytes);
    return -1;
  }
  snprintf (size, sizeof size, "%dm", mbytes);
  return lvm (args);
}

int
do_lvresize_free (const char *lv, int percent)
{
  char size[32];
  const char *args[] = { "lvresize", "--yes", "-l", size, lv, NULL };

  if (check_percent (percent) == -1)
    return -1;
  snprintf (size, sizeof size, "+%d%%FREE", percent);
  return lvm (args);
}

int
do_pvresize (const char *device)
{
  const char *args[] = { "pvresize", "--yes", device, NULL };

  return lvm (args);
}

int
do_pvresize_size (const char *device, int64_t size)
{
  char sz[32];
  const char *args[] = {
    "pvresize", "--yes", "--setphysicalvolumesize", sz, device, NULL
  };

  if (size <= 0) {
    reply_with_error_errno (EINVAL, "size must be > 0: %" PRIi64, size);
    return -1;
  }
  snprintf (sz, sizeof sz, "%" PRIi64 "b", size);
  return lvm (args);
}

int
do_vg_activate (int activate, char *const *volgroups)
{
  const char *args[LVM_MAX_DEVICES + 4] = {
    "vgchange", "-a", activate ? "y" : "n"
  };
  size_t n = 3, i;

  for (i = 0; volgroups[i] != NULL; ++i) {
    if (i >= LVM_MAX_DEVICES) {
      reply_with_error_errno (E2BIG, "more than %d volume groups",
                              LVM_MAX_DEVICES);
      return -1;
    }
    if (check_lvm_name ("volume group", volgroups[i]) == -1)
      return -1;
    args[n++] = volgroups[i];
  }
  args[n] = NULL;
  lvm_activation_done = true;
  return lvm (args);
}

int
do_vg_activate_all (int activate)
{
  char *const none[] = { NULL };

  return do_vg_activate (activate, none);
}

int
do_lvm_remove_all (void)
{
  CLEANUP_FREE_STRING_LIST char **vgs = NULL;
  CLEANUP_FREE_STRING_LIST char **pvs = NULL;
  size_t i;

  /* Removing a group removes its logical volumes. */
  vgs = do_vgs ();
  if (vgs == NULL)
    return -1;
  for (i = 0; vgs[i] != NULL; ++i) {
    if (do_vgremove (vgs[i]) == -1)
      return -1;
  }
  pvs = do_pvs ();
  if (pvs == NULL)
    return -1;
  for (i = 0; pvs[i] != NULL; ++i) {
    if (do_pvremove (pvs[i]) == -1)
      return -1;
  }
  return 0;
}

int
do_lvrename (const char *logvol, const char *newlogvol)
{
  const char *args[] = { "lvrename", logvol, newlogvol, NULL };

  if (strncmp (logvol, "/dev/", 5) != 0 ||
      strncmp (newlogvol, "/dev/", 5) != 0) {
    reply_with_error_errno (EINVAL, "logical volumes are named /dev/VG/LV");
    return -1;
  }
  return lvm (args);
}

int
do_vgrename (const char *volgroup, const char *newvolgroup)
{
  const char *args[] = { "vgrename", volgroup, newvolgroup, NULL };

  if (check_lvm_name ("volume group", volgroup) == -1 ||
      check_lvm_name ("volume group", newvolgroup) == -1)
    return -1;
  return lvm (args);
}

/* The one value of an lvm report field for one object.  Replies on
 * error.
 */
static char *
lvm_field (const char *cmd, const char *field, const char *object)
{
  const char *args[] = { cmd, "-o", field, "--noheadings", object, NULL };
  CLEANUP_FREE_STRING_LIST char **lines = lvm_report (args);
  char *r;

  if (lines == NULL)
    return NULL;
  if (lines[0] == NULL || lines[1] != NULL) {
    reply_with_error ("lvm %s: %s: expected one %s, got %zu", cmd, object,
                      field, strings_count (lines));
    return NULL;
  }
  r = strdup (lines[0]);
  if (r == NULL)
    reply_with_perror ("strdup");
  return r;
}

char *
do_lvuuid (const char *device)
{
  return lvm_field ("lvs", "lv_uuid", device);
}

char *
do_vguuid (const char *vgname)
{
  if (check_lvm_name ("volume group", vgname) == -1)
    return NULL;
  return lvm_field ("vgs", "vg_uuid", vgname);
}

char *
do_pvuuid (const char *device)
{
  return lvm_field ("pvs", "pv_uuid", device);
}

char **
do_vgpvuuids (const char *vgname)
{
  const char *args[] = { "vgs", "-o", "pv_uuid", "--noheadings", vgname,
                         NULL };

  if (check_lvm_name ("volume group", vgname) == -1)
    return NULL;
  return lvm_report (args);
}

char **
do_vglvuuids (const char *vgname)
{
  const char *args[] = { "vgs", "-o", "lv_uuid", "--noheadings", vgname,
                         NULL };

  if (check_lvm_name ("volume group", vgname) == -1)
    return NULL;
  return lvm_report (args);
}

/* Rescans the devices, then activates what is found if activate. */
static int
rescan (bool activate)
{
  static const char *const scan[] = { "vgscan", NULL };
  static const char *const act[] = { "vgchange", "-a", "y", NULL };

  if (lvm (scan) == -1)
    return -1;
  lvm_activation_done = true;
  if (activate && lvm (act) == -1)
    return -1;
  return 0;
}

int
do_lvm_scan (int activate)
{
  return rescan (activate);
}

/* Deactivates everything, installs filter (owned), rescans and
 * activates.
 */
static int
change_filter (char *filter)
{
  static const char *const deact[] = { "vgchange", "-a", "n", NULL };

  if (lvm (deact) == -1) {
    free (filter);
    return -1;
  }
  free (lvm_filter);
  lvm_filter = filter;
  return rescan (true);
}

int
do_lvm_set_filter (char *const *devices)
{
  char *filter = lvm_make_filter (devices);

  if (filter == NULL)
    return -1;
  return change_filter (filter);
}

int
do_lvm_clear_filter (void)
{
  return change_filter (NULL);
}
