/* careen - offline disk-image toolkit */

/**
 * Inspection of btrfs subvolume layouts, on the fedora40 (/ and /home
 * in subvolumes "root" and "home") and opensuse15 (snapper's "@"
 * layout, / the default subvolume) test guests, in one read-only
 * launch: list_filesystems, the roots, the mountpoints, mounting them,
 * and inspect_list_applications against inspect_list_applications2.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"

/* The directory of the built test guests (tests/guests/make-guests.sh
 * builds them the first time), or exit 77.
 */
static char *
guest_dir (void)
{
  const char *srcdir = getenv ("top_srcdir");
  char *cmd, line[4096] = "";
  FILE *fp;
  size_t n;

  if (srcdir == NULL) {
    fprintf (stderr, "test-api-btrfs-inspect: skipped: top_srcdir is not "
             "set (run through make check)\n");
    exit (77);
  }
  if (asprintf (&cmd, "sh '%s/tests/guests/make-guests.sh' | tail -n 1",
                srcdir) == -1)
    abort ();
  fp = popen (cmd, "r");
  free (cmd);
  if (fp == NULL || fgets (line, sizeof line, fp) == NULL ||
      pclose (fp) != 0 || line[0] != '/') {
    fprintf (stderr, "test-api-btrfs-inspect: skipped: the test guests "
             "could not be built\n");
    exit (77);
  }
  n = strlen (line);
  if (n > 0 && line[n-1] == '\n')
    line[n-1] = '\0';
  return strdup (line);
}

static void
add_guest (guestfs_h *g, const char *dir, const char *name)
{
  char *path;

  if (asprintf (&path, "%s/%s.img", dir, name) == -1)
    abort ();
  if (guestfs_add_drive_opts (g, path, GUESTFS_ADD_DRIVE_OPTS_READONLY, 1,
                              GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                              -1) == -1)
    exit (EXIT_FAILURE);
  free (path);
}

static char *
join (const char *a, const char *b)
{
  char *s;

  if (asprintf (&s, "%s%s", a, b) == -1)
    abort ();
  return s;
}

/* The two application lists agree field for field. */
static void
check_applications (guestfs_h *g, const char *root, size_t min)
{
  struct guestfs_application_list *a = guestfs_inspect_list_applications
    (g, root);
  struct guestfs_application2_list *a2 = guestfs_inspect_list_applications2
    (g, root);
  size_t i;

  CHECK (a != NULL && a2 != NULL);
  if (a == NULL || a2 == NULL)
    goto out;
  CHECK (a->len == a2->len);
  CHECK (a->len >= min);
  for (i = 0; i < a->len && i < a2->len; ++i) {
    CHECK_STREQ (a->val[i].app_name, a2->val[i].app2_name);
    CHECK_STREQ (a->val[i].app_version, a2->val[i].app2_version);
    CHECK_STREQ (a->val[i].app_release, a2->val[i].app2_release);
    CHECK_STREQ (a->val[i].app_url, a2->val[i].app2_url);
    CHECK_STREQ (a->val[i].app_summary, a2->val[i].app2_summary);
    CHECK (a->val[i].app_epoch == a2->val[i].app2_epoch);
  }
 out:
  guestfs_free_application_list (a);
  guestfs_free_application2_list (a2);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-btrfs-inspect");
  char *dir = guest_dir ();
  char *fed, *suse, *fed_root, *fed_home, *suse_root, *suse_var, *s;
  char **roots, **fses, **mps;

  add_guest (g, dir, "fedora40");
  add_guest (g, dir, "opensuse15");
  test_launch (g);
  /* Sizes from make-guests.sh. */
  fed = test_disk_of_size (g, INT64_C(256) * 1024 * 1024);
  suse = test_disk_of_size (g, INT64_C(200) * 1024 * 1024);
  if (asprintf (&fed_root, "btrfsvol:%s3/root", fed) == -1 ||
      asprintf (&fed_home, "btrfsvol:%s3/home", fed) == -1)
    abort ();
  suse_root = join (suse, "2");
  s = join ("btrfsvol:", suse_root);
  suse_var = join (s, "/@/var");

  /* Every subvolume but the default one is a filesystem of its own. */
  fses = guestfs_list_filesystems (g);
  CHECK_STREQ (test_hash_get (fses, fed_root), "btrfs");
  CHECK_STREQ (test_hash_get (fses, fed_home), "btrfs");
  CHECK_STREQ (test_hash_get (fses, suse_root), "btrfs");
  CHECK_STREQ (test_hash_get (fses, suse_var), "btrfs");
  {
    char *def = join (s, "/@/.snapshots/1/snapshot");
    CHECK (test_hash_get (fses, def) == NULL);
    free (def);
  }
  test_free_list (fses);
  free (s);

  roots = guestfs_inspect_os (g);
  CHECK (roots != NULL && test_count (roots) == 2);
  CHECK (test_list_has (roots, fed_root));
  CHECK (test_list_has (roots, suse_root));
  test_free_list (roots);

  mps = guestfs_inspect_get_mountpoints (g, fed_root);
  CHECK_STREQ (test_hash_get (mps, "/"), fed_root);
  CHECK_STREQ (test_hash_get (mps, "/home"), fed_home);
  test_free_list (mps);
  mps = guestfs_inspect_get_mountpoints (g, suse_root);
  CHECK_STREQ (test_hash_get (mps, "/"), suse_root);
  /* fstab says subvol=/@/var: the name keeps the slash, as in
   * libguestfs.
   */
  {
    char *v = NULL;

    if (asprintf (&v, "btrfsvol:%s2//@/var", suse) == -1)
      abort ();
    CHECK_STREQ (test_hash_get (mps, "/var"), v);
    free (v);
  }
  test_free_list (mps);
  s = guestfs_inspect_get_distro (g, fed_root);
  CHECK_STREQ (s, "fedora");
  free (s);

  /* Mounted as inspection says, the tree is the guest's. */
  CHECK_OK (guestfs_mount_ro (g, fed_root, "/"));
  CHECK_OK (guestfs_mount_ro (g, fed_home, "/home"));
  CHECK (guestfs_is_file (g, "/etc/fedora-release") == 1);
  CHECK (guestfs_is_dir (g, "/home/careen") == 1);
  CHECK_OK (guestfs_umount_all (g));
  CHECK_OK (guestfs_mount_ro (g, suse_root, "/"));
  CHECK_OK (guestfs_mount_ro (g, suse_var, "/var"));
  CHECK (guestfs_is_file (g, "/bin/ls") == 1);
  CHECK (guestfs_is_dir (g, "/var/lib") == 1);
  CHECK_OK (guestfs_umount_all (g));

  check_applications (g, fed_root, 6);
  check_applications (g, suse_root, 5);
  CHECK_ERROR (g, guestfs_inspect_list_applications (g, fed), EINVAL);

  free (fed_root);
  free (fed_home);
  free (suse_root);
  free (suse_var);
  free (fed);
  free (suse);
  free (dir);
  test_exit (g);
}
