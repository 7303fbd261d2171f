/** careen - offline disk-image toolkit
 *
 * Finding, building and caching the appliance (kernel, initrd, root)
 * that launch boots.
 *
 * Each directory on the handle's path (LIBGUESTFS_PATH, colon
 * separated; each element DIR is tried as DIR and DIR/appliance) may
 * hold either:
 *
 *  - a fixed appliance: kernel, initrd, root and README.fixed, made by
 *    careen-make-fixed-appliance and used as is; or
 *  - careen's appliance inputs: careen-init, careen-daemon,
 *    make-appliance and the binaries manifest.  The appliance is built
 *    from them and the host's kernel and programs into
 *    $cachedir/.careen-$UID/appliance-<key>, where the key is a hash of
 *    the inputs' identity (stat data only: a launch must not read
 *    megabytes to decide the cache is valid).  A host package update
 *    changes /var/lib/dpkg/status, hence the key, hence a rebuild.
 *
 * Concurrent launches serialise builds with flock on
 * $cachedir/.careen-$UID/lock: the first builds, the others wait and
 * then find the result.  make-appliance builds into a temporary
 * directory and renames it into place, so a complete appliance-<key>
 * directory is the only thing anyone can see.  Each use marks the
 * appliance's directory; appliances unused for a day are removed when
 * a new one is built.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guestfs-internal.h"
#include "appliance.h"

/* Files of a fixed appliance, and of a built one. */
static const char *const fixed_files[] = {
  "README.fixed", "kernel", "initrd", "root", NULL
};
static const char *const built_files[] = { "kernel", "initrd", "root", NULL };
/* Files of an input directory. */
static const char *const input_files[] = {
  "careen-init", "careen-daemon", "make-appliance", "binaries", NULL
};

/* Host files whose identity, besides the inputs and the kernel, decides
 * whether a cached appliance is still valid.  The dpkg database changes
 * on every package install or upgrade (new lvm, new libc ...); the
 * loader cache whenever libraries are added outside packages.  Missing
 * ones count as "absent", which is also part of the key.
 */
static const char *const host_proxies[] = {
  "/var/lib/dpkg/status",
  "/etc/ld.so.cache",
  NULL
};

char *
guestfs_int_path_join (guestfs_h *g, const char *dir, const char *name)
{
  char *ret;

  if (asprintf (&ret, "%s/%s", dir, name) == -1)
    guestfs_int_oom (g);
  return ret;
}

/* True when every name in FILES is a regular file (following links)
 * in DIR.
 */
static bool
dir_has_files (guestfs_h *g, const char *dir, const char *const *files)
{
  struct stat st;
  size_t i;

  for (i = 0; files[i] != NULL; ++i) {
    CLEANUP_FREE char *p = guestfs_int_path_join (g, dir, files[i]);

    if (stat (p, &st) == -1 || !S_ISREG (st.st_mode))
      return false;
  }
  return true;
}

/* A vmlinux is an ELF file; a bzImage starts with boot sector code.
 * PVH boot needs the ELF (qemu finds its PVH note).
 */
static bool
is_elf (const char *path)
{
  char magic[4];
  int fd;
  ssize_t r;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd == -1)
    return false;
  r = read (fd, magic, sizeof magic);
  close (fd);
  return r == sizeof magic && memcmp (magic, "\x7f" "ELF", 4) == 0;
}

static void
fill_appliance (guestfs_h *g, const char *dir, struct appliance *ap)
{
  ap->kernel = guestfs_int_path_join (g, dir, "kernel");
  ap->initrd = guestfs_int_path_join (g, dir, "initrd");
  ap->root = guestfs_int_path_join (g, dir, "root");
  ap->kernel_is_pvh = is_elf (ap->kernel);
}

/* The newest /boot/vmlinuz-VERSION that has /lib/modules/VERSION:
 * without its modules the appliance cannot even find its disks.
 * Returns a newly allocated version, or NULL after reporting.
 */
