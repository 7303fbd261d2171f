/* careen - offline disk-image toolkit
 * What libvirt-domain.c, libvirt-auth.c and libvirt-load.c share.  Only
 * these files include libvirt's headers.
 */

#ifndef CAREEN_LIBVIRT_INTERNAL_H
#define CAREEN_LIBVIRT_INTERNAL_H

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "guestfs-internal.h"

/* libvirt-load.c
 *
 * libvirt is not linked: the functions careen calls are looked up in
 * libvirt.so.0 the first time a libvirt call needs them (see there
 * why).  Every libvirt function these files use must be in this list;
 * the macros below make the calls go through the pointers, so the
 * code reads as ordinary libvirt calls.
 */
#define LIBVIRT_FUNCTIONS(F) \
  F (virConnSetErrorFunc) \
  F (virConnectClose) \
  F (virConnectGetURI) \
  F (virConnectOpenAuth) \
  F (virDomainFree) \
  F (virDomainGetConnect) \
  F (virDomainGetName) \
  F (virDomainGetXMLDesc) \
  F (virDomainIsActive) \
  F (virDomainLookupByName) \
  F (virDomainLookupByUUIDString) \
  F (virGetLastErrorMessage) \
  F (virStoragePoolFree) \
  F (virStoragePoolLookupByName) \
  F (virStorageVolFree) \
  F (virStorageVolGetPath) \
  F (virStorageVolLookupByName)

struct libvirt_functions {
#define LIBVIRT_FIELD(name) __typeof__ (name) *name;
  LIBVIRT_FUNCTIONS (LIBVIRT_FIELD)
#undef LIBVIRT_FIELD
  virConnectAuthPtr *virConnectAuthPtrDefault;
};

extern struct libvirt_functions guestfs_int_libvirt;

/* Loads libvirt once per process.  -1 (ENOTSUP reported on g) when
 * libvirt.so.0 or one of its functions is missing.
 */
extern int guestfs_int_load_libvirt (guestfs_h *g);

#ifndef CAREEN_LIBVIRT_LOADER
#define virConnSetErrorFunc (*guestfs_int_libvirt.virConnSetErrorFunc)
#define virConnectClose (*guestfs_int_libvirt.virConnectClose)
#define virConnectGetURI (*guestfs_int_libvirt.virConnectGetURI)
#define virConnectOpenAuth (*guestfs_int_libvirt.virConnectOpenAuth)
#define virDomainFree (*guestfs_int_libvirt.virDomainFree)
#define virDomainGetConnect (*guestfs_int_libvirt.virDomainGetConnect)
#define virDomainGetName (*guestfs_int_libvirt.virDomainGetName)
#define virDomainGetXMLDesc (*guestfs_int_libvirt.virDomainGetXMLDesc)
#define virDomainIsActive (*guestfs_int_libvirt.virDomainIsActive)
#define virDomainLookupByName (*guestfs_int_libvirt.virDomainLookupByName)
#define virDomainLookupByUUIDString (*guestfs_int_libvirt.virDomainLookupByUUIDString)
#define virGetLastErrorMessage (*guestfs_int_libvirt.virGetLastErrorMessage)
#define virStoragePoolFree (*guestfs_int_libvirt.virStoragePoolFree)
#define virStoragePoolLookupByName (*guestfs_int_libvirt.virStoragePoolLookupByName)
#define virStorageVolFree (*guestfs_int_libvirt.virStorageVolFree)
#define virStorageVolGetPath (*guestfs_int_libvirt.virStorageVolGetPath)
#define virStorageVolLookupByName (*guestfs_int_libvirt.virStorageVolLookupByName)
#define virConnectAuthPtrDefault (*guestfs_int_libvirt.virConnectAuthPtrDefault)
#endif

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
