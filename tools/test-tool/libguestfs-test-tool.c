/** careen - offline disk-image toolkit
 *
 * libguestfs-test-tool: does the appliance work on this host?
 *
 * Prints what a bug report needs (the environment variables that steer
 * careen, the handle's settings), then launches the appliance with
 * debug messages on a scratch disk, makes a partition and a filesystem
 * on it, mounts it and writes a file.  It ends with
 * "===== TEST FINISHED OK =====" and exit 0, or with the step that
 * failed and exit 1.  A launch that hangs is stopped after the -t
 * timeout (the library's messages up to then say where it stopped).
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cleanups.h"
#include "guestfs.h"
#include "options.h"

#define PROGRAM "libguestfs-test-tool"

/* Seconds the whole test may take by default: a first launch builds the
 * appliance, which takes minutes on a slow host under TCG.
 */
#define DEFAULT_TIMEOUT 600

/* Size of the scratch disk: enough for a partition and an ext2. */
#define SCRATCH_SIZE (100 * 1024 * 1024)

/* The environment variables shown: careen's and libguestfs's, those
 * of the programs it runs, and the search paths.
 */
static const char *const env_prefixes[] = {
  "LIBGUESTFS_", "CAREEN_", "LIBVIRT_", "SUPERMIN_", NULL
};
static const char *const env_names[] = {
  "PATH", "LD_LIBRARY_PATH", "TMPDIR", NULL
};

static const char short_options[] = "t:V";
static const struct option long_options[] = {
  { "help", no_argument, NULL, 0 },
  { "long-options", no_argument, NULL, 0 },
  { "qemu", required_argument, NULL, 0 },
  { "qemudir", required_argument, NULL, 0 },
  { "short-options", no_argument, NULL, 0 },
  { "timeout", required_argument, NULL, 't' },
  { "version", no_argument, NULL, 'V' },
  { NULL, 0, NULL, 0 }
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try '" PROGRAM " --help' for more information.\n");
  else
    printf (PROGRAM ": interactive test tool\n"
            "Usage:\n"
            "  " PROGRAM " [--options]\n"
            "Options:\n"
            "  --help         Display usage\n"
            "  --qemudir dir  Specify QEMU source directory\n"
            "  --qemu qemu    Specify QEMU binary\n"
            "  --timeout n\n"
            "  -t n           Set launch timeout (default: %d seconds)\n"
            "  --version\n"
            "  -V             Display careen's version and exit\n"
            "For more information, see the manpage " PROGRAM "(1).\n",
            DEFAULT_TIMEOUT);
  exit (status);
}

/* The scratch disk and its directory, removed by the timeout too. */
static char scratch[PATH_MAX];
static char disk[PATH_MAX + 16];

static void
remove_scratch (void)
{
  unlink (disk);
  rmdir (scratch);
}

