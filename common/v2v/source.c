/** careen - offline disk-image toolkit
 *
 * The source guest's description (struct v2v_source) that an input
 * fills: freeing it, and printing it for --print-source in the layout
 * virt-v2v users know (one "key: value" a line, then the lists of
 * disks, removables and NICs).
 */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "v2v.h"

void
v2v_source_free (struct v2v_source *s)
{
  size_t i;

  if (s == NULL)
    return;
  free (s->name);
  free (s->hypervisor);
  free (s->genid);
  for (i = 0; i < s->nr_disks; ++i) {
    free (s->disks[i].path);
    free (s->disks[i].format);
  }
  free (s->disks);
  free (s->removables);
  for (i = 0; i < s->nr_nics; ++i) {
    free (s->nics[i].mac);
    free (s->nics[i].model);
    free (s->nics[i].vnet);
  }
  free (s->nics);
  s->disks = NULL;
  s->removables = NULL;
  s->nics = NULL;
  s->nr_disks = s->nr_removables = s->nr_nics = 0;
  s->name = s->hypervisor = s->genid = NULL;
}

static const char *
firmware_name (enum v2v_firmware f)
{
  switch (f) {
  case V2V_FIRMWARE_BIOS: return "bios";
  case V2V_FIRMWARE_UEFI: return "uefi";
  case V2V_FIRMWARE_UNKNOWN: break;
  }
  return "unknown";
}

static const char *
bus_name (enum v2v_bus b)
{
  switch (b) {
  case V2V_BUS_IDE: return "ide";
  case V2V_BUS_SATA: return "sata";
  case V2V_BUS_SCSI: return "scsi";
  case V2V_BUS_VIRTIO_BLK: return "virtio-blk";
  case V2V_BUS_VIRTIO_SCSI: return "virtio-scsi";
  case V2V_BUS_UNKNOWN: break;
  }
  return NULL;
}

/* " [ide] in slot 0", or nothing when the source did not say. */
static void
print_bus_slot (FILE *fp, enum v2v_bus bus, int slot)
{
  const char *b = bus_name (bus);

  if (b)
    fprintf (fp, " [%s]", b);
  if (slot >= 0)
    fprintf (fp, " in slot %d", slot);
}

void
v2v_source_print (FILE *fp, const struct v2v_source *s)
{
  size_t i;

  fprintf (fp, "    source name: %s\n", s->name ? s->name : "");
  fprintf (fp, "hypervisor type: %s\n",
           s->hypervisor ? s->hypervisor : "unknown");
  fprintf (fp, "       VM genid: %s\n", s->genid ? s->genid : "");
  fprintf (fp, "         memory: %" PRIu64 " (bytes)\n", s->memory);
  fprintf (fp, "       nr vCPUs: %d\n", s->vcpus);
  if (s->cpu_sockets || s->cpu_cores || s->cpu_threads)
    fprintf (fp, "   CPU topology: sockets: %d cores/socket: %d "
             "threads/core: %d\n",
             s->cpu_sockets, s->cpu_cores, s->cpu_threads);
  fprintf (fp, "       firmware: %s\n", firmware_name (s->firmware));
  fprintf (fp, "        display: %s\n", s->display ? "yes" : "none");

  fprintf (fp, "disks:\n");
  for (i = 0; i < s->nr_disks; ++i) {
    const struct v2v_disk *d = &s->disks[i];

    fprintf (fp, "\t%s (%s)", d->path ? d->path : "",
             d->format ? d->format : "unknown");
    print_bus_slot (fp, d->bus, d->slot);
    fputc ('\n', fp);
  }

  fprintf (fp, "removable media:\n");
  for (i = 0; i < s->nr_removables; ++i) {
    const struct v2v_removable *r = &s->removables[i];

    fprintf (fp, "\t%s", r->floppy ? "Floppy" : "CD-ROM");
    print_bus_slot (fp, r->bus, r->slot);
    fputc ('\n', fp);
  }

  fprintf (fp, "NICs:\n");
  for (i = 0; i < s->nr_nics; ++i) {
    const struct v2v_nic *n = &s->nics[i];

    fprintf (fp, "\t%s \"%s\"",
             n->vnet_type == V2V_NET_BRIDGE ? "Bridge" : "Network",
             n->vnet ? n->vnet : "");
    if (n->mac)
      fprintf (fp, " mac: %s", n->mac);
    if (n->model)
      fprintf (fp, " [%s]", n->model);
    fputc ('\n', fp);
  }
}
