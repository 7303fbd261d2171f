/** careen - offline disk-image toolkit
 *
 * guestfish's main program: the command-line options, the handle with
 * its error handler, the drives of -a and -N, the automatic launch and
 * mounts of -m and -N, and the choice of where commands come from (the
 * command line, -f FILE, stdin, or an interactive shell).
 *
 * Exit status: 0 when every command succeeded, 1 otherwise.  Outside
 * an interactive session the first failing command ends the run.
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "stringsbuf.h"
#include "fish.h"

guestfs_h *g;
int fish_progress_bars;

bool fish_read_only;
bool fish_verbose;
bool fish_trace;
bool fish_autosync = true;
bool fish_pipe_error;
bool fish_quit;
bool fish_no_history;
const char *fish_input_file;
int fish_input_lineno;

/* A drive from -a or -N, added in command-line order so that the
 * appliance names them /dev/sda, /dev/sdb... in that order.
 */
struct drive {
  char *filename;               /* -a */
  char *format;                 /* -a --format=FMT, or NULL: probe */
  int blocksize;                /* -a --blocksize=N, or 0: default */
  const char *prep_spec;        /* -N (then filename is NULL) */
  unsigned prep_index;          /* 0 for the first -N... */
  struct fish_prep *prep;       /* the -N disk, once created */
};

/* A -m dev[:mountpoint[:options[:fstype]]]. */
struct mount_spec {
  char *device;
  char *mountpoint;
  char *options;                /* NULL: "" or "ro" with --ro */
  char *fstype;                 /* NULL: mount-options, else mount-vfs */
};

/* Upper bound on -a, -N and -m options: each costs a qemu drive or a
 * mount; the appliance cannot use more disks than this anyway.
 */
#define FISH_MAX_DRIVES 255

static struct drive drives[FISH_MAX_DRIVES];
static size_t nr_drives;
static struct mount_spec mounts[FISH_MAX_DRIVES];
static size_t nr_mounts;

static void
error_cb (guestfs_h *h, void *opaque, const char *msg)
{
  fish_progress_end ();
  /* Scripts and stdin say where the failing command came from. */
  if (fish_input_lineno > 0 && fish_input_file)
    fprintf (stderr, "%s:%d: ", fish_input_file, fish_input_lineno);
  fprintf (stderr, "libguestfs: error: %s\n", msg);
}

int
fish_create_handle (void)
{
  guestfs_h *h = guestfs_create ();

  if (h == NULL) {
    fprintf (stderr, "guestfish: guestfs_create: failed to create "
             "handle\n");
    return -1;
  }
  guestfs_set_error_handler (h, error_cb, NULL);
  if ((fish_verbose && guestfs_set_verbose (h, 1) == -1) ||
      (fish_trace && guestfs_set_trace (h, 1) == -1) ||
      (!fish_autosync && guestfs_set_autosync (h, 0) == -1) ||
      fish_progress_init (h) == -1) {
    guestfs_close (h);
    return -1;
  }
  g = h;
  return 0;
}

static void usage (int status) __attribute__ ((noreturn));
static void not_supported (const char *option, const char *what)
  __attribute__ ((noreturn));

