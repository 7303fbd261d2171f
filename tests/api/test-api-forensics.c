/* careen - offline disk-image toolkit */

/**
 * API tests of the "forensics" area, in one launch:
 *
 *  - The Sleuth Kit calls on a FAT filesystem with a deleted file (FAT
 *    keeps a deleted file's name and clusters, so it must be found and
 *    recovered whole), on ext4 (root entry, symbolic link target,
 *    hard link count, times) and on an ext4 with more entries than one
 *    reply can carry, with their failure paths;
 *  - inotify on the mounted ext4;
 *  - the systemd journal, on a journal file made here by
 *    systemd-journal-remote from entries whose fields and times are
 *    known;
 *  - YARA rules from source (and compiled by yarac when it is there).
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanups.h"
#include "tests.h"

#define MiB (INT64_C(1024) * 1024)
#define FAT_DISK_SIZE (64 * MiB)
#define EXT_DISK_SIZE (96 * MiB)
#define EMPTY_DISK_SIZE (16 * MiB)
#define MANY_DISK_SIZE (320 * MiB)
/* Enough entries with long names that the list is several times
 * larger than one reply of the appliance can be.
 */
#define MANY_FILES 20000
#define MANY_NAME_LEN 200
#define MANY_PER_DIR 200
#define GONE_SIZE 20000

/* Where systemd-journal-remote is on Debian. */
#define JOURNAL_REMOTE "/lib/systemd/systemd-journal-remote"

static char tmpdir[] = "/tmp/careen-forensics.XXXXXX";

static void
remove_tmpdir (void)
{
  test_remove_tree (tmpdir);
}

static char *
local_path (const char *name)
{
  char *p;

  if (asprintf (&p, "%s/%s", tmpdir, name) == -1) {
    perror ("asprintf");
    exit (EXIT_FAILURE);
  }
  return p;
}

static void
write_local (const char *path, const void *data, size_t len)
{
  FILE *fp = fopen (path, "w");

  if (fp == NULL || fwrite (data, 1, len, fp) != len || fclose (fp) != 0) {
    perror (path);
    exit (EXIT_FAILURE);
  }
}

/* Whether the local file holds the bytes s. */
static bool
local_contains (const char *path, const char *s)
{
  size_t len;
  char *data = test_read_local (path, &len);
  bool found = data != NULL && memmem (data, len, s, strlen (s)) != NULL;

  free (data);
  return found;
}

static const struct guestfs_tsk_dirent *
find_entry (const struct guestfs_tsk_dirent_list *l, const char *name)
{
  uint32_t i;

  for (i = 0; l && i < l->len; ++i)
    if (strcmp (l->val[i].tsk_name, name) == 0)
      return &l->val[i];
  return NULL;
}

