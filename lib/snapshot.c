/* careen - offline disk-image toolkit
 *
 * Saved appliances: the cache entry that lets a launch resume a VM
 * instead of booting one (about 1.5 s of kernel boot under TCG).
 *
 * $cachedir/.careen-$UID/snapshot-<key>/ holds "ram" (the guest's
 * memory, a file qemu maps), "state" (qemu's device state, a migration
 * stream without the RAM) and "sum" (a hash of state).  The key hashes
 * the qemu command line of the saving qemu (which names the appliance
 * build, kernel, memory, CPUs, machine, accelerator and the kernel
 * command line with every per-handle setting it carries) and the
 * identity of the qemu binary and appliance files: anything that
 * changes gives another key, so another entry.  The disk stall limit
 * (careen.stall=, from CAREEN_KEEPALIVE_TIMEOUT) is left off the saved
 * command line and sent with RESUME instead: each restored appliance
 * takes its handle's, and the limit costs no entry of its own.  Entries are built
 * under $cachedir/.careen-$UID/snapshot.lock and published by rename,
 * and restored qemus map the RAM privately, so no handle's writes
 * reach the entry.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "guestfs-internal.h"
#include "appliance.h"
#include "snapshot.h"
#include "remove-tree.h"

/* An entry not restored for this long is removed when another one is
 * saved (as appliances are, appliance.c): each holds the guest pages
 * its boot touched, about 130 MB.
 */
#define SNAPSHOT_UNUSED_MAX_S (24 * 60 * 60)

/* The state of a migration without RAM is well under this. */
#define STATE_MAX (64 * 1024 * 1024)

/* The cache directory, or NULL: not having one is no error here. */
static char *
cachedir_quietly (guestfs_h *g)
{
  char *dir;

  guestfs_push_error_handler (g, NULL, NULL);
  dir = guestfs_int_user_cachedir (g);
  guestfs_pop_error_handler (g);
  return dir;
}

bool
guestfs_int_snapshot_applies (guestfs_h *g, const struct appliance *ap,
                              const struct accel_choice *accel)
{
  const char *env = getenv ("CAREEN_SNAPSHOT");
  const char *why = NULL;

  if (env && strcmp (env, "0") == 0)
    why = "CAREEN_SNAPSHOT=0";
  else if (ap->fixed)
    why = "a fixed appliance";
  else if (!ap->kernel_is_pvh)
    why = "the kernel does not boot by PVH (microvm only)";
  else if (accel->accel != ACCEL_TCG || accel->trial_deadline_ms > 0)
    why = "only under tcg";
  else if (strcmp (g->hv, QEMU) != 0)
    why = "a qemu other than careen's default";
  else if (g->hv_params && g->hv_params[0])
    why = "qemu parameters from config";
  else if (g->network)
    why = "set_network (the user network is not saved)";
  else if (guestfs_int_rescue_requested (g))
    why = "rescue mode";
  else {
    size_t i;

    /* A server that refuses makes qemu fail as a bad saved state
     * would: the launch would then try twice, doubling the wait.
     */
    for (i = 0; i < g->drives.len; ++i)
      if (g->drives.ptr[i] && g->drives.ptr[i]->protocol)
        why = "a remote drive";
  }
  if (why) {
    debug (g, "snapshot: not used: %s", why);
    return false;
  }
  return true;
}

/* The entry's directory for g's appliance, or NULL (debug says why). */
char *
guestfs_int_snapshot_dir (guestfs_h *g, const struct appliance *ap,
                          const struct accel_choice *accel)
{
  static const char placeholder[] = "@";
  struct snapshot snap = {
    .mode = SNAPSHOT_SAVE, .ram = (char *) placeholder,
    .qmp = (char *) placeholder, .state_fd = -1,
  };
  CLEANUP_FREE_STRING_LIST char **argv = NULL;
  CLEANUP_FREE char *cachedir = NULL;
  uint64_t h = UINT64_C (0xcbf29ce484222325);
  char *dir;
  size_t i;
  int v = PROTO_VERSION;

  argv = guestfs_int_qemu_argv (g, ap, accel, placeholder, &snap);
  for (i = 0; argv[i] != NULL; ++i)
    h = guestfs_int_fnv1a (h, argv[i], strlen (argv[i]) + 1);
  h = guestfs_int_fnv1a (h, PACKAGE_VERSION, strlen (PACKAGE_VERSION) + 1);
  h = guestfs_int_fnv1a (h, &v, sizeof v);
  guestfs_int_hash_stat (&h, g->hv);
  guestfs_int_hash_stat (&h, ap->kernel);
  guestfs_int_hash_stat (&h, ap->initrd);
  guestfs_int_hash_stat (&h, ap->root);

  cachedir = cachedir_quietly (g);
  if (cachedir == NULL) {
    debug (g, "snapshot: not used: no cache directory");
    return NULL;
  }
  if (asprintf (&dir, "%s/snapshot-%016" PRIx64, cachedir, h) == -1)
    guestfs_int_oom (g);
  return dir;
}

