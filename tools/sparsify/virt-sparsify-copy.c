/** careen - offline disk-image toolkit
 *
 * virt-sparsify, copying mode: indisk is never written.  A qcow2
 * overlay backed by it (its format named, so that nothing is probed
 * twice) takes every write of the appliance; the free space is
 * discarded or zeroed there (virt-sparsify-guest.c); then qemu-img
 * convert copies the overlay to outdisk in the output format, leaving
 * out every block that reads as zero.
 *
 * The overlay can be as big as the input's virtual size, so it lives in
 * --tmp or $TMPDIR, mode 0600, and is removed on every way out,
 * including SIGINT, SIGTERM and SIGHUP.
 *
 * A file outdisk is written under a temporary name beside it
 * (OUTDISK.partial.XXXXXX) and renamed to outdisk only once qemu-img
 * has finished: a run that is killed, fails or finds the disk full
 * leaves outdisk as it was (absent, or the old file), never a copy that
 * looks complete and is not.  The partial file is removed on the same
 * ways out as the overlay; only SIGKILL leaves it, under a name that
 * says what it is.  A block device outdisk is written in place.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "cleanups.h"
#include "spawn.h"
#include "xalloc.h"
#include "virt-sparsify.h"

/* Output formats that qemu-img can create as a disk image.  Other
 * names qemu-img knows are protocols or filters (file, nbd, luks,
 * throttle ...), which would fail only after all the work was done.
 */
static const char *const output_formats[] = {
  "raw", "qcow2", "qcow", "qed", "vdi", "vmdk", "vhdx", "vpc", "parallels",
  NULL
};

/* Longest "qemu-img --help" output read. */
#define QEMU_IMG_HELP_MAX (64 * 1024)

/* What the signal handler and atexit must clean up.  Only
 * async-signal-safe calls touch them in the handler.
 */
static char overlay_path[PATH_MAX];
static volatile sig_atomic_t overlay_owned; /* ours to remove */
static volatile pid_t child_pid;            /* qemu-img running */
static char partial_path[PATH_MAX];
static volatile sig_atomic_t partial_owned; /* not renamed yet */

static void
remove_overlay (void)
{
  if (overlay_owned) {
    unlink (overlay_path);
    overlay_owned = 0;
  }
}

static void
remove_partial (void)
{
  if (partial_owned) {
    unlink (partial_path);
    partial_owned = 0;
  }
}

/* Everything this run made that must not outlive it. */
static void
remove_temporaries (void)
{
  remove_overlay ();
  remove_partial ();
}

