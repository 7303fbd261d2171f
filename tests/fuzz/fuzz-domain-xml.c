/** careen - offline disk-image toolkit
 *
 * libFuzzer harness for the library's reader of libvirt domain XML
 * (lib/domain-xml.c): the part of add_domain and add_libvirt_dom that
 * turns a domain's XML into the disks to add.  libvirt hands the XML
 * over, but its disks, formats and hosts are what the domain's author
 * wrote.
 *
 * The input is the XML.  Every disk read must be a whole one (a path,
 * or a storage volume's pool and name; a network disk has its protocol
 * and a server list), and a network disk's servers, protocol and
 * format are given to add_drive, read-only, as add_domain gives them:
 * its checks must accept or refuse them without crashing.  Files and
 * block devices are not added: their names are host paths, and opening
 * whatever the fuzzer names is not the reader's business.
 */

#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs.h"
#include "guestfs-internal.h"
#include "domain-xml.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guestfs_h *g;

static void
add_network_disk (const struct domain_disk *d)
{
  struct guestfs_add_drive_opts_argv args = { .bitmask = 0 };

  args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_READONLY_BITMASK;
  args.readonly = 1;
  args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_PROTOCOL_BITMASK;
  args.protocol = d->protocol;
  args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_SERVER_BITMASK;
  args.server = d->servers;
  if (d->format) {
    args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_FORMAT_BITMASK;
    args.format = d->format;
  }
  if (d->username) {
    args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_USERNAME_BITMASK;
    args.username = d->username;
  }
  if (d->blocksize > 0) {
    args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_BLOCKSIZE_BITMASK;
    args.blocksize = d->blocksize;
  }
  if (guestfs_add_drive_opts_argv (g, d->filename, &args) == 0)
    guestfs_int_free_drives (g);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct domain_disk_vector disks = { 0 };
  char *xml;
  size_t i;

  if (g == NULL) {
    g = guestfs_create ();
    if (g == NULL)
      abort ();
    guestfs_set_error_handler (g, NULL, NULL);
  }
  xml = strndup ((const char *) data, size);
  if (xml == NULL)
    abort ();

  if (guestfs_int_parse_domain_xml (g, "fuzz", xml, &disks) == 0) {
    for (i = 0; i < disks.len; ++i) {
      const struct domain_disk *d = &disks.ptr[i];

      if (d->filename == NULL && (d->pool == NULL || d->volume == NULL))
        abort ();
      if (d->protocol && d->servers == NULL)
        abort ();
      if (d->blocksize < 0)
        abort ();
      if (d->protocol)
        add_network_disk (d);
    }
  }
  guestfs_int_free_domain_disks (&disks);
  free (xml);
  return 0;
}