/* Hash of the file open on FD, as 16 hex digits; -1 if unreadable or
 * larger than STATE_MAX.
 */
static int
hash_file (int fd, char out[17])
{
  uint64_t h = UINT64_C (0xcbf29ce484222325);
  char buf[4096];
  ssize_t r;
  off_t total = 0, off = 0;

  while ((r = pread (fd, buf, sizeof buf, off)) > 0) {
    h = guestfs_int_fnv1a (h, buf, (size_t) r);
    off += r;
    total += r;
    if (total > STATE_MAX)
      return -1;
  }
  if (r == -1 || total == 0)
    return -1;
  snprintf (out, 17, "%016" PRIx64, h);
  return 0;
}

/* Opens DIR's state for a restore, or returns -1 (debug says why)
 * when the entry is missing, incomplete or corrupt.
 */
int
guestfs_int_snapshot_open (guestfs_h *g, const char *dir)
{
  CLEANUP_FREE char *ram = guestfs_int_path_join (g, dir, "ram");
  CLEANUP_FREE char *state = guestfs_int_path_join (g, dir, "state");
  CLEANUP_FREE char *sum = guestfs_int_path_join (g, dir, "sum");
  char want[17] = "", got[17];
  struct stat st;
  int fd, sfd;
  ssize_t r;

  if (stat (ram, &st) == -1) {
    debug (g, "snapshot: %s: %m", ram);
    return -1;
  }
  if (st.st_size != (off_t) g->memsize * 1024 * 1024) {
    debug (g, "snapshot: %s: %jd bytes instead of %d MiB: corrupt",
           ram, (intmax_t) st.st_size, g->memsize);
    return -1;
  }
  sfd = open (sum, O_RDONLY | O_CLOEXEC);
  if (sfd == -1) {
    debug (g, "snapshot: %s: %m", sum);
    return -1;
  }
  r = read (sfd, want, 16);
  close (sfd);
  fd = open (state, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    debug (g, "snapshot: %s: %m", state);
    return -1;
  }
  if (r != 16 || hash_file (fd, got) == -1 || memcmp (want, got, 16) != 0) {
    debug (g, "snapshot: %s does not match its sum: corrupt", state);
    close (fd);
    return -1;
  }
  return fd;
}

int
guestfs_int_snapshot_lock (guestfs_h *g)
{
  CLEANUP_FREE char *cachedir = NULL;
  CLEANUP_FREE char *lockfile = NULL;
  int fd;

  cachedir = cachedir_quietly (g);
  if (cachedir == NULL)
    return -1;
  lockfile = guestfs_int_path_join (g, cachedir, "snapshot.lock");
  fd = open (lockfile, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd == -1) {
    debug (g, "snapshot: %s: %m", lockfile);
    return -1;
  }
  while (flock (fd, LOCK_EX) == -1) {
    if (errno != EINTR) {
      debug (g, "snapshot: flock: %s: %m", lockfile);
      close (fd);
      return -1;
    }
  }
  return fd;
}

/* Marks the entry DIR as used now (its mtime). */
void
guestfs_int_snapshot_mark_used (const char *dir)
{
  /* Failure only makes it look older: it is then saved again. */
  (void) utimensat (AT_FDCWD, dir, NULL, 0);
}

/* Removes entries other than KEEP not restored for
 * SNAPSHOT_UNUSED_MAX_S, and what interrupted saves left.  With the
 * lock held, so no save is in progress.
 */