static void
on_signal (int sig)
{
  if (child_pid > 0)
    kill (child_pid, SIGTERM);
  remove_temporaries ();
  /* Die of the signal, so the caller sees why; the library's watcher
   * stops the appliance when this process is gone.
   */
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
catch_signals (void)
{
  struct sigaction sa = { .sa_handler = on_signal };
  static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
  size_t i;

  sigemptyset (&sa.sa_mask);
  for (i = 0; i < sizeof sigs / sizeof sigs[0]; ++i)
    sigaddset (&sa.sa_mask, sigs[i]);
  for (i = 0; i < sizeof sigs / sizeof sigs[0]; ++i)
    sigaction (sigs[i], &sa, NULL);
  atexit (remove_temporaries);
}

/* Runs qemu-img with ARGV (no shell).  With OUT non-NULL its stdout
 * (at most QEMU_IMG_HELP_MAX bytes) is returned there.  Returns the
 * exit status, or -1 after printing why it could not run or how it
 * died.
 */
static int
run_qemu_img (char *const *argv, char **out)
{
  struct spawn qi;
  size_t len = 0;
  int status;

  spawn_init (&qi, PROGRAM, argv);
  if (out) {
    *out = xmalloc (QEMU_IMG_HELP_MAX + 1);
    (*out)[0] = '\0';
    qi.fd[1] = SPAWN_PIPE;
  }
  if (spawn_start (&qi) == -1)
    return -1;
  child_pid = qi.pid;
  if (out) {
    ssize_t r;

    while (len < QEMU_IMG_HELP_MAX &&
           ((r = read (qi.pipe[1], *out + len,
                       QEMU_IMG_HELP_MAX - len)) > 0 ||
            (r == -1 && errno == EINTR)))
      if (r > 0)
        len += r;
    (*out)[len] = '\0';
  }
  status = spawn_wait (&qi);
  child_pid = 0;
  return status;
}

/* Refuses an output format that qemu-img cannot write, before any
 * work is done.
 */
static void
check_output_format (const char *fmt)
{
  CLEANUP_FREE char *help = NULL;
  char *argv[] = { (char *) QEMU_IMG, (char *) "--help", NULL };
  const char *list;
  size_t i, n = strlen (fmt);
  bool known = false;

  for (i = 0; output_formats[i]; ++i)
    known = known || strcmp (fmt, output_formats[i]) == 0;
  if (!known)
    die (EXIT_FAILURE, "--convert: '%s' is not a disk image format that "
         "virt-sparsify can write (raw, qcow2, vdi, vmdk, vhdx, vpc, "
         "qed, qcow or parallels)", fmt);
  if (strcmp (fmt, "raw") == 0 || strcmp (fmt, "qcow2") == 0)
    return;
  run_qemu_img (argv, &help);
  list = help ? strstr (help, "Supported formats:") : NULL;
  if (list) {
    const char *p = list + strlen ("Supported formats:");
    const char *eol = strchr (p, '\n');

    for (;;) {
      p += strspn (p, " ");
      if (*p == '\0' || *p == '\n' || (eol && p >= eol))
        break;
      if (strncmp (p, fmt, n) == 0 && (p[n] == ' ' || p[n] == '\n' ||
                                       p[n] == '\0'))
        return;
      p += strcspn (p, " \n");
    }
  }
  die (EXIT_FAILURE, "--convert: this qemu-img cannot write '%s' images",
       fmt);
}

/* The absolute name of FILE (which exists), or exits. */
static char *
absolute (const char *what, const char *file)
{
  char *r = realpath (file, NULL);

  if (r == NULL)
    die (EXIT_FAILURE, "%s '%s': %m", what, file);
  return r;
}

/* Where the overlay goes. */
enum tmp_kind { TMP_DIRECTORY, TMP_BLOCK_DEVICE, TMP_PREBUILT };

static enum tmp_kind
tmp_place (guestfs_h *g, const char *tmp, char **place)
{
  struct stat st;

  if (tmp == NULL) {
    const char *dir = getenv ("TMPDIR");

    *place = absolute ("temporary directory",
                       dir && *dir ? dir : "/tmp");
    return TMP_DIRECTORY;
  }
  if (strncmp (tmp, "prebuilt:", 9) == 0) {
    const char *file = tmp + 9;
    CLEANUP_FREE char *fmt = NULL;
    int r;

    if (stat (file, &st) == -1)
      die (EXIT_FAILURE, "--tmp prebuilt:file: %s: file does not exist",
           file);
    fmt = guestfs_disk_format (g, file);
    if (fmt == NULL)
      exit (EXIT_FAILURE);
    if (strcmp (fmt, "qcow2") != 0)
      die (EXIT_FAILURE, "--tmp prebuilt:file: %s: file format is not "
           "qcow2", file);
    r = guestfs_disk_has_backing_file (g, file);
    if (r == -1)
      exit (EXIT_FAILURE);
    if (r == 0)
      die (EXIT_FAILURE, "--tmp prebuilt:file: %s: file does not have a "
           "backing file", file);
    *place = absolute ("--tmp prebuilt:file", file);
    return TMP_PREBUILT;
  }
  if (stat (tmp, &st) == 0 && S_ISDIR (st.st_mode)) {
    *place = absolute ("--tmp", tmp);
    return TMP_DIRECTORY;
  }
  if (stat (tmp, &st) == 0 && S_ISBLK (st.st_mode)) {
    *place = absolute ("--tmp", tmp);
    return TMP_BLOCK_DEVICE;
  }
  die (EXIT_FAILURE, "--tmp parameter must point to a directory, block "
       "device or prebuilt file");
}

/* Warns (and depending on --check-tmpdir, waits or exits) when the
 * temporary directory cannot hold a full copy of the input: the
 * overlay may grow that far in the worst case.
 */
static void
check_tmpdir_space (const struct sparsify *sp, const char *dir,
                    int64_t virtual_size)
{
  struct statvfs sv;
  uint64_t avail;
  char need[OPTIONS_HUMAN_SIZE_LEN], have[OPTIONS_HUMAN_SIZE_LEN];
  char more[OPTIONS_HUMAN_SIZE_LEN];
  CLEANUP_FREE char *text = NULL;

  if (sp->check_tmpdir == CHECK_TMPDIR_IGNORE || virtual_size < 0)
    return;
  if (statvfs (dir, &sv) == -1)
    die (EXIT_FAILURE, "statvfs: %s: %m", dir);
  avail = (uint64_t) sv.f_bavail * sv.f_frsize;
  if ((uint64_t) virtual_size <= avail)
    return;

  if (asprintf (&text,
                "\nWARNING: %s may not have enough free space for the "
                "temporary overlay.  Set TMPDIR or use --tmp to choose a "
                "directory with more space.\n\n"
                "Needed at most: %s.  Free: %s.  Possibly missing: %s.\n\n"
                "This is the worst case: the less data the guest holds, "
                "the less temporary space is used.\n\n"
                "--check-tmpdir=ignore|continue|warn|fail turns this "
                "warning off or into an error; see virt-sparsify(1).\n",
                dir,
                options_human_size (need, sizeof need, virtual_size),
                options_human_size (have, sizeof have, avail),
                options_human_size (more, sizeof more,
                                    virtual_size - avail)) == -1) {
    perror ("asprintf");
    exit (EXIT_FAILURE);
  }
  fflush (stdout);
  print_wrapped (stderr, text);
  fputc ('\n', stderr);

  switch (sp->check_tmpdir) {
  case CHECK_TMPDIR_IGNORE:
  case CHECK_TMPDIR_CONTINUE:
    break;
  case CHECK_TMPDIR_WARN:
    /* Only a person can answer: scripts go on. */
    if (isatty (0)) {
      int c;

      printf ("Press RETURN to continue or ^C to quit.\n");
      fflush (stdout);
      while ((c = getchar ()) != EOF && c != '\n')
        ;
    }
    break;
  case CHECK_TMPDIR_FAIL:
    fprintf (stderr, "%s: exiting because --check-tmpdir=fail was set\n",
             PROGRAM);
    exit (EXIT_TMPDIR_FAIL);
  }
}

/* The overlay, created in DIR; its name goes to overlay_path. */
static void
create_overlay (guestfs_h *g, enum tmp_kind kind, const char *place,
                const char *backing, const char *backing_format)
{
  int fd;

  if (kind == TMP_PREBUILT) {
    snprintf (overlay_path, sizeof overlay_path, "%s", place);
    return;
  }
  if (kind == TMP_DIRECTORY) {
    if ((size_t) snprintf (overlay_path, sizeof overlay_path,
                           "%s/sparsifyXXXXXX.qcow2", place) >=
        sizeof overlay_path)
      die (EXIT_FAILURE, "temporary directory name too long: %s", place);
    /* mkstemps: mode 0600, and a name nobody else can have taken. */
    fd = mkstemps (overlay_path, 6);
    if (fd == -1)
      die (EXIT_FAILURE, "cannot create the overlay in %s: %m", place);
    close (fd);
    overlay_owned = 1;
  }
  else
    snprintf (overlay_path, sizeof overlay_path, "%s", place);

  /* compat 1.1: a discarded cluster of an overlay becomes a zero
   * cluster; with 0.10 it would show the backing file through again.
   */
  if (guestfs_disk_create (g, overlay_path, "qcow2", -1,
                           GUESTFS_DISK_CREATE_BACKINGFILE, backing,
                           GUESTFS_DISK_CREATE_BACKINGFORMAT, backing_format,
                           GUESTFS_DISK_CREATE_COMPAT, "1.1",
                           -1) == -1)
    exit (EXIT_FAILURE);
}

/* Refuses outputs that cannot be written or would destroy the input. */
static void
check_output (const char *in, const char *out, bool *existed)
{
  struct stat ist, ost;

  *existed = false;
  if (stat (in, &ist) == -1)
    die (EXIT_FAILURE, "input disk '%s': %m", in);
  if (S_ISDIR (ist.st_mode))
    die (EXIT_FAILURE, "input disk '%s' is a directory", in);
  if (access (in, R_OK) == -1)
    die (EXIT_FAILURE, "input disk '%s': %m", in);
  if (stat (out, &ost) == 0) {
    *existed = true;
    if (ist.st_dev == ost.st_dev && ist.st_ino == ost.st_ino)
      die (EXIT_FAILURE, "you cannot use the same disk image for input "
           "and output");
    if (S_ISCHR (ost.st_mode))
      die (EXIT_FAILURE, "output '%s' cannot be a character device, it "
           "must be a regular file", out);
    if (S_ISDIR (ost.st_mode))
      die (EXIT_FAILURE, "output '%s' is a directory", out);
    if (access (out, W_OK) == -1)
      die (EXIT_FAILURE, "output '%s': %m", out);
  }
  else {
    CLEANUP_FREE char *copy = strdup (out);

    if (errno != ENOENT)
      die (EXIT_FAILURE, "output '%s': %m", out);
    if (copy == NULL || access (dirname (copy), W_OK) == -1)
      die (EXIT_FAILURE, "output '%s': cannot create it: %m", out);
  }
}

/* The name qemu-img will not mistake for a protocol ("nbd:x"). */
static char *
qemu_img_name (const char *file)
{
  char *r;

  if (file[0] != '/' && strchr (file, ':')) {
    if (asprintf (&r, "./%s", file) == -1)
      r = NULL;
  }
  else
    r = strdup (file);
  if (r == NULL) {
    perror ("strdup");
    exit (EXIT_FAILURE);
  }
  return r;
}

/* Reserves the temporary name that qemu-img writes instead of a file
 * OUTDISK (one that does not exist, or a regular file): a new file
 * beside it, so that the final rename stays in one filesystem, with the
 * mode the output will have.  Returns that name (static storage), or
 * OUTDISK itself for a block device, which is written in place.
 */
static const char *
reserve_partial (const char *outdisk)
{
  struct stat st;
  bool exists = stat (outdisk, &st) == 0;
  mode_t mode, mask;
  int fd;

  if (exists && !S_ISREG (st.st_mode))
    return outdisk;
  if ((size_t) snprintf (partial_path, sizeof partial_path,
                         "%s.partial.XXXXXX", outdisk) >= sizeof partial_path)
    die (EXIT_FAILURE, "output '%s': name too long", outdisk);
  fd = mkstemp (partial_path);
  if (fd == -1)
    die (EXIT_FAILURE, "output '%s': cannot create '%s': %m", outdisk,
         partial_path);
  partial_owned = 1;
  /* mkstemp makes it 0600; the output gets the old file's mode, or
   * what a new file would get.
   */
  if (exists)
    mode = st.st_mode & 07777;
  else {
    mask = umask (0);
    umask (mask);
    mode = 0666 & ~mask;
  }
  if (fchmod (fd, mode) == -1 || close (fd) == -1)
    die (EXIT_FAILURE, "output '%s': %m", partial_path);
  return partial_path;
}

/* Gives the finished PARTIAL its final name OUTDISK, and makes the
 * rename last (the data itself was flushed by qemu-img).  Returns 0,
 * or -1 after printing why.
 */
static int
finish_partial (const char *partial, const char *outdisk)
{
  CLEANUP_FREE char *copy = NULL;
  int dfd;

  if (partial == outdisk)
    return 0;
  if (rename (partial, outdisk) == -1) {
    fprintf (stderr, "%s: error: rename '%s' to '%s': %m\n", PROGRAM,
             partial, outdisk);
    return -1;
  }
  partial_owned = 0;
  copy = strdup (outdisk);
  if (copy == NULL)
    return 0;
  dfd = open (dirname (copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    /* A directory that cannot be synced (some network filesystems)
     * still holds the renamed file: not an error.
     */
    fsync (dfd);
    close (dfd);
  }
  return 0;
}

static int
convert (const struct sparsify *sp, const char *output_format,
         const char *target)
{
  CLEANUP_FREE char *outname = qemu_img_name (target);
  const char *argv[16];
  size_t n = 0;

  argv[n++] = QEMU_IMG;
  argv[n++] = "convert";
  argv[n++] = !sparsify_quiet && isatty (1) ? "-p" : "-q";
  argv[n++] = "-f";
  argv[n++] = "qcow2";
  argv[n++] = "-O";
  argv[n++] = output_format;
  if (sp->compress)
    argv[n++] = "-c";
  if (sp->qemu_img_options) {
    argv[n++] = "-o";
    argv[n++] = sp->qemu_img_options;
  }
  argv[n++] = overlay_path;
  argv[n++] = outname;
  argv[n] = NULL;
  return run_qemu_img ((char *const *) argv, NULL);
}

int
sparsify_copy (struct sparsify *sp)
{
  guestfs_h *g;
  CLEANUP_FREE char *in_abs = NULL, *place = NULL, *detected = NULL;
  const char *in_format, *output_format;
  struct disk_sizes before, after;
  enum tmp_kind kind;
  const char *target;
  bool existed;
  int r;

  check_output (sp->indisk, sp->outdisk, &existed);
  in_abs = absolute ("input disk", sp->indisk);

  g = options_create_handle (&sp->o);
  progress_setup (g);
  in_format = sp->format;
  if (in_format == NULL) {
    detected = guestfs_disk_format (g, in_abs);
    if (detected == NULL)
      exit (EXIT_FAILURE);
    if (strcmp (detected, "unknown") == 0)
      die (EXIT_FAILURE, "cannot detect input disk format; use the "
           "--format parameter");
    in_format = detected;
  }
  output_format = sp->convert ? sp->convert : in_format;
  if (sp->convert)
    check_output_format (sp->convert);
  if (sp->compress && strcmp (output_format, "raw") == 0)
    die (EXIT_FAILURE, "--compress cannot be used for raw output.  Remove "
         "this option or use --convert qcow2.");

  kind = tmp_place (g, sp->tmp, &place);
  disk_sizes_get (g, in_abs, in_format, &before);
  if (before.virtual_size < 0) {
    before.virtual_size = guestfs_disk_virtual_size (g, in_abs);
    if (before.virtual_size == -1)
      exit (EXIT_FAILURE);
  }
  if (kind == TMP_DIRECTORY)
    check_tmpdir_space (sp, place, before.virtual_size);

  catch_signals ();
  message ("Create overlay file in %s to protect source disk", place);
  create_overlay (g, kind, place, in_abs, in_format);

  message ("Examine source disk");
  /* Our overlay names the input, which may lie anywhere: the library's
   * backing-file rule applies from the input on.
   */
  if (guestfs_set_backend_setting (g, "backing_files", "overlay") == -1 ||
      guestfs_add_drive_opts (g, overlay_path,
                              GUESTFS_ADD_DRIVE_OPTS_FORMAT, "qcow2",
                              GUESTFS_ADD_DRIVE_OPTS_DISCARD, "enable",
                              -1) == -1 ||
      guestfs_clear_backend_setting (g, "backing_files") == -1 ||
      guestfs_launch (g) == -1 ||
      options_decrypt (&sp->o, g) == -1 ||
      sparsify_guest (g, sp, false) == -1 ||
      guestfs_shutdown (g) == -1) {
    guestfs_close (g);
    return EXIT_FAILURE;
  }

  /* The handle's temporary directory would outlive a signal during the
   * copy: the library's watcher, which removes it when the program
   * dies, stopped with the appliance.  The copy needs no handle.
   */
  guestfs_close (g);
  g = NULL;

  message ("Copy to destination and make sparse");
  target = reserve_partial (sp->outdisk);
  r = convert (sp, output_format, target);
  if (r != 0) {
    if (r > 0)
      fprintf (stderr, "%s: error: external command failed: qemu-img "
               "convert (exit status %d)\n", PROGRAM, r);
    /* The half-written copy is worth nothing.  A block device is
     * written in place: say so, it cannot be removed.
     */
    remove_partial ();
    if (target == sp->outdisk)
      fprintf (stderr, "%s: error: the output device '%s' is incomplete: "
               "do not use it\n", PROGRAM, sp->outdisk);
    else if (!existed)
      fprintf (stderr, "%s: nothing was written to '%s'\n", PROGRAM,
               sp->outdisk);
    else
      fprintf (stderr, "%s: '%s' was left as it was\n", PROGRAM,
               sp->outdisk);
    return EXIT_FAILURE;
  }
  if (finish_partial (target, sp->outdisk) == -1) {
    remove_partial ();
    return EXIT_FAILURE;
  }
  remove_overlay ();

  g = options_create_handle (&sp->o);
  disk_sizes_get (g, sp->outdisk, output_format, &after);
  guestfs_close (g);
  message ("Sparsify operation completed with no errors.");
  disk_sizes_report (sp->indisk, &before, sp->outdisk, &after);
  if (!sparsify_quiet) {
    putchar ('\n');
    print_wrapped (stdout, PROGRAM ": Before deleting the old disk, "
                   "carefully check that the target disk boots and works "
                   "correctly.");
    putchar ('\n');
  }
  return EXIT_SUCCESS;
}
