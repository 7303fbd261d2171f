/* careen - offline disk-image toolkit
 * The generator's private header: output handling and helpers shared by
 * the per-output writers (gen-*.c).  The generator is a build tool that
 * runs once and exits, so on any failure it prints a message and exits
 * with status 1, and small strings it builds are never freed.
 */

#ifndef CAREEN_GENERATOR_H
#define CAREEN_GENERATOR_H

#include <stdbool.h>
#include <stddef.h>

#include "api.h"

/* main.c: every action (library and daemon) sorted by name, and the
 * number of them.  Outputs iterate over this so that their order does
 * not depend on which table a call lives in.
 */
extern const struct api_action **actions;
extern size_t nr_actions;

/* util.c: outputs.  output_start begins collecting the text of
 * SRCDIR/RELPATH; output_end writes it to RELPATH.new and renames it
 * over RELPATH only when the content changed, read-only (0444).
 */
extern void output_start (const char *srcdir, const char *relpath);
extern void output_end (void);
extern void pr (const char *fs, ...) __attribute__ ((format (printf, 1, 2)));
/* The "generated, do not edit" banner, as a C comment, a POD comment or
 * a '#' comment.  WHO is the generator source file that wrote it.
 */
extern void pr_banner_c (const char *who, const char *what);
extern void pr_banner_pod (const char *who);
extern void pr_banner_hash (const char *who);

extern void die (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2), noreturn));
extern char *xstrdup (const char *s);
extern char *xasprintf (const char *fs, ...)
  __attribute__ ((format (printf, 1, 2)));
/* "list_devices" -> "list-devices" */
extern char *dashed (const char *name);
/* "add_drive_opts" -> "ADD_DRIVE_OPTS" */
extern char *upper (const char *name);

/* util.c: facts about actions. */
extern size_t nr_args (const struct api_action *a);
extern size_t nr_optargs (const struct api_action *a);
extern bool is_daemon (const struct api_action *a);
/* The C name of the call that takes the optional arguments: NAME, or
 * NAME_opts for AF_ONCE_HAD_NO_OPTARGS.
 */
extern const char *c_name (const struct api_action *a);
extern const struct api_struct *find_struct (const char *name);
extern const struct api_action *find_action (const char *name);
extern bool is_string_arg (enum arg_type t);
extern const char *optarg_c_type (enum optarg_type t);
/* The C return type ("int", "char **", "struct guestfs_S *" ...). */
extern char *ret_c_type (const struct api_action *a);
/* True when the call returns a pointer (error value NULL). */
extern bool ret_is_pointer (const struct api_action *a);
/* Prints the parameter list after "guestfs_h *g", one per line aligned
 * at COLUMN, for prototypes in C and POD.  FOR_DAEMON drops FileIn /
 * FileOut and the handle; OPTS is "" (none), "..." , "va_list args",
 * "argv" (the argv struct pointer), or "plain" (optargs as parameters).
 */
extern void pr_params (const struct api_action *a, bool for_daemon,
                       const char *opts, int column);

/* util.c: POD.  Rewrites C<guestfs_NAME> references to guestfish
 * command names (for guestfish's documentation).
 */
extern char *pod_for_fish (const char *pod);
/* Plain text from POD, wrapped to WIDTH columns. */
extern char *pod_to_text (const char *pod, int width);

/* gen-structs.c: the free functions of every struct (lib and daemon). */
extern void pr_struct_free_functions (void);
/* abi.c: generator/libguestfs-abi.txt, libguestfs.so.0's functions */
enum abi_section { ABI_HANDLE, ABI_STRUCT, ABI_CALL, ABI_PRIVATE };
enum abi_kind { ABI_VOID, ABI_INT, ABI_INT64, ABI_PTR };
struct abi_symbol {
  enum abi_section section;
  enum abi_kind kind;
  const char *name;             /* without the guestfs_ prefix */
};
extern struct abi_symbol abi_symbols[];
extern size_t nr_abi_symbols;
extern void read_libguestfs_abi (const char *srcdir);
extern const struct abi_symbol *find_abi_symbol (const char *name);
/* Whether careen's own code (the table, the hand-written handle
 * functions, the struct functions) exports guestfs_NAME.
 */
extern bool careen_exports (const char *name);
/* A call or private function of libguestfs that careen does not have:
 * it gets an entry point that fails with ENOTSUP.
 */
extern bool needs_fallback (const struct abi_symbol *s);
/* A public call of libguestfs, not one of its _va/_argv/_opts forms. */
extern bool is_call_name (const char *name);
/* gen-header.c: the hand-written public functions of lib/. */
extern const char *const handwritten_symbols[];
/* gen-fallback.c */
extern void generate_lib_fallback (const char *srcdir);
/* Writes the version-script lines of the fallback entry points. */
extern void pr_fallback_symbols (void);
/* Why careen lacks the call NAME (for its error and the docs). */
extern const char *fallback_reason (const char *name);

/* gen-struct-ops.c */
extern void pr_struct_copy_compare_functions (void);

/* gen-fish.c: guestfish names, also used by gen-pod.c, and the list
 * of commands whose words name host files (generator
 * --fish-host-files, for tests).
 */
extern char *fish_aliases (const struct api_action *a);
extern char *fish_synopsis (const struct api_action *a);
extern void list_fish_host_files (void);

/* The writers. */
extern void generate_header (const char *srcdir);
extern void generate_lib_actions (const char *srcdir);
extern void generate_lib_structs (const char *srcdir);
extern void generate_lib_impl_header (const char *srcdir);
extern void generate_lib_syms (const char *srcdir);
extern void generate_daemon_header (const char *srcdir);
extern void generate_daemon_dispatch (const char *srcdir);
extern void generate_daemon_structs (const char *srcdir);
extern void generate_daemon_procedures (const char *srcdir);
extern void generate_fish_cmds (const char *srcdir);
extern void generate_api_pod (const char *srcdir);
extern void generate_fish_pod (const char *srcdir);
extern void generate_compat_pod (const char *srcdir);

#endif /* CAREEN_GENERATOR_H */
