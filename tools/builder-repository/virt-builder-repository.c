/** careen - offline disk-image toolkit
 *
 * virt-builder-repository: make or update a virt-builder repository
 * from the disk images in a directory.
 *
 * For each image: its format and virtual size from its header, the
 * template file (compressed with xz unless --no-compression) and its
 * SHA-512, and, for an image that is new or changed, what inspection
 * says (os-version, name, osinfo, arch, the partition to expand).
 * An image whose template has the checksum the index records keeps
 * its entry untouched; a changed one keeps what its entry says
 * (id, name, notes, aliases, ...) with new facts and the next
 * revision.  Entries whose file is gone from the repository are
 * dropped.
 *
 * Everything is made in a temporary directory inside the repository
 * and renamed into place only when all of it worked, so a failure
 * (a corrupt image, gpg refusing to sign) leaves the repository as it
 * was.  The source images are removed last, once their compressed
 * templates are in place, as libguestfs's tool does.
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "options.h"
#include "remove-tree.h"
#include "stringsbuf.h"
#include "xalloc.h"
#include "repository.h"

static const char short_options[] = "iK:qvVx";
static const struct option long_options[] = {
  { "color", no_argument, NULL, 0 },
  { "colors", no_argument, NULL, 0 },
  { "colour", no_argument, NULL, 0 },
  { "colours", no_argument, NULL, 0 },
  { "gpg", required_argument, NULL, 0 },
  { "gpg-key", required_argument, NULL, 'K' },
  { "help", no_argument, NULL, 0 },
  { "interactive", no_argument, NULL, 'i' },
  { "keep-unsigned", no_argument, NULL, 0 },
  { "long-options", no_argument, NULL, 0 },
  { "machine-readable", optional_argument, NULL, 0 },
  { "no-compression", no_argument, NULL, 0 },
  { "quiet", no_argument, NULL, 'q' },
  { "short-options", no_argument, NULL, 0 },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { "wrap", no_argument, NULL, 0 },
  { NULL, 0, NULL, 0 }
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try '%s --help' for more information.\n", PROGRAM);
  else
    printf ("%s: make or update a virt-builder repository\n"
            "Usage:\n"
            "  %s [--options] REPOSITORY\n"
            "Options:\n"
            "  --colors              Accepted; careen prints no colours\n"
            "  --gpg GPG             gpg program (and options) to sign "
            "with\n"
            "  -K|--gpg-key KEYID    Sign the index (index.asc) with "
            "this key\n"
            "  --help                Display brief help\n"
            "  -i|--interactive      Not supported: fill the index "
            "instead\n"
            "  --keep-unsigned       With --gpg-key, keep the unsigned "
            "index too\n"
            "  --machine-readable[=format]\n"
            "                        Make output machine readable\n"
            "  --no-compression      Publish the images without xz\n"
            "  -q|--quiet            Don't print progress messages\n"
            "  -v|--verbose          Verbose messages\n"
            "  -V|--version          Display version and exit\n"
            "  --wrap                Accepted; messages are not wrapped\n"
            "  -x                    Trace libguestfs API calls\n"
            "For more information, see the manpage %s(1).\n",
            PROGRAM, PROGRAM, PROGRAM);
  exit (status);
}

/* The state of one run. */
struct run {
  const struct repo_options *opts;
  guestfs_h *g;                 /* not launched: image headers only */
  char *tmpdir;
  struct repo_template_vector old;      /* the index as it was */
  bool *old_used;                       /* old[i] matched an image */
  struct repo_template_vector added;    /* templates of new images */
};

/* The SHA-512 the template T records, or NULL. */
static const char *
recorded_sha512 (const struct repo_template *t)
{
  const char *s = template_get (t, "checksum", "sha512");

  return s ? s : template_get (t, "checksum", NULL);
}

/* The old entry whose file is PUBLISHED or the image NAME itself. */
static ssize_t
find_old (const struct run *run, const char *published, const char *name)
{
  size_t i;

  for (i = 0; i < run->old.len; ++i) {
    const char *base = template_file_base (&run->old.ptr[i]);

    if (base && (strcmp (base, published) == 0 || strcmp (base, name) == 0))
      return i;
  }
  return -1;
}