void
guestfs_int_snapshot_remove_stale (guestfs_h *g, const char *keep)
{
  CLEANUP_FREE char *cachedir = NULL;
  const char *keepbase = strrchr (keep, '/');
  time_t now = time (NULL);
  struct dirent *d;
  DIR *dir;

  keepbase = keepbase ? keepbase + 1 : keep;
  cachedir = cachedir_quietly (g);
  if (cachedir == NULL || (dir = opendir (cachedir)) == NULL)
    return;
  while ((d = readdir (dir)) != NULL) {
    CLEANUP_FREE char *p = NULL;
    bool interrupted;
    struct stat st;

    if (strncmp (d->d_name, "snapshot-", 9) != 0 ||
        strcmp (d->d_name, keepbase) == 0)
      continue;
    interrupted = strstr (d->d_name, ".tmp") != NULL;
    p = guestfs_int_path_join (g, cachedir, d->d_name);
    if (!interrupted &&
        (lstat (p, &st) == -1 || now - st.st_mtime < SNAPSHOT_UNUSED_MAX_S))
      continue;
    debug (g, "snapshot: removing stale %s", p);
    remove_tree (p);
  }
  closedir (dir);
}

/* Removes the entry DIR; with the lock held. */
void
guestfs_int_snapshot_discard (guestfs_h *g, const char *dir)
{
  debug (g, "snapshot: removing %s", dir);
  remove_tree (dir);
}

/* A directory next to DIR to save into, published by
 * guestfs_int_snapshot_publish.  NULL on failure (debug says why).
 */
char *
guestfs_int_snapshot_tmpdir (guestfs_h *g, const char *dir)
{
  char *t;

  if (asprintf (&t, "%s.tmpXXXXXX", dir) == -1)
    guestfs_int_oom (g);
  if (mkdtemp (t) == NULL) {
    debug (g, "snapshot: mkdtemp: %s: %m", t);
    free (t);
    return NULL;
  }
  return t;
}

/* Seals the saved files in TMP (its state is open on STATE_FD) and
 * renames TMP to DIR: readers see the whole entry or none.
 */
int
guestfs_int_snapshot_publish (guestfs_h *g, const char *tmp, int state_fd,
                              const char *dir)
{
  CLEANUP_FREE char *ram = guestfs_int_path_join (g, tmp, "ram");
  CLEANUP_FREE char *sum = guestfs_int_path_join (g, tmp, "sum");
  char hex[17];
  int fd;

  /* A crash must not leave a published entry whose files are not all
   * on disk.
   */
  fd = open (ram, O_RDONLY | O_CLOEXEC);
  if (fd == -1 || fdatasync (fd) == -1 || fsync (state_fd) == -1) {
    debug (g, "snapshot: sync %s: %m", tmp);
    if (fd >= 0)
      close (fd);
    return -1;
  }
  close (fd);
  if (hash_file (state_fd, hex) == -1) {
    debug (g, "snapshot: the saved state is empty or too large");
    return -1;
  }
  fd = open (sum, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd == -1 || write (fd, hex, 16) != 16 || fsync (fd) == -1) {
    debug (g, "snapshot: %s: %m", sum);
    if (fd >= 0)
      close (fd);
    return -1;
  }
  close (fd);
  /* The saved RAM must never change: restored qemus map it private. */
  chmod (ram, 0400);
  if (rename (tmp, dir) == -1) {
    debug (g, "snapshot: rename %s: %m", dir);
    return -1;
  }
  debug (g, "snapshot: saved %s", dir);
  return 0;
}

void
guestfs_int_snapshot_resume_msg (guestfs_h *g, unsigned char *msg)
{
  struct timespec now;
  size_t i, n = 0;
  uint64_t sec;
  ssize_t r;

  for (i = 0; i < g->drives.len; ++i)
    if (g->drives.ptr[i] && !g->drives.ptr[i]->null_disk)
      ++n;
  clock_gettime (CLOCK_REALTIME, &now);
  sec = (uint64_t) now.tv_sec;
  proto_put_le32 (msg, PROTO_FLAG_RESUME);
  proto_put_le32 (msg + 4, (uint32_t) n);
  proto_put_le32 (msg + 8, (uint32_t) sec);
  proto_put_le32 (msg + 12, (uint32_t) (sec >> 32));
  proto_put_le32 (msg + 16, (uint32_t) now.tv_nsec);
  r = getrandom (msg + 20, PROTO_RESUME_SEED_LEN, 0);
  if (r != PROTO_RESUME_SEED_LEN)
    /* Never blocks or fails after boot; if it ever did, the guest
     * would still mix in its own state.
     */
    debug (g, "snapshot: getrandom: %m");
  /* This handle's, not the saver's (the saved command line has none). */
  proto_put_le32 (msg + 20 + PROTO_RESUME_SEED_LEN,
                  (uint32_t) guestfs_int_stall_seconds (g));
}
