/* careen - offline disk-image toolkit */

/**
 * selinux_relabel: the guest's file contexts applied to the mounted
 * guest tree by setfiles, with sysroot as its alternate root so that
 * the patterns (written for "/") match the guest's own paths.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "daemon.h"

int
do_selinux_relabel (const char *specfile, const char *path, int force)
{
  CLEANUP_FREE char *spec_host = NULL, *path_host = NULL;
  struct fsargs a;
  struct stat st;

  if (specfile[0] != '/') {
    reply_with_error_errno (EINVAL, "%s: the spec file must be an absolute "
                            "guest path", specfile);
    return -1;
  }
  if (require_program ("setfiles") == -1)
    return -1;
  spec_host = sysroot_realpath (specfile);
  if (spec_host == NULL) {
    reply_with_perror ("%s", specfile);
    return -1;
  }
  if (stat (spec_host, &st) == -1 || !S_ISREG (st.st_mode)) {
    reply_with_error_errno (EINVAL, "%s: not a regular file", specfile);
    return -1;
  }
  path_host = sysroot_realpath (path);
  if (path_host == NULL) {
    reply_with_perror ("%s", path);
    return -1;
  }
  fsargs_init (&a);
  fsargs_add (&a, "setfiles");
  /* The appliance's kernel has SELinux off, so no mount has the
   * seclabel option: without -m setfiles would skip every file.
   */
  fsargs_add (&a, "-m");
  if ((optargs_bitmask & GUESTFS_SELINUX_RELABEL_FORCE_BITMASK) && force)
    fsargs_add (&a, "-F");
  /* The appliance's own pseudo-filesystems, when a command running in
   * the guest has them mounted there, are not the guest's files.
   */
  fsargs_add (&a, "-e");
  fsargs_addf (&a, "%s/proc", sysroot);
  fsargs_add (&a, "-e");
  fsargs_addf (&a, "%s/sys", sysroot);
  fsargs_add (&a, "-e");
  fsargs_addf (&a, "%s/dev", sysroot);
  fsargs_add (&a, "-e");
  fsargs_addf (&a, "%s/selinux", sysroot);
  fsargs_add (&a, "-r");
  fsargs_add (&a, sysroot);
  fsargs_add (&a, spec_host);
  fsargs_add (&a, path_host);
  return fsargs_run (&a, true, NULL);
}
