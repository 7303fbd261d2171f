/** careen - offline disk-image toolkit
 *
 * -o libvirt's dealings with libvirt: the connection (-oc URI, or
 * libvirt's default), the storage pool the disks are written to (-os,
 * "default" without it), the name check, and the definition of the
 * converted guest.
 *
 * careen copies the disks itself with qemu-img into the pool's target
 * directory, so only directory pools ("dir" type) can be written: a
 * logical, iSCSI or RBD pool would need libvirt to create and upload
 * each volume, which careen does not do, and is refused by name.
 *
 * The domain type is the connection's: "kvm" where the host has it
 * for the guest's architecture, else "qemu" (TCG), else the first the
 * connection offers; "kvm", with a warning, when the connection lists
 * no guests of that architecture.  A hypervisor that cannot run the
 * type the domain names refuses to define it.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "cleanups.h"
#include "v2v.h"

struct v2v_libvirt_target {
  virConnectPtr conn;
  char *uri;                    /* as given, for messages: never NULL */
  char *pool;                   /* the pool's name */
  char *dir;                    /* the pool's target directory */
};

/* libvirt prints every error on stderr by default; the failures that
 * matter are reported once here, with virGetLastErrorMessage.
 */
static void
quiet_errors (void *opaque, virErrorPtr err)
{
}

/* Evaluates XPATH on the XML text DOC and returns the string value of
 * the result (new string; "" when nothing matches), or NULL when the
 * XML does not parse (nothing printed).
 */
static char *
xml_query (const char *doc, const char *xpath)
{
  xmlDocPtr xml;
  xmlXPathContextPtr ctx = NULL;
  xmlXPathObjectPtr obj = NULL;
  char *r = NULL;

  xml = xmlReadMemory (doc, strlen (doc), NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR |
                       XML_PARSE_NOWARNING);
  if (xml == NULL)
    return NULL;
  ctx = xmlXPathNewContext (xml);
  if (ctx)
    obj = xmlXPathEvalExpression (BAD_CAST xpath, ctx);
  if (obj) {
    xmlChar *s = xmlXPathCastToString (obj);

    if (s) {
      r = strdup ((const char *) s);
      xmlFree (s);
    }
  }
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (xml);
  return r;
}

void
v2v_libvirt_target_close (struct v2v_libvirt_target *t)
{
  if (t == NULL)
    return;
  if (t->conn)
    virConnectClose (t->conn);
  free (t->uri);
  free (t->pool);
  free (t->dir);
  free (t);
}

/* The pool named (or with the UUID) POOL, or NULL (printed). */
static virStoragePoolPtr
find_pool (struct v2v_libvirt_target *t, const char *pool)
{
  virStoragePoolPtr p;

  p = virStoragePoolLookupByUUIDString (t->conn, pool);
  if (p == NULL)
    p = virStoragePoolLookupByName (t->conn, pool);
  if (p == NULL)
    v2v_error ("-os %s: no such storage pool on libvirt %s: %s", pool,
               t->uri, virGetLastErrorMessage ());
  return p;
}

/* Fills t->pool and t->dir from the XML of P, refusing a pool that is
 * not a directory.
 */
static int
read_pool (struct v2v_libvirt_target *t, virStoragePoolPtr p,
           const char *given)
{
  CLEANUP_FREE char *xml = NULL, *type = NULL;

  xml = virStoragePoolGetXMLDesc (p, 0);
  if (xml == NULL) {
    v2v_error ("-os %s: cannot get the storage pool's XML: %s", given,
               virGetLastErrorMessage ());
    return -1;
  }
  type = xml_query (xml, "string(/pool/@type)");
  t->pool = xml_query (xml, "string(/pool/name)");
  t->dir = xml_query (xml, "string(/pool/target/path)");
  if (type == NULL || t->pool == NULL || t->dir == NULL) {
    v2v_error ("-os %s: libvirt's XML of the storage pool does not parse",
               given);
    return -1;
  }
  if (strcmp (type, "dir") != 0) {
    v2v_error ("-os %s: the storage pool is of type '%s': careen writes "
               "the disks only into directory pools (type 'dir')", given,
               type);
    return -1;
  }
  if (t->dir[0] != '/') {
    v2v_error ("-os %s: the storage pool has no absolute target path",
               given);
    return -1;
  }
  return 0;
}

struct v2v_libvirt_target *
v2v_libvirt_target_open (const char *uri, const char *pool)
{
  struct v2v_libvirt_target *t;
  virStoragePoolPtr p;
  int r;

  t = calloc (1, sizeof *t);
  if (t == NULL ||
      (t->uri = strdup (uri ? uri : "(default connection)")) == NULL) {
    v2v_error ("out of memory");
    free (t);
    return NULL;
  }
  if (virInitialize () == -1) {
    v2v_error ("could not initialize libvirt: %s", virGetLastErrorMessage ());
    goto err;
  }
  virSetErrorFunc (NULL, quiet_errors);
  t->conn = virConnectOpenAuth (uri, virConnectAuthPtrDefault, 0);
  if (t->conn == NULL) {
    v2v_error ("could not connect to libvirt %s: %s", t->uri,
               virGetLastErrorMessage ());
    goto err;
  }
  p = find_pool (t, pool);
  if (p == NULL)
    goto err;
  r = read_pool (t, p, pool);
  virStoragePoolFree (p);
  if (r == -1)
    goto err;
  return t;

 err:
  v2v_libvirt_target_close (t);
  return NULL;
}

