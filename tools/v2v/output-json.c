/** careen - offline disk-image toolkit
 *
 * virt-v2v -o json -os DIR: the disks as DIR/NAME-sda ... and
 * DIR/NAME.json, a description of the converted guest for programs
 * that build their own virtual machine from it.  virt-v2v 2.2 no
 * longer has this output; careen keeps it, with the layout its man
 * page documents (virt-v2v(1), "-o json").
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cleanups.h"
#include "virt-v2v.h"

static void
json_field (FILE *fp, const char *indent, const char *name,
            const char *value, bool last)
{
  fprintf (fp, "%s\"%s\": ", indent, name);
  if (value)
    options_json_string (fp, value);
  else
    fputs ("null", fp);
  fputs (last ? "\n" : ",\n", fp);
}

static void
write_disks (FILE *fp, const struct v2v_cmdline *cl, const struct v2v_converted *c,
             const struct output_files *f)
{
  size_t k;

  fprintf (fp, "  \"disks\": [\n");
  for (k = 0; k < f->n; ++k) {
    char dev[16];

    output_disk_name (c->caps.block_bus, k, dev, sizeof dev);
    fprintf (fp, "    {\n");
    json_field (fp, "      ", "file", f->final[k], false);
    json_field (fp, "      ", "format", cl->output_format, false);
    json_field (fp, "      ", "bus", output_bus_name (c->caps.block_bus),
                false);
    json_field (fp, "      ", "dev", dev, true);
    fprintf (fp, "    }%s\n", k + 1 < f->n ? "," : "");
  }
  fprintf (fp, "  ],\n");
}

static void
write_removables (FILE *fp, const struct v2v_source *s)
{
  size_t k;

  fprintf (fp, "  \"removables\": [\n");
  for (k = 0; k < s->nr_removables; ++k)
    fprintf (fp, "    { \"type\": \"%s\" }%s\n",
             s->removables[k].floppy ? "floppy" : "cdrom",
             k + 1 < s->nr_removables ? "," : "");
  fprintf (fp, "  ],\n");
}

static void
write_nics (FILE *fp, const struct v2v_converted *c)
{
  const struct v2v_source *s = c->source;
  size_t k;

  fprintf (fp, "  \"nics\": [\n");
  for (k = 0; k < s->nr_nics; ++k) {
    const struct v2v_nic *n = &s->nics[k];

    fprintf (fp, "    {\n");
    json_field (fp, "      ", "mac", n->mac, false);
    json_field (fp, "      ", "model", c->caps.net_model, false);
    json_field (fp, "      ", "vnet-type",
                n->vnet_type == V2V_NET_BRIDGE ? "bridge" : "network",
                false);
    json_field (fp, "      ", "vnet", n->vnet, true);
    fprintf (fp, "    }%s\n", k + 1 < s->nr_nics ? "," : "");
  }
  fprintf (fp, "  ],\n");
}

static void
write_inspect (FILE *fp, const struct v2v_inspect *i)
{
  fprintf (fp, "  \"inspect\": {\n");
  json_field (fp, "    ", "root", i->root, false);
  json_field (fp, "    ", "type", i->type, false);
  json_field (fp, "    ", "distro", i->distro, false);
  json_field (fp, "    ", "osinfo", i->osinfo, false);
  json_field (fp, "    ", "arch", i->arch, false);
  fprintf (fp, "    \"major-version\": %d,\n"
           "    \"minor-version\": %d,\n", i->major, i->minor);
  json_field (fp, "    ", "package-format", i->package_format, false);
  json_field (fp, "    ", "package-management", i->package_management,
              false);
  json_field (fp, "    ", "product-name", i->product_name, false);
  json_field (fp, "    ", "product-variant", i->product_variant, true);
  fprintf (fp, "  }\n");
}

static int
write_json (FILE *fp, const struct v2v_cmdline *cl, const struct v2v_converted *c,
            const struct output_files *f)
{
  const struct v2v_source *s = c->source;
  const struct v2v_guestcaps *caps = &c->caps;

  fprintf (fp, "{\n");
  json_field (fp, "  ", "version", "1", false);
  json_field (fp, "  ", "name", s->name, false);
  fprintf (fp, "  \"memory\": %" PRIu64 ",\n"
           "  \"vcpu\": %d,\n", s->memory, s->vcpus > 0 ? s->vcpus : 1);
  fprintf (fp, "  \"cpu-topology\": { \"sockets\": %d, \"cores\": %d, "
           "\"threads\": %d },\n",
           s->cpu_sockets, s->cpu_cores, s->cpu_threads);
  json_field (fp, "  ", "firmware",
              c->firmware == V2V_FIRMWARE_UEFI ? "uefi" : "bios", false);
  json_field (fp, "  ", "machine", caps->machine ? caps->machine : "pc",
              false);
  json_field (fp, "  ", "arch", caps->arch ? caps->arch : c->inspect.arch,
              false);
  fprintf (fp, "  \"display\": %s,\n"
           "  \"acpi\": %s,\n"
           "  \"virtio-rng\": %s,\n"
           "  \"virtio-balloon\": %s,\n"
           "  \"pvpanic\": %s,\n"
           "  \"virtio-socket\": %s,\n",
           s->display ? "true" : "false", caps->acpi ? "true" : "false",
           caps->virtio_rng ? "true" : "false",
           caps->virtio_balloon ? "true" : "false",
           caps->pvpanic ? "true" : "false",
           caps->virtio_socket ? "true" : "false");
  write_disks (fp, cl, c, f);
  write_removables (fp, s);
  write_nics (fp, c);
  write_inspect (fp, &c->inspect);
  fprintf (fp, "}\n");
  return 0;
}

int
output_json_write (const struct v2v_cmdline *cl, const struct v2v_converted *c)
{
  struct output_files f;
  int r;

  r = output_files_write (cl, c, ".json", 0644, write_json, &f);
  output_files_free (&f);
  return r;
}
