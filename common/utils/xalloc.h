/* careen - offline disk-image toolkit
 * Allocation for the front-end programs (guestfish, the virt-* tools),
 * which may exit when memory runs out: "PROGRAM: out of memory" and
 * exit status 1.  Never for the library or the daemon, which must
 * return an error instead.
 */

#ifndef CAREEN_XALLOC_H
#define CAREEN_XALLOC_H

#include <stddef.h>

/* xalloc.c */
extern void die_nomem (void) __attribute__ ((noreturn));
extern void *xmalloc (size_t n);
extern char *xstrdup (const char *s);
extern char *xstrndup (const char *s, size_t n);
/* A copy of the guest directory path dir ending in '/': guestfs_find
 * and find0 then give names relative to it ("b/c", not "/b/c").
 */
extern char *xdir_with_slash (const char *dir);

#endif /* CAREEN_XALLOC_H */
