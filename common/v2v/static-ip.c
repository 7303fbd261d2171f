/** careen - offline disk-image toolkit
 *
 * The value of --mac MAC:ip:ADDR[,GW[,LEN[,NS,NS...]]] as the
 * converters use it.  Every address goes through inet_pton and back
 * through inet_ntop: the converters write them into shell-like,
 * YAML, INI and PowerShell text, and a canonical address has nothing
 * in it that any of those would read as syntax.
 */

#include <config.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "v2v.h"

/* Longest value after "ip:": the address, gateway, length and
 * V2V_MAX_NAMESERVERS nameservers, with commas, and some slack.
 */
#define STATIC_IP_MAX_VALUE 1024

/* TEXT as an address of the family AF (AF_UNSPEC: either), in
 * canonical form in OUT; *AF_R gets the family.  Returns 0 or -1.
 */
static int
canonical_address (const char *text, int af, char *out, int *af_r)
{
  unsigned char bin[16];
  int fam = af;

  if (fam == AF_UNSPEC)
    fam = strchr (text, ':') ? AF_INET6 : AF_INET;
  if (inet_pton (fam, text, bin) != 1 ||
      inet_ntop (fam, bin, out, V2V_IP_STRLEN) == NULL)
    return -1;
  if (af_r)
    *af_r = fam;
  return 0;
}

const char *
v2v_static_ip_parse (const char *mac, const char *value,
                     struct v2v_static_ip *ip)
{
  CLEANUP_FREE char *copy = NULL;
  char *fields[3 + V2V_MAX_NAMESERVERS];
  size_t n = 0, k;
  char *p, *end;
  int af;
  long len;

  memset (ip, 0, sizeof *ip);
  if (strlen (value) > STATIC_IP_MAX_VALUE)
    return "the value after ip: is too long";
  copy = strdup (value);
  if (copy == NULL)
    return "out of memory";
  for (p = copy; ; ) {
    if (n == sizeof fields / sizeof fields[0])
      return "too many nameservers (at most 8)";
    fields[n++] = p;
    p = strchr (p, ',');
    if (p == NULL)
      break;
    *p++ = '\0';
  }
  for (k = 0; k < sizeof ip->mac - 1 && mac[k]; ++k)
    ip->mac[k] = tolower ((unsigned char) mac[k]);
  if (canonical_address (fields[0], AF_UNSPEC, ip->address, &af) == -1)
    return "the address after ip: is not an IPv4 or IPv6 address";
  ip->ipv6 = af == AF_INET6;
  /* An empty gateway ("ip:ADDR,,LEN") is none. */
  if (n > 1 && fields[1][0] != '\0' &&
      canonical_address (fields[1], af, ip->gateway, NULL) == -1)
    return "the gateway is not an address of the same family as the "
      "address";
  ip->prefix = ip->ipv6 ? 64 : 24;
  if (n > 2 && fields[2][0] != '\0') {
    len = strtol (fields[2], &end, 10);
    if (*end != '\0' || len < 0 || len > (ip->ipv6 ? 128 : 32))
      return "the prefix length is not a number from 0 to 32 (IPv4) or "
        "128 (IPv6)";
    ip->prefix = (int) len;
  }
  for (k = 3; k < n; ++k) {
    if (canonical_address (fields[k], AF_UNSPEC,
                           ip->nameservers[ip->nr_nameservers], NULL) == -1)
      return "a nameserver is not an IPv4 or IPv6 address";
    ip->nr_nameservers++;
  }
  return NULL;
}
