/** careen - offline disk-image toolkit
 *
 * The command-line half of the options module: the state of the common
 * options, one getopt_long option at a time, --version, and the
 * --long-options / --short-options lists that the bash completion
 * scripts read.  Adding the disks to a handle is here too; mounting
 * and inspection are in options-mount.c, keys in options-keys.c.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "options.h"
#include "options-uri.h"
#include "vector.h"
#include "xalloc.h"

void
options_init (struct options *o, const char *program, bool read_only,
              const char *short_options, const struct option *long_options)
{
  memset (o, 0, sizeof *o);
  o->program = program;
  o->read_only = read_only;
  o->short_options = short_options;
  o->long_options = long_options;
}

void
options_free (struct options *o)
{
  size_t i;

  for (i = 0; i < o->nr_drives; ++i) {
    free (o->drives[i].filename);
    free (o->drives[i].domain);
    free (o->drives[i].format);
    if (o->drives[i].uri)
      options_free_uri (o->drives[i].uri);
    free (o->drives[i].uri);
  }
  free (o->drives);
  for (i = 0; i < o->nr_mounts; ++i) {
    free (o->mounts[i].device);
    free (o->mounts[i].mountpoint);
    free (o->mounts[i].options);
    free (o->mounts[i].fstype);
  }
  free (o->mounts);
  for (i = 0; i < o->nr_keys; ++i) {
    free (o->keys[i].id);
    if (o->keys[i].value) {
      /* The compiler must not drop the wipe of memory about to be freed. */
      explicit_bzero (o->keys[i].value, strlen (o->keys[i].value));
      free (o->keys[i].value);
    }
  }
  free (o->keys);
  free (o->libvirt_uri);
  free (o->format);
  memset (o, 0, sizeof *o);
}

/* Makes room in *ARRAY (N elements of SIZE bytes, room for *CAP) for
 * one more, up to MAX: the limits bound what a command line can make
 * us allocate.
 */
static void
grow (const struct options *o, void *array, size_t *cap, size_t n,
      size_t size, size_t max, const char *what)
{
  if (n >= max) {
    fprintf (stderr, "%s: more than %zu %s\n", o->program, max, what);
    exit (EXIT_FAILURE);
  }
  if (vector_reserve ((void **) array, cap, n, 1, size) == -1)
    die_nomem ();
}

void
options_add_positional_drive (struct options *o, const char *filename)
{
  struct options_drive *d;
  struct options_uri uri;
  CLEANUP_FREE char *local = NULL, *error = NULL;
  int r = options_parse_uri (filename, &uri, &local, &error);

  if (r == -1) {
    fprintf (stderr, "%s: -a %s\n", o->program, error ? error : filename);
    exit (EXIT_FAILURE);
  }
  if (local)
    filename = local;
  if (r == 0 && !o->no_access_check && access (filename, R_OK) == -1) {
    fprintf (stderr, "%s: access: %s: %m\n", o->program, filename);
    exit (EXIT_FAILURE);
  }
  grow (o, &o->drives, &o->drives_cap, o->nr_drives, sizeof *o->drives,
        OPTIONS_MAX_DRIVES, "disks");
  d = &o->drives[o->nr_drives++];
  memset (d, 0, sizeof *d);
  d->filename = xstrdup (filename);
  d->format = o->format ? xstrdup (o->format) : NULL;
  d->blocksize = o->blocksize;
  d->uri = NULL;
  if (r == 1) {
    d->uri = malloc (sizeof *d->uri);
    if (d->uri == NULL)
      die_nomem ();
    *d->uri = uri;
    free (d->filename);
    d->filename = xstrdup (uri.path);
  }
}

void
options_add_domain (struct options *o, const char *domain)
{
  struct options_drive *d;

  grow (o, &o->drives, &o->drives_cap, o->nr_drives, sizeof *o->drives,
        OPTIONS_MAX_DRIVES, "disks");
  d = &o->drives[o->nr_drives++];
  memset (d, 0, sizeof *d);
  d->domain = xstrdup (domain);
}

void
options_add_guest_arg (struct options *o, const char *arg)
{
  if (strchr (arg, '/') || access (arg, F_OK) == 0)
    options_add_positional_drive (o, arg);
  else
    options_add_domain (o, arg);
}

void
options_check_format_used (const struct options *o)
{
  if (o->format_unused) {
    fprintf (stderr, "%s: --format parameter must appear before -a "
             "parameter\n", o->program);
    exit (EXIT_FAILURE);
  }
}

bool
options_have_drive (const struct options *o)
{
  options_check_format_used (o);
  if (o->nr_drives > 0)
    return true;
  fprintf (stderr, "%s: no disk image (-a) or domain (-d) was given\n",
           o->program);
  return false;
}

/* Splits "dev[:mountpoint[:options[:fstype]]]".  A btrfs subvolume
 * mountable ("btrfsvol:/dev/sda2/root") keeps its own colon, and the
 * fstype field is the rest of the string.
 */