static void
usage (int status)
{
  if (status != EXIT_SUCCESS) {
    fprintf (stderr, "Try 'guestfish --help' for more information.\n");
    exit (status);
  }
  printf ("guestfish: the guest filesystem shell (careen)\n"
          "\n"
          "Usage:\n"
          "  guestfish [--options] cmd [args] : cmd [args] ...\n"
          "  guestfish [--options] -f script\n"
          "  guestfish [--options]            (commands on stdin or "
          "interactive)\n"
          "\n"
          "Options:\n"
          "  -a|--add image          add a disk image\n"
          "  --format[=raw|qcow2|..] format of the following -a images "
          "(none: probe)\n"
          "  --blocksize[=512|4096]  sector size of the following -a "
          "images\n"
          "  -N|--new [file=]type    create and add a prepared disk "
          "(-N help lists types)\n"
          "  -m|--mount dev[:mnt[:opts[:fstype]]]  mount after launch\n"
          "  -r|--ro                 add -a disks and mount -m read-only\n"
          "  -w|--rw                 add -a disks read-write (default)\n"
          "  -f|--file file          read commands from file\n"
          "  -n|--no-sync            do not sync disks at exit "
          "(autosync off)\n"
          "  --no-history            do not read or write ~/.guestfish\n"
          "  --keys-from-stdin       read keys and passphrases from stdin\n"
          "  --echo-keys             show keys as they are typed\n"
          "  --key ID:key:KEY|ID:file:FILE|ID:clevis  key for -i\n"
          "  -x                      trace each API call\n"
          "  -v|--verbose            verbose messages\n"
          "  --pipe-error            a failing '| cmd' pipe is an error\n"
          "  --progress-bars         progress bars even when not "
          "interactive\n"
          "  --no-progress-bars      no progress bars\n"
          "  -h|--cmd-help [cmd]     list commands, or help on one\n"
          "  -V|--version            print the version and exit\n"
          "  --help                  print this help and exit\n"
          "\n"
          "  --listen [--csh]        run as a server in the background\n"
          "  --remote[=pid] cmd ...  send commands to a server "
          "($GUESTFISH_PID)\n"
          "\n"
          "Not available: -i, -d, -c, --network, --live.\n"
          "See guestfish(1).\n");
  exit (status);
}

static void
not_supported (const char *option, const char *what)
{
  fprintf (stderr, "guestfish: %s: %s is not supported yet\n", option, what);
  exit (EXIT_FAILURE);
}

static void
add_drive_spec (const char *filename, const char *format, int blocksize,
                const char *prep_spec, unsigned prep_index)
{
  struct drive *d;

  if (nr_drives >= FISH_MAX_DRIVES) {
    fprintf (stderr, "guestfish: more than %d drives\n", FISH_MAX_DRIVES);
    exit (EXIT_FAILURE);
  }
  d = &drives[nr_drives++];
  d->filename = filename ? strdup (filename) : NULL;
  d->format = format ? strdup (format) : NULL;
  d->blocksize = blocksize;
  d->prep_spec = prep_spec;
  d->prep_index = prep_index;
  if ((filename && d->filename == NULL) || (format && d->format == NULL)) {
    perror ("strdup");
    exit (EXIT_FAILURE);
  }
}

/* Splits "dev[:mountpoint[:options[:fstype]]]".  A btrfs subvolume
 * mountable ("btrfsvol:/dev/sda2/root") keeps its own colon.
 */
static void
add_mount_spec (const char *arg)
{
  struct mount_spec *m;
  char *fields[4] = { NULL, NULL, NULL, NULL };
  const char *p = arg;
  size_t i, skip = 0;

  if (nr_mounts >= FISH_MAX_DRIVES) {
    fprintf (stderr, "guestfish: more than %d -m options\n",
             FISH_MAX_DRIVES);
    exit (EXIT_FAILURE);
  }
  if (strncmp (arg, "btrfsvol:", 9) == 0)
    skip = 9;
  for (i = 0; i < 4; ++i) {
    size_t len = (i == 0 ? skip : 0) + strcspn (p + (i == 0 ? skip : 0),
                                                i < 3 ? ":" : "");

    fields[i] = strndup (p, len);
    if (fields[i] == NULL) {
      perror ("strndup");
      exit (EXIT_FAILURE);
    }
    p += len;
    if (*p != ':')
      break;
    p++;
  }
  if (fields[0][0] == '\0') {
    fprintf (stderr, "guestfish: -m %s: no device given\n", arg);
    exit (EXIT_FAILURE);
  }
  m = &mounts[nr_mounts++];
  m->device = fields[0];
  m->mountpoint = fields[1] && fields[1][0] ? fields[1] : strdup ("/");
  if (fields[1] && !fields[1][0])
    free (fields[1]);
  m->options = fields[2];
  m->fstype = fields[3];
  if (m->fstype && m->fstype[0] == '\0') {
    free (m->fstype);
    m->fstype = NULL;
  }
  if (m->mountpoint == NULL) {
    perror ("strdup");
    exit (EXIT_FAILURE);
  }
}