static void
report (const struct run *run, const struct repo_template *t,
        const char *status)
{
  FILE *fp = run->opts->machine;
  const char *rev = template_get (t, "revision", NULL);

  if (fp == NULL)
    return;
  fprintf (fp, "{ \"id\": ");
  options_json_string (fp, t->id);
  fprintf (fp, ", \"file\": ");
  options_json_string (fp, template_get (t, "file", NULL));
  fprintf (fp, ", \"revision\": %s, \"status\": \"%s\" }\n",
           rev ? rev : "1", status);
  fflush (fp);
}

/* Fills T with the facts of the image (size, checksum, inspection),
 * keeping what T already says about what the image cannot tell.
 */
static int
describe (struct run *run, struct repo_template *t, const char *path,
          const char *published, const char *format, int64_t size,
          const char *sum, int64_t compressed_size, int revision)
{
  struct repo_inspection ins;
  int r = -1;

  repo_message (run->opts, "Inspecting %s", path);
  if (repo_inspect (run->opts, path, format, &ins) == -1)
    return -1;
  if (t->id == NULL) {
    if (ins.os_version == NULL) {
      repo_error ("'%s': inspection cannot tell which operating system "
                  "this is: name its template in the index ([ID] with "
                  "file=%s)", path, published);
      goto out;
    }
    t->id = xstrdup (ins.os_version);
  }
  if (template_get (t, "name", NULL) == NULL)
    template_set (t, "name", NULL, ins.name);
  if (template_get (t, "osinfo", NULL) == NULL &&
      strcmp (ins.osinfo, "unknown") != 0)
    template_set (t, "osinfo", NULL, ins.osinfo);
  if (template_get (t, "arch", NULL) == NULL) {
    if (strcmp (ins.arch, "unknown") == 0) {
      repo_error ("'%s': inspection cannot tell the architecture: set "
                  "arch= in its index entry", path);
      goto out;
    }
    template_set (t, "arch", NULL, ins.arch);
  }
  template_set (t, "file", NULL, published);
  template_set_int (t, "revision", revision);
  /* A new file: the old ways of checking it no longer apply. */
  template_set (t, "checksum", NULL, NULL);
  template_set (t, "sig", NULL, NULL);
  template_set (t, "checksum", "sha512", sum);
  template_set (t, "format", NULL, format);
  template_set_int (t, "size", size);
  template_set_int (t, "compressed_size", compressed_size);
  if (template_get (t, "expand", NULL) == NULL)
    template_set (t, "expand", NULL, ins.expand);
  if (template_get (t, "lvexpand", NULL) == NULL)
    template_set (t, "lvexpand", NULL, ins.lvexpand);
  r = 0;
 out:
  repo_inspection_release (&ins);
  return r;
}

/* The template of image NAME of the repository: reused, revised or
 * new.
 */
