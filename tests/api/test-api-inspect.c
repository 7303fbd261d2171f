/* careen - offline disk-image toolkit */

/**
 * API tests of operating system inspection, in one launch, on guests
 * made here with mke2fs -d (one filesystem per disk, no partitions):
 *
 *   /dev/sda  a Debian 12.4 root: os-release, debian_version, hostname,
 *             an fstab naming its disks as the guest saw them (vda,
 *             vdb), junk lines and filesystems that are not there, a
 *             real x86_64 program, a dpkg status, a logo
 *   /dev/sdb  its /boot
 *   /dev/sdc  an Alpine 3.18 root: hostile hostname symlink that leads
 *             out of the guest, an fstab too big to be read, an apk
 *             database
 *   /dev/sdd  not a root: a huge binary os-release and a directory
 *             where redhat-release should be
 *
 * Every inspect call is checked on success and on its failures (a
 * device that is not a root, Windows facts of a Linux root), and
 * inspection must leave the user's own mounts alone.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)

static char tree[] = "/tmp/careen-api-inspect.XXXXXX";

static void
remove_tree (void)
{
  char cmd[128];

  snprintf (cmd, sizeof cmd, "rm -rf %s", tree);
  if (system (cmd) != 0)
    fprintf (stderr, "could not remove %s\n", tree);
}

/* Writes a file of the fixture, making its directories. */
static void
put (const char *path, const char *content, size_t len)
{
  char full[512], *p;
  FILE *fp;

  snprintf (full, sizeof full, "%s/%s", tree, path);
  for (p = full + strlen (tree) + 1; (p = strchr (p, '/')) != NULL; ++p) {
    *p = '\0';
    if (mkdir (full, 0755) == -1 && errno != EEXIST) {
      perror (full);
      exit (EXIT_FAILURE);
    }
    *p = '/';
  }
  fp = fopen (full, "w");
  if (fp == NULL || fwrite (content, 1, len, fp) != len || fclose (fp) != 0) {
    perror (full);
    exit (EXIT_FAILURE);
  }
}

#define PUT(path, s) put ((path), (s), strlen (s))

static void
link_in (const char *target, const char *path)
{
  char full[512];

  snprintf (full, sizeof full, "%s/%s", tree, path);
  if (symlink (target, full) == -1) {
    perror (full);
    exit (EXIT_FAILURE);
  }
}

/* A copy of a host program, for the architecture. */
static void
copy_host_program (const char *host, const char *path)
{
  char cmd[1024];

  snprintf (cmd, sizeof cmd, "cp %s %s/%s", host, tree, path);
  if (system (cmd) != 0) {
    fprintf (stderr, "%s failed\n", cmd);
    exit (EXIT_FAILURE);
  }
}

static const char png[] = "\x89PNG\r\n\x1a\n not really the rest of a PNG";

static void
make_debian (void)
{
  PUT ("debian/etc/os-release",
       "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
       "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n");
  PUT ("debian/etc/debian_version", "12.4\n");
  PUT ("debian/etc/hostname", "debguest\n");
  PUT ("debian/etc/fstab",
       "# /etc/fstab: static file system information.\n"
       "/dev/vda / ext4 errors=remount-ro 0 1\n"
       "/dev/vdb  /boot\text4 defaults 0 2\n"
       "UUID=00000000-dead-beef-0000-000000000000 /srv ext4 defaults 0 2\n"
       "LABEL=nosuchlabel /home ext4 defaults 0 2\n"
       "proc /proc proc defaults 0 0\n"
       "tmpfs /tmp tmpfs defaults 0 0\n"
       "server:/export /net nfs defaults 0 0\n"
       "/dev/vdb relative ext4 defaults 0 0\n"
       "garbage\n\n   \n");
  PUT ("debian/usr/bin/.keep", "");
  copy_host_program ("/bin/ls", "debian/usr/bin/ls");
  link_in ("usr/bin", "debian/bin");
  PUT ("debian/var/lib/dpkg/status",
       "Package: coreutils\n"
       "Status: install ok installed\n"
       "Architecture: amd64\n"
       "Version: 9.1-1\n"
       "Homepage: https://www.gnu.org/software/coreutils/\n"
       "Description: GNU core utilities\n"
       " This package contains the basic file, shell and text\n"
       " .\n"
       " manipulation utilities.\n"
       "\n"
       "Package: removed\n"
       "Status: deinstall ok config-files\n"
       "Version: 1.0-1\n"
       "\n"
       "Package: libc6\n"
       "Status: install ok installed\n"
       "Architecture: amd64\n"
       "Source: glibc (2.36-9)\n"
       "Version: 2:2.36-9+deb12u3\n"
       "Description: GNU C Library: Shared libraries\n"
       "\n"
       "Package: broken\n"
       "Status: install ok installed\n");
  put ("debian/usr/share/pixmaps/debian-logo.png", png, sizeof png - 1);
  PUT ("boot/vmlinuz-6.1.0", "not a kernel\n");
}

