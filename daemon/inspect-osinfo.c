/* careen - offline disk-image toolkit */

/**
 * guestfs_inspect_get_osinfo: a guess of the libosinfo short ID of an
 * inspected system, made only from the facts already found (no guest
 * file is read here).  The IDs follow libosinfo's naming: most
 * distributions are NAME + version, with the minor version for those
 * whose releases are numbered that way (ubuntu22.04, rhel9.2).
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "inspect.h"

/* How a distribution's ID is built from its version. */
enum osinfo_style {
  OSINFO_MAJOR,                 /* debian12, fedora39 */
  OSINFO_MAJOR_MINOR,           /* rhel9.2, alpinelinux3.18 */
  OSINFO_MAJOR_MINOR2,          /* ubuntu22.04: two-digit minor */
  OSINFO_NAME,                  /* archlinux: rolling, no version */
};

static const struct {
  const char *distro, *prefix;
  enum osinfo_style style;
} osinfo_names[] = {
  { "alpinelinux", "alpinelinux", OSINFO_MAJOR_MINOR },
  { "almalinux", "almalinux", OSINFO_MAJOR },
  { "archlinux", "archlinux", OSINFO_NAME },
  { "debian", "debian", OSINFO_MAJOR },
  { "fedora", "fedora", OSINFO_MAJOR },
  { "gentoo", "gentoo", OSINFO_NAME },
  { "mageia", "mageia", OSINFO_MAJOR },
  { "opensuse", "opensuse", OSINFO_MAJOR_MINOR },
  { "rhel", "rhel", OSINFO_MAJOR_MINOR },
  { "rocky", "rocky", OSINFO_MAJOR },
  { "ubuntu", "ubuntu", OSINFO_MAJOR_MINOR2 },
  { "voidlinux", "voidlinux", OSINFO_NAME },
};

/* Windows: major.minor and client or server to the ID.  Windows 10 and
 * 11 and every server since 2016 say 10.0: the build tells them apart.
 */
static const char *
windows_osinfo (const struct inspect_root *r)
{
  bool server = r->product_variant && strcmp (r->product_variant,
                                               "Server") == 0;
  long build = r->build ? strtol (r->build, NULL, 10) : 0;

  switch (r->major * 10 + r->minor) {
  case 50: return "win2k";
  case 51: return "winxp";
  case 52: return "win2k3";
  case 60: return server ? "win2k8" : "winvista";
  case 61: return server ? "win2k8r2" : "win7";
  case 62: return server ? "win2k12" : "win8";
  case 63: return server ? "win2k12r2" : "win8.1";
  case 100:
    if (!server)
      return build >= 22000 ? "win11" : "win10";
    return build >= 20348 ? "win2k22" : build >= 17763 ? "win2k19"
      : "win2k16";
  default: return NULL;
  }
}

int
inspect_osinfo (struct inspect_root *r)
{
  char id[INSPECT_MAX_FACT];
  const char *w;
  size_t i;

  if (strcmp (r->type, "windows") == 0) {
    w = windows_osinfo (r);
    return inspect_set (&r->osinfo, w ? w : "unknown");
  }
  if (strcmp (r->distro, "centos") == 0) {
    /* CentOS 8 and later are "centos8", "centos-stream9" is not known
     * from the files; before 8 the minor version was part of it.
     */
    if (r->major >= 8)
      snprintf (id, sizeof id, "centos%d", r->major);
    else
      snprintf (id, sizeof id, "centos%d.%d", r->major, r->minor);
    return inspect_set (&r->osinfo, r->major ? id : "unknown");
  }
  for (i = 0; i < sizeof osinfo_names / sizeof osinfo_names[0]; ++i) {
    if (strcmp (osinfo_names[i].distro, r->distro) != 0)
      continue;
    switch (osinfo_names[i].style) {
    case OSINFO_NAME:
      snprintf (id, sizeof id, "%s", osinfo_names[i].prefix);
      break;
    case OSINFO_MAJOR:
      snprintf (id, sizeof id, "%s%d", osinfo_names[i].prefix, r->major);
      break;
    case OSINFO_MAJOR_MINOR:
      snprintf (id, sizeof id, "%s%d.%d", osinfo_names[i].prefix,
                r->major, r->minor);
      break;
    case OSINFO_MAJOR_MINOR2:
      snprintf (id, sizeof id, "%s%d.%02d", osinfo_names[i].prefix,
                r->major, r->minor);
      break;
    }
    if (osinfo_names[i].style != OSINFO_NAME && r->major == 0)
      break;
    return inspect_set (&r->osinfo, id);
  }
  return inspect_set (&r->osinfo, "unknown");
}
