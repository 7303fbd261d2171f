/* careen - offline disk-image toolkit
 * virt-resize: the state shared by its files.
 *
 * virt-resize.c reads the command line and runs the steps in order;
 * virt-resize-disk.c reads the input's layout and writes the output's
 * partition table (first launch), virt-resize-plan.c decides where
 * every partition goes and prints the summary, virt-resize-copy.c
 * copies the partitions' bytes on the host, and virt-resize-expand.c
 * grows their contents (second launch, output disk alone).
 */

#ifndef CAREEN_VIRT_RESIZE_H
#define CAREEN_VIRT_RESIZE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guestfs.h"
#include "vector.h"

#define PROGRAM "virt-resize"

/* careen (like libguestfs's virt-resize) plans in 512-byte sectors;
 * disks with other logical sector sizes are refused.
 */
#define RZ_SECTOR 512

/* Surplus below which no extra partition is made (libguestfs's rule). */
#define RZ_MIN_EXTRA_PARTITION (INT64_C (10) * 1024 * 1024)

/* Sectors GPT keeps after the last usable sector (backup entries and
 * header).
 */
#define RZ_GPT_TAIL 33

/* Most partitions read from a table: GPT's usual entry count. */
#define RZ_MAX_PARTS 128

/* What happens to one input partition. */
enum rz_op {
  RZ_OP_COPY,                   /* copied, same size */
  RZ_OP_RESIZE,                 /* copied, new size */
  RZ_OP_IGNORE,                 /* created, not copied */
  RZ_OP_DELETE,                 /* not created */
};

/* How the content of a partition (or LV) can be grown. */
enum rz_method {
  RZ_METHOD_NONE,               /* nothing known */
  RZ_METHOD_RESIZE2FS,
  RZ_METHOD_XFS_GROWFS,
  RZ_METHOD_BTRFS,
  RZ_METHOD_NTFSRESIZE,
  RZ_METHOD_PVRESIZE,
  RZ_METHOD_MKSWAP,
};

/* One partition of the input (primary, extended or GPT; logical
 * partitions travel inside their extended partition).
 */
struct rz_part {
  int num;                      /* input partition number */
  char *name;                   /* "/dev/sdaN", as the user names it */
  int64_t start;                /* bytes, on the input */
  int64_t size;                 /* bytes, on the input */
  bool extended;                /* MBR extended partition */
  bool bootable;                /* MBR active flag */
  int mbr_id;                   /* MBR type byte, or 0 */
  char *gpt_type, *gpt_guid, *gpt_name;  /* GPT only, else NULL */
  int64_t gpt_attrs;
  char *fstype;                 /* vfs_type, or NULL */
  char *label, *uuid;           /* swap: recreated with these */
  int64_t content_size;         /* bytes the content uses; -1: unknown */

  enum rz_op op;
  int64_t new_size;             /* bytes on the output */
  bool size_forced;             /* --resize-force */
  enum rz_method method;        /* to grow the content, or NONE */

  int out_num;                  /* partition number on the output */
  int64_t out_start;            /* sector on the output */
};

/* One --LV-expand. */
struct rz_lv {
  char *name;                   /* /dev/VG/LV */
  char *fstype;
  enum rz_method method;
};

/* The command line. */
struct rz_resize { const char *part, *spec; bool force; };
DEFINE_VECTOR_TYPE (rz_resize_vector, struct rz_resize);
DEFINE_VECTOR_TYPE (rz_arg_vector, const char *);

struct rz_opts {
  const char *infile, *outfile;
  char *informat, *outformat;   /* NULL: detected */
  const char *expand, *shrink;
  struct rz_resize_vector resizes;
  struct rz_arg_vector deletes, ignores, lv_expands;
  enum { RZ_ALIGN_AUTO, RZ_ALIGN_NEVER, RZ_ALIGN_ALWAYS } align_first;
  int64_t alignment;            /* sectors */
  bool copy_boot_loader, extra_partition, expand_content, sparse;
  bool ntfsresize_force, dry_run, machine_readable, quiet;
  enum { RZ_UNKNOWN_IGNORE, RZ_UNKNOWN_WARN, RZ_UNKNOWN_ERROR } unknown_fs;
};

