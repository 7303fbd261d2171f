/** careen - offline disk-image toolkit
 *
 * virt-builder: makes a new guest disk image from a template of a
 * repository (an index of compressed disk images), resized to the
 * size asked for and customized as virt-customize would (the same
 * operations, common/customize).  It also lists the templates
 * (--list, --notes) and manages the template cache.
 *
 * This file is the command line and the order of the steps; each step
 * has a file of its own (virt-builder.h).
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guestfs.h"
#include "cleanups.h"
#include "customize.h"
#include "customize-attach.h"
#include "options.h"
#include "remove-tree.h"
#include "xalloc.h"
#include "virt-builder.h"

/* Most --source (and --fingerprint) options. */
#define MAX_CMD_SOURCES 16

enum {
  HELP_OPTION = CHAR_MAX + 1,
  ARCH_OPTION,
  ATTACH_OPTION,
  ATTACH_FORMAT_OPTION,
  CACHE_OPTION,
  NO_CACHE_OPTION,
  CACHE_ALL_OPTION,
  CHECK_SIG_OPTION,
  NO_CHECK_SIG_OPTION,
  COSMETIC_OPTION,
  CURL_OPTION,
  DELETE_CACHE_OPTION,
  NO_DELETE_ON_FAILURE_OPTION,
  FINGERPRINT_OPTION,
  FORMAT_OPTION,
  GET_KERNEL_OPTION,
  GPG_OPTION,
  LIST_FORMAT_OPTION,
  LONG_OPTION,
  MACHINE_READABLE_OPTION,
  NETWORK_OPTION,
  NO_NETWORK_OPTION,
  NO_SYNC_OPTION,
  NOTES_OPTION,
  PRINT_CACHE_OPTION,
  SIZE_OPTION,
  SMP_OPTION,
  SOURCE_OPTION,
  NO_DEFAULT_SOURCES_OPTION,
  LONG_OPTIONS_OPTION,
  SHORT_OPTIONS_OPTION,
};

