/* careen - offline disk-image toolkit
 * --mac MAC:ip:...: the static addresses of a Linux guest, written in
 * the configuration of the network stack the guest has.  The first
 * one found decides, for every address:
 *
 *   netplan           /etc/netplan exists: 90-careen-v2v-MAC.yaml
 *                     there, matching the NIC by its MAC (netplan then
 *                     configures networkd or NetworkManager itself)
 *   NetworkManager    its program is in /usr/sbin or /usr/bin: the
 *                     keyfile system-connections/careen-v2v-MAC
 *                     .nmconnection, bound to the MAC
 *   systemd-networkd  enabled in multi-user.target: 10-careen-v2v-MAC
 *                     .network in /etc/systemd/network, [Match] by MAC
 *   ifupdown          /etc/network/interfaces exists and udev is
 *                     systemd's: ifupdown names interfaces, not MACs,
 *                     so a .link file names the NIC v2vN and a stanza
 *                     for v2vN is appended to the interfaces file
 *   ifcfg (Red Hat)   /etc/sysconfig/network-scripts is a directory:
 *                     an ifcfg file (convert-linux-ifcfg.c)
 *   ifcfg (SUSE)      /etc/sysconfig/network is one and udev is
 *                     systemd's: a .link file names the NIC v2vN, and
 *                     ifcfg-v2vN configures it (convert-linux-ifcfg.c)
 *
 * Files that hold no secret are still written mode 0600 where the
 * tool insists on it (NetworkManager ignores a keyfile others can
 * read; netplan warns).  A guest with none of these gets a warning:
 * its addresses are left to the user.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "convert-linux.h"

/* The MAC without colons, for file names: "525400010203". */
static void
mac_compact (const char *mac, char out[13])
{
  size_t n = 0;

  for (; *mac && n < 12; ++mac)
    if (*mac != ':')
      out[n++] = *mac;
  out[n] = '\0';
}

int
linux_write_text_file (guestfs_h *g, const char *path, const char *text,
                       int mode)
{
  if (guestfs_write (g, path, text, strlen (text)) == -1 ||
      guestfs_chmod (g, mode, path) == -1) {
    v2v_error ("cannot write '%s': %s", path, guestfs_last_error (g));
    return -1;
  }
  return 0;
}

static bool
is_dir (guestfs_h *g, const char *path)
{
  int r;

  guestfs_push_error_handler (g, NULL, NULL);
  r = guestfs_is_dir (g, path);
  guestfs_pop_error_handler (g);
  return r > 0;
}

/* PATH is there, a symlink included whatever it points at (the
 * enabled services' links are read from the appliance, where their
 * targets may lie on a filesystem that is not mounted).
 */
static bool
present (guestfs_h *g, const char *path)
{
  int r;

  guestfs_push_error_handler (g, NULL, NULL);
  r = guestfs_is_symlink (g, path);
  if (r <= 0)
    r = guestfs_exists (g, path);
  guestfs_pop_error_handler (g);
  return r > 0;
}

int
linux_finish_text (FILE *fp, char **buf)
{
  if (fclose (fp) == EOF) {
    v2v_error ("out of memory");
    free (*buf);
    *buf = NULL;
    return -1;
  }
  return 0;
}

/* A memstream for a file's text, or NULL (printed). */
static FILE *
open_text (char **buf, size_t *size)
{
  FILE *fp = open_memstream (buf, size);

  if (fp == NULL)
    v2v_error ("out of memory");
  return fp;
}

/* Writes the text of one address: the file's contents from the
 * comment line on.
 */
typedef void (*text_fn) (FILE *fp, const struct v2v_static_ip *ip,
                         const char *compact, size_t index);

static void
netplan_text (FILE *fp, const struct v2v_static_ip *ip, const char *compact,
              size_t index)
{
  size_t k;

  fprintf (fp, "network:\n"
           "  version: 2\n"
           "  ethernets:\n"
           "    careen-v2v-%s:\n"
           "      match:\n"
           "        macaddress: \"%s\"\n"
           "      dhcp4: false\n"
           "      dhcp6: false\n"
           "      addresses:\n"
           "        - \"%s/%d\"\n",
           compact, ip->mac, ip->address, ip->prefix);
  if (ip->gateway[0])
    fprintf (fp, "      routes:\n"
             "        - to: default\n"
             "          via: \"%s\"\n", ip->gateway);
  if (ip->nr_nameservers > 0) {
    fprintf (fp, "      nameservers:\n"
             "        addresses:\n");
    for (k = 0; k < ip->nr_nameservers; ++k)
      fprintf (fp, "          - \"%s\"\n", ip->nameservers[k]);
  }
}