static int
process_image (struct run *run, const char *name)
{
  const struct repo_options *opts = run->opts;
  CLEANUP_FREE char *path = NULL, *format = NULL, *published = NULL;
  CLEANUP_FREE char *pubpath = NULL, *sum = NULL;
  struct repo_template t = { NULL, VECTOR_INIT };
  struct repo_template *old = NULL;
  const char *recorded, *rev;
  int64_t size;
  long lrev;
  struct stat st;
  ssize_t i;
  int has_backing, revision = 1;
  char *end;

  if (asprintf (&path, "%s/%s", opts->repo, name) == -1)
    die_nomem ();
  repo_message (opts, "Preparing %s", path);

  /* Headers first: a corrupt image fails before anything is made. */
  /* The library's messages name the image: they are printed alone. */
  format = guestfs_disk_format (run->g, path);
  if (format == NULL) {
    repo_error ("%s", guestfs_last_error (run->g));
    return -1;
  }
  if (strcmp (format, "unknown") == 0) {
    repo_error ("'%s': not a disk image of a known format", path);
    return -1;
  }
  has_backing = guestfs_disk_has_backing_file (run->g, path);
  size = guestfs_disk_virtual_size (run->g, path);
  if (has_backing == -1 || size == -1) {
    repo_error ("%s", guestfs_last_error (run->g));
    return -1;
  }
  if (has_backing) {
    repo_error ("'%s': the image has a backing file; a template must "
                "stand alone (qemu-img convert makes one that does)", path);
    return -1;
  }

  if (opts->compress) {
    if (asprintf (&published, "%s.xz", name) == -1 ||
        asprintf (&pubpath, "%s/%s", run->tmpdir, published) == -1)
      die_nomem ();
    repo_message (opts, "Compressing %s", path);
    if (repo_compress (path, pubpath) == -1)
      return -1;
  }
  else {
    published = xstrdup (name);
    pubpath = xstrdup (path);
  }
  sum = repo_sha512 (pubpath);
  if (sum == NULL)
    return -1;
  if (stat (pubpath, &st) == -1) {
    repo_error ("stat: '%s': %m", pubpath);
    return -1;
  }

  i = find_old (run, published, name);
  if (i >= 0) {
    if (run->old_used[i]) {
      repo_error ("'%s': the index entry [%s] already describes another "
                  "image", path, run->old.ptr[i].id);
      return -1;
    }
    run->old_used[i] = true;
    old = &run->old.ptr[i];
    recorded = recorded_sha512 (old);
    if (recorded && strcasecmp (recorded, sum) == 0) {
      template_set (old, "file", NULL, published);
      report (run, old, "unchanged");
      return 0;
    }
    /* The next revision; an entry without a checksum nor a revision
     * is one the user wrote to name a new image: its first revision.
     */
    rev = template_get (old, "revision", NULL);
    if (rev) {
      errno = 0;
      lrev = strtol (rev, &end, 10);
      if (errno || end == rev || *end || lrev < 1 || lrev >= INT_MAX) {
        repo_error ("index entry [%s]: revision '%s' is not a number",
                    old->id, rev);
        return -1;
      }
      revision = (int) lrev + 1;
    }
    else if (recorded)
      revision = 2;
    /* A revised entry is built on a copy of the old one, so that a
     * failure leaves the old one whole.
     */
    t.id = xstrdup (old->id);
    for (size_t j = 0; j < old->fields.len; ++j)
      template_set (&t, old->fields.ptr[j].key, old->fields.ptr[j].subkey,
                    old->fields.ptr[j].value);
  }

  if (describe (run, &t, path, published, format, size, sum, st.st_size,
                revision) == -1) {
    template_release (&t);
    return -1;
  }
  if (old) {
    /* An entry with no checksum is one the user wrote for a new image. */
    report (run, &t, recorded ? "changed" : "new");
    template_release (old);
    *old = t;
  }
  else {
    report (run, &t, "new");
    if (repo_template_vector_append (&run->added, t) == -1)
      die_nomem ();
  }
  return 0;
}

/* Whether the file of old entry T is still in the repository. */
static bool
file_present (const struct repo_options *opts,
              const struct repo_template *t)
{
  CLEANUP_FREE char *path = NULL;
  const char *file = template_get (t, "file", NULL);

  if (file == NULL)
    return false;
  if (asprintf (&path, "%s/%s", opts->repo, file) == -1)
    die_nomem ();
  return access (path, F_OK) == 0;
}

/* The index to write: the old entries in their order (revised ones in
 * their place, those whose file is gone left out), then the new ones.
 * Returns the number of entries left out, or -1 after printing an
 * error (two templates of one id and arch).
 */
static int
assemble (struct run *run, struct repo_template_vector *out)
{
  size_t i, j, dropped = 0;

  for (i = 0; i < run->old.len; ++i) {
    if (!run->old_used[i] && !file_present (run->opts, &run->old.ptr[i])) {
      repo_message (run->opts, "Removing [%s] from the index: its file "
                    "is not in the repository", run->old.ptr[i].id);
      dropped++;
      continue;
    }
    if (repo_template_vector_append (out, run->old.ptr[i]) == -1)
      die_nomem ();
  }
  for (i = 0; i < run->added.len; ++i)
    if (repo_template_vector_append (out, run->added.ptr[i]) == -1)
      die_nomem ();

  for (i = 0; i < out->len; ++i)
    for (j = i + 1; j < out->len; ++j) {
      const char *a = template_get (&out->ptr[i], "arch", NULL);
      const char *b = template_get (&out->ptr[j], "arch", NULL);

      if (strcmp (out->ptr[i].id, out->ptr[j].id) == 0 &&
          a && b && strcmp (a, b) == 0) {
        repo_error ("two templates are [%s] for %s ('%s' and '%s'): give "
                    "one of them another id in the index", out->ptr[i].id,
                    a, template_get (&out->ptr[i], "file", NULL),
                    template_get (&out->ptr[j], "file", NULL));
        return -1;
      }
    }
  return dropped;
}

