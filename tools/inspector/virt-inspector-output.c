/* careen - offline disk-image toolkit */

/**
 * virt-inspector's document: one <operatingsystem> per root with the
 * elements of libguestfs's virt-inspector, in its order, written as
 * XML with libxml2's text writer, or the same tree as JSON (--json).
 *
 * Both come from one walk through the facts, through a small writer
 * with the shapes the document needs (a text field, a number, a list,
 * a list entry with an attribute ...), so the two outputs cannot drift
 * apart.  Guest strings are escaped by libxml2, or by json_string here.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "guestfs.h"
#include "virt-inspector.h"

/* Deepest nesting of the document (operatingsystems, operatingsystem,
 * applications, application, field).
 */
#define WRITER_MAX_DEPTH 8

struct writer {
  bool json;
  xmlTextWriterPtr xml;
  int depth;
  bool in_array[WRITER_MAX_DEPTH];
  size_t count[WRITER_MAX_DEPTH];   /* members written at each level */
  bool failed;
};

/* JSON string with the escapes RFC 8259 requires. */
static void
json_string (const char *s)
{
  const unsigned char *p;

  putchar ('"');
  for (p = (const unsigned char *) s; *p; ++p) {
    switch (*p) {
    case '"': fputs ("\\\"", stdout); break;
    case '\\': fputs ("\\\\", stdout); break;
    case '\n': fputs ("\\n", stdout); break;
    case '\r': fputs ("\\r", stdout); break;
    case '\t': fputs ("\\t", stdout); break;
    default:
      if (*p < 0x20)
        printf ("\\u%04x", *p);
      else
        putchar (*p);
    }
  }
  putchar ('"');
}

/* JSON: the separator and indentation before a member, and its key
 * unless the container is an array.
 */
static void
json_member (struct writer *w, const char *key)
{
  int d = w->depth;

  if (w->count[d]++ > 0)
    putchar (',');
  printf ("\n%*s", 2 * (d + 1), "");
  if (!w->in_array[d]) {
    json_string (key);
    fputs (": ", stdout);
  }
}

static void
xml_check (struct writer *w, int r)
{
  if (r < 0)
    w->failed = true;
}

/* Opens a container: an object (array false) or a list. */
static void
w_open (struct writer *w, const char *name, bool array)
{
  if (w->depth + 1 >= WRITER_MAX_DEPTH) {
    w->failed = true;
    return;
  }
  if (w->json) {
    json_member (w, name);
    putchar (array ? '[' : '{');
  }
  else
    xml_check (w, xmlTextWriterStartElement (w->xml, BAD_CAST name));
  w->depth++;
  w->in_array[w->depth] = array;
  w->count[w->depth] = 0;
}

static void
w_close (struct writer *w)
{
  bool array = w->in_array[w->depth];
  bool empty = w->count[w->depth] == 0;

  w->depth--;
  if (w->json) {
    if (!empty)
      printf ("\n%*s", 2 * (w->depth + 1), "");
    putchar (array ? ']' : '}');
  }
  else
    xml_check (w, xmlTextWriterEndElement (w->xml));
}

static void
w_text (struct writer *w, const char *name, const char *value)
{
  if (w->json) {
    json_member (w, name);
    json_string (value);
  }
  else
    xml_check (w, xmlTextWriterWriteElement (w->xml, BAD_CAST name,
                                             BAD_CAST value));
}

/* A text field, left out when unknown or empty (as libguestfs does). */
static void
w_fact (struct writer *w, const char *name, const char *value)
{
  if (value && *value && strcmp (value, "unknown") != 0)
    w_text (w, name, value);
}

static void
w_int (struct writer *w, const char *name, int v)
{
  if (w->json) {
    json_member (w, name);
    printf ("%d", v);
  }
  else
    xml_check (w, xmlTextWriterWriteFormatElement (w->xml, BAD_CAST name,
                                                   "%d", v));
}

