/* careen - offline disk-image toolkit
 * reg-parse: the parser of regedit (.reg) text used by virt-win-reg
 * --merge.  Pure code on the host: no handle, no I/O.  The input is
 * untrusted (users merge files they were sent), so every size is
 * bounded by the limits below and parsing never trusts a length.
 */

#ifndef CAREEN_REG_PARSE_H
#define CAREEN_REG_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest .reg input parsed at once: real exports of a whole SOFTWARE
 * hive are tens of MiB; the bound keeps a runaway input from using
 * unbounded memory.
 */
#define REG_MAX_INPUT (256 * 1024 * 1024)
/* Longest logical line (continuation lines joined). */
#define REG_MAX_LINE (8 * 1024 * 1024)
/* Largest value data: it must fit in one request to the appliance
 * (hivex_node_set_value), whose messages are at most 4 MiB.
 */
#define REG_MAX_VALUE_LEN (1024 * 1024)
/* Longest key path and value name, in bytes of UTF-8.  Windows caps
 * key names at 255 characters and value names at 16383.
 */
#define REG_MAX_PATH 32768
#define REG_MAX_NAME 65536
/* Most [key] sections and values in one key. */
#define REG_MAX_OPS 1000000
#define REG_MAX_VALUES 100000

enum reg_encoding {
  REG_ENCODING_UTF16LE,         /* "..." strings stored as UTF-16LE */
  REG_ENCODING_ASCII,           /* stored as the bytes given */
};

/* One "name"=data line (or "name"=- to delete, data NULL). */
struct reg_value {
  char *name;                   /* "" for @, the default value */
  bool delete;
  uint32_t type;                /* REG_SZ = 1, ... */
  char *data;                   /* malloc'd, len bytes */
  size_t len;
};

/* One [key] section, or [-key] (delete the key and its subtree). */
struct reg_op {
  char *path;                   /* as written between the brackets */
  bool delete;
  struct reg_value *values;
  size_t nr_values;
  size_t cap_values;            /* room in values (vector.h) */
};

struct reg_file {
  struct reg_op *ops;
  size_t nr_ops;
  size_t cap_ops;               /* room in ops (vector.h) */
};

/* Parses len bytes of text into *rf (which the caller frees with
 * reg_file_free, also after a failure).  Returns 0, or -1 with a
 * message "line N: ..." in err (errlen bytes).  Lines may end in CRLF;
 * a UTF-8 byte-order mark, "Windows Registry Editor Version 5.00" and
 * "REGEDIT4" headers, blank lines and ';' comments are skipped; a line
 * ending in '\' continues on the next.
 */
extern int reg_parse (const char *text, size_t len, enum reg_encoding enc,
                      struct reg_file *rf, char *err, size_t errlen);
extern void reg_file_free (struct reg_file *rf);

#endif /* CAREEN_REG_PARSE_H */