static void
test_tsk_fat (guestfs_h *g, const char *dev, const char *empty)
{
  static unsigned char gone[GONE_SIZE];
  CLEANUP_FREE char *gone_local = local_path ("gone.bin");
  CLEANUP_FREE char *got = local_path ("got.bin");
  CLEANUP_FREE char *walk = local_path ("walk.bin");
  struct guestfs_tsk_dirent_list *l;
  const struct guestfs_tsk_dirent *keep, *dir, *del = NULL;
  char *data, *sector;
  size_t len, slen;
  uint32_t i;
  unsigned x = 12345;

  /* Contents no other file has: recovery must give them back. */
  for (i = 0; i < GONE_SIZE; ++i) {
    x = x * 1103515245 + 12345;
    gone[i] = (unsigned char) (x >> 16);
  }
  write_local (gone_local, gone, sizeof gone);

  CHECK_OK (guestfs_mkfs (g, "vfat", dev));
  CHECK_OK (guestfs_mount (g, dev, "/"));
  CHECK_OK (guestfs_mkdir (g, "/dir"));
  CHECK_OK (guestfs_write (g, "/dir/keep.txt", "hello world\n", 12));
  CHECK_OK (guestfs_upload (g, gone_local, "/gone.bin"));
  CHECK_OK (guestfs_sync (g));
  CHECK_OK (guestfs_rm (g, "/gone.bin"));
  CHECK_OK (guestfs_umount_all (g));

  l = guestfs_filesystem_walk (g, dev);
  CHECK (l != NULL);
  dir = find_entry (l, "dir");
  keep = find_entry (l, "dir/keep.txt");
  CHECK (dir != NULL && dir->tsk_type == 'd' && (dir->tsk_flags & 1));
  CHECK (keep != NULL && keep->tsk_type == 'r' && keep->tsk_size == 12 &&
         keep->tsk_flags == 1 && strcmp (keep->tsk_link, "") == 0);
  /* FAT overwrites the first letter of a deleted name. */
  for (i = 0; l && i < l->len; ++i)
    if (strlen (l->val[i].tsk_name) == 8 &&
        strcmp (l->val[i].tsk_name + 1, "one.bin") == 0)
      del = &l->val[i];
  CHECK (del != NULL && del->tsk_type == 'r' &&
         (del->tsk_flags & 1) == 0 && del->tsk_size == GONE_SIZE);

  if (keep) {
    struct guestfs_tsk_dirent_list *f;

    f = guestfs_find_inode (g, dev, (int64_t) keep->tsk_inode);
    CHECK (f != NULL && f->len == 1 &&
           strcmp (f->val[0].tsk_name, "dir/keep.txt") == 0);
    guestfs_free_tsk_dirent_list (f);
    CHECK_OK (guestfs_internal_find_inode (g, dev, (int64_t) keep->tsk_inode,
                                           walk));
    CHECK (local_contains (walk, "dir/keep.txt"));
    CHECK (!local_contains (walk, "one.bin"));

    CHECK_OK (guestfs_download_inode (g, dev, (int64_t) keep->tsk_inode,
                                      got));
    data = test_read_local (got, &len);
    CHECK (data != NULL && len == 12 && memcmp (data, "hello world\n", 12) == 0);
    free (data);
  }
  if (del) {
    /* The deleted file comes back whole. */
    CHECK_OK (guestfs_download_inode (g, dev, (int64_t) del->tsk_inode, got));
    data = test_read_local (got, &len);
    CHECK (data != NULL && len == GONE_SIZE &&
           memcmp (data, gone, GONE_SIZE) == 0);
    free (data);
  }
  {
    struct guestfs_tsk_dirent_list *f;

    f = guestfs_find_inode (g, dev, INT64_C(99999999));
    CHECK (f != NULL && f->len == 0);
    guestfs_free_tsk_dirent_list (f);
  }

  CHECK_OK (guestfs_internal_filesystem_walk (g, dev, walk));
  CHECK (local_contains (walk, "dir/keep.txt"));
  CHECK (local_contains (walk, "one.bin"));

  /* Block 0 of FAT (a 512-byte sector for The Sleuth Kit) is the boot
   * sector: the same bytes as the device's first sector.
   */
  CHECK_OK (guestfs_download_blocks (g, dev, 0, 0, got, -1));
  data = test_read_local (got, &len);
  sector = guestfs_pread_device (g, dev, 512, 0, &slen);
  CHECK (data != NULL && sector != NULL && len == 512 && slen == 512 &&
         memcmp (data, sector, 512) == 0);
  free (data);
  free (sector);
  /* The reserved sectors are all allocated: nothing unallocated. */
  CHECK_OK (guestfs_download_blocks (g, dev, 0, 3, got,
                                     GUESTFS_DOWNLOAD_BLOCKS_UNALLOCATED, 1,
                                     -1));
  data = test_read_local (got, &len);
  CHECK (data != NULL && len == 0);
  free (data);
  /* The deleted file's clusters are unallocated and still hold it. */
  CHECK_OK (guestfs_download_blocks (g, dev, 0, 1000, got,
                                     GUESTFS_DOWNLOAD_BLOCKS_UNALLOCATED, 1,
                                     -1));
  data = test_read_local (got, &len);
  CHECK (data != NULL && len > GONE_SIZE &&
         memmem (data, len, gone, GONE_SIZE) != NULL);
  free (data);

  /* Failures. */
  CHECK_ERROR (g, guestfs_download_blocks (g, dev, 5, 4, got, -1), EINVAL);
  CHECK_ERROR (g, guestfs_download_blocks (g, dev, -1, 4, got, -1), EINVAL);
  CHECK_ERROR (g, guestfs_download_blocks (g, dev, INT64_C(900000000),
                                           INT64_C(900000001), got, -1),
               EINVAL);
  CHECK_ERROR (g, guestfs_download_inode (g, dev, INT64_C(99999999), got),
               EINVAL);
  CHECK_ERROR (g, guestfs_download_inode (g, dev, -1, got), EINVAL);
  CHECK_ERROR (g, guestfs_find_inode (g, dev, -1), EINVAL);
  CHECK_ERROR (g, guestfs_filesystem_walk (g, empty), EINVAL);
  CHECK_ERROR (g, guestfs_internal_filesystem_walk (g, empty, walk), EINVAL);
  CHECK_ERROR (g, guestfs_filesystem_walk (g, "/dev/sdzz"), ENOENT);
  CHECK_ERROR (g, guestfs_download_inode (g, "/dev/sdzz", 2, got), ENOENT);

  guestfs_free_tsk_dirent_list (l);
}

