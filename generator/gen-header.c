/** careen - offline disk-image toolkit
 * Writes include/guestfs.h, the public header, and lib/libguestfs.syms, the
 * linker version script listing every public symbol.  The hand-written
 * part of the API (handles, errors, events) is fixed text here; the
 * rest follows from the API table.
 */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "generator.h"

/* Public functions written by hand in lib/ (declared in the fixed part
 * of the header below).  Keep the two in step.
 */
const char *const handwritten_symbols[] = {
  "guestfs_create",
  "guestfs_create_flags",
  "guestfs_close",
  "guestfs_last_error",
  "guestfs_last_errno",
  "guestfs_set_error_handler",
  "guestfs_get_error_handler",
  "guestfs_push_error_handler",
  "guestfs_pop_error_handler",
  "guestfs_set_out_of_memory_handler",
  "guestfs_get_out_of_memory_handler",
  "guestfs_set_event_callback",
  "guestfs_delete_event_callback",
  "guestfs_event_to_string",
  "guestfs_set_private",
  "guestfs_get_private",
  "guestfs_first_private",
  "guestfs_next_private",
  "guestfs_set_log_message_callback",
  "guestfs_set_subprocess_quit_callback",
  "guestfs_set_launch_done_callback",
  "guestfs_set_close_callback",
  "guestfs_set_progress_callback",
  "guestfs_user_cancel",
  NULL
};

