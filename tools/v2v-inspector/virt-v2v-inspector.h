/* careen - offline disk-image toolkit
 * virt-v2v-inspector: what its files share.
 */

#ifndef CAREEN_VIRT_V2V_INSPECTOR_H
#define CAREEN_VIRT_V2V_INSPECTOR_H

#include <stdint.h>

#include "v2v-cmdline.h"

#define PROGRAM "virt-v2v-inspector"

/* virt-v2v-inspector-estimate.c: sizes of a converted overlay.
 * Return 0, or -1 (printed).
 */
extern int estimate_allocated (const char *overlay, uint64_t *allocated);
extern int estimate_virtual_size (const char *overlay, uint64_t *size);

/* virt-v2v-inspector-xml.c: writes the document for C to FILE, or to
 * DOC_FD when FILE is "-".  Returns 0, or -1 (printed).
 */
extern int write_inspection (const char *file, int doc_fd,
                             const struct v2v_converted *c);

#endif /* CAREEN_VIRT_V2V_INSPECTOR_H */
