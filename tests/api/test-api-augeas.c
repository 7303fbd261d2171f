/* careen - offline disk-image toolkit */

/**
 * API tests of the aug_* calls, in one launch, on a guest /etc/hosts
 * and /etc/hostname: init (with and without loading), transform,
 * load, get, set, setm, insert, rm, mv, match, ls, label, clear,
 * defvar, defnode, save (the file is read back) and close, on success
 * and on their failure paths (no handle, no node, several nodes, bad
 * flags, a root that is not there, a save the lens refuses), and a
 * guest symlink leading to a file of the appliance, never read.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)

/* Flags of aug_init, as augeas.h numbers them. */
#define AUG_SAVE_BACKUP 1
#define AUG_SAVE_NEWFILE 2
#define AUG_NO_LOAD 32
#define AUG_NO_MODL_AUTOLOAD 64

static char tree[] = "/tmp/careen-api-augeas.XXXXXX";

static const char hosts[] =
  "127.0.0.1 localhost localhost.localdomain\n"
  "192.168.0.1 gateway\n";

static void
test_no_handle (guestfs_h *g)
{
  CHECK_ERROR (g, guestfs_aug_get (g, "/files"), EINVAL);
  CHECK_ERROR (g, guestfs_aug_close (g), EINVAL);
  CHECK_ERROR (g, guestfs_aug_load (g), EINVAL);
  CHECK_ERROR (g, guestfs_aug_save (g), EINVAL);
  CHECK_ERROR (g, guestfs_aug_match (g, "/files"), EINVAL);
  CHECK_ERROR (g, guestfs_aug_init (g, "/nonexistent", 0), ENOENT);
  CHECK_ERROR (g, guestfs_aug_init (g, "/", 0x10000), EINVAL);
}

/* Only the Hosts lens, compiled on demand: loading every lens costs
 * seconds under TCG.
 */
static void
init_hosts (guestfs_h *g, int flags)
{
  CHECK (guestfs_aug_init (g, "/", flags | AUG_NO_MODL_AUTOLOAD) == 0);
  CHECK (guestfs_aug_transform (g, "Hosts", "/etc/hosts", -1) == 0);
  CHECK (guestfs_aug_load (g) == 0);
}

static void
test_read (guestfs_h *g)
{
  char **l;
  char *s;

  init_hosts (g, 0);
  s = guestfs_aug_get (g, "/files/etc/hosts/1/ipaddr");
  CHECK_STREQ (s, "127.0.0.1");
  free (s);
  s = guestfs_aug_get (g, "/files/etc/hosts/2/canonical");
  CHECK_STREQ (s, "gateway");
  free (s);
  CHECK_ERROR (g, guestfs_aug_get (g, "/files/etc/hosts/9/ipaddr"), ENOENT);
  CHECK_ERROR (g, guestfs_aug_get (g, "/files/etc/hosts/*/ipaddr"), EINVAL);
  CHECK_ERROR (g, guestfs_aug_get (g, "/files/etc/hosts"), ENODATA);
  CHECK_FAILS (g, guestfs_aug_get (g, "/files[["));

  l = guestfs_aug_match (g, "/files/etc/hosts/*/ipaddr");
  CHECK (l != NULL && test_count (l) == 2);
  CHECK (test_list_has (l, "/files/etc/hosts/1/ipaddr"));
  test_free_list (l);
  l = guestfs_aug_match (g, "/files/etc/nothing");
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);
  CHECK_FAILS (g, guestfs_aug_match (g, "/files[["));

  l = guestfs_aug_ls (g, "/files/etc/hosts/1");
  CHECK (l != NULL && test_count (l) == 3);
  if (l && test_count (l) == 3) {
    CHECK_STREQ (l[0], "/files/etc/hosts/1/alias");
    CHECK_STREQ (l[1], "/files/etc/hosts/1/canonical");
    CHECK_STREQ (l[2], "/files/etc/hosts/1/ipaddr");
  }
  test_free_list (l);
  l = guestfs_aug_ls (g, "/files/etc/");
  CHECK (l != NULL && test_count (l) == 1);
  test_free_list (l);

  s = guestfs_aug_label (g, "/files/etc/hosts/1/alias[1]");
  CHECK_STREQ (s, "alias");
  free (s);
  CHECK_ERROR (g, guestfs_aug_label (g, "/files/etc/hosts/*"), EINVAL);
  CHECK_ERROR (g, guestfs_aug_label (g, "/files/none"), ENOENT);

  CHECK (guestfs_aug_defvar (g, "h", "/files/etc/hosts/*") == 2);
  s = guestfs_aug_get (g, "$h[2]/ipaddr");
  CHECK_STREQ (s, "192.168.0.1");
  free (s);
  CHECK (guestfs_aug_defvar (g, "h", NULL) == 0);
  CHECK_FAILS (g, guestfs_aug_get (g, "$h[2]/ipaddr"));
  {
    struct guestfs_int_bool *ib;

    ib = guestfs_aug_defnode (g, "n", "/files/etc/hosts/3/ipaddr", "10.0.0.3");
    CHECK (ib != NULL && ib->i == 1 && ib->b == 1);
    guestfs_free_int_bool (ib);
    ib = guestfs_aug_defnode (g, "n", "/files/etc/hosts/3/ipaddr", "x");
    CHECK (ib != NULL && ib->i == 1 && ib->b == 0);
    guestfs_free_int_bool (ib);
  }
  s = guestfs_aug_get (g, "$n");
  CHECK_STREQ (s, "10.0.0.3");
  free (s);
  CHECK (guestfs_aug_close (g) == 0);
}

