/** careen - offline disk-image toolkit
 *
 * virt-v2v's outputs: checking -o's options before any work (a
 * conversion takes minutes; a missing -os should not be found at its
 * end), choosing the output, and the names shared by the outputs.
 * -o null lives here: it writes nothing.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "virt-v2v.h"

const char *
output_mode_name (enum output_mode m)
{
  switch (m) {
  case OUTPUT_LOCAL: return "local";
  case OUTPUT_QEMU: return "qemu";
  case OUTPUT_NULL: return "null";
  case OUTPUT_JSON: return "json";
  case OUTPUT_LIBVIRT: return "libvirt";
  }
  return "?";
}

int
output_check (const struct v2v_cmdline *cl)
{
  struct stat st;

  switch (cl->output) {
  case OUTPUT_NULL:
    return 0;
  case OUTPUT_LIBVIRT:
    return output_libvirt_check (cl);
  case OUTPUT_LOCAL:
  case OUTPUT_QEMU:
  case OUTPUT_JSON:
    break;
  }
  if (stat (cl->output_storage, &st) == -1) {
    v2v_error ("-os '%s': %s (it must be an existing directory)",
               cl->output_storage, strerror (errno));
    return -1;
  }
  if (!S_ISDIR (st.st_mode)) {
    v2v_error ("-os '%s': not a directory", cl->output_storage);
    return -1;
  }
  if (access (cl->output_storage, W_OK | X_OK) == -1) {
    v2v_error ("-os '%s': cannot write there: %s", cl->output_storage,
               strerror (errno));
    return -1;
  }
  return 0;
}

/* The metadata file of each output that writes one. */
static const char *
metadata_suffix (enum output_mode m)
{
  switch (m) {
  case OUTPUT_LOCAL: return ".xml";
  case OUTPUT_QEMU: return ".sh";
  case OUTPUT_JSON: return ".json";
  case OUTPUT_NULL:
  case OUTPUT_LIBVIRT: break;
  }
  return NULL;
}

/* Refuses, before the conversion, an output file that is already
 * there: it may be a guest converted before, and finding it only after
 * minutes of work helps nobody.
 */
static int
check_free_name (const char *dir, const char *name, const char *suffix)
{
  CLEANUP_FREE char *path = NULL;

  if (asprintf (&path, "%s/%s%s", dir, name, suffix) == -1) {
    v2v_error ("asprintf: %s", strerror (errno));
    return -1;
  }
  if (access (path, F_OK) == 0) {
    v2v_error ("'%s' already exists: remove it or choose another -os or "
               "-on", path);
    return -1;
  }
  return 0;
}

int
output_check_names (const struct v2v_cmdline *cl, const struct v2v_source *s)
{
  const char *meta = metadata_suffix (cl->output);
  size_t k;

  if (cl->output == OUTPUT_LIBVIRT)
    return output_libvirt_check_names (cl, s);
  if (meta == NULL)
    return 0;
  for (k = 0; k < s->nr_disks; ++k) {
    char suffix[24];

    suffix[0] = '-';
    output_disk_name (V2V_BUS_SCSI, k, suffix + 1, sizeof suffix - 1);
    if (check_free_name (cl->output_storage, s->name, suffix) == -1)
      return -1;
  }
  return check_free_name (cl->output_storage, s->name, meta);
}

int
output_write (const struct v2v_cmdline *cl, const struct v2v_converted *c)
{
  if (cl->output_storage)
    v2v_progress ("Setting up the destination: -o %s -os %s",
                  output_mode_name (cl->output), cl->output_storage);
  else
    v2v_progress ("Setting up the destination: -o %s",
                  output_mode_name (cl->output));
  switch (cl->output) {
  case OUTPUT_LOCAL:
    return output_local_write (cl, c);
  case OUTPUT_QEMU:
    return output_qemu_write (cl, c);
  case OUTPUT_JSON:
    return output_json_write (cl, c);
  case OUTPUT_LIBVIRT:
    return output_libvirt_write (cl, c);
  case OUTPUT_NULL:
    /* The converted overlays are thrown away with the temporary
     * directory: copying them to nowhere would only cost time.
     */
    if (cl->o.verbose)
      fprintf (stderr, "%s: -o null: the converted disks are not "
               "copied\n", PROGRAM);
    return output_result (cl, c, NULL);
  }
  v2v_error ("-o %s is not supported by careen", output_mode_name (cl->output));
  return -1;
}

const char *
output_bus_name (enum v2v_bus bus)
{
  switch (bus) {
  case V2V_BUS_VIRTIO_BLK: return "virtio";
  case V2V_BUS_VIRTIO_SCSI:
  case V2V_BUS_SCSI: return "scsi";
  case V2V_BUS_SATA: return "sata";
  case V2V_BUS_IDE:
  case V2V_BUS_UNKNOWN: break;
  }
  return "ide";
}

/* "vda" ... "vdz", "vdaa" ...: the names Linux gives disks, which
 * libvirt's target dev follows.
 */
void
output_disk_name (enum v2v_bus bus, size_t i, char *buf, size_t len)
{
  const char *prefix = bus == V2V_BUS_VIRTIO_BLK ? "vd"
    : bus == V2V_BUS_IDE || bus == V2V_BUS_UNKNOWN ? "hd" : "sd";
  char letters[8];
  size_t n = 0, k;

  i++;
  while (i > 0 && n < sizeof letters - 1) {
    letters[n++] = 'a' + (i - 1) % 26;
    i = (i - 1) / 26;
  }
  for (k = 0; k < n / 2; ++k) {
    char t = letters[k];

    letters[k] = letters[n - 1 - k];
    letters[n - 1 - k] = t;
  }
  letters[n] = '\0';
  snprintf (buf, len, "%s%s", prefix, letters);
}