static void
test_tsk_ext4 (guestfs_h *g, const char *dev)
{
  struct guestfs_tsk_dirent_list *l;
  const struct guestfs_tsk_dirent *root, *link, *file;
  struct guestfs_statns *st;

  CHECK_OK (guestfs_mkfs (g, "ext4", dev));
  CHECK_OK (guestfs_mount (g, dev, "/"));
  CHECK_OK (guestfs_write (g, "/file", "abc", 3));
  CHECK_OK (guestfs_ln (g, "/file", "/hard"));
  CHECK_OK (guestfs_ln_s (g, "target/of/link", "/link"));
  CHECK_OK (guestfs_touch (g, "/file"));
  st = guestfs_statns (g, "/file");
  CHECK_OK (guestfs_sync (g));

  /* Mounted is fine once the data is written back. */
  l = guestfs_filesystem_walk (g, dev);
  CHECK (l != NULL);
  root = find_entry (l, ".");
  link = find_entry (l, "link");
  file = find_entry (l, "file");
  CHECK (root != NULL && root->tsk_type == 'd' && root->tsk_inode == 2);
  CHECK (find_entry (l, "..") == NULL);
  CHECK (find_entry (l, "lost+found") != NULL);
  CHECK (link != NULL && link->tsk_type == 'l' &&
         strcmp (link->tsk_link, "target/of/link") == 0);
  CHECK (file != NULL && file->tsk_type == 'r' && file->tsk_size == 3 &&
         file->tsk_nlink == 2 && file->tsk_flags == 1);
  if (file && st) {
    CHECK (file->tsk_mtime_sec == st->st_mtime_sec &&
           file->tsk_mtime_nsec == st->st_mtime_nsec);
    CHECK (file->tsk_atime_sec == st->st_atime_sec);
    CHECK (file->tsk_inode == (uint64_t) st->st_ino);
  }
  if (file) {
    struct guestfs_tsk_dirent_list *f;

    /* Both names of the hard-linked inode. */
    f = guestfs_find_inode (g, dev, (int64_t) file->tsk_inode);
    CHECK (f != NULL && f->len == 2 && find_entry (f, "file") &&
           find_entry (f, "hard"));
    guestfs_free_tsk_dirent_list (f);
  }
  guestfs_free_tsk_dirent_list (l);
  guestfs_free_statns (st);
}

/* The host tree of MANY_FILES empty files with long names, in
 * directories of MANY_PER_DIR (mke2fs -d slows down badly on large
 * directories).
 */
