/* careen - offline disk-image toolkit
 * v2v-input-dump: reads a source through one of virt-v2v's inputs and
 * prints every field of the struct v2v_source, one "key: value" line
 * each, in a fixed order, for the input tests to compare.
 *
 *   v2v-input-dump disk|ova|vmx|libvirtxml [-if FMT] [-t TMPDIR] SRC...
 *
 * It prints the struct itself (not through --print-source) so that
 * the tests see exactly what the input filled in.
 */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "v2v.h"

static const char *
bus_name (enum v2v_bus bus)
{
  switch (bus) {
  case V2V_BUS_UNKNOWN: return "unknown";
  case V2V_BUS_IDE: return "ide";
  case V2V_BUS_SATA: return "sata";
  case V2V_BUS_SCSI: return "scsi";
  case V2V_BUS_VIRTIO_BLK: return "virtio-blk";
  case V2V_BUS_VIRTIO_SCSI: return "virtio-scsi";
  }
  return "?";
}

static const char *
firmware_name (enum v2v_firmware fw)
{
  switch (fw) {
  case V2V_FIRMWARE_UNKNOWN: return "unknown";
  case V2V_FIRMWARE_BIOS: return "bios";
  case V2V_FIRMWARE_UEFI: return "uefi";
  }
  return "?";
}

static const char *
str (const char *s)
{
  return s ? s : "(none)";
}

static void
dump (const struct v2v_source *s)
{
  size_t i;

  printf ("name: %s\n", str (s->name));
  printf ("hypervisor: %s\n", str (s->hypervisor));
  printf ("memory: %" PRIu64 "\n", s->memory);
  printf ("vcpus: %d\n", s->vcpus);
  printf ("cpu: %d sockets %d cores %d threads\n",
          s->cpu_sockets, s->cpu_cores, s->cpu_threads);
  printf ("firmware: %s\n", firmware_name (s->firmware));
  printf ("genid: %s\n", str (s->genid));
  printf ("display: %s\n", s->display ? "yes" : "no");
  for (i = 0; i < s->nr_disks; ++i)
    printf ("disk %zu: %s format %s bus %s slot %d\n", i,
            str (s->disks[i].path), str (s->disks[i].format),
            bus_name (s->disks[i].bus), s->disks[i].slot);
  for (i = 0; i < s->nr_removables; ++i)
    printf ("removable %zu: %s bus %s slot %d\n", i,
            s->removables[i].floppy ? "floppy" : "cdrom",
            bus_name (s->removables[i].bus), s->removables[i].slot);
  for (i = 0; i < s->nr_nics; ++i)
    printf ("nic %zu: %s %s mac %s model %s\n", i,
            s->nics[i].vnet_type == V2V_NET_BRIDGE ? "bridge" : "network",
            str (s->nics[i].vnet), str (s->nics[i].mac),
            str (s->nics[i].model));
}

/* The driver's own release of the struct, so that it does not depend
 * on the rest of the v2v programs.
 */
static void
release (struct v2v_source *s)
{
  size_t i;

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
}

static void __attribute__ ((noreturn))
usage (void)
{
  fprintf (stderr, "usage: v2v-input-dump disk|ova|vmx|libvirtxml "
           "[-if FMT] [-t TMPDIR] SRC...\n");
  exit (2);
}

int
main (int argc, char *argv[])
{
  struct v2v_source s;
  const char *input, *format = NULL, *tmpdir = NULL;
  int i = 2, r;

  v2v_set_program ("v2v-input-dump", true, false);
  if (argc < 3)
    usage ();
  input = argv[1];
  while (i < argc && argv[i][0] == '-') {
    if (strcmp (argv[i], "-if") == 0 && i + 1 < argc)
      format = argv[i + 1];
    else if (strcmp (argv[i], "-t") == 0 && i + 1 < argc)
      tmpdir = argv[i + 1];
    else
      usage ();
    i += 2;
  }
  if (i >= argc)
    usage ();

  memset (&s, 0, sizeof s);
  if (strcmp (input, "disk") == 0)
    r = v2v_input_disk (&argv[i], argc - i, format, &s);
  else if (argc - i != 1)
    usage ();
  else if (strcmp (input, "ova") == 0) {
    if (tmpdir == NULL)
      usage ();
    r = v2v_input_ova (argv[i], format, tmpdir, &s);
  }
  else if (strcmp (input, "vmx") == 0)
    r = v2v_input_vmx (argv[i], format, &s);
  else if (strcmp (input, "libvirtxml") == 0)
    r = v2v_input_libvirtxml (argv[i], format, &s);
  else
    usage ();

  if (r == 0)
    dump (&s);
  release (&s);
  exit (r == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