/* A list entry with one attribute and a text: XML <name attr="a">text
 * </name>, JSON { attr: a, name: text }.
 */
static void
w_entry (struct writer *w, const char *name, const char *attr,
         const char *attrval, const char *text)
{
  if (w->json) {
    json_member (w, name);
    putchar ('{');
    json_string (attr);
    fputs (": ", stdout);
    json_string (attrval);
    fputs (", ", stdout);
    json_string (name);
    fputs (": ", stdout);
    json_string (text);
    putchar ('}');
    return;
  }
  xml_check (w, xmlTextWriterStartElement (w->xml, BAD_CAST name));
  xml_check (w, xmlTextWriterWriteAttribute (w->xml, BAD_CAST attr,
                                             BAD_CAST attrval));
  xml_check (w, xmlTextWriterWriteString (w->xml, BAD_CAST text));
  xml_check (w, xmlTextWriterEndElement (w->xml));
}

/* Hashtable pairs sorted by key: by length first (mountpoints: "/"
 * before "/boot") or by name.
 */
static int
compare_len (const void *a, const void *b)
{
  const char *const *pa = a, *const *pb = b;
  size_t la = strlen (pa[0]), lb = strlen (pb[0]);

  return la != lb ? (la < lb ? -1 : 1) : strcmp (pa[0], pb[0]);
}

static int
compare_name (const void *a, const void *b)
{
  const char *const *pa = a, *const *pb = b;

  return strcmp (pa[0], pb[0]);
}

static void
free_list (char **l)
{
  size_t i;

  for (i = 0; l && l[i] != NULL; ++i)
    free (l[i]);
  free (l);
}

static size_t
list_len (char *const *l)
{
  size_t n = 0;

  while (l[n] != NULL)
    n++;
  return n;
}

/* One fact from a call returning a string. */
static int
w_call (struct writer *w, const char *name,
        char *(*fn) (guestfs_h *, const char *), guestfs_h *g,
        const char *root)
{
  char *s = fn (g, root);

  if (s == NULL)
    return -1;
  w_fact (w, name, s);
  free (s);
  return 0;
}

static int
output_mountpoints (struct writer *w, guestfs_h *g, const char *root)
{
  char **mps = guestfs_inspect_get_mountpoints (g, root);
  size_t i, n;

  if (mps == NULL)
    return -1;
  n = list_len (mps) / 2;
  qsort (mps, n, 2 * sizeof (char *), compare_len);
  w_open (w, "mountpoints", true);
  for (i = 0; i < n; ++i)
    w_entry (w, "mountpoint", "dev", mps[2*i+1], mps[2*i]);
  w_close (w);
  free_list (mps);
  return 0;
}

static int
output_filesystems (struct writer *w, guestfs_h *g, const char *root)
{
  char **fses = guestfs_inspect_get_filesystems (g, root);
  size_t i;

  if (fses == NULL)
    return -1;
  qsort (fses, list_len (fses), sizeof (char *), compare_name);
  w_open (w, "filesystems", true);
  for (i = 0; fses[i] != NULL; ++i) {
    char *type, *label, *uuid;

    /* A filesystem the tools cannot read just has fewer facts. */
    guestfs_push_error_handler (g, NULL, NULL);
    type = guestfs_vfs_type (g, fses[i]);
    label = guestfs_vfs_label (g, fses[i]);
    uuid = guestfs_vfs_uuid (g, fses[i]);
    guestfs_pop_error_handler (g);

    if (w->json) {
      w_open (w, "filesystem", false);
      w_text (w, "dev", fses[i]);
    }
    else {
      xml_check (w, xmlTextWriterStartElement (w->xml,
                                               BAD_CAST "filesystem"));
      xml_check (w, xmlTextWriterWriteAttribute (w->xml, BAD_CAST "dev",
                                                 BAD_CAST fses[i]));
      w->depth++;
      w->in_array[w->depth] = false;
      w->count[w->depth] = 0;
    }
    if (type && *type)
      w_text (w, "type", type);
    if (label && *label)
      w_text (w, "label", label);
    if (uuid && *uuid)
      w_text (w, "uuid", uuid);
    w_close (w);
    free (type);
    free (label);
    free (uuid);
  }
  w_close (w);
  free_list (fses);
  return 0;
}

