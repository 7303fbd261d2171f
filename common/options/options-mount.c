/** careen - offline disk-image toolkit
 *
 * What the options module does after launch: -m mounts, and opening
 * the LUKS devices that inspection and -m need to see through (-i
 * itself is in options-inspect.c).
 * Errors from the library have been printed by its error handler when
 * these functions return -1; their own messages are "PROGRAM: ...".
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "options.h"
#include "stringsbuf.h"

/* After a failed -m: the user may not know what the disks hold, so
 * list the mountable filesystems (as libguestfs's tools do).
 */
static void
suggest_filesystems (const struct options *o, guestfs_h *g)
{
  CLEANUP_FREE_STRING_LIST char **fses = NULL;
  size_t i;

  guestfs_push_error_handler (g, NULL, NULL);
  fses = guestfs_list_filesystems (g);
  guestfs_pop_error_handler (g);
  if (fses == NULL || fses[0] == NULL)
    return;
  fprintf (stderr, "%s: did you mean to mount one of these "
           "filesystems?\n", o->program);
  for (i = 0; fses[i] && fses[i + 1]; i += 2) {
    if (strcmp (fses[i + 1], "swap") == 0 ||
        strcmp (fses[i + 1], "unknown") == 0)
      continue;
    fprintf (stderr, "%s: \t%s (%s)\n", o->program, fses[i], fses[i + 1]);
  }
}

int
options_mount (const struct options *o, guestfs_h *g)
{
  size_t i;

  /* Keys given for an encrypted guest are meant for what -m names. */
  if ((o->nr_keys > 0 || o->keys_from_stdin) && o->nr_mounts > 0 &&
      options_decrypt (o, g) == -1)
    return -1;
  for (i = 0; i < o->nr_mounts; ++i) {
    const struct options_mount *m = &o->mounts[i];
    CLEANUP_FREE char *opts = NULL;
    int r;

    /* Read-only mounts add "ro" to whatever options the user gave. */
    if (o->read_only) {
      if (asprintf (&opts, "ro%s%s", m->options ? "," : "",
                    m->options ? m->options : "") == -1) {
        opts = NULL;
        fprintf (stderr, "%s: out of memory\n", o->program);
        return -1;
      }
    }
    else {
      opts = strdup (m->options ? m->options : "");
      if (opts == NULL) {
        fprintf (stderr, "%s: out of memory\n", o->program);
        return -1;
      }
    }
    if (m->fstype)
      r = guestfs_mount_vfs (g, opts, m->fstype, m->device, m->mountpoint);
    else
      r = guestfs_mount_options (g, opts, m->device, m->mountpoint);
    if (r == -1) {
      fprintf (stderr, "%s: '%s' could not be mounted\n",
               o->program, m->device);
      suggest_filesystems (o, g);
      return -1;
    }
  }
  return 0;
}

/* A mapper name for the LUKS device DEV: "luks-sda2". */
static char *
mapname (const char *dev)
{
  const char *base = strrchr (dev, '/');
  char *r;

  if (asprintf (&r, "luks-%s", base ? base + 1 : dev) == -1)
    return NULL;
  /* LV paths hold a '/', mapper names must not. */
  for (char *p = r; *p; ++p)
    if (*p == '/')
      *p = '-';
  return r;
}

/* True when the device-mapper device /dev/mapper/MAP is in DMS. */
static bool
is_open (char *const *dms, const char *map)
{
  size_t i;

  for (i = 0; dms[i]; ++i)
    if (strncmp (dms[i], "/dev/mapper/", 12) == 0 &&
        strcmp (dms[i] + 12, map) == 0)
      return true;
  return false;
}

int
options_decrypt (const struct options *o, guestfs_h *g)
{
  CLEANUP_FREE_STRING_LIST char **parts = NULL;
  CLEANUP_FREE_STRING_LIST char **dms = NULL;
  size_t i;
  bool opened = false;

  parts = guestfs_list_partitions (g);
  if (parts == NULL)
    return -1;
  dms = guestfs_list_dm_devices (g);
  if (dms == NULL)
    return -1;
  for (i = 0; parts[i]; ++i) {
    CLEANUP_FREE char *type = NULL, *uuid = NULL, *map = NULL;
    char *key;
    int r;

    guestfs_push_error_handler (g, NULL, NULL);
    type = guestfs_vfs_type (g, parts[i]);
    guestfs_pop_error_handler (g);
    if (type == NULL || strcmp (type, "crypto_LUKS") != 0)
      continue;
    map = mapname (parts[i]);
    if (map == NULL) {
      fprintf (stderr, "%s: out of memory\n", o->program);
      return -1;
    }
    if (is_open (dms, map))
      continue;
    guestfs_push_error_handler (g, NULL, NULL);
    uuid = guestfs_vfs_uuid (g, parts[i]);
    guestfs_pop_error_handler (g);
    key = options_read_key_uuid (o, parts[i], uuid);
    if (key == NULL)
      return -1;
    r = guestfs_cryptsetup_open (g, parts[i], key, map,
                                 GUESTFS_CRYPTSETUP_OPEN_READONLY,
                                 o->read_only, -1);
    explicit_bzero (key, strlen (key));
    free (key);
    if (r == -1)
      return -1;
    opened = true;
  }
  /* Volume groups inside the opened devices become visible now. */
  if (opened && guestfs_vg_activate_all (g, 1) == -1)
    return -1;
  return 0;
}
