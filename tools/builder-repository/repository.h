/* careen - offline disk-image toolkit
 * virt-builder-repository: the private header of the tool.
 *
 * A repository is a directory holding template images and the index
 * that describes them.  The tool works on templates as ordered lists
 * of index fields (what it does not understand it keeps as it found
 * it), builds the new repository in a temporary directory inside the
 * old one, and only renames files into place once everything worked.
 */

#ifndef CAREEN_BUILDER_REPOSITORY_H
#define CAREEN_BUILDER_REPOSITORY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "guestfs.h"
#include "vector.h"

#define PROGRAM "virt-builder-repository"

/* One "key=value" or "key[subkey]=value" line of a template, with
 * continuation lines joined by '\n' in value.  All strings are owned.
 */
struct repo_field {
  char *key;
  char *subkey;                 /* NULL: no [subkey] */
  char *value;
};
DEFINE_VECTOR_TYPE (repo_field_vector, struct repo_field);

/* One [id] section of the index. */
struct repo_template {
  char *id;
  struct repo_field_vector fields;      /* in the order they are written */
};
DEFINE_VECTOR_TYPE (repo_template_vector, struct repo_template);

/* What the command line asked for. */
struct repo_options {
  const char *repo;             /* the repository directory */
  const char *gpg;              /* gpg command (words split on spaces) */
  const char *gpg_key;          /* --gpg-key, or NULL: no signature */
  bool keep_unsigned;           /* also publish the unsigned index */
  bool compress;                /* false with --no-compression */
  bool quiet, verbose, trace;
  FILE *machine;                /* --machine-readable stream, or NULL */
};

/* repo-msg.c */

/* "virt-builder-repository: error: MSG" on stderr. */
extern void repo_error (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
/* "virt-builder-repository: warning: MSG" on stderr. */
extern void repo_warning (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
/* A progress line on stdout (stderr when machine-readable output goes
 * to stdout), unless --quiet.
 */
extern void repo_message (const struct repo_options *opts,
                          const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));

/* repo-template.c */

/* The value of KEY[SUBKEY] (SUBKEY NULL: no subkey) in T, or NULL. */
extern const char *template_get (const struct repo_template *t,
                                 const char *key, const char *subkey);
/* Sets KEY[SUBKEY] to a copy of VALUE, in place if T has the field,
 * else at the end; VALUE NULL removes the field.  Exits on no memory.
 */
extern void template_set (struct repo_template *t, const char *key,
                          const char *subkey, const char *value);
/* template_set with a decimal number. */
extern void template_set_int (struct repo_template *t, const char *key,
                              int64_t value);
/* The file= of T without any directory part, or NULL. */
extern const char *template_file_base (const struct repo_template *t);
/* Frees what T holds. */
extern void template_release (struct repo_template *t);
/* Frees every template of V, then V's array. */
extern void templates_release (struct repo_template_vector *v);

/* index-write.c */

/* Writes the templates of V as an index to FP, in order.  Returns 0,
 * or -1 after printing what cannot be written (an id or key that the
 * index syntax cannot hold) or the write error, naming PATH.
 */
extern int index_write (FILE *fp, const char *path,
                        const struct repo_template_vector *v);

/* repo-index-read.c */

/* Reads the index of the repository (index.asc if there is one, else
 * index) into *V.  No index is not an error (*V stays empty).  Returns
 * 0, or -1 after printing the error.
 */
extern int repo_read_index (const char *repo,
                            struct repo_template_vector *v);

/* repo-files.c */

/* The image files of REPO, sorted by name: regular files whose names
 * end in .qcow2, .raw or .img, or have no extension and binary
 * contents.  Hidden files, the index and its backups are not images.
 * Returns a NULL-terminated list (caller frees), or NULL after
 * printing the error.
 */
extern char **repo_list_images (const char *repo);
/* Compresses SRC into DST with xz, as virt-builder expects its
 * templates.  Returns 0, or -1 after printing the error.
 */
extern int repo_compress (const char *src, const char *dst);
/* The SHA-512 of FILE in lower-case hex (caller frees), or NULL after
 * printing the error.
 */
extern char *repo_sha512 (const char *file);
/* Moves every file of TMPDIR into REPO, the index files last (so
 * an index never names a template that is not there yet), keeping the
 * old index files as NAME.bak and removing one that has no successor.
 * Returns 0, or -1 after printing the error.
 */
extern int repo_publish (const char *tmpdir, const char *repo);

/* repo-gpg.c */

/* Clear-signs INDEX into INDEX_ASC with the key of OPTS.  Returns 0,
 * or -1 after printing the error.
 */
extern int repo_sign (const struct repo_options *opts, const char *index,
                      const char *index_asc);

/* repo-inspect.c */

/* What inspection found in one image. */
struct repo_inspection {
  char *os_version;             /* "debian-12": the default id */
  char *name;                   /* product name */
  char *osinfo;                 /* libosinfo short id */
  char *arch;
  char *expand;                 /* partition to expand, or NULL */
  char *lvexpand;               /* LV to expand, or NULL */
};

/* Inspects IMAGE of FORMAT in an appliance of its own.  Returns 0, or
 * -1 after printing the error (no operating system, or several).
 */
extern int repo_inspect (const struct repo_options *opts,
                         const char *image, const char *format,
                         struct repo_inspection *r);
extern void repo_inspection_release (struct repo_inspection *r);

#endif /* CAREEN_BUILDER_REPOSITORY_H */
