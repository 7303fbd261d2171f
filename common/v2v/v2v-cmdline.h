/* careen - offline disk-image toolkit
 * The command line of the v2v programs (virt-v2v, virt-v2v-in-place,
 * virt-v2v-inspector) and the conversion they share: reading the
 * source (-i ...), the network mappings, --root, and converting the
 * guest through overlays or in place.  Each program parses its own
 * options, with the helpers here for the ones they have in common.
 */

#ifndef CAREEN_V2V_CMDLINE_H
#define CAREEN_V2V_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <getopt.h>
#include <stdio.h>
#include <sys/types.h>

#include "guestfs.h"
#include "options.h"
#include "v2v.h"

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
struct v2v_cmdline {
  struct options o;             /* -v, -x, --key, -V ... */
  enum input_mode input;
  bool input_given;
  const char *input_format;     /* -if */
  const char *input_conn;       /* -ic: libvirt URI of -i libvirt */
  const char *input_password;   /* -ip: password file of -i libvirt */
  char *const *args;            /* positional arguments */
  size_t nr_args;
  enum output_mode output;
  const char *output_name;      /* -on */
  const char *output_storage;   /* -os: a directory, or -o libvirt's
                                   storage pool */
  const char *output_conn;      /* -oc: libvirt URI of -o libvirt */
  const char *output_format;    /* -of: raw (default) or qcow2 */
  bool preallocated;            /* -oa preallocated */
  bool compressed;              /* --compressed, -oo compressed */
  bool qemu_boot;               /* --qemu-boot, -oo qemu-boot */
  enum v2v_bus block_driver;    /* --block-driver */
  const char *root;             /* --root (default "ask") */
  bool print_source;
  bool in_place;                /* virt-v2v-in-place */
  bool machine_readable;
  bool quiet;
  bool json;                    /* virt-v2v --json: what was written */
  struct net_map networks[V2V_MAX_MAPPINGS], bridges[V2V_MAX_MAPPINGS];
  size_t nr_networks, nr_bridges;
  struct mac_map macs[V2V_MAX_MAPPINGS];
  size_t nr_macs;
  struct v2v_static_ip static_ips[V2V_MAX_MAPPINGS];  /* the ip: ones */
  size_t nr_static_ips;
};

/* What the conversion produced, for the outputs. */
struct v2v_converted {
  const struct v2v_source *source;
  struct v2v_inspect inspect;
  struct v2v_guestcaps caps;
  enum v2v_firmware firmware;   /* of the target: BIOS or UEFI */
  char **overlays;              /* one qcow2 per source disk */
};

/* v2v-input.c */
/* Reads the source by -i into S, checks its disks, applies -on and the
 * network mappings.  Returns 0, or -1 (printed).
 */
extern int v2v_input_read (const struct v2v_cmdline *cl, const char *tmpdir,
                       struct v2v_source *s);

/* v2v-tmp.c: the host's temporary files, removed on every way
 * out (exit, SIGINT, SIGTERM, SIGHUP, SIGQUIT).
 */
/* Creates the private temporary directory under $VIRT_V2V_TMPDIR,
 * $TMPDIR or /var/tmp.  Returns its name (owned here), or NULL (printed).
 */
extern const char *v2v_tmp_setup (void);
/* Checks that the base of the temporary directory has V2V_TMP_NEEDED
 * free.  Returns 0, or -1 (printed).
 */
extern int v2v_tmp_check_space (void);
/* Remembers PATH (copied) as a file to remove on the way out; returns
 * a slot for v2v_tmp_forget, or -1 (printed) when there is no room.
 */
extern int v2v_tmp_remember (const char *path);
/* PATH of SLOT is finished: it stays. */
extern void v2v_tmp_forget (int slot);
/* Removes every remembered file and the temporary directory now. */
extern void v2v_tmp_remove_all (void);
/* The child process to stop when a signal comes (0: none). */
extern void v2v_tmp_set_child (pid_t pid);

/* v2v-run.c: the conversion.  Reads nothing but CL's input side;
 * TMPDIR holds the overlays (not with CL->in_place).  Fills C, which
 * v2v_converted_free frees even after an error.  Returns 0, or -1
 * (printed).
 */
extern int v2v_convert_guest (const struct v2v_cmdline *cl,
                              const char *tmpdir,
                              const struct v2v_source *s,
                              struct v2v_converted *c);
extern void v2v_converted_free (struct v2v_converted *c);
/* Runs ARGV (qemu-img ...), stopping it on a signal.  Returns its exit
 * status, or -1 (printed).
 */
extern int v2v_run_command (char *const *argv);

