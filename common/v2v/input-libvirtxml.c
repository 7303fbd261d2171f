/** careen - offline disk-image toolkit
 *
 * -i libvirtxml: a libvirt domain XML file, and (v2v_libvirtxml_parse)
 * the XML that -i libvirt gets from a libvirt connection.  Only local
 * files and block devices can be disks; network disks (and libvirt
 * storage volumes, which need a libvirt connection to resolve) are
 * refused.  Relative source paths are taken from the XML file's
 * directory, or the current one for -i libvirt.
 *
 * The XML is parsed without the network and without expanding
 * external entities: it may come from anywhere.
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "cleanups.h"
#include "xalloc.h"
#include "input.h"

/* Most vCPUs accepted: bounds what a hostile file can ask for. */
#define LIBVIRT_MAX_VCPUS 4096

/* The text of the first node XPATH finds (relative to NODE, or the
 * document), or NULL.  The caller frees it.
 */
static char *
xpath_string (xmlXPathContextPtr ctx, xmlNodePtr node, const char *xpath)
{
  xmlXPathObjectPtr obj;
  char *r = NULL;

  ctx->node = node;
  obj = xmlXPathEvalExpression (BAD_CAST xpath, ctx);
  if (obj == NULL)
    return NULL;
  if (obj->type == XPATH_NODESET && obj->nodesetval &&
      obj->nodesetval->nodeNr > 0) {
    xmlChar *c = xmlNodeGetContent (obj->nodesetval->nodeTab[0]);
    if (c) {
      r = xstrdup ((char *) c);
      xmlFree (c);
    }
  }
  xmlXPathFreeObject (obj);
  return r;
}

/* Scale of a libvirt memory unit; 0 if unknown. */
static uint64_t
memory_unit (const char *unit)
{
  static const struct { const char *name; uint64_t scale; } units[] = {
    { "b", 1 }, { "bytes", 1 },
    { "KB", 1000 }, { "k", 1024 }, { "KiB", 1024 },
    { "MB", 1000000 }, { "M", 1 << 20 }, { "MiB", 1 << 20 },
    { "GB", 1000000000 }, { "G", 1 << 30 }, { "GiB", 1 << 30 },
    { "TB", UINT64_C (1000000000000) }, { "T", UINT64_C (1) << 40 },
    { "TiB", UINT64_C (1) << 40 },
  };
  size_t i;

  if (unit == NULL)
    return 1024;
  for (i = 0; i < sizeof units / sizeof units[0]; ++i)
    if (strcmp (unit, units[i].name) == 0 ||
        (units[i].name[1] == '\0' && strcasecmp (unit, units[i].name) == 0))
      return units[i].scale;
  return 0;
}

static int
parse_uint (const char *xml, const char *what, const char *s, uint64_t *r)
{
  char *end;

  errno = 0;
  while (isspace ((unsigned char) *s))
    s++;
  if (*s == '-' || *s == '\0') {
    v2v_error ("%s: %s '%s' is not a number", xml, what, s);
    return -1;
  }
  *r = strtoull (s, &end, 10);
  while (isspace ((unsigned char) *end))
    end++;
  if (errno != 0 || *end != '\0') {
    v2v_error ("%s: %s '%s' is not a number", xml, what, s);
    return -1;
  }
  return 0;
}

static int
read_int_attr (xmlXPathContextPtr ctx, xmlNodePtr node, const char *xml,
               const char *xpath, int *r)
{
  CLEANUP_FREE char *s = xpath_string (ctx, node, xpath);
  uint64_t n;

  if (s == NULL)
    return 0;
  if (parse_uint (xml, xpath, s, &n) == -1)
    return -1;
  if (n > LIBVIRT_MAX_VCPUS) {
    v2v_error ("%s: %s %" PRIu64 " is out of range",
               xml, xpath, n);
    return -1;
  }
  *r = (int) n;
  return 0;
}

static enum v2v_bus
bus_of (const char *bus)
{
  if (bus == NULL) return V2V_BUS_UNKNOWN;
  if (strcmp (bus, "ide") == 0) return V2V_BUS_IDE;
  if (strcmp (bus, "sata") == 0) return V2V_BUS_SATA;
  if (strcmp (bus, "scsi") == 0) return V2V_BUS_SCSI;
  if (strcmp (bus, "virtio") == 0) return V2V_BUS_VIRTIO_BLK;
  return V2V_BUS_UNKNOWN;
}

/* "sdb" -> 1, "hdc" -> 2, "vdaa" -> 26; -1 if DEV is not such a name. */
static int
slot_of (const char *dev)
{
  static const char *const prefixes[] = { "xvd", "sd", "hd", "vd", "fd" };
  size_t i, n;
  int slot = 0;

  if (dev == NULL)
    return -1;
  for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; ++i) {
    n = strlen (prefixes[i]);
    if (strncmp (dev, prefixes[i], n) == 0)
      break;
  }
  if (i == sizeof prefixes / sizeof prefixes[0])
    return -1;
  dev += n;
  if (*dev == '\0' || strlen (dev) > 3)
    return -1;
  for (; *dev; ++dev) {
    if (*dev < 'a' || *dev > 'z')
      return -1;
    slot = slot * 26 + (*dev - 'a' + 1);
  }
  return slot - 1;
}

