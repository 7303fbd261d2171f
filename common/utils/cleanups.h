/* careen - offline disk-image toolkit
 * CLEANUP_* attributes: locals freed automatically when they go out of
 * scope.  Initialise them to NULL (or -1 for fds) and set them back to
 * NULL to hand ownership to the caller.
 */

#ifndef CAREEN_CLEANUPS_H
#define CAREEN_CLEANUPS_H

#include <stdio.h>

#define CLEANUP_FREE __attribute__ ((cleanup (cleanup_free)))
#define CLEANUP_FREE_STRING_LIST __attribute__ ((cleanup (cleanup_free_string_list)))
#define CLEANUP_CLOSE __attribute__ ((cleanup (cleanup_close)))
#define CLEANUP_FCLOSE __attribute__ ((cleanup (cleanup_fclose)))
#define CLEANUP_UNLINK_FREE __attribute__ ((cleanup (cleanup_unlink_free)))

/* cleanups.c */
extern void cleanup_free (void *ptr);
extern void cleanup_free_string_list (void *ptr);
extern void cleanup_close (void *ptr);
extern void cleanup_fclose (void *ptr);
/* Unlinks the named file (if the name is not NULL) and frees the name. */
extern void cleanup_unlink_free (void *ptr);

#endif /* CAREEN_CLEANUPS_H */
