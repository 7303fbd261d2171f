/* careen - offline disk-image toolkit
 * virt-inspector: declarations shared by its source files.
 */

#ifndef CAREEN_VIRT_INSPECTOR_H
#define CAREEN_VIRT_INSPECTOR_H

#include <stdbool.h>

#include "guestfs.h"

/* What to print. */
struct inspector_output {
  bool json;                    /* --json: JSON instead of XML */
  bool applications;            /* cleared by --no-applications */
  bool icon;                    /* cleared by --no-icon */
};

/* virt-inspector-output.c: prints the document about roots on stdout.
 * Returns 0, or -1 after printing the error.
 */
extern int inspector_output (const char *program, guestfs_h *g,
                             char *const *roots,
                             const struct inspector_output *out);

/* virt-inspector-xpath.c: --xpath: runs query on the XML read from
 * stdin and prints the result.  0, or -1 after printing the error.
 */
extern int inspector_xpath (const char *program, const char *query);

#endif /* CAREEN_VIRT_INSPECTOR_H */
