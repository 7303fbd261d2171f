/* careen - offline disk-image toolkit
 * The options module shared by the virt-* tools.
 *
 * STATUS: this API is ready; tools may be written against it.
 *
 * Every tool parses its own command line with getopt_long, but the
 * options that all tools share (-a/--add, --format, --blocksize,
 * -m/--mount, -i/--inspector, --ro, --key, --keys-from-stdin,
 * --echo-keys, -v, -x, -V, -c, -d, --long-options, --short-options)
 * are understood here, so they behave the same in every tool.
 *
 * A tool does this:
 *
 *   static const char short_options[] = "a:c:d:hm:vVx";
 *   static const struct option long_options[] = {
 *     { "add", required_argument, NULL, 'a' },
 *     { "format", optional_argument, NULL, 0 },
 *     { "long-options", no_argument, NULL, 0 },
 *     { "short-options", no_argument, NULL, 0 },
 *     ...
 *     { NULL, 0, NULL, 0 }
 *   };
 *   struct options o;
 *   options_init (&o, "virt-df", true, short_options, long_options);
 *   while ((c = getopt_long (argc, argv, short_options, long_options,
 *                            &option_index)) != -1) {
 *     switch (c) {
 *     case 'h': ... the tool's own options first ...; break;
 *     default:
 *       if (options_handle (&o, c, option_index, optarg) == 0)
 *         usage (EXIT_FAILURE);
 *     }
 *   }
 *   g = options_create_handle (&o);       -v, -x applied
 *   options_add_drives (&o, g);           -a (and positional disks)
 *   guestfs_launch (g);
 *   options_mount (&o, g) or options_inspect_mount (&o, g, &root);
 *   ...
 *   options_free (&o);
 *
 * Long options that have no letter use val 0 in the tool's table; a
 * long option with a letter (--add/-a) uses the letter.  A tool whose
 * letter means something else (virt-df -i is --inodes, not
 * --inspector) handles that letter itself before the default case.
 *
 * -d DOMAIN adds the disks of a libvirt domain (in its place among the
 * -a disks), found on the connection of -c URI (wherever -c comes) or
 * on libvirt's default one.
 *
 * Errors on the command line (a bad --blocksize, too many -a) are printed as "PROGRAM: message" and end the program
 * with exit status 1: a tool cannot do anything useful after them.
 * --version, --long-options and --short-options print and exit 0.
 * The functions used after parsing return -1 after printing the
 * error, so the tool decides how to end (virt-df -P goes on with the
 * other images).
 */

#ifndef CAREEN_OPTIONS_H
#define CAREEN_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "guestfs.h"

/* Most -a (and positional) disks one command line may add.  A guest
 * rarely has more than a few disks; virt-df -P takes many unrelated
 * images, so the bound is generous, but it stops a runaway list file
 * from growing memory without end.
 */
#define OPTIONS_MAX_DRIVES 4096

/* Most -m options: one per filesystem of a guest. */
#define OPTIONS_MAX_MOUNTS 256

/* Most --key options: one per encrypted device is the use. */
#define OPTIONS_MAX_KEYS 64

/* Longest key accepted from the terminal, stdin or a key file. */
#define OPTIONS_MAX_KEY_LEN 8192

/* One disk of -a FILE (or of the old positional form), or the disks
 * of one libvirt domain (-d DOMAIN).
 */
struct options_drive {
  char *filename;               /* -a: the image; -d: NULL */
  char *domain;                 /* -d: the domain's name or UUID; -a: NULL */
  char *format;                 /* --format=FMT before -a, or NULL: probe */
  int blocksize;                /* --blocksize=N before -a, or 0 */
  struct options_uri *uri;      /* -a URI of a remote disk, or NULL */
};

/* One -m dev[:mountpoint[:options[:fstype]]]. */
struct options_mount {
  char *device;
  char *mountpoint;             /* "/" when not given */
  char *options;                /* NULL when not given */
  char *fstype;                 /* NULL when not given */
};

/* One --key ID:key:KEY, --key ID:file:FILE or --key ID:clevis. */
struct options_key {
  char *id;                     /* device name, UUID, or "all" */
  enum { OPTIONS_KEY_STRING, OPTIONS_KEY_FILE, OPTIONS_KEY_CLEVIS } kind;
  char *value;                  /* the key, the file name, or NULL */
};

/* The state of the common options. */
struct options {
  const char *program;          /* "virt-df": message prefix, version */
  const char *short_options;    /* the tool's getopt strings, for */
  const struct option *long_options; /* --short-options/--long-options */

  /* Grown with vector_reserve (vector.h); the *_cap fields are its
   * capacities, private to options.c.
   */
  struct options_drive *drives; /* in command-line order */
  size_t nr_drives, drives_cap;
  struct options_mount *mounts; /* in command-line order */
  size_t nr_mounts, mounts_cap;
  struct options_key *keys;
  size_t nr_keys, keys_cap;