static int
output_drive_mappings (struct writer *w, guestfs_h *g, const char *root)
{
  char **drives = guestfs_inspect_get_drive_mappings (g, root);
  size_t i, n;

  if (drives == NULL)
    return -1;
  n = list_len (drives) / 2;
  if (n > 0) {
    qsort (drives, n, 2 * sizeof (char *), compare_name);
    w_open (w, "drive_mappings", true);
    for (i = 0; i < n; ++i)
      w_entry (w, "drive_mapping", "name", drives[2*i], drives[2*i+1]);
    w_close (w);
  }
  free_list (drives);
  return 0;
}

static int
output_applications (struct writer *w, guestfs_h *g, const char *root)
{
  struct guestfs_application2_list *apps;
  uint32_t i;

  apps = guestfs_inspect_list_applications2 (g, root);
  if (apps == NULL)
    return -1;
  w_open (w, "applications", true);
  for (i = 0; i < apps->len; ++i) {
    const struct guestfs_application2 *a = &apps->val[i];

    w_open (w, "application", false);
    w_text (w, "name", a->app2_name);
    w_fact (w, "display_name", a->app2_display_name);
    if (a->app2_epoch != 0)
      w_int (w, "epoch", a->app2_epoch);
    w_fact (w, "version", a->app2_version);
    w_fact (w, "release", a->app2_release);
    w_fact (w, "arch", a->app2_arch);
    w_fact (w, "install_path", a->app2_install_path);
    w_fact (w, "publisher", a->app2_publisher);
    w_fact (w, "url", a->app2_url);
    w_fact (w, "source_package", a->app2_source_package);
    w_fact (w, "summary", a->app2_summary);
    w_fact (w, "description", a->app2_description);
    w_close (w);
  }
  w_close (w);
  guestfs_free_application2_list (apps);
  return 0;
}

/* Base64 (RFC 4648) of the icon, for JSON; XML has its own writer. */
static char *
base64 (const unsigned char *data, size_t len)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  char *out = malloc ((len + 2) / 3 * 4 + 1), *p = out;
  size_t i;

  if (out == NULL)
    return NULL;
  for (i = 0; i + 2 < len; i += 3) {
    *p++ = alphabet[data[i] >> 2];
    *p++ = alphabet[(data[i] & 3) << 4 | data[i+1] >> 4];
    *p++ = alphabet[(data[i+1] & 15) << 2 | data[i+2] >> 6];
    *p++ = alphabet[data[i+2] & 63];
  }
  if (i < len) {
    *p++ = alphabet[data[i] >> 2];
    if (i + 1 < len) {
      *p++ = alphabet[(data[i] & 3) << 4 | data[i+1] >> 4];
      *p++ = alphabet[(data[i+1] & 15) << 2];
    }
    else {
      *p++ = alphabet[(data[i] & 3) << 4];
      *p++ = '=';
    }
    *p++ = '=';
  }
  *p = '\0';
  return out;
}

static int
output_icon (struct writer *w, guestfs_h *g, const char *root)
{
  size_t size;
  char *icon = guestfs_inspect_get_icon (g, root, &size, -1);

  if (icon == NULL)
    return -1;
  if (size > 0) {
    if (w->json) {
      char *b = base64 ((unsigned char *) icon, size);

      if (b == NULL) {
        free (icon);
        return -1;
      }
      w_text (w, "icon", b);
      free (b);
    }
    else {
      xml_check (w, xmlTextWriterStartElement (w->xml, BAD_CAST "icon"));
      xml_check (w, xmlTextWriterWriteBase64 (w->xml, icon, 0, (int) size));
      xml_check (w, xmlTextWriterEndElement (w->xml));
    }
  }
  free (icon);
  return 0;
}

