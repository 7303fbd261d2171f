/* careen - offline disk-image toolkit
 * What the inputs (input-*.c, disk-check.c) share among themselves:
 * nothing here is for the programs, which use v2v.h.
 */

#ifndef CAREEN_V2V_INPUT_H
#define CAREEN_V2V_INPUT_H

#include <stdbool.h>

#include "v2v.h"

/* Longest description an input reads (OVF, VMX, libvirt XML, VMDK text
 * descriptor): real ones are a few KiB, and the limit bounds what a
 * hostile one makes us allocate.
 */
#define V2V_MAX_DESCRIPTION (4 * 1024 * 1024)

/* disk-check.c */

/* Whether qemu would take NAME for something other than a local file:
 * "json:{...}", "proto://...", or "proto:..." before any '/'.
 */
extern bool v2v_name_is_protocol (const char *name);

/* Reads the whole of FILE (at most V2V_MAX_DESCRIPTION bytes) into a
 * NUL-terminated string; *LEN_R (if not NULL) gets its length.
 * Returns NULL with the error printed.
 */
extern char *v2v_read_description (const char *file, size_t *len_r);

/* Appends a disk to S: PATH (absolute, copied), FORMAT (copied, or
 * NULL to probe), BUS and SLOT; then runs v2v_disk_check on it.
 * Returns 0, or -1 with the error printed.
 */
extern int v2v_source_add_disk (struct v2v_source *s, const char *path,
                                const char *format, enum v2v_bus bus,
                                int slot);
extern void v2v_source_add_removable (struct v2v_source *s, bool floppy,
                                      enum v2v_bus bus, int slot);
/* MAC, MODEL and VNET are copied (MAC and MODEL may be NULL). */
extern void v2v_source_add_nic (struct v2v_source *s, const char *mac,
                                const char *model,
                                enum v2v_net_type vnet_type,
                                const char *vnet);

#endif /* CAREEN_V2V_INPUT_H */
