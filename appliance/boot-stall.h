/* careen - offline disk-image toolkit
 * Watching the guest's disks while the appliance boots (boot-stall.c).
 */

#ifndef CAREEN_BOOT_STALL_H
#define CAREEN_BOOT_STALL_H

#include <sys/types.h>

extern pid_t boot_stall_watch (const char *seconds);
extern void boot_stall_unwatch (pid_t watcher);

#endif /* CAREEN_BOOT_STALL_H */
