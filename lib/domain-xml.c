/* careen - offline disk-image toolkit */

/**
 * The reader of a libvirt domain's XML: which disks it has, and how
 * each is to be added (file, block device, network disk or storage
 * volume; format, read-only, block size).  libvirt-domain.c gets the
 * XML from libvirt and adds the disks; this part only reads text, so
 * that it can be fuzzed without libvirt (tests/fuzz/fuzz-domain-xml.c).
 * The XML comes from libvirt, but libvirt keeps what a domain's author
 * wrote, so every value is taken as untrusted: add_drive checks it.
 */

#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "domain-xml.h"

static void
free_disk (struct domain_disk *d)
{
  free (d->filename);
  free (d->pool);
  free (d->volume);
  free (d->format);
  free (d->protocol);
  strings_free (d->servers);
  free (d->username);
  memset (d, 0, sizeof *d);
}

void
guestfs_int_free_domain_disks (struct domain_disk_vector *disks)
{
  size_t i;

  for (i = 0; i < disks->len; ++i)
    free_disk (&disks->ptr[i]);
  domain_disk_vector_release (disks);
}

/* The string value of expr evaluated at node, or NULL when it is empty.
 * Out of memory only ends the process (through g's handler).
 */
static char *
xpath_string (guestfs_h *g, xmlXPathContextPtr ctx, xmlNodePtr node,
              const char *expr)
{
  xmlXPathObjectPtr obj = xmlXPathNodeEval (node, BAD_CAST expr, ctx);
  char *r = NULL;

  if (obj == NULL)
    guestfs_int_oom (g);
  if (obj->type == XPATH_STRING && obj->stringval && obj->stringval[0]) {
    r = strdup ((const char *) obj->stringval);
    if (r == NULL)
      guestfs_int_oom (g);
  }
  xmlXPathFreeObject (obj);
  return r;
}

/* The hosts of a network disk as add_drive's 'server' strings. */
static char **
network_servers (guestfs_h *g, xmlXPathContextPtr ctx, xmlNodePtr disk)
{
  xmlXPathObjectPtr obj = xmlXPathNodeEval (disk, BAD_CAST "./source/host",
                                            ctx);
  struct stringsbuf sb;
  char **ret;
  int i, n;

  if (obj == NULL)
    guestfs_int_oom (g);
  stringsbuf_init (&sb);
  n = obj->nodesetval ? obj->nodesetval->nodeNr : 0;
  for (i = 0; i < n; ++i) {
    xmlNodePtr host = obj->nodesetval->nodeTab[i];
    CLEANUP_FREE char *name = xpath_string (g, ctx, host, "string(@name)");
    CLEANUP_FREE char *port = xpath_string (g, ctx, host, "string(@port)");
    CLEANUP_FREE char *transport =
      xpath_string (g, ctx, host, "string(@transport)");
    CLEANUP_FREE char *socket = xpath_string (g, ctx, host, "string(@socket)");
    int r;

    /* A TCP host always gets the "tcp:" prefix, so that a name such as
     * "unix:/run/x" stays a host name, and an IPv6 address (libvirt
     * writes it bare) gets the brackets add_drive wants around it.
     */
    if (transport && strcmp (transport, "unix") == 0 && socket)
      r = stringsbuf_add_format (&sb, "unix:%s", socket);
    else if (name) {
      bool v6 = strchr (name, ':') != NULL && name[0] != '[';

      r = stringsbuf_add_format (&sb, "tcp:%s%s%s%s%s", v6 ? "[" : "", name,
                                 v6 ? "]" : "", port ? ":" : "",
                                 port ? port : "");
    }
    else
      continue;
    if (r == -1)
      guestfs_int_oom (g);
  }
  xmlXPathFreeObject (obj);
  ret = stringsbuf_finish (&sb);
  if (ret == NULL)
    guestfs_int_oom (g);
  return ret;
}

/* <blockio logical_block_size>: a number, which add_drive then checks
 * (512 or 4096).  Returns 0, or -1 (reported) for text that is not a
 * number or one too big for an int.
 */
static int
parse_blocksize (guestfs_h *g, const char *domname, const char *s, int *r)
{
  char *end;
  long v;

  errno = 0;
  v = strtol (s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v <= 0 || v > INT_MAX) {
    guestfs_int_error_errno (g, EINVAL, "domain '%s': a disk's "
                             "logical_block_size '%s' is not a block size",
                             domname, s);
    return -1;
  }
  *r = (int) v;
  return 0;
}

/* Reads one <disk> into *d.  Returns 1 when it is a disk to add, 0 when
 * it has nothing careen can add (an empty CD-ROM, a vhost-user disk),
 * -1 on error (reported, *d left for the caller to free).
 */
