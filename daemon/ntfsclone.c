/* careen - offline disk-image toolkit */

/**
 * ntfsclone_out and ntfsclone_in: an NTFS image streamed between
 * ntfsclone and the library, chunk by chunk, so an image of any size
 * never sits in memory: the tool runs as a filter (filter.c) with a
 * pipe on the streaming side, its messages kept for the error reply.
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>

#include "daemon.h"

/* ntfsclone's arguments, from the optional arguments. */
#define NTFSCLONE_MAX_ARGS 16

/* Replies for a transfer (what: "download" or "upload") that stopped
 * with errno err.  Returns -1.
 */
static int
reply_transfer_error (const char *device, const char *what, int err)
{
  if (err == ECANCELED)
    reply_with_error_errno (ECANCELED, "%s: image %s cancelled", device,
                            what);
  else {
    errno = err;
    reply_with_perror ("%s", device);
  }
  return -1;
}

int
do_ntfsclone_out (const char *device, int metadataonly, int rescue,
                  int ignorefscheck, int preservetimestamps, int force)
{
  const char *argv[NTFSCLONE_MAX_ARGS];
  size_t n = 0;
  struct filter f;
  CLEANUP_FREE char *err = NULL;

  if (check_not_mounted (device) == -1 || require_program ("ntfsclone") == -1)
    return -1;
  argv[n++] = "ntfsclone";
  argv[n++] = "--save-image";
  argv[n++] = "--output";
  argv[n++] = "-";
  if ((optargs_bitmask & GUESTFS_NTFSCLONE_OUT_METADATAONLY_BITMASK) &&
      metadataonly)
    argv[n++] = "--metadata";
  if ((optargs_bitmask & GUESTFS_NTFSCLONE_OUT_RESCUE_BITMASK) && rescue)
    argv[n++] = "--rescue";
  if ((optargs_bitmask & GUESTFS_NTFSCLONE_OUT_IGNOREFSCHECK_BITMASK) &&
      ignorefscheck)
    argv[n++] = "--ignore-fs-check";
  if ((optargs_bitmask & GUESTFS_NTFSCLONE_OUT_PRESERVETIMESTAMPS_BITMASK) &&
      preservetimestamps)
    argv[n++] = "--preserve-timestamps";
  if ((optargs_bitmask & GUESTFS_NTFSCLONE_OUT_FORCE_BITMASK) && force)
    argv[n++] = "--force";
  argv[n++] = device;
  argv[n] = NULL;

  if (filter_start (&f, argv, COMMAND_NULL, FILTER_PIPE, -1) == -1) {
    reply_with_perror ("ntfsclone");
    return -1;
  }
  /* ntfsclone cannot tell the image size in advance. */
  if (filter_send_output (&f, FILTER_PULSE, 0) == -1) {
    int saved = errno;

    filter_kill (&f);
    /* The reply ends the stream with a cancel chunk (proto.c). */
    return reply_transfer_error (device, "download", saved);
  }
  if (filter_finish (&f, &err) == -1) {
    reply_with_error ("ntfsclone: %s: %s", device, err ? err : "failed");
    return -1;
  }
  send_file_end (0);
  return 0;
}

int
do_ntfsclone_in (const char *device)
{
  const char *argv[] = {
    "ntfsclone", "--restore-image", "--overwrite", device, "-", NULL
  };
  struct filter f;
  CLEANUP_FREE char *err = NULL;
  int r, saved;

  /* If this fails, the reply drains the upload (proto.c). */
  if (check_not_mounted (device) == -1 || require_program ("ntfsclone") == -1)
    return -1;
  /* Its messages (on stdout when the image comes on stdin) go with its
   * errors.
   */
  if (filter_start (&f, argv, FILTER_PIPE, COMMAND_STDERR, -1) == -1) {
    reply_with_perror ("ntfsclone");
    return -1;
  }
  command_pulse = true;
  r = receive_file (filter_write_cb, &f);
  command_pulse = false;
  saved = errno;
  if (filter_finish (&f, &err) == -1) {
    reply_with_error ("ntfsclone: %s: %s", device, err ? err : "failed");
    return -1;
  }
  if (r == -1)
    return reply_transfer_error (device, "upload", saved);
  return 0;
}
