/** careen - offline disk-image toolkit
 *
 * guestmount: mount a guest's filesystems on a host directory through
 * FUSE (mount_local), until guestunmount, fusermount3 -u or a signal.
 *
 * Unless --no-fork, the program forks before anything else: the child
 * opens the disks, launches the appliance and mounts, and the parent
 * exits only when the mount point is ready (0) or the child has failed
 * (1), so that a script can use the mount point as soon as guestmount
 * returns.  The child owns the appliance for its whole life, and the
 * library's watcher stops qemu if it is killed.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanups.h"
#include "options.h"

enum {
  OPT_DIR_CACHE_TIMEOUT = 0x100,
  OPT_FD,
  OPT_FUSE_HELP,
  OPT_HELP,
  OPT_LIVE,
  OPT_NO_FORK,
  OPT_PID_FILE,
  OPT_RW,
  OPT_SELINUX,
};

static const char short_options[] = "a:c:d:im:no:rvVwx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "blocksize", optional_argument, NULL, 0 },
  { "connect", required_argument, NULL, 'c' },
  { "dir-cache-timeout", required_argument, NULL, OPT_DIR_CACHE_TIMEOUT },
  { "domain", required_argument, NULL, 'd' },
  { "echo-keys", no_argument, NULL, 0 },
  { "fd", required_argument, NULL, OPT_FD },
  { "format", optional_argument, NULL, 0 },
  { "fuse-help", no_argument, NULL, OPT_FUSE_HELP },
  { "help", no_argument, NULL, OPT_HELP },
  { "inspector", no_argument, NULL, 'i' },
  { "key", required_argument, NULL, 0 },
  { "keys-from-stdin", no_argument, NULL, 0 },
  { "live", no_argument, NULL, OPT_LIVE },
  { "long-options", no_argument, NULL, 0 },
  { "mount", required_argument, NULL, 'm' },
  { "no-fork", no_argument, NULL, OPT_NO_FORK },
  { "no-sync", no_argument, NULL, 'n' },
  { "option", required_argument, NULL, 'o' },
  { "pid-file", required_argument, NULL, OPT_PID_FILE },
  { "ro", no_argument, NULL, 'r' },
  { "rw", no_argument, NULL, 'w' },
  { "selinux", no_argument, NULL, OPT_SELINUX },
  { "short-options", no_argument, NULL, 0 },
  { "trace", no_argument, NULL, 'x' },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { NULL, 0, NULL, 0 }
};

/* Longest -o list accepted: FUSE options are short words. */
#define MAX_FUSE_OPTIONS_LEN 4096

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try 'guestmount --help' for more information.\n");
  else
    printf ("guestmount: FUSE module for libguestfs\n"
            "Usage:\n"
            "  guestmount [--options] -a disk.img -m device mountpoint\n"
            "  guestmount [--options] -a disk.img -i mountpoint\n"
            "  guestmount [--options] -d domname -i mountpoint\n"
            "Options:\n"
            "  -a|--add image       Add image\n"
            "  --blocksize[=512|4096]\n"
            "                       Set sector size of the disk for -a "
            "option\n"
            "  -c|--connect uri     Specify libvirt URI for -d option\n"
            "  --dir-cache-timeout  Set readdir cache timeout (default 60 s)\n"
            "  -d|--domain guest    Add disks from libvirt guest\n"
            "  --echo-keys          Don't turn off echo for passphrases\n"
            "  --fd=FD              Write a byte to pipe FD when mounted\n"
            "  --format[=raw|..]    Force disk format for -a option\n"
            "  --fuse-help          Display extra FUSE options\n"
            "  -i|--inspector       Automatically mount filesystems\n"
            "  --help               Display help message and exit\n"
            "  --key selector       Specify a LUKS key\n"
            "  --keys-from-stdin    Read passphrases from stdin\n"
            "  -m|--mount dev[:mnt[:opts[:fstype]]]\n"
            "                       Mount dev on mnt (if omitted, /)\n"
            "  --no-fork            Don't daemonize\n"
            "  -n|--no-sync         Don't autosync\n"
            "  -o|--option opt      Pass extra option to FUSE\n"
            "  --pid-file filename  Write PID to filename\n"
            "  -r|--ro              Mount read-only\n"
            "  --selinux            For backwards compat only, does nothing\n"
            "  -v|--verbose         Verbose messages\n"
            "  -V|--version         Display version and exit\n"
            "  -w|--rw              Mount read-write\n"
            "  -x|--trace           Trace guestfs API calls\n"
            "For more information, see the manpage guestmount(1).\n");
  exit (status);
}

/* --fuse-help: guestmount does not link libfuse, so this is the list
 * of the options worth knowing rather than libfuse's own text.
 */
