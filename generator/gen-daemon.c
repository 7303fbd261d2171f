/** careen - offline disk-image toolkit
 * Writes the daemon side: daemon/actions-gen.h (prototypes of do_NAME and
 * of the struct encoders), daemon/dispatch-gen.c (decode the arguments,
 * check them, call do_NAME, encode the reply), daemon/structs-gen.c and
 * daemon/procedures-gen.h (call names to numbers, for the test harness).
 */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "generator.h"

void
generate_daemon_header (const char *srcdir)
{
  size_t i;

  output_start (srcdir, "daemon/actions-gen.h");
  pr_banner_c ("gen-daemon.c",
               "Prototypes of the daemon's do_NAME functions and struct encoders.");
  pr ("#ifndef CAREEN_DAEMON_ACTIONS_GEN_H\n"
      "#define CAREEN_DAEMON_ACTIONS_GEN_H\n"
      "\n"
      "#include <stddef.h>\n"
      "#include <stdint.h>\n"
      "\n"
      "#include \"guestfs.h\"\n"
      "\n"
      "struct wbuf;\n"
      "\n"
      "/* structs-gen.c: append the encoding of a struct or struct list. */\n");
  for (i = 0; api_structs[i].name; ++i) {
    const char *s = api_structs[i].name;

    pr ("extern void encode_%s (struct wbuf *w, const struct guestfs_%s *s);\n",
        s, s);
    pr ("extern void encode_%s_list (struct wbuf *w, const struct guestfs_%s_list *l);\n",
        s, s);
  }
  pr ("\n"
      "/* The calls.  FileIn and FileOut arguments are not passed: the data\n"
      " * comes through receive_file and goes through send_file_*.\n"
      " * Optional arguments follow the positional ones, or come as one\n"
      " * struct guestfs_NAME_argv for the calls that take it;\n"
      " * optargs_bitmask says which were given (unset ones are zero, \"\"\n"
      " * or empty).  On error a do_ function has replied with\n"
      " * reply_with_* and returns -1 or NULL.  Returned strings, lists,\n"
      " * structs and buffers are freed by the caller.\n"
      " */\n");
  for (i = 0; i < nr_actions; ++i) {
    const struct api_action *a = actions[i];
    char *rt;

    if (!is_daemon (a))
      continue;
    rt = ret_c_type (a);
    pr ("extern %s%sdo_%s (", rt, rt[strlen (rt) - 1] == '*' ? "" : " ",
        a->name);
    pr_params (a, true,
               a->flags & AF_DAEMON_OPTARGS_STRUCT ? "argv" : "plain", 0);
    pr (");\n");
  }
  pr ("\n"
      "/* dispatch-gen.c: whether procedure PROC carries a FileIn stream\n"
      " * (TRANSFER_IN), a FileOut stream (TRANSFER_OUT) or none.  Unknown\n"
      " * procedures carry none.  (enum transfer_kind is in daemon.h.)\n"
      " */\n"
      "extern enum transfer_kind dispatch_transfer_kind (uint32_t proc);\n");
  pr ("\n#endif /* CAREEN_DAEMON_ACTIONS_GEN_H */\n");
  output_end ();
}

/* The name of the dispatch function's local for an optional argument:
 * its own name, unless that is a global of daemon.h the local would
 * shadow (-Wshadow), such as hivex_open's "verbose".
 */
static const char *
optarg_local (const char *name)
{
  static const char *const daemon_globals[] = {
    "verbose", "sysroot", "sysroot_len", "proc_nr", "call_serial",
    "optargs_bitmask", "command_pulse", NULL
  };
  static char buf[128];
  size_t i;

  for (i = 0; daemon_globals[i]; ++i)
    if (strcmp (name, daemon_globals[i]) == 0) {
      snprintf (buf, sizeof buf, "%s_arg", name);
      return buf;
    }
  return name;
}