/* Edits then saves, and checks the file the guest gets. */
static void
test_write (guestfs_h *g)
{
  char *s;

  init_hosts (g, 0);
  CHECK (guestfs_aug_set (g, "/files/etc/hosts/2/canonical", "router") == 0);
  CHECK_FAILS (g, guestfs_aug_set (g, "/files/etc/hosts/*/canonical", "x"));
  CHECK (guestfs_aug_insert (g, "/files/etc/hosts/1/alias[1]", "alias",
                             1) == 0);
  CHECK (guestfs_aug_set (g, "/files/etc/hosts/1/alias[1]", "first") == 0);
  CHECK_ERROR (g, guestfs_aug_insert (g, "/files/etc/hosts/*", "x", 0),
               EINVAL);
  CHECK_ERROR (g, guestfs_aug_insert (g, "/files/none", "x", 0), ENOENT);
  CHECK_ERROR (g, guestfs_aug_insert (g, "/files/etc/hosts/1", "a/b", 0),
               EINVAL);
  /* Every entry gets the same alias. */
  CHECK (guestfs_aug_setm (g, "/files/etc/hosts/*", "alias[last()+1]",
                           "all") == 2);
  CHECK (guestfs_aug_setm (g, "/files/etc/hosts/2/alias", NULL, "every") == 1);
  CHECK_FAILS (g, guestfs_aug_setm (g, "/files[[", NULL, "x"));
  /* Entry 1's alias[2] (localhost.localdomain) goes away. */
  CHECK (guestfs_aug_rm (g, "/files/etc/hosts/1/alias[2]") == 1);
  CHECK (guestfs_aug_rm (g, "/files/etc/hosts/9") == 0);
  CHECK_FAILS (g, guestfs_aug_rm (g, "/files[["));
  /* New entry 3, made by moving a tree from outside /files. */
  CHECK (guestfs_aug_set (g, "/tmp/3/ipaddr", "10.1.1.1") == 0);
  CHECK (guestfs_aug_set (g, "/tmp/3/canonical", "moved") == 0);
  CHECK (guestfs_aug_mv (g, "/tmp/3", "/files/etc/hosts/3") == 0);
  CHECK_ERROR (g, guestfs_aug_mv (g, "/tmp/nothing", "/files/x"), ENOENT);
  CHECK_ERROR (g, guestfs_aug_mv (g, "/files/etc/hosts/*", "/tmp/y"), EINVAL);
  CHECK (guestfs_aug_save (g) == 0);

  s = guestfs_cat (g, "/etc/hosts");
  CHECK_STREQ (s, "127.0.0.1 localhost first all\n"
               "192.168.0.1 router every\n"
               "10.1.1.1\tmoved\n");
  free (s);
}

