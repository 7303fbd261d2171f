/** careen - offline disk-image toolkit
 *
 * virt-v2v -o qemu -os DIR: the disks as DIR/NAME-sda ... and
 * DIR/NAME.sh, a shell script that boots the converted guest with
 * qemu (KVM when the host has it, else TCG).  --qemu-boot runs it.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "xalloc.h"
#include "virt-v2v.h"

/* Where Debian, Fedora and others install OVMF: the code and the
 * template of the variables store, 4M builds first.
 */
static const char *const ovmf_pairs[][2] = {
  { "/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd" },
  { "/usr/share/OVMF/OVMF_CODE.fd", "/usr/share/OVMF/OVMF_VARS.fd" },
  { "/usr/share/edk2/ovmf/OVMF_CODE.fd",
    "/usr/share/edk2/ovmf/OVMF_VARS.fd" },
};

/* Writes S as one shell word in single quotes. */
static void
sh_put (FILE *fp, const char *s)
{
  fputc ('\'', fp);
  for (; *s; ++s) {
    if (*s == '\'')
      fputs ("'\\''", fp);
    else
      fputc (*s, fp);
  }
  fputc ('\'', fp);
}

static const char *
qemu_arch (const char *arch)
{
  if (arch == NULL || strcmp (arch, "unknown") == 0)
    return "x86_64";
  if (strcmp (arch, "i386") == 0 || strcmp (arch, "i486") == 0 ||
      strcmp (arch, "i586") == 0 || strcmp (arch, "i686") == 0)
    return "i386";
  return arch;
}

static const char *
qemu_nic_device (const char *model)
{
  if (model && strcmp (model, "virtio") == 0)
    return "virtio-net-pci";
  if (model && strcmp (model, "rtl8139") == 0)
    return "rtl8139";
  return "e1000";
}

/* The OVMF pair for a UEFI guest: sets *CODE and *VARS, or prints an
 * error and returns -1 when none is installed.
 */
static int
find_ovmf (const char **code, const char **vars)
{
  size_t k;

  for (k = 0; k < sizeof ovmf_pairs / sizeof ovmf_pairs[0]; ++k)
    if (access (ovmf_pairs[k][0], R_OK) == 0 &&
        access (ovmf_pairs[k][1], R_OK) == 0) {
      *code = ovmf_pairs[k][0];
      *vars = ovmf_pairs[k][1];
      return 0;
    }
  v2v_error ("the guest needs UEFI, but no OVMF firmware was found "
             "(%s): install OVMF (the ovmf package)", ovmf_pairs[0][0]);
  return -1;
}

static void
write_disks (FILE *fp, const struct v2v_cmdline *cl, const struct v2v_converted *c,
             const struct output_files *f)
{
  enum v2v_bus bus = c->caps.block_bus;
  size_t k;

  if (bus == V2V_BUS_VIRTIO_SCSI)
    fprintf (fp, "  -device virtio-scsi-pci,id=scsi0 \\\n");
  for (k = 0; k < f->n; ++k) {
    fprintf (fp, "  -drive ");
    /* The file name goes in its own shell word, with qemu's commas
     * doubled: the name is the user's, the rest is ours.
     */
    {
      CLEANUP_FREE char *opt = NULL;
      size_t len = strlen (f->final[k]), i, j = 0;

      opt = xmalloc (2 * len + 6);
      memcpy (opt, "file=", 5);
      j = 5;
      for (i = 0; i < len; ++i) {
        opt[j++] = f->final[k][i];
        if (f->final[k][i] == ',')
          opt[j++] = ',';
      }
      opt[j] = '\0';
      sh_put (fp, opt);
    }
    if (bus == V2V_BUS_VIRTIO_SCSI)
      fprintf (fp, ",format=%s,if=none,id=disk%zu,media=disk \\\n"
               "  -device scsi-hd,drive=disk%zu,bus=scsi0.0 \\\n",
               cl->output_format, k, k);
    else
      fprintf (fp, ",format=%s,if=%s,index=%zu,media=disk \\\n",
               cl->output_format,
               bus == V2V_BUS_VIRTIO_BLK ? "virtio" : "ide", k);
  }
}

