/* careen - offline disk-image toolkit */

/**
 * The small test library of tests/api: failure counting, the launch
 * with its skip rules, scratch disks, and list helpers.
 */

#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "remove-tree.h"
#include "spawn.h"
#include "tests.h"

int test_failures;

static const char *test_name = "test";
static char tmpdir[64];
static int ndisks;

void
test_fail (const char *file, int line, const char *fs, ...)
{
  va_list args;

  fprintf (stderr, "%s:%d: FAIL: ", file, line);
  va_start (args, fs);
  vfprintf (stderr, fs, args);
  va_end (args);
  fprintf (stderr, "\n");
  test_failures++;
}

bool
test_int_failed (int v)
{
  return v == -1;
}

bool
test_i64_failed (int64_t v)
{
  return v == -1;
}

bool
test_ptr_failed (const void *p)
{
  return p == NULL;
}

static void __attribute__ ((noreturn))
skip (const char *why)
{
  printf ("%s: skipped: %s\n", test_name, why);
  exit (77);
}

guestfs_h *
test_create (const char *name)
{
  char var[128];
  const char *v;
  size_t i;
  guestfs_h *g;

  test_name = name;
  /* SKIP_TEST_API_FILES=1 skips test-api-files. */
  snprintf (var, sizeof var, "SKIP_%s", name);
  for (i = 5; var[i]; ++i)
    var[i] = var[i] == '-' ? '_' : toupper ((unsigned char) var[i]);
  v = getenv (var);
  if (v && strcmp (v, "1") == 0)
    skip ("the SKIP_ variable is set");
  if (getenv ("LIBGUESTFS_PATH") == NULL)
    skip ("LIBGUESTFS_PATH is not set (run through ./run)");

  g = guestfs_create ();
  if (g == NULL) {
    fprintf (stderr, "%s: guestfs_create failed\n", name);
    exit (EXIT_FAILURE);
  }
  return g;
}

/* A kernel the appliance can boot: the host's, readable. */
static bool
have_kernel (void)
{
  DIR *d = opendir ("/boot");
  struct dirent *e;
  bool found = false;

  if (d == NULL)
    return false;
  while ((e = readdir (d)) != NULL) {
    char path[512];

    if (strncmp (e->d_name, "vmlinuz-", 8) != 0)
      continue;
    snprintf (path, sizeof path, "/boot/%s", e->d_name);
    if (access (path, R_OK) == 0)
      found = true;
  }
  closedir (d);
  return found;
}

void
test_launch (guestfs_h *g)
{
  const char *hv = getenv ("LIBGUESTFS_HV");

  if (hv ? access (hv, X_OK) != 0 : !spawn_find_program ("qemu-system-x86_64"))
    skip ("no qemu-system-x86_64 on this host");
  if (!have_kernel ())
    skip ("no readable kernel in /boot");

  if (guestfs_launch (g) == -1) {
    fprintf (stderr, "%s: launch failed: %s\n", test_name,
             guestfs_last_error (g));
    exit (EXIT_FAILURE);
  }
}

static void
remove_tmpdir (void)
{
  char path[128];
  int i;

  for (i = 0; i < ndisks; ++i) {
    snprintf (path, sizeof path, "%s/disk%d.img", tmpdir, i);
    unlink (path);
  }
  rmdir (tmpdir);
}

const char *
test_add_disk (guestfs_h *g, int64_t size)
{
  static char path[128];
  int fd;

  if (tmpdir[0] == '\0') {
    snprintf (tmpdir, sizeof tmpdir, "/tmp/careen-api.XXXXXX");
    if (mkdtemp (tmpdir) == NULL) {
      perror ("mkdtemp");
      exit (EXIT_FAILURE);
    }
    atexit (remove_tmpdir);
  }
  snprintf (path, sizeof path, "%s/disk%d.img", tmpdir, ndisks++);
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd == -1 || ftruncate (fd, size) == -1 || close (fd) == -1) {
    perror (path);
    exit (EXIT_FAILURE);
  }
  if (guestfs_add_drive_opts (g, path,
                              GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                              -1) == -1) {
    fprintf (stderr, "%s: add_drive %s failed\n", test_name, path);
    exit (EXIT_FAILURE);
  }
  return path;
}