static void __attribute__ ((noreturn))
fuse_help (void)
{
  printf ("guestmount: FUSE options (-o OPTION), see mount.fuse3(8):\n"
          "  -o allow_other         other users may use the mount\n"
          "                         (needs user_allow_other in "
          "/etc/fuse.conf)\n"
          "  -o default_permissions let the kernel check file modes\n"
          "  -o attr_timeout=N      kernel cache of attributes, seconds\n"
          "  -o entry_timeout=N     kernel cache of names, seconds\n"
          "  -o kernel_cache        keep file data in the page cache\n"
          "  -o uid=N -o gid=N      show every file as owned by N\n"
          "  -o umask=M             show modes without the bits of M\n"
          "  -o auto_unmount        unmount when guestmount dies\n"
          "                         (the default when fusermount3 is "
          "installed)\n");
  exit (EXIT_SUCCESS);
}

static void
add_fuse_option (char *opts, const char *opt)
{
  if (strlen (opts) + strlen (opt) + 2 > MAX_FUSE_OPTIONS_LEN) {
    fprintf (stderr, "guestmount: too many -o options\n");
    exit (EXIT_FAILURE);
  }
  if (opts[0])
    strcat (opts, ",");
  strcat (opts, opt);
}

struct settings {
  const char *mountpoint;
  const char *pid_file;
  int ready_fd;                 /* --fd, or -1 */
  int cache_timeout;            /* -1: the library's default */
  bool no_fork;
  bool no_sync;
  char fuse_opts[MAX_FUSE_OPTIONS_LEN];
};

/* Tells whoever waits that the mount point is usable: the parent's pipe
 * (PARENT_FD, or -1 with --no-fork) and --fd.  Returns 0, or -1 after
 * printing why.
 */
static int
announce (const struct settings *s, int parent_fd)
{
  if (s->pid_file) {
    FILE *fp = fopen (s->pid_file, "w");

    if (fp == NULL || fprintf (fp, "%ld\n", (long) getpid ()) < 0 ||
        fclose (fp) == EOF) {
      fprintf (stderr, "guestmount: %s: %s\n", s->pid_file,
               strerror (errno));
      return -1;
    }
  }
  if (s->ready_fd >= 0) {
    if (write (s->ready_fd, "", 1) != 1) {
      fprintf (stderr, "guestmount: --fd=%d: %s\n", s->ready_fd,
               strerror (errno));
      return -1;
    }
    close (s->ready_fd);
  }
  if (parent_fd >= 0) {
    if (write (parent_fd, "", 1) != 1) {
      fprintf (stderr, "guestmount: cannot tell the parent: %s\n",
               strerror (errno));
      return -1;
    }
    close (parent_fd);
  }
  return 0;
}

/* In the background the program must not keep the caller's terminal
 * or pipes open (a shell's $(guestmount ...) would wait for it).
 * With -v or -x the messages still go to stderr.
 */
static void
detach (const struct options *o)
{
  int fd = open ("/dev/null", O_RDWR);

  if (chdir ("/") == -1)
    perror ("guestmount: chdir: /");
  setsid ();
  if (fd >= 0) {
    dup2 (fd, 0);
    dup2 (fd, 1);
    if (!o->verbose && !o->trace)
      dup2 (fd, 2);
    if (fd > 2)
      close (fd);
  }
}

/* Opens the guest, mounts it and serves the mount point until it is
 * unmounted.  Returns the exit status.
 */
static int
run (struct options *o, const struct settings *s, int parent_fd)
{
  guestfs_h *g;
  int status = EXIT_FAILURE;

  g = options_create_handle (o);
  if (s->no_sync)
    guestfs_set_autosync (g, 0);
  if (options_add_drives (o, g) == -1 || guestfs_launch (g) == -1)
    goto out;
  if (o->inspector) {
    if (options_inspect_mount (o, g, NULL) == -1)
      goto out;
  }
  else if (options_mount (o, g) == -1)
    goto out;

  if (guestfs_mount_local (g, s->mountpoint,
                           GUESTFS_MOUNT_LOCAL_READONLY, o->read_only,
                           GUESTFS_MOUNT_LOCAL_OPTIONS, s->fuse_opts,
                           GUESTFS_MOUNT_LOCAL_DEBUGCALLS, o->verbose,
                           s->cache_timeout >= 0 ?
                           GUESTFS_MOUNT_LOCAL_CACHETIMEOUT : -1,
                           s->cache_timeout,
                           -1) == -1)
    goto out;
  if (announce (s, parent_fd) == -1) {
    guestfs_umount_local (g, -1);
    goto out;
  }
  if (!s->no_fork)
    detach (o);
  if (guestfs_mount_local_run (g) == -1)
    goto out;
  /* Writes reach the disk image before the program says it is done. */
  if (guestfs_shutdown (g) == -1)
    goto out;
  status = EXIT_SUCCESS;
 out:
  guestfs_close (g);
  return status;
}

