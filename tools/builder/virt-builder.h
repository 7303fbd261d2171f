/* careen - offline disk-image toolkit
 * virt-builder's private header: its sources of templates, downloads,
 * signatures, cache, listings and the build itself, one file each.
 *
 * Functions print their errors as "virt-builder: message" once and
 * return -1 (or NULL); main decides how to end.
 */

#ifndef CAREEN_VIRT_BUILDER_H
#define CAREEN_VIRT_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "customize-attach.h"
#include "index.h"

#define PROGRAM "virt-builder"

/* Most sources one run reads (repos.d files and --source): the public
 * setups have one or two.
 */
#define VB_MAX_SOURCES 64

/* One repository: a repos.d [section] or a --source. */
struct vb_source {
  char *uri;                    /* of the index */
  char *gpgkey;                 /* local key file (gpgkey=file://...), or NULL */
  char *fingerprint;            /* --fingerprint, or NULL */
  char *proxy;                  /* proxy=: NULL system, "" none, or a proxy */
  bool check_signature;         /* false: unsigned (no gpgkey in .conf) */

  /* Once the index is read. */
  char *index_file;             /* local copy */
  char *used_fingerprint;       /* of the key that signed it, or NULL */
  struct index index;
  struct index_entry *entries;
  size_t nr_entries;
};

/* What every step needs to know from the command line. */
struct vb_opts {
  bool quiet;
  bool verbose;
  bool trace;
  bool check_signature;
  bool sync;
  bool delete_on_failure;
  int network;                  /* 1, 0, or -1: the default */
  const char *curl;             /* --curl, a command line */
  const char *gpg;              /* --gpg, a command line */
  const char *tmpdir;           /* this run's scratch folder */
  char *cache_dir;              /* NULL: --no-cache */
};

/* virt-builder-util.c */
extern void vb_error (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
extern void vb_message (const struct vb_opts *o, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));
extern char *vb_human_size (uint64_t n);
extern int vb_parse_size (const char *s, uint64_t *r);
extern char **vb_split_command (const char *cmd);
extern const char *vb_host_arch (void);
extern int vb_sha512_file (const char *file, char hex[129]);
/* Prints "virt-builder: running: ARGV..." on stderr with -v. */
extern void vb_trace_command (const struct vb_opts *o, char *const *argv);

/* virt-builder-sources.c */
/* Sources in order: --source (or $VIRT_BUILDER_SOURCE), then the
 * repos.d .conf files of $XDG_CONFIG_HOME, then those of
 * $VIRT_BUILDER_DIRS (default /etc).  Returns the number, or -1.
 */
extern int vb_sources_get (char **cmd_sources, size_t nr_cmd,
                           char **fingerprints, size_t nr_fp,
                           bool no_default_sources,
                           struct vb_source **sources);
extern void vb_sources_free (struct vb_source *s, size_t n);

/* virt-builder-download.c */
/* Copies URI (file://, a path, http://, https://, ftp://) to the new
 * file DEST.  PROXY as struct vb_source's.  Returns 0 or -1.
 */
extern int vb_download (const struct vb_opts *o, const char *uri,
                        const char *proxy, const char *dest);
/* URI relative to the folder of BASE (the index's URI), unless it is
 * absolute itself.
 */
extern char *vb_resolve_uri (const char *base, const char *uri);

/* virt-builder-sign.c */
/* Checks that FILE (clear-signed, SIG NULL; or detached in SIG) was
 * signed by the source's key.  Sets s->used_fingerprint.  Returns 0 or
 * -1.
 */
extern int vb_verify (const struct vb_opts *o, struct vb_source *s,
                      const char *file, const char *sig);

/* virt-builder-index.c */
/* Downloads, checks and parses each source's index. */
extern int vb_read_indexes (const struct vb_opts *o, struct vb_source *s,
                            size_t n);
/* The template OS_VERSION (name or alias) for ARCH, or NULL. */
extern const struct index_entry *
vb_find_template (const struct vb_source *s, size_t n,
                  const char *os_version, const char *arch,
                  const struct vb_source **from);

/* virt-builder-list.c */
/* ONLY: the one template to list (and no source), or NULL for all. */
extern int vb_list (FILE *fp, const char *format, const struct vb_source *s,
                    size_t n, const struct index_entry *only);
extern int vb_notes (FILE *fp, const struct index_entry *e);

/* virt-builder-cache.c */
extern char *vb_cache_default_dir (void);
extern char *vb_cache_file (const char *dir, const struct index_entry *e);
extern int vb_print_cache (const struct vb_opts *o,
                           const struct vb_source *s, size_t n);
extern int vb_delete_cache (const struct vb_opts *o);

/* virt-builder-build.c */
struct customize_ops;
struct vb_build {
  const char *output;
  const char *format;           /* output format */
  uint64_t size;                /* 0: the template's */
  struct customize_attach attach;
  int memsize, smp;
};
extern int vb_build (const struct vb_opts *o, const struct vb_source *src,
                     const struct index_entry *e, const struct vb_build *b,
                     struct customize_ops *ops);

#endif /* CAREEN_VIRT_BUILDER_H */
