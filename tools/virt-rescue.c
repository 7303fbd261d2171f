/** careen - offline disk-image toolkit
 *
 * virt-rescue: libguestfs's tool opens a root shell inside the
 * appliance, on a serial console, with the guest's disks attached.
 * careen's appliance has no shell on its console and no pty channel
 * (its init starts the daemon directly), so the interactive rescue
 * shell is not available: asking for it fails with a clear message
 * that points to guestfish.
 *
 * What works is --suggest: the disks are inspected (read-only) and the
 * mount commands that would put each operating system's filesystems
 * under /sysroot are printed, or, when no operating system is found,
 * the filesystems that could be mounted.
 */

#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs.h"
#include "cleanups.h"
#include "options.h"

#define PROGRAM "virt-rescue"

enum { HELP_OPTION = CHAR_MAX + 1, SUGGEST_OPTION, SCRATCH_OPTION };

static const char short_options[] = "a:c:d:e:im:rvVwx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "append", required_argument, NULL, 0 },
  { "blocksize", optional_argument, NULL, 0 },
  { "connect", required_argument, NULL, 'c' },
  { "domain", required_argument, NULL, 'd' },
  { "echo-keys", no_argument, NULL, 0 },
  { "format", optional_argument, NULL, 0 },
  { "help", no_argument, NULL, HELP_OPTION },
  { "inspector", no_argument, NULL, 'i' },
  { "key", required_argument, NULL, 0 },
  { "keys-from-stdin", no_argument, NULL, 0 },
  { "long-options", no_argument, NULL, 0 },
  { "memsize", required_argument, NULL, 0 },
  { "mount", required_argument, NULL, 'm' },
  { "network", no_argument, NULL, 0 },
  { "ro", no_argument, NULL, 'r' },
  { "rw", no_argument, NULL, 'w' },
  { "scratch", optional_argument, NULL, SCRATCH_OPTION },
  { "selinux", no_argument, NULL, 0 },
  { "short-options", no_argument, NULL, 0 },
  { "smp", required_argument, NULL, 0 },
  { "suggest", no_argument, NULL, SUGGEST_OPTION },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { NULL, 0, NULL, 0 }
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try '%s --help' for more information.\n", PROGRAM);
  else
    printf ("%s: rescue a disk image (careen)\n"
            "\n"
            "Usage:\n"
            "  %s --suggest [--options] -a disk.img [-a disk.img ...]\n"
            "\n"
            "Options:\n"
            "  -a|--add image       add a disk image\n"
            "  --blocksize[=512|4096] sector size of the next -a\n"
            "  --format[=raw|qcow2|..] format of the next -a images\n"
            "  --key ID:key:KEY|ID:file:FILE  key of an encrypted disk\n"
            "  --keys-from-stdin    read keys from stdin\n"
            "  --echo-keys          show keys as they are typed\n"
            "  --suggest            print the mount commands for the\n"
            "                       guest's filesystems\n"
            "  -v|--verbose         verbose messages\n"
            "  -V|--version         print the version and exit\n"
            "  -x                   trace library calls\n"
            "  --help               print this help and exit\n"
            "The interactive rescue shell is not available in careen: "
            "use guestfish(1).\n"
            "See %s(1).\n", PROGRAM, PROGRAM, PROGRAM);
  exit (status);
}

/* Orders mountpoints so that parents come before their children. */
static int
compare_mountpoints (const void *a, const void *b)
{
  const char *const *ma = a, *const *mb = b;
  size_t la = strlen (ma[0]), lb = strlen (mb[0]);

  return la != lb ? (la < lb ? -1 : 1) : strcmp (ma[0], mb[0]);
}

/* Prints "mount DEV /sysroot/MP" for each filesystem of ROOT, shortest
 * mountpoint first.  Returns 0 or -1 (library error printed).
 */
static int
suggest_os (guestfs_h *g, const char *root)
{
  CLEANUP_FREE char *type = guestfs_inspect_get_type (g, root);
  CLEANUP_FREE char *distro = guestfs_inspect_get_distro (g, root);
  CLEANUP_FREE char *product = guestfs_inspect_get_product_name (g, root);
  CLEANUP_FREE_STRING_LIST char **mps =
    guestfs_inspect_get_mountpoints (g, root);
  int major = guestfs_inspect_get_major_version (g, root);
  int minor = guestfs_inspect_get_minor_version (g, root);
  size_t i, n;

  if (type == NULL || distro == NULL || product == NULL || mps == NULL)
    return -1;
  printf ("# %s: the root filesystem of a %s guest\n", root, type);
  printf ("# distribution: %s, version: %d.%d\n", distro, major, minor);
  printf ("# %s\n\n", product);

  /* mps is a hash-like list: mountpoint, device, mountpoint, ... */
  for (n = 0; mps[n] != NULL && mps[n + 1] != NULL; n += 2)
    ;
  qsort (mps, n / 2, 2 * sizeof (char *), compare_mountpoints);
  for (i = 0; i < n; i += 2)
    printf ("mount %s /sysroot%s\n", mps[i + 1],
            strcmp (mps[i], "/") == 0 ? "/" : mps[i]);
  if (strcmp (type, "linux") == 0)
    printf ("mount --rbind /dev /sysroot/dev\n"
            "mount --rbind /proc /sysroot/proc\n"
            "mount --rbind /sys /sysroot/sys\n"
            "\n"
            "cd /sysroot\n"
            "chroot /sysroot\n");
  printf ("\n");
  return 0;
}

