/* careen - offline disk-image toolkit
 * The types of the API table: every public call is described once, as C
 * data, and the generator writes all the code and documentation that
 * follows from that description.
 */

#ifndef CAREEN_GENERATOR_API_H
#define CAREEN_GENERATOR_API_H

#include <stddef.h>

/* Positional argument types.  The string flavours are the same in C
 * (const char *) but the daemon checks them differently:
 *   ARG_PATHNAME    absolute guest path, resolved under the mounted root
 *   ARG_DEVICE      a block device the appliance has (/dev/sda1, /dev/VG/LV)
 *   ARG_MOUNTABLE   a device, or a btrfs subvolume "btrfsvol:/dev/X/path"
 *   ARG_DEV_OR_PATH a device when it starts with /dev/, else a guest path
 *   ARG_STRING      anything
 *   ARG_KEY         a secret: never traced
 *   ARG_FILEIN      local file name (C API) whose contents are uploaded
 *   ARG_FILEOUT     local file name the downloaded contents are written to
 *   ARG_HOSTFILE    a file on the host that the library itself opens
 *                   (library calls only: the appliance sees no host file)
 *   ARG_POINTER     an object of another library, passed as void *
 *                   (add_libvirt_dom's virDomainPtr): library calls only,
 *                   and never a guestfish command (a shell has no such
 *                   object to pass)
 */
enum arg_type {
  ARG_STRING,
  ARG_OPTSTRING,          /* const char *, may be NULL */
  ARG_PATHNAME,
  ARG_DEVICE,
  ARG_MOUNTABLE,
  ARG_DEV_OR_PATH,
  ARG_KEY,
  ARG_STRINGLIST,         /* char *const * */
  ARG_DEVICELIST,         /* char *const *, each a device */
  ARG_BOOL,               /* int */
  ARG_INT,                /* int */
  ARG_INT64,              /* int64_t */
  ARG_BUFFERIN,           /* const char *buf, size_t buf_size */
  ARG_FILEIN,
  ARG_FILEOUT,
  ARG_HOSTFILE,
  ARG_POINTER,            /* void *, never NULL */
};

enum optarg_type {
  OPT_BOOL,               /* int */
  OPT_INT,                /* int */
  OPT_INT64,              /* int64_t */
  OPT_STRING,             /* const char * */
  OPT_STRINGLIST,         /* char *const * */
};

/* Return kinds and who owns the result (see guestfs(3) "RETURN VALUES"):
 *   RET_ERR            int: 0 ok, -1 error
 *   RET_INT, RET_BOOL  int: -1 error
 *   RET_INT64          int64_t: -1 error
 *   RET_CONSTSTRING    const char *: owned by the handle, NULL error
 *   RET_CONSTOPTSTRING const char *: owned by the handle, NULL is a value
 *   RET_STRING         char *: caller frees, NULL error
 *   RET_STRINGLIST     char **: caller frees list and strings, NULL error
 *   RET_STRUCT         struct guestfs_S *: guestfs_free_S, NULL error
 *   RET_STRUCTLIST     struct guestfs_S_list *: guestfs_free_S_list
 *   RET_HASHTABLE      char **: key, value, ... NULL; caller frees
 *   RET_BUFFEROUT      char *, size in *size_r: caller frees, NULL error
 */
enum ret_type {
  RET_ERR,
  RET_INT,
  RET_INT64,
  RET_BOOL,
  RET_CONSTSTRING,
  RET_CONSTOPTSTRING,
  RET_STRING,
  RET_STRINGLIST,
  RET_STRUCT,
  RET_STRUCTLIST,
  RET_HASHTABLE,
  RET_BUFFEROUT,
};

