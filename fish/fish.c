/** careen - offline disk-image toolkit
 *
 * guestfish's main program: the command-line options, the handle with
 * its error handler, the drives of -a and -N, the automatic launch for
 * -m, -i and -N, and the choice of where commands come from (the
 * command line, -f FILE, stdin, or an interactive shell).  The options
 * guestfish shares with the tools (-a, --format, -m, -i, --ro, --key,
 * -v, -x...) are parsed, and the disks added, mounted or inspected, by
 * common/options, so they behave as in every virt-* tool.
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
#include "key-input.h"
#include "options.h"
#include "vector.h"
#include "fish.h"

guestfs_h *g;
int fish_progress_bars;

struct options fish_options;
bool fish_autosync = true;
/* --network: handles get set_network before launch. */
static bool network;
bool fish_pipe_error;
bool fish_quit;
bool fish_no_history;
bool fish_complete_dest_paths = true;
const char *fish_input_file;
int fish_input_lineno;

/* A -N disk.  The -a disks are in fish_options; a -N disk goes among
 * them at POSITION, so that the appliance names every disk /dev/sda,
 * /dev/sdb... in command-line order.
 */
struct prep_drive {
  const char *spec;             /* the -N argument */
  size_t position;              /* index among all the disks */
  struct fish_prep *prep;       /* the disk, once created */
};
DEFINE_VECTOR_TYPE (prep_vector, struct prep_drive);

static struct prep_vector preps = VECTOR_INIT;

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
  if ((fish_options.verbose && guestfs_set_verbose (h, 1) == -1) ||
      (fish_options.trace && guestfs_set_trace (h, 1) == -1) ||
      (!fish_autosync && guestfs_set_autosync (h, 0) == -1) ||
      (network && guestfs_set_network (h, 1) == -1) ||
      fish_progress_init (h) == -1) {
    guestfs_close (h);
    return -1;
  }
  g = h;
  return 0;
}

static void usage (int status) __attribute__ ((noreturn));

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
          "  -c|--connect uri        libvirt connection of -d\n"
          "  -d|--domain guest       add the disks of a libvirt guest\n"
          "  -N|--new [file=]type    create and add a prepared disk "
          "(-N help lists types)\n"
          "  -m|--mount dev[:mnt[:opts[:fstype]]]  mount after launch\n"
          "  -i|--inspector          find the guest's operating system "
          "and mount it\n"
          "  -r|--ro                 add -a disks and mount -m, -i "
          "read-only\n"
          "  -w|--rw                 add -a disks read-write (default)\n"
          "  -f|--file file          read commands from file\n"
          "  -n|--no-sync            do not sync disks at exit "
          "(autosync off)\n"
          "  --no-history            do not read or write ~/.guestfish\n"
          "  -D|--no-dest-paths      do not complete guest paths and "
          "devices\n"
          "  --keys-from-stdin       read keys and passphrases from stdin\n"
          "  --echo-keys             show keys as they are typed\n"
          "  --key ID:key:KEY|ID:file:FILE|ID:clevis  key of an encrypted "
          "device, for -i and -m\n"
          "  --network               give the appliance a network\n"
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
          "Not available: --live.\n"
          "See guestfish(1).\n");
  exit (status);
}

char *
fish_read_key (const char *cmd, const char *name)
{
  CLEANUP_FREE char *prompt = NULL, *what = NULL;

  if (asprintf (&prompt, "Enter %s for %s: ", name, cmd) == -1) {
    prompt = NULL;
    goto out_nomem;
  }
  if (asprintf (&what, "the %s", name) == -1) {
    what = NULL;
    goto out_nomem;
  }
  return options_ask_key (&fish_options, cmd, what, prompt);

 out_nomem:
  perror ("asprintf");
  return NULL;
}

void
fish_free_key (char **keyp)
{
  key_free (*keyp);
}