static char *
make_many (void)
{
  char *dir = local_path ("many");
  char name[MANY_NAME_LEN + 1];
  size_t i;

  if (mkdir (dir, 0755) == -1) {
    perror (dir);
    exit (EXIT_FAILURE);
  }
  for (i = 0; i < MANY_FILES; ++i) {
    char *path;
    int n = snprintf (name, sizeof name, "%06zu-", i);

    memset (name + n, 'n', MANY_NAME_LEN - (size_t) n);
    name[MANY_NAME_LEN] = '\0';
    if (asprintf (&path, "%s/d%03zu", dir, i / MANY_PER_DIR) == -1) {
      perror ("asprintf");
      exit (EXIT_FAILURE);
    }
    if (i % MANY_PER_DIR == 0 && mkdir (path, 0755) == -1) {
      perror (path);
      exit (EXIT_FAILURE);
    }
    free (path);
    if (asprintf (&path, "%s/d%03zu/%s", dir, i / MANY_PER_DIR, name) == -1) {
      perror ("asprintf");
      exit (EXIT_FAILURE);
    }
    write_local (path, "", 0);
    free (path);
  }
  return dir;
}

static void
test_tsk_many (guestfs_h *g, const char *dev)
{
  struct guestfs_tsk_dirent_list *l;
  size_t files = 0;
  uint32_t i;

  l = guestfs_filesystem_walk (g, dev);
  CHECK (l != NULL);
  for (i = 0; l && i < l->len; ++i)
    if (l->val[i].tsk_type == 'r' &&
        strlen (l->val[i].tsk_name) == 5 + MANY_NAME_LEN &&
        l->val[i].tsk_name[5 + 6] == '-')
      files++;
  if (files != MANY_FILES)
    test_fail (__FILE__, __LINE__, "filesystem_walk found %zu of the %d "
               "files", files, MANY_FILES);
  guestfs_free_tsk_dirent_list (l);
}

static void
test_inotify (guestfs_h *g)
{
  struct guestfs_inotify_event_list *ev;
  char **files;
  int64_t wd;
  uint32_t i;
  bool created = false, ignored = false;

  /* The ext4 of test_tsk_ext4 is mounted at /. */
  CHECK_ERROR (g, guestfs_inotify_read (g), EBADF);
  CHECK_ERROR (g, guestfs_inotify_add_watch (g, "/", IN_ALL_EVENTS), EBADF);
  CHECK_ERROR (g, guestfs_inotify_close (g), EBADF);
  CHECK_ERROR (g, guestfs_inotify_init (g, -1), EINVAL);
  CHECK_OK (guestfs_inotify_init (g, 0));
  CHECK_ERROR (g, guestfs_inotify_add_watch (g, "/nonexistent",
                                             IN_ALL_EVENTS), ENOENT);
  wd = guestfs_inotify_add_watch (g, "/", IN_ALL_EVENTS);
  CHECK (wd >= 1);

  ev = guestfs_inotify_read (g);
  CHECK (ev != NULL && ev->len == 0);
  guestfs_free_inotify_event_list (ev);

  CHECK_OK (guestfs_touch (g, "/new-a"));
  ev = guestfs_inotify_read (g);
  CHECK (ev != NULL && ev->len >= 1);
  for (i = 0; ev && i < ev->len; ++i)
    if (ev->val[i].in_wd == wd && (ev->val[i].in_mask & IN_CREATE) &&
        strcmp (ev->val[i].in_name, "new-a") == 0)
      created = true;
  CHECK (created);
  guestfs_free_inotify_event_list (ev);

  CHECK_OK (guestfs_write (g, "/new-c", "x", 1));
  CHECK_OK (guestfs_touch (g, "/new-b"));
  CHECK_OK (guestfs_write (g, "/new-c", "y", 1));
  files = guestfs_inotify_files (g);
  CHECK (files != NULL && test_count (files) == 2 &&
         strcmp (files[0], "new-b") == 0 && strcmp (files[1], "new-c") == 0);
  test_free_list (files);
  files = guestfs_inotify_files (g);
  CHECK (files != NULL && test_count (files) == 0);
  test_free_list (files);

  CHECK_OK (guestfs_inotify_rm_watch (g, (int) wd));
  CHECK_ERROR (g, guestfs_inotify_rm_watch (g, (int) wd), EINVAL);
  ev = guestfs_inotify_read (g);
  for (i = 0; ev && i < ev->len; ++i)
    if (ev->val[i].in_wd == wd && (ev->val[i].in_mask & IN_IGNORED))
      ignored = true;
  CHECK (ignored);
  guestfs_free_inotify_event_list (ev);
  CHECK_OK (guestfs_touch (g, "/new-d"));
  ev = guestfs_inotify_read (g);
  CHECK (ev != NULL && ev->len == 0);
  guestfs_free_inotify_event_list (ev);

  /* A second init starts afresh. */
  wd = guestfs_inotify_add_watch (g, "/", IN_DELETE);
  CHECK_OK (guestfs_inotify_init (g, 1024));
  CHECK_OK (guestfs_rm (g, "/new-d"));
  ev = guestfs_inotify_read (g);
  CHECK (ev != NULL && ev->len == 0);
  guestfs_free_inotify_event_list (ev);
  CHECK_OK (guestfs_inotify_close (g));
  CHECK_ERROR (g, guestfs_inotify_close (g), EBADF);
}