/* Local variables decoded from the call and their decoding. */
static void
pr_decode_args (const struct api_action *a)
{
  size_t i;

  for (i = 0; i < nr_args (a); ++i) {
    const struct api_arg *arg = &a->args[i];

    switch (arg->type) {
    case ARG_FILEIN: case ARG_FILEOUT:
      break;
    case ARG_OPTSTRING:
      pr ("  CLEANUP_FREE char *%s = NULL;\n"
          "  bool %s_present;\n", arg->name, arg->name);
      break;
    case ARG_STRINGLIST: case ARG_DEVICELIST:
      pr ("  CLEANUP_FREE_STRING_LIST char **%s = NULL;\n", arg->name);
      break;
    case ARG_BOOL: case ARG_INT:
      pr ("  int %s;\n", arg->name);
      break;
    case ARG_INT64:
      pr ("  int64_t %s;\n", arg->name);
      break;
    case ARG_BUFFERIN:
      pr ("  CLEANUP_FREE char *%s = NULL;\n"
          "  size_t %s_size = 0;\n", arg->name, arg->name);
      break;
    default:
      pr ("  CLEANUP_FREE char *%s = NULL;\n", arg->name);
      break;
    }
  }
  for (i = 0; i < nr_optargs (a); ++i) {
    const struct api_optarg *o = &a->optargs[i];

    switch (o->type) {
    case OPT_BOOL: case OPT_INT:
      pr ("  int %s;\n", optarg_local (o->name));
      break;
    case OPT_INT64:
      pr ("  int64_t %s;\n", optarg_local (o->name));
      break;
    case OPT_STRING:
      pr ("  CLEANUP_FREE char *%s = NULL;\n", optarg_local (o->name));
      break;
    case OPT_STRINGLIST:
      pr ("  CLEANUP_FREE_STRING_LIST char **%s = NULL;\n",
          optarg_local (o->name));
      break;
    }
  }
  switch (a->ret) {
  case RET_ERR: case RET_INT: case RET_BOOL:
    pr ("  int ret_v;\n");
    break;
  case RET_INT64:
    pr ("  int64_t ret_v;\n");
    break;
  case RET_STRING:
    pr ("  CLEANUP_FREE char *ret_v = NULL;\n");
    break;
  case RET_BUFFEROUT:
    pr ("  CLEANUP_FREE char *ret_v = NULL;\n"
        "  size_t ret_size = 0;\n");
    break;
  case RET_STRINGLIST: case RET_HASHTABLE:
    pr ("  CLEANUP_FREE_STRING_LIST char **ret_v = NULL;\n");
    break;
  case RET_STRUCT:
    pr ("  struct guestfs_%s *ret_v;\n", a->ret_struct);
    break;
  case RET_STRUCTLIST:
    pr ("  struct guestfs_%s_list *ret_v;\n", a->ret_struct);
    break;
  case RET_CONSTSTRING: case RET_CONSTOPTSTRING:
    die ("%s: daemon call returning a constant string", a->name);
  }
  if (a->ret != RET_ERR)
    pr ("  struct wbuf out;\n");
  pr ("\n");

  for (i = 0; i < nr_args (a); ++i) {
    const struct api_arg *arg = &a->args[i];

    switch (arg->type) {
    case ARG_FILEIN: case ARG_FILEOUT:
      break;
    case ARG_OPTSTRING:
      pr ("  %s = rbuf_get_optstring (in, ARG_MAX_STRING, &%s_present);\n",
          arg->name, arg->name);
      break;
    case ARG_STRINGLIST: case ARG_DEVICELIST:
      pr ("  %s = rbuf_get_strings (in, PROTO_MAX_LIST, ARG_MAX_STRING);\n",
          arg->name);
      break;
    case ARG_BOOL:
      pr ("  %s = rbuf_get_bool (in);\n", arg->name);
      break;
    case ARG_INT:
      pr ("  %s = rbuf_get_i32 (in);\n", arg->name);
      break;
    case ARG_INT64:
      pr ("  %s = rbuf_get_i64 (in);\n", arg->name);
      break;
    case ARG_BUFFERIN:
      pr ("  %s = rbuf_get_buffer (in, ARG_MAX_STRING, &%s_size);\n",
          arg->name, arg->name);
      break;
    default:
      pr ("  %s = rbuf_get_string (in, ARG_MAX_STRING);\n", arg->name);
      break;
    }
  }
  for (i = 0; i < nr_optargs (a); ++i) {
    const struct api_optarg *o = &a->optargs[i];

    switch (o->type) {
    case OPT_BOOL:
      pr ("  %s = rbuf_get_bool (in);\n", optarg_local (o->name));
      break;
    case OPT_INT:
      pr ("  %s = rbuf_get_i32 (in);\n", optarg_local (o->name));
      break;
    case OPT_INT64:
      pr ("  %s = rbuf_get_i64 (in);\n", optarg_local (o->name));
      break;
    case OPT_STRING:
      pr ("  %s = rbuf_get_string (in, ARG_MAX_STRING);\n",
          optarg_local (o->name));
      break;
    case OPT_STRINGLIST:
      pr ("  %s = rbuf_get_strings (in, PROTO_MAX_LIST, ARG_MAX_STRING);\n",
          optarg_local (o->name));
      break;
    }
  }
  pr ("  if (!rbuf_done (in)) {\n"
      "    reply_with_error_errno (EINVAL, \"invalid arguments\");\n"
      "    return;\n"
      "  }\n");
  {
    size_t n = nr_optargs (a);

    pr ("  if (optargs_bitmask & ~UINT64_C(0x%llx)) {\n"
        "    reply_with_error_errno (EINVAL, \"unknown option in optional \"\n"
        "                            \"arguments bitmask\");\n"
        "    return;\n"
        "  }\n", n == 64 ? ~0ULL : (1ULL << n) - 1);
  }
}

