/** careen - offline disk-image toolkit
 *
 * The command line of a fleet run (fleet.h): --images-from FILE and
 * its companions are taken out of the tool's command line before the
 * tool parses it, and what is left is given to the tool again for each
 * image.  The scan follows the tool's own getopt tables, so the value
 * of one of its options ("--run-command -q") is never mistaken for a
 * fleet option.
 */

#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "xalloc.h"
#include "fleet-internal.h"

/* The fleet's own long options: always the fleet's. */
static const struct option fleet_options[] = {
  FLEET_LONG_OPTIONS,
  { NULL, 0, NULL, 0 }
};

static void __attribute__ ((noreturn, format (printf, 2, 3)))
usage_error (const struct fleet *f, const char *fmt, ...)
{
  va_list ap;

  fprintf (stderr, "%s: ", f->tool->program);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fprintf (stderr, "\nTry '%s --help' for more information.\n",
           f->tool->program);
  exit (FLEET_ALL_FAILED);
}

size_t
fleet_default_parallel (void)
{
  long cores = sysconf (_SC_NPROCESSORS_ONLN);
  long pages = sysconf (_SC_AVPHYS_PAGES), page = sysconf (_SC_PAGESIZE);
  unsigned long long by_memory;
  size_t n;

  n = cores < 1 ? 1 : (size_t) cores;
  if (pages > 0 && page > 0) {
    by_memory = (unsigned long long) pages * page / FLEET_APPLIANCE_BYTES;
    if (by_memory < n)
      n = by_memory < 1 ? 1 : (size_t) by_memory;
  }
  return n > FLEET_MAX_PARALLEL ? FLEET_MAX_PARALLEL : n;
}

void
fleet_print_usage (void)
{
  printf ("Many images (each its own guest and appliance):\n"
          "  --images-from FILE   Images to do, one a line (\"IMAGE [FORMAT]\"),"
          " - for stdin\n"
          "  -P N                 Appliances at once (default: cores, %zu"
          " here,\n"
          "                       fewer if free memory is short)\n"
          "  --json               One JSON object a line, per image\n"
          "  --shard K/N          Only the images whose index %% N is K\n"
          "                       (default: $JOB_COMPLETION_INDEX/"
          "$JOB_COMPLETIONS)\n"
          "  --results-dir DIR    Keep each image's result, skip those"
          " kept\n"
          "  --merge-results DIR... Print the results of DIRs in list"
          " order\n"
          "  --progress           Progress on stderr (default: on a"
          " terminal)\n"
          "  -q|--quiet           No progress\n",
          fleet_default_parallel ());
}

void
fleet_print_usage_end (const char *program)
{
  fleet_print_usage ();
  printf ("See %s(1).\n", program);
}

/* K/N of --shard or of the two variables; false when malformed. */
static bool
parse_shard (const char *k, const char *n, unsigned long *kr,
             unsigned long *nr)
{
  char *end;

  errno = 0;
  *kr = strtoul (k, &end, 10);
  if (errno || end == k || *end || k[0] == '-')
    return false;
  *nr = strtoul (n, &end, 10);
  if (errno || end == n || *end || n[0] == '-')
    return false;
  return *nr >= 1 && *nr <= FLEET_MAX_IMAGES && *kr < *nr;
}

static void
set_shard (struct fleet *f, const char *arg)
{
  CLEANUP_FREE char *k = xstrdup (arg);
  char *slash = strchr (k, '/');

  if (slash == NULL)
    usage_error (f, "--shard %s: expected K/N with 0 <= K < N", arg);
  *slash = '\0';
  if (!parse_shard (k, slash + 1, &f->shard_k, &f->shard_n))
    usage_error (f, "--shard %s: expected K/N with 0 <= K < N", arg);
}

static void
keep (struct fleet *f, const char *arg)
{
  char **args = realloc (f->args, (f->nr_args + 2) * sizeof *f->args);

  if (args == NULL)
    die_nomem ();
  f->args = args;
  f->args[f->nr_args++] = xstrdup (arg);
  f->args[f->nr_args] = NULL;
}

/* The long option NAME (LEN bytes, maybe an abbreviation) in TABLE:
 * the exact one, or the only one it abbreviates; NULL if none or
 * ambiguous.
 */
static const struct option *
find_long (const struct option *table, const char *name, size_t len,
           bool *ambiguous)
{
  const struct option *found = NULL;
  size_t i;

  for (i = 0; table[i].name; ++i) {
    if (strncmp (table[i].name, name, len) != 0)
      continue;
    if (strlen (table[i].name) == len)
      return &table[i];
    if (found && found->has_arg != table[i].has_arg)
      *ambiguous = true;
    found = &table[i];
  }
  return found;
}

/* Whether the long option NAME is the fleet's in a fleet run. */
static bool
is_fleet_long (const char *name)
{
  size_t i;

  for (i = 0; fleet_options[i].name; ++i)
    if (strcmp (fleet_options[i].name, name) == 0)
      return true;
  return strcmp (name, "json") == 0 || strcmp (name, "quiet") == 0;
}

