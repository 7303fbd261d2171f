/* careen - offline disk-image toolkit
 * Library internals: the handle, and the functions shared between the
 * library's files.  Prototypes are grouped by the file defining them.
 *
 * The section "Used by generated code" is the contract between the
 * generator's output (actions-gen.c, structs-gen.c) and the hand-written
 * library; see generator/README.
 */

#ifndef CAREEN_GUESTFS_INTERNAL_H
#define CAREEN_GUESTFS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guestfs.h"
#include "protocol.h"
#include "cleanups.h"
#include "stringsbuf.h"

/* Report an error on g: the message is prefixed with the name of the
 * public call being run ("mount: ...") and passed to the error handler.
 * perrorf appends ": " and strerror (errno) and records errno.
 */
#define error(g, ...) guestfs_int_error_errno ((g), 0, __VA_ARGS__)
#define perrorf guestfs_int_perrorf
#define debug(g, ...) \
  do { if ((g)->verbose) guestfs_int_debug ((g), __VA_ARGS__); } while (0)

/* ---- Used by generated code ---- */

/* handle.c: entry and exit of every public call.  call_begin takes the
 * handle's (recursive) lock, records NAME as the error context when this
 * is the outermost call, and fires the enter event.  call_end undoes it.
 */
extern void guestfs_int_call_begin (guestfs_h *g, const char *name);
extern void guestfs_int_call_end (guestfs_h *g);
/* Each reports "NAME: ..." and returns -1 when the handle is not in the
 * required state.
 */
extern int guestfs_int_check_config_state (guestfs_h *g);
extern int guestfs_int_check_ready_state (guestfs_h *g);

/* errors.c */
extern void guestfs_int_error_errno (guestfs_h *g, int errnum,
                                     const char *fs, ...)
  __attribute__ ((format (printf, 3, 4)));
extern void guestfs_int_perrorf (guestfs_h *g, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));

/* events.c: tracing.  guestfs_int_trace sends one trace line (no
 * trailing newline) to the trace event callbacks, or to stderr as
 * "libguestfs: trace: LINE" when none is registered.
 */
extern bool guestfs_int_trace_enabled (guestfs_h *g);
extern void guestfs_int_trace (guestfs_h *g, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));
extern void guestfs_int_debug (guestfs_h *g, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));

/* proto.c: one remote procedure call.
 *
 * Sends the call (header with proc, a fresh serial, optargs_bitmask and
 * progress_hint; body = args, which may be empty), then, when filein is
 * not NULL, streams that local file as the upload; when fileout is not
 * NULL, receives the download into that local file (created or
 * truncated).  Progress messages are turned into progress events.
 *
 * On success returns 0 and sets *ret_r (malloc'd, caller frees; may be
 * NULL when the body is empty) and *ret_len_r to the reply body.  On
 * failure (error reply from the daemon, transport failure, appliance
 * died, cancelled) the error has been reported on g and -1 is returned.
 */
extern int guestfs_int_rpc (guestfs_h *g, uint32_t proc,
                            uint64_t optargs_bitmask, uint64_t progress_hint,
                            const struct wbuf *args,
                            const char *filein, const char *fileout,
                            char **ret_r, size_t *ret_len_r);

/* structs-gen.c (generated): decoders used by the stubs.  Each returns
 * a newly allocated struct, or NULL when the bytes do not decode (the
 * cursor is then failed; nothing is reported).
 *   struct guestfs_S *guestfs_int_decode_S (struct rbuf *r);
 *   struct guestfs_S_list *guestfs_int_decode_S_list (struct rbuf *r);
 * Their prototypes are in actions-impl-gen.h.
 */

#include "actions-impl-gen.h"

#endif /* CAREEN_GUESTFS_INTERNAL_H */
