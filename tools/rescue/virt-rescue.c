/** careen - offline disk-image toolkit
 *
 * virt-rescue: a root shell inside the appliance, on its serial
 * console, with the guest's disks attached (and with -i or -m, their
 * filesystems mounted under /sysroot).
 *
 * The handle is launched with careen.rescue=1 on the kernel command
 * line: the library then makes the console writable and the
 * appliance's init starts a shell on it, which waits for a first line
 * of input before it speaks.  This program mounts what was asked
 * through the API, takes the console (internal_get_console_socket),
 * wakes the shell and relays bytes between the user's terminal (in raw
 * mode, restored on every way out) and the console, watching for the
 * escape key.  When the shell exits, the appliance powers off, the
 * console reaches end of file and the handle is closed.
 *
 * --suggest (the old way) inspects the disks read-only and prints the
 * mount commands that would put the guest's filesystems under
 * /sysroot.
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "guestfs.h"
#include "cleanups.h"
#include "options.h"
#include "rescue-console.h"

#define PROGRAM "virt-rescue"

/* The escape key by default: ^] (as telnet's). */
#define DEFAULT_ESCAPE 0x1d
/* Each --scratch disk, as libguestfs's: sparse, so it costs nothing
 * until written.
 */
#define SCRATCH_SIZE (INT64_C (10) * 1024 * 1024 * 1024)
/* Most --scratch=N disks: a typo must not fill the tmpdir's inodes. */
#define MAX_SCRATCH 64
/* The kernel command line is bounded (COMMAND_LINE_SIZE is 2048 on
 * x86); the user's --append must leave room for the rest.
 */
#define MAX_APPEND 1024
/* The terminal type passed to the appliance (init checks it too). */
#define MAX_TERM 63

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

/* What the command line asked for besides the common options. */
struct rescue_opts {
  int escape;                   /* a byte, or RESCUE_NO_ESCAPE */
  const char *append;           /* --append, or NULL */
  int memsize;                  /* MB, or 0: the library's default */
  int smp;                      /* or 0 */
  bool network;                 /* --network */
  /* --scratch disks: scratch_at[k] is how many -a disks came before
   * the k-th one, so they are added in command-line order.
   */
  size_t scratch_at[MAX_SCRATCH];
  size_t nr_scratch;
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try '%s --help' for more information.\n", PROGRAM);
  else
    printf ("%s: a rescue shell on a disk image (careen)\n"
            "\n"
            "Usage:\n"
            "  %s [--options] -a disk.img [-a disk.img ...] [-i]\n"
            "  %s [--options] -d domname [-i]\n"
            "  %s --suggest [--options] -a disk.img [-a disk.img ...]\n"
            "\n"
            "Options:\n"
            "  -a|--add image       add a disk image\n"
            "  --append kernelopts  more options for the appliance kernel\n"
            "  --blocksize[=512|4096] sector size of the next -a\n"
            "  -c|--connect uri     libvirt URI for -d\n"
            "  -d|--domain guest    add the disks of a libvirt guest\n"
            "  -e ^x|none           the escape key (default ^])\n"
            "  --format[=raw|qcow2|..] format of the next -a images\n"
            "  -i|--inspector       mount the guest's filesystems under "
            "/sysroot\n"
            "  --key ID:key:KEY|ID:file:FILE  key of an encrypted disk\n"
            "  --keys-from-stdin    read keys from stdin\n"
            "  --echo-keys          show keys as they are typed\n"
            "  -m|--mount dev[:mnt[:opts[:fstype]]]  mount dev on "
            "/sysroot/mnt\n"
            "  --memsize MB         memory of the appliance\n"
            "  --network            give the appliance a network\n"
            "  -r|--ro              open the disks read-only\n"
            "  --scratch[=N]        add N empty 10G scratch disks\n"
            "  --selinux            accepted for compatibility, does "
            "nothing\n"
            "  --smp N              virtual CPUs of the appliance\n"
            "  --suggest            print the mount commands for the\n"
            "                       guest's filesystems\n"
            "  -v|--verbose         verbose messages\n"
            "  -V|--version         print the version and exit\n"
            "  -x                   trace library calls\n"
            "  --help               print this help and exit\n"
            "See %s(1).\n", PROGRAM, PROGRAM, PROGRAM, PROGRAM, PROGRAM);
  exit (status);
}