static void
pr_check_args (const struct api_action *a)
{
  size_t i;

  for (i = 0; i < nr_args (a); ++i) {
    const struct api_arg *arg = &a->args[i];

    switch (arg->type) {
    case ARG_PATHNAME:
      pr ("  if (check_pathname (%s) == -1)\n    return;\n", arg->name);
      break;
    case ARG_DEVICE:
      pr ("  if (check_device (%s) == -1)\n    return;\n", arg->name);
      break;
    case ARG_MOUNTABLE:
      pr ("  if (check_mountable (%s) == -1)\n    return;\n", arg->name);
      break;
    case ARG_DEV_OR_PATH:
      pr ("  if (check_dev_or_path (%s) == -1)\n    return;\n", arg->name);
      break;
    case ARG_DEVICELIST:
      pr ("  for (size_t i = 0; %s[i] != NULL; ++i)\n"
          "    if (check_device (%s[i]) == -1)\n"
          "      return;\n", arg->name, arg->name);
      break;
    default:
      break;
    }
  }
}

static void
pr_dispatch_function (const struct api_action *a)
{
  size_t i;
  bool first = true;

  pr ("/* %s: %s */\n", a->name, a->shortdesc);
  pr ("static void\n"
      "dispatch_%s (struct rbuf *in)\n"
      "{\n", a->name);
  pr_decode_args (a);
  pr_check_args (a);
  if (a->flags & AF_DAEMON_OPTARGS_STRUCT) {
    pr ("\n  const struct guestfs_%s_argv optargs_s = {\n"
        "    .bitmask = optargs_bitmask,\n", c_name (a));
    for (i = 0; i < nr_optargs (a); ++i)
      pr ("    .%s = %s,\n", a->optargs[i].name,
          optarg_local (a->optargs[i].name));
    pr ("  };\n");
  }
  pr ("\n  ret_v = do_%s (", a->name);
  for (i = 0; i < nr_args (a); ++i) {
    const struct api_arg *arg = &a->args[i];

    if (arg->type == ARG_FILEIN || arg->type == ARG_FILEOUT)
      continue;
    pr ("%s%s", first ? "" : ", ", arg->name);
    first = false;
    if (arg->type == ARG_BUFFERIN)
      pr (", %s_size", arg->name);
  }
  if (a->ret == RET_BUFFEROUT) {
    pr ("%s&ret_size", first ? "" : ", ");
    first = false;
  }
  if (a->flags & AF_DAEMON_OPTARGS_STRUCT)
    pr ("%s&optargs_s", first ? "" : ", ");
  else
    for (i = 0; i < nr_optargs (a); ++i) {
      pr ("%s%s", first ? "" : ", ",
          optarg_local (a->optargs[i].name));
      first = false;
    }
  pr (");\n");
  if (ret_is_pointer (a))
    pr ("  if (ret_v == NULL)\n    return;\n");
  else
    pr ("  if (ret_v == -1)\n    return;\n");
  pr ("\n");

  if (a->ret == RET_ERR) {
    pr ("  reply (NULL);\n}\n\n");
    return;
  }
  pr ("  wbuf_init (&out);\n"
      "  wbuf_set_max (&out, PROTO_MAX_REPLY);\n");
  switch (a->ret) {
  case RET_INT: pr ("  wbuf_put_i32 (&out, ret_v);\n"); break;
  case RET_BOOL: pr ("  wbuf_put_bool (&out, ret_v != 0);\n"); break;
  case RET_INT64: pr ("  wbuf_put_i64 (&out, ret_v);\n"); break;
  case RET_STRING: pr ("  wbuf_put_string (&out, ret_v);\n"); break;
  case RET_BUFFEROUT:
    pr ("  wbuf_put_buffer (&out, ret_v, ret_size);\n");
    break;
  case RET_STRINGLIST: case RET_HASHTABLE:
    pr ("  wbuf_put_strings (&out, ret_v);\n");
    break;
  case RET_STRUCT:
    pr ("  encode_%s (&out, ret_v);\n"
        "  guestfs_free_%s (ret_v);\n", a->ret_struct, a->ret_struct);
    break;
  case RET_STRUCTLIST:
    pr ("  encode_%s_list (&out, ret_v);\n"
        "  guestfs_free_%s_list (ret_v);\n", a->ret_struct, a->ret_struct);
    break;
  default:
    break;
  }
  pr ("  if (wbuf_finish (&out) == -1)\n"
      "    reply_with_perror (\"encode reply\");\n"
      "  else\n"
      "    reply (&out);\n"
      "  wbuf_release (&out);\n"
      "}\n\n");
}