static void
make_alpine (void)
{
  char *big;
  size_t i, n = 300 * 1024;

  PUT ("alpine/etc/os-release",
       "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.18.4\n"
       "PRETTY_NAME=\"Alpine Linux v3.18\"\n");
  PUT ("alpine/etc/alpine-release", "3.18.4\n");
  /* Leads out of the guest if resolved against the appliance. */
  link_in ("../../../../../../proc/sys/kernel/hostname",
           "alpine/etc/hostname");
  /* Bigger than any real fstab: ignored, the root stays "/". */
  big = malloc (n);
  if (big == NULL)
    exit (EXIT_FAILURE);
  for (i = 0; i < n; ++i)
    big[i] = i % 32 == 31 ? '\n' : 'x';
  memcpy (big, "/dev/sda /x ext4 defaults 0 0\n", 30);
  put ("alpine/etc/fstab", big, n);
  PUT ("alpine/lib/apk/db/installed",
       "C:Q1abc=\nP:musl\nV:1.2.4-r1\nA:x86_64\nT:the musl c library\n"
       "U:https://musl.libc.org/\no:musl\n\n"
       "P:busybox\nV:1.36.1-r2\nA:x86_64\nT:Size optimized toolbox\n");

  /* Not a root at all. */
  for (i = 0; i < n; ++i)
    big[i] = (char) (i * 7919 % 251);
  put ("junk/etc/os-release", big, n);
  free (big);
  PUT ("junk/etc/redhat-release/x", "");
}

static void
test_roots (guestfs_h *g)
{
  char **l;

  /* Before inspection: nothing known. */
  l = guestfs_inspect_get_roots (g);
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);
  CHECK_ERROR (g, guestfs_inspect_get_type (g, "/dev/sda"), EINVAL);

  /* The user's mount must survive inspection, read-write. */
  CHECK_OK (guestfs_mount (g, "/dev/sdd", "/"));

  l = guestfs_inspect_os (g);
  CHECK (test_count (l) == 2);
  CHECK (test_list_has (l, "/dev/sda"));
  CHECK (test_list_has (l, "/dev/sdc"));
  test_free_list (l);
  l = guestfs_inspect_get_roots (g);
  CHECK (test_count (l) == 2);
  test_free_list (l);

  CHECK (guestfs_is_dir (g, "/etc/redhat-release") == 1);
  CHECK_OK (guestfs_touch (g, "/still-writable"));
  CHECK_OK (guestfs_umount_all (g));

  /* Inspection again, the mounted filesystem being inspected too. */
  CHECK_OK (guestfs_mount (g, "/dev/sda", "/"));
  l = guestfs_inspect_os (g);
  CHECK (test_count (l) == 2);
  test_free_list (l);
  CHECK_OK (guestfs_touch (g, "/etc/still-writable"));
  CHECK_OK (guestfs_umount_all (g));

  CHECK_ERROR (g, guestfs_inspect_get_type (g, "/dev/sdb"), EINVAL);
  CHECK_ERROR (g, guestfs_inspect_get_distro (g, "/dev/sdd"), EINVAL);
  CHECK_ERROR (g, guestfs_inspect_get_major_version (g, "/dev/sdb"), EINVAL);
  CHECK_ERROR (g, guestfs_inspect_get_mountpoints (g, "/dev/sdb"), EINVAL);
  CHECK_FAILS (g, guestfs_inspect_get_type (g, "/dev/nosuch"));
}