static int
output_root (struct writer *w, guestfs_h *g, const char *root,
             const struct inspector_output *out)
{
  char *type = guestfs_inspect_get_type (g, root);
  int major, minor, r = 0;

  if (type == NULL)
    return -1;
  w_open (w, "operatingsystem", false);
  w_text (w, "root", root);
  w_fact (w, "name", type);
  if (w_call (w, "arch", guestfs_inspect_get_arch, g, root) == -1 ||
      w_call (w, "distro", guestfs_inspect_get_distro, g, root) == -1 ||
      w_call (w, "product_name", guestfs_inspect_get_product_name, g,
              root) == -1 ||
      w_call (w, "product_variant", guestfs_inspect_get_product_variant, g,
              root) == -1)
    goto out_fail;
  major = guestfs_inspect_get_major_version (g, root);
  minor = guestfs_inspect_get_minor_version (g, root);
  if (major == -1 || minor == -1)
    goto out_fail;
  w_int (w, "major_version", major);
  w_int (w, "minor_version", minor);
  if (strcmp (type, "windows") == 0) {
    if (w_call (w, "windows_systemroot", guestfs_inspect_get_windows_systemroot,
                g, root) == -1)
      goto out_fail;
    /* Not known for every Windows: absent then. */
    guestfs_push_error_handler (g, NULL, NULL);
    w_call (w, "windows_current_control_set",
            guestfs_inspect_get_windows_current_control_set, g, root);
    guestfs_pop_error_handler (g);
  }
  if (w_call (w, "package_format", guestfs_inspect_get_package_format, g,
              root) == -1 ||
      w_call (w, "package_management",
              guestfs_inspect_get_package_management, g, root) == -1 ||
      w_call (w, "hostname", guestfs_inspect_get_hostname, g, root) == -1 ||
      w_call (w, "osinfo", guestfs_inspect_get_osinfo, g, root) == -1 ||
      output_mountpoints (w, g, root) == -1 ||
      output_filesystems (w, g, root) == -1 ||
      output_drive_mappings (w, g, root) == -1 ||
      (out->applications && output_applications (w, g, root) == -1) ||
      (out->icon && output_icon (w, g, root) == -1))
    goto out_fail;
  w_close (w);
  free (type);
  return r;

 out_fail:
  free (type);
  return -1;
}

int
inspector_output (const char *program, guestfs_h *g, char *const *roots,
                  const struct inspector_output *out)
{
  struct writer w = { .json = out->json };
  size_t i;
  int r = 0;

  if (w.json)
    putchar ('{');
  else {
    xmlOutputBufferPtr ob = xmlOutputBufferCreateFile (stdout, NULL);

    if (ob == NULL || (w.xml = xmlNewTextWriter (ob)) == NULL) {
      fprintf (stderr, "%s: cannot create the XML writer\n", program);
      return -1;
    }
    xml_check (&w, xmlTextWriterSetIndent (w.xml, 1));
    xml_check (&w, xmlTextWriterSetIndentString (w.xml, BAD_CAST "  "));
    xml_check (&w, xmlTextWriterStartDocument (w.xml, NULL, NULL, NULL));
  }
  w_open (&w, "operatingsystems", true);
  for (i = 0; roots[i] != NULL && r == 0; ++i)
    r = output_root (&w, g, roots[i], out);
  if (r == 0)
    w_close (&w);
  if (w.json) {
    fputs ("\n}\n", stdout);
  }
  else {
    xml_check (&w, xmlTextWriterEndDocument (w.xml));
    xmlFreeTextWriter (w.xml);
  }
  if (r == 0 && w.failed) {
    fprintf (stderr, "%s: error writing the output\n", program);
    r = -1;
  }
  if (fflush (stdout) == EOF) {
    perror (program);
    r = -1;
  }
  return r;
}
