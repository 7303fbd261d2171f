/* careen - offline disk-image toolkit
 * Gives the appliance's SCSI disks the names users expect.
 *
 * careen promises that the first disk added is /dev/sda, the second
 * /dev/sdb, and so on.  But the sd driver probes disks asynchronously,
 * and the name (the sd index) is taken in whatever order the probes
 * happen to run: with several disks the kernel sometimes calls the
 * second disk sda.
 *
 * So before sd_mod is loaded, init stops the SCSI bus from binding
 * drivers by itself; once sd_mod is loaded, it binds each disk to sd in
 * the order of their SCSI addresses.  qemu gives the disks targets 0, 1,
 * 2 ... in the order of its command line, which is the order the user
 * added them.  A bind through sysfs probes synchronously and sd takes
 * the lowest free index, so the names follow that order.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "disk-order.h"

#define AUTOPROBE "/sys/bus/scsi/drivers_autoprobe"
#define SCSI_DEVICES "/sys/bus/scsi/devices"
#define SD_BIND "/sys/bus/scsi/drivers/sd/bind"
#define SCSI_HOSTS "/sys/class/scsi_host"

/* Most SCSI devices ordered: careen attaches at most 255 disks. */
#define MAX_SCSI_DEVICES 256

/* A SCSI address host:channel:target:lun. */
struct scsi_address {
  unsigned long v[4];
  char name[64];
};

static int autoprobe_disabled;

static int
is_sd_mod (const char *module_path)
{
  const char *base = strrchr (module_path, '/');

  base = base ? base + 1 : module_path;
  return strcmp (base, "sd_mod.ko") == 0;
}

static int
write_sysfs (const char *path, const char *value)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  ssize_t r;
  int err;

  if (fd == -1)
    return -1;
  r = write (fd, value, strlen (value));
  err = errno;
  close (fd);
  errno = err;
  return r == (ssize_t) strlen (value) ? 0 : -1;
}

/* Parses "H:C:T:L"; returns 0 if name is a SCSI device address. */
static int
parse_address (const char *name, struct scsi_address *a)
{
  const char *p = name;
  char *end;
  int i;

  if (strlen (name) >= sizeof a->name)
    return -1;
  for (i = 0; i < 4; ++i) {
    if (*p < '0' || *p > '9')
      return -1;
    errno = 0;
    a->v[i] = strtoul (p, &end, 10);
    if (errno)
      return -1;
    if (i < 3 && *end != ':')
      return -1;
    p = end + (i < 3);
  }
  if (*end != '\0')
    return -1;
  strcpy (a->name, name);
  return 0;
}

static int
compare_addresses (const void *av, const void *bv)
{
  const struct scsi_address *a = av, *b = bv;
  int i;

  for (i = 0; i < 4; ++i)
    if (a->v[i] != b->v[i])
      return a->v[i] < b->v[i] ? -1 : 1;
  return 0;
}

void
disk_order_before_module (const char *module_path)
{
  if (!is_sd_mod (module_path))
    return;
  if (write_sysfs (AUTOPROBE, "0") == 0)
    autoprobe_disabled = 1;
  else
    fprintf (stderr, "careen-init: %s: %m (disk names may not follow "
             "the order the disks were added)\n", AUTOPROBE);
}

/* Binds every SCSI device to sd in the order of their addresses. */
static void
bind_in_order (void)
{
  struct scsi_address *addrs;
  struct dirent *d;
  size_t n = 0, i;
  DIR *dir;

  addrs = calloc (MAX_SCSI_DEVICES, sizeof *addrs);
  dir = opendir (SCSI_DEVICES);
  if (addrs && dir) {
    while ((d = readdir (dir)) != NULL && n < MAX_SCSI_DEVICES)
      if (parse_address (d->d_name, &addrs[n]) == 0)
        ++n;
    qsort (addrs, n, sizeof *addrs, compare_addresses);
    /* A device sd does not handle (not a disk) fails to bind with
     * ENODEV: nothing to do for it.
     */
    for (i = 0; i < n; ++i)
      if (write_sysfs (SD_BIND, addrs[i].name) == -1 && errno != ENODEV)
        fprintf (stderr, "careen-init: bind %s to sd: %m\n", addrs[i].name);
  }
  else
    fprintf (stderr, "careen-init: %s: %m\n", SCSI_DEVICES);
  if (dir)
    closedir (dir);
  free (addrs);
}

void
disk_order_after_module (const char *module_path)
{
  if (!is_sd_mod (module_path) || !autoprobe_disabled)
    return;

  bind_in_order ();
  /* Anything added later binds by itself again. */
  if (write_sysfs (AUTOPROBE, "1") == -1)
    fprintf (stderr, "careen-init: %s: %m\n", AUTOPROBE);
  autoprobe_disabled = 0;
}

/* A restored appliance (template.c) was saved with no disks; qemu
 * has them now, but nothing told the guest.  Scanning every SCSI host
 * finds them (the scan is synchronous), with autoprobe off so that
 * none binds by itself, then they bind in order as at boot.
 */
void
disk_order_scan (void)
{
  struct dirent *d;
  DIR *dir;

  if (write_sysfs (AUTOPROBE, "0") == -1)
    fprintf (stderr, "careen-init: %s: %m (disk names may not follow "
             "the order the disks were added)\n", AUTOPROBE);
  dir = opendir (SCSI_HOSTS);
  if (dir != NULL) {
    while ((d = readdir (dir)) != NULL) {
      char path[300];

      if (d->d_name[0] == '.')
        continue;
      snprintf (path, sizeof path, "%s/%s/scan", SCSI_HOSTS, d->d_name);
      if (write_sysfs (path, "- - -") == -1)
        fprintf (stderr, "careen-init: %s: %m\n", path);
    }
    closedir (dir);
  }
  else
    fprintf (stderr, "careen-init: %s: %m\n", SCSI_HOSTS);
  bind_in_order ();
  if (write_sysfs (AUTOPROBE, "1") == -1)
    fprintf (stderr, "careen-init: %s: %m\n", AUTOPROBE);
}
