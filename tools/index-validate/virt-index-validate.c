/** careen - offline disk-image toolkit
 *
 * virt-index-validate: checks a virt-builder index file (signed or
 * not) with the parser virt-builder itself uses (common/builder), and
 * optionally for what the readers of virt-builder 1.24.0 and 1.24.1
 * could not handle, so that a repository can still serve them.
 */

#include <config.h>

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "options.h"

static const char program[] = "virt-index-validate";

static void __attribute__ ((noreturn))
usage (int status)
{
  printf ("%s: validate a virt-builder index file\n"
          "usage: %s [--compat-1.24.0|--compat-1.24.1] index\n"
          "       %s --help | --version\n", program, program, program);
  exit (status);
}

/* What virt-builder 1.24.1 could not read: comments, '.' in keys and
 * ',' in subkeys.  1.24.0 also could not read [subkeys] at all and
 * needed a detached signature (sig=) for every template.  Returns
 * false after saying why.
 */
static bool
check_compat (const char *input, const struct index *idx, bool compat_1_24_0)
{
  size_t i, j;

  if (idx->has_comments) {
    fprintf (stderr, "%s: %s contains comments which will not work with "
             "virt-builder 1.24.1\n", program, input);
    return false;
  }
  for (i = 0; i < idx->nr_sections; ++i) {
    const struct index_section *s = &idx->sections[i];
    bool seen_sig = false;

    for (j = 0; j < s->nr_fields; ++j) {
      const struct index_field *f = &s->fields[j];

      if (compat_1_24_0 && f->subkey != NULL) {
        fprintf (stderr, "%s: %s: section [%s], field ‘%s[%s]’ has invalid "
                 "characters which will not work with virt-builder 1.24.0\n",
                 program, input, s->name, f->key, f->subkey);
        return false;
      }
      if (strchr (f->key, '.') ||
          (f->subkey != NULL && strchr (f->subkey, ','))) {
        fprintf (stderr, "%s: %s: section [%s], field ‘%s%s%s%s’ has invalid "
                 "characters which will not work with virt-builder 1.24.1\n",
                 program, input, s->name, f->key, f->subkey ? "[" : "",
                 f->subkey ? f->subkey : "", f->subkey ? "]" : "");
        return false;
      }
      if (strcmp (f->key, "sig") == 0)
        seen_sig = true;
    }
    if (compat_1_24_0 && !seen_sig) {
      fprintf (stderr, "%s: %s: section [%s] is missing a ‘sig’ field which "
               "will not work with virt-builder 1.24.0\n",
               program, input, s->name);
      return false;
    }
  }
  return true;
}

int
main (int argc, char *argv[])
{
  static const char short_options[] = "V";
  static const struct option long_options[] = {
    { "compat-1.24.0", no_argument, NULL, 0 },
    { "compat-1.24.1", no_argument, NULL, 0 },
    { "help", no_argument, NULL, 0 },
    { "long-options", no_argument, NULL, 0 },
    { "short-options", no_argument, NULL, 0 },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 }
  };
  bool compat_1_24_0 = false, compat_1_24_1 = false;
  struct index idx;
  const char *input;
  char *error;
  int c, option_index;

  while ((c = getopt_long (argc, argv, short_options, long_options,
                           &option_index)) != -1) {
    const char *name;

    switch (c) {
    case 'V':
      options_print_version (program);
      exit (EXIT_SUCCESS);
    case 0:
      name = long_options[option_index].name;
      if (strcmp (name, "compat-1.24.0") == 0)
        compat_1_24_0 = compat_1_24_1 = true;
      else if (strcmp (name, "compat-1.24.1") == 0)
        compat_1_24_1 = true;
      else if (strcmp (name, "help") == 0)
        usage (EXIT_SUCCESS);
      else if (strcmp (name, "long-options") == 0) {
        options_print_long_options (long_options);
        exit (EXIT_SUCCESS);
      }
      else if (strcmp (name, "short-options") == 0) {
        options_print_short_options (short_options);
        exit (EXIT_SUCCESS);
      }
      break;
    default:
      usage (EXIT_FAILURE);
    }
  }
  if (optind != argc - 1)
    usage (EXIT_FAILURE);
  input = argv[optind];

  if (index_parse_file (input, &idx, &error) == -1) {
    fprintf (stderr, "%s\n", error);
    fprintf (stderr, "%s: ‘%s’ could not be validated, see errors above\n",
             program, input);
    free (error);
    exit (EXIT_FAILURE);
  }
  if (compat_1_24_1 && !check_compat (input, &idx, compat_1_24_0)) {
    index_release (&idx);
    exit (EXIT_FAILURE);
  }
  index_release (&idx);
  printf ("%s validated OK\n", input);
  exit (EXIT_SUCCESS);
}
