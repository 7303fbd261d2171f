/** careen - offline disk-image toolkit
 * Writes the library side: lib/actions-gen.c (the public entry points:
 * argument checks, tracing, state checks, then guestfs_impl_NAME or a
 * remote call) and lib/actions-impl-gen.h (prototypes of
 * guestfs_impl_NAME and of the struct decoders).  lib/structs-gen.c is
 * written by gen-structs.c.
 */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "generator.h"

/* The value a call returns on error, as C text. */
static const char *
error_value (const struct api_action *a)
{
  return ret_is_pointer (a) ? "NULL" : "-1";
}

/* C statement freeing the result held in ret_v. */
static void
pr_free_ret (const struct api_action *a, const char *indent)
{
  switch (a->ret) {
  case RET_STRING: case RET_BUFFEROUT:
    pr ("%sfree (ret_v);\n", indent);
    break;
  case RET_STRINGLIST: case RET_HASHTABLE:
    pr ("%sstrings_free (ret_v);\n", indent);
    break;
  case RET_STRUCT:
    pr ("%sguestfs_free_%s (ret_v);\n", indent, a->ret_struct);
    break;
  case RET_STRUCTLIST:
    pr ("%sguestfs_free_%s_list (ret_v);\n", indent, a->ret_struct);
    break;
  default:
    break;
  }
}

/* Fixed helpers at the top of actions-gen.c: building one trace line. */
static void
pr_trace_helpers (void)
{
  pr ("/* Trace lines are built in a memory stream and sent as one event.\n"
      " * If the stream cannot be opened the line is skipped: tracing must\n"
      " * never make a call fail.\n"
      " */\n"
      "static FILE *\n"
      "trace_open (char **buf, size_t *len, const char *name)\n"
      "{\n"
      "  FILE *fp = open_memstream (buf, len);\n"
      "\n"
      "  if (fp != NULL)\n"
      "    fputs (name, fp);\n"
      "  return fp;\n"
      "}\n"
      "\n"
      "static void\n"
      "trace_string (FILE *fp, const char *s)\n"
      "{\n"
      "  if (s == NULL)\n"
      "    fputs (\" NULL\", fp);\n"
      "  else\n"
      "    fprintf (fp, \" \\\"%%s\\\"\", s);\n"
      "}\n"
      "\n"
      "/* A list is traced as one quoted word, \"a b c\", as guestfish\n"
      " * would take it.\n"
      " */\n"
      "static void\n"
      "trace_list (FILE *fp, char *const *list)\n"
      "{\n"
      "  size_t i;\n"
      "\n"
      "  if (list == NULL) {\n"
      "    fputs (\" NULL\", fp);\n"
      "    return;\n"
      "  }\n"
      "  fputs (\" \\\"\", fp);\n"
      "  for (i = 0; list[i] != NULL; ++i)\n"
      "    fprintf (fp, \"%%s%%s\", i > 0 ? \" \" : \"\", list[i]);\n"
      "  fputc ('\"', fp);\n"
      "}\n"
      "\n"
      "/* Results that are lists are traced as [\"a\", \"b\"]. */\n"
      "static void\n"
      "trace_result_list (FILE *fp, char *const *list)\n"
      "{\n"
      "  size_t i;\n"
      "\n"
      "  fputs (\"[\", fp);\n"
      "  for (i = 0; list[i] != NULL; ++i)\n"
      "    fprintf (fp, \"%%s\\\"%%s\\\"\", i > 0 ? \", \" : \"\", list[i]);\n"
      "  fputs (\"]\", fp);\n"
      "}\n"
      "\n"
      "/* The stream sets *buf only when it is closed. */\n"
      "static void\n"
      "trace_close (guestfs_h *g, FILE *fp, char **buf)\n"
      "{\n"
      "  if (fclose (fp) == 0)\n"
      "    guestfs_int_trace (g, \"%%s\", *buf);\n"
      "  free (*buf);\n"
      "}\n"
      "\n");
}