static const char short_options[] = "lm:o:qvVx";
static const struct option long_options[] = {
  { "arch", required_argument, NULL, ARCH_OPTION },
  { "attach", required_argument, NULL, ATTACH_OPTION },
  { "attach-format", required_argument, NULL, ATTACH_FORMAT_OPTION },
  { "cache", required_argument, NULL, CACHE_OPTION },
  { "cache-all-templates", no_argument, NULL, CACHE_ALL_OPTION },
  { "check-signature", no_argument, NULL, CHECK_SIG_OPTION },
  { "check-signatures", no_argument, NULL, CHECK_SIG_OPTION },
  { "colors", no_argument, NULL, COSMETIC_OPTION },
  { "colours", no_argument, NULL, COSMETIC_OPTION },
  { "curl", required_argument, NULL, CURL_OPTION },
  { "delete-cache", no_argument, NULL, DELETE_CACHE_OPTION },
  { "fingerprint", required_argument, NULL, FINGERPRINT_OPTION },
  { "format", required_argument, NULL, FORMAT_OPTION },
  { "get-kernel", required_argument, NULL, GET_KERNEL_OPTION },
  { "gpg", required_argument, NULL, GPG_OPTION },
  { "help", no_argument, NULL, HELP_OPTION },
  { "list", no_argument, NULL, 'l' },
  { "list-format", required_argument, NULL, LIST_FORMAT_OPTION },
  { "long", no_argument, NULL, LONG_OPTION },
  { "long-options", no_argument, NULL, LONG_OPTIONS_OPTION },
  { "machine-readable", optional_argument, NULL, MACHINE_READABLE_OPTION },
  { "memsize", required_argument, NULL, 'm' },
  { "network", no_argument, NULL, NETWORK_OPTION },
  { "no-cache", no_argument, NULL, NO_CACHE_OPTION },
  { "no-check-signature", no_argument, NULL, NO_CHECK_SIG_OPTION },
  { "no-check-signatures", no_argument, NULL, NO_CHECK_SIG_OPTION },
  { "no-default-sources", no_argument, NULL, NO_DEFAULT_SOURCES_OPTION },
  { "no-delete-on-failure", no_argument, NULL, NO_DELETE_ON_FAILURE_OPTION },
  { "no-network", no_argument, NULL, NO_NETWORK_OPTION },
  { "no-sync", no_argument, NULL, NO_SYNC_OPTION },
  { "no-warn-if-partition", no_argument, NULL, COSMETIC_OPTION },
  { "notes", no_argument, NULL, NOTES_OPTION },
  { "output", required_argument, NULL, 'o' },
  { "print-cache", no_argument, NULL, PRINT_CACHE_OPTION },
  { "quiet", no_argument, NULL, 'q' },
  { "short-options", no_argument, NULL, SHORT_OPTIONS_OPTION },
  { "size", required_argument, NULL, SIZE_OPTION },
  { "smp", required_argument, NULL, SMP_OPTION },
  { "source", required_argument, NULL, SOURCE_OPTION },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { "wrap", no_argument, NULL, COSMETIC_OPTION },
  { NULL, 0, NULL, 0 }
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS) {
    fprintf (stderr, "Try '%s --help' for more information.\n", PROGRAM);
    exit (status);
  }
  printf ("%s: build virtual machine images quickly (careen)\n"
          "\n"
          "Usage:\n"
          "  %s OS-VERSION [-o FILE] [--size SIZE] [--format raw|qcow2] "
          "[--options]\n"
          "  %s -l|--list [--list-format short|long|json] [OS-VERSION]\n"
          "  %s --notes OS-VERSION\n"
          "  %s --print-cache | --delete-cache\n"
          "\n"
          "Options:\n"
          "  --arch ARCH            architecture of the template (default: "
          "the host's)\n"
          "  --attach ISOFILE       attach a disk (read-only) while "
          "customizing\n"
          "  --attach-format FMT    format of the next --attach\n"
          "  --cache DIR            template cache folder\n"
          "  --no-cache             do not cache templates\n"
          "  --no-check-signature   do not check signatures\n"
          "  --curl CURL            the curl program (and options) for "
          "downloads\n"
          "  --delete-cache         delete the template cache\n"
          "  --no-default-sources   only the --source sources, not the "
          "repos.d ones\n"
          "  --no-delete-on-failure keep the unfinished output on failure\n"
          "  --fingerprint FP       the key the index is signed by\n"
          "  --format raw|qcow2     output format (default raw)\n"
          "  --gpg GPG              the gpg program (and options)\n"
          "  -l|--list              list the templates\n"
          "  --list-format FMT      short, long or json\n"
          "  --long                 same as --list-format long\n"
          "  --machine-readable     list the features, or plain output\n"
          "  -m|--memsize MB        appliance memory while customizing\n"
          "  --network              network while customizing (default "
          "when guest programs run)\n"
          "  --no-network           no network\n"
          "  --no-sync              do not fsync the output\n"
          "  --notes                print the notes of a template\n"
          "  -o|--output FILE       output file (default OS-VERSION.img "
          "or .qcow2)\n"
          "  --print-cache          print the state of the template cache\n"
          "  -q|--quiet             no progress messages\n"
          "  --size SIZE            size of the output (e.g. 20G)\n"
          "  --smp N                appliance virtual CPUs\n"
          "  --source URL           the index of a repository\n"
          "  -v|--verbose           verbose messages\n"
          "  -V|--version           print the version and exit\n"
          "  -x                     trace library calls\n"
          "  --help                 print this help and exit\n"
          "\n", PROGRAM, PROGRAM, PROGRAM, PROGRAM, PROGRAM);
  customize_usage (stdout);
  printf ("See %s(1).\n", PROGRAM);
  exit (status);
}

/* What this virt-builder can do, for front ends (--machine-readable
 * alone).  No "pxzcat": templates are uncompressed by xz.
 */
static void
print_features (void)
{
  printf ("%s\narch\nconfig-file\ncustomize\njson-list\n", PROGRAM);
}

enum mode { MODE_BUILD, MODE_LIST, MODE_NOTES, MODE_PRINT_CACHE,
            MODE_DELETE_CACHE, MODE_CACHE_ALL };

static void
set_mode (enum mode *mode, enum mode m)
{
  if (*mode != MODE_BUILD && *mode != m) {
    fprintf (stderr, "%s: --list, --notes, --print-cache, --delete-cache "
             "and --cache-all-templates cannot be mixed\n", PROGRAM);
    exit (EXIT_FAILURE);
  }
  *mode = m;
}