static void
keyfile_text (FILE *fp, const struct v2v_static_ip *ip, const char *compact,
              size_t index)
{
  size_t k;

  fprintf (fp, "[connection]\n"
           "id=careen-v2v-%s\n"
           "type=ethernet\n"
           "autoconnect=true\n"
           "\n"
           "[ethernet]\n"
           "mac-address=%s\n"
           "\n"
           "[%s]\n"
           "method=manual\n"
           "address1=%s/%d%s%s\n",
           compact, ip->mac, ip->ipv6 ? "ipv6" : "ipv4",
           ip->address, ip->prefix, ip->gateway[0] ? "," : "", ip->gateway);
  if (ip->nr_nameservers > 0) {
    fprintf (fp, "dns=");
    for (k = 0; k < ip->nr_nameservers; ++k)
      fprintf (fp, "%s;", ip->nameservers[k]);
    fprintf (fp, "\n");
  }
  /* The other family as NetworkManager would have it by default. */
  fprintf (fp, "\n[%s]\nmethod=auto\n", ip->ipv6 ? "ipv4" : "ipv6");
}

static void
networkd_text (FILE *fp, const struct v2v_static_ip *ip, const char *compact,
               size_t index)
{
  size_t k;

  fprintf (fp, "[Match]\n"
           "MACAddress=%s\n"
           "\n"
           "[Network]\n"
           "Address=%s/%d\n",
           ip->mac, ip->address, ip->prefix);
  if (ip->gateway[0])
    fprintf (fp, "Gateway=%s\n", ip->gateway);
  for (k = 0; k < ip->nr_nameservers; ++k)
    fprintf (fp, "DNS=%s\n", ip->nameservers[k]);
}

static void
link_text (FILE *fp, const struct v2v_static_ip *ip, const char *compact,
           size_t index)
{
  fprintf (fp, "[Match]\n"
           "MACAddress=%s\n"
           "\n"
           "[Link]\n"
           "Name=v2v%zu\n", ip->mac, index);
}

/* The stanza of ifupdown, appended to /etc/network/interfaces. */
static void
ifupdown_text (FILE *fp, const struct v2v_static_ip *ip, const char *compact,
               size_t index)
{
  size_t k;

  fprintf (fp, "auto v2v%zu\n"
           "iface v2v%zu %s static\n"
           "    address %s/%d\n",
           index, index, ip->ipv6 ? "inet6" : "inet", ip->address,
           ip->prefix);
  if (ip->gateway[0])
    fprintf (fp, "    gateway %s\n", ip->gateway);
  if (ip->nr_nameservers > 0) {
    fprintf (fp, "    dns-nameservers");
    for (k = 0; k < ip->nr_nameservers; ++k)
      fprintf (fp, " %s", ip->nameservers[k]);
    fprintf (fp, "\n");
  }
}

/* One file of address IP (the INDEXth): DIR/PREFIX-MAC.SUFFIX, made
 * (mode MODE) or, with APPEND, appended to, its text from COMMENT
 * (a format taking the MAC, then INDEX and the path of the
 * .link file) and TEXT.
 */
static int
write_one (guestfs_h *g, const struct v2v_static_ip *ip, size_t index,
           const char *dir, const char *prefix, const char *suffix,
           int mode, bool append, const char *comment, text_fn text)
{
  CLEANUP_FREE char *path = NULL, *buf = NULL, *link = NULL;
  char compact[13];
  size_t size;
  FILE *fp;
  int r;

  mac_compact (ip->mac, compact);
  if (asprintf (&link, "/etc/systemd/network/10-careen-v2v-%s.link",
                compact) == -1) {
    v2v_error ("out of memory");
    return -1;
  }
  fp = open_text (&buf, &size);
  if (fp == NULL)
    return -1;
  fprintf (fp, comment, ip->mac, index, link);
  text (fp, ip, compact, index);
  if (linux_finish_text (fp, &buf) == -1)
    return -1;
  if (append)
    path = strdup (dir);
  else if (asprintf (&path, "%s/%s-%s%s", dir, prefix, compact,
                     suffix) == -1)
    path = NULL;
  if (path == NULL) {
    v2v_error ("out of memory");
    return -1;
  }
  if (append) {
    r = guestfs_write_append (g, path, buf, strlen (buf));
    if (r == -1)
      v2v_error ("cannot append to '%s': %s", path, guestfs_last_error (g));
    return r;
  }
  if (guestfs_mkdir_p (g, dir) == -1) {
    v2v_error ("cannot make '%s': %s", dir, guestfs_last_error (g));
    return -1;
  }
  return linux_write_text_file (g, path, buf, mode);
}