/* Writes the index (and its signature) into the temporary directory. */
static int
write_index (const struct run *run, const struct repo_template_vector *v)
{
  const struct repo_options *opts = run->opts;
  CLEANUP_FREE char *index = NULL, *asc = NULL;
  FILE *fp;
  int r;

  if (asprintf (&index, "%s/index", run->tmpdir) == -1 ||
      asprintf (&asc, "%s/index.asc", run->tmpdir) == -1)
    die_nomem ();
  fp = fopen (index, "wxe");
  if (fp == NULL) {
    repo_error ("open: '%s': %m", index);
    return -1;
  }
  r = index_write (fp, index, v);
  if (fclose (fp) == EOF && r == 0) {
    repo_error ("close: '%s': %m", index);
    r = -1;
  }
  if (r == -1)
    return -1;
  if (opts->gpg_key) {
    repo_message (opts, "Signing the index with the key %s",
                  opts->gpg_key);
    if (repo_sign (opts, index, asc) == -1)
      return -1;
    if (!opts->keep_unsigned && unlink (index) == -1) {
      repo_error ("unlink: '%s': %m", index);
      return -1;
    }
  }
  return 0;
}

/* After publishing: the compressed images replace their sources. */
static void
remove_sources (const struct repo_options *opts, char *const *images)
{
  size_t i;

  for (i = 0; images[i]; ++i) {
    CLEANUP_FREE char *path = NULL;

    if (asprintf (&path, "%s/%s", opts->repo, images[i]) == -1)
      die_nomem ();
    if (unlink (path) == -1)
      repo_warning ("unlink: '%s': %m", path);
  }
}

static int
run_repository (struct run *run)
{
  const struct repo_options *opts = run->opts;
  CLEANUP_FREE_STRING_LIST char **images = NULL;
  struct repo_template_vector out = VECTOR_INIT;
  int dropped, r = -1;
  size_t i;

  if (repo_read_index (opts->repo, &run->old) == -1)
    return -1;
  run->old_used = calloc (run->old.len + 1, sizeof (bool));
  if (run->old_used == NULL)
    die_nomem ();
  images = repo_list_images (opts->repo);
  if (images == NULL)
    return -1;
  for (i = 0; images[i]; ++i)
    if (process_image (run, images[i]) == -1)
      return -1;
  dropped = assemble (run, &out);
  if (dropped == -1)
    goto out;
  if (images[0] == NULL && dropped == 0) {
    repo_message (opts, "No image in %s: the index is left as it is",
                  opts->repo);
    r = 0;
    goto out;
  }
  if (write_index (run, &out) == -1)
    goto out;
  repo_message (opts, "Moving the files into %s", opts->repo);
  if (repo_publish (run->tmpdir, opts->repo) == -1)
    goto out;
  if (opts->compress)
    remove_sources (opts, images);
  r = 0;
 out:
  /* The templates belong to run->old and run->added. */
  repo_template_vector_release (&out);
  return r;
}

/* Where --machine-readable[=SPEC] output goes.  NULL after printing
 * why SPEC is wrong or the stream cannot be opened.
 */
static FILE *
machine_stream (const char *spec)
{
  FILE *fp;

  if (!options_machine_readable_valid (spec)) {
    repo_error ("--machine-readable: '%s' is not stream:stdout, "
                "stream:stderr, file:NAME or fd:N", spec);
    return NULL;
  }
  fp = options_machine_readable_open (spec);
  if (fp == NULL)
    repo_error ("--machine-readable: '%s': %m", spec);
  return fp;
}

