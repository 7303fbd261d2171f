/** careen - offline disk-image toolkit
 * Writes fish/cmds-gen.c: guestfish's table of API commands and one
 * run_NAME per command, which parses the words typed (numbers, booleans,
 * lists, name:value optional arguments), calls the C API and prints the
 * result in guestfish's formats.
 */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "generator.h"

/* Prints S as a C string literal, one source line per text line. */
static void
pr_c_string (const char *s, const char *indent)
{
  const char *p;

  if (*s == '\0') {
    pr ("\"\"");
    return;
  }
  pr ("\"");
  for (p = s; *p; ++p) {
    switch (*p) {
    case '"': pr ("\\\""); break;
    case '\\': pr ("\\\\"); break;
    case '\t': pr ("\\t"); break;
    case '\n':
      pr ("\\n\"");
      if (p[1] != '\0')
        pr ("\n%s\"", indent);
      else
        return;
      break;
    default:
      pr ("%c", *p);
    }
  }
  pr ("\"");
}

static bool
in_fish (const struct api_action *a)
{
  return !(a->flags & AF_NOT_IN_FISH);
}

/* "mkfs fstype device [blocksize:N] [features:..]" */
char *
fish_synopsis (const struct api_action *a)
{
  char *buf = NULL;
  size_t len = 0, i;
  FILE *fp = open_memstream (&buf, &len);

  if (fp == NULL)
    die ("open_memstream: %m");
  fputs (dashed (a->name), fp);
  /* Keys are not typed on the command line: guestfish asks for them. */
  for (i = 0; i < nr_args (a); ++i)
    if (a->args[i].type != ARG_KEY)
      fprintf (fp, " %s", a->args[i].name);
  for (i = 0; i < nr_optargs (a); ++i) {
    const char *v;

    switch (a->optargs[i].type) {
    case OPT_BOOL: v = "true|false"; break;
    case OPT_INT: case OPT_INT64: v = "N"; break;
    default: v = ".."; break;
    }
    fprintf (fp, " [%s:%s]", a->optargs[i].name, v);
  }
  if (fclose (fp) == EOF)
    die ("synopsis: %m");
  return buf;
}

/* The extra names of a command: the table's aliases, plus NAME-opts
 * for calls whose C form with optional arguments is NAME_opts, as
 * guestfish has them.
 */
char *
fish_aliases (const struct api_action *a)
{
  char *opts = NULL;

  if (a->flags & AF_ONCE_HAD_NO_OPTARGS)
    opts = xasprintf ("%s-opts", dashed (a->name));
  if (a->fish_alias == NULL)
    return opts;
  if (opts == NULL || strstr (a->fish_alias, opts) != NULL)
    return xstrdup (a->fish_alias);
  return xasprintf ("%s %s", a->fish_alias, opts);
}

/* The words of the command that name host files, as a mask whose bit
 * N is word N (0 = the first after the name): FileIn, FileOut and
 * HostFile arguments.  Keys are not typed, so they take no word.
 */
static unsigned
fish_host_file_words (const struct api_action *a)
{
  unsigned mask = 0;
  size_t i, word = 0;

  for (i = 0; i < nr_args (a); ++i) {
    enum arg_type t = a->args[i].type;

    if (t == ARG_KEY)
      continue;
    if (t == ARG_FILEIN || t == ARG_FILEOUT || t == ARG_HOSTFILE)
      mask |= 1u << word;
    word++;
  }
  return mask;
}

/* The same as a C expression of FISH_HOST_FILE_ARG bits
 * (fish/fish-cmds.h).
 */
static char *
host_file_words_expr (const struct api_action *a)
{
  unsigned mask = fish_host_file_words (a);
  char *expr = NULL;
  unsigned word;

  for (word = 0; word < API_MAX_ARGS; ++word)
    if (mask & (1u << word))
      expr = expr == NULL
        ? xasprintf ("FISH_HOST_FILE_ARG (%u)", word)
        : xasprintf ("%s | FISH_HOST_FILE_ARG (%u)", expr, word);
  return expr;
}

