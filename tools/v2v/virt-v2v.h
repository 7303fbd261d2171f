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

#define PROGRAM "virt-v2v"

/* Most -n, -b or --mac options: one per network of a guest is the
 * use; the bound stops a runaway script.
 */
#define V2V_MAX_MAPPINGS 256

/* Free space the host's temporary directory must have for the
 * overlays: they hold what the conversion writes (an initramfs,
 * drivers), which is far less than the disks.
 */
#define V2V_TMP_NEEDED (UINT64_C (1024) * 1024 * 1024)

/* Memory of the appliance: rebuilding an initramfs with dracut in it
 * needs more than the library's default.
 */
#define V2V_APPLIANCE_MEMSIZE 2048

enum input_mode {
  INPUT_DISK, INPUT_LOCAL, INPUT_OVA, INPUT_VMX, INPUT_LIBVIRTXML,
  INPUT_LIBVIRT,
};

enum output_mode {
  OUTPUT_LOCAL, OUTPUT_QEMU, OUTPUT_NULL, OUTPUT_JSON, OUTPUT_LIBVIRT,
};

/* One -n or -b: IN is NULL for the default ("-n OUT"). */
struct net_map {
  const char *in;
  const char *out;
};

/* One --mac MAC:network|bridge:OUT or MAC:ip:ADDR[,GW[,LEN[,NS...]]]. */
struct mac_map {
  char mac[18];                 /* lower case "aa:bb:cc:dd:ee:ff" */
  bool is_ip;
  enum v2v_net_type type;       /* when !is_ip */
  const char *value;            /* OUT, or the ip: part as given */
};

/* The command line. */
struct cmdline {
  struct options o;             /* -v, -x, --key, -V ... */
  enum input_mode input;
  bool input_given;
  const char *input_format;     /* -if */
  char *const *args;            /* positional arguments */
  size_t nr_args;
  enum output_mode output;
  const char *output_name;      /* -on */
  const char *output_storage;   /* -os */
  const char *output_format;    /* -of: raw (default) or qcow2 */
  bool preallocated;            /* -oa preallocated */
  bool compressed;              /* --compressed, -oo compressed */
  bool qemu_boot;               /* --qemu-boot, -oo qemu-boot */
  enum v2v_bus block_driver;    /* --block-driver */
  const char *root;             /* --root (default "ask") */
  bool print_source;
  bool machine_readable;
  bool quiet;
  struct net_map networks[V2V_MAX_MAPPINGS], bridges[V2V_MAX_MAPPINGS];
  size_t nr_networks, nr_bridges;
  struct mac_map macs[V2V_MAX_MAPPINGS];
  size_t nr_macs;
};

/* What the conversion produced, for the outputs. */
struct converted {
  const struct v2v_source *source;
  struct v2v_inspect inspect;
  struct v2v_guestcaps caps;
  enum v2v_firmware firmware;   /* of the target: BIOS or UEFI */
  char **overlays;              /* one qcow2 per source disk */
};

/* virt-v2v-input.c */
/* Reads the source by -i into S, checks its disks, applies -on and the
 * network mappings.  Returns 0, or -1 (printed).
 */
extern int input_read (const struct cmdline *cl, const char *tmpdir,
                       struct v2v_source *s);

/* virt-v2v-tmp.c: the host's temporary files, removed on every way
 * out (exit, SIGINT, SIGTERM, SIGHUP, SIGQUIT).
 */
/* Creates the private temporary directory under $VIRT_V2V_TMPDIR,
 * $TMPDIR or /var/tmp.  Returns its name (owned here), or NULL (printed).
 */
extern const char *tmp_setup (void);
/* Checks that the base of the temporary directory has V2V_TMP_NEEDED
 * free.  Returns 0, or -1 (printed).
 */
extern int tmp_check_space (void);
/* Remembers PATH (copied) as a file to remove on the way out; returns
 * a slot for tmp_forget, or -1 (printed) when there is no room.
 */
extern int tmp_remember (const char *path);
/* PATH of SLOT is finished: it stays. */
extern void tmp_forget (int slot);
/* Removes every remembered file and the temporary directory now. */
extern void tmp_remove_all (void);
/* The child process to stop when a signal comes (0: none). */
extern void tmp_set_child (pid_t pid);

/* virt-v2v-run.c: the conversion. */
/* Everything after the command line; returns the exit status. */
extern int convert_main (const struct cmdline *cl);
extern void converted_free (struct converted *c);
/* Runs ARGV (qemu-img ...), stopping it on a signal.  Returns its exit
 * status, or -1 (printed).
 */
extern int run_command (char *const *argv);

/* output-*.c: each checks its options before any work (_check) and
 * writes the converted guest (_write).  Return 0, or -1 (printed).
 */
extern int output_check (const struct cmdline *cl);
/* After the source is read: refuses output files that exist. */
extern int output_check_names (const struct cmdline *cl,
                               const struct v2v_source *s);
extern int output_write (const struct cmdline *cl,
                         const struct converted *c);
/* The bus of the converted guest's disks ("virtio", "scsi", "ide"). */
extern const char *output_bus_name (enum v2v_bus bus);
extern int output_local_write (const struct cmdline *cl,
                               const struct converted *c);
extern int output_qemu_write (const struct cmdline *cl,
                              const struct converted *c);
extern int output_json_write (const struct cmdline *cl,
                              const struct converted *c);

/* output-disks.c: the disks of an output that writes files in -os. */
struct output_files {
  char **final;                 /* DIR/NAME-sda ... */
  char **partial;               /* what is written first */
  int *slots;                   /* tmp_remember slots of partial */
  size_t n;
  char *meta_final, *meta_partial;
  int meta_slot;
};
/* Names the disks and METADATA file (NAME.xml ...) of C in -os, and
 * refuses to overwrite a finished output.
 */
extern int output_files_init (const struct cmdline *cl,
                              const struct converted *c,
                              const char *meta_suffix,
                              struct output_files *f);
/* Copies each overlay to its partial name with qemu-img convert. */
extern int output_copy_disks (const struct cmdline *cl,
                              const struct converted *c,
                              struct output_files *f);
/* Renames every partial file to its final name, metadata last, so
 * that an output that looks finished is finished.
 */
extern int output_files_finish (struct output_files *f);
extern void output_files_free (struct output_files *f);
/* "vda", "sdb" ... for disk I on BUS. */
extern void output_disk_name (enum v2v_bus bus, size_t i, char *buf,
                              size_t len);

#endif /* CAREEN_VIRT_V2V_H */