static void
pr_fixed_part (void)
{
  pr ("#ifndef GUESTFS_H_\n"
      "#define GUESTFS_H_\n"
      "\n"
      "#include <stdarg.h>\n"
      "#include <stddef.h>\n"
      "#include <stdint.h>\n"
      "#include <sys/types.h>\n"
      "\n"
      "#ifdef __cplusplus\n"
      "extern \"C\" {\n"
      "#endif\n"
      "\n"
      "/* The library is built with hidden visibility: only what is marked\n"
      " * with this is exported.\n"
      " */\n"
      "#ifndef GUESTFS_DLL_PUBLIC\n"
      "# if defined __GNUC__ && __GNUC__ >= 4\n"
      "#  define GUESTFS_DLL_PUBLIC __attribute__ ((visibility (\"default\")))\n"
      "# else\n"
      "#  define GUESTFS_DLL_PUBLIC\n"
      "# endif\n"
      "#endif\n"
      "\n"
      "#if defined __GNUC__\n"
      "# define GUESTFS_NORETURN __attribute__ ((__noreturn__))\n"
      "#else\n"
      "# define GUESTFS_NORETURN\n"
      "#endif\n"
      "\n"
      "/* Deprecated calls still work, but the compiler warns about them\n"
      " * unless GUESTFS_NO_WARN_DEPRECATED is defined; with\n"
      " * GUESTFS_NO_DEPRECATED defined they are not declared at all.\n"
      " */\n"
      "#if defined __GNUC__ && !defined GUESTFS_NO_WARN_DEPRECATED\n"
      "# define GUESTFS_DEPRECATED_NO_REPLACEMENT __attribute__ ((__deprecated__))\n"
      "# define GUESTFS_DEPRECATED_REPLACED_BY(s) \\\n"
      "  __attribute__ ((__deprecated__ (\"deprecated: use guestfs_\" s \" instead\")))\n"
      "#else\n"
      "# define GUESTFS_DEPRECATED_NO_REPLACEMENT\n"
      "# define GUESTFS_DEPRECATED_REPLACED_BY(s)\n"
      "#endif\n"
      "\n"
      "/* An opaque handle: one appliance and its configuration.  The\n"
      " * GUESTFS_TYPEDEF_* guards let a program declare the types itself.\n"
      " */\n"
      "#ifndef GUESTFS_TYPEDEF_H\n"
      "#define GUESTFS_TYPEDEF_H 1\n"
      "typedef struct guestfs_h guestfs_h;\n"
      "#endif\n"
      "\n"
      "/* ---- Handles ---- */\n"
      "\n"
      "/* Creates a handle, reading LIBGUESTFS_* environment variables.\n"
      " * Returns NULL (with errno set) on failure.\n"
      " */\n"
      "extern GUESTFS_DLL_PUBLIC guestfs_h *guestfs_create (void);\n"
      "\n"
      "#define LIBGUESTFS_HAVE_CREATE_FLAGS 1\n"
      "#define GUESTFS_HAVE_CREATE_FLAGS 1\n"
      "/* Do not read the environment. */\n"
      "#define GUESTFS_CREATE_NO_ENVIRONMENT   (1 << 0)\n"
      "/* Do not close the handle automatically when the program exits. */\n"
      "#define GUESTFS_CREATE_NO_CLOSE_ON_EXIT (1 << 1)\n"
      "extern GUESTFS_DLL_PUBLIC guestfs_h *guestfs_create_flags (unsigned flags, ...);\n"
      "\n"
      "/* Stops the appliance if it runs and frees the handle. */\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_close (guestfs_h *g);\n"
      "\n"
      "/* ---- Errors ---- */\n"
      "\n"
      "/* The message of the last error on this handle, or NULL.  Valid\n"
      " * until the next call on the handle.\n"
      " */\n"
      "extern GUESTFS_DLL_PUBLIC const char *guestfs_last_error (guestfs_h *g);\n"
      "\n"
      "#define LIBGUESTFS_HAVE_LAST_ERRNO 1\n"
      "#define GUESTFS_HAVE_LAST_ERRNO 1\n"
      "/* The errno of the last error, or 0 when it had none. */\n"
      "extern GUESTFS_DLL_PUBLIC int guestfs_last_errno (guestfs_h *g);\n"
      "\n"
      "/* Called for every error; the default prints it on stderr. */\n"
      "#ifndef GUESTFS_TYPEDEF_ERROR_HANDLER_CB\n"
      "#define GUESTFS_TYPEDEF_ERROR_HANDLER_CB 1\n"
      "typedef void (*guestfs_error_handler_cb) (guestfs_h *g, void *opaque, const char *msg);\n"
      "#endif\n"
      "/* Called when memory runs out; must not return. */\n"
      "#ifndef GUESTFS_TYPEDEF_ABORT_CB\n"
      "#define GUESTFS_TYPEDEF_ABORT_CB 1\n"
      "typedef void (*guestfs_abort_cb) (void) GUESTFS_NORETURN;\n"
      "#endif\n"
      "\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_set_error_handler (guestfs_h *g, guestfs_error_handler_cb cb, void *opaque);\n"
      "extern GUESTFS_DLL_PUBLIC guestfs_error_handler_cb guestfs_get_error_handler (guestfs_h *g, void **opaque_rtn);\n"
      "\n"
      "#define LIBGUESTFS_HAVE_PUSH_ERROR_HANDLER 1\n"
      "#define GUESTFS_HAVE_PUSH_ERROR_HANDLER 1\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_push_error_handler (guestfs_h *g, guestfs_error_handler_cb cb, void *opaque);\n"
      "#define LIBGUESTFS_HAVE_POP_ERROR_HANDLER 1\n"
      "#define GUESTFS_HAVE_POP_ERROR_HANDLER 1\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_pop_error_handler (guestfs_h *g);\n"
      "\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_set_out_of_memory_handler (guestfs_h *g, guestfs_abort_cb cb);\n"
      "extern GUESTFS_DLL_PUBLIC guestfs_abort_cb guestfs_get_out_of_memory_handler (guestfs_h *g);\n"
      "\n"
      "/* ---- Events ---- */\n"
      "\n"
      "#define GUESTFS_EVENT_CLOSE           0x0001\n"
      "#define GUESTFS_EVENT_SUBPROCESS_QUIT 0x0002\n"
      "#define GUESTFS_EVENT_LAUNCH_DONE     0x0004\n"
      "#define GUESTFS_EVENT_PROGRESS        0x0008\n"
      "#define GUESTFS_EVENT_APPLIANCE       0x0010\n"
      "#define GUESTFS_EVENT_LIBRARY         0x0020\n"
      "#define GUESTFS_EVENT_TRACE           0x0040\n"
      "#define GUESTFS_EVENT_ENTER           0x0080\n"
      "#define GUESTFS_EVENT_LIBVIRT_AUTH    0x0100\n"
      "#define GUESTFS_EVENT_WARNING         0x0200\n"
      "#define GUESTFS_EVENT_ALL             0x03ff\n"
      "\n"
      "/* buf/buf_len carry text events (log lines, trace, the name of the\n"
      " * call for enter); array/array_len carry numbers (progress: proc_nr,\n"
      " * serial, position, total).\n"
      " */\n"
      "#ifndef GUESTFS_TYPEDEF_EVENT_CALLBACK\n"
      "#define GUESTFS_TYPEDEF_EVENT_CALLBACK 1\n"
      "typedef void (*guestfs_event_callback) (guestfs_h *g, void *opaque,\n"
      "                                        uint64_t event, int event_handle,\n"
      "                                        int flags,\n"
      "                                        const char *buf, size_t buf_len,\n"
      "                                        const uint64_t *array, size_t array_len);\n"
      "#endif\n"
      "\n"
      "#define LIBGUESTFS_HAVE_SET_EVENT_CALLBACK 1\n"
      "#define GUESTFS_HAVE_SET_EVENT_CALLBACK 1\n"
      "/* Returns an event handle >= 0, or -1 on error. */\n"
      "extern GUESTFS_DLL_PUBLIC int guestfs_set_event_callback (guestfs_h *g, guestfs_event_callback cb, uint64_t event_bitmask, int flags, void *opaque);\n"
      "#define LIBGUESTFS_HAVE_DELETE_EVENT_CALLBACK 1\n"
      "#define GUESTFS_HAVE_DELETE_EVENT_CALLBACK 1\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_delete_event_callback (guestfs_h *g, int event_handle);\n"
      "#define LIBGUESTFS_HAVE_EVENT_TO_STRING 1\n"
      "#define GUESTFS_HAVE_EVENT_TO_STRING 1\n"
      "/* \"close,progress\" for a bitmask; the caller frees it. */\n"
      "extern GUESTFS_DLL_PUBLIC char *guestfs_event_to_string (uint64_t event);\n"
      "\n"
      "/* The callbacks of before events: one of each kind per handle, set\n"
      " * again to replace it, NULL to remove it.  Each is an event callback\n"
      " * underneath (CLOSE, SUBPROCESS_QUIT, LAUNCH_DONE, PROGRESS,\n"
      " * APPLIANCE).\n"
      " */\n"
      "#ifndef GUESTFS_TYPEDEF_LOG_MESSAGE_CB\n"
      "#define GUESTFS_TYPEDEF_LOG_MESSAGE_CB 1\n"
      "typedef void (*guestfs_log_message_cb) (guestfs_h *g, void *opaque, char *buf, int len);\n"
      "#endif\n"
      "#ifndef GUESTFS_TYPEDEF_SUBPROCESS_QUIT_CB\n"
      "#define GUESTFS_TYPEDEF_SUBPROCESS_QUIT_CB 1\n"
      "typedef void (*guestfs_subprocess_quit_cb) (guestfs_h *g, void *opaque);\n"
      "#endif\n"
      "#ifndef GUESTFS_TYPEDEF_LAUNCH_DONE_CB\n"
      "#define GUESTFS_TYPEDEF_LAUNCH_DONE_CB 1\n"
      "typedef void (*guestfs_launch_done_cb) (guestfs_h *g, void *opaque);\n"
      "#endif\n"
      "#ifndef GUESTFS_TYPEDEF_CLOSE_CB\n"
      "#define GUESTFS_TYPEDEF_CLOSE_CB 1\n"
      "typedef void (*guestfs_close_cb) (guestfs_h *g, void *opaque);\n"
      "#endif\n"
      "#ifndef GUESTFS_TYPEDEF_PROGRESS_CB\n"
      "#define GUESTFS_TYPEDEF_PROGRESS_CB 1\n"
      "typedef void (*guestfs_progress_cb) (guestfs_h *g, void *opaque, int proc_nr, int serial, uint64_t position, uint64_t total);\n"
      "#endif\n"
      "#ifndef GUESTFS_NO_DEPRECATED\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_set_log_message_callback (guestfs_h *g, guestfs_log_message_cb cb, void *opaque)\n"
      "  GUESTFS_DEPRECATED_REPLACED_BY (\"set_event_callback\");\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_set_subprocess_quit_callback (guestfs_h *g, guestfs_subprocess_quit_cb cb, void *opaque)\n"
      "  GUESTFS_DEPRECATED_REPLACED_BY (\"set_event_callback\");\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_set_launch_done_callback (guestfs_h *g, guestfs_launch_done_cb cb, void *opaque)\n"
      "  GUESTFS_DEPRECATED_REPLACED_BY (\"set_event_callback\");\n"
      "#define LIBGUESTFS_HAVE_SET_CLOSE_CALLBACK 1\n"
      "#define GUESTFS_HAVE_SET_CLOSE_CALLBACK 1\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_set_close_callback (guestfs_h *g, guestfs_close_cb cb, void *opaque)\n"
      "  GUESTFS_DEPRECATED_REPLACED_BY (\"set_event_callback\");\n"
      "#define LIBGUESTFS_HAVE_SET_PROGRESS_CALLBACK 1\n"
      "#define GUESTFS_HAVE_SET_PROGRESS_CALLBACK 1\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_set_progress_callback (guestfs_h *g, guestfs_progress_cb cb, void *opaque)\n"
      "  GUESTFS_DEPRECATED_REPLACED_BY (\"set_event_callback\");\n"
      "#endif\n"
      "\n"
      "/* ---- Private data and cancellation ---- */\n"
      "\n"
      "#define LIBGUESTFS_HAVE_SET_PRIVATE 1\n"
      "#define GUESTFS_HAVE_SET_PRIVATE 1\n"
      "extern GUESTFS_DLL_PUBLIC void guestfs_set_private (guestfs_h *g, const char *key, void *data);\n"
      "#define LIBGUESTFS_HAVE_GET_PRIVATE 1\n"
      "#define GUESTFS_HAVE_GET_PRIVATE 1\n"
      "extern GUESTFS_DLL_PUBLIC void *guestfs_get_private (guestfs_h *g, const char *key);\n"
      "/* Walk the private data: the first entry's data (its key in\n"
      " * *key_rtn), then the next one's ... and NULL after the last.\n"
      " */\n"
      "#define LIBGUESTFS_HAVE_FIRST_PRIVATE 1\n"
      "#define GUESTFS_HAVE_FIRST_PRIVATE 1\n"
      "extern GUESTFS_DLL_PUBLIC void *guestfs_first_private (guestfs_h *g, const char **key_rtn);\n"
      "#define LIBGUESTFS_HAVE_NEXT_PRIVATE 1\n"
      "#define GUESTFS_HAVE_NEXT_PRIVATE 1\n"
      "extern GUESTFS_DLL_PUBLIC void *guestfs_next_private (guestfs_h *g, const char **key_rtn);\n"
      "\n"
      "#define LIBGUESTFS_HAVE_USER_CANCEL 1\n"
      "#define GUESTFS_HAVE_USER_CANCEL 1\n"
      "/* Cancels the file transfer in progress; safe from another thread\n"
      " * or a signal handler.\n"
      " */\n"
      "extern GUESTFS_DLL_PUBLIC int guestfs_user_cancel (guestfs_h *g);\n"
      "\n");
}

