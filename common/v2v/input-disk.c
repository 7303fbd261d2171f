/** careen - offline disk-image toolkit
 *
 * -i disk: disk images with no description at all.  As virt-v2v does,
 * the guest is named after the first image (its file name without the
 * last extension), and gets 2 GiB of memory, one vCPU, firmware to be
 * found by inspection and one network interface on the network
 * "default".
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "xalloc.h"
#include "input.h"

#define DISK_INPUT_MEMORY (UINT64_C (2048) * 1024 * 1024)

/* "dir/guest.img.qcow2" -> "guest.img"; a name with no extension (or
 * only a leading dot) is kept whole.
 */
static char *
name_of_image (const char *file)
{
  const char *base = strrchr (file, '/');
  char *name, *dot;

  base = base ? base + 1 : file;
  name = xstrdup (base);
  dot = strrchr (name, '.');
  if (dot != NULL && dot != name)
    *dot = '\0';
  return name;
}

int
v2v_input_disk (char *const *files, size_t nr_files, const char *format,
                struct v2v_source *s)
{
  size_t i;

  if (nr_files == 0) {
    v2v_error ("-i disk: expecting one or more disk image file names");
    return -1;
  }

  s->name = name_of_image (files[0]);
  s->hypervisor = xstrdup ("unknown");
  s->memory = DISK_INPUT_MEMORY;
  s->vcpus = 1;
  s->firmware = V2V_FIRMWARE_UNKNOWN;

  for (i = 0; i < nr_files; ++i) {
    CLEANUP_FREE char *abs = NULL;

    if (v2v_name_is_protocol (files[i])) {
      v2v_error ("-i disk: '%s' is not a local file name", files[i]);
      return -1;
    }
    abs = realpath (files[i], NULL);
    if (abs == NULL) {
      v2v_error ("-i disk: '%s': %m", files[i]);
      return -1;
    }
    if (v2v_source_add_disk (s, abs, format, V2V_BUS_UNKNOWN, -1) == -1)
      return -1;
  }

  v2v_source_add_nic (s, NULL, NULL, V2V_NET_NETWORK, "default");
  return 0;
}
