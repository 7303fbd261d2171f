/** careen - offline disk-image toolkit
 *
 * virt-get-kernel: copy the newest kernel of a Linux guest, and its
 * initramfs, out to the host.
 *
 * The guest is found by inspection and mounted read-only.  The kernels
 * are the /boot/vmlinuz-VERSION files; the newest is the highest
 * VERSION compared as version strings (6.1.0-18 after 6.1.0-9), which
 * is what the man page of libguestfs's tool promises.  Its initramfs
 * is the first of the names distributions give it that exists; a
 * kernel without one is copied alone.
 */

#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "options.h"

static const char short_options[] = "a:c:d:o:qvVx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "blocksize", optional_argument, NULL, 0 },
  { "color", no_argument, NULL, 0 },
  { "colors", no_argument, NULL, 0 },
  { "colour", no_argument, NULL, 0 },
  { "colours", no_argument, NULL, 0 },
  { "connect", required_argument, NULL, 'c' },
  { "domain", required_argument, NULL, 'd' },
  { "echo-keys", no_argument, NULL, 0 },
  { "format", optional_argument, NULL, 0 },
  { "help", no_argument, NULL, 0 },
  { "key", required_argument, NULL, 0 },
  { "keys-from-stdin", no_argument, NULL, 0 },
  { "long-options", no_argument, NULL, 0 },
  { "machine-readable", optional_argument, NULL, 0 },
  { "output", required_argument, NULL, 'o' },
  { "prefix", required_argument, NULL, 0 },
  { "quiet", no_argument, NULL, 'q' },
  { "short-options", no_argument, NULL, 0 },
  { "unversioned-names", no_argument, NULL, 0 },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { "wrap", no_argument, NULL, 0 },
  { NULL, 0, NULL, 0 }
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try 'virt-get-kernel --help' for more "
             "information.\n");
  else
    printf ("virt-get-kernel: extract kernel and ramdisk from a guest\n"
            "Usage:\n"
            "  virt-get-kernel [--options] -a disk.img [-a disk.img ...]\n"
            "  virt-get-kernel [--options] -d domname\n"
            "Options:\n"
            "  -a|--add image       Add image\n"
            "  --blocksize[=512|4096]\n"
            "                       Set sector size of the disk for -a "
            "option\n"
            "  -c|--connect uri     Specify libvirt URI for -d option\n"
            "  --colors             Accepted; careen prints no colours\n"
            "  -d|--domain guest    Add disks from libvirt guest\n"
            "  --echo-keys          Don't turn off echo for passphrases\n"
            "  --format[=raw|..]    Force disk format for -a option\n"
            "  --help               Display brief help\n"
            "  --key selector       Specify a LUKS key\n"
            "  --keys-from-stdin    Read passphrases from stdin\n"
            "  --machine-readable[=format]\n"
            "                       Make output machine readable\n"
            "  -o|--output dir      Output directory\n"
            "  --prefix prefix      Prefix for files\n"
            "  -q|--quiet           Don't print progress messages\n"
            "  --unversioned-names  Use unversioned names for files\n"
            "  -v|--verbose         Verbose messages\n"
            "  -V|--version         Display version and exit\n"
            "  --wrap               Accepted; messages are not wrapped\n"
            "  -x                   Trace libguestfs API calls\n"
            "For more information, see the manpage virt-get-kernel(1).\n");
  exit (status);
}

/* The initramfs names of the distributions, %s being the kernel's
 * version: Fedora and RHEL, Debian and Ubuntu, SUSE, and older ones.
 */
static const char *const initrd_patterns[] = {
  "/boot/initramfs-%s.img",
  "/boot/initrd.img-%s",
  "/boot/initrd-%s",
  "/boot/initrd-%s.img",
  NULL
};

#define KERNEL_PREFIX "/boot/vmlinuz-"

/* Where --machine-readable output goes (FORMAT as
 * options_machine_readable_open takes it).  Returns a stream, or NULL
 * after printing the error.
 */
static FILE *
machine_readable_stream (const char *format)
{
  FILE *fp;

  if (!options_machine_readable_valid (format)) {
    fprintf (stderr, "virt-get-kernel: error: invalid output for "
             "--machine-readable: '%s'\n", format);
    return NULL;
  }
  fp = options_machine_readable_open (format);
  if (fp == NULL)
    fprintf (stderr, "virt-get-kernel: error: --machine-readable: "
             "'%s': %m\n", format);
  return fp;
}

/* The newest /boot/vmlinuz-* of the mounted guest, or NULL after
 * printing why (there is none, or the call failed).
 */
static char *
newest_kernel (guestfs_h *g)
{
  CLEANUP_FREE_STRING_LIST char **files = NULL;
  const char *best = NULL;
  size_t i, len;

  files = guestfs_glob_expand (g, KERNEL_PREFIX "*");
  if (files == NULL)
    return NULL;
  for (i = 0; files[i]; ++i) {
    len = strlen (files[i]);
    /* FIPS checksum files sit beside the kernels as .hmac. */
    if (len > 5 && strcmp (files[i] + len - 5, ".hmac") == 0)
      continue;
    if (guestfs_is_file (g, files[i]) <= 0)
      continue;
    if (best == NULL ||
        strverscmp (files[i] + strlen (KERNEL_PREFIX),
                    best + strlen (KERNEL_PREFIX)) > 0)
      best = files[i];
  }
  if (best == NULL) {
    fprintf (stderr, "virt-get-kernel: error: no kernel found in /boot "
             "(no %s* file)\n", KERNEL_PREFIX);
    return NULL;
  }
  return strdup (best);
}

