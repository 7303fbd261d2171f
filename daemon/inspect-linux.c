/* careen - offline disk-image toolkit */

/**
 * Recognising a Linux root filesystem, and what it is: the distribution
 * and version from /etc/os-release or, on older systems, the files
 * distributions used before it (lsb-release, redhat-release,
 * debian_version, SuSE-release, alpine-release, arch-release); the host
 * name; the architecture from the header of a common program; the
 * package format and manager that follow from the distribution.
 *
 * Every file is the guest's and hostile: read through inspect-path.c
 * (bounded size, resolved inside the guest), values cut to
 * INSPECT_MAX_FACT, and what does not parse is left unknown.
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "inspect.h"

/* os-release ID (or the name of an older release file's distribution)
 * to the distro name libguestfs reports.
 */
static const struct {
  const char *id, *distro;
} distro_ids[] = {
  { "alpine", "alpinelinux" },
  { "almalinux", "almalinux" },
  { "altlinux", "altlinux" },
  { "arch", "archlinux" },
  { "centos", "centos" },
  { "circle", "circle" },
  { "clear-linux-os", "clearlinux" },
  { "debian", "debian" },
  { "fedora", "fedora" },
  { "frugalware", "frugalware" },
  { "gentoo", "gentoo" },
  { "kali", "kalilinux" },
  { "linuxmint", "linuxmint" },
  { "mageia", "mageia" },
  { "manjaro", "manjaro" },
  { "ol", "oraclelinux" },
  { "opencloudos", "opencloudos" },
  { "openEuler", "openeuler" },
  { "opensuse", "opensuse" },
  { "opensuse-leap", "opensuse" },
  { "opensuse-tumbleweed", "opensuse" },
  { "pardus", "pardus" },
  { "rhel", "rhel" },
  { "rocky", "rocky" },
  { "sled", "sles" },
  { "sles", "sles" },
  { "tencentos", "tencentos" },
  { "ubuntu", "ubuntu" },
  { "void", "voidlinux" },
};

/* Package format and manager of each distribution.  dnf replaced yum
 * in Fedora 22 and RHEL-like 8: dnf_from is the first major version
 * with dnf (0: never).
 */
static const struct {
  const char *distro, *format, *management;
  int dnf_from;
} packaging[] = {
  { "alpinelinux", "apk", "apk", 0 },
  { "almalinux", "rpm", "yum", 8 },
  { "altlinux", "rpm", "apt", 0 },
  { "archlinux", "pacman", "pacman", 0 },
  { "centos", "rpm", "yum", 8 },
  { "circle", "rpm", "yum", 8 },
  { "debian", "deb", "apt", 0 },
  { "fedora", "rpm", "yum", 22 },
  { "frugalware", "pacman", "pacman", 0 },
  { "gentoo", "ebuild", "portage", 0 },
  { "kalilinux", "deb", "apt", 0 },
  { "linuxmint", "deb", "apt", 0 },
  { "mageia", "rpm", "urpmi", 0 },
  { "manjaro", "pacman", "pacman", 0 },
  { "openeuler", "rpm", "dnf", 1 },
  { "oraclelinux", "rpm", "yum", 8 },
  { "opensuse", "rpm", "zypper", 0 },
  { "pardus", "pisi", "pisi", 0 },
  { "rhel", "rpm", "yum", 8 },
  { "rocky", "rpm", "yum", 8 },
  { "sles", "rpm", "zypper", 0 },
  { "ubuntu", "deb", "apt", 0 },
  { "voidlinux", "xbps", "xbps", 0 },
};

/* Programs whose header tells the architecture, with the merged-/usr
 * spellings too (a /bin symlink resolves inside the guest anyway).
 */
static const char *const arch_binaries[] = {
  "/bin/bash", "/bin/ls", "/bin/echo", "/bin/rm", "/bin/sh", "/bin/busybox",
  "/usr/bin/bash", "/usr/bin/ls", "/usr/bin/echo", "/usr/bin/rm",
  "/usr/bin/sh", NULL
};