void
generate_daemon_dispatch (const char *srcdir)
{
  size_t i;

  output_start (srcdir, "daemon/dispatch-gen.c");
  pr_banner_c ("gen-daemon.c",
               "Dispatch of calls in the daemon: decode and check the arguments,\n"
               " * call do_NAME, encode and send the reply.");
  pr ("#include <config.h>\n"
      "\n"
      "#include <errno.h>\n"
      "#include <inttypes.h>\n"
      "#include <stdbool.h>\n"
      "#include <stdint.h>\n"
      "#include <stdlib.h>\n"
      "\n"
      "#include \"daemon.h\"\n"
      "\n"
      "/* Longest string or buffer argument: nothing in a call can be longer\n"
      " * than the message carrying it.\n"
      " */\n"
      "#define ARG_MAX_STRING PROTO_MAX_MESSAGE\n"
      "\n");
  for (i = 0; i < nr_actions; ++i)
    if (is_daemon (actions[i]))
      pr_dispatch_function (actions[i]);

  pr ("void\n"
      "dispatch_call (uint32_t proc, struct rbuf *args)\n"
      "{\n"
      "  switch (proc) {\n");
  for (i = 0; i < nr_actions; ++i)
    if (is_daemon (actions[i]))
      pr ("  case %d:\n"
          "    dispatch_%s (args);\n"
          "    break;\n", actions[i]->proc_nr, actions[i]->name);
  pr ("  default:\n"
      "    /* A library newer than this appliance. */\n"
      "    reply_with_error_errno (ENOTSUP, \"unknown procedure %%\" PRIu32 \" \"\n"
      "                            \"(the appliance is older than the library)\",\n"
      "                            proc);\n"
      "  }\n"
      "}\n");

  /* Which calls carry a file stream: proto.c must drain or end the
   * stream even when a call fails before its do_ function runs.
   */
  pr ("\n"
      "enum transfer_kind\n"
      "dispatch_transfer_kind (uint32_t proc)\n"
      "{\n"
      "  switch (proc) {\n");
  for (i = 0; i < nr_actions; ++i) {
    const struct api_action *a = actions[i];
    size_t j;

    if (!is_daemon (a))
      continue;
    for (j = 0; j < nr_args (a); ++j) {
      if (a->args[j].type == ARG_FILEIN)
        pr ("  case %d: /* %s */\n"
            "    return TRANSFER_IN;\n", a->proc_nr, a->name);
      else if (a->args[j].type == ARG_FILEOUT)
        pr ("  case %d: /* %s */\n"
            "    return TRANSFER_OUT;\n", a->proc_nr, a->name);
    }
  }
  pr ("  default:\n"
      "    return TRANSFER_NONE;\n"
      "  }\n"
      "}\n");
  output_end ();
}

