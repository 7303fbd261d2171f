/** careen - offline disk-image toolkit
 *
 * virt-log: print the logs of a guest.
 *
 * Linux: the systemd journal when the guest keeps one on disk
 * (/var/log/journal), read through the library's journal calls, one
 * line an entry in the layout of libguestfs's virt-log; otherwise the
 * first of /var/log/syslog and /var/log/messages that exists, as it is.
 *
 * Windows: the event logs are binary EVTX files, and careen has no
 * reader for them.  As libguestfs does, each one is copied to a
 * temporary directory on the host and given to evtxdump.py (from
 * python-evtx) when that is installed; without it the program says how
 * to get the files and fails.
 */

#include <config.h>

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "cleanups.h"
#include "options.h"
#include "remove-tree.h"
#include "spawn.h"

/* Where a guest keeping its journal on disk writes it. */
#define JOURNAL_DIR "/var/log/journal"

/* The reader of Windows event logs that libguestfs uses too. */
#define EVTX_READER "evtxdump.py"

static const char short_options[] = "a:c:d:vVx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "blocksize", optional_argument, NULL, 0 },
  { "connect", required_argument, NULL, 'c' },
  { "domain", required_argument, NULL, 'd' },
  { "echo-keys", no_argument, NULL, 0 },
  { "format", optional_argument, NULL, 0 },
  { "help", no_argument, NULL, 0 },
  { "key", required_argument, NULL, 0 },
  { "keys-from-stdin", no_argument, NULL, 0 },
  { "long-options", no_argument, NULL, 0 },
  { "short-options", no_argument, NULL, 0 },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { NULL, 0, NULL, 0 }
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try 'virt-log --help' for more information.\n");
  else
    printf ("virt-log: display log files in a virtual machine\n"
            "Usage:\n"
            "  virt-log [--options] -d domname\n"
            "  virt-log [--options] -a disk.img [-a disk.img ...]\n"
            "Options:\n"
            "  -a|--add image       Add image\n"
            "  --blocksize[=512|4096]\n"
            "                       Set sector size of the disk for -a "
            "option\n"
            "  -c|--connect uri     Specify libvirt URI for -d option\n"
            "  -d|--domain guest    Add disks from libvirt guest\n"
            "  --echo-keys          Don't turn off echo for passphrases\n"
            "  --format[=raw|..]    Force disk format for -a option\n"
            "  --help               Display brief help\n"
            "  --key selector       Specify a LUKS key\n"
            "  --keys-from-stdin    Read passphrases from stdin\n"
            "  -v|--verbose         Verbose messages\n"
            "  -V|--version         Display version and exit\n"
            "  -x                   Trace libguestfs API calls\n"
            "For more information, see the manpage virt-log(1).\n");
  exit (status);
}

/* The value of field NAME of an entry, or NULL. */
static const struct guestfs_xattr *
field (const struct guestfs_xattr_list *e, const char *name)
{
  size_t i;

  for (i = 0; i < e->len; ++i)
    if (strcmp (e->val[i].attrname, name) == 0)
      return &e->val[i];
  return NULL;
}

static void
print_value (const struct guestfs_xattr *f)
{
  fwrite (f->attrval, 1, f->attrval_len, stdout);
}

/* The syslog name of a PRIORITY field ("0" to "7"); entries without
 * one are informational, as journald treats them.
 */
static const char *
priority_name (const struct guestfs_xattr *f)
{
  static const char *const names[] = {
    "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"
  };
  int p = LOG_INFO;

  if (f && f->attrval_len == 1 && f->attrval[0] >= '0' &&
      f->attrval[0] <= '7')
    p = f->attrval[0] - '0';
  return names[p];
}

/* One entry: "Mon DD HH:MM:SS IDENT[PID] PRIORITY: MESSAGE". */
static int
print_entry (guestfs_h *g)
{
  struct guestfs_xattr_list *e;
  const struct guestfs_xattr *ident, *pid, *msg;
  int64_t usec;
  time_t t;
  struct tm tm;
  char stamp[64];

  usec = guestfs_journal_get_realtime_usec (g);
  if (usec == -1)
    return -1;
  e = guestfs_journal_get (g);
  if (e == NULL)
    return -1;
  t = usec / 1000000;
  if (localtime_r (&t, &tm) == NULL ||
      strftime (stamp, sizeof stamp, "%b %d %H:%M:%S", &tm) == 0)
    snprintf (stamp, sizeof stamp, "%" PRIi64, usec / 1000000);
  fputs (stamp, stdout);
  ident = field (e, "SYSLOG_IDENTIFIER");
  if (ident == NULL)
    ident = field (e, "_COMM");
  if (ident) {
    putchar (' ');
    print_value (ident);
  }
  pid = field (e, "_PID");
  if (pid) {
    putchar ('[');
    print_value (pid);
    putchar (']');
  }
  printf (" %s: ", priority_name (field (e, "PRIORITY")));
  msg = field (e, "MESSAGE");
  if (msg)
    print_value (msg);
  putchar ('\n');
  guestfs_free_xattr_list (e);
  return 0;
}

static int
print_journal (guestfs_h *g)
{
  int r;

  if (guestfs_journal_open (g, JOURNAL_DIR) == -1)
    return -1;
  while ((r = guestfs_journal_next (g)) == 1)
    if (print_entry (g) == -1) {
      r = -1;
      break;
    }
  if (guestfs_journal_close (g) == -1)
    r = -1;
  return r;
}

