/* careen - offline disk-image toolkit
 * index: the template index of virt-builder repositories.
 *
 * An index is text (often clear-signed by gpg) made of sections:
 *
 *   [os-version]
 *   key=value
 *   key[subkey]=value
 *    continuation line (begins with a space or a tab)
 *   # comment
 *
 * Sections are separated by blank lines.  index_parse checks the
 * syntax and the rules every reader relies on (no duplicate field in a
 * section, no two sections of the same os-version and arch);
 * index_entries then turns sections into typed templates and checks
 * the fields virt-builder needs.
 *
 * Both functions report a failure as one message "FILE:LINE: what"
 * (FILE is the name the caller gave) in *error, which the caller frees
 * and prints; the result is then left empty.
 *
 * The index is hostile input (it comes over the network before its
 * signature may even be checked): the parser has named limits and a
 * fuzzer (tests/fuzz/fuzz-index-parse.c).
 */

#ifndef CAREEN_INDEX_H
#define CAREEN_INDEX_H

#include <stddef.h>
#include <stdint.h>

/* Largest index accepted: the public repositories' indexes are tens
 * of kilobytes; this bounds what a hostile server can make us hold.
 */
#define INDEX_MAX_SIZE (16 * 1024 * 1024)

/* One key=value or key[subkey]=value line, with its continuations
 * joined by '\n'.
 */
struct index_field {
  char *key;
  char *subkey;                 /* NULL when there is no [subkey] */
  char *value;
  size_t line;                  /* line number of the key, from 1 */
};

/* One [name] section and its fields in file order. */
struct index_section {
  char *name;
  size_t line;
  struct index_field *fields;
  size_t nr_fields;
};

struct index {
  struct index_section *sections;
  size_t nr_sections;
  int has_comments;             /* a '#' line anywhere */
  int clearsigned;              /* wrapped in a gpg clear signature */
};

/* index-parse.c */

/* Parses LEN bytes of DATA (need not be NUL-terminated) into *IDX.
 * FILENAME names the index in error messages.  Returns 0, or -1 with
 * *ERROR set (malloc'd) and *IDX empty.  Free with index_release.
 */
extern int index_parse (const char *filename, const char *data, size_t len,
                        struct index *idx, char **error);

/* index_parse on the contents of the local file PATH (at most
 * INDEX_MAX_SIZE bytes).  Errors as index_parse; a file that cannot be
 * read gives "PATH: strerror".
 */
extern int index_parse_file (const char *path, struct index *idx,
                             char **error);

/* Frees what *IDX holds and leaves it empty. */
extern void index_release (struct index *idx);

/* The field KEY (with SUBKEY, or without one when SUBKEY is NULL) of
 * section S, or NULL.  Borrowed from S.
 */
extern const struct index_field *
index_section_field (const struct index_section *s, const char *key,
                     const char *subkey);

/* index-entry.c */

/* notes (lang "") and notes[LANG] of a template. */
struct index_note {
  const char *lang;
  const char *text;
};

/* One template, typed.  Strings are borrowed from the index (NULL
 * when the field is absent) and live as long as it does; the arrays
 * are the entry's own.
 */
struct index_entry {
  const struct index_section *section;
  const char *os_version;       /* the section name */
  const char *name;
  const char *osinfo;
  const char *file;             /* required */
  const char *arch;             /* required */
  const char *signature_uri;
  const char *checksum_sha512;
  const char *format;           /* NULL: the image's own (raw or qcow2) */
  uint64_t size;                /* required: virtual size in bytes */
  int64_t compressed_size;      /* -1 when absent */
  const char *expand;
  const char *lvexpand;
  struct index_note *notes;
  size_t nr_notes;
  int hidden;
  char **aliases;               /* NULL-terminated, never NULL */
  int revision;                 /* 1 when absent */
};

/* Turns every section of IDX into *ENTRIES (*NR of them).  FILENAME
 * names the index in errors.  Returns 0, or -1 with *ERROR set and
 * nothing allocated.  Free with index_entries_free.
 */
extern int index_entries (const char *filename, const struct index *idx,
                          struct index_entry **entries, size_t *nr,
                          char **error);
extern void index_entries_free (struct index_entry *entries, size_t nr);

#endif /* CAREEN_INDEX_H */