/* The input disk and the plan for the output. */
struct rz_disk {
  int64_t insize, outsize;      /* bytes */
  char *parttype;               /* "msdos" or "gpt" */
  char *disk_guid;              /* GPT only */
  struct rz_part *parts;        /* in start order */
  size_t nr_parts;
  struct rz_lv *lvs;
  size_t nr_lvs;
  int64_t first_start;          /* sector of the first partition, input */
  bool align_first;             /* the first partition moves */
  int64_t surplus;              /* bytes left after the plan */
  int64_t extra_start, extra_end;  /* sectors of the extra partition, or 0 */
  int extra_num;
};

/* virt-resize.c */
/* virt-resize-output.c: the look of messages (--colors, --wrap) and
 * where the machine-readable output goes.
 */
extern bool rz_colors_opt, rz_wrap_opt;
extern FILE *rz_mr_out;         /* machine-readable output, or NULL */
/* Prints "virt-resize: KIND: message" on stderr (KIND "error" or
 * "warning"), coloured and wrapped as asked.
 */
extern void rz_report (const char *kind, const char *fs, va_list args);
/* Prints a progress line "[  T] message" on stdout. */
extern void rz_progress_line (double t, const char *fs, va_list args);
/* --machine-readable[=FORMAT]: stdout, or stream:stdout|stderr,
 * file:NAME, fd:N.  Returns 0, or -1 after the error was printed.
 */
extern int rz_set_machine_readable (const char *format);

extern void rz_die (const char *fs, ...)
  __attribute__ ((noreturn, format (printf, 1, 2)));
extern void rz_warn (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
extern void rz_message (const struct rz_opts *o, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));
extern enum rz_method rz_method_of (const char *fstype);
extern const char *rz_method_name (enum rz_method m);

/* virt-resize-disk.c: each returns 0, or -1 after the library printed
 * the error.
 */
extern int rz_read_input (guestfs_h *g, const char *dev,
                          struct rz_disk *d);
extern int rz_read_lvs (guestfs_h *g, struct rz_disk *d,
                        const struct rz_opts *o);
extern int rz_write_table (guestfs_h *g, const char *indev,
                           const char *outdev, const struct rz_disk *d,
                           const struct rz_opts *o);
extern void rz_disk_free (struct rz_disk *d);

/* virt-resize-plan.c: exits with a message when the plan cannot fit. */
extern void rz_plan (struct rz_disk *d, const struct rz_opts *o);
extern void rz_print_summary (const struct rz_disk *d,
                              const struct rz_opts *o);
extern int64_t rz_parse_size (const char *spec, int64_t current,
                              const char *part);

/* virt-resize-copy.c: returns 0, or -1 after printing the error. */
extern int rz_copy_host (const struct rz_disk *d, const struct rz_opts *o);
extern int rz_copy_appliance (guestfs_h *g, const char *indev,
                              const char *outdev, const struct rz_disk *d,
                              const struct rz_opts *o);
extern bool rz_have_qemu_img (void);
/* The raw FILE's first SIZE bytes to the output at OFFSET.  Returns 0,
 * or -1 (printed).
 */
extern int rz_copy_host_file (const struct rz_opts *o, const char *file,
                              int64_t offset, int64_t size);

/* virt-resize-seal.c: the output carries no boot signature (and so no
 * partition table anyone accepts) from rz_unseal_start, its first
 * write, until rz_seal or rz_seal_host, the last.  The new table is
 * written on RZ_TABLE_DEV, a scratch disk of the first launch the size
 * of the output, and rz_unseal puts it on the output without its
 * signature.  rz_unseal_reopen makes the table visible to a later
 * launch's kernel (LVM: its volumes too) while leaving the disk
 * unsealed.  Each returns 0, or -1 with the error printed.
 */
#define RZ_TABLE_DEV "/dev/sdc"
extern int rz_unseal_start (guestfs_h *g, const char *outdev,
                            const struct rz_opts *o);
extern int rz_unseal (guestfs_h *g, const char *tabledev, const char *outdev,
                      const struct rz_disk *d);
extern int rz_unseal_reopen (guestfs_h *g, const char *outdev, bool lvm);
extern int rz_seal (guestfs_h *g, const char *outdev);
extern int rz_seal_host (const struct rz_opts *o);

/* virt-resize-expand.c: returns 0, or -1 after printing the error. */
extern int rz_expand (guestfs_h *g, const char *outdev,
                      const struct rz_disk *d, const struct rz_opts *o);

#endif /* CAREEN_VIRT_RESIZE_H */