  char *libvirt_uri;            /* -c/--connect, or NULL: libvirt's default */
  char *format;                 /* current --format, applies to next -a */
  /* A --format that no -a has followed yet: libguestfs's tools refuse
   * it rather than let it apply to nothing.
   */
  bool format_unused;
  int blocksize;                /* current --blocksize, next -a */

  bool read_only;               /* --ro, or the tool's default */
  bool inspector;               /* -i/--inspector */
  bool verbose;                 /* -v: library debug messages */
  bool trace;                   /* -x: trace every library call */
  bool echo_keys;               /* --echo-keys */
  bool keys_from_stdin;         /* --keys-from-stdin */
  /* -a checks that the file is readable at once and exits(1) if not,
   * as libguestfs's tools do; a tool that reports bad disks one by one
   * (virt-df --one-per-guest) sets this before parsing.
   */
  bool no_access_check;
};

/* Sets up O for PROGRAM.  READ_ONLY is the default of --ro (true for a
 * tool that only reads).  SHORT_OPTIONS and LONG_OPTIONS are the
 * tool's getopt tables, kept (not copied) for --short-options and
 * --long-options.
 */
extern void options_init (struct options *o, const char *program,
                          bool read_only, const char *short_options,
                          const struct option *long_options);

/* Frees what O holds (keys are wiped first). */
extern void options_free (struct options *o);

/* Adds DOMAIN, a libvirt domain's name (or UUID), as -d does. */
extern void options_add_domain (struct options *o, const char *domain);

/* Adds every domain of o's libvirt connection (-c, or libvirt's
 * default) as a -d of its own, by name (by UUID when UUID is true),
 * sorted by name: what a tool does when no guest is named.  Returns
 * 0, or -1 after printing the error.
 */
extern int options_add_all_domains (struct options *o, bool uuid);

/* The old positional form of the tools ("virt-cat guest file"): ARG is
 * a disk image when it holds a '/' or names an existing file, else a
 * libvirt domain, as in libguestfs's tools.
 */
extern void options_add_guest_arg (struct options *o, const char *arg);

/* Handles one option returned by getopt_long: C is its return value,
 * OPTION_INDEX the index it stored (used when C is 0), ARG is optarg.
 * Returns 1 if the option is one of the common set (handled), 0 if it
 * is not (the tool prints its usage).  Bad values exit(1) after a
 * message; --version, --long-options, --short-options exit(0).
 * Handles '?' (getopt's unknown option) by returning 0.
 */
extern int options_handle (struct options *o, int c, int option_index,
                           const char *arg);

/* Adds FILENAME as a disk with the current --format and --blocksize,
 * as -a does (for the old positional form "virt-df disk.img").
 * Exits(1) on too many disks, no memory, or (unless no_access_check)
 * a file that cannot be read ("PROGRAM: access: FILE: reason").
 */
extern void options_add_positional_drive (struct options *o,
                                          const char *filename);

/* After the command line: a --format that no -a follows (given last,
 * or only before -d, -N or positional disks) exits(1) with "PROGRAM:
 * --format parameter must appear before -a parameter", as libguestfs's
 * tools and guestfish do.  options_have_drive and options_add_drive
 * check it first; a tool that calls neither calls this.
 */
extern void options_check_format_used (const struct options *o);

/* True when there is at least one disk or domain; otherwise says so on
 * stderr ("PROGRAM: no disk image (-a) or domain (-d) was given") and
 * returns false, and the caller prints its usage.  A --format after
 * the last -a exits first (options_check_format_used).
 */
extern bool options_have_drive (const struct options *o);

/* The value S of option OPT (for the message) as a decimal number
 * from MIN to MAX; anything else exits(1) after "PROGRAM: OPT: 'S' is
 * not a number from MIN to MAX".
 */
extern int options_parse_int (const char *program, const char *opt,
                              const char *s, int min, int max);

/* Prints "PROGRAM VERSION" (the tool's --version). */
extern void options_print_version (const char *program);

/* Prints the long options of the tool, one "--name" a line (for shell
 * completion), and its short options, one "-x" a line.
 */
extern void options_print_long_options (const struct option *long_options);
extern void options_print_short_options (const char *short_options);

/* Reads the libguestfs-tools.conf files (see options-config.c for
 * which, in which order) and sets o->read_only when one of them says
 * "read_only = true;" (or false).  guestfish and virt-rescue call it
 * after options_init and before parsing, so --ro and --rw still win.
 * Returns 0 (also when there is no file), or -1 after printing the
 * error (a file that does not parse).
 */
extern int options_read_config (struct options *o);

/* Creates a handle with the error handler left to print, and -v / -x
 * applied.  Exits(1) on failure (nothing can be done without it).
 */
extern guestfs_h *options_create_handle (const struct options *o);

/* Adds every disk of O to G (read-only if o->read_only), and the disks
 * of every -d domain (with add_domain: UUIDs allowed, disks the domain
 * marks <readonly/> kept read-only).  Returns 0, or -1 (the library
 * printed the error).
 */
extern int options_add_drives (const struct options *o, guestfs_h *g);

/* Adds one disk D to G, or the disks of its domain.  Returns 0, or -1
 * (error printed).
 */