int
main (int argc, char *argv[])
{
  struct repo_options opts = {
    .gpg = "gpg", .compress = true,
  };
  struct run run = { .opts = &opts };
  struct options o;
  bool machine_readable = false, interactive = false;
  const char *mr_spec = NULL;
  struct stat st;
  int c, option_index = -1, r;

  options_init (&o, PROGRAM, true, short_options, long_options);
  while ((c = getopt_long (argc, argv, short_options, long_options,
                           &option_index)) != -1) {
    const char *name = c == 0 ? long_options[option_index].name : "";

    if (c == 'i')
      interactive = true;
    else if (c == 'K')
      opts.gpg_key = optarg;
    else if (c == 'q')
      opts.quiet = true;
    else if (strcmp (name, "help") == 0)
      usage (EXIT_SUCCESS);
    else if (strcmp (name, "gpg") == 0)
      opts.gpg = optarg;
    else if (strcmp (name, "keep-unsigned") == 0)
      opts.keep_unsigned = true;
    else if (strcmp (name, "no-compression") == 0)
      opts.compress = false;
    else if (strcmp (name, "machine-readable") == 0) {
      machine_readable = true;
      mr_spec = optarg;
    }
    else if (strncmp (name, "colo", 4) == 0 || strcmp (name, "wrap") == 0)
      /* Message styles of libguestfs's OCaml tools: careen's messages
       * are plain, so there is nothing to turn on.
       */
      ;
    else if (options_handle (&o, c, option_index, optarg) == 0)
      usage (EXIT_FAILURE);
  }
  opts.verbose = o.verbose;
  opts.trace = o.trace;
  options_free (&o);
  if (machine_readable) {
    opts.machine = machine_stream (mr_spec);
    if (opts.machine == NULL)
      exit (EXIT_FAILURE);
    /* Alone, it asks what this program can do. */
    if (optind == argc) {
      fprintf (opts.machine, "%s\n", PROGRAM);
      exit (fflush (opts.machine) == EOF ? EXIT_FAILURE : EXIT_SUCCESS);
    }
  }
  if (interactive) {
    repo_error ("--interactive is not supported by careen: put the "
                "values in the index (a section [ID] with file=NAME) "
                "and run without it");
    exit (EXIT_FAILURE);
  }
  if (optind != argc - 1) {
    if (optind == argc)
      repo_error ("no repository directory was given");
    else
      repo_error ("only one repository directory may be given");
    usage (EXIT_FAILURE);
  }
  opts.repo = argv[optind];
  if (opts.keep_unsigned && opts.gpg_key == NULL) {
    repo_error ("--keep-unsigned needs --gpg-key");
    exit (EXIT_FAILURE);
  }
  if (stat (opts.repo, &st) == -1) {
    repo_error ("stat: '%s': %m", opts.repo);
    exit (EXIT_FAILURE);
  }
  if (!S_ISDIR (st.st_mode)) {
    repo_error ("'%s' is not a directory", opts.repo);
    exit (EXIT_FAILURE);
  }

  run.g = guestfs_create ();
  if (run.g == NULL) {
    repo_error ("failed to create a handle: %m");
    exit (EXIT_FAILURE);
  }
  guestfs_set_error_handler (run.g, NULL, NULL);
  if (opts.trace)
    guestfs_set_trace (run.g, 1);
  if (asprintf (&run.tmpdir, "%s/.%s.XXXXXX", opts.repo, PROGRAM) == -1)
    die_nomem ();
  if (mkdtemp (run.tmpdir) == NULL) {
    repo_error ("mkdtemp: '%s': %m", run.tmpdir);
    exit (EXIT_FAILURE);
  }

  r = run_repository (&run);

  if (remove_tree (run.tmpdir) == -1)
    repo_warning ("cannot remove '%s': %m", run.tmpdir);
  free (run.tmpdir);
  templates_release (&run.old);
  templates_release (&run.added);
  free (run.old_used);
  guestfs_close (run.g);
  if (opts.machine && opts.machine != stdout && opts.machine != stderr &&
      fclose (opts.machine) == EOF)
    r = -1;
  return r == -1 ? EXIT_FAILURE : EXIT_SUCCESS;
}
