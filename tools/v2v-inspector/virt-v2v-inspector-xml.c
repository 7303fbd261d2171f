/** careen - offline disk-image toolkit
 *
 * virt-v2v-inspector: the XML document, in the layout of
 * virt-v2v-inspector(1) (2.2): the program, the disks with their
 * virtual size and estimated allocation, and the operating system as
 * inspection found it.  Written with libxml2's writer, so that guest
 * strings (a product name, a hostname) are escaped.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "virt-v2v-inspector.h"

#define CHECK(expr) do { if ((expr) < 0) goto xml_error; } while (0)

static int
element (xmlTextWriterPtr w, const char *name, const char *value)
{
  return xmlTextWriterWriteElement (w, BAD_CAST name, BAD_CAST value);
}

static int
element_u64 (xmlTextWriterPtr w, const char *name, uint64_t v,
             bool estimated)
{
  if (xmlTextWriterStartElement (w, BAD_CAST name) < 0 ||
      (estimated &&
       xmlTextWriterWriteAttribute (w, BAD_CAST "estimated",
                                    BAD_CAST "true") < 0) ||
      xmlTextWriterWriteFormatString (w, "%" PRIu64, v) < 0 ||
      xmlTextWriterEndElement (w) < 0)
    return -1;
  return 0;
}

static int
write_disks (xmlTextWriterPtr w, const struct v2v_converted *c)
{
  size_t k;

  CHECK (xmlTextWriterStartElement (w, BAD_CAST "disks"));
  for (k = 0; c->overlays[k]; ++k) {
    uint64_t size, allocated;

    if (estimate_virtual_size (c->overlays[k], &size) == -1 ||
        estimate_allocated (c->overlays[k], &allocated) == -1)
      return -1;
    CHECK (xmlTextWriterStartElement (w, BAD_CAST "disk"));
    CHECK (xmlTextWriterWriteFormatAttribute (w, BAD_CAST "index", "%zu",
                                              k));
    CHECK (element_u64 (w, "virtual-size", size, false));
    CHECK (element_u64 (w, "allocated", allocated, true));
    CHECK (xmlTextWriterEndElement (w));
  }
  CHECK (xmlTextWriterEndElement (w));
  return 0;

 xml_error:
  v2v_error ("writing the XML document failed");
  return -1;
}

static int
write_os (xmlTextWriterPtr w, const struct v2v_inspect *i,
          enum v2v_firmware firmware)
{
  size_t k;

  CHECK (xmlTextWriterStartElement (w, BAD_CAST "operatingsystem"));
  CHECK (element (w, "name", i->type));
  CHECK (element (w, "distro", i->distro));
  CHECK (element (w, "osinfo", i->osinfo));
  CHECK (element (w, "arch", i->arch));
  CHECK (xmlTextWriterWriteFormatElement (w, BAD_CAST "major_version", "%d",
                                          i->major));
  CHECK (xmlTextWriterWriteFormatElement (w, BAD_CAST "minor_version", "%d",
                                          i->minor));
  CHECK (element (w, "product_name", i->product_name));
  CHECK (element (w, "product_variant", i->product_variant));
  CHECK (element (w, "package_format", i->package_format));
  CHECK (element (w, "package_management", i->package_management));
  if (i->windows_systemroot[0])
    CHECK (element (w, "windows_systemroot", i->windows_systemroot));
  if (i->windows_current_control_set[0])
    CHECK (element (w, "windows_current_control_set",
                    i->windows_current_control_set));
  CHECK (element (w, "root", i->root));
  CHECK (element (w, "firmware",
                  firmware == V2V_FIRMWARE_UEFI ? "uefi" : "bios"));
  CHECK (xmlTextWriterStartElement (w, BAD_CAST "mountpoints"));
  for (k = 0; i->mountpoints[k] && i->mountpoints[k + 1]; k += 2) {
    CHECK (xmlTextWriterStartElement (w, BAD_CAST "mountpoint"));
    CHECK (xmlTextWriterWriteAttribute (w, BAD_CAST "dev",
                                        BAD_CAST i->mountpoints[k + 1]));
    CHECK (xmlTextWriterWriteString (w, BAD_CAST i->mountpoints[k]));
    CHECK (xmlTextWriterEndElement (w));
  }
  CHECK (xmlTextWriterEndElement (w));
  CHECK (xmlTextWriterEndElement (w));
  return 0;

 xml_error:
  v2v_error ("writing the XML document failed");
  return -1;
}

/* All of BUF to FD. */
static int
write_all (int fd, const char *buf, size_t len)
{
  while (len > 0) {
    ssize_t r = write (fd, buf, len);

    if (r == -1) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    buf += r;
    len -= r;
  }
  return 0;
}

/* The document is made in memory and written at once: a -O file is
 * written under a temporary name and renamed, so that it is never seen
 * half written.
 */
static int
save (const char *file, int doc_fd, const char *buf, size_t len)
{
  char *tmp = NULL;
  int fd, r = -1;

  if (strcmp (file, "-") == 0) {
    if (write_all (doc_fd, buf, len) == -1) {
      v2v_error ("writing the XML document: %s", strerror (errno));
      return -1;
    }
    return 0;
  }
  if (asprintf (&tmp, "%s.partial", file) == -1) {
    v2v_error ("asprintf: out of memory");
    return -1;
  }
  fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
             0644);
  if (fd == -1) {
    v2v_error ("-O %s: %s", tmp, strerror (errno));
    goto out;
  }
  if (write_all (fd, buf, len) == -1 || close (fd) == -1) {
    v2v_error ("-O %s: %s", tmp, strerror (errno));
    unlink (tmp);
    goto out;
  }
  if (rename (tmp, file) == -1) {
    v2v_error ("-O %s: rename: %s", file, strerror (errno));
    unlink (tmp);
    goto out;
  }
  r = 0;
 out:
  free (tmp);
  return r;
}

int
write_inspection (const char *file, int doc_fd,
                  const struct v2v_converted *c)
{
  xmlBufferPtr buf = xmlBufferCreate ();
  xmlTextWriterPtr w = NULL;
  int r = -1;

  if (buf == NULL || (w = xmlNewTextWriterMemory (buf, 0)) == NULL) {
    v2v_error ("xmlNewTextWriterMemory: out of memory");
    goto out;
  }
  CHECK (xmlTextWriterSetIndent (w, 1));
  CHECK (xmlTextWriterSetIndentString (w, BAD_CAST "  "));
  CHECK (xmlTextWriterStartDocument (w, NULL, "utf-8", NULL));
  CHECK (xmlTextWriterStartElement (w, BAD_CAST "v2v-inspection"));
  CHECK (element (w, "program", PROGRAM));
  CHECK (element (w, "package", PACKAGE_NAME));
  CHECK (element (w, "version", PACKAGE_VERSION));
  if (write_disks (w, c) == -1 ||
      write_os (w, &c->inspect, c->firmware) == -1)
    goto out;
  CHECK (xmlTextWriterEndElement (w));
  CHECK (xmlTextWriterEndDocument (w));
  xmlFreeTextWriter (w);        /* flushes into buf */
  w = NULL;
  r = save (file, doc_fd, (const char *) xmlBufferContent (buf),
            xmlBufferLength (buf));
  goto out;

 xml_error:
  v2v_error ("writing the XML document failed");
 out:
  if (w)
    xmlFreeTextWriter (w);
  if (buf)
    xmlBufferFree (buf);
  return r;
}