/* Makes a journal file from export-format text with
 * systemd-journal-remote.
 */
static char *
make_journal (void)
{
  static const char entries[] =
    "__REALTIME_TIMESTAMP=1700000000000000\n"
    "MESSAGE=first careen message\n"
    "PRIORITY=6\n"
    "SYSLOG_IDENTIFIER=careentest\n"
    "\n"
    "__REALTIME_TIMESTAMP=1700000001000000\n"
    "MESSAGE=second message\n"
    "PRIORITY=3\n"
    "\n"
    "__REALTIME_TIMESTAMP=1700000002000000\n"
    "MESSAGE=third message\n"
    "\n";
  char *in = local_path ("entries.export");
  char *out = local_path ("test.journal");
  char *cmd;
  int r;

  write_local (in, entries, sizeof entries - 1);
  if (asprintf (&cmd, "%s -o %s %s >/dev/null 2>&1", JOURNAL_REMOTE, out,
                in) == -1) {
    perror ("asprintf");
    exit (EXIT_FAILURE);
  }
  r = system (cmd);
  if (r != 0) {
    fprintf (stderr, "%s failed (%d)\n", cmd, r);
    exit (EXIT_FAILURE);
  }
  free (cmd);
  free (in);
  return out;
}

static const char *
field (const struct guestfs_xattr_list *l, const char *name)
{
  uint32_t i;

  for (i = 0; l && i < l->len; ++i)
    if (strcmp (l->val[i].attrname, name) == 0)
      return l->val[i].attrval;
  return NULL;
}