/* A traced struct result reads <struct guestfs_S = f1: v1, f2: v2, >
 * as in libguestfs.  Emitted only for structs some call returns whole.
 */
static void
pr_struct_tracers (void)
{
  size_t i, j, k;

  for (i = 0; api_structs[i].name; ++i) {
    const struct api_struct *s = &api_structs[i];
    bool used = false;

    for (k = 0; k < nr_actions; ++k)
      if (actions[k]->ret == RET_STRUCT &&
          strcmp (actions[k]->ret_struct, s->name) == 0)
        used = true;
    if (!used)
      continue;
    pr ("static void\n"
        "trace_struct_%s (FILE *fp, const struct guestfs_%s *s)\n"
        "{\n"
        "  fputs (\"<struct guestfs_%s = \", fp);\n",
        s->name, s->name, s->name);
    for (j = 0; j < API_MAX_FIELDS && s->fields[j].name; ++j) {
      const char *f = s->fields[j].name;

      switch (s->fields[j].type) {
      case FIELD_STRING:
        pr ("  fprintf (fp, \"%s: %%s, \", s->%s);\n", f, f);
        break;
      case FIELD_UUID:
        pr ("  fprintf (fp, \"%s: %%.32s, \", s->%s);\n", f, f);
        break;
      case FIELD_BUFFER:
        pr ("  fprintf (fp, \"%s: <%%\" PRIu32 \" bytes>, \", s->%s_len);\n",
            f, f);
        break;
      case FIELD_CHAR:
        pr ("  fprintf (fp, \"%s: %%c, \", s->%s);\n", f, f);
        break;
      case FIELD_INT32:
        pr ("  fprintf (fp, \"%s: %%\" PRIi32 \", \", s->%s);\n", f, f);
        break;
      case FIELD_UINT32:
        pr ("  fprintf (fp, \"%s: %%\" PRIu32 \", \", s->%s);\n", f, f);
        break;
      case FIELD_INT64:
        pr ("  fprintf (fp, \"%s: %%\" PRIi64 \", \", s->%s);\n", f, f);
        break;
      case FIELD_UINT64: case FIELD_BYTES:
        pr ("  fprintf (fp, \"%s: %%\" PRIu64 \", \", s->%s);\n", f, f);
        break;
      case FIELD_OPTPERCENT:
        pr ("  fprintf (fp, \"%s: %%g, \", (double) s->%s);\n", f, f);
        break;
      }
    }
    pr ("  fputs (\">\", fp);\n"
        "}\n\n");
  }
}