extern int options_add_drive (const struct options *o, guestfs_h *g,
                              const struct options_drive *d);

/* After launch: mounts the -m list in command-line order ("ro" added
 * to the options when read-only; mount_vfs when a type is given).
 * When the user gave keys (--key or --keys-from-stdin), the encrypted
 * devices are opened first (options_decrypt), so that -m can name
 * what they hold.  On a failed mount, prints the filesystems the disks
 * hold as a hint.  Returns 0, or -1 (error printed).
 */
extern int options_mount (const struct options *o, guestfs_h *g);

/* After launch: -i.  Opens encrypted devices (--key, or asking), finds
 * the one operating system and mounts its filesystems as
 * options_mount_root does.  Returns 0 and sets *ROOT_R to the root
 * device (caller frees; ROOT_R may be NULL), or -1 after printing the
 * error: no OS, several OSes, or a root filesystem that does not mount.
 */
extern int options_inspect_mount (const struct options *o, guestfs_h *g,
                                  char **root_r);

/* After inspection: mounts the filesystems of ROOT where the guest
 * mounts them, shortest mountpoint first, with "ro" when read-only.
 * MOUNT_OPTIONS, when not NULL, gives options per mountpoint as
 * "MP:OPTS[;MP:OPTS...]" (virt-sysprep's --mount-options).  A
 * filesystem of the guest's fstab that does not mount is skipped (the
 * guest would boot without it): the library's error handler prints
 * why, and "PROGRAM: some filesystems could not be mounted (ignored)"
 * follows once, as in libguestfs's tools.  The root one is an error.
 * Returns 0, or -1 (error printed).
 */
extern int options_mount_root (const struct options *o, guestfs_h *g,
                               const char *root, const char *mount_options);

/* Prints what -i found and mounted, for an interactive session:
 * "Operating system: NAME", then "DEV mounted on MP" for each
 * filesystem of ROOT that is mounted, then a blank line.
 */
extern void options_print_inspect (guestfs_h *g, const char *root);

/* After launch, before inspection or mounting: opens every LUKS
 * device with the keys of --key (or asking on the terminal, or stdin
 * with --keys-from-stdin) as /dev/mapper/luks-NAME, and activates the
 * volume groups they hold.  A device already open under that name is
 * left as it is, so calling it twice is harmless.  Returns 0, or -1
 * (error printed).
 */
extern int options_decrypt (const struct options *o, guestfs_h *g);

/* Reads a key for DEVICE: --key selectors first, then the terminal
 * (echo off unless --echo-keys), or a line of stdin with
 * --keys-from-stdin.  Returns a new string (wipe it, then free it), or
 * NULL after printing the error.
 */
extern char *options_read_key (const struct options *o, const char *device);
/* The same, also trying a --key selector named UUID (may be NULL). */
extern char *options_read_key_uuid (const struct options *o,
                                    const char *device, const char *uuid);
/* Asks for a key without looking at --key: a line of stdin with
 * --keys-from-stdin, else the terminal with PROMPT (echo off unless
 * --echo-keys).  Errors are printed as "WHO: reading WHAT from stdin:
 * ..." (WHO is the program or the command that needs the key, WHAT
 * says which key: "the key").  Returns a new string (wipe it, then
 * free it: key_free), or NULL after printing the error.
 */
extern char *options_ask_key (const struct options *o, const char *who,
                              const char *what, const char *prompt);

/* Output helpers (options-format.c). */

/* Writes S as one CSV field: as is, or in double quotes (quotes
 * doubled) when it holds a comma, a quote or a line break.
 */
extern void options_csv_field (FILE *fp, const char *s);
/* Writes S as a JSON string, quotes included, control bytes escaped,
 * and bytes that are not UTF-8 as the character of the same value
 * (\u00XX), so that the output stays valid JSON.
 */
extern void options_json_string (FILE *fp, const char *s);
/* The same for LEN bytes at S, NUL bytes included. */
extern void options_json_bytes (FILE *fp, const char *s, size_t len);
/* Formats BYTES as df -h does ("512", "1.5K", "20M", "7.4G") into BUF
 * of LEN bytes (OPTIONS_HUMAN_SIZE_LEN is enough); returns BUF.
 */
#define OPTIONS_HUMAN_SIZE_LEN 32
extern char *options_human_size (char *buf, size_t len, uint64_t bytes);

/* --machine-readable[=FORMAT] (options-machine-readable.c). */

/* Whether FORMAT (NULL when the option had no "=FORMAT") is one of
 * stream:stdout, stream:stderr, file:NAME or fd:N.
 */
extern bool options_machine_readable_valid (const char *format);
/* The stream FORMAT names: stdout or stderr themselves, or a new
 * stream on file NAME (created or truncated) or on descriptor N, which
 * the caller closes.  NULL with errno set if the stream cannot be
 * opened, or EINVAL if FORMAT is not valid.  Prints nothing.
 */
extern FILE *options_machine_readable_open (const char *format);

#endif /* CAREEN_OPTIONS_H */
