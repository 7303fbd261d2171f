/* careen - offline disk-image toolkit */

/**
 * Applications of RPM databases in Berkeley DB format, in one launch.
 * The Packages files are made here: package headers built by hand
 * (one long enough to need overflow pages) are loaded into a Berkeley
 * DB hash by db_load, in both byte orders.  They must be listed, with
 * their fields, by inspect_list_applications2 of an inspected CentOS 7
 * tree and by internal_list_rpm_applications of the mounted tree;
 * damaged and foreign files must give what can be read, and no error.
 */

#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)
#define DISK_SIZE (64 * MiB)
#define DB_LOAD "/usr/bin/db_load"
#define LONG_DESCRIPTION 10000

static char tmpdir[] = "/tmp/careen-rpmbdb.XXXXXX";

static void
remove_tmpdir (void)
{
  test_remove_tree (tmpdir);
}

/* A package header being built: the index entries and the data. */
struct hdr {
  unsigned char index[16 * 16];
  unsigned char data[LONG_DESCRIPTION + 1024];
  uint32_t il, dl;
};

static void
put_be32 (unsigned char *p, uint32_t v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

static void
hdr_entry (struct hdr *h, uint32_t tag, uint32_t type, const void *data,
           size_t len, uint32_t align)
{
  unsigned char *e = h->index + 16 * h->il++;

  while (h->dl % align)
    h->data[h->dl++] = 0;
  put_be32 (e, tag);
  put_be32 (e + 4, type);
  put_be32 (e + 8, h->dl);
  put_be32 (e + 12, 1);
  memcpy (h->data + h->dl, data, len);
  h->dl += (uint32_t) len;
}

static void
hdr_string (struct hdr *h, uint32_t tag, const char *s)
{
  /* Summary and description are i18n strings in real headers. */
  hdr_entry (h, tag, tag == 1004 || tag == 1005 ? 9 : 6, s, strlen (s) + 1,
             1);
}

/* The header blob of a package, as RPM stores it (caller frees). */
static unsigned char *
make_header (const char *name, int32_t epoch, const char *version,
             const char *release, const char *arch, const char *summary,
             const char *description, const char *url, size_t *len_r)
{
  /* Static: larger than a stack frame should be. */
  static struct hdr h;
  unsigned char *blob;

  memset (&h, 0, sizeof h);

  hdr_string (&h, 1000, name);
  hdr_string (&h, 1001, version);
  hdr_string (&h, 1002, release);
  if (epoch >= 0) {
    unsigned char e[4];

    put_be32 (e, (uint32_t) epoch);
    hdr_entry (&h, 1003, 4, e, 4, 4);
  }
  hdr_string (&h, 1004, summary);
  hdr_string (&h, 1005, description);
  hdr_string (&h, 1020, url);
  hdr_string (&h, 1022, arch);
  *len_r = 8 + 16 * h.il + h.dl;
  blob = malloc (*len_r);
  if (blob == NULL)
    exit (EXIT_FAILURE);
  put_be32 (blob, h.il);
  put_be32 (blob + 4, h.dl);
  memcpy (blob + 8, h.index, 16 * h.il);
  memcpy (blob + 8 + 16 * h.il, h.data, h.dl);
  return blob;
}

/* One db_load -T line: every byte as a \xx escape. */
static void
put_escaped (FILE *fp, const unsigned char *p, size_t len)
{
  size_t i;

  for (i = 0; i < len; ++i)
    fprintf (fp, "\\%02x", p[i]);
  fputc ('\n', fp);
}

static void
put_record (FILE *fp, uint32_t key, const unsigned char *value, size_t len)
{
  /* RPM keys are package numbers in the writer's byte order; any four
   * bytes do here.
   */
  unsigned char k[4] = { key, key >> 8, key >> 16, key >> 24 };

  put_escaped (fp, k, 4);
  put_escaped (fp, value, len);
}

/* Makes a Packages file at path with db_load, in byte order lorder
 * (1234 or 4321).
 */
static void
make_packages (const char *path, int lorder)
{
  char *text, *cmd, *desc;
  unsigned char *blob, count[4] = { 4, 0, 0, 0 };
  size_t len;
  FILE *fp;

  if (asprintf (&text, "%s/packages.txt", tmpdir) == -1)
    exit (EXIT_FAILURE);
  fp = fopen (text, "w");
  if (fp == NULL) {
    perror (text);
    exit (EXIT_FAILURE);
  }
  /* Key 0: RPM's counter, not a package. */
  put_record (fp, 0, count, 4);
  blob = make_header ("bash", -1, "4.2.46", "35.el7_9", "x86_64",
                      "The GNU Bourne Again shell", "A shell.",
                      "http://www.gnu.org/software/bash", &len);
  put_record (fp, 1, blob, len);
  free (blob);
  blob = make_header ("kernel", 1, "3.10.0", "1160.el7", "x86_64",
                      "The Linux kernel", "The kernel.",
                      "http://www.kernel.org/", &len);
  put_record (fp, 2, blob, len);
  free (blob);
  /* Longer than a page: stored on overflow pages. */
  desc = malloc (LONG_DESCRIPTION + 1);
  if (desc == NULL)
    exit (EXIT_FAILURE);
  memset (desc, 'd', LONG_DESCRIPTION);
  memcpy (desc, "Begins here", 11);
  memcpy (desc + LONG_DESCRIPTION - 9, "ends here", 9);
  desc[LONG_DESCRIPTION] = '\0';
  blob = make_header ("aaa-long", 0, "1.0", "1", "noarch", "Long one",
                      desc, "", &len);
  put_record (fp, 3, blob, len);
  free (blob);
  free (desc);
  if (fclose (fp) != 0) {
    perror (text);
    exit (EXIT_FAILURE);
  }
  unlink (path);
  if (asprintf (&cmd, "%s -t hash -T -c db_pagesize=4096 -c db_lorder=%d "
                "-f %s %s", DB_LOAD, lorder, text, path) == -1)
    exit (EXIT_FAILURE);
  if (system (cmd) != 0) {
    fprintf (stderr, "%s failed\n", cmd);
    exit (EXIT_FAILURE);
  }
  free (cmd);
  free (text);
}

static const struct guestfs_application2 *
app (const struct guestfs_application2_list *l, const char *name)
{
  uint32_t i;

  for (i = 0; l && i < l->len; ++i)
    if (strcmp (l->val[i].app2_name, name) == 0)
      return &l->val[i];
  return NULL;
}

static void
check_apps (const struct guestfs_application2_list *l, int line)
{
  const struct guestfs_application2 *a;
  int before = test_failures;

  CHECK (l != NULL && l->len == 3);
  /* Sorted by name. */
  CHECK (l && l->len == 3 && strcmp (l->val[0].app2_name, "aaa-long") == 0 &&
         strcmp (l->val[1].app2_name, "bash") == 0 &&
         strcmp (l->val[2].app2_name, "kernel") == 0);
  a = app (l, "bash");
  CHECK (a != NULL && a->app2_epoch == 0);
  CHECK_STREQ (a ? a->app2_version : NULL, "4.2.46");
  CHECK_STREQ (a ? a->app2_release : NULL, "35.el7_9");
  CHECK_STREQ (a ? a->app2_arch : NULL, "x86_64");
  CHECK_STREQ (a ? a->app2_summary : NULL, "The GNU Bourne Again shell");
  CHECK_STREQ (a ? a->app2_url : NULL, "http://www.gnu.org/software/bash");
  a = app (l, "kernel");
  CHECK (a != NULL && a->app2_epoch == 1);
  CHECK_STREQ (a ? a->app2_version : NULL, "3.10.0");
  a = app (l, "aaa-long");
  CHECK (a != NULL && strncmp (a->app2_description, "Begins here", 11) == 0);
  if (test_failures != before)
    fprintf (stderr, "(the list checked at line %d)\n", line);
}

int
main (void)
{
  guestfs_h *g;
  char *le, *be, *trunc, *junk, *dev, **roots;
  const char *format;
  struct guestfs_application2_list *l;
  static unsigned char garbage[16384];
  size_t i, len;
  char *data;

  if (access (DB_LOAD, X_OK) != 0) {
    printf ("test-api-inspect-rpmbdb: skipped: no %s (Debian package "
            "db-util)\n", DB_LOAD);
    exit (77);
  }
  g = test_create ("test-api-inspect-rpmbdb");
  if (mkdtemp (tmpdir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  atexit (remove_tmpdir);
  if (asprintf (&le, "%s/Packages.le", tmpdir) == -1 ||
      asprintf (&be, "%s/Packages.be", tmpdir) == -1 ||
      asprintf (&trunc, "%s/Packages.trunc", tmpdir) == -1 ||
      asprintf (&junk, "%s/Packages.junk", tmpdir) == -1)
    exit (EXIT_FAILURE);
  make_packages (le, 1234);
  make_packages (be, 4321);
  /* The metadata page and a few more: the rest is cut off. */
  data = test_read_local (le, &len);
  if (data == NULL || len < 3 * 4096)
    exit (EXIT_FAILURE);
  {
    FILE *fp = fopen (trunc, "w");

    if (fp == NULL || fwrite (data, 1, 3 * 4096, fp) != 3 * 4096 ||
        fclose (fp) != 0)
      exit (EXIT_FAILURE);
  }
  /* The right magic and page size, then random pages. */
  for (i = 0; i < sizeof garbage; ++i)
    garbage[i] = (unsigned char) (i * 7919 + (i >> 5));
  memcpy (garbage, data, 512);
  {
    FILE *fp = fopen (junk, "w");

    if (fp == NULL || fwrite (garbage, 1, sizeof garbage, fp) != sizeof garbage ||
        fclose (fp) != 0)
      exit (EXIT_FAILURE);
  }
  free (data);

  test_add_disk (g, DISK_SIZE);
  test_launch (g);
  dev = test_disk_of_size (g, DISK_SIZE);

  CHECK_OK (guestfs_mkfs (g, "ext4", dev));
  CHECK_OK (guestfs_mount (g, dev, "/"));
  CHECK_OK (guestfs_mkdir_p (g, "/etc"));
  CHECK_OK (guestfs_mkdir_p (g, "/var/lib/rpm"));
  CHECK_OK (guestfs_write (g, "/etc/redhat-release",
                           "CentOS Linux release 7.9.2009 (Core)\n", 37));
  CHECK_OK (guestfs_upload (g, le, "/var/lib/rpm/Packages"));

  /* The mounted tree. */
  l = guestfs_internal_list_rpm_applications (g);
  check_apps (l, __LINE__);
  guestfs_free_application2_list (l);
  CHECK_OK (guestfs_upload (g, be, "/var/lib/rpm/Packages"));
  l = guestfs_internal_list_rpm_applications (g);
  check_apps (l, __LINE__);
  guestfs_free_application2_list (l);

  /* Damaged files: what can be read, never an error. */
  CHECK_OK (guestfs_upload (g, trunc, "/var/lib/rpm/Packages"));
  l = guestfs_internal_list_rpm_applications (g);
  CHECK (l != NULL && l->len <= 3);
  guestfs_free_application2_list (l);
  CHECK_OK (guestfs_upload (g, junk, "/var/lib/rpm/Packages"));
  l = guestfs_internal_list_rpm_applications (g);
  CHECK (l != NULL);
  guestfs_free_application2_list (l);
  CHECK_OK (guestfs_write (g, "/var/lib/rpm/Packages", "not a database", 14));
  l = guestfs_internal_list_rpm_applications (g);
  CHECK (l != NULL && l->len == 0);
  guestfs_free_application2_list (l);
  CHECK_OK (guestfs_rm (g, "/var/lib/rpm/Packages"));
  l = guestfs_internal_list_rpm_applications (g);
  CHECK (l != NULL && l->len == 0);
  guestfs_free_application2_list (l);
  CHECK_OK (guestfs_mkdir (g, "/var/lib/rpm/Packages"));
  l = guestfs_internal_list_rpm_applications (g);
  CHECK (l != NULL && l->len == 0);
  guestfs_free_application2_list (l);
  CHECK_OK (guestfs_rmdir (g, "/var/lib/rpm/Packages"));

  /* Through inspection. */
  CHECK_OK (guestfs_upload (g, le, "/var/lib/rpm/Packages"));
  CHECK_OK (guestfs_umount_all (g));
  roots = guestfs_inspect_os (g);
  CHECK (roots != NULL && test_count (roots) == 1);
  if (roots && roots[0]) {
    format = guestfs_inspect_get_package_format (g, roots[0]);
    CHECK_STREQ (format, "rpm");
    free ((char *) format);
    l = guestfs_inspect_list_applications2 (g, roots[0]);
    check_apps (l, __LINE__);
    guestfs_free_application2_list (l);
  }
  test_free_list (roots);

  free (le);
  free (be);
  free (trunc);
  free (junk);
  free (dev);
  test_exit (g);
}