/* No operating system found: lists what could be mounted by hand. */
static int
suggest_filesystems (guestfs_h *g)
{
  CLEANUP_FREE_STRING_LIST char **fses = guestfs_list_filesystems (g);
  size_t i;
  bool any = false;

  if (fses == NULL)
    return -1;
  printf ("No operating system was found on these disks.\n\n");
  for (i = 0; fses[i] != NULL && fses[i + 1] != NULL; i += 2) {
    const char *dev = fses[i], *type = fses[i + 1];

    /* Swap, unknown contents and LVM physical volumes hold no files. */
    if (strcmp (type, "swap") == 0 || strcmp (type, "unknown") == 0 ||
        strcmp (type, "LVM2_member") == 0 || strcmp (type, "") == 0)
      continue;
    if (!any)
      printf ("These filesystems could be mounted by hand:\n\n");
    any = true;
    printf ("# %s is a %s filesystem\n", dev, type);
    printf ("mount %s /sysroot/\n\n", dev);
  }
  if (!any)
    printf ("No filesystem that could be mounted was found either.\n");
  return 0;
}

static int
suggest (guestfs_h *g)
{
  CLEANUP_FREE_STRING_LIST char **roots = NULL;
  size_t i;

  printf ("Inspecting the disks ...\n\n");
  fflush (stdout);
  roots = guestfs_inspect_os (g);
  if (roots == NULL)
    return -1;
  if (roots[0] == NULL)
    return suggest_filesystems (g);
  printf ("These disks hold an operating system.  These commands mount "
          "its\nfilesystems under /sysroot:\n\n");
  for (i = 0; roots[i] != NULL; ++i)
    if (suggest_os (g, roots[i]) == -1)
      return -1;
  return 0;
}

int
main (int argc, char *argv[])
{
  struct options o;
  bool do_suggest = false;
  guestfs_h *g;
  int c, option_index, status = EXIT_FAILURE;

  options_init (&o, PROGRAM, false, short_options, long_options);
  for (;;) {
    option_index = -1;
    c = getopt_long (argc, argv, short_options, long_options,
                     &option_index);
    if (c == -1)
      break;
    switch (c) {
    case HELP_OPTION:
      usage (EXIT_SUCCESS);
    case SUGGEST_OPTION:
      do_suggest = true;
      break;
    case 'r':
      o.read_only = true;
      break;
    case 'w':
      o.read_only = false;
      break;
    case SCRATCH_OPTION:
    case 'e':
      /* Only meaningful for the interactive shell, refused below. */
      break;
    default:
      if (options_handle (&o, c, option_index, optarg) == 0) {
        /* The interactive shell's options (--memsize, --smp,
         * --network, --append, --selinux) are accepted here and
         * refused below with the shell itself.
         */
        if (c != 0)
          usage (EXIT_FAILURE);
      }
    }
  }
  /* The old form: disk images as arguments. */
  for (; optind < argc; ++optind)
    options_add_positional_drive (&o, argv[optind]);

  if (!do_suggest) {
    fprintf (stderr, "%s: the interactive rescue shell is not available "
             "in careen (its appliance has no shell console); use "
             "guestfish(1) to work on the disks, or --suggest to list "
             "the mount commands of the guest\n", PROGRAM);
    exit (EXIT_FAILURE);
  }
  if (o.nr_drives == 0) {
    fprintf (stderr, "%s: no disk image: give one with -a\n", PROGRAM);
    usage (EXIT_FAILURE);
  }
  /* --suggest only reads, whatever --rw says. */
  o.read_only = true;

  g = options_create_handle (&o);
  if (options_add_drives (&o, g) == 0 && guestfs_launch (g) == 0 &&
      options_decrypt (&o, g) == 0 && suggest (g) == 0 &&
      guestfs_shutdown (g) == 0)
    status = EXIT_SUCCESS;
  guestfs_close (g);
  options_free (&o);
  exit (status);
}
