/* careen - offline disk-image toolkit */

/**
 * API tests, in one launch, of the calls about the appliance itself:
 * utsname, dmesg, drop_caches, modprobe, getcon, setcon,
 * internal_feature_available, debug, debug_upload, internal_upload,
 * mkmountpoint and rmmountpoint, on success and failure.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)

static char *no_args[] = { NULL };

static void
test_kernel (guestfs_h *g)
{
  struct guestfs_utsname *u = guestfs_utsname (g);
  struct utsname host;
  char *fs[] = { (char *) "iso9660", NULL };
  char *s;

  CHECK (uname (&host) == 0);
  CHECK (u != NULL);
  if (u) {
    CHECK_STREQ (u->uts_sysname, "Linux");
    CHECK_STREQ (u->uts_machine, host.machine);
    CHECK (u->uts_release[0] != '\0' && u->uts_version[0] != '\0');
  }
  guestfs_free_utsname (u);

  s = guestfs_dmesg (g);
  CHECK (s != NULL && strstr (s, "Linux version") != NULL);
  /* dmesg(1) hides the levels. */
  CHECK (s != NULL && strncmp (s, "<", 1) != 0 && strstr (s, "\n<") == NULL);
  free (s);

  CHECK (guestfs_drop_caches (g, 1) == 0);
  CHECK (guestfs_drop_caches (g, 3) == 0);
  CHECK_ERROR (g, guestfs_drop_caches (g, 0), EINVAL);
  CHECK_ERROR (g, guestfs_drop_caches (g, 4), EINVAL);

  /* isofs is among the appliance's modules; loading it gives the
   * kernel iso9660.
   */
  CHECK (guestfs_modprobe (g, "isofs") == 0);
  CHECK (guestfs_modprobe (g, "isofs") == 0);
  CHECK (guestfs_feature_available (g, no_args) == 1);
  CHECK (guestfs_filesystem_available (g, fs[0]) == 1);
  CHECK_ERROR (g, guestfs_modprobe (g, "careen_no_such_module"), ENOENT);
  CHECK_ERROR (g, guestfs_modprobe (g, "-r"), EINVAL);
  CHECK_ERROR (g, guestfs_modprobe (g, "a/b"), EINVAL);
  CHECK_ERROR (g, guestfs_modprobe (g, ""), EINVAL);
}

static void
test_features (guestfs_h *g)
{
  char **all = guestfs_available_all_groups (g);
  size_t i;

  CHECK (all != NULL && test_list_has (all, "mknod") &&
         test_list_has (all, "acl") && test_list_has (all, "linuxcaps") &&
         test_list_has (all, "linuxmodules") &&
         test_list_has (all, "linuxxattrs") &&
         test_list_has (all, "selinux"));
  /* The same answer as feature_available, as a number. */
  for (i = 0; all && all[i]; ++i) {
    char *one[] = { all[i], NULL };
    int fa = guestfs_feature_available (g, one);
    int r = guestfs_internal_feature_available (g, all[i]);

    CHECK ((fa == 1 && r == 0) || (fa == 0 && r == 1));
  }
  test_free_list (all);
  CHECK (guestfs_internal_feature_available (g, "mknod") == 0);
  CHECK (guestfs_internal_feature_available (g, "linuxmodules") == 0);
  CHECK (guestfs_internal_feature_available (g, "nosuchgroup") == 2);
  CHECK (guestfs_internal_feature_available (g, "") == 2);

  /* careen's appliance runs without SELinux. */
  if (guestfs_internal_feature_available (g, "selinux") == 1) {
    CHECK_ERROR (g, guestfs_getcon (g), ENOTSUP);
    CHECK_ERROR (g, guestfs_setcon (g, "system_u:system_r:kernel_t:s0"),
                 ENOTSUP);
  }
  else {
    char *s = guestfs_getcon (g);

    CHECK (s != NULL && s[0] != '\0');
    free (s);
  }
}

static int progress_events;

static void
progress_cb (guestfs_h *g, void *opaque, uint64_t event, int eh, int flags,
             const char *buf, size_t buf_len, const uint64_t *array,
             size_t array_len)
{
  progress_events++;
}