static char *
find_kernel_version (guestfs_h *g)
{
  glob_t gl;
  const char *best = NULL;
  char *ret = NULL;
  size_t i;

  if (glob ("/boot/vmlinuz-*", 0, NULL, &gl) == 0) {
    for (i = 0; i < gl.gl_pathc; ++i) {
      const char *v = gl.gl_pathv[i] + strlen ("/boot/vmlinuz-");
      CLEANUP_FREE char *dep = NULL;

      if (asprintf (&dep, "/lib/modules/%s/modules.dep", v) == -1)
        guestfs_int_oom (g);
      if (access (dep, R_OK) == 0 &&
          (best == NULL || strverscmp (v, best) > 0))
        best = v;
    }
    if (best != NULL && (ret = strdup (best)) == NULL)
      guestfs_int_oom (g);
  }
  globfree (&gl);
  if (ret == NULL)
    guestfs_int_error_errno (g, ENOENT,
                             "appliance: no kernel in /boot with its modules "
                             "in /lib/modules (install linux-image-amd64)");
  return ret;
}

/* FNV-1a, 64 bits: the key only tells builds apart (the cache
 * directory's ownership, not the hash, is what keeps others out).
 */
uint64_t
guestfs_int_fnv1a (uint64_t h, const void *data, size_t len)
{
  const unsigned char *p = data;
  size_t i;

  for (i = 0; i < len; ++i) {
    h ^= p[i];
    h *= UINT64_C (0x100000001b3);
  }
  return h;
}

/* Mixes the identity of PATH (or its absence) into *h. */
void
guestfs_int_hash_stat (uint64_t *h, const char *path)
{
  struct stat st;
  char buf[256];
  int n;

  if (stat (path, &st) == -1)
    n = snprintf (buf, sizeof buf, "absent %d", errno);
  else
    n = snprintf (buf, sizeof buf, "%ju %ju %jd %jd.%09ld %o",
                  (uintmax_t) st.st_dev, (uintmax_t) st.st_ino,
                  (intmax_t) st.st_size, (intmax_t) st.st_mtim.tv_sec,
                  st.st_mtim.tv_nsec, (unsigned) st.st_mode);
  *h = guestfs_int_fnv1a (*h, path, strlen (path) + 1);
  *h = guestfs_int_fnv1a (*h, buf, n);
}

/* The cache key of an appliance built from INPUTDIR with kernel KVER:
 * 16 hex digits in key (17 bytes).
 */
static void
compute_key (guestfs_h *g, const char *inputdir, const char *kver,
             char key[17])
{
  uint64_t h = UINT64_C (0xcbf29ce484222325);
  CLEANUP_FREE char *kernel = NULL, *moddir = NULL, *moddep = NULL;
  size_t i;

  if (asprintf (&kernel, "/boot/vmlinuz-%s", kver) == -1 ||
      asprintf (&moddir, "/lib/modules/%s", kver) == -1 ||
      asprintf (&moddep, "/lib/modules/%s/modules.dep", kver) == -1)
    guestfs_int_oom (g);

  h = guestfs_int_fnv1a (h, PACKAGE_VERSION, strlen (PACKAGE_VERSION) + 1);
  h = guestfs_int_fnv1a (h, kver, strlen (kver) + 1);
  guestfs_int_hash_stat (&h, kernel);
  guestfs_int_hash_stat (&h, moddir);
  guestfs_int_hash_stat (&h, moddep);
  for (i = 0; input_files[i] != NULL; ++i) {
    CLEANUP_FREE char *p = guestfs_int_path_join (g, inputdir, input_files[i]);
    guestfs_int_hash_stat (&h, p);
  }
  for (i = 0; host_proxies[i] != NULL; ++i)
    guestfs_int_hash_stat (&h, host_proxies[i]);

  snprintf (key, 17, "%016" PRIx64, h);
}

static int
remove_entry (const char *path, const struct stat *st, int flag,
              struct FTW *ftw)
{
  /* Best effort: a leftover only costs disk space. */
  if (flag == FTW_DP)
    rmdir (path);
  else
    unlink (path);
  return 0;
}

