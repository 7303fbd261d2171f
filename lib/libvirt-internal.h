/* careen - offline disk-image toolkit
 * What libvirt-domain.c and libvirt-auth.c share.  Only these two files
 * include libvirt's headers.
 */

#ifndef CAREEN_LIBVIRT_INTERNAL_H
#define CAREEN_LIBVIRT_INTERNAL_H

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "guestfs-internal.h"

/* libvirt-auth.c */

/* Opens a libvirt connection to uri (NULL: libvirt's default) with
 * flags (VIR_CONNECT_*).  Credentials are asked through the
 * GUESTFS_EVENT_LIBVIRT_AUTH callbacks when the program set its
 * supported credentials and registered one, else on the terminal by
 * libvirt.  Reports the error on g and returns NULL on failure; the
 * caller closes the connection with virConnectClose.
 */
extern virConnectPtr guestfs_int_open_libvirt (guestfs_h *g, const char *uri,
                                               unsigned flags);

/* The message of libvirt's last error on this thread, never NULL. */
extern const char *guestfs_int_libvirt_error (void);

#endif /* CAREEN_LIBVIRT_INTERNAL_H */