/* One fleet option, with its value ARG (or NULL). */
static void
take (struct fleet *f, const char *name, const char *arg)
{
  if (strcmp (name, "images-from") == 0) {
    if (f->images_from)
      usage_error (f, "--images-from can be given once");
    f->images_from = arg;
  }
  else if (strcmp (name, "merge-results") == 0)
    f->merge = true;
  else if (strcmp (name, "progress") == 0)
    f->progress = true;
  else if (strcmp (name, "results-dir") == 0)
    f->results_dir = arg;
  else if (strcmp (name, "shard") == 0)
    set_shard (f, arg);
  else if (strcmp (name, "json") == 0)
    f->json = true;
  else if (strcmp (name, "quiet") == 0 || strcmp (name, "q") == 0) {
    f->quiet = true;
    if (f->tool->quiet_to_children)
      keep (f, "-q");
  }
  else if (strcmp (name, "P") == 0) {
    char *end;
    long n;

    errno = 0;
    n = strtol (arg, &end, 10);
    if (errno || end == arg || *end || n < 0)
      usage_error (f, "-P %s: expected a number of appliances", arg);
    f->seen_P = true;
    f->parallel = n > FLEET_MAX_PARALLEL ? FLEET_MAX_PARALLEL : (size_t) n;
  }
}

/* Whether the command line asks for something fleet_main must leave
 * to the tool: help, version, the option lists.
 */
static bool
tool_only (int argc, char *argv[])
{
  static const char *const names[] = {
    "--help", "--version", "--long-options", "--short-options", "-V",
    NULL
  };
  int i;
  size_t j;

  for (i = 1; i < argc && strcmp (argv[i], "--") != 0; ++i)
    for (j = 0; names[j]; ++j)
      if (strcmp (argv[i], names[j]) == 0)
        return true;
  return false;
}

/* A long option ARG ("--name" or "--name=value", or "-name" for a
 * tool that reads getopt_long_only); *I moves past its value when that
 * is the next argument.
 */
static void
scan_long (struct fleet *f, int argc, char *argv[], int *i)
{
  const char *arg = argv[*i], *name = arg + (arg[1] == '-' ? 2 : 1);
  const char *eq = strchr (name, '=');
  size_t len = eq ? (size_t) (eq - name) : strlen (name);
  bool ambiguous = false;
  const struct option *o = find_long (f->tool->long_options, name, len,
                                      &ambiguous);
  const char *value = eq ? eq + 1 : NULL;

  if (o == NULL)
    o = find_long (fleet_options, name, len, &ambiguous);
  if (o == NULL || ambiguous) {
    keep (f, arg);              /* the tool says what is wrong */
    return;
  }
  if (o->has_arg == required_argument && value == NULL && *i + 1 < argc)
    value = argv[++*i];
  if (strcmp (o->name, "add") == 0 || strcmp (o->name, "domain") == 0)
    f->have_a = true;
  if (strcmp (o->name, "format") == 0) {
    /* The default of the list's lines that name no format. */
    f->default_format = value;
    return;
  }
  if (is_fleet_long (o->name)) {
    take (f, o->name, value);
    return;
  }
  keep (f, arg);
  if (value && !eq)
    keep (f, value);
}

/* Whether ARG, with one dash, is a long option of a tool that reads
 * them with getopt_long_only: as there, a single letter that is a
 * short option stays one.
 */
static bool
long_only_option (const struct fleet *f, const char *arg)
{
  const char *name = arg + 1;
  const char *eq;
  bool ambiguous = false;

  if (!f->tool->long_only || arg[0] != '-' || arg[1] == '\0' ||
      arg[1] == '-')
    return false;
  if (name[1] == '\0' && strchr (f->tool->short_options, name[0]))
    return false;
  eq = strchr (name, '=');
  return find_long (f->tool->long_options, name,
                    eq ? (size_t) (eq - name) : strlen (name),
                    &ambiguous) != NULL ||
    find_long (fleet_options, name, eq ? (size_t) (eq - name)
               : strlen (name), &ambiguous) != NULL;
}

/* A cluster of short options ("-vx", "-P4", "-a disk"): the fleet's
 * letters are taken out, the tool's kept.
 */
static void
scan_short (struct fleet *f, int argc, char *argv[], int *i)
{
  const char *arg = argv[*i];
  CLEANUP_FREE char *kept = xstrdup (arg);
  size_t nkept = 1, j;
  const char *value = NULL;
  char letter = 0;

  for (j = 1; arg[j]; ++j) {
    char c = arg[j];
    const char *p = strchr (f->tool->short_options, c);

    if (c == 'a' || c == 'd')
      f->have_a = true;
    if (c == 'q') {
      take (f, "q", NULL);
      continue;
    }
    if (c != 'P' && !(p && p[1] == ':' && p[2] != ':')) {
      kept[nkept++] = c;
      continue;
    }
    /* Its value is the rest of this argument or the next one. */
    letter = c;
    value = arg[j + 1] ? &arg[j + 1] : *i + 1 < argc ? argv[++*i] : NULL;
    break;
  }
  kept[nkept] = '\0';
  if (nkept > 1)
    keep (f, kept);
  if (letter == 'P') {
    if (value == NULL)
      usage_error (f, "-P needs a number");
    take (f, "P", value);
  }
  else if (letter) {
    char opt[3] = { '-', letter, '\0' };

    keep (f, opt);
    if (value)
      keep (f, value);
  }
}