/* getopt values of the long options the three programs share; a
 * program's own start at V2V_OPT_PROGRAM.  --help and --short-options
 * are shared names that each program answers itself.
 */
enum v2v_option {
  V2V_OPT_HELP = 0x3000,
  V2V_OPT_SHORT_OPTIONS,
  V2V_OPT_BLOCK_DRIVER,
  V2V_OPT_IGNORED,
  V2V_OPT_IC, V2V_OPT_IF, V2V_OPT_IO, V2V_OPT_IP, V2V_OPT_IT,
  V2V_OPT_MAC,
  V2V_OPT_MACHINE_READABLE,
  V2V_OPT_ROOT,
  V2V_OPT_PROGRAM,
};

/* The long options of all three, for their getopt_long tables (the
 * common options module answers those with value 0).
 */
#define V2V_LONG_OPTIONS \
  { "block-driver", required_argument, NULL, V2V_OPT_BLOCK_DRIVER }, \
  { "bridge", required_argument, NULL, 'b' }, \
  { "color", no_argument, NULL, V2V_OPT_IGNORED }, \
  { "colors", no_argument, NULL, V2V_OPT_IGNORED }, \
  { "colour", no_argument, NULL, V2V_OPT_IGNORED }, \
  { "colours", no_argument, NULL, V2V_OPT_IGNORED }, \
  { "debug-gc", no_argument, NULL, V2V_OPT_IGNORED }, \
  { "echo-keys", no_argument, NULL, 0 }, \
  { "help", no_argument, NULL, V2V_OPT_HELP }, \
  { "ic", required_argument, NULL, V2V_OPT_IC }, \
  { "if", required_argument, NULL, V2V_OPT_IF }, \
  { "io", required_argument, NULL, V2V_OPT_IO }, \
  { "ip", required_argument, NULL, V2V_OPT_IP }, \
  { "it", required_argument, NULL, V2V_OPT_IT }, \
  { "key", required_argument, NULL, 0 }, \
  { "keys-from-stdin", no_argument, NULL, 0 }, \
  { "long-options", no_argument, NULL, 0 }, \
  { "mac", required_argument, NULL, V2V_OPT_MAC }, \
  { "machine-readable", optional_argument, NULL, \
    V2V_OPT_MACHINE_READABLE }, \
  { "network", required_argument, NULL, 'n' }, \
  { "quiet", no_argument, NULL, 'q' }, \
  { "root", required_argument, NULL, V2V_OPT_ROOT }, \
  { "short-options", no_argument, NULL, V2V_OPT_SHORT_OPTIONS }, \
  { "verbose", no_argument, NULL, 'v' }, \
  { "version", no_argument, NULL, 'V' }, \
  { "wrap", no_argument, NULL, V2V_OPT_IGNORED }

/* Takes one getopt result C (ARG its argument) if it is a shared
 * option: -b, -n, -i, -q or a V2V_OPT_* but --help and
 * --short-options.  --machine-readable's FORMAT goes to
 * *MACHINE_FORMAT.  Returns 1 when it was one, 0 if not; exits on a
 * bad value.
 */
extern int v2v_handle_option (struct v2v_cmdline *cl, int c, char *arg,
                              const char **machine_format);

/* v2v-cmdline.c: parsing the options the programs share.  Each
 * prints "PROGRAM: error: ..." and exits 1 on a bad value.
 */
extern void v2v_die (const char *fs, ...)
  __attribute__ ((noreturn, format (printf, 1, 2)));
/* Refuses an option that needs what careen does not have. */
extern void v2v_not_supported (const char *option, const char *why)
  __attribute__ ((noreturn));
extern enum input_mode v2v_parse_input_mode (const char *arg);
/* -n [IN:]OUT or -b [IN:]OUT (ARG is kept, and cut at its ':'). */
extern void v2v_add_net_map (struct net_map *maps, size_t *n,
                             const char *option, char *arg);
extern void v2v_add_mac_map (struct v2v_cmdline *cl, const char *arg);
/* --block-driver and --root. */
extern enum v2v_bus v2v_parse_block_driver (const char *arg);
extern const char *v2v_parse_root (const char *arg);
/* -if: a format name, not a protocol or option string. */
extern const char *v2v_parse_input_format (const char *arg);
/* Where --machine-readable[=FORMAT] writes. */
extern FILE *v2v_machine_readable_stream (const char *format);
/* The checks of the input side, once all options are read, and the
 * positional arguments ARGS (the source) taken into CL.
 */
extern void v2v_check_input (struct v2v_cmdline *cl, char **args,
                             size_t nr_args);

#endif /* CAREEN_V2V_CMDLINE_H */