/* Traces the call and its arguments. */
static void
pr_trace_call (const struct api_action *a, bool has_opts)
{
  size_t i;

  pr ("  if (trace_flag) {\n"
      "    char *trace_buf = NULL;\n"
      "    size_t trace_len = 0;\n"
      "    FILE *trace_fp = trace_open (&trace_buf, &trace_len, \"%s\");\n"
      "\n"
      "    if (trace_fp != NULL) {\n", a->name);
  for (i = 0; i < nr_args (a); ++i) {
    const struct api_arg *arg = &a->args[i];

    switch (arg->type) {
    case ARG_KEY:
      /* Secrets never appear in traces. */
      pr ("      fputs (\" \\\"***\\\"\", trace_fp);\n");
      break;
    case ARG_STRINGLIST: case ARG_DEVICELIST:
      pr ("      trace_list (trace_fp, %s);\n", arg->name);
      break;
    case ARG_BOOL:
      pr ("      fputs (%s ? \" true\" : \" false\", trace_fp);\n", arg->name);
      break;
    case ARG_INT:
      pr ("      fprintf (trace_fp, \" %%d\", %s);\n", arg->name);
      break;
    case ARG_INT64:
      pr ("      fprintf (trace_fp, \" %%\" PRIi64, %s);\n", arg->name);
      break;
    case ARG_BUFFERIN:
      pr ("      fprintf (trace_fp, \" <buffer of %%zu bytes>\", %s_size);\n",
          arg->name);
      break;
    case ARG_POINTER:
      pr ("      fprintf (trace_fp, \" <pointer %%p>\", %s);\n", arg->name);
      break;
    default:
      pr ("      trace_string (trace_fp, %s);\n", arg->name);
      break;
    }
  }
  if (has_opts) {
    for (i = 0; i < nr_optargs (a); ++i) {
      const struct api_optarg *o = &a->optargs[i];
      char *mask = xasprintf ("GUESTFS_%s_%s_BITMASK",
                              upper (c_name (a)), upper (o->name));

      pr ("      if (optargs->bitmask & %s)\n", mask);
      switch (o->type) {
      case OPT_BOOL:
        pr ("        fprintf (trace_fp, \" \\\"%s:%%s\\\"\", "
            "optargs->%s ? \"true\" : \"false\");\n", o->name, o->name);
        break;
      case OPT_INT:
        pr ("        fprintf (trace_fp, \" \\\"%s:%%d\\\"\", optargs->%s);\n",
            o->name, o->name);
        break;
      case OPT_INT64:
        pr ("        fprintf (trace_fp, \" \\\"%s:%%\" PRIi64 \"\\\"\", "
            "optargs->%s);\n", o->name, o->name);
        break;
      case OPT_STRING:
        pr ("        fprintf (trace_fp, \" \\\"%s:%%s\\\"\", optargs->%s);\n",
            o->name, o->name);
        break;
      case OPT_STRINGLIST:
        pr ("        {\n"
            "          fputs (\" \\\"%s:\", trace_fp);\n"
            "          for (size_t i = 0; optargs->%s[i] != NULL; ++i)\n"
            "            fprintf (trace_fp, \"%%s%%s\", i > 0 ? \" \" : \"\", "
            "optargs->%s[i]);\n"
            "          fputc ('\"', trace_fp);\n"
            "        }\n", o->name, o->name, o->name);
        break;
      }
    }
  }
  pr ("      trace_close (g, trace_fp, &trace_buf);\n"
      "    }\n"
      "  }\n"
      "\n");
}

/* Traces the result (at the "out" label, so also after errors). */
static void
pr_trace_return (const struct api_action *a)
{
  pr ("  if (trace_flag) {\n"
      "    char *trace_buf = NULL;\n"
      "    size_t trace_len = 0;\n"
      "    FILE *trace_fp = trace_open (&trace_buf, &trace_len, \"%s = \");\n"
      "\n"
      "    if (trace_fp != NULL) {\n", a->name);
  if (a->ret == RET_CONSTOPTSTRING) {
    /* libguestfs traces a NULL here as a quoted "NULL". */
    pr ("      if (ret_v == NULL)\n"
        "        fputs (\"\\\"NULL\\\"\", trace_fp);\n"
        "      else\n"
        "        fprintf (trace_fp, \"\\\"%%s\\\"\", ret_v);\n");
  }
  else {
    if (ret_is_pointer (a))
      pr ("      if (ret_v == NULL)\n"
          "        fputs (\"NULL (error)\", trace_fp);\n");
    else
      pr ("      if (ret_v == -1)\n"
          "        fputs (\"-1 (error)\", trace_fp);\n");
    pr ("      else\n");
    switch (a->ret) {
    case RET_ERR: case RET_INT: case RET_BOOL:
      pr ("        fprintf (trace_fp, \"%%d\", ret_v);\n");
      break;
    case RET_INT64:
      pr ("        fprintf (trace_fp, \"%%\" PRIi64, ret_v);\n");
      break;
    case RET_CONSTSTRING: case RET_STRING:
      pr ("        fprintf (trace_fp, \"\\\"%%s\\\"\", ret_v);\n");
      break;
    case RET_STRINGLIST: case RET_HASHTABLE:
      pr ("        trace_result_list (trace_fp, ret_v);\n");
      break;
    case RET_STRUCT:
      pr ("        trace_struct_%s (trace_fp, ret_v);\n", a->ret_struct);
      break;
    case RET_STRUCTLIST:
      pr ("        fprintf (trace_fp, \"<struct guestfs_%s_list(%%\" PRIu32 \")>\", "
          "ret_v->len);\n", a->ret_struct);
      break;
    case RET_BUFFEROUT:
      pr ("        fprintf (trace_fp, \"<buffer of %%zu bytes>\", *size_r);\n");
      break;
    case RET_CONSTOPTSTRING:
      break;
    }
  }
  pr ("      trace_close (g, trace_fp, &trace_buf);\n"
      "    }\n"
      "  }\n");
}

