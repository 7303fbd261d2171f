/** careen - offline disk-image toolkit
 * The generator's entry point: checks the API table for mistakes that
 * would otherwise surface as confusing compile errors or, worse, as a
 * silently broken wire protocol, then writes every output under the
 * source directory given as the only argument.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "generator.h"

const struct api_action **actions;
size_t nr_actions;

static int
compare_actions (const void *av, const void *bv)
{
  const struct api_action *a = *(const struct api_action *const *) av;
  const struct api_action *b = *(const struct api_action *const *) bv;

  return strcmp (a->name, b->name);
}

/* Builds the sorted list of all actions. */
static void
collect_actions (void)
{
  size_t i, t, n = 0;

  for (t = 0; library_action_tables[t]; ++t)
    for (i = 0; library_action_tables[t][i].name; ++i)
      ++n;
  for (t = 0; daemon_action_tables[t]; ++t)
    for (i = 0; daemon_action_tables[t][i].name; ++i)
      ++n;
  actions = calloc (n, sizeof *actions);
  if (actions == NULL)
    die ("calloc: %m");
  for (t = 0; library_action_tables[t]; ++t)
    for (i = 0; library_action_tables[t][i].name; ++i)
      actions[nr_actions++] = &library_action_tables[t][i];
  for (t = 0; daemon_action_tables[t]; ++t)
    for (i = 0; daemon_action_tables[t][i].name; ++i)
      actions[nr_actions++] = &daemon_action_tables[t][i];
  qsort (actions, nr_actions, sizeof *actions, compare_actions);
}

static void
check_name (const char *what, const char *name)
{
  const char *p;

  if (name[0] == '\0')
    die ("%s: empty name", what);
  for (p = name; *p; ++p) {
    /* libguestfs has a few calls whose last word is upper-case
     * letters (resize2fs_M, mkswap_L, mke2fs_JL) or that end in one
     * (sfdiskM): allowed after '_' or another capital, or at the end.
     */
    if (*p >= 'A' && *p <= 'Z' && strcmp (what, "action") == 0 &&
        p > name && (p[-1] == '_' || (p[-1] >= 'A' && p[-1] <= 'Z') ||
                     p[1] == '\0'))
      continue;
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
      die ("%s \"%s\": names are lower-case letters, digits and '_'",
           what, name);
  }
}

/* Names of locals and parameters in the generated code: an argument
 * with one of these names would shadow or clash with it.
 */
static const char *const reserved_names[] = {
  "g", "i", "j", "in", "out", "cmd", "argc", "argv", "optval",
  "size_r", "ret_v", "ret_size", "trace_flag", "call_args", "reply",
  "reply_len", "reply_rbuf", "progress_hint", "filein_st", "optargs",
  "optargs_s", "args",
  NULL
};

static void
check_not_reserved (const struct api_action *a, const char *name)
{
  size_t i;

  for (i = 0; reserved_names[i]; ++i)
    if (strcmp (name, reserved_names[i]) == 0)
      die ("%s: argument name \"%s\" is reserved by the generated code",
           a->name, name);
}

static void
check_doc (const struct api_action *a)
{
  size_t n;

  if (a->shortdesc == NULL || a->longdesc == NULL)
    die ("%s: shortdesc and longdesc are required", a->name);
  n = strlen (a->shortdesc);
  if (n == 0 || a->shortdesc[n - 1] == '.' || strchr (a->shortdesc, '\n'))
    die ("%s: shortdesc is one line without a final period", a->name);
  n = strlen (a->longdesc);
  if (n == 0 || a->longdesc[n - 1] != '\n')
    die ("%s: longdesc must end with a newline", a->name);
}