static void
add_mount (struct options *o, const char *arg)
{
  struct options_mount *m;
  char *fields[4] = { NULL, NULL, NULL, NULL };
  const char *p = arg;
  size_t i, skip = 0;

  if (strncmp (arg, "btrfsvol:", 9) == 0)
    skip = 9;
  for (i = 0; i < 4; ++i) {
    size_t len = skip + strcspn (p + skip, i < 3 ? ":" : "");

    skip = 0;
    fields[i] = strndup (p, len);
    if (fields[i] == NULL)
      die_nomem ();
    p += len;
    if (*p != ':')
      break;
    p++;
  }
  if (fields[0][0] == '\0') {
    fprintf (stderr, "%s: -m %s: no device given\n", o->program, arg);
    exit (EXIT_FAILURE);
  }
  grow (o, &o->mounts, &o->mounts_cap, o->nr_mounts, sizeof *o->mounts,
        OPTIONS_MAX_MOUNTS, "-m options");
  m = &o->mounts[o->nr_mounts++];
  m->device = fields[0];
  if (fields[1] == NULL || fields[1][0] == '\0') {
    free (fields[1]);
    m->mountpoint = xstrdup ("/");
  }
  else
    m->mountpoint = fields[1];
  m->options = fields[2];
  if (fields[3] && fields[3][0] == '\0') {
    free (fields[3]);
    fields[3] = NULL;
  }
  m->fstype = fields[3];
}

/* --key ID:key:KEY, --key ID:file:FILE, --key ID:clevis.  The ID may
 * not hold a colon (devices and UUIDs do not).
 */
static void
add_key (struct options *o, const char *arg)
{
  struct options_key *k;
  const char *colon = strchr (arg, ':');
  const char *rest;

  if (colon == NULL || colon == arg) {
    /* Do not echo the argument: it may hold a passphrase. */
    fprintf (stderr, "%s: --key: expected ID:key:KEY, ID:file:FILE or "
             "ID:clevis\n", o->program);
    exit (EXIT_FAILURE);
  }
  grow (o, &o->keys, &o->keys_cap, o->nr_keys, sizeof *o->keys,
        OPTIONS_MAX_KEYS, "--key options");
  k = &o->keys[o->nr_keys];
  k->id = strndup (arg, colon - arg);
  if (k->id == NULL)
    die_nomem ();
  rest = colon + 1;
  if (strncmp (rest, "key:", 4) == 0) {
    k->kind = OPTIONS_KEY_STRING;
    k->value = xstrdup (rest + 4);
  }
  else if (strncmp (rest, "file:", 5) == 0 && rest[5] != '\0') {
    k->kind = OPTIONS_KEY_FILE;
    k->value = xstrdup (rest + 5);
  }
  else if (strcmp (rest, "clevis") == 0) {
    k->kind = OPTIONS_KEY_CLEVIS;
    k->value = NULL;
  }
  else {
    /* Do not echo the argument: it may hold a passphrase. */
    fprintf (stderr, "%s: --key: expected ID:key:KEY, ID:file:FILE or "
             "ID:clevis\n", o->program);
    free (k->id);
    exit (EXIT_FAILURE);
  }
  o->nr_keys++;
}

static void
set_blocksize (struct options *o, const char *arg)
{
  if (arg == NULL || *arg == '\0')
    o->blocksize = 0;
  else if (strcmp (arg, "512") == 0)
    o->blocksize = 512;
  else if (strcmp (arg, "4096") == 0)
    o->blocksize = 4096;
  else {
    fprintf (stderr, "%s: --blocksize=%s: the sector size must be 512 "
             "or 4096\n", o->program, arg);
    exit (EXIT_FAILURE);
  }
}

/* The long options without a letter, by name. */
static int
handle_long (struct options *o, const char *name, const char *arg)
{
  if (strcmp (name, "format") == 0) {
    free (o->format);
    /* --format alone (or --format=) goes back to probing. */
    o->format = arg && *arg ? xstrdup (arg) : NULL;
    o->format_unused = true;
  }
  else if (strcmp (name, "blocksize") == 0)
    set_blocksize (o, arg);
  else if (strcmp (name, "ro") == 0)
    o->read_only = true;
  else if (strcmp (name, "key") == 0)
    add_key (o, arg);
  else if (strcmp (name, "keys-from-stdin") == 0)
    o->keys_from_stdin = true;
  else if (strcmp (name, "echo-keys") == 0)
    o->echo_keys = true;
  else if (strcmp (name, "long-options") == 0) {
    options_print_long_options (o->long_options);
    exit (EXIT_SUCCESS);
  }
  else if (strcmp (name, "short-options") == 0) {
    options_print_short_options (o->short_options);
    exit (EXIT_SUCCESS);
  }
  else if (strcmp (name, "add") == 0 || strcmp (name, "mount") == 0 ||
           strcmp (name, "inspector") == 0 ||
           strcmp (name, "verbose") == 0 || strcmp (name, "trace") == 0 ||
           strcmp (name, "version") == 0 || strcmp (name, "domain") == 0 ||
           strcmp (name, "connect") == 0) {
    /* A tool table that gives these val 0 instead of their letter. */
    static const char letters[] = "amivxVdc";
    static const char *const names[] = {
      "add", "mount", "inspector", "verbose", "trace", "version",
      "domain", "connect",
    };
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; ++i)
      if (strcmp (name, names[i]) == 0)
        return options_handle (o, letters[i], -1, arg);
  }
  else
    return 0;
  return 1;
}

