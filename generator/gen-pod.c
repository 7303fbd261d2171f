/** careen - offline disk-image toolkit
 * Writes the reference documentation: man/guestfs-actions.pod (every C
 * call), man/guestfs-structs.pod (the structs) and
 * man/guestfish-actions.pod (every guestfish API command).  The
 * hand-written man pages include them with __INCLUDE:file.pod__.
 */

#include <config.h>

#include <stdio.h>
#include <string.h>

#include "generator.h"

/* How a failure is reported.  Only daemon calls carry the errno of
 * the operation that failed in the appliance.
 */
static void
pr_errors_doc (const struct api_action *a)
{
  if (a->ret == RET_CONSTOPTSTRING)
    return;
  if (is_daemon (a))
    pr ("On error, C<guestfs_last_error> gives the message, which names "
        "the call and the object concerned, and C<guestfs_last_errno> the "
        "errno of the failed operation in the appliance (for example "
        "C<ENOENT> for a missing file or device, C<EINVAL> for a bad "
        "argument, C<ENOTSUP> for something careen cannot do).\n\n");
  else
    pr ("On error, C<guestfs_last_error> gives the message, which names "
        "the call.\n\n");
}

/* What the call returns and who frees it. */
static void
pr_return_doc (const struct api_action *a)
{
  switch (a->ret) {
  case RET_ERR:
    pr ("This function returns 0 on success or -1 on error.\n\n");
    break;
  case RET_INT: case RET_INT64:
    pr ("On error this function returns -1.\n\n");
    break;
  case RET_BOOL:
    pr ("This function returns a C truth value (0 or 1) on success, or -1 "
        "on error.\n\n");
    break;
  case RET_CONSTSTRING:
    pr ("This function returns a string, or NULL on error.  The string "
        "belongs to the handle: do not free it, and copy it if you need "
        "it after the next call on the handle.\n\n");
    break;
  case RET_CONSTOPTSTRING:
    pr ("This function returns a string that may be NULL, which is not an "
        "error.  The string belongs to the handle: do not free it.\n\n");
    break;
  case RET_STRING:
    pr ("This function returns a string, or NULL on error.  The caller "
        "frees it with L<free(3)>.\n\n");
    break;
  case RET_STRINGLIST:
    pr ("This function returns a NULL-terminated array of strings, or NULL "
        "on error.  The caller frees each string and then the array.\n\n");
    break;
  case RET_HASHTABLE:
    pr ("This function returns a NULL-terminated array of strings in which "
        "keys and values alternate (key, value, key, value, ..., NULL), or "
        "NULL on error.  The caller frees each string and then the "
        "array.\n\n");
    break;
  case RET_STRUCT:
    pr ("This function returns a C<struct guestfs_%s *>, or NULL on error.  "
        "The caller frees it with C<guestfs_free_%s>.\n\n",
        a->ret_struct, a->ret_struct);
    break;
  case RET_STRUCTLIST:
    pr ("This function returns a C<struct guestfs_%s_list *>, or NULL on "
        "error.  The caller frees it with C<guestfs_free_%s_list>.\n\n",
        a->ret_struct, a->ret_struct);
    break;
  case RET_BUFFEROUT:
    pr ("This function returns a buffer, or NULL on error, and stores its "
        "length in C<*size_r>.  The buffer may contain any bytes.  The "
        "caller frees it with L<free(3)>.\n\n");
    break;
  }
}

static void
pr_notes (const struct api_action *a)
{
  if (a->flags & AF_CONFIG_ONLY)
    pr ("This call is only allowed before C<guestfs_launch>.\n\n");
  if (a->flags & AF_PROGRESS)
    pr ("This call can take a long time, so it sends progress messages: "
        "register a callback for C<GUESTFS_EVENT_PROGRESS> to show a "
        "progress bar.\n\n");
  if ((a->flags & AF_DEPRECATED) && a->deprecated_by)
    pr ("I<This call is deprecated.>  Use C<guestfs_%s> instead.\n\n",
        a->deprecated_by);
}

/* A C prototype as a verbatim paragraph. */
static void
pr_prototype (const struct api_action *a, const char *cname,
              const char *suffix, const char *opts)
{
  char *rt = ret_c_type (a);
  size_t col = strlen (" guestfs_ (") + strlen (cname) + strlen (suffix) - 1;

  pr (" %s\n guestfs_%s%s (", rt, cname, suffix);
  pr_params (a, false, opts, (int) col + 1);
  pr (");\n\n");
}

