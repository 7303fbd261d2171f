/* careen - offline disk-image toolkit
 * --mac MAC:ip:... for guests whose network is configured by ifcfg
 * files alone (no NetworkManager, netplan or systemd-networkd):
 *
 *   Red Hat  /etc/sysconfig/network-scripts/ifcfg-*, read by the
 *            initscripts of RHEL and CentOS 6 and 7.  A file whose
 *            HWADDR= is the MAC already configures that NIC: its
 *            address keys are replaced and its other lines (DEVICE=,
 *            NAME=, HWADDR=, ...) kept.  Otherwise ifcfg-v2vN is made
 *            with HWADDR=, which the initscripts' udev rule uses to name
 *            the NIC v2vN.
 *   SUSE     /etc/sysconfig/network/ifcfg-v2vN (wicked or SUSE's
 *            ifup), with its own keys; SUSE matches these files by
 *            interface name only, so the caller names the NIC v2vN with
 *            a .link file.  The gateway goes into ifroute-v2vN, the
 *            name servers into NETCONFIG_DNS_STATIC_SERVERS of
 *            /etc/sysconfig/network/config.
 *
 * Other ifcfg files and their HWADDR= lines are left alone: the
 * converted guest keeps its MAC addresses, so they still name the same
 * NICs.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cleanups.h"
#include "convert-linux.h"

#define RH_DIR "/etc/sysconfig/network-scripts"
#define SUSE_DIR "/etc/sysconfig/network"

/* The comment line before the keys careen writes. */
#define IFCFG_COMMENT "# The static address virt-v2v --mac gave %s.\n"

/* Keys of a Red Hat ifcfg file that set the address: replaced in a
 * file that configures the MAC.  A name ending in '*' is a prefix
 * (IPADDR1, DNS2 ...).
 */
static const char *const rh_address_keys[] = {
  "BOOTPROTO", "ONBOOT", "IPADDR*", "PREFIX*", "NETMASK*", "GATEWAY*",
  "DNS*", "IPV6INIT", "IPV6_AUTOCONF", "IPV6ADDR*", "IPV6_DEFAULTGW",
  NULL
};

/* The key of LINE (up to '='), LEN bytes, is one of KEYS. */
static bool
key_is_one_of (const char *line, size_t len, const char *const *keys)
{
  size_t klen = strcspn (line, "=");
  size_t n;

  if (klen >= len)
    return false;
  for (n = 0; keys[n] != NULL; ++n) {
    size_t l = strlen (keys[n]);

    if (keys[n][l - 1] == '*') {
      if (klen >= l - 1 && strncmp (line, keys[n], l - 1) == 0)
        return true;
    }
    else if (klen == l && strncmp (line, keys[n], l) == 0)
      return true;
  }
  return false;
}

/* Whether CONTENT has HWADDR=MAC, quoted or not, in any case. */
static bool
has_hwaddr (const char *content, const char *mac)
{
  const char *line, *next;

  for (line = content; *line != '\0'; line = next) {
    size_t len = strcspn (line, "\n");
    const char *v = line + 7;
    size_t vlen = len > 7 ? len - 7 : 0;

    next = line + len + (line[len] == '\n');
    if (len < 7 || strncmp (line, "HWADDR=", 7) != 0)
      continue;
    while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t' ||
                        v[vlen - 1] == '\r'))
      --vlen;
    if (vlen >= 2 && (v[0] == '"' || v[0] == '\'') && v[vlen - 1] == v[0]) {
      ++v;
      vlen -= 2;
    }
    if (vlen == strlen (mac) && strncasecmp (v, mac, vlen) == 0)
      return true;
  }
  return false;
}

/* The Red Hat keys of address IP. */
static void
rh_address_text (FILE *fp, const struct v2v_static_ip *ip)
{
  size_t k;

  fprintf (fp, "BOOTPROTO=none\nONBOOT=yes\n");
  if (ip->ipv6) {
    fprintf (fp, "IPV6INIT=yes\nIPV6_AUTOCONF=no\nIPV6ADDR=%s/%d\n",
             ip->address, ip->prefix);
    if (ip->gateway[0])
      fprintf (fp, "IPV6_DEFAULTGW=%s\n", ip->gateway);
  }
  else {
    fprintf (fp, "IPADDR=%s\nPREFIX=%d\n", ip->address, ip->prefix);
    if (ip->gateway[0])
      fprintf (fp, "GATEWAY=%s\n", ip->gateway);
  }
  for (k = 0; k < ip->nr_nameservers; ++k)
    fprintf (fp, "DNS%zu=%s\n", k + 1, ip->nameservers[k]);
}

/* The ifcfg file of RH_DIR whose HWADDR= is MAC, or NULL: *ERR_R set
 * on an error (printed).
 */
static char *
rh_file_of_mac (guestfs_h *g, const char *mac, bool *err_r)
{
  CLEANUP_FREE_STRING_LIST char **names = NULL;
  size_t n;

  *err_r = false;
  names = guestfs_ls (g, RH_DIR);
  if (names == NULL) {
    *err_r = true;
    return NULL;
  }
  for (n = 0; names[n] != NULL; ++n) {
    CLEANUP_FREE char *path = NULL, *content = NULL, *real = NULL;
    bool absent;

    if (strncmp (names[n], "ifcfg-", 6) != 0 ||
        strcmp (names[n], "ifcfg-lo") == 0)
      continue;
    if (asprintf (&path, "%s/%s", RH_DIR, names[n]) == -1) {
      v2v_error ("out of memory");
      *err_r = true;
      return NULL;
    }
    content = linux_read_config (g, path, &real, &absent);
    if (content == NULL) {
      if (absent)
        continue;       /* a directory or a dangling link */
      *err_r = true;
      return NULL;
    }
    if (has_hwaddr (content, mac)) {
      char *r = real;

      real = NULL;
      return r;
    }
  }
  return NULL;
}