static int
set_distro_from_id (struct inspect_root *r, const char *id)
{
  size_t i;

  for (i = 0; i < sizeof distro_ids / sizeof distro_ids[0]; ++i)
    if (strcmp (distro_ids[i].id, id) == 0)
      return inspect_set (&r->distro, distro_ids[i].distro);
  return 0;
}

/* "12.4", "22.04", "3.18.4", "8" into major and minor. */
static void
parse_version (struct inspect_root *r, const char *v)
{
  char *end;
  long major, minor = 0;

  while (*v && !isdigit ((unsigned char) *v))
    v++;
  errno = 0;
  major = strtol (v, &end, 10);
  if (errno || end == v || major < 0 || major > 100000)
    return;
  if (*end == '.') {
    const char *m = end + 1;

    minor = strtol (m, &end, 10);
    if (errno || end == m || minor < 0 || minor > 100000)
      minor = 0;
  }
  r->major = (int) major;
  r->minor = (int) minor;
}

/* /etc/os-release: 1 if it named the distribution.  Debian's and
 * CentOS's give only the major version: unless last_resort, they are
 * not taken (0), so that the older release files, which have the point
 * release, are read instead, as libguestfs does (the product name is
 * then that file's first line).
 */
static int
parse_os_release (struct inspect_root *r, bool last_resort)
{
  CLEANUP_FREE char *text = NULL, *id = NULL, *pretty = NULL, *ver = NULL;

  text = inspect_read_file ("/etc/os-release", INSPECT_MAX_CONFIG, NULL);
  if (text == NULL)
    text = inspect_read_file ("/usr/lib/os-release", INSPECT_MAX_CONFIG, NULL);
  if (text == NULL)
    return 0;
  id = inspect_kv_get (text, "ID");
  pretty = inspect_kv_get (text, "PRETTY_NAME");
  ver = inspect_kv_get (text, "VERSION_ID");
  if (id == NULL)
    return 0;
  if (set_distro_from_id (r, id) == -1)
    return -1;
  if (pretty && inspect_set (&r->product_name, pretty) == -1)
    return -1;
  if (ver)
    parse_version (r, ver);
  if (!last_resort && r->distro && r->minor == 0 &&
      (strcmp (r->distro, "debian") == 0 ||
       strcmp (r->distro, "centos") == 0)) {
    free (r->distro);
    free (r->product_name);
    r->distro = r->product_name = NULL;
    r->major = 0;
    return 0;
  }
  return r->distro != NULL;
}

/* /etc/lsb-release (old Ubuntu): 1 if it named the distribution. */
static int
parse_lsb_release (struct inspect_root *r)
{
  CLEANUP_FREE char *text = NULL, *id = NULL, *desc = NULL, *rel = NULL;

  text = inspect_read_file ("/etc/lsb-release", INSPECT_MAX_CONFIG, NULL);
  if (text == NULL)
    return 0;
  id = inspect_kv_get (text, "DISTRIB_ID");
  desc = inspect_kv_get (text, "DISTRIB_DESCRIPTION");
  rel = inspect_kv_get (text, "DISTRIB_RELEASE");
  if (id == NULL || strcmp (id, "Ubuntu") != 0)
    return 0;
  if (inspect_set (&r->distro, "ubuntu") == -1 ||
      (desc && inspect_set (&r->product_name, desc) == -1))
    return -1;
  if (rel)
    parse_version (r, rel);
  return 1;
}

/* A one-line release file: its first line is the product name, and
 * the version follows the word "release" (or is the whole line).
 */
static int
parse_release_file (struct inspect_root *r, const char *path,
                    const char *distro)
{
  CLEANUP_FREE char *line = inspect_first_line (path);
  const char *v;

  if (line == NULL)
    return 0;
  if (inspect_set (&r->distro, distro) == -1 ||
      inspect_set (&r->product_name, line) == -1)
    return -1;
  v = strstr (line, "release ");
  parse_version (r, v ? v + 8 : line);
  return 1;
}