/* The help text: the description, then notes that apply to the call. */
static char *
fish_help (const struct api_action *a)
{
  char *pod = pod_for_fish (a->longdesc);
  size_t i;
  bool file_arg = false, key_arg = false;

  for (i = 0; i < nr_args (a); ++i) {
    if (a->args[i].type == ARG_FILEIN || a->args[i].type == ARG_FILEOUT)
      file_arg = true;
    if (a->args[i].type == ARG_KEY)
      key_arg = true;
  }
  if (file_arg)
    pod = xasprintf ("%s\nUse C<-> instead of a local file name to read "
                     "from standard input or write to standard output.\n",
                     pod);
  if (key_arg)
    pod = xasprintf ("%s\nThe key or passphrase is not given on the command "
                     "line: guestfish asks for it (see B<--keys-from-stdin> "
                     "and B<--echo-keys>).\n", pod);
  if ((a->flags & AF_DEPRECATED) && a->deprecated_by)
    pod = xasprintf ("%s\nThis command is deprecated: use C<%s> instead.\n",
                     pod, dashed (a->deprecated_by));
  return pod_to_text (pod, 72);
}

/* Struct printers, emitted only for structs some command returns. */
static void
pr_struct_printers (void)
{
  size_t i, j, k;

  for (i = 0; api_structs[i].name; ++i) {
    const struct api_struct *s = &api_structs[i];
    bool used = false;

    for (k = 0; k < nr_actions; ++k)
      if (in_fish (actions[k]) && actions[k]->ret_struct &&
          strcmp (actions[k]->ret_struct, s->name) == 0)
        used = true;
    if (!used)
      continue;

    pr ("static void\n"
        "print_%s_indent (const struct guestfs_%s *s, const char *indent)\n"
        "{\n", s->name, s->name);
    for (j = 0; j < API_MAX_FIELDS && s->fields[j].name; ++j) {
      const char *f = s->fields[j].name;

      switch (s->fields[j].type) {
      case FIELD_STRING:
        pr ("  printf (\"%%s%s: %%s\\n\", indent, s->%s);\n", f, f);
        break;
      case FIELD_UUID:
        pr ("  printf (\"%%s%s: %%.32s\\n\", indent, s->%s);\n", f, f);
        break;
      case FIELD_BUFFER:
        /* Bytes that are not printable are shown as \xNN. */
        pr ("  printf (\"%%s%s: \", indent);\n"
            "  for (size_t i = 0; i < s->%s_len; ++i) {\n"
            "    unsigned char c = s->%s[i];\n"
            "    if (c >= 32 && c < 127)\n"
            "      putchar (c);\n"
            "    else\n"
            "      printf (\"\\\\x%%02x\", c);\n"
            "  }\n"
            "  putchar ('\\n');\n", f, f, f);
        break;
      case FIELD_CHAR:
        pr ("  printf (\"%%s%s: %%c\\n\", indent, s->%s);\n", f, f);
        break;
      case FIELD_INT32:
        pr ("  printf (\"%%s%s: %%\" PRIi32 \"\\n\", indent, s->%s);\n", f, f);
        break;
      case FIELD_UINT32:
        pr ("  printf (\"%%s%s: %%\" PRIu32 \"\\n\", indent, s->%s);\n", f, f);
        break;
      case FIELD_INT64:
        pr ("  printf (\"%%s%s: %%\" PRIi64 \"\\n\", indent, s->%s);\n", f, f);
        break;
      case FIELD_UINT64: case FIELD_BYTES:
        pr ("  printf (\"%%s%s: %%\" PRIu64 \"\\n\", indent, s->%s);\n", f, f);
        break;
      case FIELD_OPTPERCENT:
        pr ("  if (s->%s >= 0)\n"
            "    printf (\"%%s%s: %%g %%%%\\n\", indent, (double) s->%s);\n"
            "  else\n"
            "    printf (\"%%s%s: \\n\", indent);\n", f, f, f, f);
        break;
      }
    }
    pr ("}\n\n");
  }
}