static void
test_journal (guestfs_h *g)
{
  CLEANUP_FREE char *jfile = make_journal ();
  CLEANUP_FREE char *out = local_path ("fields.bin");
  struct guestfs_xattr_list *l;

  CHECK_OK (guestfs_mkdir_p (g, "/var/log/journal/m"));
  CHECK_OK (guestfs_upload (g, jfile, "/var/log/journal/m/system.journal"));

  CHECK_ERROR (g, guestfs_journal_next (g), EBADF);
  CHECK_ERROR (g, guestfs_journal_get (g), EBADF);
  CHECK_ERROR (g, guestfs_journal_close (g), EBADF);
  CHECK_ERROR (g, guestfs_journal_get_realtime_usec (g), EBADF);
  CHECK_ERROR (g, guestfs_journal_open (g, "/nonexistent"), ENOENT);

  CHECK_OK (guestfs_journal_open (g, "/var/log/journal/m"));
  /* Before the first entry. */
  CHECK_FAILS (g, guestfs_journal_get (g));
  CHECK_FAILS (g, guestfs_journal_get_realtime_usec (g));

  CHECK (guestfs_journal_next (g) == 1);
  l = guestfs_journal_get (g);
  CHECK_STREQ (field (l, "MESSAGE"), "first careen message");
  CHECK_STREQ (field (l, "SYSLOG_IDENTIFIER"), "careentest");
  CHECK_STREQ (field (l, "PRIORITY"), "6");
  CHECK (l != NULL && l->len >= 3);
  guestfs_free_xattr_list (l);
  CHECK (guestfs_journal_get_realtime_usec (g) == INT64_C(1700000000000000));

  CHECK (guestfs_journal_next (g) == 1);
  CHECK (guestfs_journal_get_realtime_usec (g) == INT64_C(1700000001000000));
  CHECK_OK (guestfs_internal_journal_get (g, out));
  CHECK (local_contains (out, "second message"));
  CHECK (!local_contains (out, "first careen"));

  CHECK (guestfs_journal_skip (g, 5) == 1);
  CHECK (guestfs_journal_get_realtime_usec (g) == INT64_C(1700000002000000));
  CHECK (guestfs_journal_next (g) == 0);
  CHECK (guestfs_journal_skip (g, -2) == 2);
  l = guestfs_journal_get (g);
  CHECK_STREQ (field (l, "MESSAGE"), "first careen message");
  guestfs_free_xattr_list (l);
  CHECK (guestfs_journal_skip (g, -1) == 0);
  CHECK (guestfs_journal_skip (g, 0) == 0);

  CHECK (guestfs_journal_get_data_threshold (g) == 65536);
  CHECK_OK (guestfs_journal_set_data_threshold (g, 100));
  CHECK (guestfs_journal_get_data_threshold (g) == 100);
  CHECK_OK (guestfs_journal_set_data_threshold (g, 0));
  CHECK (guestfs_journal_get_data_threshold (g) == 0);
  CHECK_ERROR (g, guestfs_journal_set_data_threshold (g, -1), EINVAL);

  /* Opening again starts again. */
  CHECK_OK (guestfs_journal_open (g, "/var/log/journal/m"));
  CHECK (guestfs_journal_next (g) == 1);
  CHECK (guestfs_journal_get_realtime_usec (g) == INT64_C(1700000000000000));
  CHECK_OK (guestfs_journal_close (g));
  CHECK_ERROR (g, guestfs_journal_close (g), EBADF);
  CHECK_ERROR (g, guestfs_journal_skip (g, 1), EBADF);
}