/* Checks of arguments the C API can check. */
static void
pr_arg_checks (const struct api_action *a, bool has_opts)
{
  size_t i;

  for (i = 0; i < nr_args (a); ++i) {
    const struct api_arg *arg = &a->args[i];

    if (is_string_arg (arg->type) || arg->type == ARG_STRINGLIST ||
        arg->type == ARG_DEVICELIST || arg->type == ARG_BUFFERIN ||
        arg->type == ARG_POINTER)
      pr ("  if (%s == NULL) {\n"
          "    guestfs_int_error_errno (g, EINVAL, \"NULL argument '%%s'\", \"%s\");\n"
          "    goto out;\n"
          "  }\n", arg->name, arg->name);
  }
  if (a->ret == RET_BUFFEROUT)
    pr ("  if (size_r == NULL) {\n"
        "    guestfs_int_error_errno (g, EINVAL, \"NULL argument '%%s'\", \"size_r\");\n"
        "    goto out;\n"
        "  }\n");
  if (has_opts) {
    size_t n = nr_optargs (a);
    char *uc = upper (c_name (a));

    pr ("  if (optargs == NULL) {\n"
        "    guestfs_int_error_errno (g, EINVAL, \"NULL argument '%%s'\", \"optargs\");\n"
        "    goto out;\n"
        "  }\n");
    /* A bit we do not know comes from a program built against a newer
     * header than the library it runs with.
     */
    pr ("  if (optargs->bitmask & ~UINT64_C(0x%llx)) {\n"
        "    guestfs_int_error_errno (g, EINVAL, \"unknown option in optional \"\n"
        "                             \"arguments bitmask\");\n"
        "    goto out;\n"
        "  }\n", n == 64 ? ~0ULL : (1ULL << n) - 1);
    for (i = 0; i < n; ++i) {
      const struct api_optarg *o = &a->optargs[i];

      if (o->type == OPT_STRING || o->type == OPT_STRINGLIST)
        pr ("  if ((optargs->bitmask & GUESTFS_%s_%s_BITMASK) &&\n"
            "      optargs->%s == NULL) {\n"
            "    guestfs_int_error_errno (g, EINVAL, \"NULL argument '%%s'\", \"%s\");\n"
            "    goto out;\n"
            "  }\n", uc, upper (o->name), o->name, o->name);
    }
  }
  pr ("\n");
}