static const char *
field_c_type (enum field_type t)
{
  switch (t) {
  case FIELD_STRING: return "char *";
  case FIELD_UUID: return "char ";
  case FIELD_BUFFER: return "char *";
  case FIELD_CHAR: return "char ";
  case FIELD_INT32: return "int32_t ";
  case FIELD_UINT32: return "uint32_t ";
  case FIELD_INT64: return "int64_t ";
  case FIELD_UINT64: case FIELD_BYTES: return "uint64_t ";
  case FIELD_OPTPERCENT: return "float ";
  }
  die ("field_c_type: bad type %d", (int) t);
}

static void
pr_structs (void)
{
  size_t i, j;

  pr ("/* ---- Structs ---- */\n\n");
  for (i = 0; api_structs[i].name; ++i) {
    const struct api_struct *s = &api_structs[i];
    char *u = upper (s->name);

    pr ("#define GUESTFS_HAVE_STRUCT_%s 1\n", u);
    pr ("struct guestfs_%s {\n", s->name);
    for (j = 0; j < API_MAX_FIELDS && s->fields[j].name; ++j) {
      const struct api_field *f = &s->fields[j];

      /* uint32_t as in libguestfs, so programs taking its address
       * compile.
       */
      if (f->type == FIELD_BUFFER)
        pr ("  uint32_t %s_len;\n", f->name);
      if (f->type == FIELD_UUID)
        pr ("  char %s[32]; /* not NUL-terminated */\n", f->name);
      else if (f->type == FIELD_OPTPERCENT)
        pr ("  float %s; /* -1 when absent */\n", f->name);
      else
        pr ("  %s%s;\n", field_c_type (f->type), f->name);
    }
    pr ("};\n\n");
    pr ("struct guestfs_%s_list {\n"
        "  uint32_t len;\n"
        "  struct guestfs_%s *val;\n"
        "};\n\n", s->name, s->name);
    pr ("extern GUESTFS_DLL_PUBLIC int guestfs_compare_%s (const struct guestfs_%s *, const struct guestfs_%s *);\n",
        s->name, s->name, s->name);
    pr ("extern GUESTFS_DLL_PUBLIC int guestfs_compare_%s_list (const struct guestfs_%s_list *, const struct guestfs_%s_list *);\n",
        s->name, s->name, s->name);
    pr ("extern GUESTFS_DLL_PUBLIC struct guestfs_%s *guestfs_copy_%s (const struct guestfs_%s *);\n",
        s->name, s->name, s->name);
    pr ("extern GUESTFS_DLL_PUBLIC struct guestfs_%s_list *guestfs_copy_%s_list (const struct guestfs_%s_list *);\n",
        s->name, s->name, s->name);
    pr ("extern GUESTFS_DLL_PUBLIC void guestfs_free_%s (struct guestfs_%s *);\n",
        s->name, s->name);
    pr ("extern GUESTFS_DLL_PUBLIC void guestfs_free_%s_list (struct guestfs_%s_list *);\n\n",
        s->name, s->name);
  }
}