static void
pr_run_function (const struct api_action *a)
{
  size_t i, j, n = nr_args (a), nopt = nr_optargs (a), ntyped = 0;
  const char *cname = c_name (a);
  char *uc = upper (cname);
  char *rt = ret_c_type (a);
  char *syn = fish_synopsis (a);

  pr ("static int\n"
      "run_%s (const char *cmd, size_t argc, char *argv[])\n"
      "{\n", a->name);

  /* Declarations. */
  switch (a->ret) {
  case RET_STRING: case RET_BUFFEROUT:
    pr ("  CLEANUP_FREE char *ret_v = NULL;\n");
    break;
  case RET_STRINGLIST: case RET_HASHTABLE:
    pr ("  CLEANUP_FREE_STRING_LIST char **ret_v = NULL;\n");
    break;
  default:
    pr ("  %s%sret_v;\n", rt, rt[strlen (rt) - 1] == '*' ? "" : " ");
  }
  if (a->ret == RET_BUFFEROUT)
    pr ("  size_t ret_size;\n");
  for (i = 0; i < n; ++i) {
    const struct api_arg *arg = &a->args[i];

    switch (arg->type) {
    case ARG_STRINGLIST: case ARG_DEVICELIST:
      pr ("  CLEANUP_FREE_STRING_LIST char **%s = NULL;\n", arg->name);
      break;
    case ARG_FILEIN: case ARG_FILEOUT:
      pr ("  CLEANUP_FREE char *%s = NULL;\n", arg->name);
      break;
    case ARG_KEY:
      pr ("  CLEANUP_FREE_KEY char *%s = NULL;\n", arg->name);
      break;
    case ARG_BOOL: case ARG_INT:
      pr ("  int %s;\n", arg->name);
      break;
    case ARG_INT64:
      pr ("  int64_t %s;\n", arg->name);
      break;
    case ARG_BUFFERIN:
      pr ("  const char *%s;\n  size_t %s_size;\n", arg->name, arg->name);
      break;
    default:
      pr ("  const char *%s;\n", arg->name);
    }
  }
  if (nopt > 0) {
    pr ("  struct guestfs_%s_argv optargs_s = { .bitmask = 0 };\n", cname);
    for (i = 0; i < nopt; ++i)
      if (a->optargs[i].type == OPT_STRINGLIST)
        pr ("  CLEANUP_FREE_STRING_LIST char **optarg_%s = NULL;\n",
            a->optargs[i].name);
    pr ("  size_t i;\n");
  }
  pr ("\n");

  /* The words typed: every positional argument but the keys. */
  for (i = 0; i < n; ++i)
    if (a->args[i].type != ARG_KEY)
      ntyped++;
  if (nopt == 0)
    pr ("  if (argc != %zu) {\n", ntyped);
  else if (ntyped == 0)
    pr ("  if (argc > %zu) {\n", ntyped + nopt);
  else
    pr ("  if (argc < %zu || argc > %zu) {\n", ntyped, ntyped + nopt);
  pr ("    fish_usage_error (cmd, ");
  pr_c_string (syn, "");
  pr (");\n"
      "    return -1;\n"
      "  }\n");

  for (i = 0, j = 0; i < n; ++i) {
    const struct api_arg *arg = &a->args[i];

    if (arg->type == ARG_KEY)
      continue;                 /* read below, once the words are valid */
    switch (arg->type) {
    case ARG_OPTSTRING:
      /* An empty word means "no value" (NULL). */
      pr ("  %s = argv[%zu][0] != '\\0' ? argv[%zu] : NULL;\n",
          arg->name, j, j);
      break;
    case ARG_STRINGLIST: case ARG_DEVICELIST:
      pr ("  %s = fish_parse_string_list (cmd, argv[%zu]);\n"
          "  if (%s == NULL)\n"
          "    return -1;\n", arg->name, j, arg->name);
      break;
    case ARG_FILEIN: case ARG_FILEOUT:
      pr ("  %s = fish_file_%s (argv[%zu]);\n"
          "  if (%s == NULL)\n"
          "    return -1;\n", arg->name,
          arg->type == ARG_FILEIN ? "in" : "out", j, arg->name);
      break;
    case ARG_BOOL:
      pr ("  if (fish_parse_bool (cmd, argv[%zu], &%s) == -1)\n"
          "    return -1;\n", j, arg->name);
      break;
    case ARG_INT:
      pr ("  if (fish_parse_int (cmd, argv[%zu], &%s) == -1)\n"
          "    return -1;\n", j, arg->name);
      break;
    case ARG_INT64:
      pr ("  if (fish_parse_int64 (cmd, argv[%zu], &%s) == -1)\n"
          "    return -1;\n", j, arg->name);
      break;
    case ARG_BUFFERIN:
      pr ("  %s = argv[%zu];\n"
          "  %s_size = strlen (argv[%zu]);\n", arg->name, j, arg->name, j);
      break;
    default:
      pr ("  %s = argv[%zu];\n", arg->name, j);
    }
    j++;
  }

  if (nopt > 0) {
    pr ("\n"
        "  for (i = %zu; i < argc; ++i) {\n"
        "    const char *optval;\n"
        "\n", ntyped);
    for (i = 0; i < nopt; ++i) {
      const struct api_optarg *o = &a->optargs[i];
      char *mask = xasprintf ("GUESTFS_%s_%s_BITMASK", uc, upper (o->name));

      pr ("    %sif ((optval = optarg_value (argv[i], \"%s\")) != NULL) {\n",
          i > 0 ? "else " : "", o->name);
      switch (o->type) {
      case OPT_BOOL:
        pr ("      if (fish_parse_bool (cmd, optval, &optargs_s.%s) == -1)\n"
            "        return -1;\n", o->name);
        break;
      case OPT_INT:
        pr ("      if (fish_parse_int (cmd, optval, &optargs_s.%s) == -1)\n"
            "        return -1;\n", o->name);
        break;
      case OPT_INT64:
        pr ("      if (fish_parse_int64 (cmd, optval, &optargs_s.%s) == -1)\n"
            "        return -1;\n", o->name);
        break;
      case OPT_STRING:
        pr ("      optargs_s.%s = optval;\n", o->name);
        break;
      case OPT_STRINGLIST:
        pr ("      fish_free_strings (optarg_%s);\n"
            "      optarg_%s = fish_parse_string_list (cmd, optval);\n"
            "      if (optarg_%s == NULL)\n"
            "        return -1;\n"
            "      optargs_s.%s = optarg_%s;\n",
            o->name, o->name, o->name, o->name, o->name);
        break;
      }
      pr ("      optargs_s.bitmask |= %s;\n"
          "    }\n", mask);
    }
    pr ("    else {\n"
        "      fprintf (stderr, \"%%s: unknown optional argument \\\"%%s\\\"\\n\",\n"
        "               cmd, argv[i]);\n"
        "      return -1;\n"
        "    }\n"
        "  }\n");
  }

  for (i = 0; i < n; ++i)
    if (a->args[i].type == ARG_KEY)
      pr ("  %s = fish_read_key (cmd, \"%s\");\n"
          "  if (%s == NULL)\n"
          "    return -1;\n", a->args[i].name, a->args[i].name,
          a->args[i].name);

  pr ("\n  ret_v = guestfs_%s%s (g", cname, nopt > 0 ? "_argv" : "");
  for (i = 0; i < n; ++i) {
    pr (", %s", a->args[i].name);
    if (a->args[i].type == ARG_BUFFERIN)
      pr (", %s_size", a->args[i].name);
  }
  if (a->ret == RET_BUFFEROUT)
    pr (", &ret_size");
  if (nopt > 0)
    pr (", &optargs_s");
  pr (");\n");

  switch (a->ret) {
  case RET_ERR:
    pr ("  if (ret_v == -1)\n"
        "    return -1;\n");
    break;
  case RET_INT:
    pr ("  if (ret_v == -1)\n"
        "    return -1;\n");
    if (a->flags & AF_FISH_OCTAL)
      /* As guestfish prints modes and umasks: 0 prefix unless zero. */
      pr ("  printf (\"%%s%%o\\n\", ret_v != 0 ? \"0\" : \"\", (unsigned) ret_v);\n");
    else if (a->flags & AF_FISH_HEX)
      /* As guestfish prints MBR type bytes: 0x prefix unless zero. */
      pr ("  printf (\"%%s%%x\\n\", ret_v != 0 ? \"0x\" : \"\", (unsigned) ret_v);\n");
    else
      pr ("  printf (\"%%d\\n\", ret_v);\n");
    break;
  case RET_INT64:
    pr ("  if (ret_v == -1)\n"
        "    return -1;\n"
        "  printf (\"%%\" PRIi64 \"\\n\", ret_v);\n");
    break;
  case RET_BOOL:
    pr ("  if (ret_v == -1)\n"
        "    return -1;\n"
        "  printf (\"%%s\\n\", ret_v ? \"true\" : \"false\");\n");
    break;
  case RET_CONSTSTRING: case RET_STRING:
    pr ("  if (ret_v == NULL)\n"
        "    return -1;\n"
        "  printf (\"%%s\\n\", ret_v);\n");
    break;
  case RET_CONSTOPTSTRING:
    pr ("  printf (\"%%s\\n\", ret_v != NULL ? ret_v : \"(null)\");\n");
    break;
  case RET_STRINGLIST:
    pr ("  if (ret_v == NULL)\n"
        "    return -1;\n"
        "  fish_print_strings (ret_v);\n");
    break;
  case RET_HASHTABLE:
    pr ("  if (ret_v == NULL)\n"
        "    return -1;\n"
        "  fish_print_table (ret_v);\n");
    break;
  case RET_STRUCT:
    pr ("  if (ret_v == NULL)\n"
        "    return -1;\n"
        "  print_%s_indent (ret_v, \"\");\n"
        "  guestfs_free_%s (ret_v);\n", a->ret_struct, a->ret_struct);
    break;
  case RET_STRUCTLIST:
    pr ("  if (ret_v == NULL)\n"
        "    return -1;\n"
        "  for (uint32_t j = 0; j < ret_v->len; ++j) {\n"
        "    printf (\"[%%\" PRIu32 \"] = {\\n\", j);\n"
        "    print_%s_indent (&ret_v->val[j], \"  \");\n"
        "    printf (\"}\\n\");\n"
        "  }\n"
        "  guestfs_free_%s_list (ret_v);\n", a->ret_struct, a->ret_struct);
    break;
  case RET_BUFFEROUT:
    pr ("  if (ret_v == NULL)\n"
        "    return -1;\n"
        "  if (ret_size > 0 && fwrite (ret_v, ret_size, 1, stdout) != 1) {\n"
        "    perror (\"fwrite\");\n"
        "    return -1;\n"
        "  }\n");
    break;
  }
  pr ("  return 0;\n"
      "}\n\n");
}