/* Encodes the arguments, calls the daemon and decodes the reply. */
static void
pr_remote_call (const struct api_action *a, bool has_opts)
{
  size_t i;
  const char *filein = "NULL", *fileout = "NULL";

  pr ("  if (guestfs_int_check_ready_state (g) == -1)\n"
      "    goto out;\n"
      "\n");
  pr ("  wbuf_init (&call_args);\n");
  for (i = 0; i < nr_args (a); ++i) {
    const struct api_arg *arg = &a->args[i];

    switch (arg->type) {
    case ARG_FILEIN: filein = arg->name; break;
    case ARG_FILEOUT: fileout = arg->name; break;
    case ARG_OPTSTRING:
      pr ("  wbuf_put_optstring (&call_args, %s);\n", arg->name);
      break;
    case ARG_STRINGLIST: case ARG_DEVICELIST:
      pr ("  wbuf_put_strings (&call_args, %s);\n", arg->name);
      break;
    case ARG_BOOL:
      pr ("  wbuf_put_bool (&call_args, %s != 0);\n", arg->name);
      break;
    case ARG_INT:
      pr ("  wbuf_put_i32 (&call_args, %s);\n", arg->name);
      break;
    case ARG_INT64:
      pr ("  wbuf_put_i64 (&call_args, %s);\n", arg->name);
      break;
    case ARG_BUFFERIN:
      pr ("  wbuf_put_buffer (&call_args, %s, %s_size);\n",
          arg->name, arg->name);
      break;
    default:
      pr ("  wbuf_put_string (&call_args, %s);\n", arg->name);
      break;
    }
  }
  /* Every optional argument travels, set or not; unset ones as zero. */
  if (has_opts) {
    char *uc = upper (c_name (a));

    for (i = 0; i < nr_optargs (a); ++i) {
      const struct api_optarg *o = &a->optargs[i];
      char *mask = xasprintf ("(optargs->bitmask & GUESTFS_%s_%s_BITMASK)",
                              uc, upper (o->name));

      switch (o->type) {
      case OPT_BOOL:
        pr ("  wbuf_put_bool (&call_args,\n"
            "                 %s &&\n"
            "                 optargs->%s);\n",
            mask, o->name);
        break;
      case OPT_INT:
        pr ("  wbuf_put_i32 (&call_args,\n"
            "                %s\n"
            "                ? optargs->%s : 0);\n",
            mask, o->name);
        break;
      case OPT_INT64:
        pr ("  wbuf_put_i64 (&call_args,\n"
            "                %s\n"
            "                ? optargs->%s : 0);\n",
            mask, o->name);
        break;
      case OPT_STRING:
        pr ("  wbuf_put_string (&call_args,\n"
            "                   %s\n"
            "                   ? optargs->%s : \"\");\n",
            mask, o->name);
        break;
      case OPT_STRINGLIST:
        pr ("  wbuf_put_strings (&call_args,\n"
            "                    %s\n"
            "                    ? optargs->%s : NULL);\n",
            mask, o->name);
        break;
      }
    }
  }
  pr ("  if (wbuf_finish (&call_args) == -1) {\n"
      "    guestfs_int_perrorf (g, \"encode arguments\");\n"
      "    wbuf_release (&call_args);\n"
      "    goto out;\n"
      "  }\n");
  if (strcmp (filein, "NULL") != 0)
    /* The size of a regular file lets progress bars show a percentage. */
    pr ("  if (stat (%s, &filein_st) == 0 && S_ISREG (filein_st.st_mode))\n"
        "    progress_hint = filein_st.st_size;\n", filein);
  pr ("  if (guestfs_int_rpc (g, %d, %s, progress_hint, &call_args,\n"
      "                       %s, %s, &reply, &reply_len) == -1) {\n"
      "    wbuf_release (&call_args);\n"
      "    goto out;\n"
      "  }\n"
      "  wbuf_release (&call_args);\n"
      "\n",
      a->proc_nr, has_opts ? "optargs->bitmask" : "0", filein, fileout);

  pr ("  rbuf_init (&reply_rbuf, reply, reply_len);\n");
  switch (a->ret) {
  case RET_ERR:
    break;
  case RET_INT:
    pr ("  ret_v = rbuf_get_i32 (&reply_rbuf);\n");
    break;
  case RET_BOOL:
    pr ("  ret_v = rbuf_get_bool (&reply_rbuf);\n");
    break;
  case RET_INT64:
    pr ("  ret_v = rbuf_get_i64 (&reply_rbuf);\n");
    break;
  case RET_STRING:
    pr ("  ret_v = rbuf_get_string (&reply_rbuf, PROTO_MAX_REPLY);\n");
    break;
  case RET_STRINGLIST: case RET_HASHTABLE:
    pr ("  ret_v = rbuf_get_strings (&reply_rbuf, PROTO_MAX_LIST, PROTO_MAX_REPLY);\n");
    break;
  case RET_STRUCT:
    pr ("  ret_v = guestfs_int_decode_%s (&reply_rbuf);\n", a->ret_struct);
    break;
  case RET_STRUCTLIST:
    pr ("  ret_v = guestfs_int_decode_%s_list (&reply_rbuf);\n", a->ret_struct);
    break;
  case RET_BUFFEROUT:
    pr ("  ret_v = rbuf_get_buffer (&reply_rbuf, PROTO_MAX_REPLY, size_r);\n");
    break;
  case RET_CONSTSTRING: case RET_CONSTOPTSTRING:
    die ("%s: daemon call returning a constant string", a->name);
  }
  /* A hashtable is key, value pairs: an odd count is malformed. */
  pr ("  if (!rbuf_done (&reply_rbuf)%s) {\n",
      a->ret == RET_HASHTABLE
      ? " ||\n      (ret_v != NULL && strings_count (ret_v) % 2 != 0)" : "");
  pr_free_ret (a, "    ");
  if (a->ret != RET_ERR)
    pr ("    ret_v = %s;\n", error_value (a));
  pr ("    guestfs_int_error_errno (g, EPROTO, \"invalid reply from the appliance\");\n"
      "    goto out;\n"
      "  }\n");
  if (a->ret == RET_ERR)
    pr ("  ret_v = 0;\n");
  pr ("\n");
}

