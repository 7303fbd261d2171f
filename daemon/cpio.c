/* careen - offline disk-image toolkit */

/**
 * cpio_out: a guest directory packed by cpio(1) into the FileOut
 * stream.  find(1) names the members relative to the directory (safely
 * resolved into a host path first); neither it nor cpio follows
 * symlinks, so the archive holds the guest's links, not what they
 * point to in the appliance.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"

/* The shell pipeline: the directory and the format come as positional
 * parameters, never as part of the script.
 */
#define CPIO_SCRIPT                                                     \
  "set -o pipefail; cd -- \"$1\" && "                                   \
  "find . -print0 | cpio --quiet -o -0 -H \"$2\""

int
do_cpio_out (const char *directory, const char *format)
{
  CLEANUP_FREE char *hp = NULL, *err = NULL;
  struct filter f;

  if (!(optargs_bitmask & GUESTFS_CPIO_OUT_FORMAT_BITMASK) ||
      format[0] == '\0')
    format = "newc";
  if (strcmp (format, "newc") != 0 && strcmp (format, "crc") != 0) {
    reply_with_error_errno (EINVAL, "%s: unknown cpio format (expected "
                            "'newc' or 'crc')", format);
    return -1;
  }
  if (require_program ("cpio") == -1 || require_program ("find") == -1 ||
      require_program ("bash") == -1)
    return -1;
  hp = sysroot_dir_for_program (directory);
  if (hp == NULL)
    return -1;
  {
    const char *argv[] = { "bash", "-c", CPIO_SCRIPT, "cpio_out", hp, format,
                           NULL };

    if (filter_start (&f, argv, -1, FILTER_PIPE, -1) == -1) {
      reply_with_perror ("cpio");
      return -1;
    }
  }
  if (filter_send_output (&f, FILTER_PULSE, 0) == -1) {
    int e = errno;

    filter_kill (&f);
    if (e == ECANCELED)
      reply_with_error_errno (ECANCELED, "%s: download cancelled", directory);
    else {
      errno = e;
      reply_with_perror ("%s", directory);
    }
    return -1;
  }
  if (filter_finish (&f, &err) == -1) {
    if (err)
      sysroot_strip_line (err);
    reply_with_error ("%s: cpio: %s", directory,
                      err && *err ? err : "failed");
    return -1;
  }
  send_file_end (0);
  return 0;
}
