/** careen - offline disk-image toolkit
 *
 * virt-v2v -o local -os DIR: the disks as DIR/NAME-sda ... and a
 * libvirt domain DIR/NAME.xml, ready for 'virsh define'.  The domain
 * has the devices the converted guest has drivers for (struct
 * v2v_guestcaps), and the source's memory, vCPUs, NICs and removable
 * media.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cleanups.h"
#include "virt-v2v.h"

/* Writes S with the five XML special characters escaped, for text
 * and for attributes in single quotes.
 */
static void
xml_put (FILE *fp, const char *s)
{
  for (; *s; ++s) {
    switch (*s) {
    case '<': fputs ("&lt;", fp); break;
    case '>': fputs ("&gt;", fp); break;
    case '&': fputs ("&amp;", fp); break;
    case '\'': fputs ("&apos;", fp); break;
    case '"': fputs ("&quot;", fp); break;
    default: fputc (*s, fp);
    }
  }
}

static const char *
or_default (const char *s, const char *dflt)
{
  return s && *s ? s : dflt;
}

static void
write_cpu (FILE *fp, const struct v2v_source *s)
{
  fprintf (fp, "  <vcpu>%d</vcpu>\n", s->vcpus > 0 ? s->vcpus : 1);
  if (s->cpu_sockets > 0 || s->cpu_cores > 0 || s->cpu_threads > 0)
    fprintf (fp, "  <cpu>\n"
             "    <topology sockets='%d' cores='%d' threads='%d'/>\n"
             "  </cpu>\n",
             s->cpu_sockets > 0 ? s->cpu_sockets : 1,
             s->cpu_cores > 0 ? s->cpu_cores : 1,
             s->cpu_threads > 0 ? s->cpu_threads : 1);
}

static void
write_os (FILE *fp, const struct v2v_converted *c)
{
  const struct v2v_guestcaps *caps = &c->caps;

  if (c->firmware == V2V_FIRMWARE_UEFI)
    fprintf (fp, "  <os firmware='efi'>\n");
  else
    fprintf (fp, "  <os>\n");
  fprintf (fp, "    <type arch='");
  xml_put (fp, or_default (caps->arch, c->inspect.arch));
  fprintf (fp, "' machine='%s'>hvm</type>\n",
           or_default (caps->machine, "pc"));
  fprintf (fp, "  </os>\n");
  fprintf (fp, "  <features>\n");
  if (caps->acpi)
    fprintf (fp, "    <acpi/>\n");
  fprintf (fp, "    <apic/>\n");
  fprintf (fp, "  </features>\n");
}

static void
write_disks (FILE *fp, const struct v2v_cmdline *cl, const struct v2v_converted *c,
             const struct output_files *f)
{
  enum v2v_bus bus = c->caps.block_bus;
  size_t k;

  for (k = 0; k < f->n; ++k) {
    char dev[16];

    output_disk_name (bus, k, dev, sizeof dev);
    fprintf (fp, "    <disk type='file' device='disk'>\n"
             "      <driver name='qemu' type='%s'/>\n"
             "      <source file='", cl->output_format);
    xml_put (fp, f->final[k]);
    fprintf (fp, "'/>\n"
             "      <target dev='%s' bus='%s'/>\n"
             "    </disk>\n", dev, output_bus_name (bus));
  }
  if (bus == V2V_BUS_VIRTIO_SCSI)
    fprintf (fp, "    <controller type='scsi' index='0' "
             "model='virtio-scsi'/>\n");
}

/* CD-ROMs and floppies, empty: their media stay with the source.  A
 * q35 machine has no IDE, so its CD-ROMs go on SATA.
 */
static void
write_removables (FILE *fp, const struct v2v_converted *c)
{
  const struct v2v_source *s = c->source;
  bool q35 = c->caps.machine && strcmp (c->caps.machine, "q35") == 0;
  /* SATA names follow the disks when those are on (virtio-)SCSI. */
  size_t next_sd = c->caps.block_bus == V2V_BUS_VIRTIO_SCSI ?
    s->nr_disks : 0;
  size_t next_hd = c->caps.block_bus == V2V_BUS_IDE ? s->nr_disks : 0;
  size_t next_fd = 0, k;

  for (k = 0; k < s->nr_removables; ++k) {
    char dev[16];

    if (s->removables[k].floppy) {
      snprintf (dev, sizeof dev, "fd%c", (char) ('a' + next_fd++ % 26));
      fprintf (fp, "    <disk type='file' device='floppy'>\n"
               "      <target dev='%s' bus='fdc'/>\n"
               "    </disk>\n", dev);
    }
    else if (q35) {
      output_disk_name (V2V_BUS_SATA, next_sd++, dev, sizeof dev);
      fprintf (fp, "    <disk type='file' device='cdrom'>\n"
               "      <driver name='qemu' type='raw'/>\n"
               "      <target dev='%s' bus='sata'/>\n"
               "    </disk>\n", dev);
    }
    else {
      output_disk_name (V2V_BUS_IDE, next_hd++, dev, sizeof dev);
      fprintf (fp, "    <disk type='file' device='cdrom'>\n"
               "      <driver name='qemu' type='raw'/>\n"
               "      <target dev='%s' bus='ide'/>\n"
               "    </disk>\n", dev);
    }
  }
}