static void
on_alarm (int sig)
{
  static const char msg[] =
    "\n" PROGRAM ": timed out: the test did not finish in time.\n"
    "The messages above show how far the appliance got.\n";

  /* Only async-signal-safe calls here.  The library's watcher stops
   * qemu once we are gone.
   */
  remove_scratch ();
  if (write (STDERR_FILENO, msg, sizeof msg - 1) == -1)
    _exit (EXIT_FAILURE);
  _exit (EXIT_FAILURE);
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static bool
env_shown (const char *entry)
{
  size_t i, len;

  for (i = 0; env_prefixes[i]; ++i)
    if (strncmp (entry, env_prefixes[i], strlen (env_prefixes[i])) == 0)
      return true;
  for (i = 0; env_names[i]; ++i) {
    len = strlen (env_names[i]);
    if (strncmp (entry, env_names[i], len) == 0 && entry[len] == '=')
      return true;
  }
  return false;
}

/* The variables of env_shown, sorted. */
static void
print_environment (void)
{
  extern char **environ;
  const char **shown;
  size_t n = 0, i;

  for (i = 0; environ[i]; ++i)
    n++;
  shown = calloc (n + 1, sizeof *shown);
  if (shown == NULL) {
    perror (PROGRAM ": calloc");
    exit (EXIT_FAILURE);
  }
  for (i = 0, n = 0; environ[i]; ++i)
    if (env_shown (environ[i]))
      shown[n++] = environ[i];
  qsort (shown, n, sizeof *shown, compare_strings);
  for (i = 0; i < n; ++i)
    printf ("%s\n", shown[i]);
  free (shown);
}

static void
print_string (const char *name, char *value)
{
  printf ("guestfs_get_%s: %s\n", name, value ? value : "(null)");
  free (value);
}

static void
print_const (const char *name, const char *value)
{
  printf ("guestfs_get_%s: %s\n", name, value ? value : "(null)");
}

static void
print_int (const char *name, int value)
{
  printf ("guestfs_get_%s: %d\n", name, value);
}

/* The settings of a new handle, as the library will launch with them. */
static void
print_settings (guestfs_h *g)
{
  CLEANUP_FREE_STRING_LIST char **bs = guestfs_get_backend_settings (g);
  struct utsname u;
  size_t i;

  print_const ("append", guestfs_get_append (g));
  print_int ("autosync", guestfs_get_autosync (g));
  print_string ("backend", guestfs_get_backend (g));
  printf ("guestfs_get_backend_settings: [");
  for (i = 0; bs && bs[i]; ++i)
    printf ("%s%s", i ? ", " : "", bs[i]);
  printf ("]\n");
  print_string ("cachedir", guestfs_get_cachedir (g));
  print_string ("hv", guestfs_get_hv (g));
  print_int ("memsize", guestfs_get_memsize (g));
  print_int ("network", guestfs_get_network (g));
  print_const ("path", guestfs_get_path (g));
  print_int ("pgroup", guestfs_get_pgroup (g));
  print_const ("program", guestfs_get_program (g));
  print_int ("recovery_proc", guestfs_get_recovery_proc (g));
  print_int ("smp", guestfs_get_smp (g));
  print_string ("sockdir", guestfs_get_sockdir (g));
  print_string ("tmpdir", guestfs_get_tmpdir (g));
  print_int ("trace", guestfs_get_trace (g));
  print_int ("verbose", guestfs_get_verbose (g));
  if (uname (&u) == 0)
    printf ("host_cpu: %s\n", u.machine);
}

/* --qemudir DIR: the qemu built in a source tree, as DIR/build/... or
 * DIR/ARCH-softmmu/...  Returns a new string, or NULL when neither is
 * there.
 */
static char *
qemu_of_dir (const char *dir)
{
  static const char *const layouts[] = {
    "%s/build/qemu-system-%s", "%s/%s-softmmu/qemu-system-%s", NULL
  };
  struct utsname u;
  size_t i;

  if (uname (&u) == -1)
    return NULL;
  for (i = 0; layouts[i]; ++i) {
    char *path;

    /* The second layout names the architecture twice. */
    if (asprintf (&path, layouts[i], dir, u.machine, u.machine) == -1)
      return NULL;
    if (access (path, X_OK) == 0)
      return path;
    free (path);
  }
  return NULL;
}

/* Runs STEP's result check: on failure says which step and ends. */
static void
check (int r, const char *step)
{
  if (r == -1) {
    fflush (stdout);
    fprintf (stderr, "%s: %s failed: see the messages above.\n"
             "===== TEST FAILED =====\n", PROGRAM, step);
    exit (EXIT_FAILURE);
  }
}

int
main (int argc, char *argv[])
{
  guestfs_h *g;
  CLEANUP_FREE char *qemu = NULL;
  long timeout = DEFAULT_TIMEOUT;
  int c, option_index = -1, r;

  while ((c = getopt_long (argc, argv, short_options, long_options,
                           &option_index)) != -1) {
    const char *name = c == 0 ? long_options[option_index].name : "";

    if (c == 't') {
      char *end;

      errno = 0;
      timeout = strtol (optarg, &end, 10);
      if (errno || *end || end == optarg || timeout <= 0 ||
          timeout > 86400) {
        fprintf (stderr, PROGRAM ": -t %s: expected a number of seconds "
                 "from 1 to 86400\n", optarg);
        exit (EXIT_FAILURE);
      }
    }
    else if (c == 'V') {
      options_print_version (PROGRAM);
      exit (EXIT_SUCCESS);
    }
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
    else if (strcmp (name, "qemu") == 0) {
      free (qemu);
      qemu = strdup (optarg);
    }
    else if (strcmp (name, "qemudir") == 0) {
      free (qemu);
      qemu = qemu_of_dir (optarg);
      if (qemu == NULL) {
        fprintf (stderr, PROGRAM ": --qemudir %s: no qemu-system binary "
                 "was built there (looked in build/ and ARCH-softmmu/)\n",
                 optarg);
        exit (EXIT_FAILURE);
      }
    }
    else
      usage (EXIT_FAILURE);
  }
  if (optind < argc) {
    fprintf (stderr, PROGRAM ": extra parameter on the command line: "
             "'%s'\n", argv[optind]);
    usage (EXIT_FAILURE);
  }

  printf ("     ************************************************************\n"
          "     *                    IMPORTANT NOTICE\n"
          "     *\n"
          "     * When reporting bugs, include the COMPLETE, UNEDITED\n"
          "     * output below in your bug report.\n"
          "     *\n"
          "     ************************************************************\n");
  print_environment ();

  g = guestfs_create ();
  if (g == NULL) {
    fprintf (stderr, PROGRAM ": failed to create a handle: %m\n");
    exit (EXIT_FAILURE);
  }
  guestfs_set_verbose (g, 1);
  if (qemu)
    check (guestfs_set_hv (g, qemu), "setting the hypervisor");
  print_settings (g);

  {
    const char *tmp = getenv ("TMPDIR");

    if (tmp == NULL || tmp[0] == '\0')
      tmp = "/tmp";
    if (snprintf (scratch, sizeof scratch, "%s/libguestfs-test-toolXXXXXX",
                  tmp) >= (int) sizeof scratch) {
      fprintf (stderr, PROGRAM ": TMPDIR is too long\n");
      exit (EXIT_FAILURE);
    }
  }
  if (mkdtemp (scratch) == NULL) {
    fprintf (stderr, PROGRAM ": mkdtemp: '%s': %m\n", scratch);
    exit (EXIT_FAILURE);
  }
  snprintf (disk, sizeof disk, "%s/scratch.img", scratch);

  signal (SIGALRM, on_alarm);
  alarm (timeout);
  printf ("Launching appliance, timeout set to %ld seconds.\n", timeout);
  fflush (stdout);

  r = guestfs_disk_create (g, disk, "raw", SCRATCH_SIZE, -1);
  if (r != -1)
    r = guestfs_add_drive_opts (g, disk, GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                                -1);
  /* The image is only needed until qemu has it open. */
  if (r != -1)
    r = guestfs_launch (g);
  remove_scratch ();
  check (r, "launching the appliance");
  printf ("Guest launched OK.\n");
  fflush (stdout);

  check (guestfs_part_disk (g, "/dev/sda", "mbr"), "partitioning /dev/sda");
  check (guestfs_mkfs (g, "ext2", "/dev/sda1"), "making ext2 on /dev/sda1");
  check (guestfs_mount (g, "/dev/sda1", "/"), "mounting /dev/sda1");
  check (guestfs_touch (g, "/hello"), "writing a file");
  check (guestfs_shutdown (g), "shutting the appliance down");
  alarm (0);
  guestfs_close (g);

  printf ("===== TEST FINISHED OK =====\n");
  if (fflush (stdout) == EOF || ferror (stdout)) {
    fprintf (stderr, PROGRAM ": write error: %m\n");
    exit (EXIT_FAILURE);
  }
  exit (EXIT_SUCCESS);
}