static int
parse_disk (guestfs_h *g, const char *domname,
            xmlXPathContextPtr ctx, xmlNodePtr node, struct domain_disk *d)
{
  CLEANUP_FREE char *type = xpath_string (g, ctx, node, "string(@type)");
  CLEANUP_FREE char *device = xpath_string (g, ctx, node, "string(@device)");
  CLEANUP_FREE char *blocksize =
    xpath_string (g, ctx, node, "string(./blockio/@logical_block_size)");
  xmlXPathObjectPtr ro;

  memset (d, 0, sizeof *d);
  if (type == NULL)
    type = strdup ("file");     /* libvirt's default disk type */
  if (type == NULL)
    guestfs_int_oom (g);

  if (strcmp (type, "file") == 0)
    d->filename = xpath_string (g, ctx, node, "string(./source/@file)");
  else if (strcmp (type, "block") == 0)
    d->filename = xpath_string (g, ctx, node, "string(./source/@dev)");
  else if (strcmp (type, "network") == 0) {
    d->protocol = xpath_string (g, ctx, node, "string(./source/@protocol)");
    d->filename = xpath_string (g, ctx, node, "string(./source/@name)");
    if (d->protocol == NULL) {
      guestfs_int_error_errno (g, EINVAL, "domain '%s': a network disk has "
                               "no protocol", domname);
      return -1;
    }
    d->servers = network_servers (g, ctx, node);
    d->username = xpath_string (g, ctx, node, "string(./auth/@username)");
  }
  else if (strcmp (type, "volume") == 0) {
    /* Only libvirt knows the volume's path: the caller asks it. */
    d->pool = xpath_string (g, ctx, node, "string(./source/@pool)");
    d->volume = xpath_string (g, ctx, node, "string(./source/@volume)");
  }
  else {
    debug (g, "domain '%s': skipping a disk of type '%s'", domname, type);
    return 0;
  }
  if (d->filename == NULL && (d->pool == NULL || d->volume == NULL)) {
    /* A drive with no medium (an empty CD-ROM) has nothing to add. */
    debug (g, "domain '%s': skipping a %s with no source", domname,
           device ? device : "disk");
    free_disk (d);
    return 0;
  }

  d->format = xpath_string (g, ctx, node, "string(./driver/@type)");
  ro = xmlXPathNodeEval (node, BAD_CAST "./readonly", ctx);
  if (ro == NULL)
    guestfs_int_oom (g);
  d->readonly_flag = ro->nodesetval && ro->nodesetval->nodeNr > 0;
  xmlXPathFreeObject (ro);
  /* libvirt gives a guest no way to write to a CD-ROM. */
  if (device && strcmp (device, "cdrom") == 0)
    d->readonly_flag = true;
  if (blocksize && parse_blocksize (g, domname, blocksize,
                                    &d->blocksize) == -1)
    return -1;
  return 1;
}

int
guestfs_int_parse_domain_xml (guestfs_h *g, const char *domname,
                               const char *xml,
                               struct domain_disk_vector *disks)
{
  xmlDocPtr doc;
  xmlXPathContextPtr ctx;
  xmlXPathObjectPtr obj;
  int i, n, ret = -1;
  size_t len;

  len = strnlen (xml, CAREEN_MAX_DOMAIN_XML + 1);
  if (len > CAREEN_MAX_DOMAIN_XML) {
    guestfs_int_error_errno (g, EFBIG, "domain '%s': its XML is larger "
                             "than %d bytes", domname, CAREEN_MAX_DOMAIN_XML);
    return -1;
  }
  doc = xmlReadMemory (xml, (int) len, NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR |
                       XML_PARSE_NOWARNING);
  if (doc == NULL) {
    guestfs_int_error_errno (g, EINVAL, "domain '%s': libvirt's XML cannot "
                             "be parsed", domname);
    return -1;
  }
  ctx = xmlXPathNewContext (doc);
  if (ctx == NULL)
    guestfs_int_oom (g);
  obj = xmlXPathEvalExpression (BAD_CAST "/domain/devices/disk", ctx);
  if (obj == NULL)
    guestfs_int_oom (g);

  n = obj->nodesetval ? obj->nodesetval->nodeNr : 0;
  for (i = 0; i < n; ++i) {
    struct domain_disk d;
    int r = parse_disk (g, domname, ctx, obj->nodesetval->nodeTab[i], &d);

    if (r == -1) {
      free_disk (&d);
      goto out;
    }
    if (r == 0)
      continue;
    if (domain_disk_vector_append (disks, d) == -1)
      guestfs_int_oom (g);
  }
  ret = 0;
 out:
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  return ret;
}