/* The body that does the work: the plain function when the call has no
 * optional arguments, else the _argv form.
 */
static void
pr_main_function (const struct api_action *a)
{
  bool has_opts = nr_optargs (a) > 0;
  const char *cname = c_name (a);
  char *rt = ret_c_type (a);
  size_t i;
  bool has_filein = false;

  for (i = 0; i < nr_args (a); ++i)
    if (a->args[i].type == ARG_FILEIN)
      has_filein = true;

  pr ("%s\nguestfs_%s%s (", rt, cname, has_opts ? "_argv" : "");
  pr_params (a, false, has_opts ? "argv" : "",
             (int) (strlen ("guestfs_ (") + strlen (cname) +
                    (has_opts ? 5 : 0)));
  pr (")\n{\n");
  if (a->ret == RET_ERR || a->ret == RET_INT || a->ret == RET_BOOL)
    pr ("  int ret_v = -1;\n");
  else if (a->ret == RET_INT64)
    pr ("  int64_t ret_v = -1;\n");
  else
    pr ("  %s%sret_v = NULL;\n", rt, rt[strlen (rt) - 1] == '*' ? "" : " ");
  pr ("  bool trace_flag = false;\n");
  if (is_daemon (a)) {
    pr ("  struct wbuf call_args;\n"
        "  CLEANUP_FREE char *reply = NULL;\n"
        "  size_t reply_len = 0;\n"
        "  struct rbuf reply_rbuf;\n"
        "  uint64_t progress_hint = 0;\n");
    if (has_filein)
      pr ("  struct stat filein_st;\n");
  }
  pr ("\n"
      "  guestfs_int_call_begin (g, \"%s\");\n", a->name);
  /* Calls rejected for bad arguments are not traced, so the trace
   * never has to print what it could not read.
   */
  pr_arg_checks (a, has_opts);
  pr ("  trace_flag = guestfs_int_trace_enabled (g);\n");
  pr_trace_call (a, has_opts);

  if (is_daemon (a))
    pr_remote_call (a, has_opts);
  else {
    if (a->flags & AF_CONFIG_ONLY)
      pr ("  if (guestfs_int_check_config_state (g) == -1)\n"
          "    goto out;\n"
          "\n");
    pr ("  ret_v = guestfs_impl_%s (g", cname);
    for (i = 0; i < nr_args (a); ++i) {
      pr (", %s", a->args[i].name);
      if (a->args[i].type == ARG_BUFFERIN)
        pr (", %s_size", a->args[i].name);
    }
    if (a->ret == RET_BUFFEROUT)
      pr (", size_r");
    if (has_opts)
      pr (", optargs");
    pr (");\n"
        "  goto out;\n\n");
  }
  /* The label is always reached by a goto, even when nothing fails
   * before it, so the compiler does not warn about an unused label.
   */
  pr (" out:\n");
  pr_trace_return (a);
  pr ("  guestfs_int_call_end (g);\n"
      "  return ret_v;\n"
      "}\n\n");
}

