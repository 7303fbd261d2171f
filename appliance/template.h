/* careen - offline disk-image toolkit
 * A saved appliance: init's side (template.c).
 */

#ifndef CAREEN_TEMPLATE_H
#define CAREEN_TEMPLATE_H

/* Opens CHANNEL, tells the library that this appliance can be saved
 * now, and blocks until a restored copy of it gets its RESUME message
 * (common/protocol/protocol.txt).  Then sets the clock and reseeds
 * the RNG; *SCSI_DISKS is the number of disks the library attached,
 * which the caller scans (disk_order_scan) under its stall watcher;
 * *STALL_SECONDS is the library's stall limit for them and for the
 * daemon (careen.stall= is not on a saved appliance's command line).
 * Returns the open channel (not close-on-exec: the daemon inherits
 * it), or -1 with errno set.
 */
extern int template_wait_resume (const char *channel, unsigned *scsi_disks,
                                 unsigned *stall_seconds);

#endif /* CAREEN_TEMPLATE_H */
