/* careen - offline disk-image toolkit */

/**
 * libvirt, loaded the first time a call needs it.
 *
 * Linked into libguestfs.so.0, libvirt.so.0 and its fifty-odd
 * libraries (GnuTLS, Kerberos, curl, ICU ...) were loaded and relocated
 * at the start of every program using the library, about 50 ms of each
 * virt-cat or guestfish run, for the few runs that name a libvirt
 * domain.  They are now loaded only by add_domain and add_libvirt_dom
 * (a program calling the latter has libvirt loaded already).
 */

#include <config.h>

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

#define CAREEN_LIBVIRT_LOADER
#include "libvirt-internal.h"

#define LIBVIRT_SONAME "libvirt.so.0"

struct libvirt_functions guestfs_int_libvirt;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

/* Why loading failed; empty once it succeeded.  Written once, under
 * load_once, and only read after it.
 */
static char load_error[512] = "not attempted";

static int
lookup (void *lib, const char *name, void **ptr)
{
  *ptr = dlsym (lib, name);
  if (*ptr == NULL) {
    snprintf (load_error, sizeof load_error, "%s has no %s",
              LIBVIRT_SONAME, name);
    return -1;
  }
  return 0;
}

static void
load (void)
{
  /* Never closed: libvirt keeps threads and atexit handlers of its own
   * once a connection was opened.
   */
  void *lib = dlopen (LIBVIRT_SONAME, RTLD_NOW | RTLD_LOCAL);

  if (lib == NULL) {
    snprintf (load_error, sizeof load_error, "%s", dlerror ());
    return;
  }
#define LIBVIRT_LOOKUP(name)                                            \
  if (lookup (lib, #name, (void **) &guestfs_int_libvirt.name) == -1)   \
    return;
  LIBVIRT_FUNCTIONS (LIBVIRT_LOOKUP)
#undef LIBVIRT_LOOKUP
  if (lookup (lib, "virConnectAuthPtrDefault",
              (void **) &guestfs_int_libvirt.virConnectAuthPtrDefault) == -1)
    return;
  load_error[0] = '\0';
}

int
guestfs_int_load_libvirt (guestfs_h *g)
{
  pthread_once (&load_once, load);
  if (load_error[0] != '\0') {
    guestfs_int_error_errno (g, ENOTSUP, "cannot use libvirt: %s",
                             load_error);
    return -1;
  }
  return 0;
}