/* The initramfs of kernel VERSION, or NULL when it has none. */
static char *
initrd_of (guestfs_h *g, const char *version)
{
  size_t i;

  for (i = 0; initrd_patterns[i]; ++i) {
    char *path;

    if (asprintf (&path, initrd_patterns[i], version) == -1)
      return NULL;
    if (guestfs_is_file (g, path) > 0)
      return path;
    free (path);
  }
  return NULL;
}

/* The host name of guest file SRC: its base name, with "-VERSION"
 * taken out for --unversioned-names, after "PREFIX-".
 */
static char *
local_name (const char *outdir, const char *prefix, bool unversioned,
            const char *src, const char *version)
{
  const char *base = strrchr (src, '/') + 1;
  CLEANUP_FREE char *name = strdup (base);
  char *r, *v;

  if (name == NULL)
    return NULL;
  if (unversioned && (v = strstr (name, version)) && v > name &&
      v[-1] == '-')
    memmove (v - 1, v + strlen (version), strlen (v + strlen (version)) + 1);
  if (asprintf (&r, "%s/%s%s%s", outdir, prefix ? prefix : "",
                prefix ? "-" : "", name) == -1)
    return NULL;
  return r;
}

static int
copy_out (guestfs_h *g, const char *src, const char *dst, bool quiet)
{
  if (!quiet) {
    printf ("download: %s -> %s\n", src, dst);
    fflush (stdout);
  }
  return guestfs_download (g, src, dst);
}

int
main (int argc, char *argv[])
{
  struct options o;
  guestfs_h *g;
  CLEANUP_FREE char *root = NULL, *type = NULL, *kernel = NULL;
  CLEANUP_FREE char *initrd = NULL, *kdst = NULL, *idst = NULL;
  const char *outdir = ".", *prefix = NULL, *version;
  bool quiet = false, unversioned = false, machine_readable = false;
  const char *mr_spec = NULL;
  int c, option_index = -1, r = 0;

  options_init (&o, "virt-get-kernel", true, short_options, long_options);
  while ((c = getopt_long (argc, argv, short_options, long_options,
                           &option_index)) != -1) {
    const char *name = c == 0 ? long_options[option_index].name : "";

    if (c == 'o')
      outdir = optarg;
    else if (c == 'q')
      quiet = true;
    else if (strcmp (name, "help") == 0)
      usage (EXIT_SUCCESS);
    else if (strcmp (name, "prefix") == 0)
      prefix = optarg;
    else if (strcmp (name, "unversioned-names") == 0)
      unversioned = true;
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
  if (optind < argc) {
    fprintf (stderr, "virt-get-kernel: error: extra parameter on the "
             "command line: '%s'\n", argv[optind]);
    usage (EXIT_FAILURE);
  }
  /* --machine-readable alone: what this program can do. */
  if (machine_readable && o.nr_drives == 0) {
    FILE *fp = machine_readable_stream (mr_spec);

    if (fp == NULL)
      exit (EXIT_FAILURE);
    fprintf (fp, "virt-get-kernel\n");
    if (fp != stdout && fp != stderr && fclose (fp) == EOF)
      exit (EXIT_FAILURE);
    exit (EXIT_SUCCESS);
  }
  if (!options_have_drive (&o))
    usage (EXIT_FAILURE);
  o.read_only = true;

  g = options_create_handle (&o);
  if (options_add_drives (&o, g) == -1 || guestfs_launch (g) == -1 ||
      options_inspect_mount (&o, g, &root) == -1)
    exit (EXIT_FAILURE);
  type = guestfs_inspect_get_type (g, root);
  if (type == NULL)
    exit (EXIT_FAILURE);
  if (strcmp (type, "linux") != 0) {
    fprintf (stderr, "virt-get-kernel: error: operating system not "
             "supported: %s (only Linux guests have /boot/vmlinuz-*)\n",
             type);
    exit (EXIT_FAILURE);
  }
  kernel = newest_kernel (g);
  if (kernel == NULL)
    exit (EXIT_FAILURE);
  version = kernel + strlen (KERNEL_PREFIX);
  initrd = initrd_of (g, version);
  kdst = local_name (outdir, prefix, unversioned, kernel, version);
  idst = initrd ? local_name (outdir, prefix, unversioned, initrd, version)
    : NULL;
  if (kdst == NULL || (initrd && idst == NULL)) {
    fprintf (stderr, "virt-get-kernel: error: out of memory\n");
    exit (EXIT_FAILURE);
  }
  if (copy_out (g, kernel, kdst, quiet) == -1 ||
      (initrd && copy_out (g, initrd, idst, quiet) == -1))
    r = -1;
  if (guestfs_shutdown (g) == -1)
    r = -1;
  guestfs_close (g);
  options_free (&o);
  return r == -1 ? EXIT_FAILURE : EXIT_SUCCESS;
}