/* Forks; the parent waits for the child to say the mount is ready and
 * exits, the child returns the write end of that pipe.
 */
static int
fork_when_ready (void)
{
  int fd[2];
  pid_t pid;
  char c;
  ssize_t r;

  if (pipe2 (fd, O_CLOEXEC) == -1) {
    perror ("guestmount: pipe2");
    exit (EXIT_FAILURE);
  }
  fflush (NULL);
  pid = fork ();
  if (pid == -1) {
    perror ("guestmount: fork");
    exit (EXIT_FAILURE);
  }
  if (pid == 0) {
    close (fd[0]);
    return fd[1];
  }
  close (fd[1]);
  do
    r = read (fd[0], &c, 1);
  while (r == -1 && errno == EINTR);
  if (r == 1)
    _exit (EXIT_SUCCESS);
  /* The child ended before the mount was ready: it said why. */
  {
    int status;

    while (waitpid (pid, &status, 0) == -1 && errno == EINTR)
      ;
    _exit (EXIT_FAILURE);
  }
}

int
main (int argc, char *argv[])
{
  struct options o;
  struct settings s = { .ready_fd = -1, .cache_timeout = -1 };
  struct stat st;
  int c, option_index = -1, parent_fd = -1, status;
  bool rw = false, ro = false;

  options_init (&o, "guestmount", false, short_options, long_options);
  while ((c = getopt_long (argc, argv, short_options, long_options,
                           &option_index)) != -1) {
    switch (c) {
    case OPT_HELP: usage (EXIT_SUCCESS);
    case OPT_FUSE_HELP: fuse_help ();
    case OPT_DIR_CACHE_TIMEOUT:
      s.cache_timeout = options_parse_int ("guestmount",
                                           "--dir-cache-timeout", optarg,
                                           0, INT_MAX);
      break;
    case OPT_FD:
      s.ready_fd = options_parse_int ("guestmount", "--fd", optarg, 0,
                                      INT_MAX);
      break;
    case OPT_LIVE:
      fprintf (stderr, "guestmount: --live is not supported: careen "
               "cannot attach to a running guest\n");
      exit (EXIT_FAILURE);
    case OPT_NO_FORK: s.no_fork = true; break;
    case OPT_PID_FILE: s.pid_file = optarg; break;
    case OPT_SELINUX: break;    /* does nothing, as in libguestfs */
    case 'n': s.no_sync = true; break;
    case 'o': add_fuse_option (s.fuse_opts, optarg); break;
    case 'r': ro = true; break;
    case 'w': rw = true; break;
    default:
      if (options_handle (&o, c, option_index, optarg) == 0)
        usage (EXIT_FAILURE);
    }
  }
  if (ro && rw) {
    fprintf (stderr, "guestmount: --ro and --rw cannot both be given\n");
    usage (EXIT_FAILURE);
  }
  if (ro)
    o.read_only = true;
  if (optind != argc - 1) {
    fprintf (stderr, "guestmount: %s\n", optind >= argc ?
             "no mount point was given" : "more than one mount point "
             "was given");
    usage (EXIT_FAILURE);
  }
  s.mountpoint = argv[optind];
  if (!options_have_drive (&o))
    usage (EXIT_FAILURE);
  if (o.nr_mounts == 0 && !o.inspector) {
    fprintf (stderr, "guestmount: give -i or at least one -m\n");
    usage (EXIT_FAILURE);
  }
  if (o.nr_mounts > 0 && o.inspector) {
    fprintf (stderr, "guestmount: -i and -m cannot both be given\n");
    usage (EXIT_FAILURE);
  }
  /* Checked before the appliance starts, for a quick clear error. */
  if (stat (s.mountpoint, &st) == -1) {
    fprintf (stderr, "guestmount: %s: %s\n", s.mountpoint, strerror (errno));
    exit (EXIT_FAILURE);
  }
  if (!S_ISDIR (st.st_mode)) {
    fprintf (stderr, "guestmount: %s: not a directory\n", s.mountpoint);
    exit (EXIT_FAILURE);
  }
#ifdef FUSERMOUNT
  /* A guestmount killed by SIGKILL cannot unmount: fusermount3 waits
   * for that and does it.
   */
  if (strstr (s.fuse_opts, "auto_unmount") == NULL)
    add_fuse_option (s.fuse_opts, "auto_unmount");
#endif

  if (!s.no_fork)
    parent_fd = fork_when_ready ();
  status = run (&o, &s, parent_fd);
  options_free (&o);
  return status;
}
