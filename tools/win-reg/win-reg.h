/* careen - offline disk-image toolkit
 * win-reg: what virt-win-reg needs besides its command line and export
 * printing: finding Windows in the guest, mapping registry paths
 * (HKLM\SOFTWARE\..., HKU\SID\...) to hive files, walking keys with the
 * hivex_* calls, printing one value, and merging parsed regedit text.
 *
 * Every function prints its own error ("PROGRAM: ...") and returns -1
 * or NULL, except where noted.
 */

#ifndef CAREEN_WIN_REG_H
#define CAREEN_WIN_REG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guestfs.h"
#include "reg-parse.h"

struct winreg {
  guestfs_h *g;
  const char *program;
  bool debug;                   /* --debug: say what is done */
  bool write;                   /* --merge: mount read-write */
  char *systemroot;             /* guest path of \Windows, found */
};

/* Where a registry path lives. */
struct winreg_hive {
  char *file;                   /* guest path of the hive file */
  char *subpath;                /* path inside the hive, "\" for root */
  char *prefix;                 /* what exports show before subpath */
};

/* Reads and parses the regedit files (stdin when nr_files is 0) into
 * *rf, all ops in file order.  Returns 0 or -1.
 */
extern int winreg_read_reg_files (const char *program,
                                  const char *const *files, size_t nr_files,
                                  enum reg_encoding enc, struct reg_file *rf);

/* After launch: finds the Windows installation (by inspection, else by
 * looking for \Windows\System32\config on each filesystem), mounts it
 * and sets w->systemroot.
 */
extern int winreg_find_windows (struct winreg *w);

/* Maps a registry path ("HKLM\SOFTWARE\Microsoft") to its hive. */
extern int winreg_map_path (struct winreg *w, const char *key,
                            struct winreg_hive *hv);
extern void winreg_hive_free (struct winreg_hive *hv);

/* Opens the hive (unsafe mode, writable if write). */
extern int winreg_open (struct winreg *w, const struct winreg_hive *hv,
                        bool write);

/* The node of subpath in the open hive: its handle (> 0), or 0 when it
 * does not exist and create is false (error printed), or -1.  With
 * create, missing keys are added.  *canon_r (may be NULL) gets the
 * path with the hive's own spelling of the names.
 */
extern int64_t winreg_lookup (struct winreg *w, const char *subpath,
                              bool create, char **canon_r);

/* Prints one value of node as hivexget does: strings as text, numbers
 * in decimal, string lists one a line, other data as hex bytes.
 * name "@" is the default value.
 */
extern int winreg_print_value (struct winreg *w, int64_t node,
                               const char *name);

/* 0 if key names a supported hive (HKLM\SOFTWARE..., HKU\X...), else
 * -1 after the error.  Needs no appliance.
 */
extern int winreg_path_supported (const char *program, const char *key);

/* Refuses (error printed, -1) what the merge cannot do: keys outside
 * the supported hives, and deleting a single value, which the API has
 * no call for.  Needs no appliance.
 */
extern int winreg_check_merge (const char *program, const struct reg_file *rf);

/* Applies the parsed regedit text and commits each hive changed. */
extern int winreg_merge (struct winreg *w, const struct reg_file *rf);

/* UTF-16LE bytes to a new UTF-8 string (unpaired surrogates become
 * U+FFFD; stops at an embedded NUL only if it is the final one and
 * strip_final_nul).  NULL on allocation failure (nothing printed).
 */
extern char *winreg_utf16le_to_utf8 (const char *data, size_t len,
                                     bool strip_final_nul);

extern void winreg_free (struct winreg *w);

#endif /* CAREEN_WIN_REG_H */
