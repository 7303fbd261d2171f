/* careen - offline disk-image toolkit
 * Naming the appliance's SCSI disks in the order they were added
 * (disk-order.c).  init calls these around loading each early module.
 */

#ifndef CAREEN_DISK_ORDER_H
#define CAREEN_DISK_ORDER_H

extern void disk_order_before_module (const char *module_path);
extern void disk_order_after_module (const char *module_path);
extern void disk_order_scan (void);

#endif /* CAREEN_DISK_ORDER_H */