/* The appliance's name of the INDEXth disk: sda..sdz, sdaa... */
static void
device_name (size_t index, char *buf, size_t len)
{
  char letters[8];
  size_t n = 0, i;

  index++;
  while (index > 0 && n < sizeof letters) {
    index--;
    letters[n++] = 'a' + index % 26;
    index /= 26;
  }
  snprintf (buf, len, "/dev/sd");
  for (i = 0; i < n; ++i)
    buf[7 + i] = letters[n - 1 - i];
  buf[7 + n] = '\0';
}

static int
add_drives (void)
{
  size_t i;

  for (i = 0; i < nr_drives; ++i) {
    struct drive *d = &drives[i];
    int r;

    /* Prepared disks are created only now, once every option has been
     * checked, and are ours to write even with --ro.
     */
    if (d->prep_spec) {
      d->prep = fish_prep_create (d->prep_spec, d->prep_index);
      if (d->prep == NULL)
        return -1;
      r = guestfs_add_drive_opts (g, fish_prep_filename (d->prep),
                                  GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                                  -1);
    }
    else {
      struct guestfs_add_drive_opts_argv o = {
        .bitmask = GUESTFS_ADD_DRIVE_OPTS_READONLY_BITMASK,
        .readonly = fish_read_only,
      };

      if (d->format) {
        o.bitmask |= GUESTFS_ADD_DRIVE_OPTS_FORMAT_BITMASK;
        o.format = d->format;
      }
      if (d->blocksize) {
        o.bitmask |= GUESTFS_ADD_DRIVE_OPTS_BLOCKSIZE_BITMASK;
        o.blocksize = d->blocksize;
      }
      r = guestfs_add_drive_opts_argv (g, d->filename, &o);
    }
    if (r == -1)
      return -1;
  }
  return 0;
}

/* After a -m mount failed: the user may not know what the disks hold,
 * so list the filesystems the appliance can see.
 */
static void
suggest_filesystems (const char *device)
{
  CLEANUP_FREE_STRING_LIST char **fs = NULL;
  guestfs_error_handler_cb old_cb;
  void *old_data;
  size_t i;

  /* A failure here is not worth a second error message. */
  old_cb = guestfs_get_error_handler (g, &old_data);
  guestfs_set_error_handler (g, NULL, NULL);
  fs = guestfs_list_filesystems (g);
  guestfs_set_error_handler (g, old_cb, old_data);
  if (fs == NULL)
    return;

  if (fs[0] == NULL) {
    fprintf (stderr, "guestfish: -m %s: no filesystems were found on the "
             "disks\n", device);
    return;
  }
  fprintf (stderr, "guestfish: -m %s: the filesystems found on the "
           "disks are:\n", device);
  for (i = 0; fs[i] != NULL && fs[i + 1] != NULL; i += 2)
    fprintf (stderr, "guestfish: \t%s (%s)\n", fs[i], fs[i + 1]);
}

/* After launch: build the prepared disks, then the -m mounts, in the
 * order given (a mount on /boot needs the one on / first).
 */
static int
prepare_and_mount (void)
{
  size_t i;

  for (i = 0; i < nr_drives; ++i) {
    char dev[32];

    if (drives[i].prep == NULL)
      continue;
    device_name (i, dev, sizeof dev);
    if (fish_prep_build (drives[i].prep, dev) == -1)
      return -1;
  }
  for (i = 0; i < nr_mounts; ++i) {
    struct mount_spec *m = &mounts[i];
    static char ro[] = "ro", rw[] = "";
    char *opts = m->options ? m->options : fish_read_only ? ro : rw;
    char *argv[5];
    int r;

    if (m->fstype && fish_lookup_command ("mount-vfs") == NULL) {
      fprintf (stderr, "guestfish: -m %s: giving the filesystem type is "
               "not supported yet\n", m->device);
      return -1;
    }
    if (m->fstype) {
      argv[0] = opts; argv[1] = m->fstype;
      argv[2] = m->device; argv[3] = m->mountpoint; argv[4] = NULL;
      r = fish_run_command ("mount-vfs", 4, argv);
    }
    else {
      argv[0] = opts; argv[1] = m->device;
      argv[2] = m->mountpoint; argv[3] = NULL;
      r = fish_run_command ("mount-options", 3, argv);
    }
    if (r == -1) {
      suggest_filesystems (m->device);
      return -1;
    }
  }
  return 0;
}