static void
pr_action_doc (const struct api_action *a)
{
  size_t i, n = nr_optargs (a);
  const char *cname = c_name (a);
  char *uc = upper (cname);

  if (a->flags & AF_ONCE_HAD_NO_OPTARGS) {
    pr ("=head2 guestfs_%s\n\n", a->name);
    pr_prototype (a, a->name, "", "");
    pr ("This is C<guestfs_%s> called with no optional arguments, kept "
        "for programs written before the call had them.\n\n", cname);
  }

  pr ("=head2 guestfs_%s\n\n", cname);
  pr_prototype (a, cname, "", n > 0 ? "..." : "");
  if (n > 0) {
    pr ("After the required arguments come zero or more pairs of an option "
        "index and its value, ended by C<-1> (see "
        "L</Optional arguments>):\n\n");
    for (i = 0; i < n; ++i)
      pr (" GUESTFS_%s_%s, %s%s,\n", uc, upper (a->optargs[i].name),
          optarg_c_type (a->optargs[i].type), a->optargs[i].name);
    pr ("\n");
  }
  pr ("%s\n", a->longdesc);
  pr_return_doc (a);
  pr_errors_doc (a);
  pr_notes (a);
  pr ("Since careen %s.\n\n", a->since ? a->since : "0.1.0");

  if (n > 0) {
    pr ("=head2 guestfs_%s_va\n\n", cname);
    pr_prototype (a, cname, "_va", "va_list args");
    pr ("The same as C<guestfs_%s>, with the optional arguments in a "
        "C<va_list>.\n\n", cname);
    pr ("=head2 guestfs_%s_argv\n\n", cname);
    pr_prototype (a, cname, "_argv", "argv");
    pr ("The same as C<guestfs_%s>, with the optional arguments in a "
        "struct.  Set a field and its bit in C<bitmask>; fields whose bit "
        "is clear are ignored.\n\n"
        " struct guestfs_%s_argv {\n"
        "   uint64_t bitmask;\n", cname, cname);
    for (i = 0; i < n; ++i)
      pr ("   %s%s;   /* GUESTFS_%s_%s_BITMASK */\n",
          optarg_c_type (a->optargs[i].type), a->optargs[i].name,
          uc, upper (a->optargs[i].name));
    pr (" };\n\n");
  }
}

void
generate_api_pod (const char *srcdir)
{
  size_t i, j;

  output_start (srcdir, "man/guestfs-actions.pod");
  pr_banner_pod ("gen-pod.c");
  for (i = 0; i < nr_actions; ++i)
    pr_action_doc (actions[i]);
  output_end ();

  output_start (srcdir, "man/guestfs-structs.pod");
  pr_banner_pod ("gen-pod.c");
  for (i = 0; api_structs[i].name; ++i) {
    const struct api_struct *s = &api_structs[i];

    pr ("=head2 guestfs_%s\n\n"
        " struct guestfs_%s {\n", s->name, s->name);
    for (j = 0; j < API_MAX_FIELDS && s->fields[j].name; ++j) {
      const struct api_field *f = &s->fields[j];

      switch (f->type) {
      case FIELD_STRING: pr ("   char *%s;\n", f->name); break;
      case FIELD_UUID:
        pr ("   char %s[32]; /* not NUL-terminated */\n", f->name);
        break;
      case FIELD_BUFFER:
        pr ("   uint32_t %s_len;\n   char *%s;\n", f->name, f->name);
        break;
      case FIELD_CHAR: pr ("   char %s;\n", f->name); break;
      case FIELD_INT32: pr ("   int32_t %s;\n", f->name); break;
      case FIELD_UINT32: pr ("   uint32_t %s;\n", f->name); break;
      case FIELD_INT64: pr ("   int64_t %s;\n", f->name); break;
      case FIELD_UINT64: case FIELD_BYTES:
        pr ("   uint64_t %s;\n", f->name);
        break;
      case FIELD_OPTPERCENT:
        pr ("   float %s; /* -1 when absent */\n", f->name);
        break;
      }
    }
    pr (" };\n"
        "\n"
        " struct guestfs_%s_list {\n"
        "   uint32_t len;  /* number of elements */\n"
        "   struct guestfs_%s *val;\n"
        " };\n"
        "\n"
        " void guestfs_free_%s (struct guestfs_%s *);\n"
        " void guestfs_free_%s_list (struct guestfs_%s_list *);\n",
        s->name, s->name, s->name, s->name, s->name, s->name);
    /* Deep copies (freed with guestfs_free_*) and a total order. */
    pr (" struct guestfs_%s *guestfs_copy_%s (const struct guestfs_%s *);\n"
        " struct guestfs_%s_list *guestfs_copy_%s_list (const struct guestfs_%s_list *);\n"
        " int guestfs_compare_%s (const struct guestfs_%s *, const struct guestfs_%s *);\n"
        " int guestfs_compare_%s_list (const struct guestfs_%s_list *, const struct guestfs_%s_list *);\n\n",
        s->name, s->name, s->name, s->name, s->name, s->name,
        s->name, s->name, s->name, s->name, s->name, s->name);
  }
  output_end ();
}

void
generate_fish_pod (const char *srcdir)
{
  size_t i;

  output_start (srcdir, "man/guestfish-actions.pod");
  pr_banner_pod ("gen-pod.c");
  for (i = 0; i < nr_actions; ++i) {
    const struct api_action *a = actions[i];
    char *aliases;
    size_t j;
    bool file_arg = false;

    if (a->flags & AF_NOT_IN_FISH)
      continue;
    pr ("=head2 %s\n\n", dashed (a->name));
    aliases = fish_aliases (a);
    if (aliases) {
      char *p, *save = NULL;

      for (p = strtok_r (aliases, " ", &save); p;
           p = strtok_r (NULL, " ", &save))
        pr ("=head2 %s\n\n", p);
    }
    pr (" %s\n\n", fish_synopsis (a));
    pr ("%s\n", pod_for_fish (a->longdesc));
    for (j = 0; j < nr_args (a); ++j)
      if (a->args[j].type == ARG_FILEIN || a->args[j].type == ARG_FILEOUT)
        file_arg = true;
    if (file_arg)
      pr ("Use C<-> instead of a local file name to read from standard "
          "input or write to standard output.\n\n");
    if (nr_optargs (a) > 0)
      pr ("Optional arguments are written C<name:value> after the others; "
          "see L</Optional arguments>.\n\n");
    if ((a->flags & AF_DEPRECATED) && a->deprecated_by)
      pr ("I<This command is deprecated.>  Use C<%s> instead.\n\n",
          dashed (a->deprecated_by));
  }
  output_end ();
}