static int
write_script (FILE *fp, const struct v2v_cmdline *cl, const struct v2v_converted *c,
              const struct output_files *f)
{
  const struct v2v_source *s = c->source;
  const struct v2v_guestcaps *caps = &c->caps;
  uint64_t mib = s->memory / (1024 * 1024);
  const char *code = NULL, *vars = NULL;
  size_t k;

  fprintf (fp, "#!/bin/sh -\n"
           "# Boots the guest converted by careen virt-v2v %s.\n\n",
           PACKAGE_VERSION);
  if (c->firmware == V2V_FIRMWARE_UEFI) {
    if (find_ovmf (&code, &vars) == -1)
      return -1;
    /* Each boot gets its own copy of the variables store: the
     * template must stay clean.  No exec below, so that the trap
     * removes the copy when qemu exits.
     */
    fprintf (fp, "uefi_vars=\"$(mktemp)\"\n"
             "trap 'rm -f \"$uefi_vars\"' EXIT\n"
             "cp %s \"$uefi_vars\"\n\n", vars);
  }
  fprintf (fp, "qemu-system-%s \\\n"
           "  -no-user-config -nodefaults \\\n"
           "  -name ", qemu_arch (caps->arch ? caps->arch : c->inspect.arch));
  sh_put (fp, s->name);
  fprintf (fp, " \\\n  -machine %s,accel=kvm:tcg \\\n",
           caps->machine ? caps->machine : "pc");
  if (code)
    fprintf (fp, "  -drive if=pflash,format=raw,readonly=on,file=%s \\\n"
             "  -drive if=pflash,format=raw,file=\"$uefi_vars\" \\\n",
             code);
  fprintf (fp, "  -m %" PRIu64 " \\\n", mib > 0 ? mib : 1024);
  if (s->cpu_sockets > 0 && s->cpu_cores > 0 && s->cpu_threads > 0)
    fprintf (fp, "  -smp %d,sockets=%d,cores=%d,threads=%d \\\n",
             s->vcpus > 0 ? s->vcpus : 1, s->cpu_sockets, s->cpu_cores,
             s->cpu_threads);
  else
    fprintf (fp, "  -smp %d \\\n", s->vcpus > 0 ? s->vcpus : 1);
  write_disks (fp, cl, c, f);
  for (k = 0; k < s->nr_nics; ++k) {
    fprintf (fp, "  -netdev user,id=net%zu \\\n"
             "  -device %s,netdev=net%zu", k,
             qemu_nic_device (caps->net_model), k);
    if (s->nics[k].mac) {
      fputs (",mac=", fp);
      /* A MAC is hex and colons; anything else is left out. */
      if (strspn (s->nics[k].mac, "0123456789abcdefABCDEF:") ==
          strlen (s->nics[k].mac))
        fputs (s->nics[k].mac, fp);
    }
    fprintf (fp, " \\\n");
  }
  if (s->display)
    fprintf (fp, "  -vga std \\\n");
  else
    fprintf (fp, "  -display none \\\n");
  if (caps->virtio_rng)
    fprintf (fp, "  -device virtio-rng-pci \\\n");
  if (caps->virtio_balloon)
    fprintf (fp, "  -device virtio-balloon \\\n");
  if (caps->pvpanic)
    fprintf (fp, "  -device pvpanic \\\n");
  fprintf (fp, "  -serial stdio\n");
  return 0;
}

int
output_qemu_write (const struct v2v_cmdline *cl, const struct v2v_converted *c)
{
  struct output_files f;
  int r = -1;

  if (output_files_write (cl, c, ".sh", 0755, write_script, &f) == -1)
    goto out;

  if (cl->qemu_boot) {
    char *argv[] = { (char *) "/bin/sh", f.meta_final, NULL };
    int status;

    v2v_progress ("Booting the converted guest: %s", f.meta_final);
    status = v2v_run_command (argv);
    if (status > 0)
      v2v_error ("%s exited with status %d", f.meta_final, status);
    if (status != 0)
      goto out;
  }
  r = 0;

 out:
  output_files_free (&f);
  return r;
}