/* Runs the commands of the command line: words separated by ":" words.
 * The first failure ends the run.
 */
static int
run_cmdline (int argc, char *argv[])
{
  int i = 0;

  while (i < argc && !fish_quit) {
    int start = i, r;

    while (i < argc && strcmp (argv[i], ":") != 0)
      i++;
    if (i == start) {
      fprintf (stderr, "guestfish: empty command on command line\n");
      return -1;
    }
    /* As in a script (fish_run_line): an interrupt stops the run, even
     * one during the launch or a command that could not be cancelled.
     */
    if (fish_interrupts () > 0) {
      fprintf (stderr, "guestfish: interrupted\n");
      return -1;
    }
    r = fish_run_command (argv[start], i - start - 1, &argv[start + 1]);
    fflush (stdout);
    if (fish_interrupts () > 0) {
      fprintf (stderr, "guestfish: interrupted\n");
      return -1;
    }
    if (r == -1) {
      /* "guestfish disk.img" is a common slip for "guestfish -a". */
      if (start == 0 && fish_lookup_command (argv[0]) == NULL &&
          access (argv[0], F_OK) == 0)
        fprintf (stderr, "guestfish: to add the disk image '%s', use "
                 "guestfish -a %s\n", argv[0], argv[0]);
      return -1;
    }
    if (i < argc)
      i++;                      /* the ":" */
  }
  return 0;
}

enum {
  OPT_HELP = 256, OPT_FORMAT, OPT_LISTEN, OPT_REMOTE, OPT_KEYS_FROM_STDIN,
  OPT_ECHO_KEYS, OPT_PIPE_ERROR, OPT_PROGRESS_BARS, OPT_NO_PROGRESS_BARS,
  OPT_NO_DEST_PATHS, OPT_NETWORK, OPT_SELINUX, OPT_CSH, OPT_KEY,
  OPT_BLOCKSIZE, OPT_NO_HISTORY, OPT_LIVE,
};

/* The leading ':' makes getopt report a missing argument as ':' and
 * stay quiet, so the messages below name guestfish, not argv[0].
 */
static const char short_options[] = ":a:c:d:f:hiN:m:nrvVwx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "blocksize", optional_argument, NULL, OPT_BLOCKSIZE },
  { "cmd-help", optional_argument, NULL, 'h' },
  { "connect", required_argument, NULL, 'c' },
  { "csh", no_argument, NULL, OPT_CSH },
  { "domain", required_argument, NULL, 'd' },
  { "echo-keys", no_argument, NULL, OPT_ECHO_KEYS },
  { "file", required_argument, NULL, 'f' },
  { "format", optional_argument, NULL, OPT_FORMAT },
  { "help", no_argument, NULL, OPT_HELP },
  { "inspector", no_argument, NULL, 'i' },
  { "key", required_argument, NULL, OPT_KEY },
  { "keys-from-stdin", no_argument, NULL, OPT_KEYS_FROM_STDIN },
  { "listen", no_argument, NULL, OPT_LISTEN },
  { "live", no_argument, NULL, OPT_LIVE },
  { "mount", required_argument, NULL, 'm' },
  { "network", no_argument, NULL, OPT_NETWORK },
  { "new", required_argument, NULL, 'N' },
  { "no-dest-paths", no_argument, NULL, OPT_NO_DEST_PATHS },
  { "no-history", no_argument, NULL, OPT_NO_HISTORY },
  { "no-progress-bars", no_argument, NULL, OPT_NO_PROGRESS_BARS },
  { "no-sync", no_argument, NULL, 'n' },
  { "pipe-error", no_argument, NULL, OPT_PIPE_ERROR },
  { "progress-bars", no_argument, NULL, OPT_PROGRESS_BARS },
  { "remote", optional_argument, NULL, OPT_REMOTE },
  { "ro", no_argument, NULL, 'r' },
  { "rw", no_argument, NULL, 'w' },
  { "selinux", no_argument, NULL, OPT_SELINUX },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { NULL, 0, NULL, 0 }
};