int
main (int argc, char *argv[])
{
  struct customize_ops *ops = customize_ops_new (PROGRAM);
  struct option *lo = customize_merge_long_options (long_options);
  struct vb_opts o = {
    .check_signature = true, .sync = true, .delete_on_failure = true,
    .network = -1, .curl = "curl", .gpg = "gpg",
  };
  struct vb_build b = { .attach = CUSTOMIZE_ATTACH_INIT };
  char *sources[MAX_CMD_SOURCES], *fingerprints[MAX_CMD_SOURCES];
  size_t nr_sources = 0, nr_fingerprints = 0;
  const char *arch = NULL, *list_format = "short", *os_version = NULL;
  CLEANUP_FREE char *default_output = NULL;
  CLEANUP_FREE char *tmpdir = NULL;
  enum mode mode = MODE_BUILD;
  bool machine_readable = false, no_default_sources = false;
  bool no_cache = false;
  struct vb_source *src = NULL;
  const struct vb_source *from;
  const struct index_entry *e;
  int c, option_index, r, n = 0, status = EXIT_FAILURE;

  for (;;) {
    option_index = -1;
    c = getopt_long (argc, argv, short_options, lo, &option_index);
    if (c == -1)
      break;
    r = customize_handle_option (ops, c, option_index >= 0
                                 ? lo[option_index].name : NULL, optarg);
    if (r == -1)
      exit (EXIT_FAILURE);
    if (r == 1)
      continue;
    switch (c) {
    case HELP_OPTION: usage (EXIT_SUCCESS);
    case 'V':
      options_print_version (PROGRAM);
      exit (EXIT_SUCCESS);
    case LONG_OPTIONS_OPTION:
      options_print_long_options (lo);
      exit (EXIT_SUCCESS);
    case SHORT_OPTIONS_OPTION:
      options_print_short_options (short_options);
      exit (EXIT_SUCCESS);
    case 'l': set_mode (&mode, MODE_LIST); break;
    case LONG_OPTION: list_format = "long"; break;
    case LIST_FORMAT_OPTION: list_format = optarg; break;
    case NOTES_OPTION: set_mode (&mode, MODE_NOTES); break;
    case PRINT_CACHE_OPTION: set_mode (&mode, MODE_PRINT_CACHE); break;
    case DELETE_CACHE_OPTION: set_mode (&mode, MODE_DELETE_CACHE); break;
    case CACHE_ALL_OPTION: set_mode (&mode, MODE_CACHE_ALL); break;
    case 'm':
      b.memsize = options_parse_int (PROGRAM, "--memsize", optarg, 1,
                                     1024 * 1024);
      break;
    case SMP_OPTION:
      b.smp = options_parse_int (PROGRAM, "--smp", optarg, 1, 255);
      break;
    case 'o': b.output = optarg; break;
    case 'q': o.quiet = true; break;
    case 'v': o.verbose = true; break;
    case 'x': o.trace = true; break;
    case ARCH_OPTION: arch = optarg; break;
    case CACHE_OPTION:
      free (o.cache_dir);
      o.cache_dir = xstrdup (optarg);
      no_cache = false;
      break;
    case NO_CACHE_OPTION: no_cache = true; break;
    case CHECK_SIG_OPTION: o.check_signature = true; break;
    case NO_CHECK_SIG_OPTION: o.check_signature = false; break;
    case COSMETIC_OPTION: break;
    case CURL_OPTION: o.curl = optarg; break;
    case GPG_OPTION: o.gpg = optarg; break;
    case NO_DELETE_ON_FAILURE_OPTION: o.delete_on_failure = false; break;
    case NETWORK_OPTION: o.network = 1; break;
    case NO_NETWORK_OPTION: o.network = 0; break;
    case NO_SYNC_OPTION: o.sync = false; break;
    case NO_DEFAULT_SOURCES_OPTION: no_default_sources = true; break;
    case MACHINE_READABLE_OPTION: machine_readable = true; break;
    case FORMAT_OPTION:
      if (strcmp (optarg, "raw") != 0 && strcmp (optarg, "qcow2") != 0) {
        fprintf (stderr, "%s: --format: '%s': expected raw or qcow2\n",
                 PROGRAM, optarg);
        exit (EXIT_FAILURE);
      }
      b.format = optarg;
      break;
    case SIZE_OPTION:
      if (vb_parse_size (optarg, &b.size) == -1 || b.size == 0) {
        fprintf (stderr, "%s: --size: '%s': expected a size such as 20G, "
                 "512M or 10737418240b\n", PROGRAM, optarg);
        exit (EXIT_FAILURE);
      }
      break;
    case SOURCE_OPTION:
    case FINGERPRINT_OPTION:
      if ((c == SOURCE_OPTION ? nr_sources : nr_fingerprints) >=
          MAX_CMD_SOURCES) {
        fprintf (stderr, "%s: too many --source or --fingerprint options "
                 "(most %d)\n", PROGRAM, MAX_CMD_SOURCES);
        exit (EXIT_FAILURE);
      }
      if (c == SOURCE_OPTION)
        sources[nr_sources++] = optarg;
      else
        fingerprints[nr_fingerprints++] = optarg;
      break;
    case ATTACH_OPTION:
      customize_attach_option (&b.attach, PROGRAM, optarg);
      break;
    case ATTACH_FORMAT_OPTION:
      customize_attach_format_option (&b.attach, optarg);
      break;
    case GET_KERNEL_OPTION:
      fprintf (stderr, "%s: --get-kernel is not supported: use "
               "virt-get-kernel(1)\n", PROGRAM);
      exit (EXIT_FAILURE);
    default:
      usage (EXIT_FAILURE);
    }
  }

  if (optind < argc)
    os_version = argv[optind++];
  if (optind < argc) {
    fprintf (stderr, "%s: too many arguments on the command line\n",
             PROGRAM);
    usage (EXIT_FAILURE);
  }
  if (machine_readable && mode == MODE_BUILD && os_version == NULL) {
    print_features ();
    exit (EXIT_SUCCESS);
  }
  if (mode == MODE_BUILD && os_version == NULL) {
    fprintf (stderr, "%s: no OS-VERSION given: use --list to see the "
             "templates\n", PROGRAM);
    usage (EXIT_FAILURE);
  }
  if (mode == MODE_NOTES && os_version == NULL) {
    fprintf (stderr, "%s: --notes needs an OS-VERSION\n", PROGRAM);
    exit (EXIT_FAILURE);
  }
  if (mode == MODE_CACHE_ALL) {
    fprintf (stderr, "%s: --cache-all-templates is not supported: build "
             "each template once to cache it\n", PROGRAM);
    exit (EXIT_FAILURE);
  }
  if (!no_cache && o.cache_dir == NULL)
    o.cache_dir = vb_cache_default_dir ();
  if (no_cache) {
    free (o.cache_dir);
    o.cache_dir = NULL;
  }
  if (arch == NULL)
    arch = vb_host_arch ();
  if (b.format == NULL)
    b.format = "raw";
  if (b.output == NULL && os_version) {
    if (asprintf (&default_output, "%s.%s", os_version,
                  strcmp (b.format, "qcow2") == 0 ? "qcow2" : "img") == -1)
      die_nomem ();
    b.output = default_output;
  }

  if (mode == MODE_DELETE_CACHE) {
    status = vb_delete_cache (&o) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
    goto out;
  }

  {
    const char *t = getenv ("TMPDIR");

    if (asprintf (&tmpdir, "%s/virt-builder.XXXXXX", t && *t ? t : "/tmp")
        == -1)
      die_nomem ();
    if (mkdtemp (tmpdir) == NULL) {
      vb_error ("mkdtemp: '%s': %m", tmpdir);
      goto out;
    }
    o.tmpdir = tmpdir;
  }

  n = vb_sources_get (sources, nr_sources, fingerprints, nr_fingerprints,
                      no_default_sources, &src);
  if (n == -1) {
    n = 0;
    goto out;
  }
  /* Unchecked, a --fingerprint names nothing (and --list shows none). */
  for (r = 0; !o.check_signature && r < n; ++r) {
    free (src[r].fingerprint);
    src[r].fingerprint = NULL;
  }
  if (vb_read_indexes (&o, src, n) == -1)
    goto out;

  switch (mode) {
  case MODE_PRINT_CACHE:
    vb_print_cache (&o, src, n);
    break;
  case MODE_LIST:
    if (os_version == NULL) {
      if (vb_list (stdout, list_format, src, n, NULL) == -1)
        goto out;
      break;
    }
    /* The one template of OS-VERSION and --arch. */
    __attribute__ ((fallthrough));
  case MODE_NOTES:
  case MODE_BUILD:
    e = vb_find_template (src, n, os_version, arch, &from);
    if (e == NULL) {
      vb_error ("cannot find os-version '%s' with architecture '%s': use "
                "--list to see the templates", os_version, arch);
      goto out;
    }
    if (mode == MODE_LIST) {
      if (vb_list (stdout, list_format, src, n, e) == -1)
        goto out;
    }
    else if (mode == MODE_NOTES)
      vb_notes (stdout, e);
    else if (vb_build (&o, from, e, &b, ops) == -1)
      goto out;
    break;
  case MODE_DELETE_CACHE:
  case MODE_CACHE_ALL:
    abort ();                   /* handled above */
  }
  status = EXIT_SUCCESS;

 out:
  vb_sources_free (src, n);
  if (tmpdir)
    remove_tree (tmpdir);
  free (o.cache_dir);
  customize_ops_free (ops);
  free (lo);
  exit (status);
}