static void
test_yara (guestfs_h *g)
{
  static const char rules[] =
    "rule careen_marker { strings: $a = \"careen-marker\" condition: $a }\n"
    "rule never_matches { strings: $a = \"no such bytes anywhere\" "
    "condition: $a }\n"
    "rule starts_with_mz { condition: uint16(0) == 0x5a4d }\n";
  static const char bad[] = "rule broken { condition: \n";
  CLEANUP_FREE char *src = local_path ("rules.yar");
  CLEANUP_FREE char *badsrc = local_path ("bad.yar");
  CLEANUP_FREE char *compiled = local_path ("rules.yarc");
  CLEANUP_FREE char *out = local_path ("detections.bin");
  struct guestfs_yara_detection_list *d;
  char *cmd;

  write_local (src, rules, sizeof rules - 1);
  write_local (badsrc, bad, sizeof bad - 1);
  CHECK_OK (guestfs_write (g, "/y1", "xx careen-marker yy", 19));
  CHECK_OK (guestfs_write (g, "/y2", "MZ and careen-marker", 20));
  CHECK_OK (guestfs_write (g, "/y3", "nothing", 7));

  CHECK_ERROR (g, guestfs_yara_scan (g, "/y1"), EBADF);
  CHECK_ERROR (g, guestfs_yara_destroy (g), EBADF);
  CHECK_ERROR (g, guestfs_yara_load (g, badsrc), EINVAL);
  CHECK_ERROR (g, guestfs_yara_scan (g, "/y1"), EBADF);

  CHECK_OK (guestfs_yara_load (g, src));
  d = guestfs_yara_scan (g, "/y1");
  CHECK (d != NULL && d->len == 1 &&
         strcmp (d->val[0].yara_name, "/y1") == 0 &&
         strcmp (d->val[0].yara_rule, "careen_marker") == 0);
  guestfs_free_yara_detection_list (d);
  d = guestfs_yara_scan (g, "/y2");
  CHECK (d != NULL && d->len == 2);
  guestfs_free_yara_detection_list (d);
  d = guestfs_yara_scan (g, "/y3");
  CHECK (d != NULL && d->len == 0);
  guestfs_free_yara_detection_list (d);
  CHECK_OK (guestfs_internal_yara_scan (g, "/y2", out));
  CHECK (local_contains (out, "starts_with_mz"));
  CHECK (local_contains (out, "careen_marker"));
  CHECK (!local_contains (out, "never_matches"));
  CHECK_ERROR (g, guestfs_yara_scan (g, "/var"), EISDIR);
  CHECK_ERROR (g, guestfs_yara_scan (g, "/nonexistent"), ENOENT);
  /* A failed load keeps the rules that were loaded. */
  CHECK_ERROR (g, guestfs_yara_load (g, badsrc), EINVAL);
  d = guestfs_yara_scan (g, "/y1");
  CHECK (d != NULL && d->len == 1);
  guestfs_free_yara_detection_list (d);
  CHECK_OK (guestfs_yara_destroy (g));
  CHECK_ERROR (g, guestfs_yara_destroy (g), EBADF);

  /* Rules compiled by the host's yarac (the same libyara). */
  if (access ("/usr/bin/yarac", X_OK) == 0) {
    if (asprintf (&cmd, "/usr/bin/yarac %s %s", src, compiled) == -1) {
      perror ("asprintf");
      exit (EXIT_FAILURE);
    }
    CHECK (system (cmd) == 0);
    free (cmd);
    CHECK_OK (guestfs_yara_load (g, compiled));
    d = guestfs_yara_scan (g, "/y2");
    CHECK (d != NULL && d->len == 2);
    guestfs_free_yara_detection_list (d);
    CHECK_OK (guestfs_yara_destroy (g));
  }
  else
    printf ("test-api-forensics: no yarac here: compiled rules not "
            "tested\n");
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-forensics");
  char *fat, *ext, *empty, *many, *many_dir;

  if (access (JOURNAL_REMOTE, X_OK) != 0) {
    printf ("test-api-forensics: skipped: no %s (Debian package "
            "systemd-journal-remote)\n", JOURNAL_REMOTE);
    exit (77);
  }
  if (mkdtemp (tmpdir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  atexit (remove_tmpdir);
  test_add_disk (g, FAT_DISK_SIZE);
  test_add_disk (g, EXT_DISK_SIZE);
  test_add_disk (g, EMPTY_DISK_SIZE);
  many_dir = make_many ();
  test_add_ext4_from_dir (g, many_dir, MANY_DISK_SIZE);
  free (many_dir);
  test_launch (g);
  fat = test_disk_of_size (g, FAT_DISK_SIZE);
  ext = test_disk_of_size (g, EXT_DISK_SIZE);
  empty = test_disk_of_size (g, EMPTY_DISK_SIZE);
  many = test_disk_of_size (g, MANY_DISK_SIZE);

  {
    char *groups[] = { (char *) "libtsk", (char *) "sleuthkit",
                       (char *) "inotify", (char *) "journal",
                       (char *) "libyara", NULL };

    CHECK (guestfs_feature_available (g, groups) == 1);
  }
  test_tsk_fat (g, fat, empty);
  test_tsk_ext4 (g, ext);
  test_tsk_many (g, many);
  test_inotify (g);
  test_journal (g);
  test_yara (g);
  CHECK_OK (guestfs_umount_all (g));

  free (fat);
  free (ext);
  free (empty);
  free (many);
  test_exit (g);
}
