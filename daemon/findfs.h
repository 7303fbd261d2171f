/* careen - offline disk-image toolkit
 * Finding a device by the label or UUID of what it holds (findfs.c),
 * shared by the findfs and swap-by-tag calls.
 */

#ifndef CAREEN_DAEMON_FINDFS_H
#define CAREEN_DAEMON_FINDFS_H

/* The first device (a logical volume as /dev/VG/LV) whose blkid tag
 * ("LABEL" or "UUID") is value, and whose blkid TYPE is type unless
 * type is NULL, the appliance's own disk excepted.  Caller frees.
 * NULL after replying: ENOENT when no device has it, EINVAL for an
 * empty value.
 */
extern char *findfs_tag (const char *tag, const char *value,
                         const char *type);

#endif /* CAREEN_DAEMON_FINDFS_H */
