/* careen - offline disk-image toolkit */

/**
 * guestfs_inspect_get_icon: the distribution's logo, when it installs
 * one as a PNG file at a known place.  Only PNG files (checked by their
 * signature) of bounded size are returned, so the caller gets an image
 * or nothing, never an arbitrary guest file.  Windows keeps its logo
 * inside executables' resources, which are not read: no icon.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "inspect.h"

/* Largest icon returned: logos are a few KiB; a bigger "icon" is not
 * one.
 */
#define INSPECT_MAX_ICON (2 * 1024 * 1024)

/* Known logo files, per distribution, best first; size is the icon's
 * edge in pixels (for the highquality option: at least 64).
 */
static const struct {
  const char *distro, *path;
  int size;
} icons[] = {
  { "fedora", "/usr/share/icons/hicolor/96x96/apps/fedora-logo-icon.png", 96 },
  { "fedora", "/usr/share/icons/hicolor/32x32/apps/fedora-logo-icon.png", 32 },
  { "rhel", "/usr/share/pixmaps/redhat-logo.png", 48 },
  { "rhel", "/usr/share/icons/hicolor/96x96/apps/system-logo-icon.png", 96 },
  { "centos", "/usr/share/icons/hicolor/96x96/apps/system-logo-icon.png", 96 },
  { "rocky", "/usr/share/icons/hicolor/96x96/apps/system-logo-icon.png", 96 },
  { "almalinux", "/usr/share/icons/hicolor/96x96/apps/system-logo-icon.png",
    96 },
  { "debian", "/usr/share/pixmaps/debian-logo.png", 48 },
  { "ubuntu", "/usr/share/icons/hicolor/48x48/apps/ubuntu-logo-icon.png", 48 },
  { "ubuntu", "/usr/share/icons/gnome/24x24/places/ubuntu-logo.png", 24 },
  { "opensuse", "/usr/share/icons/hicolor/24x24/apps/distributor.png", 24 },
  { "sles", "/usr/share/icons/hicolor/24x24/apps/distributor.png", 24 },
  { "archlinux", "/usr/share/pixmaps/archlinux-logo.png", 64 },
  { "alpinelinux", "/usr/share/icons/hicolor/64x64/apps/alpine-logo.png",
    64 },
  { "mageia", "/usr/share/icons/mageia.png", 48 },
};

static const unsigned char png_signature[8] = {
  0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
};

char *
do_inspect_get_icon (const char *root, size_t *size_r, int favicon,
                     int highquality)
{
  struct inspect_root *r = inspect_find_root (root);
  char *ret = NULL;
  size_t i, len = 0;

  (void) favicon;               /* no favicon is looked for */
  if (r == NULL)
    return NULL;
  if (inspect_mount_tree (r) == -1)
    return NULL;
  for (i = 0; i < sizeof icons / sizeof icons[0] && ret == NULL; ++i) {
    if (strcmp (icons[i].distro, r->distro) != 0 ||
        (highquality && icons[i].size < 64))
      continue;
    ret = inspect_read_file (icons[i].path, INSPECT_MAX_ICON, &len);
    if (ret && (len < sizeof png_signature ||
                memcmp (ret, png_signature, sizeof png_signature) != 0)) {
      free (ret);
      ret = NULL;
    }
  }
  inspect_umount_all ();
  if (ret == NULL) {
    /* No icon is an answer, not an error: an empty buffer. */
    ret = malloc (1);
    if (ret == NULL) {
      reply_with_perror ("malloc");
      return NULL;
    }
    len = 0;
  }
  *size_r = len;
  return ret;
}