/* -e: "^x" (a control key), "none", or one character. */
static int
parse_escape (const char *s)
{
  if (strcmp (s, "none") == 0)
    return RESCUE_NO_ESCAPE;
  if (s[0] == '^' && s[1] != '\0' && s[2] == '\0') {
    int c = s[1];

    if (c >= 'a' && c <= 'z')
      c -= 'a' - 'A';
    if (c >= '@' && c <= '_')
      return c & 0x1f;
    if (c == '?')
      return 0x7f;
  }
  else if (s[0] != '\0' && s[1] == '\0')
    return (unsigned char) s[0];
  fprintf (stderr, "%s: -e: invalid escape key '%s': use ^x or none\n",
           PROGRAM, s);
  exit (EXIT_FAILURE);
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

/* The kernel options for rescue mode: the terminal type and size for
 * the shell, then the user's --append.
 */
static char *
rescue_append (const char *user)
{
  const char *term = getenv ("TERM");
  struct winsize ws;
  unsigned rows = 0, cols = 0;
  char *s;

  if (term == NULL || term[0] == '\0' || strlen (term) > MAX_TERM ||
      term[strspn (term, "abcdefghijklmnopqrstuvwxyz"
                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-._")] != '\0')
    term = "vt100";
  if (ioctl (STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
      ws.ws_col > 0) {
    rows = ws.ws_row;
    cols = ws.ws_col;
  }
  if (asprintf (&s, "careen.rescue=1 careen.term=%s careen.rows=%u "
                "careen.cols=%u%s%s", term, rows, cols,
                user ? " " : "", user ? user : "") == -1) {
    perror ("asprintf");
    exit (EXIT_FAILURE);
  }
  return s;
}

/* Adds the -a disks and the --scratch disks in command-line order. */
static int
add_drives (const struct options *o, const struct rescue_opts *ro,
            guestfs_h *g)
{
  size_t i, k = 0;

  for (i = 0; i <= o->nr_drives; ++i) {
    for (; k < ro->nr_scratch && ro->scratch_at[k] == i; ++k)
      if (guestfs_add_drive_scratch (g, SCRATCH_SIZE, -1) == -1)
        return -1;
    if (i < o->nr_drives && options_add_drive (o, g, &o->drives[i]) == -1)
      return -1;
  }
  return 0;
}

/* The interactive shell.  Returns the exit status. */
static int
rescue (struct options *o, const struct rescue_opts *ro)
{
  CLEANUP_FREE char *append = rescue_append (ro->append);
  CLEANUP_FREE char *root = NULL;
  enum rescue_console_end end;
  guestfs_h *g;
  int console;
  char k[8];
  int status = EXIT_FAILURE;

  g = options_create_handle (o);
  if (guestfs_set_append (g, append) == -1 ||
      (ro->memsize > 0 && guestfs_set_memsize (g, ro->memsize) == -1) ||
      (ro->smp > 0 && guestfs_set_smp (g, ro->smp) == -1) ||
      (ro->network && guestfs_set_network (g, 1) == -1) ||
      add_drives (o, ro, g) == -1)
    goto out;

  if (ro->escape != RESCUE_NO_ESCAPE)
    printf ("The virt-rescue escape key is '%s'.  Type '%s h' for help.\n",
            rescue_key_name (ro->escape, k, sizeof k), k);
  printf ("Starting the appliance ...\n");
  fflush (stdout);
  if (guestfs_launch (g) == -1 || options_decrypt (o, g) == -1)
    goto out;
  if (o->inspector) {
    if (options_inspect_mount (o, g, &root) == -1)
      goto out;
  }
  else if (options_mount (o, g) == -1)
    goto out;
  /* The appliance syncs and unmounts everything when it powers off,
   * which it does by itself after the shell exits: the library's own
   * unmount before shutdown would find no daemon.
   */
  if (guestfs_set_autosync (g, 0) == -1)
    goto out;
  console = guestfs_internal_get_console_socket (g);
  if (console == -1)
    goto out;

  end = rescue_console_run (g, console, ro->escape, root);
  if (guestfs_shutdown (g) == 0 && end == RESCUE_CONSOLE_DONE)
    status = EXIT_SUCCESS;
 out:
  guestfs_close (g);
  return status;
}

int
main (int argc, char *argv[])
{
  struct options o;
  struct rescue_opts ro = { .escape = DEFAULT_ESCAPE };
  bool do_suggest = false;
  guestfs_h *g;
  int c, option_index, status = EXIT_FAILURE, n;
  const char *name;

  options_init (&o, PROGRAM, false, short_options, long_options);
  if (options_read_config (&o) == -1)
    exit (EXIT_FAILURE);
  for (;;) {
    option_index = -1;
    c = getopt_long (argc, argv, short_options, long_options,
                     &option_index);
    if (c == -1)
      break;
    name = option_index >= 0 ? long_options[option_index].name : "";
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
    case 'e':
      ro.escape = parse_escape (optarg);
      break;
    case SCRATCH_OPTION:
      n = optarg ? options_parse_int (PROGRAM, "--scratch", optarg, 1,
                                      MAX_SCRATCH) : 1;
      if (ro.nr_scratch + n > MAX_SCRATCH) {
        fprintf (stderr, "%s: --scratch: more than %d scratch disks\n",
                 PROGRAM, MAX_SCRATCH);
        exit (EXIT_FAILURE);
      }
      while (n-- > 0)
        ro.scratch_at[ro.nr_scratch++] = o.nr_drives;
      break;
    case 0:
      if (strcmp (name, "append") == 0) {
        if (strlen (optarg) > MAX_APPEND) {
          fprintf (stderr, "%s: --append: longer than %d bytes\n",
                   PROGRAM, MAX_APPEND);
          exit (EXIT_FAILURE);
        }
        ro.append = optarg;
        break;
      }
      if (strcmp (name, "memsize") == 0) {
        ro.memsize = options_parse_int (PROGRAM, "--memsize", optarg, 128,
                                        1024 * 1024);
        break;
      }
      if (strcmp (name, "smp") == 0) {
        ro.smp = options_parse_int (PROGRAM, "--smp", optarg, 1, 255);
        break;
      }
      if (strcmp (name, "selinux") == 0)
        break;                  /* compatibility: nothing to do */
      if (strcmp (name, "network") == 0) {
        ro.network = true;
        break;
      }
      /* fall through */
    default:
      if (options_handle (&o, c, option_index, optarg) == 0)
        usage (EXIT_FAILURE);
    }
  }
  /* The old form: disk images as arguments. */
  for (; optind < argc; ++optind)
    options_add_positional_drive (&o, argv[optind]);

  if (o.nr_drives == 0 && (do_suggest || ro.nr_scratch == 0)) {
    fprintf (stderr, "%s: no disk image or domain: give one with -a or "
             "-d\n", PROGRAM);
    usage (EXIT_FAILURE);
  }
  if (!do_suggest) {
    if (o.inspector && o.nr_mounts > 0) {
      fprintf (stderr, "%s: -i and -m cannot be used together\n",
               PROGRAM);
      exit (EXIT_FAILURE);
    }
    rescue_console_save_terminal ();
    status = rescue (&o, &ro);
    options_free (&o);
    exit (status);
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
