/* careen - offline disk-image toolkit
 * virt-sparsify: what its files share.
 */

#ifndef CAREEN_VIRT_SPARSIFY_H
#define CAREEN_VIRT_SPARSIFY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "guestfs.h"
#include "options.h"

#define PROGRAM "virt-sparsify"

/* Exit statuses beyond 0 and 1 (the man page's EXIT STATUS). */
#define EXIT_TMPDIR_FAIL 2      /* --check-tmpdir=fail found too little */
#define EXIT_NO_DISCARD 3       /* --in-place: discard is not available */

/* Most --ignore or --zero options: one per filesystem or volume group
 * of a guest is the use; the bound stops a runaway script.
 */
#define SPARSIFY_MAX_NAMES 1024

enum check_tmpdir { CHECK_TMPDIR_IGNORE, CHECK_TMPDIR_CONTINUE,
                    CHECK_TMPDIR_WARN, CHECK_TMPDIR_FAIL };

/* The command line. */
struct sparsify {
  struct options o;             /* -v, -x, --format, --key ... */
  bool in_place;
  const char *indisk;
  const char *outdisk;          /* copying mode only */
  const char *format;           /* --format, or NULL: probe */
  const char *convert;          /* --convert, or NULL: input's format */
  bool compress;
  char *qemu_img_options;       /* -o (several are joined), or NULL */
  const char *tmp;              /* --tmp, or NULL: $TMPDIR */
  enum check_tmpdir check_tmpdir;
  bool check_tmpdir_given;
  const char *ignores[SPARSIFY_MAX_NAMES]; /* --ignore FS|VG */
  size_t nr_ignores;
  const char *zeroes[SPARSIFY_MAX_NAMES];  /* --zero DEVICE */
  size_t nr_zeroes;
};

/* virt-sparsify-msg.c: what the user sees. */
extern bool sparsify_quiet;     /* -q */
extern bool sparsify_colours;   /* --colours, or stdout is a tty */
extern bool sparsify_wrap;      /* --wrap, or stderr is a tty */
/* --machine-readable: where its output goes (NULL: not given). */
extern FILE *sparsify_machine;
/* Starts the clock of the "[  12.3]" prefix of messages. */
extern void msg_start_clock (void);
/* A progress message on stdout with the elapsed time (not with -q). */
extern void message (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
/* "virt-sparsify: warning: ..." on stderr (even with -q). */
extern void warning (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
/* "virt-sparsify: error: ..." on stderr, then exit (status). */
extern void die (int status, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3), noreturn));
/* Prints TEXT on fp, wrapped at the terminal's width if --wrap. */
extern void print_wrapped (FILE *fp, const char *text);
/* Shows the progress of long calls on G (not with -q). */
extern void progress_setup (guestfs_h *g);
/* Sets up --machine-readable[=FORMAT]; exits on a bad FORMAT. */
extern void machine_readable_setup (const char *format);

/* The virtual size and the bytes allocated on the host of a disk
 * image: read before and after to report what was gained.
 */
struct disk_sizes {
  int64_t virtual_size;         /* -1: unknown */
  int64_t allocated;            /* -1: unknown (a block device) */
};
/* Fills *S for the image FILE (G: a handle, for disk_virtual_size of
 * formats with metadata).  Never fails: unknown sizes are -1.
 */
extern void disk_sizes_get (guestfs_h *g, const char *file,
                            const char *format, struct disk_sizes *s);
/* Prints the sizes before and after (not with -q). */
extern void disk_sizes_report (const char *before_name,
                               const struct disk_sizes *before,
                               const char *after_name,
                               const struct disk_sizes *after);

/* virt-sparsify-guest.c: the work in the appliance, after launch. */
/* Frees the space of every filesystem, swap area and volume group's
 * free extents of the launched handle, except the ignored ones, and
 * zeroes the --zero devices.  IN_PLACE: the disk is the user's (trim
 * only); otherwise it is the throw-away overlay.  Returns 0, or -1
 * after the error was printed.
 */
extern int sparsify_guest (guestfs_h *g, const struct sparsify *sp,
                           bool in_place);

/* virt-sparsify-copy.c, virt-sparsify-inplace.c: the two modes.  They
 * return the exit status.
 */
extern int sparsify_copy (struct sparsify *sp);
extern int sparsify_in_place (struct sparsify *sp);

#endif /* CAREEN_VIRT_SPARSIFY_H */
