/* careen - offline disk-image toolkit
 * virt-v2v: what its files share.
 */

#ifndef CAREEN_VIRT_V2V_H
#define CAREEN_VIRT_V2V_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "guestfs.h"
#include "options.h"
#include "v2v.h"
#include "v2v-cmdline.h"

#define PROGRAM "virt-v2v"

/* virt-v2v-run.c: everything after the command line; returns the
 * exit status.
 */
extern int convert_main (const struct v2v_cmdline *cl);

/* output-*.c: each checks its options before any work (_check) and
 * writes the converted guest (_write).  Return 0, or -1 (printed).
 */
extern int output_check (const struct v2v_cmdline *cl);
/* After the source is read: refuses output files that exist. */
extern int output_check_names (const struct v2v_cmdline *cl,
                               const struct v2v_source *s);
extern int output_write (const struct v2v_cmdline *cl,
                         const struct v2v_converted *c);
/* The bus of the converted guest's disks ("virtio", "scsi", "ide"). */
extern const char *output_bus_name (enum v2v_bus bus);
extern int output_local_write (const struct v2v_cmdline *cl,
                               const struct v2v_converted *c);
extern int output_qemu_write (const struct v2v_cmdline *cl,
                              const struct v2v_converted *c);
extern int output_json_write (const struct v2v_cmdline *cl,
                              const struct v2v_converted *c);

/* output-disks.c: the disks of an output that writes files in -os. */
struct output_files {
  char **final;                 /* DIR/NAME-sda ... */
  char **partial;               /* what is written first */
  int *slots;                   /* v2v_tmp_remember slots of partial */
  size_t n;
  char *meta_final, *meta_partial;
  int meta_slot;
};
extern void output_files_free (struct output_files *f);
/* Writes the metadata of C into FP, naming the disks of F.  Returns 0,
 * or -1 (printed).
 */
typedef int (*output_meta_fn) (FILE *fp, const struct v2v_cmdline *cl,
                               const struct v2v_converted *c,
                               const struct output_files *f);
/* The whole of an output that writes files in -os: C's disks, then its
 * metadata NAME.SUFFIX (mode MODE) by WRITE_META, each under a partial
 * name until all are complete (output_files_finish).  F is filled for
 * the caller, who frees it with output_files_free.
 */
extern int output_files_write (const struct v2v_cmdline *cl,
                               const struct v2v_converted *c,
                               const char *suffix, mode_t mode,
                               output_meta_fn write_meta,
                               struct output_files *f);
/* The first half of output_files_write for an output whose metadata
 * is not a file (-o libvirt): C's disks copied into DIR under their
 * partial names.  Then output_files_finish gives them their final
 * names, or output_files_free leaves them to be removed on the way out.
 */
extern int output_files_copy (const struct v2v_cmdline *cl,
                              const struct v2v_converted *c, const char *dir,
                              struct output_files *f);
extern int output_files_finish (struct output_files *f);
/* output-local.c: the libvirt domain XML of C, its disks named by F,
 * as a domain of TYPE ("kvm" ...).
 */
extern int output_domain_xml (FILE *fp, const struct v2v_cmdline *cl,
                              const struct v2v_converted *c,
                              const struct output_files *f,
                              const char *type);
/* output-libvirt.c: -o libvirt, as the other outputs' steps. */
extern int output_libvirt_check (const struct v2v_cmdline *cl);
extern int output_libvirt_check_names (const struct v2v_cmdline *cl,
                                       const struct v2v_source *s);
extern int output_libvirt_write (const struct v2v_cmdline *cl,
                                 const struct v2v_converted *c);
/* output.c: "local", "qemu" ... for -o M. */
extern const char *output_mode_name (enum output_mode m);
/* output-result.c: --json.  Writes what the output wrote (F: its
 * files, NULL for -o null) as one line of JSON to FP.
 */
extern void output_result_write (FILE *fp, const struct v2v_cmdline *cl,
                                 const struct v2v_converted *c,
                                 const struct output_files *f);
/* With --json, output_result_write on stdout.  Returns 0, or -1
 * (printed).
 */
extern int output_result (const struct v2v_cmdline *cl,
                          const struct v2v_converted *c,
                          const struct output_files *f);
/* "vda", "sdb" ... for disk I on BUS. */
extern void output_disk_name (enum v2v_bus bus, size_t i, char *buf,
                              size_t len);

#endif /* CAREEN_VIRT_V2V_H */