static void
pr_have (const char *cname)
{
  char *u = upper (cname);

  pr ("#define GUESTFS_HAVE_%s 1\n", u);
  pr ("#define LIBGUESTFS_HAVE_%s 1\n", u);
}

static void
pr_decl (const struct api_action *a, const char *cname, const char *suffix,
         const char *opts)
{
  const char *rt = ret_c_type (a);
  size_t n = strlen (rt);

  if (a->flags & AF_DEPRECATED)
    pr ("#ifndef GUESTFS_NO_DEPRECATED\n");
  pr ("extern GUESTFS_DLL_PUBLIC %s%sguestfs_%s%s (", rt,
      rt[n - 1] == '*' ? "" : " ", cname, suffix);
  pr_params (a, false, opts, 0);
  pr (")");
  if (a->flags & AF_DEPRECATED) {
    if (a->deprecated_by)
      pr ("\n  GUESTFS_DEPRECATED_REPLACED_BY (\"%s\")", a->deprecated_by);
    else
      pr ("\n  GUESTFS_DEPRECATED_NO_REPLACEMENT");
  }
  pr (";\n");
  if (a->flags & AF_DEPRECATED)
    pr ("#endif\n");
}

static void
pr_action (const struct api_action *a)
{
  size_t i, n = nr_optargs (a);
  const char *cname = c_name (a);
  char *ucname = upper (cname);

  pr ("/* %s: %s */\n", a->name, a->shortdesc);
  if (n == 0 || (a->flags & AF_ONCE_HAD_NO_OPTARGS)) {
    pr_have (a->name);
    pr_decl (a, a->name, "", "");
    if (n == 0) {
      pr ("\n");
      return;
    }
  }
  pr_have (cname);
  for (i = 0; i < n; ++i) {
    char *uo = upper (a->optargs[i].name);
    pr ("#define GUESTFS_%s_%s %zu\n", ucname, uo, i);
    pr ("#define GUESTFS_%s_%s_BITMASK (UINT64_C(1)<<%zu)\n", ucname, uo, i);
  }
  pr_decl (a, cname, "", "...");
  pr_decl (a, cname, "_va", "va_list args");
  pr ("struct guestfs_%s_argv {\n"
      "  uint64_t bitmask; /* which of the fields below are set */\n", cname);
  for (i = 0; i < n; ++i)
    pr ("  %s%s;\n", optarg_c_type (a->optargs[i].type), a->optargs[i].name);
  pr ("};\n");
  pr_decl (a, cname, "_argv", "argv");
  pr ("\n");
}