/* Outside a fleet: an option that only a fleet has is an error. */
static void
check_not_fleet (const struct fleet *f)
{
  const char *what = f->shard_n ? "--shard"
    : f->results_dir ? "--results-dir"
    : f->progress ? "--progress"
    : f->json && !f->tool->own_json ? "--json"
    : f->seen_P && !f->tool->own_P ? "-P"
    : f->quiet && !f->tool->own_quiet ? "-q"
    : NULL;

  if (what)
    usage_error (f, "%s needs --images-from", what);
}

/* --shard, else the Indexed Job's variables of Kubernetes, else all. */
static void
choose_shard (struct fleet *f)
{
  const char *k = getenv ("JOB_COMPLETION_INDEX");
  const char *n = getenv ("JOB_COMPLETIONS");

  if (f->shard_n)
    return;
  if (k && n) {
    if (!parse_shard (k, n, &f->shard_k, &f->shard_n))
      usage_error (f, "JOB_COMPLETION_INDEX=%s JOB_COMPLETIONS=%s: "
                   "expected 0 <= index < completions", k, n);
    return;
  }
  f->shard_k = 0;
  f->shard_n = 1;
}

/* The program to run per image: this one, by the kernel's name of it
 * (argv[0] may be a name found in $PATH, or a libtool wrapper).
 */
static char *
self_exe (const struct fleet *f)
{
  char buf[PATH_MAX];
  ssize_t r = readlink ("/proc/self/exe", buf, sizeof buf - 1);

  if (r == -1) {
    fprintf (stderr, "%s: readlink: /proc/self/exe: %m\n", f->tool->program);
    exit (FLEET_ALL_FAILED);
  }
  buf[r] = '\0';
  return xstrdup (buf);
}

static void
fleet_free (struct fleet *f)
{
  size_t i;

  for (i = 0; i < f->nr_args; ++i)
    free (f->args[i]);
  free (f->args);
  for (i = 0; i < f->nr_images; ++i) {
    free (f->images[i].path);
    free (f->images[i].format);
  }
  free (f->images);
  for (i = 0; i < f->nr_jobs; ++i)
    free (f->jobs[i].line);
  free (f->jobs);
  free (f->self);
}

void
fleet_main (const struct fleet_tool *tool, int argc, char *argv[])
{
  struct fleet f = { .tool = tool };
  int i, status;
  size_t k;

  if (tool_only (argc, argv))
    return;
  for (i = 1; i < argc; ++i) {
    if (strcmp (argv[i], "--") == 0) {
      for (; i < argc; ++i)
        keep (&f, argv[i]);
      break;
    }
    if (strncmp (argv[i], "--", 2) == 0 || long_only_option (&f, argv[i]))
      scan_long (&f, argc, argv, &i);
    else if (argv[i][0] == '-' && argv[i][1])
      scan_short (&f, argc, argv, &i);
    else
      keep (&f, argv[i]);
  }
  if (f.images_from == NULL && !f.merge) {
    check_not_fleet (&f);
    fleet_free (&f);
    return;
  }
  if (f.images_from && f.merge)
    usage_error (&f, "--merge-results reads results, it cannot be given "
                 "--images-from");
  if (f.merge) {
    status = fleet_merge (&f);
    fleet_free (&f);
    exit (status);
  }
  if (f.have_a)
    usage_error (&f, "--images-from cannot be combined with -a or -d");
  choose_shard (&f);
  f.self = self_exe (&f);
  fleet_read_list (&f);

  /* This shard: index % N == K, whatever the lines look like. */
  f.jobs = calloc (f.nr_images / f.shard_n + 1, sizeof *f.jobs);
  if (f.jobs == NULL)
    die_nomem ();
  for (k = f.shard_k; k < f.nr_images; k += f.shard_n) {
    struct fleet_job *j = &f.jobs[f.nr_jobs++];

    j->index = k;
    j->out_fd = j->err_fd = -1;
  }
  if (f.results_dir)
    fleet_results_start (&f);
  status = fleet_run (&f);
  if (f.results_dir && fleet_results_finish (&f) == -1 &&
      status == FLEET_ALL_OK)
    status = FLEET_SOME_FAILED;
  fleet_free (&f);
  if (fflush (stdout) == EOF || ferror (stdout)) {
    fprintf (stderr, "%s: write error: %m\n", tool->program);
    status = FLEET_ALL_FAILED;
  }
  exit (status);
}

void
fleet_main_in_place (const char *program, const char *short_options,
                     const struct option *long_options,
                     int argc, char *argv[])
{
  const struct fleet_tool tool = {
    .program = program,
    .short_options = short_options,
    .long_options = long_options,
    .result = FLEET_RESULT_NONE,
    .own_quiet = true,
    .quiet_to_children = true,
  };

  fleet_main (&tool, argc, argv);
}
