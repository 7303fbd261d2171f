/* careen - offline disk-image toolkit
 * The Windows converter refuses a guest whose state is not on its disk
 * alone.  A hibernated Windows keeps its memory image, with the state of
 * its filesystems, in \hiberfil.sys and resumes from it: changes made
 * to the disk behind its back are lost or corrupt the filesystem when
 * it resumes on the new hypervisor.  Windows 8 and later with Fast
 * Startup (HiberbootEnabled = 1) hibernate the kernel at every shut down
 * in the same way, even when the image header no longer says so.
 */

#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cleanups.h"
#include "convert-windows.h"

/* The signatures a hibernation image starts with: "hibr" (hibernated),
 * "wake" (being resumed), either case.
 */
static bool
is_hibernation_header (const char *buf, size_t len)
{
  return len >= 4 &&
    (strncasecmp (buf, "hibr", 4) == 0 || strncasecmp (buf, "wake", 4) == 0);
}

/* HiberbootEnabled from SYSTEM\<CCS>\Control\Session Manager\Power:
 * 1 for Fast Startup, 0 otherwise (missing), -1 on error.
 */
static int
fast_startup_enabled (const struct winconv *w)
{
  CLEANUP_FREE char *path = NULL;
  int64_t root, node;
  uint32_t v = 0;
  int r;

  if (asprintf (&path, "%s\\Control\\Session Manager\\Power",
                w->i->windows_current_control_set) == -1) {
    v2v_error ("out of memory");
    return -1;
  }
  if (guestfs_hivex_open (w->g, w->system_hive, -1) == -1) {
    v2v_error ("cannot open the registry hive '%s': %s",
               w->system_hive, guestfs_last_error (w->g));
    return -1;
  }
  root = guestfs_hivex_root (w->g);
  node = root > 0 ? winreg_node (w->g, root, path, false) : -1;
  if (root <= 0)
    v2v_error ("registry hive '%s': %s", w->system_hive,
               guestfs_last_error (w->g));
  r = node > 0 ? winreg_get_dword (w->g, node, "HiberbootEnabled", &v) :
    (int) node;
  winreg_close_hive (w->g);
  if (r == -1)
    return -1;
  return r == 0 && v == 1;
}

int
winconv_check_hibernation (const struct winconv *w)
{
  CLEANUP_FREE char *hiberfil = NULL;
  CLEANUP_FREE char *header = NULL;
  size_t len = 0;
  int r;

  hiberfil = winconv_resolve (w->g, "/hiberfil.sys");
  if (hiberfil == NULL)
    return -1;
  r = guestfs_is_file (w->g, hiberfil);
  if (r == -1) {
    v2v_error ("'%s': %s", hiberfil, guestfs_last_error (w->g));
    return -1;
  }
  if (r == 0)
    return 0;

  header = guestfs_pread (w->g, hiberfil, 4, 0, &len);
  if (header == NULL) {
    v2v_error ("cannot read '%s': %s", hiberfil, guestfs_last_error (w->g));
    return -1;
  }
  if (is_hibernation_header (header, len)) {
    v2v_error ("this Windows guest is hibernated (C:\\hiberfil.sys holds "
               "its memory image), so it cannot be converted: boot it on "
               "the source hypervisor and shut it down fully, with "
               "\"shutdown /s /t 0\" in a command prompt, then convert "
               "it again");
    return -1;
  }

  /* Fast Startup exists from Windows 8 (NT 6.2). */
  if (w->i->major < 6 || (w->i->major == 6 && w->i->minor < 2))
    return 0;
  r = fast_startup_enabled (w);
  if (r == -1)
    return -1;
  if (r == 1) {
    v2v_error ("this Windows guest uses Fast Startup, which keeps part of "
               "its state in C:\\hiberfil.sys, so it cannot be converted: "
               "boot it on the source hypervisor and either disable Fast "
               "Startup (Control Panel, Power Options, \"Choose what the "
               "power buttons do\", untick \"Turn on fast startup\") and "
               "shut it down, or shut it down fully with "
               "\"shutdown /s /t 0\", then convert it again");
    return -1;
  }
  return 0;
}
