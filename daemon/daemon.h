/* careen - offline disk-image toolkit
 * The appliance daemon: shared declarations, grouped by defining file.
 *
 * The section "Used by generated code" is the contract with
 * dispatch-gen.c and structs-gen.c; see generator/README.
 */

#ifndef CAREEN_DAEMON_H
#define CAREEN_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guestfs.h"            /* optargs bitmasks, struct types */
#include "protocol.h"
#include "cleanups.h"
#include "stringsbuf.h"

/* ---- Used by generated code ---- */

/* proto.c: the call being served. */
extern uint32_t proc_nr;
extern uint32_t call_serial;
extern uint64_t optargs_bitmask;

/* proto.c: replies.  Exactly one reply is sent per call.  Before any
 * reply, a FileIn upload that was not read to its end is drained (the
 * library is told to stop with the cancel flag), and a FileOut download
 * that was not ended is ended with a cancel chunk, so the stream stays
 * in step whatever the do_ function did.
 *
 * reply_with_error: errno name "" (last_errno 0 in the library).
 * reply_with_error_errno: the given errno's name.
 * reply_with_perror: appends ": strerror (errno)" and sends errno.
 * Messages carry no call-name prefix: the library adds it.
 */
extern void reply_with_error (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
extern void reply_with_error_errno (int err, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));
extern void reply_with_perror (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
/* Sends the ok reply; ret is the encoded return value, or NULL. */
extern void reply (const struct wbuf *ret);

/* dispatch-gen.c (generated). */
extern void dispatch_call (uint32_t proc, struct rbuf *args);

/* Argument checks (sysroot.c, devices.c): each replies with the error
 * and returns -1 when the argument is invalid.
 *   check_pathname: absolute guest path (EINVAL)
 *   check_device: a block device known to the appliance (ENOENT)
 *   check_mountable: a device or "btrfsvol:DEVICE/SUBVOL"
 *   check_dev_or_path: a device if it starts with /dev/, else a path
 */
extern int check_pathname (const char *path);
extern int check_device (const char *device);
extern int check_mountable (const char *mountable);
extern int check_dev_or_path (const char *p);

/* ---- File transfers (proto.c) ---- */

/* FileIn: receives the upload, calling cb for each data chunk in order
 * (cb returns 0, or -1 with errno set to stop: the library is then
 * asked to cancel and the rest is drained).  Returns 0 when the whole
 * file arrived, -1 on cancel by either side or transport failure, with
 * errno set (ECANCELED when the library cancelled).  The caller replies.
 */
extern int receive_file (int (*cb) (void *opaque, const void *buf, size_t len),
                         void *opaque);

/* FileOut: sends data (split into chunks as needed).  Returns 0, or -1
 * when the library asked to cancel (errno ECANCELED) or the channel
 * failed.  send_file_end (0) ends the stream normally; the reply follows
 * separately.
 */
extern int send_file_write (const void *buf, size_t len);
extern int send_file_end (int cancel);

/* Progress for the current call: rate-limited, first one after a short
 * delay.  Pulse mode (position 0, total 1) for calls that cannot
 * estimate.
 */
extern void notify_progress (uint64_t position, uint64_t total);

#include "actions-gen.h"

#endif /* CAREEN_DAEMON_H */