int
main (int argc, char *argv[])
{
  const char *format = NULL, *file = NULL;
  int blocksize = 0;
  int progress_bars = -1;       /* -1: only when interactive */
  unsigned nr_preps = 0;
  bool launch = false, interactive, inspector = false;
  bool listen_mode = false, remote_mode = false, csh = false;
  pid_t remote_pid = 0;
  int c, status = EXIT_SUCCESS;

  opterr = 0;
  /* "cmd | head" closes the pipe early: that must not kill us. */
  signal (SIGPIPE, SIG_IGN);

  for (;;) {
    c = getopt_long (argc, argv, short_options, long_options, NULL);
    if (c == -1)
      break;
    switch (c) {
    case 'a':
      add_drive_spec (optarg, format, blocksize, NULL, 0);
      break;
    case OPT_FORMAT:
      format = optarg && *optarg ? optarg : NULL;
      break;
    case 'N':
      if (strcmp (optarg, "help") == 0 || strcmp (optarg, "list") == 0) {
        fish_prep_list ();
        exit (EXIT_SUCCESS);
      }
      add_drive_spec (NULL, NULL, 0, optarg, nr_preps++);
      launch = true;
      break;
    case 'm':
      add_mount_spec (optarg);
      launch = true;
      break;
    case 'r':
      fish_read_only = true;
      break;
    case 'w':
      fish_read_only = false;
      break;
    case 'f':
      if (file) {
        fprintf (stderr, "guestfish: only one -f option can be given\n");
        exit (EXIT_FAILURE);
      }
      file = optarg;
      break;
    case 'n':
      fish_autosync = false;
      break;
    case 'v':
      fish_verbose = true;
      break;
    case 'x':
      fish_trace = true;
      break;
    case 'V':
      printf ("guestfish %s\n", PACKAGE_VERSION);
      exit (EXIT_SUCCESS);
    case 'h': {
      /* -h alone lists commands; -h CMD or --cmd-help=CMD shows one. */
      const char *cmd = optarg;

      if (cmd == NULL && optind < argc && argv[optind][0] != '-')
        cmd = argv[optind];
      if (cmd == NULL) {
        fish_list_commands ();
        exit (EXIT_SUCCESS);
      }
      exit (fish_display_command_help (cmd) == 0
            ? EXIT_SUCCESS : EXIT_FAILURE);
    }
    case OPT_HELP:
      usage (EXIT_SUCCESS);
    case OPT_PIPE_ERROR:
      fish_pipe_error = true;
      break;
    case OPT_PROGRESS_BARS:
      progress_bars = 1;
      break;
    case OPT_NO_PROGRESS_BARS:
      progress_bars = 0;
      break;
    case OPT_KEYS_FROM_STDIN:
      fish_keys_from_stdin = true;
      break;
    case OPT_ECHO_KEYS:
      fish_echo_keys = true;
      break;
    case OPT_NO_HISTORY:
      fish_no_history = true;
      break;
    case OPT_NO_DEST_PATHS:
    case OPT_SELINUX:
      /* Accepted for compatibility: --selinux is obsolete in guestfish
       * too, and --no-dest-paths only turned off a completion.
       */
      break;
    case OPT_LIVE:
      fprintf (stderr, "guestfish: --live: connecting to a running guest's "
               "daemon is not supported by careen\n");
      exit (EXIT_FAILURE);
    case 'i':
      inspector = true;
      launch = true;
      break;
    case 'd':
    case 'c':
      not_supported (c == 'd' ? "-d" : "-c", "adding libvirt domains");
      break;
    case OPT_KEY:
      if (fish_add_key_selector (optarg) == -1)
        exit (EXIT_FAILURE);
      break;
    case OPT_LISTEN:
      listen_mode = true;
      break;
    case OPT_REMOTE:
      remote_mode = true;
      if (optarg) {
        remote_pid = atoi (optarg);
        if (remote_pid <= 0) {
          fprintf (stderr, "guestfish: --remote=%s: not a process id\n",
                   optarg);
          exit (EXIT_FAILURE);
        }
      }
      break;
    case OPT_CSH:
      csh = true;
      break;
    case OPT_NETWORK:
      not_supported ("--network", "appliance networking");
      break;
    case OPT_BLOCKSIZE:
      /* Alone it goes back to the default for the following -a. */
      if (optarg == NULL || *optarg == '\0')
        blocksize = 0;
      else if (strcmp (optarg, "512") == 0)
        blocksize = 512;
      else if (strcmp (optarg, "4096") == 0)
        blocksize = 4096;
      else {
        fprintf (stderr, "guestfish: --blocksize=%s: the sector size must "
                 "be 512 or 4096\n", optarg);
        exit (EXIT_FAILURE);
      }
      break;
    case ':':
      fprintf (stderr, "guestfish: option '%s' requires an argument\n",
               argv[optind - 1]);
      usage (EXIT_FAILURE);
    default:
      if (optopt && optopt < 256)
        fprintf (stderr, "guestfish: invalid option -- '%c'\n", optopt);
      else
        fprintf (stderr, "guestfish: unrecognized option '%s'\n",
                 argv[optind - 1]);
      usage (EXIT_FAILURE);
    }
  }

  if (file && optind < argc) {
    fprintf (stderr, "guestfish: -f and commands on the command line "
             "cannot be used together\n");
    exit (EXIT_FAILURE);
  }
  if (remote_mode) {
    /* The drives and mounts are the server's business. */
    if (nr_drives > 0 || nr_mounts > 0 || file || listen_mode) {
      fprintf (stderr, "guestfish: --remote cannot be used with -a, -N, "
               "-m, -f or --listen\n");
      exit (EXIT_FAILURE);
    }
    exit (fish_remote_client (remote_pid, argc - optind, &argv[optind]) == 0
          ? EXIT_SUCCESS : EXIT_FAILURE);
  }
  if (listen_mode && (launch || file || optind < argc)) {
    /* The appliance cannot be forked into the background with us. */
    fprintf (stderr, "guestfish: --listen cannot be used with -m, -N, -f "
             "or commands: send them with --remote\n");
    exit (EXIT_FAILURE);
  }

  interactive = !listen_mode && file == NULL && optind >= argc &&
    isatty (STDIN_FILENO);
  fish_progress_bars = progress_bars == -1 ? interactive : progress_bars;

  if (fish_create_handle () == -1)
    exit (EXIT_FAILURE);
  /* Not for the --listen server: it runs detached from any terminal. */
  if (!listen_mode)
    fish_cancel_init ();
  if (add_drives () == -1 ||
      (launch && (guestfs_launch (g) == -1 || prepare_and_mount () == -1 ||
                  (inspector &&
                   fish_inspect_mount (fish_read_only, interactive) == -1)))) {
    status = EXIT_FAILURE;
    goto out_close;
  }

  if (listen_mode) {
    if (fish_remote_server (csh) == -1)
      status = EXIT_FAILURE;
  }
  else if (optind < argc) {
    if (run_cmdline (argc - optind, &argv[optind]) == -1)
      status = EXIT_FAILURE;
  }
  else if (file) {
    CLEANUP_FCLOSE FILE *fp = fopen (file, "r");

    if (fp == NULL) {
      fprintf (stderr, "guestfish: open: %s: %m\n", file);
      status = EXIT_FAILURE;
    }
    else if (fish_run_stream (fp, file, true) == -1)
      status = EXIT_FAILURE;
  }
  else if (interactive)
    fish_interactive ();
  else if (fish_run_stream (stdin, "*stdin*", true) == -1)
    status = EXIT_FAILURE;

 out_close:
  /* Errors from here on are not tied to an input line. */
  fish_input_lineno = 0;
  fflush (stdout);
  if (g) {
    if (guestfs_shutdown (g) == -1)
      status = EXIT_FAILURE;
    guestfs_close (g);
  }
  fish_free_key_selectors ();
  if (fflush (stdout) == EOF || ferror (stdout)) {
    if (errno != EPIPE) {
      perror ("guestfish: write error on standard output");
      status = EXIT_FAILURE;
    }
  }
  exit (status);
}