/* Argument list of a call (names only) for forwarding. */
static void
pr_call_args (const struct api_action *a)
{
  size_t i;

  for (i = 0; i < nr_args (a); ++i) {
    pr (", %s", a->args[i].name);
    if (a->args[i].type == ARG_BUFFERIN)
      pr (", %s_size", a->args[i].name);
  }
  if (a->ret == RET_BUFFEROUT)
    pr (", size_r");
}

/* The variadic and va_list forms, and the old form without optional
 * arguments.
 */
static void
pr_opt_forms (const struct api_action *a)
{
  const char *cname = c_name (a);
  char *uc = upper (cname);
  char *rt = ret_c_type (a);
  const char *last;
  size_t i, n = nr_optargs (a);

  if (a->flags & AF_ONCE_HAD_NO_OPTARGS) {
    pr ("%s\nguestfs_%s (", rt, a->name);
    pr_params (a, false, "", (int) (strlen ("guestfs_ (") + strlen (a->name)));
    pr (")\n{\n"
        "  struct guestfs_%s_argv optargs_s = { .bitmask = 0 };\n"
        "\n"
        "  return guestfs_%s_argv (g", cname, cname);
    pr_call_args (a);
    pr (", &optargs_s);\n}\n\n");
  }

  /* The last named parameter, for va_start. */
  if (a->ret == RET_BUFFEROUT)
    last = "size_r";
  else if (nr_args (a) == 0)
    last = "g";
  else if (a->args[nr_args (a) - 1].type == ARG_BUFFERIN)
    last = xasprintf ("%s_size", a->args[nr_args (a) - 1].name);
  else
    last = a->args[nr_args (a) - 1].name;

  pr ("%s\nguestfs_%s (", rt, cname);
  pr_params (a, false, "...", (int) (strlen ("guestfs_ (") + strlen (cname)));
  pr (")\n{\n"
      "  va_list optargs;\n"
      "  %s%sret_v;\n"
      "\n"
      "  va_start (optargs, %s);\n"
      "  ret_v = guestfs_%s_va (g",
      rt, rt[strlen (rt) - 1] == '*' ? "" : " ", last, cname);
  pr_call_args (a);
  pr (", optargs);\n"
      "  va_end (optargs);\n"
      "  return ret_v;\n"
      "}\n\n");

  pr ("%s\nguestfs_%s_va (", rt, cname);
  pr_params (a, false, "va_list args",
             (int) (strlen ("guestfs__va (") + strlen (cname)));
  pr (")\n{\n"
      "  struct guestfs_%s_argv optargs_s = { .bitmask = 0 };\n"
      "  int i;\n"
      "\n"
      "  /* The list is (index, value) pairs ended by -1. */\n"
      "  while ((i = va_arg (args, int)) >= 0) {\n"
      "    uint64_t i_mask;\n"
      "\n"
      "    switch (i) {\n", cname);
  for (i = 0; i < n; ++i) {
    const struct api_optarg *o = &a->optargs[i];
    const char *va_type;

    switch (o->type) {
    case OPT_BOOL: case OPT_INT: va_type = "int"; break;
    case OPT_INT64: va_type = "int64_t"; break;
    case OPT_STRING: va_type = "const char *"; break;
    case OPT_STRINGLIST: va_type = "char *const *"; break;
    default: die ("bad optarg type");
    }
    pr ("    case GUESTFS_%s_%s:\n"
        "      optargs_s.%s = va_arg (args, %s);\n"
        "      break;\n", uc, upper (o->name), o->name, va_type);
  }
  pr ("    default:\n"
      "      guestfs_int_call_begin (g, \"%s\");\n"
      "      guestfs_int_error_errno (g, EINVAL, \"unknown option %%d (this can \"\n"
      "                               \"happen if a program is compiled against a \"\n"
      "                               \"newer careen than the one it runs with)\", i);\n"
      "      guestfs_int_call_end (g);\n"
      "      return %s;\n"
      "    }\n"
      "    i_mask = UINT64_C(1) << i;\n"
      "    if (optargs_s.bitmask & i_mask) {\n"
      "      guestfs_int_call_begin (g, \"%s\");\n"
      "      guestfs_int_error_errno (g, EINVAL,\n"
      "                               \"optional argument %%d given more than once\", i);\n"
      "      guestfs_int_call_end (g);\n"
      "      return %s;\n"
      "    }\n"
      "    optargs_s.bitmask |= i_mask;\n"
      "  }\n"
      "\n"
      "  return guestfs_%s_argv (g",
      a->name, error_value (a), a->name, error_value (a), cname);
  pr_call_args (a);
  pr (", &optargs_s);\n}\n\n");
}

