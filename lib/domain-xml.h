/* careen - offline disk-image toolkit
 * The disks of a libvirt domain as its XML describes them: what
 * domain-xml.c finds and libvirt-domain.c adds.  Nothing here needs
 * libvirt, so the reader can be fuzzed on its own.
 */

#ifndef CAREEN_DOMAIN_XML_H
#define CAREEN_DOMAIN_XML_H

#include <stdbool.h>

#include "guestfs-internal.h"

/* Largest domain XML read: a domain with CAREEN_MAX_DRIVES disks takes
 * well under 1 MiB; this bounds libxml2's work on a hostile one.
 */
#define CAREEN_MAX_DOMAIN_XML (16 * 1024 * 1024)

/* One disk of the domain, as the XML describes it. */
struct domain_disk {
  char *filename;               /* path, or the network disk's name;
                                   NULL for a volume not yet resolved */
  char *pool, *volume;          /* <disk type='volume'>, else NULL */
  char *format;                 /* <driver type>, or NULL: probed */
  char *protocol;               /* network disks, else NULL */
  char **servers;               /* network disks: "tcp:HOST[:PORT]",
                                   "unix:PATH" */
  char *username;               /* network disks: <auth username>, or NULL */
  bool readonly_flag;           /* <readonly/>, or a CD-ROM */
  int blocksize;                /* <blockio logical_block_size>, or 0 */
};

DEFINE_VECTOR_TYPE (domain_disk_vector, struct domain_disk);

/* domain-xml.c */

/* Appends to disks every disk of the domain XML xml (the domain named
 * domname, for messages) that careen can add: a file, a block device,
 * a network disk or a storage volume (left for the caller to resolve
 * to a path).  Disks with no medium and kinds careen cannot add are
 * left out.  Returns 0, or -1 with the error reported on g; either way
 * the caller frees disks with guestfs_int_free_domain_disks.
 */
extern int guestfs_int_parse_domain_xml (guestfs_h *g, const char *domname,
                                         const char *xml,
                                         struct domain_disk_vector *disks);

/* Frees every disk in disks and the vector's storage. */
extern void guestfs_int_free_domain_disks (struct domain_disk_vector *disks);

#endif /* CAREEN_DOMAIN_XML_H */
