/* careen - offline disk-image toolkit
 * What the inputs (input-*.c, disk-check.c) share among themselves:
 * nothing here is for the programs, which use v2v.h.
 */

#ifndef CAREEN_V2V_INPUT_H
#define CAREEN_V2V_INPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "v2v.h"

/* Longest description an input reads (OVF, VMX, libvirt XML, VMDK text
 * descriptor): real ones are a few KiB, and the limit bounds what a
 * hostile one makes us allocate.
 */
#define V2V_MAX_DESCRIPTION (4 * 1024 * 1024)

/* input-libvirtxml.c */

/* Fills S from the libvirt domain XML TEXT (LEN bytes).  WHAT names
 * the XML in messages ("libvirt xml 'FILE'"); relative disk paths are
 * taken from DIR; FORMAT as the inputs' (v2v.h).  Returns 0, or -1
 * with the error printed.
 */
extern int v2v_libvirtxml_parse (const char *text, size_t len,
                                 const char *what, const char *dir,
                                 const char *format, struct v2v_source *s);

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

/* ova-tar.c: the table of contents of a tar file. */
struct ova_tar_member {
  char *name;              /* "./" and repeated '/' removed */
  bool regular;            /* a regular file (not a link, dir, device) */
  bool unsafe;             /* absolute, or a ".." component */
  off_t offset;            /* of the data in the tar */
  uint64_t size;
};
struct ova_tar {
  struct ova_tar_member *members;
  size_t nr_members;
  off_t size;
};

/* Reads the headers of the tar open on FD (named TAR in messages) into
 * T (zeroed by the caller; ova_tar_release frees it even on error).
 * Returns 0, or -1 with the error printed.
 */
extern int ova_tar_read (int fd, const char *tar, struct ova_tar *t);
extern void ova_tar_release (struct ova_tar *t);
/* The member called NAME (normalized), or NULL. */
extern const struct ova_tar_member *ova_tar_find (const struct ova_tar *t,
                                                  const char *name);

/* ova-files.c */

/* Runs ARGV with LEN bytes of IN_FD from OFF (to its end when LEN is
 * -1) on its standard input, and its standard output going to OUT_FD,
 * or (OUT_FD -1) into OUT, NUL-terminated, at most OUT_SIZE - 1 bytes.
 * WHAT names the bytes in messages.  Returns 0 when the program exits
 * 0, else -1 with the error printed.
 */
extern int ova_feed_program (char *const *argv, const char *what, int in_fd,
                             off_t off, int64_t len, int out_fd, char *out,
                             size_t out_size);
/* Creates TMPDIR/NAME exclusively (never through a link) for writing;
 * returns the fd and the path in *PATH_R, or -1 printed.
 */
extern int ova_create_file (const char *tmpdir, const char *name,
                            char **path_r);
/* Copies a range of IN_FD (as ova_feed_program; WHAT names it) into
 * the new file TMPDIR/NAME, decompressing it when COMPRESSION is
 * "gzip" or "xz".  The path goes to *PATH_R.  -1 printed.
 */
extern int ova_copy_out (const char *what, int in_fd, off_t off, int64_t len,
                         const char *compression, const char *tmpdir,
                         const char *name, char **path_r);

#endif /* CAREEN_V2V_INPUT_H */