static void
test_debug (guestfs_h *g)
{
  char *print_args[] = { (char *) "a", (char *) "b c", NULL };
  char *one[] = { (char *) "1", NULL };
  char *three[] = { (char *) "3", NULL };
  char *zero[] = { (char *) "0", NULL };
  char *bad[] = { (char *) "3x", NULL };
  char *tmp[] = { (char *) "/tmp", NULL };
  char *up[] = { (char *) "/tmp/careen-up", NULL };
  char *iup[] = { (char *) "/tmp/careen-iup", NULL };
  char *missing[] = { (char *) "/careen-missing", NULL };
  char local[] = "/tmp/careen-api-debug.XXXXXX";
  char *s;
  int fd, eh;

  s = guestfs_debug (g, "help", no_args);
  CHECK (s != NULL && strstr (s, "print") != NULL &&
         strstr (s, "progress") != NULL);
  free (s);
  s = guestfs_debug (g, "print", print_args);
  CHECK_STREQ (s, "a b c\n");
  free (s);
  s = guestfs_debug (g, "print", no_args);
  CHECK_STREQ (s, "\n");
  free (s);
  s = guestfs_debug (g, "env", no_args);
  CHECK (s != NULL && strstr (s, "PATH=") != NULL);
  free (s);
  s = guestfs_debug (g, "fds", no_args);
  CHECK (s != NULL && strstr (s, "0 ") != NULL);
  free (s);
  s = guestfs_debug (g, "ls", tmp);
  CHECK (s != NULL && strstr (s, ".\n") != NULL);
  free (s);

  eh = guestfs_set_event_callback (g, progress_cb, GUESTFS_EVENT_PROGRESS,
                                   0, NULL);
  CHECK (eh >= 0);
  progress_events = 0;
  s = guestfs_debug (g, "progress", three);
  CHECK_STREQ (s, "ok\n");
  free (s);
  CHECK (progress_events > 0);
  guestfs_delete_event_callback (g, eh);
  s = guestfs_debug (g, "progress", one);
  CHECK_STREQ (s, "ok\n");
  free (s);
  CHECK_ERROR (g, guestfs_debug (g, "progress", zero), EINVAL);
  CHECK_ERROR (g, guestfs_debug (g, "progress", bad), EINVAL);
  CHECK_ERROR (g, guestfs_debug (g, "progress", no_args), EINVAL);
  CHECK_ERROR (g, guestfs_debug (g, "segv", no_args), ENOTSUP);
  CHECK_ERROR (g, guestfs_debug (g, "sh", no_args), ENOTSUP);
  CHECK_ERROR (g, guestfs_debug (g, "nosuchsubcommand", no_args), EINVAL);
  CHECK_FAILS (g, guestfs_debug (g, "ll", missing));

  /* Uploads into the appliance's /tmp. */
  fd = mkstemp (local);
  CHECK (fd >= 0);
  if (fd >= 0) {
    CHECK (write (fd, "payload\n", 8) == 8);
    close (fd);
  }
  CHECK (guestfs_debug_upload (g, local, "careen-up", 0640) == 0);
  s = guestfs_debug (g, "ll", up);
  CHECK (s != NULL && strstr (s, "-rw-r----- ") != NULL &&
         strstr (s, " 8 ") != NULL);
  free (s);
  CHECK (guestfs_internal_upload (g, local, "careen-iup", 0755) == 0);
  s = guestfs_debug (g, "ll", iup);
  CHECK (s != NULL && strstr (s, "-rwxr-xr-x ") != NULL);
  free (s);
  /* Replacing a file of that name. */
  CHECK (guestfs_debug_upload (g, "/dev/null", "careen-up", 0600) == 0);
  s = guestfs_debug (g, "ll", up);
  CHECK (s != NULL && strstr (s, "-rw------- ") != NULL &&
         strstr (s, " 0 ") != NULL);
  free (s);
  CHECK_ERROR (g, guestfs_debug_upload (g, local, "a/b", 0644), EINVAL);
  CHECK_ERROR (g, guestfs_debug_upload (g, local, "", 0644), EINVAL);
  CHECK_ERROR (g, guestfs_debug_upload (g, local, "..", 0644), EINVAL);
  CHECK_ERROR (g, guestfs_internal_upload (g, local, ".", 0644), EINVAL);
  CHECK_ERROR (g, guestfs_debug_upload (g, local, "x", 010000), EINVAL);
  CHECK_ERROR (g, guestfs_debug_upload (g, local, "x", -1), EINVAL);
  CHECK_FAILS (g, guestfs_debug_upload (g, "/careen-no-such-local", "x",
                                        0644));
  unlink (local);
  /* The guest saw none of it. */
  CHECK (guestfs_mount (g, "/dev/sda", "/") == 0);
  CHECK (guestfs_exists (g, "/tmp/careen-up") == 0);
  CHECK (guestfs_umount_all (g) == 0);
}