void
generate_daemon_structs (const char *srcdir)
{
  size_t i, j;

  output_start (srcdir, "daemon/structs-gen.c");
  pr_banner_c ("gen-daemon.c",
               "Structs in the daemon: encoders for replies, and free functions.");
  pr ("#include <config.h>\n"
      "\n"
      "#include <stdint.h>\n"
      "#include <stdlib.h>\n"
      "\n"
      "#include \"daemon.h\"\n"
      "\n");
  pr_struct_free_functions ();
  for (i = 0; api_structs[i].name; ++i) {
    const struct api_struct *s = &api_structs[i];

    pr ("void\n"
        "encode_%s (struct wbuf *w, const struct guestfs_%s *s)\n"
        "{\n", s->name, s->name);
    for (j = 0; j < API_MAX_FIELDS && s->fields[j].name; ++j) {
      const char *f = s->fields[j].name;

      switch (s->fields[j].type) {
      case FIELD_STRING:
        pr ("  wbuf_put_string (w, s->%s != NULL ? s->%s : \"\");\n", f, f);
        break;
      case FIELD_UUID:
        pr ("  wbuf_put_bytes (w, s->%s, sizeof s->%s);\n", f, f);
        break;
      case FIELD_BUFFER:
        pr ("  wbuf_put_buffer (w, s->%s, s->%s_len);\n", f, f);
        break;
      case FIELD_CHAR:
        pr ("  wbuf_put_u32 (w, (unsigned char) s->%s);\n", f);
        break;
      case FIELD_INT32:
        pr ("  wbuf_put_i32 (w, s->%s);\n", f);
        break;
      case FIELD_UINT32:
        pr ("  wbuf_put_u32 (w, s->%s);\n", f);
        break;
      case FIELD_INT64:
        pr ("  wbuf_put_i64 (w, s->%s);\n", f);
        break;
      case FIELD_UINT64: case FIELD_BYTES:
        pr ("  wbuf_put_u64 (w, s->%s);\n", f);
        break;
      case FIELD_OPTPERCENT:
        /* Millionths travel as an integer; absent is -1e6. */
        pr ("  wbuf_put_i64 (w, s->%s < 0 ? -1000000 : (int64_t) (s->%s * 1e6));\n",
            f, f);
        break;
      }
    }
    pr ("}\n\n");
    pr ("void\n"
        "encode_%s_list (struct wbuf *w, const struct guestfs_%s_list *l)\n"
        "{\n"
        "  uint32_t i;\n"
        "\n"
        "  wbuf_put_u32 (w, l->len);\n"
        "  for (i = 0; i < l->len; ++i)\n"
        "    encode_%s (w, &l->val[i]);\n"
        "}\n\n", s->name, s->name, s->name);
  }
  output_end ();
}

/* The name, number and optional argument count of every daemon call,
 * for daemon-call (the host-side test harness), so that tests name
 * calls rather than writing their numbers.
 */
void
generate_daemon_procedures (const char *srcdir)
{
  size_t i;

  output_start (srcdir, "daemon/procedures-gen.h");
  pr_banner_c ("gen-daemon.c",
               "The daemon's procedures by name, for daemon-call.c (which\n"
               " * names calls by name) and available.c (which checks that a\n"
               " * group's calls exist).");
  pr ("#ifndef CAREEN_DAEMON_PROCEDURES_GEN_H\n"
      "#define CAREEN_DAEMON_PROCEDURES_GEN_H\n"
      "\n"
      "#include <stddef.h>\n"
      "#include <stdint.h>\n"
      "\n"
      "struct daemon_procedure {\n"
      "  const char *name;\n"
      "  uint32_t proc_nr;\n"
      "  unsigned nr_optargs;          /* bits of the optargs bitmask */\n"
      "};\n"
      "\n"
      "/* Sorted by name, ending with name == NULL. */\n"
      "static const struct daemon_procedure daemon_procedures[] = {\n");
  for (i = 0; i < nr_actions; ++i)
    if (is_daemon (actions[i]))
      pr ("  { \"%s\", %d, %zu },\n", actions[i]->name, actions[i]->proc_nr,
          nr_optargs (actions[i]));
  pr ("  { NULL, 0, 0 }\n"
      "};\n"
      "\n"
      "#endif /* CAREEN_DAEMON_PROCEDURES_GEN_H */\n");
  output_end ();
}