static void
write_nics (FILE *fp, const struct v2v_converted *c)
{
  const struct v2v_source *s = c->source;
  size_t k;

  for (k = 0; k < s->nr_nics; ++k) {
    const struct v2v_nic *n = &s->nics[k];
    bool bridge = n->vnet_type == V2V_NET_BRIDGE;

    fprintf (fp, "    <interface type='%s'>\n"
             "      <source %s='", bridge ? "bridge" : "network",
             bridge ? "bridge" : "network");
    xml_put (fp, or_default (n->vnet, "default"));
    fprintf (fp, "'/>\n      <model type='%s'/>\n",
             or_default (c->caps.net_model, "e1000"));
    if (n->mac) {
      fprintf (fp, "      <mac address='");
      xml_put (fp, n->mac);
      fprintf (fp, "'/>\n");
    }
    fprintf (fp, "    </interface>\n");
  }
}

static void
write_other_devices (FILE *fp, const struct v2v_converted *c)
{
  const struct v2v_guestcaps *caps = &c->caps;

  if (c->source->display) {
    fprintf (fp, "    <video>\n"
             "      <model type='vga'/>\n"
             "    </video>\n"
             "    <graphics type='vnc' autoport='yes'/>\n");
  }
  fprintf (fp, "    <input type='tablet' bus='usb'/>\n"
           "    <input type='mouse' bus='ps2'/>\n"
           "    <serial type='pty'/>\n"
           "    <console type='pty'/>\n");
  if (caps->virtio_rng)
    fprintf (fp, "    <rng model='virtio'>\n"
             "      <backend model='random'>/dev/urandom</backend>\n"
             "    </rng>\n");
  if (caps->virtio_balloon)
    fprintf (fp, "    <memballoon model='virtio'/>\n");
  else
    fprintf (fp, "    <memballoon model='none'/>\n");
  if (caps->pvpanic)
    fprintf (fp, "    <panic model='isa'/>\n");
  if (caps->virtio_socket)
    fprintf (fp, "    <vsock model='virtio'>\n"
             "      <cid auto='yes'/>\n"
             "    </vsock>\n");
}

int
output_domain_xml (FILE *fp, const struct v2v_cmdline *cl,
                   const struct v2v_converted *c,
                   const struct output_files *f, const char *type)
{
  const struct v2v_source *s = c->source;
  uint64_t kib = s->memory / 1024;

  fprintf (fp, "<?xml version='1.0' encoding='utf-8'?>\n"
           "<domain type='");
  xml_put (fp, type);
  fprintf (fp, "'>\n"
           "  <!-- generated by careen virt-v2v %s -->\n", PACKAGE_VERSION);
  if (strcmp (c->inspect.osinfo, "unknown") != 0) {
    fprintf (fp, "  <metadata>\n"
             "    <libosinfo:libosinfo xmlns:libosinfo="
             "'http://libosinfo.org/xmlns/libvirt/domain/1.0'>\n"
             "      <libosinfo:os id='");
    xml_put (fp, c->inspect.osinfo);
    fprintf (fp, "'/>\n"
             "    </libosinfo:libosinfo>\n"
             "  </metadata>\n");
  }
  fprintf (fp, "  <name>");
  xml_put (fp, s->name);
  fprintf (fp, "</name>\n");
  if (s->genid) {
    fprintf (fp, "  <genid>");
    xml_put (fp, s->genid);
    fprintf (fp, "</genid>\n");
  }
  fprintf (fp, "  <memory unit='KiB'>%" PRIu64 "</memory>\n"
           "  <currentMemory unit='KiB'>%" PRIu64 "</currentMemory>\n",
           kib, kib);
  write_cpu (fp, s);
  write_os (fp, c);
  fprintf (fp, "  <clock offset='%s'/>\n",
           strcmp (c->inspect.type, "windows") == 0 ? "localtime" : "utc");
  fprintf (fp, "  <on_poweroff>destroy</on_poweroff>\n"
           "  <on_reboot>restart</on_reboot>\n"
           "  <on_crash>restart</on_crash>\n"
           "  <devices>\n");
  write_disks (fp, cl, c, f);
  write_removables (fp, c);
  write_nics (fp, c);
  write_other_devices (fp, c);
  fprintf (fp, "  </devices>\n"
           "</domain>\n");
  return 0;
}

/* -o local's domain: a KVM guest, as virt-v2v writes it. */
static int
write_domain (FILE *fp, const struct v2v_cmdline *cl,
              const struct v2v_converted *c, const struct output_files *f)
{
  return output_domain_xml (fp, cl, c, f, "kvm");
}

int
output_local_write (const struct v2v_cmdline *cl, const struct v2v_converted *c)
{
  struct output_files f;
  int r;

  r = output_files_write (cl, c, ".xml", 0644, write_domain, &f);
  output_files_free (&f);
  return r;
}