/* PATH as an absolute path, relative ones from DIR. */
static char *
absolute_from (const char *dir, const char *path)
{
  char *r;

  if (path[0] == '/')
    return xstrdup (path);
  if (asprintf (&r, "%s/%s", dir, path) == -1)
    die_nomem ();
  return r;
}

static int
read_disk (xmlXPathContextPtr ctx, xmlNodePtr node, const char *xml,
           const char *dir, const char *format, struct v2v_source *s)
{
  CLEANUP_FREE char *device = xpath_string (ctx, node, "@device");
  CLEANUP_FREE char *type = xpath_string (ctx, node, "@type");
  CLEANUP_FREE char *bus = xpath_string (ctx, node, "target/@bus");
  CLEANUP_FREE char *dev = xpath_string (ctx, node, "target/@dev");
  CLEANUP_FREE char *driver = NULL, *src = NULL, *path = NULL;

  if (device != NULL && strcmp (device, "cdrom") == 0) {
    v2v_source_add_removable (s, false, bus_of (bus), slot_of (dev));
    return 0;
  }
  if (device != NULL && strcmp (device, "floppy") == 0) {
    v2v_source_add_removable (s, true, bus_of (bus), slot_of (dev));
    return 0;
  }
  if (device != NULL && strcmp (device, "disk") != 0 &&
      strcmp (device, "lun") != 0) {
    v2v_error ("%s: disk device '%s' is not supported",
               xml, device);
    return -1;
  }

  if (type == NULL || strcmp (type, "file") == 0)
    src = xpath_string (ctx, node, "source/@file");
  else if (strcmp (type, "block") == 0)
    src = xpath_string (ctx, node, "source/@dev");
  else {
    v2v_error ("%s: disk %s: disks of type '%s' are not "
               "supported, only local files and block devices",
               xml, dev ? dev : "", type);
    return -1;
  }
  if (src == NULL || *src == '\0') {
    v2v_error ("%s: disk %s has no source", xml,
               dev ? dev : "");
    return -1;
  }
  if (v2v_name_is_protocol (src)) {
    v2v_error ("%s: disk '%s' is not a local file name",
               xml, src);
    return -1;
  }
  path = absolute_from (dir, src);

  if (format == NULL)
    driver = xpath_string (ctx, node, "driver/@type");
  return v2v_source_add_disk (s, path, format ? format : driver,
                              bus_of (bus), slot_of (dev));
}

static void
read_nic (xmlXPathContextPtr ctx, xmlNodePtr node, const char *xml,
          struct v2v_source *s)
{
  CLEANUP_FREE char *type = xpath_string (ctx, node, "@type");
  CLEANUP_FREE char *mac = xpath_string (ctx, node, "mac/@address");
  CLEANUP_FREE char *model = xpath_string (ctx, node, "model/@type");
  CLEANUP_FREE char *net = NULL;
  enum v2v_net_type vtype;

  if (type != NULL && strcmp (type, "network") == 0) {
    net = xpath_string (ctx, node, "source/@network");
    vtype = V2V_NET_NETWORK;
  }
  else if (type != NULL && strcmp (type, "bridge") == 0) {
    net = xpath_string (ctx, node, "source/@bridge");
    vtype = V2V_NET_BRIDGE;
  }
  else {
    v2v_warning ("%s: interface of type '%s' ignored",
                 xml, type ? type : "");
    return;
  }
  if (net == NULL) {
    v2v_warning ("%s: interface without a source ignored",
                 xml);
    return;
  }
  v2v_source_add_nic (s, mac, model, vtype, net);
}

/* The nodes XPATH finds from the root; never NULL. */
static xmlXPathObjectPtr
xpath_nodes (xmlXPathContextPtr ctx, const char *xpath)
{
  xmlXPathObjectPtr obj;

  ctx->node = xmlDocGetRootElement (ctx->doc);
  obj = xmlXPathEvalExpression (BAD_CAST xpath, ctx);
  if (obj == NULL)
    die_nomem ();
  return obj;
}