static int
print_linux (guestfs_h *g)
{
  static const char *const text_logs[] = {
    "/var/log/syslog", "/var/log/messages", NULL
  };
  size_t i;

  if (guestfs_is_dir (g, JOURNAL_DIR) > 0)
    return print_journal (g);
  for (i = 0; text_logs[i]; ++i)
    if (guestfs_is_file (g, text_logs[i]) > 0) {
      fflush (stdout);
      return guestfs_download (g, text_logs[i], "/dev/stdout");
    }
  fprintf (stderr, "virt-log: no log was found in the guest: no %s, "
           "/var/log/syslog or /var/log/messages\n", JOURNAL_DIR);
  return -1;
}

/* Copies the .evtx files of the guest's DIR into the host's TMPDIR and
 * runs the reader on each, in the order of their names.
 */
static int
print_evtx_files (guestfs_h *g, const char *dir, const char *tmpdir)
{
  CLEANUP_FREE_STRING_LIST char **names = guestfs_ls (g, dir);
  size_t i, len;

  if (names == NULL)
    return -1;
  for (i = 0; names[i]; ++i) {
    CLEANUP_FREE char *src = NULL, *dst = NULL;
    char *argv[] = { (char *) EVTX_READER, NULL, NULL };

    len = strlen (names[i]);
    if (len < 5 || strcasecmp (names[i] + len - 5, ".evtx") != 0 ||
        strchr (names[i], '/'))
      continue;
    if (asprintf (&src, "%s/%s", dir, names[i]) == -1 ||
        asprintf (&dst, "%s/%zu.evtx", tmpdir, i) == -1) {
      perror ("virt-log: asprintf");
      return -1;
    }
    if (guestfs_download (g, src, dst) == -1)
      return -1;
    argv[1] = dst;
    fflush (stdout);
    if (spawn_run ("virt-log", argv) != 0) {
      fprintf (stderr, "virt-log: %s failed on %s\n", EVTX_READER, src);
      return -1;
    }
  }
  return 0;
}

static int
print_windows (guestfs_h *g, const char *root)
{
  CLEANUP_FREE char *systemroot = NULL, *logs = NULL, *dir = NULL;
  char tmpdir[] = "/tmp/virt-logXXXXXX";
  int major, r;

  major = guestfs_inspect_get_major_version (g, root);
  if (major == -1)
    return -1;
  if (major < 6) {
    /* Before Vista, logs were .evt files that evtxdump.py cannot read. */
    fprintf (stderr, "virt-log: the event logs of Windows before Vista "
             "(major version %d) cannot be read\n", major);
    return -1;
  }
  if (!spawn_find_program (EVTX_READER)) {
    fprintf (stderr, "virt-log: the Windows event logs can only be read "
             "with '%s' (from python-evtx), which is not installed.\n"
             "Without it, copy the guest's "
             "%%SystemRoot%%\\System32\\winevt\\Logs folder out with "
             "virt-copy-out(1).\n", EVTX_READER);
    return -1;
  }
  systemroot = guestfs_inspect_get_windows_systemroot (g, root);
  if (systemroot == NULL)
    return -1;
  if (asprintf (&logs, "%s/System32/winevt/Logs", systemroot) == -1) {
    perror ("virt-log: asprintf");
    return -1;
  }
  /* NTFS names are case-insensitive; the appliance's view is not. */
  dir = guestfs_case_sensitive_path (g, logs);
  if (dir == NULL)
    return -1;
  if (mkdtemp (tmpdir) == NULL) {
    perror ("virt-log: mkdtemp");
    return -1;
  }
  r = print_evtx_files (g, dir, tmpdir);
  remove_tree (tmpdir);
  return r;
}

int
main (int argc, char *argv[])
{
  struct options o;
  guestfs_h *g;
  CLEANUP_FREE char *root = NULL, *type = NULL;
  int c, option_index = -1, r;

  options_init (&o, "virt-log", true, short_options, long_options);
  while ((c = getopt_long (argc, argv, short_options, long_options,
                           &option_index)) != -1) {
    if (c == 0 && strcmp (long_options[option_index].name, "help") == 0)
      usage (EXIT_SUCCESS);
    if (options_handle (&o, c, option_index, optarg) == 0)
      usage (EXIT_FAILURE);
  }
  if (optind < argc) {
    fprintf (stderr, "virt-log: extra parameter on the command line: "
             "'%s'\n", argv[optind]);
    usage (EXIT_FAILURE);
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
    r = -1;
  else if (strcmp (type, "windows") == 0)
    r = print_windows (g, root);
  else if (strcmp (type, "linux") == 0)
    r = print_linux (g);
  else {
    fprintf (stderr, "virt-log: no log reader for guests of type '%s'\n",
             type);
    r = -1;
  }
  if (guestfs_shutdown (g) == -1)
    r = -1;
  guestfs_close (g);
  options_free (&o);
  if (fflush (stdout) == EOF || ferror (stdout)) {
    fprintf (stderr, "virt-log: write error: %m\n");
    r = -1;
  }
  return r == -1 ? EXIT_FAILURE : EXIT_SUCCESS;
}