/* Replaces the address keys of the ifcfg file PATH by those of IP. */
static int
rh_edit (guestfs_h *g, const char *path, const struct v2v_static_ip *ip)
{
  CLEANUP_FREE char *content = NULL, *real = NULL, *out = NULL;
  const char *line, *next;
  size_t size;
  bool absent;
  FILE *fp;

  content = linux_read_config (g, path, &real, &absent);
  if (content == NULL)
    return -1;
  fp = open_memstream (&out, &size);
  if (fp == NULL) {
    v2v_error ("out of memory");
    return -1;
  }
  for (line = content; *line != '\0'; line = next) {
    size_t len = strcspn (line, "\n");

    next = line + len + (line[len] == '\n');
    if (key_is_one_of (line, len, rh_address_keys))
      continue;
    fwrite (line, 1, len, fp);
    fputc ('\n', fp);
  }
  fprintf (fp, IFCFG_COMMENT, ip->mac);
  rh_address_text (fp, ip);
  if (linux_finish_text (fp, &out) == -1)
    return -1;
  if (linux_write_config (g, real, out) == -1) {
    v2v_error ("cannot write '%s': %s", real, guestfs_last_error (g));
    return -1;
  }
  return 0;
}

static int
rh_set (guestfs_h *g, const struct v2v_static_ip *ip, size_t index)
{
  CLEANUP_FREE char *existing = NULL, *path = NULL, *out = NULL;
  size_t size;
  bool err;
  FILE *fp;

  existing = rh_file_of_mac (g, ip->mac, &err);
  if (err)
    return -1;
  if (existing != NULL)
    return rh_edit (g, existing, ip);

  if (asprintf (&path, "%s/ifcfg-v2v%zu", RH_DIR, index) == -1 ||
      (fp = open_memstream (&out, &size)) == NULL) {
    v2v_error ("out of memory");
    return -1;
  }
  fprintf (fp, IFCFG_COMMENT, ip->mac);
  fprintf (fp, "DEVICE=v2v%zu\nHWADDR=%s\nTYPE=Ethernet\n", index, ip->mac);
  rh_address_text (fp, ip);
  if (linux_finish_text (fp, &out) == -1)
    return -1;
  return linux_write_text_file (g, path, out, 0644);
}

/* Adds the name servers of IP to NETCONFIG_DNS_STATIC_SERVERS. */
static int
suse_add_nameservers (guestfs_h *g, const struct v2v_static_ip *ip)
{
  static const char path[] = SUSE_DIR "/config";
  CLEANUP_FREE char *content = NULL, *real = NULL, *out = NULL;
  char *servers[V2V_MAX_NAMESERVERS + 1];
  bool absent;
  size_t k;

  if (ip->nr_nameservers == 0)
    return 0;
  for (k = 0; k < ip->nr_nameservers; ++k)
    servers[k] = (char *) ip->nameservers[k];
  servers[k] = NULL;
  content = linux_read_config (g, path, &real, &absent);
  if (content == NULL && !absent)
    return -1;
  out = linux_shell_list_add (content ? content : "",
                              "NETCONFIG_DNS_STATIC_SERVERS", false, servers);
  if (out == NULL) {
    v2v_error ("out of memory");
    return -1;
  }
  if (content != NULL && strcmp (out, content) == 0)
    return 0;
  if (real != NULL) {
    if (linux_write_config (g, real, out) == -1) {
      v2v_error ("cannot write '%s': %s", real, guestfs_last_error (g));
      return -1;
    }
    return 0;
  }
  return linux_write_text_file (g, path, out, 0644);
}

static int
suse_set (guestfs_h *g, const struct v2v_static_ip *ip, size_t index)
{
  CLEANUP_FREE char *path = NULL, *out = NULL;
  size_t size;
  FILE *fp;

  if (asprintf (&path, "%s/ifcfg-v2v%zu", SUSE_DIR, index) == -1 ||
      (fp = open_memstream (&out, &size)) == NULL) {
    v2v_error ("out of memory");
    return -1;
  }
  fprintf (fp, IFCFG_COMMENT, ip->mac);
  fprintf (fp, "STARTMODE='auto'\nBOOTPROTO='static'\nIPADDR='%s/%d'\n",
           ip->address, ip->prefix);
  if (linux_finish_text (fp, &out) == -1 ||
      linux_write_text_file (g, path, out, 0644) == -1)
    return -1;

  if (ip->gateway[0]) {
    free (path);
    free (out);
    path = out = NULL;
    if (asprintf (&path, "%s/ifroute-v2v%zu", SUSE_DIR, index) == -1 ||
        asprintf (&out, "# The default route virt-v2v --mac gave %s.\n"
                  "default %s - v2v%zu\n", ip->mac, ip->gateway,
                  index) == -1) {
      v2v_error ("out of memory");
      return -1;
    }
    if (linux_write_text_file (g, path, out, 0644) == -1)
      return -1;
  }
  return suse_add_nameservers (g, ip);
}

bool
linux_ifcfg_found (guestfs_h *g, bool *suse_r)
{
  int r;

  guestfs_push_error_handler (g, NULL, NULL);
  r = guestfs_is_dir (g, RH_DIR);
  *suse_r = false;
  if (r <= 0) {
    /* Red Hat has a file of that name. */
    r = guestfs_is_dir (g, SUSE_DIR);
    *suse_r = r > 0;
  }
  guestfs_pop_error_handler (g);
  return r > 0;
}

int
linux_ifcfg_set (guestfs_h *g, const struct v2v_static_ip *ip, size_t index,
                 bool suse)
{
  return suse ? suse_set (g, ip, index) : rh_set (g, ip, index);
}
