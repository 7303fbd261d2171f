/** careen - offline disk-image toolkit
 *
 * Choosing the accelerator: KVM when it works, TCG otherwise.
 *
 * /dev/kvm existing is not proof that KVM can run our guest: on some
 * hosts (nested setups, broken MSR emulation) qemu aborts at start or
 * the guest hangs in early boot.  So the first launch on a host puts
 * KVM on trial (the guest must print on its console within a short
 * deadline, else launch.c relaunches under TCG) and the verdict is
 * stored in the cache directory, keyed by what could change it: the
 * host kernel, the qemu binary and the CPU model.  Later launches go
 * straight to the accelerator that works.  The backend settings
 * force_kvm and force_tcg override everything.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "guestfs-internal.h"

/* How long the guest has, under KVM on trial, to print its first
 * console byte.  A working KVM guest prints within a fraction of a
 * second; a broken one never does.
 */
#define KVM_TRIAL_DEADLINE_MS 5000

/* For tests only: CAREEN_TEST_KVM_DEADLINE_MS overrides the trial
 * deadline (1 makes the trial fail at once, exercising the fallback),
 * and CAREEN_TEST_KVM_TRIAL=1 ignores a cached verdict so a trial
 * always happens when /dev/kvm is usable.
 */
#define TEST_DEADLINE_ENV "CAREEN_TEST_KVM_DEADLINE_MS"
#define TEST_TRIAL_ENV "CAREEN_TEST_KVM_TRIAL"

/* Longest verdict file read (it holds one key line and one word). */
#define MAX_VERDICT_FILE 1024

static const char *
accel_name (enum accel a)
{
  return a == ACCEL_KVM ? "kvm" : "tcg";
}

static bool
kvm_usable (void)
{
  int fd = open ("/dev/kvm", O_RDWR | O_CLOEXEC);

  if (fd == -1)
    return false;
  close (fd);
  return true;
}

/* The CPU model name from /proc/cpuinfo, newly allocated ("" if none). */
static char *
cpu_model (void)
{
  CLEANUP_FCLOSE FILE *fp = fopen ("/proc/cpuinfo", "re");
  char line[512];

  if (fp) {
    while (fgets (line, sizeof line, fp)) {
      if (strncmp (line, "model name", 10) == 0) {
        char *p = strchr (line, ':');

        if (p) {
          p += strspn (p + 1, " \t") + 1;
          p[strcspn (p, "\n")] = '\0';
          return strdup (p);
        }
      }
    }
  }
  return strdup ("");
}

/* The key of the verdict: everything that decides whether KVM works. */
static char *
verdict_key (guestfs_h *g)
{
  struct utsname u;
  struct stat st;
  CLEANUP_FREE char *model = cpu_model ();
  char *key = NULL;

  if (model == NULL)
    guestfs_int_oom (g);
  if (uname (&u) == -1)
    memset (&u, 0, sizeof u);
  if (stat (g->hv, &st) == -1)
    memset (&st, 0, sizeof st);
  if (asprintf (&key, "kernel=%s qemu=%s size=%jd mtime=%jd cpu=%s",
                u.release, g->hv, (intmax_t) st.st_size,
                (intmax_t) st.st_mtime, model) == -1)
    guestfs_int_oom (g);
  return key;
}

static char *
verdict_path (guestfs_h *g)
{
  CLEANUP_FREE char *dir = NULL;
  char *path = NULL;

  /* Reporting a cache directory problem here would fail the launch for
   * something that only costs time: be silent and just try KVM.
   */
  guestfs_push_error_handler (g, NULL, NULL);
  dir = guestfs_int_user_cachedir (g);
  guestfs_pop_error_handler (g);
  if (dir == NULL)
    return NULL;
  if (asprintf (&path, "%s/accel", dir) == -1)
    guestfs_int_oom (g);
  return path;
}

/* Returns the cached verdict: 1 (KVM works), 0 (it does not), -1
 * (nothing cached for this key).
 */
static int
read_verdict (guestfs_h *g)
{
  CLEANUP_FREE char *path = verdict_path (g);
  CLEANUP_FREE char *key = verdict_key (g);
  CLEANUP_FCLOSE FILE *fp = NULL;
  char buf[MAX_VERDICT_FILE];
  size_t n;
  char *nl;

  if (path == NULL || (fp = fopen (path, "re")) == NULL)
    return -1;
  n = fread (buf, 1, sizeof buf - 1, fp);
  buf[n] = '\0';
  nl = strchr (buf, '\n');
  if (nl == NULL)
    return -1;
  *nl = '\0';
  if (strcmp (buf, key) != 0) {
    debug (g, "accel: cached verdict is for another host configuration");
    return -1;
  }
  if (strncmp (nl + 1, "kvm", 3) == 0)
    return 1;
  if (strncmp (nl + 1, "tcg", 3) == 0)
    return 0;
  return -1;
}

void
guestfs_int_record_accel_verdict (guestfs_h *g, enum accel works)
{
  CLEANUP_FREE char *path = verdict_path (g);
  CLEANUP_FREE char *key = verdict_key (g);
  CLEANUP_FREE char *tmp = NULL;
  FILE *fp;

  if (path == NULL)
    return;
  /* Write then rename, so a concurrent launch never reads half a file. */
  if (asprintf (&tmp, "%s.%ju", path, (uintmax_t) getpid ()) == -1)
    guestfs_int_oom (g);
  fp = fopen (tmp, "we");
  if (fp == NULL) {
    debug (g, "accel: cannot write %s: %m", tmp);
    return;
  }
  fprintf (fp, "%s\n%s\n", key, accel_name (works));
  if (fclose (fp) == EOF || rename (tmp, path) == -1) {
    debug (g, "accel: cannot write %s: %m", path);
    unlink (tmp);
    return;
  }
  debug (g, "accel: recorded verdict '%s' in %s", accel_name (works), path);
}

void
guestfs_int_choose_accel (guestfs_h *g, struct accel_choice *c)
{
  const char *s;
  int verdict;

  c->trial_deadline_ms = 0;

  if (guestfs_int_has_backend_setting (g, "force_tcg")) {
    c->accel = ACCEL_TCG;
    debug (g, "accel: tcg (backend setting force_tcg)");
    return;
  }
  if (guestfs_int_has_backend_setting (g, "force_kvm")) {
    c->accel = ACCEL_KVM;
    debug (g, "accel: kvm (backend setting force_kvm)");
    return;
  }
  if (!kvm_usable ()) {
    c->accel = ACCEL_TCG;
    debug (g, "accel: tcg (/dev/kvm cannot be opened)");
    return;
  }

  s = getenv (TEST_TRIAL_ENV);
  verdict = (s && strcmp (s, "1") == 0) ? -1 : read_verdict (g);
  if (verdict == 1) {
    c->accel = ACCEL_KVM;
    debug (g, "accel: kvm (cached verdict: kvm works on this host)");
    return;
  }
  if (verdict == 0) {
    c->accel = ACCEL_TCG;
    debug (g, "accel: tcg (cached verdict: kvm does not work on this host)");
    return;
  }

  c->accel = ACCEL_KVM;
  c->trial_deadline_ms = KVM_TRIAL_DEADLINE_MS;
  s = getenv (TEST_DEADLINE_ENV);
  if (s && atoi (s) > 0)
    c->trial_deadline_ms = atoi (s);
  debug (g, "accel: trying kvm (no verdict cached; the guest must print "
         "within %d ms or tcg is used)", c->trial_deadline_ms);
}