static void
add_prep (const char *spec)
{
  struct prep_drive p = {
    .spec = spec,
    .position = fish_options.nr_drives + preps.len,
  };

  if (p.position >= OPTIONS_MAX_DRIVES) {
    fprintf (stderr, "guestfish: more than %d disks\n", OPTIONS_MAX_DRIVES);
    exit (EXIT_FAILURE);
  }
  if (prep_vector_append (&preps, p) == -1) {
    perror ("guestfish: -N");
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

/* Adds the -a and -N disks in command-line order.  Prepared disks
 * are created only now, once every option has been checked, and are
 * ours to write even with --ro.
 */
static int
add_drives (void)
{
  size_t i, next_a = 0, next_n = 0;
  size_t total = fish_options.nr_drives + preps.len;

  for (i = 0; i < total; ++i) {
    struct prep_drive *p = next_n < preps.len ? &preps.ptr[next_n] : NULL;

    if (p && p->position == i) {
      next_n++;
      p->prep = fish_prep_create (p->spec, next_n - 1);
      if (p->prep == NULL ||
          guestfs_add_drive_opts (g, fish_prep_filename (p->prep),
                                  GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                                  -1) == -1)
        return -1;
    }
    else if (options_add_drive (&fish_options, g,
                                &fish_options.drives[next_a++]) == -1)
      return -1;
  }
  return 0;
}

/* After launch: build the prepared disks, then -i, then the -m
 * mounts in the order given (a mount on /boot needs the one on /
 * first).  After -i, *ROOT_R is the root found (caller frees).
 */
static int
prepare_and_mount (char **root_r)
{
  size_t i;

  for (i = 0; i < preps.len; ++i) {
    char dev[32];

    device_name (preps.ptr[i].position, dev, sizeof dev);
    if (fish_prep_build (preps.ptr[i].prep, dev) == -1)
      return -1;
  }
  if (fish_options.inspector &&
      options_inspect_mount (&fish_options, g, root_r) == -1)
    return -1;
  return options_mount (&fish_options, g);
}

/* The launch and mounts of a --listen server, run in the server. */
static int
listen_launch (void)
{
  CLEANUP_FREE char *root = NULL;

  if (guestfs_launch (g) == -1 || prepare_and_mount (&root) == -1)
    return -1;
  return 0;
}

static void
free_preps (void)
{
  size_t i;

  for (i = 0; i < preps.len; ++i)
    if (preps.ptr[i].prep)
      fish_prep_free (preps.ptr[i].prep);
  prep_vector_release (&preps);
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

/* guestfish's own long options; those it shares with the tools have
 * val 0 or their letter and go to options_handle.
 */
enum {
  OPT_HELP = 256, OPT_LISTEN, OPT_REMOTE, OPT_PIPE_ERROR,
  OPT_PROGRESS_BARS, OPT_NO_PROGRESS_BARS, OPT_NO_DEST_PATHS,
  OPT_NETWORK, OPT_SELINUX, OPT_CSH, OPT_NO_HISTORY, OPT_LIVE,
};

/* The leading ':' makes getopt report a missing argument as ':' and
 * stay quiet, so the messages below name guestfish, not argv[0].
 */
static const char short_options[] = ":a:c:d:Df:him:nN:rvVwx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "blocksize", optional_argument, NULL, 0 },
  { "cmd-help", optional_argument, NULL, 'h' },
  { "connect", required_argument, NULL, 'c' },
  { "csh", no_argument, NULL, OPT_CSH },
  { "domain", required_argument, NULL, 'd' },
  { "echo-keys", no_argument, NULL, 0 },
  { "file", required_argument, NULL, 'f' },
  { "format", optional_argument, NULL, 0 },
  { "help", no_argument, NULL, OPT_HELP },
  { "inspector", no_argument, NULL, 'i' },
  { "key", required_argument, NULL, 0 },
  { "keys-from-stdin", no_argument, NULL, 0 },
  { "listen", no_argument, NULL, OPT_LISTEN },
  { "live", no_argument, NULL, OPT_LIVE },
  { "long-options", no_argument, NULL, 0 },
  { "mount", required_argument, NULL, 'm' },
  { "network", no_argument, NULL, OPT_NETWORK },
  { "new", required_argument, NULL, 'N' },
  { "no-dest-paths", no_argument, NULL, OPT_NO_DEST_PATHS },
  { "no-history", no_argument, NULL, OPT_NO_HISTORY },
  { "no-sync", no_argument, NULL, 'n' },
  { "pipe-error", no_argument, NULL, OPT_PIPE_ERROR },
  { "progress-bars", no_argument, NULL, OPT_PROGRESS_BARS },
  { "no-progress-bars", no_argument, NULL, OPT_NO_PROGRESS_BARS },
  { "remote", optional_argument, NULL, OPT_REMOTE },
  { "ro", no_argument, NULL, 'r' },
  { "rw", no_argument, NULL, 'w' },
  { "selinux", no_argument, NULL, OPT_SELINUX },
  { "short-options", no_argument, NULL, 0 },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { NULL, 0, NULL, 0 }
};

/* The old form of -i: "guestfish [--ro] -i disk.img|domname".  With -i
 * and no disk, the words after the options are guests, not commands: a
 * word that is neither a path nor an existing file is a libvirt domain.
 */
static void
old_style_inspector (int argc, char *argv[])
{
  if (!fish_options.inspector || fish_options.nr_drives > 0 ||
      preps.len > 0)
    return;
  for (; optind < argc; ++optind)
    options_add_guest_arg (&fish_options, argv[optind]);
}

int
main (int argc, char *argv[])
{
  const char *file = NULL;
  int progress_bars = -1;       /* -1: only when interactive */
  bool launch, interactive;
  bool listen_mode = false, remote_mode = false, csh = false;
  char *root = NULL;            /* -i: the root it mounted */
  pid_t remote_pid = 0;
  int c, option_index, status = EXIT_SUCCESS;

  opterr = 0;
  /* "cmd | head" closes the pipe early: that must not kill us. */
  signal (SIGPIPE, SIG_IGN);
  options_init (&fish_options, "guestfish", false, short_options,
                long_options);
  if (options_read_config (&fish_options) == -1)
    exit (EXIT_FAILURE);

  for (;;) {
    option_index = -1;
    c = getopt_long (argc, argv, short_options, long_options,
                     &option_index);
    if (c == -1)
      break;
    switch (c) {
    case 'N':
      if (strcmp (optarg, "help") == 0 || strcmp (optarg, "list") == 0) {
        fish_prep_list ();
        exit (EXIT_SUCCESS);
      }
      add_prep (optarg);
      break;
    case 'r':
      fish_options.read_only = true;
      break;
    case 'w':
      fish_options.read_only = false;
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
    case OPT_NO_HISTORY:
      fish_no_history = true;
      break;
    case 'D':
    case OPT_NO_DEST_PATHS:
      fish_complete_dest_paths = false;
      break;
    case OPT_SELINUX:
      /* Accepted for compatibility: obsolete in libguestfs's guestfish
       * too.
       */
      break;
    case OPT_LIVE:
      fprintf (stderr, "guestfish: --live: connecting to a running guest's "
               "daemon is not supported by careen\n");
      exit (EXIT_FAILURE);
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
      network = true;
      break;
    case ':':
      fprintf (stderr, "guestfish: option '%s' requires an argument\n",
               argv[optind - 1]);
      usage (EXIT_FAILURE);
    case '?':
      if (optopt && optopt < 256)
        fprintf (stderr, "guestfish: invalid option -- '%c'\n", optopt);
      else
        fprintf (stderr, "guestfish: unrecognized option '%s'\n",
                 argv[optind - 1]);
      usage (EXIT_FAILURE);
    default:
      /* -a, -m, -i, -v, -x, -V, -d, -c, --format, --blocksize, --key,
       * --keys-from-stdin, --echo-keys: common/options.
       */
      if (options_handle (&fish_options, c, option_index, optarg) == 0)
        usage (EXIT_FAILURE);
    }
  }
  /* Before -N's disks are made: nothing is created for a command line
   * that is refused.
   */
  options_check_format_used (&fish_options);
  old_style_inspector (argc, argv);
  launch = preps.len > 0 || fish_options.nr_mounts > 0 ||
    fish_options.inspector;

  if (file && optind < argc) {
    fprintf (stderr, "guestfish: -f and commands on the command line "
             "cannot be used together\n");
    exit (EXIT_FAILURE);
  }
  if (remote_mode) {
    /* The drives and mounts are the server's business. */
    if (fish_options.nr_drives > 0 || launch || file || listen_mode) {
      fprintf (stderr, "guestfish: --remote cannot be used with -a, -N, "
               "-m, -i, -f or --listen\n");
      exit (EXIT_FAILURE);
    }
    exit (fish_remote_client (remote_pid, argc - optind, &argv[optind]) == 0
          ? EXIT_SUCCESS : EXIT_FAILURE);
  }
  if (listen_mode && (file || optind < argc)) {
    fprintf (stderr, "guestfish: --listen cannot be used with -f or "
             "commands: send them with --remote\n");
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
  /* The --listen server launches after it has forked (listen_launch). */
  if (add_drives () == -1 ||
      (launch && !listen_mode &&
       (guestfs_launch (g) == -1 || prepare_and_mount (&root) == -1))) {
    status = EXIT_FAILURE;
    goto out_close;
  }

  if (listen_mode) {
    if (fish_remote_server (csh, launch ? listen_launch : NULL) == -1)
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
    fish_interactive (root);
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
  free (root);
  free_preps ();
  options_free (&fish_options);
  if (fflush (stdout) == EOF || ferror (stdout)) {
    if (errno != EPIPE) {
      perror ("guestfish: write error on standard output");
      status = EXIT_FAILURE;
    }
  }
  exit (status);
}
