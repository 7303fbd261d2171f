/** careen - offline disk-image toolkit
 *
 * libFuzzer harness for virt-v2v's inputs (common/v2v/input-*.c,
 * ova-tar.c, disk-check.c): the descriptions a user was handed with a
 * guest to import, parsed on the host before any appliance exists.  The
 * first byte chooses what the rest is: a VMX file, libvirt XML, an OVA
 * (tar: its member table, the OVF inside and the manifest), or a VMDK
 * text descriptor.  The input is written to a file in a private
 * directory, as the inputs read files; everything a description names
 * is resolved there, so nothing outside it is ever opened.
 */

#include <config.h>

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "v2v.h"
#include "input.h"
#include "remove-tree.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char dir[] = "/tmp/fuzz-v2v-XXXXXX";
static char *file_vmx, *file_xml, *file_ova, *file_vmdk, *unpack;

static void
remove_dir (void)
{
  remove_tree (dir);
}

static int
setup (void)
{
  if (mkdtemp (dir) == NULL)
    return -1;
  atexit (remove_dir);
  if (asprintf (&file_vmx, "%s/guest.vmx", dir) == -1 ||
      asprintf (&file_xml, "%s/guest.xml", dir) == -1 ||
      asprintf (&file_ova, "%s/guest.ova", dir) == -1 ||
      asprintf (&file_vmdk, "%s/guest.vmdk", dir) == -1 ||
      asprintf (&unpack, "%s/unpack", dir) == -1)
    return -1;
  v2v_set_program ("fuzz-v2v-source", true, false);
  return 0;
}

static int
write_file (const char *path, const uint8_t *data, size_t size)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  size_t done = 0;

  if (fd == -1)
    abort ();
  while (done < size) {
    ssize_t r = write (fd, data + done, size - done);
    if (r <= 0)
      abort ();
    done += r;
  }
  close (fd);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static int ready;
  struct v2v_source s;
  struct v2v_disk d;
  const char *path;

  if (!ready) {
    if (setup () == -1)
      abort ();
    ready = 1;
  }
  if (size < 1)
    return 0;

  switch (data[0] & 3) {
  case 0: path = file_vmx; break;
  case 1: path = file_xml; break;
  case 2: path = file_ova; break;
  default: path = file_vmdk; break;
  }
  write_file (path, data + 1, size - 1);

  memset (&s, 0, sizeof s);
  switch (data[0] & 3) {
  case 0:
    v2v_input_vmx (path, "raw", &s);
    break;
  case 1:
    v2v_input_libvirtxml (path, "raw", &s);
    break;
  case 2:
    if (mkdir (unpack, 0700) == -1)
      abort ();
    v2v_input_ova (path, "raw", unpack, &s);
    remove_tree (unpack);
    break;
  default:
    memset (&d, 0, sizeof d);
    d.path = (char *) path;
    d.format = (char *) "vmdk";
    v2v_disk_check (&d);
    break;
  }
  v2v_source_free (&s);
  unlink (path);
  return 0;
}