static void
remove_tree (const char *path)
{
  nftw (path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* An appliance not used for this long is removed when another one is
 * built.  Not at once: two careen builds or versions sharing a cache
 * (an installed one and a development tree) each have their own
 * appliance, and removing the other's on every build made them rebuild
 * in turn; and a launch that has just chosen an appliance must find
 * its files when it starts qemu a moment later.
 */
#define APPLIANCE_UNUSED_MAX_S (24 * 60 * 60)

/* Marks the cached appliance APPDIR as used now (its mtime). */
static void
mark_used (const char *appdir)
{
  /* Failure only makes it look older: it is then rebuilt if needed. */
  (void) utimensat (AT_FDCWD, appdir, NULL, 0);
}

/* Removes appliances other than KEEP that have not been used for
 * APPLIANCE_UNUSED_MAX_S, and temporary directories of interrupted
 * builds.  Called with the lock held, so no build is in progress.
 */
static void
remove_stale (guestfs_h *g, const char *cachedir, const char *keep)
{
  DIR *dir;
  struct dirent *d;
  time_t now = time (NULL);

  dir = opendir (cachedir);
  if (dir == NULL)
    return;
  while ((d = readdir (dir)) != NULL) {
    bool interrupted = strncmp (d->d_name, ".make-appliance.", 16) == 0;
    CLEANUP_FREE char *p = NULL;
    struct stat st;

    if (!interrupted &&
        (strncmp (d->d_name, "appliance-", 10) != 0 ||
         strcmp (d->d_name, keep) == 0))
      continue;
    p = guestfs_int_path_join (g, cachedir, d->d_name);
    if (!interrupted &&
        (lstat (p, &st) == -1 ||
         now - st.st_mtime < APPLIANCE_UNUSED_MAX_S))
      continue;
    debug (g, "appliance: removing stale %s", p);
    remove_tree (p);
  }
  closedir (dir);
}

/* Runs make-appliance from INPUTDIR to build OUTDIR.  Reports errors. */
static int
run_builder (guestfs_h *g, const char *inputdir, const char *kver,
             const char *outdir)
{
  CLEANUP_FREE char *builder = guestfs_int_path_join (g, inputdir, "make-appliance");
  CLEANUP_FREE char *init = guestfs_int_path_join (g, inputdir, "careen-init");
  CLEANUP_FREE char *daemon = guestfs_int_path_join (g, inputdir, "careen-daemon");
  CLEANUP_FREE char *binaries = guestfs_int_path_join (g, inputdir, "binaries");
  CLEANUP_FREE char *output = NULL;
  /* Run by sh, so the builder needs no execute bit (an installed or
   * copied input directory may have lost it).
   */
  char *argv[] = {
    (char *) "/bin/sh", builder,
    (char *) "--init", init,
    (char *) "--daemon", daemon,
    (char *) "--binaries", binaries,
    (char *) "--kernel-version", (char *) kver,
    (char *) "--output", (char *) outdir,
    g->verbose ? (char *) "--verbose" : NULL,
    NULL
  };
  int status;

  status = guestfs_int_run_command (g, argv, &output);
  if (status == -1)
    return -1;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0) {
    guestfs_int_error_errno (g, EIO, "appliance: build failed: %s",
                             output && *output ? output : "no message");
    return -1;
  }
  return 0;
}

/* Builds the appliance from the inputs in INPUTDIR into the cache, or
 * reuses the cached one.  Reports errors.
 */
static int
prepare_cached (guestfs_h *g, const char *inputdir, struct appliance *ap)
{
  CLEANUP_FREE char *kver = NULL;
  CLEANUP_FREE char *cachedir = NULL;
  CLEANUP_FREE char *lockfile = NULL;
  CLEANUP_FREE char *appdir = NULL;
  CLEANUP_CLOSE int lockfd = -1;
  char key[17];
  char name[sizeof "appliance-" + sizeof key];
  int64_t start;
  struct stat st;

  kver = find_kernel_version (g);
  if (kver == NULL)
    return -1;
  compute_key (g, inputdir, kver, key);
  snprintf (name, sizeof name, "appliance-%s", key);

  /* Creates $cachedir/.careen-$UID if needed and refuses one that is
   * not ours alone: someone able to write there could swap our root.
   */
  cachedir = guestfs_int_user_cachedir (g);
  if (cachedir == NULL)
    return -1;
  appdir = guestfs_int_path_join (g, cachedir, name);

  if (dir_has_files (g, appdir, built_files)) {
    debug (g, "appliance: cache hit: %s", appdir);
    mark_used (appdir);
    fill_appliance (g, appdir, ap);
    return 0;
  }

  lockfile = guestfs_int_path_join (g, cachedir, "lock");
  lockfd = open (lockfile, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (lockfd == -1) {
    perrorf (g, "open: %s", lockfile);
    return -1;
  }
  debug (g, "appliance: cache miss, taking %s", lockfile);
  while (flock (lockfd, LOCK_EX) == -1) {
    if (errno != EINTR) {
      perrorf (g, "flock: %s", lockfile);
      return -1;
    }
  }

  /* Someone else may have built it while we waited. */
  if (dir_has_files (g, appdir, built_files)) {
    debug (g, "appliance: built by another process: %s", appdir);
    fill_appliance (g, appdir, ap);
    return 0;
  }
  /* Incomplete (a tmp cleaner removed files from it): start again. */
  if (lstat (appdir, &st) == 0) {
    debug (g, "appliance: removing incomplete %s", appdir);
    remove_tree (appdir);
  }

  start = guestfs_int_now_ns ();
  debug (g, "appliance: building %s from %s (kernel %s)",
         appdir, inputdir, kver);
  if (run_builder (g, inputdir, kver, appdir) == -1)
    return -1;
  if (!dir_has_files (g, appdir, built_files)) {
    guestfs_int_error_errno (g, EIO, "appliance: build left no kernel, "
                             "initrd and root in %s", appdir);
    return -1;
  }
  debug (g, "appliance: built in %.1f s",
         (guestfs_int_now_ns () - start) / 1e9);

  mark_used (appdir);
  remove_stale (g, cachedir, name);

  fill_appliance (g, appdir, ap);
  return 0;
  /* lockfd is closed on return, which releases the lock. */
}

int
guestfs_int_prepare_appliance (guestfs_h *g, struct appliance *ap)
{
  CLEANUP_FREE char *path = NULL;
  char *elem, *save = NULL;
  size_t i;

  memset (ap, 0, sizeof *ap);

  path = strdup (g->path);
  if (path == NULL)
    guestfs_int_oom (g);

  for (elem = strtok_r (path, ":", &save); elem != NULL;
       elem = strtok_r (NULL, ":", &save)) {
    /* The installed default path is $(pkglibdir), whose appliance/
     * subdirectory holds the inputs; the build tree points straight at
     * its appliance/ directory.
     */
    CLEANUP_FREE char *sub = guestfs_int_path_join (g, elem, "appliance");
    const char *dirs[] = { elem, sub, NULL };

    for (i = 0; dirs[i] != NULL; ++i) {
      if (dir_has_files (g, dirs[i], fixed_files)) {
        debug (g, "appliance: fixed appliance %s", dirs[i]);
        fill_appliance (g, dirs[i], ap);
        ap->fixed = true;
        return 0;
      }
      if (dir_has_files (g, dirs[i], input_files))
        return prepare_cached (g, dirs[i], ap);
    }
  }

  guestfs_int_error_errno (g, ENOENT,
                           "appliance: not found on path %s: no fixed "
                           "appliance (kernel, initrd, root, README.fixed) "
                           "and no careen appliance inputs (careen-init, "
                           "careen-daemon, make-appliance, binaries); set "
                           "LIBGUESTFS_PATH or install careen",
                           g->path);
  return -1;
}

void
guestfs_int_free_appliance (struct appliance *ap)
{
  free (ap->kernel);
  free (ap->initrd);
  free (ap->root);
  memset (ap, 0, sizeof *ap);
}