const char *
test_add_ext4_from_dir (guestfs_h *g, const char *dir, int64_t size)
{
  char sizestr[32];
  const char *path;
  const char *mke2fs = spawn_find_program ("mke2fs") ? "mke2fs"
    : "/sbin/mke2fs";

  if (!spawn_find_program (mke2fs))
    skip ("mke2fs is needed to build the test image");

  /* Adds the blank disk first, then fills the file before launch. */
  path = test_add_disk (g, size);
  snprintf (sizestr, sizeof sizestr, "%" PRIi64 "k", size / 1024);
  char *argv[] = { (char *) mke2fs, (char *) "-q", (char *) "-F",
                   (char *) "-t", (char *) "ext4", (char *) "-d",
                   (char *) dir, (char *) path, sizestr, NULL };
  if (spawn_run (test_name, argv) != 0) {
    fprintf (stderr, "%s: mke2fs -d %s failed\n", test_name, dir);
    exit (EXIT_FAILURE);
  }
  return path;
}

void
test_exit (guestfs_h *g)
{
  if (guestfs_shutdown (g) == -1)
    test_fail (__FILE__, __LINE__, "shutdown: %s", guestfs_last_error (g));
  guestfs_close (g);
  if (test_failures) {
    fprintf (stderr, "%s: %d check(s) failed\n", test_name, test_failures);
    exit (EXIT_FAILURE);
  }
  printf ("%s: all checks passed\n", test_name);
  exit (EXIT_SUCCESS);
}

size_t
test_count (char **list)
{
  size_t n = 0;

  while (list && list[n])
    n++;
  return n;
}

void
test_free_list (char **list)
{
  size_t i;

  for (i = 0; list && list[i]; ++i)
    free (list[i]);
  free (list);
}

bool
test_list_has (char **list, const char *s)
{
  size_t i;

  for (i = 0; list && list[i]; ++i)
    if (strcmp (list[i], s) == 0)
      return true;
  return false;
}

const char *
test_hash_get (char **hash, const char *key)
{
  size_t i;

  for (i = 0; hash && hash[i] && hash[i+1]; i += 2)
    if (strcmp (hash[i], key) == 0)
      return hash[i+1];
  return NULL;
}

void
test_make_tree (char *template, const struct test_tree_entry *entries,
                size_t n)
{
  char path[PATH_MAX];
  size_t i;

  if (mkdtemp (template) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  for (i = 0; i < n; ++i) {
    FILE *fp;
    int r = 0;

    snprintf (path, sizeof path, "%s/%s", template, entries[i].path);
    if (entries[i].link)
      r = symlink (entries[i].link, path);
    else if (entries[i].content == NULL)
      r = mkdir (path, 0755);
    else if ((fp = fopen (path, "w")) == NULL ||
             fputs (entries[i].content, fp) == EOF || fclose (fp) == EOF)
      r = -1;
    if (r == -1) {
      perror (path);
      exit (EXIT_FAILURE);
    }
  }
}

void
test_remove_tree (const char *dir)
{
  if (remove_tree (dir) == -1)
    fprintf (stderr, "warning: could not remove %s: %m\n", dir);
}

char *
test_disk_of_size (guestfs_h *g, int64_t size)
{
  char **devices = guestfs_list_devices (g);
  char *found = NULL;
  size_t i;

  for (i = 0; devices && devices[i]; ++i) {
    if (found == NULL && guestfs_blockdev_getsize64 (g, devices[i]) == size)
      found = strdup (devices[i]);
  }
  test_free_list (devices);
  if (found == NULL) {
    fprintf (stderr, "no disk of %lld bytes\n", (long long) size);
    exit (EXIT_FAILURE);
  }
  return found;
}

char *
test_read_local (const char *path, size_t *len_r)
{
  FILE *fp = fopen (path, "r");
  char *buf;
  long n;

  *len_r = 0;
  if (fp == NULL)
    return NULL;
  fseek (fp, 0, SEEK_END);
  n = ftell (fp);
  rewind (fp);
  buf = n >= 0 ? malloc (n + 1) : NULL;
  if (buf == NULL || fread (buf, 1, n, fp) != (size_t) n) {
    fclose (fp);
    free (buf);
    return NULL;
  }
  buf[n] = '\0';
  fclose (fp);
  *len_r = n;
  return buf;
}

void
test_copy_host_program (const char *dir, const char *program, const char *as)
{
  char cmd[1024];

  snprintf (cmd, sizeof cmd,
            "set -e; cd '%s'; mkdir -p \"$(dirname '%s')\"; cp '%s' '%s'; "
            "for lib in $(ldd '%s' | grep -o '/[^ :]*'); do "
            "  mkdir -p .$(dirname $lib); cp -L $lib .$lib; "
            "done", dir, as, program, as, program);
  if (system (cmd) != 0) {
    fprintf (stderr, "%s: failed: %s\n", test_name, cmd);
    exit (EXIT_FAILURE);
  }
}

double
test_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}