enum action_flags {
  /* The daemon sends progress messages for this call. */
  AF_PROGRESS = 1 << 0,
  /* Library call allowed only before launch (configuration). */
  AF_CONFIG_ONLY = 1 << 1,
  /* Library call allowed in any state (getters, close-time calls). */
  AF_ANY_STATE = 1 << 2,
  /* No guestfish command is generated (a hand-written one exists, or
   * the call makes no sense in the shell).
   */
  AF_NOT_IN_FISH = 1 << 3,
  /* Deprecated: documented as such, still works. */
  AF_DEPRECATED = 1 << 4,
  /* In C the call with optional arguments is named NAME_opts, and NAME
   * is the original form without them (add_drive / add_drive_opts).
   */
  AF_ONCE_HAD_NO_OPTARGS = 1 << 5,
  /* Int results are printed in octal by guestfish (umask, modes). */
  AF_FISH_OCTAL = 1 << 6,
  /* Int results are printed in hexadecimal by guestfish (type bytes). */
  AF_FISH_HEX = 1 << 7,
  /* Daemon call: do_NAME gets its optional arguments as the C API's
   * const struct guestfs_NAME_argv * (fields named after the arguments,
   * bitmask saying which were given) rather than as plain parameters.
   * For calls with many optional arguments of one type, where plain
   * parameters that changed order in the table would still compile.
   */
  AF_DAEMON_OPTARGS_STRUCT = 1 << 8,
};

struct api_arg {
  enum arg_type type;
  const char *name;
};

struct api_optarg {
  enum optarg_type type;
  const char *name;
};

/* 9: libguestfs's internal_test has nine positional arguments. */
#define API_MAX_ARGS 9
#define API_MAX_OPTARGS 64

/* One public call.  proc_nr == 0 means the call is implemented in the
 * library (guestfs_impl_NAME); otherwise it runs in the daemon (do_NAME)
 * with that procedure number, which is fixed forever once released.
 */
struct api_action {
  const char *name;
  int proc_nr;
  enum ret_type ret;
  const char *ret_struct;         /* RET_STRUCT, RET_STRUCTLIST: struct name */
  struct api_arg args[API_MAX_ARGS];          /* ends at name == NULL */
  struct api_optarg optargs[API_MAX_OPTARGS]; /* ends at name == NULL */
  unsigned flags;                 /* enum action_flags */
  const char *fish_alias;         /* space-separated extra command names */
  const char *shortdesc;          /* one line, no final period */
  const char *longdesc;           /* POD paragraphs */
  const char *since;              /* careen version that added it; NULL: 0.1.0 */
  const char *deprecated_by;      /* AF_DEPRECATED: the replacement call */
};

enum field_type {
  FIELD_STRING,           /* char * */
  FIELD_UUID,             /* char[32], not NUL-terminated */
  FIELD_BUFFER,           /* size_t NAME_len; char *NAME */
  FIELD_CHAR,             /* char */
  FIELD_INT32,
  FIELD_UINT32,
  FIELD_INT64,
  FIELD_UINT64,
  FIELD_BYTES,            /* uint64_t, a byte count */
  FIELD_OPTPERCENT,       /* float, -1 when absent */
};

struct api_field {
  enum field_type type;
  const char *name;
};

#define API_MAX_FIELDS 32

/* A struct returned by calls: struct guestfs_NAME and
 * struct guestfs_NAME_list in C.
 */
struct api_struct {
  const char *name;
  struct api_field fields[API_MAX_FIELDS];    /* ends at name == NULL */
};

/* The tables (actions-*.c, structs.c).  Each ends with an entry whose
 * name is NULL.
 */
extern const struct api_action library_actions[];
/* tables.c: every table of library calls, ending with NULL. */
extern const struct api_action *const library_action_tables[];
extern const struct api_action library_actions_settings[];
extern const struct api_action library_actions_read[];
extern const struct api_action library_actions_libvirt[];
extern const struct api_action library_actions_fuse[];
extern const struct api_action daemon_actions[];

/* tables.c: every table of daemon calls (one per area of the API, each
 * in its own actions-AREA.c), ending with NULL.  A new area adds its
 * table here.
 */
extern const struct api_action *const daemon_action_tables[];
extern const struct api_action daemon_actions_files[];
extern const struct api_action daemon_actions_dirs[];
extern const struct api_action daemon_actions_streams[];
extern const struct api_action daemon_actions_fs[];
extern const struct api_action daemon_actions_part[];
extern const struct api_action daemon_actions_lvm[];
extern const struct api_action daemon_actions_misc[];
extern const struct api_action daemon_actions_inspect[];
extern const struct api_action daemon_actions_augeas[];
extern const struct api_action daemon_actions_hivex[];
extern const struct api_action daemon_actions_btrfs[];
extern const struct api_action daemon_actions_sysprep[];
extern const struct api_action daemon_actions_sparsify[];
extern const struct api_action daemon_actions_forensics[];
extern const struct api_action daemon_actions_boot[];

extern const struct api_struct api_structs[];

#endif /* CAREEN_GENERATOR_API_H */