static void
test_mountpoints (guestfs_h *g)
{
  char **l;

  CHECK (guestfs_mkmountpoint (g, "/a") == 0);
  CHECK (guestfs_mkmountpoint (g, "/b") == 0);
  CHECK (guestfs_mkmountpoint (g, "/b/inner") == 0);
  CHECK_ERROR (g, guestfs_mkmountpoint (g, "/a"), EEXIST);
  CHECK_ERROR (g, guestfs_mkmountpoint (g, "a"), EINVAL);
  CHECK_ERROR (g, guestfs_mkmountpoint (g, "/nodir/x"), ENOENT);
  CHECK (guestfs_mount (g, "/dev/sda", "/a") == 0);
  CHECK (guestfs_mount (g, "/dev/sdb", "/b/inner") == 0);
  CHECK (guestfs_write (g, "/a/fa", "A", 1) == 0);
  CHECK (guestfs_write (g, "/b/inner/fb", "B", 1) == 0);
  l = guestfs_mountpoints (g);
  CHECK (l != NULL && test_hash_get (l, "/dev/sda") &&
         strcmp (test_hash_get (l, "/dev/sda"), "/a") == 0 &&
         test_hash_get (l, "/dev/sdb") &&
         strcmp (test_hash_get (l, "/dev/sdb"), "/b/inner") == 0);
  test_free_list (l);
  /* Inside a guest filesystem: refused, the guest is not changed. */
  CHECK_ERROR (g, guestfs_mkmountpoint (g, "/a/x"), EBUSY);
  CHECK (guestfs_exists (g, "/a/x") == 0);
  CHECK_ERROR (g, guestfs_rmmountpoint (g, "/a/fa"), EBUSY);
  CHECK_ERROR (g, guestfs_rmmountpoint (g, "/a"), EBUSY);
  CHECK_ERROR (g, guestfs_rmmountpoint (g, "/b"), ENOTEMPTY);

  CHECK (guestfs_umount (g, "/a") == 0);
  CHECK (guestfs_umount (g, "/b/inner") == 0);
  CHECK (guestfs_rmmountpoint (g, "/a") == 0);
  CHECK_ERROR (g, guestfs_rmmountpoint (g, "/a"), ENOENT);
  CHECK (guestfs_rmmountpoint (g, "/b/inner") == 0);
  CHECK (guestfs_rmmountpoint (g, "/b") == 0);
  /* Nothing left: the tmpfs is gone too. */
  l = guestfs_mounts (g);
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);
  CHECK_ERROR (g, guestfs_rmmountpoint (g, "/b"), ENOENT);

  /* umount_all takes the mountpoints' tmpfs with the rest. */
  CHECK (guestfs_mkmountpoint (g, "/c") == 0);
  CHECK (guestfs_mount (g, "/dev/sda", "/c") == 0);
  CHECK (guestfs_umount_all (g) == 0);
  l = guestfs_mounts (g);
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);

  /* With a root filesystem mounted, mountpoints would change it. */
  CHECK (guestfs_mount (g, "/dev/sda", "/") == 0);
  CHECK_ERROR (g, guestfs_mkmountpoint (g, "/d"), EBUSY);
  CHECK (guestfs_exists (g, "/d") == 0);
  CHECK_ERROR (g, guestfs_rmmountpoint (g, "/c"), ENOENT);
  {
    char *s = guestfs_cat (g, "/fa");

    CHECK_STREQ (s, "A");
    free (s);
  }
  CHECK (guestfs_umount_all (g) == 0);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-misc-debug");

  test_add_disk (g, 32 * MiB);
  test_add_disk (g, 32 * MiB);
  test_launch (g);

  CHECK (guestfs_mkfs (g, "ext4", "/dev/sda") == 0);
  CHECK (guestfs_mkfs (g, "ext4", "/dev/sdb") == 0);

  test_kernel (g);
  test_features (g);
  test_debug (g);
  test_mountpoints (g);

  test_exit (g);
}
