/** careen - offline disk-image toolkit
 *
 * The v2v programs' files that must not outlive them: the private temporary
 * directory (overlays, an OVA's unpacked disks) and the output files
 * not yet finished.  They are removed on every way out: a normal
 * exit, an error, and SIGINT, SIGTERM, SIGHUP or SIGQUIT.  A
 * half-written output disk left beside finished ones would look like
 * a converted guest.
 *
 * The signal handler only uses async-signal-safe calls (unlink,
 * rmdir, kill) on fixed-size tables; the whole tree is removed by
 * the atexit handler.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "remove-tree.h"
#include "v2v-cmdline.h"

/* Most files remembered at once: the disks of one guest and their
 * overlays, plus the metadata file.
 */
#define TMP_MAX_FILES 128

static char tmpdir[PATH_MAX];
static volatile sig_atomic_t have_tmpdir;
static char files[TMP_MAX_FILES][PATH_MAX];
static volatile sig_atomic_t used[TMP_MAX_FILES];
static volatile pid_t child;

static void
remove_files (void)
{
  size_t k;

  if (child > 0)
    kill (child, SIGTERM);
  for (k = 0; k < TMP_MAX_FILES; ++k)
    if (used[k]) {
      unlink (files[k]);
      used[k] = 0;
    }
}

static void
on_signal (int sig)
{
  remove_files ();
  if (have_tmpdir)
    rmdir (tmpdir);
  /* Die of the signal, so the caller sees why. */
  signal (sig, SIG_DFL);
  raise (sig);
}

void
v2v_tmp_remove_all (void)
{
  remove_files ();
  if (have_tmpdir) {
    have_tmpdir = 0;
    remove_tree (tmpdir);
  }
}

static void
catch_signals (void)
{
  static bool done;
  struct sigaction sa = { .sa_handler = on_signal };
  static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
  size_t i;

  if (done)
    return;
  done = true;
  sigemptyset (&sa.sa_mask);
  for (i = 0; i < sizeof sigs / sizeof sigs[0]; ++i)
    sigaddset (&sa.sa_mask, sigs[i]);
  for (i = 0; i < sizeof sigs / sizeof sigs[0]; ++i)
    sigaction (sigs[i], &sa, NULL);
  atexit (v2v_tmp_remove_all);
}

/* $VIRT_V2V_TMPDIR, else $TMPDIR, else /var/tmp: the overlays can grow
 * large, and /tmp is often a small tmpfs.
 */
static const char *
tmp_base (void)
{
  const char *dir = getenv ("VIRT_V2V_TMPDIR");

  if (dir == NULL || *dir == '\0')
    dir = getenv ("TMPDIR");
  if (dir == NULL || *dir == '\0')
    dir = "/var/tmp";
  return dir;
}

const char *
v2v_tmp_setup (void)
{
  const char *base = tmp_base ();

  if (have_tmpdir)
    return tmpdir;
  catch_signals ();
  if ((size_t) snprintf (tmpdir, sizeof tmpdir, "%s/v2v.XXXXXX", base) >=
      sizeof tmpdir) {
    v2v_error ("temporary directory name too long: %s", base);
    return NULL;
  }
  if (mkdtemp (tmpdir) == NULL) {
    v2v_error ("cannot create a temporary directory in '%s': %s", base,
               strerror (errno));
    return NULL;
  }
  have_tmpdir = 1;
  return tmpdir;
}

int
v2v_tmp_check_space (void)
{
  struct statvfs sv;
  uint64_t avail;

  if (statvfs (tmpdir, &sv) == -1) {
    v2v_error ("statvfs: '%s': %s", tmpdir, strerror (errno));
    return -1;
  }
  avail = (uint64_t) sv.f_bavail * sv.f_frsize;
  if (avail < V2V_TMP_NEEDED) {
    v2v_error ("not enough free space for the conversion in '%s': "
               "%" PRIu64 " MB free, at least %" PRIu64 " MB needed.  "
               "Set VIRT_V2V_TMPDIR (or TMPDIR) to a directory with more "
               "space", tmp_base (), avail / (1024 * 1024),
               V2V_TMP_NEEDED / (1024 * 1024));
    return -1;
  }
  return 0;
}

int
v2v_tmp_remember (const char *path)
{
  size_t k;

  catch_signals ();
  if (strlen (path) >= PATH_MAX) {
    v2v_error ("file name too long: %s", path);
    return -1;
  }
  for (k = 0; k < TMP_MAX_FILES; ++k)
    if (!used[k]) {
      strcpy (files[k], path);
      used[k] = 1;
      return k;
    }
  v2v_error ("too many temporary files (at most %d)", TMP_MAX_FILES);
  return -1;
}

void
v2v_tmp_forget (int slot)
{
  if (slot >= 0 && slot < TMP_MAX_FILES)
    used[slot] = 0;
}

void
v2v_tmp_set_child (pid_t pid)
{
  child = pid;
}