/* Older release files, most specific first. */
static int
parse_old_release_files (struct inspect_root *r)
{
  CLEANUP_FREE char *rh = NULL;
  const char *distro;

  if (inspect_is_file ("/etc/redhat-release")) {
    rh = inspect_first_line ("/etc/redhat-release");
    if (rh == NULL)
      return 0;
    distro = strncmp (rh, "Fedora", 6) == 0 ? "fedora" :
      strncmp (rh, "CentOS", 6) == 0 ? "centos" :
      strncmp (rh, "Rocky", 5) == 0 ? "rocky" :
      strncmp (rh, "AlmaLinux", 9) == 0 ? "almalinux" :
      strncmp (rh, "Red Hat Enterprise Linux", 24) == 0 ? "rhel" : NULL;
    if (distro == NULL)
      return 0;
    return parse_release_file (r, "/etc/redhat-release", distro);
  }
  if (inspect_is_file ("/etc/debian_version"))
    return parse_release_file (r, "/etc/debian_version", "debian");
  if (inspect_is_file ("/etc/alpine-release"))
    return parse_release_file (r, "/etc/alpine-release", "alpinelinux");
  if (inspect_is_file ("/etc/SuSE-release"))
    return parse_release_file (r, "/etc/SuSE-release", "opensuse");
  if (inspect_is_file ("/etc/arch-release")) {
    if (inspect_set (&r->distro, "archlinux") == -1)
      return -1;
    return 1;
  }
  return 0;
}

static int
set_hostname (struct inspect_root *r)
{
  CLEANUP_FREE char *name = inspect_first_line ("/etc/hostname");
  CLEANUP_FREE char *text = NULL;

  if (name == NULL)
    name = inspect_first_line ("/etc/HOSTNAME");
  if (name == NULL) {
    text = inspect_read_file ("/etc/sysconfig/network", INSPECT_MAX_CONFIG,
                              NULL);
    if (text)
      name = inspect_kv_get (text, "HOSTNAME");
  }
  if (name && *name)
    return inspect_set (&r->hostname, name);
  return 0;
}

static int
set_packaging (struct inspect_root *r)
{
  size_t i;

  for (i = 0; i < sizeof packaging / sizeof packaging[0]; ++i) {
    if (strcmp (packaging[i].distro, r->distro) == 0) {
      const char *m = packaging[i].management;

      /* Fedora kept yum installable next to dnf: libguestfs says dnf
       * only when /usr/bin/dnf is there, and so does careen.
       */
      if (packaging[i].dnf_from > 0 && r->major >= packaging[i].dnf_from &&
          (strcmp (r->distro, "fedora") != 0 ||
           inspect_is_file ("/usr/bin/dnf")))
        m = "dnf";
      if (inspect_set (&r->package_format, packaging[i].format) == -1 ||
          inspect_set (&r->package_management, m) == -1)
        return -1;
      break;
    }
  }
  return 0;
}

int
inspect_linux (struct inspect_root *r)
{
  const char *arch;
  int found;

  /* A root has /etc; without it no release file can be trusted to
   * belong to a root (a /usr filesystem holds lib/os-release).
   */
  if (!inspect_is_dir ("/etc"))
    return 0;
  found = parse_os_release (r, false);
  if (found == 0)
    found = parse_lsb_release (r);
  if (found == 0)
    found = parse_old_release_files (r);
  if (found == 0)
    found = parse_os_release (r, true);
  if (found <= 0)
    return found;

  if (inspect_set (&r->type, "linux") == -1)
    return -1;
  arch = inspect_binary_arch (arch_binaries);
  if (arch && inspect_set (&r->arch, arch) == -1)
    return -1;
  if (set_hostname (r) == -1 || set_packaging (r) == -1)
    return -1;
  return 1;
}