static void
check_str (guestfs_h *g, char *(*fn) (guestfs_h *, const char *),
           const char *root, const char *expected, int line)
{
  char *s = fn (g, root);

  if (s == NULL || strcmp (s, expected) != 0)
    test_fail (__FILE__, line, "%s: \"%s\", expected \"%s\"", root,
               s ? s : "(error)", expected);
  free (s);
}
#define CHECK_FACT(fn, root, expected) \
  check_str (g, guestfs_inspect_get_##fn, (root), (expected), __LINE__)

static void
test_debian (guestfs_h *g)
{
  const char *root = "/dev/sda";
  char **l;
  struct guestfs_application2_list *apps;
  char *icon;
  size_t size;

  CHECK_FACT (type, root, "linux");
  CHECK_FACT (distro, root, "debian");
  CHECK (guestfs_inspect_get_major_version (g, root) == 12);
  CHECK (guestfs_inspect_get_minor_version (g, root) == 4);
  /* Debian's os-release has no point release: debian_version is used,
   * and names the product, as in libguestfs.
   */
  CHECK_FACT (product_name, root, "12.4");
  CHECK_FACT (product_variant, root, "unknown");
  CHECK_FACT (hostname, root, "debguest");
  CHECK_FACT (arch, root, "x86_64");
  CHECK_FACT (osinfo, root, "debian12");
  CHECK_FACT (package_format, root, "deb");
  CHECK_FACT (package_management, root, "apt");
  CHECK_FACT (format, root, "installed");
  CHECK (guestfs_inspect_is_live (g, root) == 0);
  CHECK (guestfs_inspect_is_netinst (g, root) == 0);
  CHECK (guestfs_inspect_is_multipart (g, root) == 0);

  l = guestfs_inspect_get_mountpoints (g, root);
  CHECK (test_count (l) == 4);
  CHECK_STREQ (test_hash_get (l, "/"), "/dev/sda");
  CHECK_STREQ (test_hash_get (l, "/boot"), "/dev/sdb");
  test_free_list (l);
  l = guestfs_inspect_get_filesystems (g, root);
  CHECK (test_count (l) == 2);
  CHECK (test_list_has (l, "/dev/sda") && test_list_has (l, "/dev/sdb"));
  test_free_list (l);
  l = guestfs_inspect_get_drive_mappings (g, root);
  CHECK (l != NULL && test_count (l) == 0);
  test_free_list (l);

  CHECK_ERROR (g, guestfs_inspect_get_windows_systemroot (g, root), EINVAL);
  CHECK_ERROR (g, guestfs_inspect_get_windows_current_control_set (g, root),
               EINVAL);
  CHECK_ERROR (g, guestfs_inspect_get_windows_software_hive (g, root),
               EINVAL);
  CHECK_ERROR (g, guestfs_inspect_get_windows_system_hive (g, root), EINVAL);

  apps = guestfs_inspect_list_applications2 (g, root);
  CHECK (apps != NULL && apps->len == 2);
  if (apps && apps->len == 2) {
    CHECK_STREQ (apps->val[0].app2_name, "coreutils");
    CHECK_STREQ (apps->val[0].app2_version, "9.1");
    CHECK_STREQ (apps->val[0].app2_release, "1");
    CHECK (apps->val[0].app2_epoch == 0);
    CHECK_STREQ (apps->val[0].app2_arch, "amd64");
    CHECK_STREQ (apps->val[0].app2_url,
                 "https://www.gnu.org/software/coreutils/");
    CHECK_STREQ (apps->val[0].app2_summary, "GNU core utilities");
    CHECK_STREQ (apps->val[0].app2_description,
                 "This package contains the basic file, shell and text\n"
                 ".\nmanipulation utilities.");
    CHECK_STREQ (apps->val[1].app2_name, "libc6");
    CHECK (apps->val[1].app2_epoch == 2);
    CHECK_STREQ (apps->val[1].app2_version, "2.36");
    CHECK_STREQ (apps->val[1].app2_release, "9+deb12u3");
    CHECK_STREQ (apps->val[1].app2_source_package, "glibc");
    CHECK_STREQ (apps->val[1].app2_install_path, "");
  }
  guestfs_free_application2_list (apps);

  icon = guestfs_inspect_get_icon (g, root, &size, -1);
  CHECK (icon != NULL && size == sizeof png - 1 &&
         memcmp (icon, png, size) == 0);
  free (icon);
  icon = guestfs_inspect_get_icon (g, root, &size,
                                   GUESTFS_INSPECT_GET_ICON_HIGHQUALITY, 1,
                                   -1);
  CHECK (icon != NULL && size == 0);
  free (icon);
  CHECK_ERROR (g, guestfs_inspect_list_applications2 (g, "/dev/sdb"),
               EINVAL);
  CHECK_ERROR (g, guestfs_inspect_get_icon (g, "/dev/sdd", &size, -1),
               EINVAL);
}

static void
test_alpine (guestfs_h *g)
{
  const char *root = "/dev/sdc";
  char **l;
  struct guestfs_application2_list *apps;
  char *icon;
  size_t size;

  CHECK_FACT (type, root, "linux");
  CHECK_FACT (distro, root, "alpinelinux");
  CHECK (guestfs_inspect_get_major_version (g, root) == 3);
  CHECK (guestfs_inspect_get_minor_version (g, root) == 18);
  CHECK_FACT (product_name, root, "Alpine Linux v3.18");
  /* The link led out of the guest: nothing found. */
  CHECK_FACT (hostname, root, "unknown");
  CHECK_FACT (arch, root, "unknown");
  CHECK_FACT (osinfo, root, "alpinelinux3.18");
  CHECK_FACT (package_format, root, "apk");
  CHECK_FACT (package_management, root, "apk");
  l = guestfs_inspect_get_mountpoints (g, root);
  CHECK (test_count (l) == 2);
  CHECK_STREQ (test_hash_get (l, "/"), "/dev/sdc");
  test_free_list (l);

  apps = guestfs_inspect_list_applications2 (g, root);
  CHECK (apps != NULL && apps->len == 2);
  if (apps && apps->len == 2) {
    /* Sorted by name. */
    CHECK_STREQ (apps->val[1].app2_name, "musl");
    CHECK_STREQ (apps->val[1].app2_version, "1.2.4");
    /* As libguestfs reports apk packages: "-r1" is release "1", T:
     * is the description.
     */
    CHECK_STREQ (apps->val[1].app2_release, "1");
    CHECK_STREQ (apps->val[1].app2_arch, "x86_64");
    CHECK_STREQ (apps->val[1].app2_description, "the musl c library");
    CHECK_STREQ (apps->val[1].app2_summary, "");
    CHECK_STREQ (apps->val[1].app2_url, "https://musl.libc.org/");
    CHECK_STREQ (apps->val[0].app2_name, "busybox");
    CHECK_STREQ (apps->val[0].app2_release, "2");
  }
  guestfs_free_application2_list (apps);

  icon = guestfs_inspect_get_icon (g, root, &size, -1);
  CHECK (icon != NULL && size == 0);
  free (icon);
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-inspect");
  char dir[512];

  if (mkdtemp (tree) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }
  atexit (remove_tree);
  make_debian ();
  make_alpine ();

  snprintf (dir, sizeof dir, "%s/debian", tree);
  test_add_ext4_from_dir (g, dir, 32 * MiB);
  snprintf (dir, sizeof dir, "%s/boot", tree);
  test_add_ext4_from_dir (g, dir, 8 * MiB);
  snprintf (dir, sizeof dir, "%s/alpine", tree);
  test_add_ext4_from_dir (g, dir, 16 * MiB);
  snprintf (dir, sizeof dir, "%s/junk", tree);
  test_add_ext4_from_dir (g, dir, 16 * MiB);
  test_launch (g);

  test_roots (g);
  test_debian (g);
  test_alpine (g);
  test_exit (g);
}
