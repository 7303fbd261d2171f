/* careen - offline disk-image toolkit */

/**
 * ntfscat_i: a file of an unmounted NTFS filesystem, named by its MFT
 * record number, streamed by ntfscat(8) into the FileOut stream.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "daemon.h"

int
do_ntfscat_i (const char *device, int64_t inode)
{
  CLEANUP_FREE char *err = NULL;
  char num[32];
  struct filter f;

  if (inode < 0) {
    reply_with_error_errno (EINVAL, "inode %" PRIi64 " must not be negative",
                            inode);
    return -1;
  }
  if (require_program ("ntfscat") == -1)
    return -1;
  /* ntfs-3g's tools refuse a mounted volume, but say it in their own
   * words; say it once, with the errno callers can test.
   */
  if (check_not_mounted (device) == -1)
    return -1;
  snprintf (num, sizeof num, "%" PRIi64, inode);
  {
    /* No "--": ntfscat does not take it, and a device checked by the
     * dispatcher starts with "/dev/".
     */
    const char *argv[] = { "ntfscat", "-i", num, device, NULL };

    if (filter_start (&f, argv, -1, FILTER_PIPE, -1) == -1) {
      reply_with_perror ("ntfscat");
      return -1;
    }
  }
  if (filter_send_output (&f, FILTER_PULSE, 0) == -1) {
    int e = errno;

    filter_kill (&f);
    if (e == ECANCELED)
      reply_with_error_errno (ECANCELED, "%s: download cancelled", device);
    else {
      errno = e;
      reply_with_perror ("%s", device);
    }
    return -1;
  }
  if (filter_finish (&f, &err) == -1) {
    reply_with_error ("%s: inode %" PRIi64 ": ntfscat: %s", device, inode,
                      err && *err ? err : "failed");
    return -1;
  }
  send_file_end (0);
  return 0;
}