static int
read_domain (xmlXPathContextPtr ctx, const char *xml, const char *dir,
             const char *format, struct v2v_source *s)
{
  CLEANUP_FREE char *type = NULL, *mem = NULL, *unit = NULL;
  CLEANUP_FREE char *fw = NULL, *loader = NULL;
  xmlXPathObjectPtr obj;
  uint64_t n, scale;
  int i, r = 0;

  s->name = xpath_string (ctx, NULL, "/domain/name");
  if (s->name == NULL || *s->name == '\0') {
    v2v_error ("%s: no <name> in <domain>", xml);
    return -1;
  }

  type = xpath_string (ctx, NULL, "/domain/@type");
  s->hypervisor = xstrdup (type ? type : "unknown");

  mem = xpath_string (ctx, NULL, "/domain/memory");
  if (mem == NULL) {
    v2v_error ("%s: no <memory> in <domain>", xml);
    return -1;
  }
  unit = xpath_string (ctx, NULL, "/domain/memory/@unit");
  scale = memory_unit (unit);
  if (scale == 0) {
    v2v_error ("%s: unknown memory unit '%s'", xml, unit);
    return -1;
  }
  if (parse_uint (xml, "memory", mem, &n) == -1)
    return -1;
  if (__builtin_mul_overflow (n, scale, &s->memory)) {
    v2v_error ("%s: memory %s %s is out of range",
               xml, mem, unit ? unit : "KiB");
    return -1;
  }

  s->vcpus = 1;
  if (read_int_attr (ctx, NULL, xml, "/domain/vcpu", &s->vcpus) == -1 ||
      read_int_attr (ctx, NULL, xml, "/domain/cpu/topology/@sockets",
                     &s->cpu_sockets) == -1 ||
      read_int_attr (ctx, NULL, xml, "/domain/cpu/topology/@cores",
                     &s->cpu_cores) == -1 ||
      read_int_attr (ctx, NULL, xml, "/domain/cpu/topology/@threads",
                     &s->cpu_threads) == -1)
    return -1;
  if (s->vcpus < 1) {
    v2v_error ("%s: <vcpu> must be at least 1", xml);
    return -1;
  }

  fw = xpath_string (ctx, NULL, "/domain/os/@firmware");
  loader = xpath_string (ctx, NULL, "/domain/os/loader/@type");
  if (fw != NULL && strcmp (fw, "efi") == 0)
    s->firmware = V2V_FIRMWARE_UEFI;
  else if (fw != NULL && strcmp (fw, "bios") == 0)
    s->firmware = V2V_FIRMWARE_BIOS;
  else if (loader != NULL && strcmp (loader, "pflash") == 0)
    s->firmware = V2V_FIRMWARE_UEFI;

  s->genid = xpath_string (ctx, NULL, "/domain/genid");

  obj = xpath_nodes (ctx, "/domain/devices/graphics");
  s->display = obj->nodesetval && obj->nodesetval->nodeNr > 0;
  xmlXPathFreeObject (obj);

  obj = xpath_nodes (ctx, "/domain/devices/disk");
  for (i = 0; r == 0 && obj->nodesetval && i < obj->nodesetval->nodeNr; ++i)
    r = read_disk (ctx, obj->nodesetval->nodeTab[i], xml, dir, format, s);
  xmlXPathFreeObject (obj);
  if (r == -1)
    return -1;

  obj = xpath_nodes (ctx, "/domain/devices/interface");
  for (i = 0; obj->nodesetval && i < obj->nodesetval->nodeNr; ++i)
    read_nic (ctx, obj->nodesetval->nodeTab[i], xml, s);
  xmlXPathFreeObject (obj);
  return 0;
}

int
v2v_libvirtxml_parse (const char *text, size_t len, const char *what,
                      const char *dir, const char *format,
                      struct v2v_source *s)
{
  xmlDocPtr doc;
  xmlXPathContextPtr ctx;
  int r;

  if (len > V2V_MAX_DESCRIPTION) {
    v2v_error ("%s: the XML is larger than %d bytes", what,
               V2V_MAX_DESCRIPTION);
    return -1;
  }
  doc = xmlReadMemory (text, (int) len, NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR |
                       XML_PARSE_NOWARNING);
  if (doc == NULL) {
    v2v_error ("%s: cannot parse the XML", what);
    return -1;
  }
  ctx = xmlXPathNewContext (doc);
  if (ctx == NULL)
    die_nomem ();
  r = read_domain (ctx, what, dir, format, s);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  return r;
}

int
v2v_input_libvirtxml (const char *xml, const char *format,
                      struct v2v_source *s)
{
  CLEANUP_FREE char *text = NULL, *real = NULL, *what = NULL;
  size_t len;
  char *slash;

  real = realpath (xml, NULL);
  if (real == NULL) {
    v2v_error ("-i libvirtxml: '%s': %m", xml);
    return -1;
  }
  text = v2v_read_description (real, &len);
  if (text == NULL)
    return -1;
  if (asprintf (&what, "libvirt xml '%s'", xml) == -1)
    die_nomem ();

  /* Relative disk paths are taken from the file's directory. */
  slash = strrchr (real, '/');
  if (slash == real)
    slash[1] = '\0';
  else
    *slash = '\0';
  return v2v_libvirtxml_parse (text, len, what, real, format, s);
}
