/* careen - offline disk-image toolkit
 * The reader of RPM's Berkeley DB Packages file (inspect-apps-rpmbdb.c),
 * used by the application listing of inspect-apps.c.
 */

#ifndef CAREEN_DAEMON_INSPECT_APPS_RPMBDB_H
#define CAREEN_DAEMON_INSPECT_APPS_RPMBDB_H

#include <stddef.h>

/* Calls fn with each package header blob stored in the Berkeley DB
 * hash file open on fd (RPM's Packages: a key of 4 bytes, the header
 * as the value), in page order.  The blob is only valid during the
 * call.  Pages that make no sense are skipped; a file that is not a
 * hash database gives no blobs.  Returns 0, or -1 with errno (ENOMEM,
 * a read error, or whatever fn returned -1 with).  Silent.
 */
extern int rpmbdb_each_header (int fd,
                               int (*fn) (void *opaque,
                                          const unsigned char *blob,
                                          size_t len),
                               void *opaque);

#endif /* CAREEN_DAEMON_INSPECT_APPS_RPMBDB_H */