/* clear, a save the lens refuses, transform and the save flags. */
static void
test_more (guestfs_h *g)
{
  char **l;
  char *s;

  /* A node with no value breaks the Hosts lens: save fails and says
   * which file.
   */
  CHECK (guestfs_aug_clear (g, "/files/etc/hosts/3/ipaddr") == 0);
  CHECK_ERROR (g, guestfs_aug_get (g, "/files/etc/hosts/3/ipaddr"), ENODATA);
  CHECK_ERROR (g, guestfs_aug_clear (g, "/files/etc/hosts/*"), EINVAL);
  guestfs_push_error_handler (g, NULL, NULL);
  CHECK (guestfs_aug_save (g) == -1);
  CHECK (guestfs_last_errno (g) == EIO);
  CHECK (strstr (guestfs_last_error (g), "/etc/hosts") != NULL);
  guestfs_pop_error_handler (g);

  /* Without loading anything, then with a lens given by hand: the
   * Hostname lens on /etc/hostname.
   */
  CHECK (guestfs_aug_init (g, "/", AUG_NO_LOAD | AUG_SAVE_NEWFILE) == 0);
  /* Every lens: /etc/mtab is a link to the appliance's /proc/mounts,
   * which must not be read; the real files are.
   */
  CHECK (guestfs_aug_load (g) == 0);
  l = guestfs_aug_match (g, "/files/etc/mtab");
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);
  l = guestfs_aug_match (g, "/files/etc/hosts");
  CHECK (l != NULL && test_count (l) == 1);
  test_free_list (l);
  CHECK (guestfs_aug_rm (g, "/augeas/load/*") > 0);
  CHECK (guestfs_aug_load (g) == 0);
  l = guestfs_aug_match (g, "/files//*");
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);
  CHECK (guestfs_aug_transform (g, "Hostname", "/etc/hostname", -1) == 0);
  CHECK (guestfs_aug_load (g) == 0);
  s = guestfs_aug_get (g, "/files/etc/hostname/hostname");
  CHECK_STREQ (s, "guest");
  free (s);
  CHECK (guestfs_aug_set (g, "/files/etc/hostname/hostname", "renamed") == 0);
  CHECK (guestfs_aug_save (g) == 0);
  /* AUG_SAVE_NEWFILE: the original is untouched. */
  s = guestfs_cat (g, "/etc/hostname");
  CHECK_STREQ (s, "guest\n");
  free (s);
  s = guestfs_cat (g, "/etc/hostname.augnew");
  CHECK_STREQ (s, "renamed\n");
  free (s);

  CHECK (guestfs_aug_transform (g, "Hostname", "/etc/hostname",
                                GUESTFS_AUG_TRANSFORM_REMOVE, 1, -1) == 0);
  CHECK (guestfs_aug_load (g) == 0);
  CHECK_ERROR (g, guestfs_aug_get (g, "/files/etc/hostname/hostname"),
               ENOENT);
  CHECK (guestfs_aug_close (g) == 0);
  CHECK_ERROR (g, guestfs_aug_close (g), EINVAL);

  /* AUG_SAVE_BACKUP keeps the old file. */
  init_hosts (g, AUG_SAVE_BACKUP);
  CHECK (guestfs_aug_set (g, "/files/etc/hosts/1/ipaddr", "127.0.1.1") == 0);
  CHECK (guestfs_aug_save (g) == 0);
  CHECK (guestfs_is_file (g, "/etc/hosts.augsave") == 1);
  CHECK (guestfs_aug_close (g) == 0);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-augeas");

  if (mkdtemp (tree) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  test_add_ext4_from_dir (g, tree, 32 * MiB);
  rmdir (tree);
  test_launch (g);

  CHECK (guestfs_mount (g, "/dev/sda", "/") == 0);
  CHECK (guestfs_mkdir (g, "/etc") == 0);
  CHECK (guestfs_write (g, "/etc/hosts", hosts, strlen (hosts)) == 0);
  CHECK (guestfs_write (g, "/etc/hostname", "guest\n", 6) == 0);
  CHECK (guestfs_ln_s (g, "/proc/mounts", "/etc/mtab") == 0);

  test_no_handle (g);
  test_read (g);
  test_write (g);
  test_more (g);

  test_exit (g);
}