void
generate_header (const char *srcdir)
{
  size_t i;

  output_start (srcdir, "include/guestfs.h");
  pr_banner_c ("gen-header.c",
               "The public API of careen, source-compatible with libguestfs.");
  pr_fixed_part ();
  pr_structs ();
  pr ("/* ---- Calls ---- */\n\n");
  for (i = 0; i < nr_actions; ++i)
    pr_action (actions[i]);
  pr ("#ifdef __cplusplus\n"
      "}\n"
      "#endif\n"
      "\n"
      "#endif /* GUESTFS_H_ */\n");
  output_end ();
}

void
generate_lib_syms (const char *srcdir)
{
  size_t i;

  output_start (srcdir, "lib/libguestfs.syms");
  pr_banner_hash ("gen-header.c");
  pr ("# The linker version script: every public symbol, nothing else.\n"
      "{\n"
      "  global:\n");
  for (i = 0; handwritten_symbols[i]; ++i)
    pr ("    %s;\n", handwritten_symbols[i]);
  for (i = 0; api_structs[i].name; ++i) {
    static const char *const ops[] = { "free", "copy", "compare" };
    size_t k;

    for (k = 0; k < sizeof ops / sizeof ops[0]; ++k) {
      pr ("    guestfs_%s_%s;\n", ops[k], api_structs[i].name);
      pr ("    guestfs_%s_%s_list;\n", ops[k], api_structs[i].name);
    }
  }
  for (i = 0; i < nr_actions; ++i) {
    const struct api_action *a = actions[i];
    const char *cname = c_name (a);

    if (nr_optargs (a) == 0 || (a->flags & AF_ONCE_HAD_NO_OPTARGS))
      pr ("    guestfs_%s;\n", a->name);
    if (nr_optargs (a) > 0) {
      pr ("    guestfs_%s;\n", cname);
      pr ("    guestfs_%s_va;\n", cname);
      pr ("    guestfs_%s_argv;\n", cname);
    }
  }
  pr_fallback_symbols ();
  pr ("  local:\n"
      "    *;\n"
      "};\n");
  output_end ();
}