const char *
v2v_libvirt_target_dir (const struct v2v_libvirt_target *t)
{
  return t->dir;
}

int
v2v_libvirt_target_check_name (struct v2v_libvirt_target *t,
                               const char *name)
{
  virDomainPtr dom = virDomainLookupByName (t->conn, name);

  if (dom == NULL)
    return 0;
  virDomainFree (dom);
  v2v_error ("a libvirt domain called '%s' already exists on %s: remove it "
             "or choose another name with -on", name, t->uri);
  return -1;
}

char *
v2v_libvirt_target_domain_type (struct v2v_libvirt_target *t,
                                const char *arch)
{
  static const char *const preferred[] = { "kvm", "qemu" };
  CLEANUP_FREE char *caps = NULL;
  char *type;
  size_t k;

  if (strchr (arch, '\'') != NULL) {
    v2v_error ("architecture '%s' cannot be looked up", arch);
    return NULL;
  }
  caps = virConnectGetCapabilities (t->conn);
  if (caps == NULL) {
    v2v_error ("libvirt %s: cannot get its capabilities: %s", t->uri,
               virGetLastErrorMessage ());
    return NULL;
  }
  for (k = 0; k <= sizeof preferred / sizeof preferred[0]; ++k) {
    CLEANUP_FREE char *xpath = NULL;

    if (k < sizeof preferred / sizeof preferred[0]) {
      if (asprintf (&xpath, "string(/capabilities/guest/arch[@name='%s']"
                    "/domain[@type='%s']/@type)", arch, preferred[k]) == -1)
        xpath = NULL;
    }
    else if (asprintf (&xpath, "string(/capabilities/guest/arch"
                       "[@name='%s']/domain/@type)", arch) == -1)
      xpath = NULL;
    if (xpath == NULL) {
      v2v_error ("out of memory");
      return NULL;
    }
    type = xml_query (caps, xpath);
    if (type == NULL) {
      v2v_error ("libvirt %s: its capabilities XML does not parse", t->uri);
      return NULL;
    }
    if (type[0] != '\0')
      return type;
    free (type);
  }
  /* As virt-v2v: the guest is converted already, so a connection that
   * does not list the architecture (the test driver lists only i686)
   * is told about it, and the guest is defined as a KVM one.
   */
  v2v_warning ("libvirt %s lists no %s guests: defining the guest as a "
               "KVM one", t->uri, arch);
  type = strdup ("kvm");
  if (type == NULL)
    v2v_error ("out of memory");
  return type;
}

int
v2v_libvirt_target_define (struct v2v_libvirt_target *t, const char *xml,
                           bool verbose)
{
  virDomainPtr dom;
  virStoragePoolPtr p;

  dom = virDomainDefineXML (t->conn, xml);
  if (dom == NULL) {
    v2v_error ("libvirt %s refused to define the guest: %s", t->uri,
               virGetLastErrorMessage ());
    return -1;
  }
  if (verbose) {
    /* What libvirt made of it: the only way to see a definition on a
     * connection that does not keep it (the test driver).
     */
    CLEANUP_FREE char *back = virDomainGetXMLDesc (dom,
                                                   VIR_DOMAIN_XML_INACTIVE);

    fprintf (stderr, "%s: libvirt defined the domain as:\n%s", v2v_program (),
             back ? back : "(its XML cannot be read back)\n");
  }
  virDomainFree (dom);

  /* The pool lists the new files only once it looks again; a pool that
   * cannot be refreshed (inactive) still holds them.
   */
  p = virStoragePoolLookupByName (t->conn, t->pool);
  if (p == NULL || virStoragePoolRefresh (p, 0) == -1)
    v2v_warning ("storage pool '%s' could not be refreshed: run 'virsh "
                 "pool-refresh %s' to see the guest's disks in it",
                 t->pool, t->pool);
  if (p)
    virStoragePoolFree (p);
  return 0;
}

int
v2v_libvirt_target_undefine (struct v2v_libvirt_target *t, const char *name)
{
  virDomainPtr dom = virDomainLookupByName (t->conn, name);
  int r;

  if (dom == NULL) {
    v2v_error ("libvirt %s: cannot find the domain '%s' just defined: %s",
               t->uri, name, virGetLastErrorMessage ());
    return -1;
  }
  r = virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_NVRAM);
  if (r == -1)
    v2v_error ("libvirt %s: cannot undefine '%s': %s", t->uri, name,
               virGetLastErrorMessage ());
  virDomainFree (dom);
  return r;
}