void
generate_fish_cmds (const char *srcdir)
{
  size_t i;
  bool any_optargs = false;

  for (i = 0; i < nr_actions; ++i)
    if (in_fish (actions[i]) && nr_optargs (actions[i]) > 0)
      any_optargs = true;

  output_start (srcdir, "fish/cmds-gen.c");
  pr_banner_c ("gen-fish.c",
               "guestfish's API commands: the command table and the functions\n"
               " * that parse the words, call the API and print the result.");
  pr ("#include <config.h>\n"
      "\n"
      "#include <inttypes.h>\n"
      "#include <stdint.h>\n"
      "#include <stdio.h>\n"
      "#include <stdlib.h>\n"
      "#include <string.h>\n"
      "\n"
      "#include \"guestfs.h\"\n"
      "#include \"fish-cmds.h\"\n"
      "#include \"cleanups.h\"\n"
      "\n");
  if (any_optargs)
    pr ("/* If ARG is \"NAME:value\", returns value, else NULL. */\n"
        "static const char *\n"
        "optarg_value (const char *arg, const char *name)\n"
        "{\n"
        "  size_t len = strlen (name);\n"
        "\n"
        "  if (strncmp (arg, name, len) == 0 && arg[len] == ':')\n"
        "    return arg + len + 1;\n"
        "  return NULL;\n"
        "}\n"
        "\n");
  pr_struct_printers ();
  for (i = 0; i < nr_actions; ++i)
    if (in_fish (actions[i]))
      pr_run_function (actions[i]);

  pr ("const struct fish_command fish_commands[] = {\n");
  for (i = 0; i < nr_actions; ++i) {
    const struct api_action *a = actions[i];
    char *aliases;

    if (!in_fish (a))
      continue;
    aliases = fish_aliases (a);
    pr ("  {\n"
        "    .name = \"%s\",\n", dashed (a->name));
    if (aliases)
      pr ("    .aliases = \"%s\",\n", aliases);
    pr ("    .shortdesc = ");
    pr_c_string (a->shortdesc, "      ");
    pr (",\n    .synopsis = ");
    pr_c_string (fish_synopsis (a), "      ");
    pr (",\n    .help =\n      ");
    pr_c_string (fish_help (a), "      ");
    pr (",\n    .run = run_%s,\n", a->name);
    if (fish_host_file_words (a) != 0)
      pr ("    .arg_kinds = %s,\n", host_file_words_expr (a));
    pr ("  },\n");
  }
  pr ("  { .name = NULL }\n"
      "};\n");
  output_end ();
}

/* generator --fish-host-files: each guestfish command name or alias
 * with words that name host files, and those words (0 = the first
 * after the name), one name a line, for the completion test.  Local
 * commands are not in the table: fish declares theirs itself.
 */
void
list_fish_host_files (void)
{
  size_t i;

  for (i = 0; i < nr_actions; ++i) {
    const struct api_action *a = actions[i];
    unsigned mask = fish_host_file_words (a), word;
    char *names, *name, *save = NULL;

    if (!in_fish (a) || mask == 0)
      continue;
    names = fish_aliases (a);
    names = names ? xasprintf ("%s %s", dashed (a->name), names)
      : dashed (a->name);
    for (name = strtok_r (names, " ", &save); name != NULL;
         name = strtok_r (NULL, " ", &save)) {
      printf ("%s", name);
      for (word = 0; word < API_MAX_ARGS; ++word)
        if (mask & (1u << word))
          printf (" %u", word);
      putchar ('\n');
    }
  }
}