/* Every rule the outputs rely on. */
static void
check_table (void)
{
  size_t i, j;

  for (i = 0; api_structs[i].name; ++i) {
    check_name ("struct", api_structs[i].name);
    if (api_structs[i].fields[0].name == NULL)
      die ("struct %s has no fields", api_structs[i].name);
    for (j = 0; j < i; ++j)
      if (strcmp (api_structs[i].name, api_structs[j].name) == 0)
        die ("struct %s defined twice", api_structs[i].name);
  }

  for (i = 0; i < nr_actions; ++i) {
    const struct api_action *a = actions[i];
    bool daemon = false;
    size_t k, t;

    for (t = 0; daemon_action_tables[t]; ++t)
      for (k = 0; daemon_action_tables[t][k].name; ++k)
        if (a == &daemon_action_tables[t][k])
          daemon = true;

    check_name ("action", a->name);
    check_doc (a);
    if (i > 0 && strcmp (actions[i - 1]->name, a->name) == 0)
      die ("action %s defined twice", a->name);
    if (daemon && a->proc_nr <= 0)
      die ("%s: daemon calls need a proc_nr > 0", a->name);
    if (!daemon && a->proc_nr != 0)
      die ("%s: library calls have proc_nr 0", a->name);
    if (daemon) {
      for (j = 0; j < i; ++j)
        if (actions[j]->proc_nr == a->proc_nr)
          die ("%s: proc_nr %d is already used by %s",
               a->name, a->proc_nr, actions[j]->name);
      if (a->ret == RET_CONSTSTRING || a->ret == RET_CONSTOPTSTRING)
        die ("%s: daemon calls cannot return constant strings", a->name);
      if (a->flags & (AF_CONFIG_ONLY | AF_ANY_STATE))
        die ("%s: state flags are for library calls", a->name);
    }
    if ((a->ret == RET_STRUCT || a->ret == RET_STRUCTLIST) &&
        (a->ret_struct == NULL || find_struct (a->ret_struct) == NULL))
      die ("%s: unknown struct in ret_struct", a->name);
    if ((a->flags & AF_DAEMON_OPTARGS_STRUCT) &&
        (!daemon || nr_optargs (a) == 0))
      die ("%s: AF_DAEMON_OPTARGS_STRUCT is for daemon calls with optional "
           "arguments", a->name);
    if ((a->flags & AF_ONCE_HAD_NO_OPTARGS) && nr_optargs (a) == 0)
      die ("%s: AF_ONCE_HAD_NO_OPTARGS without optional arguments", a->name);
    /* The optargs bitmask is 64 bits on the wire. */
    if (nr_optargs (a) > 64)
      die ("%s: too many optional arguments", a->name);
    for (j = 0; j < nr_args (a); ++j) {
      check_name ("argument", a->args[j].name);
      check_not_reserved (a, a->args[j].name);
      for (k = 0; k < j; ++k)
        if (strcmp (a->args[j].name, a->args[k].name) == 0)
          die ("%s: argument %s twice", a->name, a->args[j].name);
    }
    {
      size_t streams = 0;

      for (j = 0; j < nr_args (a); ++j)
        if (a->args[j].type == ARG_FILEIN || a->args[j].type == ARG_FILEOUT)
          ++streams;
      /* The protocol has one chunk stream per call. */
      if (streams > 1)
        die ("%s: at most one FileIn or FileOut argument", a->name);
      if (streams > 0 && !daemon)
        die ("%s: FileIn/FileOut arguments are for daemon calls", a->name);
    }
    for (j = 0; j < nr_args (a); ++j)
      if (a->args[j].type == ARG_HOSTFILE && daemon)
        die ("%s: %s: host file names are for library calls (the daemon "
             "cannot open host files: use FileIn or FileOut)",
             a->name, a->args[j].name);
    for (j = 0; j < nr_args (a); ++j)
      if (a->args[j].type == ARG_POINTER &&
          (daemon || !(a->flags & AF_NOT_IN_FISH)))
        die ("%s: %s: pointer arguments are for library calls that are not "
             "guestfish commands", a->name, a->args[j].name);
    for (j = 0; j < nr_optargs (a); ++j) {
      check_name ("optional argument", a->optargs[j].name);
      check_not_reserved (a, a->optargs[j].name);
      for (k = 0; k < j; ++k)
        if (strcmp (a->optargs[j].name, a->optargs[k].name) == 0)
          die ("%s: optional argument %s twice", a->name, a->optargs[j].name);
    }
  }
}

int
main (int argc, char *argv[])
{
  const char *srcdir;

  if (argc != 2) {
    fprintf (stderr, "usage: generator SRCDIR | --fish-host-files\n");
    exit (EXIT_FAILURE);
  }
  srcdir = argv[1];

  collect_actions ();
  check_table ();

  /* Facts from the table for the tests, without writing anything. */
  if (strcmp (srcdir, "--fish-host-files") == 0) {
    list_fish_host_files ();
    exit (EXIT_SUCCESS);
  }

  read_libguestfs_abi (srcdir);
  generate_header (srcdir);
  generate_lib_fallback (srcdir);
  generate_lib_actions (srcdir);
  generate_lib_structs (srcdir);
  generate_lib_impl_header (srcdir);
  generate_lib_syms (srcdir);
  generate_daemon_header (srcdir);
  generate_daemon_dispatch (srcdir);
  generate_daemon_structs (srcdir);
  generate_daemon_procedures (srcdir);
  generate_fish_cmds (srcdir);
  generate_api_pod (srcdir);
  generate_fish_pod (srcdir);
  generate_compat_pod (srcdir);

  exit (EXIT_SUCCESS);
}