int
options_handle (struct options *o, int c, int option_index, const char *arg)
{
  switch (c) {
  case 0:
    if (option_index < 0 || o->long_options == NULL)
      return 0;
    return handle_long (o, o->long_options[option_index].name, arg);
  case 'a':
    options_add_positional_drive (o, arg);
    o->format_unused = false;
    return 1;
  case 'm':
    add_mount (o, arg);
    return 1;
  case 'i':
    o->inspector = true;
    return 1;
  case 'v':
    o->verbose = true;
    return 1;
  case 'x':
    o->trace = true;
    return 1;
  case 'V':
    options_print_version (o->program);
    exit (EXIT_SUCCESS);
  case 'd':
    options_add_domain (o, arg);
    return 1;
  case 'c':
    free (o->libvirt_uri);
    o->libvirt_uri = xstrdup (arg);
    return 1;
  default:
    return 0;
  }
}

int
options_parse_int (const char *program, const char *opt, const char *s,
                   int min, int max)
{
  char *end;
  long v;

  errno = 0;
  v = strtol (s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
    fprintf (stderr, "%s: %s: '%s' is not a number from %d to %d\n",
             program, opt, s, min, max);
    exit (EXIT_FAILURE);
  }
  return (int) v;
}

void
options_print_version (const char *program)
{
  printf ("%s %s\n", program, OPTIONS_VERSION);
}

void
options_print_long_options (const struct option *long_options)
{
  size_t i;

  for (i = 0; long_options && long_options[i].name; ++i) {
    if (strcmp (long_options[i].name, "long-options") == 0 ||
        strcmp (long_options[i].name, "short-options") == 0)
      continue;
    printf ("--%s\n", long_options[i].name);
  }
}

void
options_print_short_options (const char *short_options)
{
  const char *p;

  for (p = short_options; p && *p; ++p) {
    if (*p == ':' || *p == '+' || *p == '-')
      continue;
    printf ("-%c\n", *p);
  }
}

guestfs_h *
options_create_handle (const struct options *o)
{
  guestfs_h *g = guestfs_create ();

  if (g == NULL) {
    fprintf (stderr, "%s: failed to create a handle: %m\n", o->program);
    exit (EXIT_FAILURE);
  }
  if ((o->verbose && guestfs_set_verbose (g, 1) == -1) ||
      (o->trace && guestfs_set_trace (g, 1) == -1))
    exit (EXIT_FAILURE);
  return g;
}

/* -d: the domain's disks, as libguestfs's tools add them. */
static int
add_domain (const struct options *o, guestfs_h *g,
            const struct options_drive *d)
{
  struct guestfs_add_domain_argv args = { .bitmask = 0 };

  if (o->libvirt_uri) {
    args.bitmask |= GUESTFS_ADD_DOMAIN_LIBVIRTURI_BITMASK;
    args.libvirturi = o->libvirt_uri;
  }
  args.bitmask |= GUESTFS_ADD_DOMAIN_READONLY_BITMASK;
  args.readonly = o->read_only;
  args.bitmask |= GUESTFS_ADD_DOMAIN_ALLOWUUID_BITMASK;
  args.allowuuid = 1;
  /* A disk the domain itself may not write (an installation CD, a
   * shared base image) is not written through careen either.
   */
  args.bitmask |= GUESTFS_ADD_DOMAIN_READONLYDISK_BITMASK;
  args.readonlydisk = "read";
  return guestfs_add_domain_argv (g, d->domain, &args) == -1 ? -1 : 0;
}

int
options_add_drive (const struct options *o, guestfs_h *g,
                   const struct options_drive *d)
{
  struct guestfs_add_drive_opts_argv args = { .bitmask = 0 };

  options_check_format_used (o);
  if (d->domain)
    return add_domain (o, g, d);

  args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_READONLY_BITMASK;
  args.readonly = o->read_only;
  if (d->format) {
    args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_FORMAT_BITMASK;
    args.format = d->format;
  }
  if (d->blocksize) {
    args.bitmask |= GUESTFS_ADD_DRIVE_OPTS_BLOCKSIZE_BITMASK;
    args.blocksize = d->blocksize;
  }
  if (d->uri)
    options_uri_add_args (d->uri, &args);
  return guestfs_add_drive_opts_argv (g, d->filename, &args);
}

int
options_add_drives (const struct options *o, guestfs_h *g)
{
  size_t i;

  for (i = 0; i < o->nr_drives; ++i)
    if (options_add_drive (o, g, &o->drives[i]) == -1)
      return -1;
  return 0;
}