/* The comment line opening each file. */
#define COMMENT "# The static address virt-v2v --mac gave %s.\n"

enum stack { STACK_NONE, STACK_NETPLAN, STACK_NM, STACK_NETWORKD,
             STACK_IFUPDOWN, STACK_IFCFG_RH, STACK_IFCFG_SUSE };

static enum stack
find_stack (guestfs_h *g)
{
  static const char *const nm[] = {
    "/usr/sbin/NetworkManager", "/usr/bin/NetworkManager", NULL
  };
  static const char *const udevd[] = {
    "/lib/systemd/systemd-udevd", "/usr/lib/systemd/systemd-udevd", NULL
  };
  bool suse;

  if (is_dir (g, "/etc/netplan"))
    return STACK_NETPLAN;
  if (linux_first_file (g, nm))
    return STACK_NM;
  if (present (g, "/etc/systemd/system/multi-user.target.wants/"
               "systemd-networkd.service"))
    return STACK_NETWORKD;
  if (linux_is_file (g, "/etc/network/interfaces") &&
      linux_first_file (g, udevd))
    return STACK_IFUPDOWN;
  if (linux_ifcfg_found (g, &suse)) {
    if (!suse)
      return STACK_IFCFG_RH;
    if (linux_first_file (g, udevd))
      return STACK_IFCFG_SUSE;
  }
  return STACK_NONE;
}

int
linux_set_static_ips (struct linux_guest *lg)
{
  static const char *const names[] = {
    "", "netplan", "NetworkManager", "systemd-networkd", "ifupdown",
    "Red Hat ifcfg files", "SUSE ifcfg files"
  };
  const struct v2v_convert_options *o = lg->o;
  enum stack stack;
  size_t k;
  int r = 0;

  if (o->nr_static_ips == 0)
    return 0;
  stack = find_stack (lg->g);
  if (stack == STACK_NONE) {
    v2v_warning ("--mac ...:ip: the guest has none of netplan, "
                 "NetworkManager, systemd-networkd, ifupdown or SUSE's "
                 "ifcfg files with systemd's udev, or Red Hat's ifcfg "
                 "files: its static addresses are not set");
    return 0;
  }
  if (!o->quiet)
    v2v_progress ("Setting static addresses with %s", names[stack]);
  for (k = 0; k < o->nr_static_ips && r == 0; ++k) {
    const struct v2v_static_ip *ip = &o->static_ips[k];

    switch (stack) {
    case STACK_NETPLAN:
      r = write_one (lg->g, ip, k, "/etc/netplan", "90-careen-v2v",
                     ".yaml", 0600, false, COMMENT, netplan_text);
      break;
    case STACK_NM:
      r = write_one (lg->g, ip, k, "/etc/NetworkManager/system-connections",
                     "careen-v2v", ".nmconnection", 0600, false, COMMENT,
                     keyfile_text);
      break;
    case STACK_NETWORKD:
      r = write_one (lg->g, ip, k, "/etc/systemd/network", "10-careen-v2v",
                     ".network", 0644, false, COMMENT, networkd_text);
      break;
    case STACK_IFUPDOWN:
      /* ifupdown names interfaces, not MACs: the .link file names
       * the NIC for the stanza.
       */
      r = write_one (lg->g, ip, k, "/etc/systemd/network", "10-careen-v2v",
                     ".link", 0644, false,
                     "# virt-v2v --mac: ifupdown's name of %s.\n",
                     link_text);
      if (r == 0)
        r = write_one (lg->g, ip, k, "/etc/network/interfaces", NULL, NULL,
                       0, true,
                       "\n# The static address virt-v2v --mac gave %s "
                       "(named v2v%zu by\n# %s).\n", ifupdown_text);
      break;
    case STACK_IFCFG_RH:
      r = linux_ifcfg_set (lg->g, ip, k, false);
      break;
    case STACK_IFCFG_SUSE:
      /* SUSE matches ifcfg files by interface name only. */
      r = write_one (lg->g, ip, k, "/etc/systemd/network", "10-careen-v2v",
                     ".link", 0644, false,
                     "# virt-v2v --mac: the name of %s for its ifcfg file.\n",
                     link_text);
      if (r == 0)
        r = linux_ifcfg_set (lg->g, ip, k, true);
      break;
    case STACK_NONE:
      break;
    }
  }
  return r;
}