void
generate_lib_actions (const char *srcdir)
{
  size_t i;

  output_start (srcdir, "lib/actions-gen.c");
  pr_banner_c ("gen-lib.c",
               "The public entry points: argument checks, tracing and state\n"
               " * checks, then the library's guestfs_impl_NAME or a call to the\n"
               " * appliance.");
  pr ("#include <config.h>\n"
      "\n"
      "#include <errno.h>\n"
      "#include <inttypes.h>\n"
      "#include <stdarg.h>\n"
      "#include <stdbool.h>\n"
      "#include <stdio.h>\n"
      "#include <stdlib.h>\n"
      "#include <string.h>\n"
      "#include <sys/stat.h>\n"
      "\n"
      "#include \"guestfs.h\"\n"
      "#include \"guestfs-internal.h\"\n"
      "\n");
  pr_trace_helpers ();
  pr_struct_tracers ();
  for (i = 0; i < nr_actions; ++i) {
    const struct api_action *a = actions[i];

    pr ("/* %s: %s */\n", a->name, a->shortdesc);
    pr_main_function (a);
    if (nr_optargs (a) > 0)
      pr_opt_forms (a);
  }
  output_end ();
}

void
generate_lib_impl_header (const char *srcdir)
{
  size_t i;

  output_start (srcdir, "lib/actions-impl-gen.h");
  pr_banner_c ("gen-lib.c",
               "Prototypes of the library's guestfs_impl_NAME functions and of\n"
               " * the struct decoders used by the generated stubs.");
  pr ("#ifndef CAREEN_ACTIONS_IMPL_GEN_H\n"
      "#define CAREEN_ACTIONS_IMPL_GEN_H\n"
      "\n"
      "#include \"guestfs.h\"\n"
      "\n"
      "struct rbuf;\n"
      "\n"
      "/* structs-gen.c: each returns a newly allocated struct, or NULL when\n"
      " * the bytes do not decode (the cursor is then failed).\n"
      " */\n");
  for (i = 0; api_structs[i].name; ++i) {
    const char *s = api_structs[i].name;

    pr ("extern struct guestfs_%s *guestfs_int_decode_%s (struct rbuf *r);\n",
        s, s);
    pr ("extern struct guestfs_%s_list *guestfs_int_decode_%s_list (struct rbuf *r);\n",
        s, s);
  }
  pr ("\n"
      "/* Library calls.  They are entered with the handle locked and the\n"
      " * state checked (AF_CONFIG_ONLY); they report errors with error()\n"
      " * and return the error value of their return kind.  optargs is\n"
      " * never NULL.\n"
      " */\n");
  for (i = 0; i < nr_actions; ++i) {
    const struct api_action *a = actions[i];
    char *rt;

    if (is_daemon (a))
      continue;
    rt = ret_c_type (a);
    pr ("extern %s%sguestfs_impl_%s (", rt,
        rt[strlen (rt) - 1] == '*' ? "" : " ", c_name (a));
    pr_params (a, false, nr_optargs (a) > 0 ? "argv" : "", 0);
    pr (");\n");
  }
  pr ("\n#endif /* CAREEN_ACTIONS_IMPL_GEN_H */\n");
  output_end ();
}
