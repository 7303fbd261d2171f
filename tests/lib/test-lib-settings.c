/* careen - offline disk-image toolkit */

/**
 * The handle settings and drive calls that programs built for
 * libguestfs use beyond the basics: backend and single backend settings
 * (libvirt accepted), network/selinux/direct (false only), pgroup and
 * recovery_proc, set_qemu, sockdir, c_pointer, config,
 * parse_environment_list, the deprecated drive calls and iface,
 * remove_drive, debug_drives, max_disks, first/next_private, the
 * callbacks of before events, the struct copy and compare functions,
 * and the entry points of calls careen lacks (ENOTSUP).  One launch
 * checks what only shows in a running appliance: config's parameter
 * reaches qemu, pgroup off keeps qemu in our process group, wait_ready.
 */

#include <config.h>

#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guestfs.h"
#include "test-lib.h"

static bool
strings_equal (char **list, const char *const *expected)
{
  size_t i;

  if (list == NULL)
    return false;
  for (i = 0; expected[i]; ++i)
    if (list[i] == NULL || strcmp (list[i], expected[i]) != 0)
      return false;
  return list[i] == NULL;
}

static void
free_strings (char **list)
{
  size_t i;

  for (i = 0; list && list[i]; ++i)
    free (list[i]);
  free (list);
}

/* The call fails with this errno (the error is not printed). */
#define CHECK_ERRNO(g, expr, err)                                       \
  do {                                                                  \
    guestfs_push_error_handler ((g), NULL, NULL);                       \
    CHECK ((expr) == -1);                                               \
    CHECK (guestfs_last_errno (g) == (err));                            \
    guestfs_pop_error_handler (g);                                      \
  } while (0)

static void
test_backend (guestfs_h *g)
{
  char *s;

  CHECK (guestfs_set_backend (g, "libvirt") == 0);
  s = guestfs_get_backend (g);
  CHECK (s && strcmp (s, "libvirt") == 0);
  free (s);
  CHECK (guestfs_set_attach_method (g, "libvirt:qemu:///system") == 0);
  s = guestfs_get_attach_method (g);
  CHECK (s && strcmp (s, "libvirt:qemu:///system") == 0);
  free (s);
  CHECK_ERRNO (g, guestfs_set_backend (g, "uml"), ENOTSUP);
  CHECK (guestfs_set_backend (g, "direct") == 0);

  {
    static const char *const settings[] = { "force_tcg", "a=1", NULL };
    static const char *const after[] = { "force_tcg", "a=2", NULL };
    char **list;

    CHECK (guestfs_set_backend_settings (g, (char **) settings) == 0);
    s = guestfs_get_backend_setting (g, "force_tcg");
    CHECK (s && strcmp (s, "1") == 0);
    free (s);
    s = guestfs_get_backend_setting (g, "a");
    CHECK (s && strcmp (s, "1") == 0);
    free (s);
    CHECK_ERRNO (g, (guestfs_get_backend_setting (g, "force") ? 0 : -1),
                 ESRCH);
    CHECK (guestfs_set_backend_setting (g, "a", "2") == 0);
    list = guestfs_get_backend_settings (g);
    CHECK (strings_equal (list, after));
    free_strings (list);
    CHECK (guestfs_clear_backend_setting (g, "a") == 1);
    CHECK (guestfs_clear_backend_setting (g, "a") == 0);
    CHECK (guestfs_clear_backend_setting (g, "force_tcg") == 1);
  }
}

static void
test_flags (guestfs_h *g)
{
  char *s;

  CHECK (guestfs_get_network (g) == 0);
  CHECK (guestfs_set_network (g, 1) == 0);
  CHECK (guestfs_get_network (g) == 1);
  CHECK (guestfs_set_network (g, 0) == 0);
  CHECK (guestfs_get_network (g) == 0);
  CHECK (guestfs_set_selinux (g, 0) == 0);
  CHECK_ERRNO (g, guestfs_set_selinux (g, 1), ENOTSUP);
  CHECK (guestfs_get_selinux (g) == 0);
  CHECK (guestfs_set_direct (g, 0) == 0);
  CHECK_ERRNO (g, guestfs_set_direct (g, 1), ENOTSUP);
  CHECK (guestfs_get_direct (g) == 0);

  CHECK (guestfs_get_pgroup (g) == 1);
  CHECK (guestfs_get_recovery_proc (g) == 1);
  CHECK (guestfs_set_recovery_proc (g, 0) == 0);
  CHECK (guestfs_get_recovery_proc (g) == 0);

  CHECK (guestfs_set_qemu (g, "/bin/false") == 0);
  CHECK (strcmp (guestfs_get_qemu (g), "/bin/false") == 0);
  s = guestfs_get_hv (g);
  CHECK (s && strcmp (s, "/bin/false") == 0);
  free (s);
  CHECK (guestfs_set_qemu (g, NULL) == 0);
  CHECK (strcmp (guestfs_get_qemu (g), QEMU) == 0);

  s = guestfs_get_sockdir (g);
  CHECK (s && access (s, W_OK) == 0);
  free (s);
  CHECK (guestfs_c_pointer (g) == (int64_t) (intptr_t) g);
  CHECK (guestfs_max_disks (g) >= 26);

  CHECK_ERRNO (g, guestfs_config (g, "name", "x"), EINVAL);
  CHECK_ERRNO (g, guestfs_config (g, "-kernel", "/x"), EINVAL);
}

static void
test_environment (void)
{
  guestfs_h *g = guestfs_create_flags (GUESTFS_CREATE_NO_ENVIRONMENT);
  static const char *const env[] = {
    "LIBGUESTFS_MEMSIZE=700", "LIBGUESTFS_BACKEND=libvirt",
    "LIBGUESTFS_BACKEND_SETTINGS=force_tcg:x=y", "LIBGUESTFS_TRACE=1",
    "LIBGUESTFS_MEMSIZE=800", NULL
  };
  static const char *const bad[] = { "LIBGUESTFS_MEMSIZE=12", NULL };
  char *s;

  CHECK (g != NULL);
  if (g == NULL)
    return;
  CHECK (guestfs_parse_environment_list (g, (char **) env) == 0);
  CHECK (guestfs_get_memsize (g) == 800);
  CHECK (guestfs_get_trace (g) == 1);
  s = guestfs_get_backend (g);
  CHECK (s && strcmp (s, "libvirt") == 0);
  free (s);
  s = guestfs_get_backend_setting (g, "x");
  CHECK (s && strcmp (s, "y") == 0);
  free (s);
  guestfs_set_trace (g, 0);
  guestfs_push_error_handler (g, NULL, NULL);
  CHECK (guestfs_parse_environment_list (g, (char **) bad) == -1);
  guestfs_pop_error_handler (g);
  CHECK (guestfs_parse_environment (g) == 0);
  guestfs_close (g);
}

static void
test_drives (guestfs_h *g)
{
  char **list;

  CHECK (guestfs_add_drive_with_if (g, "/dev/null", "virtio") == 0);
  CHECK (guestfs_add_drive_ro_with_if (g, "/dev/null", "ide") == 0);
  CHECK_ERRNO (g, guestfs_add_drive_with_if (g, "/dev/null", "bogus"),
               EINVAL);
  CHECK (guestfs_add_cdrom (g, "/dev/null") == 0);
  CHECK (guestfs_add_drive_opts (g, "/dev/null",
                                 GUESTFS_ADD_DRIVE_OPTS_LABEL, "gone",
                                 -1) == 0);
  list = guestfs_debug_drives (g);
  CHECK (list && list[0] && list[1] && list[2] && list[3] && !list[4]);
  CHECK (list && list[1] && strstr (list[1], "readonly") != NULL);
  CHECK (list && list[3] && strstr (list[3], "label=gone") != NULL);
  free_strings (list);
  CHECK (guestfs_remove_drive (g, "gone") == 0);
  CHECK_ERRNO (g, guestfs_remove_drive (g, "gone"), ENOENT);
  list = guestfs_debug_drives (g);
  CHECK (list && list[0] && list[1] && list[2] && !list[3]);
  free_strings (list);
}

static void
test_private (guestfs_h *g)
{
  int a, b;
  const char *key;
  void *data;
  int seen = 0;

  CHECK (guestfs_first_private (g, &key) == NULL && key == NULL);
  guestfs_set_private (g, "a", &a);
  guestfs_set_private (g, "b", &b);
  for (data = guestfs_first_private (g, &key); data != NULL;
       data = guestfs_next_private (g, &key)) {
    if (strcmp (key, "a") == 0 && data == &a)
      seen |= 1;
    else if (strcmp (key, "b") == 0 && data == &b)
      seen |= 2;
    else
      CHECK (!"unexpected private entry");
  }
  CHECK (seen == 3);
  CHECK (guestfs_next_private (g, &key) == NULL);
}

static int closed;

static void
on_close (guestfs_h *g, void *opaque)
{
  closed += *(int *) opaque;
}

static void
test_old_callbacks (void)
{
  guestfs_h *g = guestfs_create ();
  int one = 1, ten = 10;

  CHECK (g != NULL);
  if (g == NULL)
    return;
  /* Set twice: the second replaces the first. */
  guestfs_set_close_callback (g, on_close, &one);
  guestfs_set_close_callback (g, on_close, &ten);
  guestfs_close (g);
  CHECK (closed == 10);

  g = guestfs_create ();
  guestfs_set_close_callback (g, on_close, &one);
  guestfs_set_close_callback (g, NULL, NULL);
  guestfs_close (g);
  CHECK (closed == 10);
}

static void
test_struct_functions (guestfs_h *g)
{
  struct guestfs_version *v = guestfs_version (g), *c;
  struct guestfs_version_list l1, *l2;

  CHECK (v != NULL);
  if (v == NULL)
    return;
  c = guestfs_copy_version (v);
  CHECK (c != NULL && c->extra != v->extra);
  CHECK (c && guestfs_compare_version (v, c) == 0);
  if (c) {
    c->minor++;
    CHECK (guestfs_compare_version (v, c) < 0);
    CHECK (guestfs_compare_version (c, v) > 0);
    c->minor--;
    free (c->extra);
    c->extra = NULL;
    CHECK (guestfs_compare_version (c, v) < 0);
  }
  l1.len = 1;
  l1.val = v;
  l2 = guestfs_copy_version_list (&l1);
  CHECK (l2 && l2->len == 1 && l2->val[0].extra != v->extra &&
         guestfs_compare_version_list (&l1, l2) == 0);
  if (l2) {
    l2->len = 0;
    CHECK (guestfs_compare_version_list (&l1, l2) > 0);
    l2->len = 1;
  }
  guestfs_free_version_list (l2);
  guestfs_free_version (c);
  guestfs_free_version (v);
}

/* A call careen lacks, looked up the way a program linked against
 * libguestfs finds it: exported, failing with ENOTSUP.
 */
static void
test_fallback (guestfs_h *g)
{
  int (*mount_9p) (guestfs_h *, const char *, const char *, ...);

  *(void **) &mount_9p = dlsym (RTLD_DEFAULT, "guestfs_mount_9p");
  CHECK (mount_9p != NULL);
  if (mount_9p == NULL)
    return;
  guestfs_push_error_handler (g, NULL, NULL);
  CHECK (mount_9p (g, "share", "/mnt", -1) == -1);
  CHECK (guestfs_last_errno (g) == ENOTSUP);
  /* The message names the call and says why. */
  CHECK (guestfs_last_error (g) &&
         strstr (guestfs_last_error (g), "mount_9p") != NULL &&
         strstr (guestfs_last_error (g), "9p shares") != NULL);
  guestfs_pop_error_handler (g);
}

/* qemu's command line, NUL-separated, from /proc. */
static bool
qemu_has_args (pid_t pid, const char *a, const char *b)
{
  static char buf[65536];
  char path[64];
  FILE *fp;
  size_t n, i;

  snprintf (path, sizeof path, "/proc/%d/cmdline", (int) pid);
  fp = fopen (path, "r");
  if (fp == NULL)
    return false;
  n = fread (buf, 1, sizeof buf - 1, fp);
  fclose (fp);
  buf[n] = '\0';
  for (i = 0; i < n; i += strlen (buf + i) + 1)
    if (strcmp (buf + i, a) == 0 && i + strlen (a) + 1 < n &&
        strcmp (buf + i + strlen (a) + 1, b) == 0)
      return true;
  return false;
}

static void
test_launch (void)
{
  guestfs_h *g = guestfs_create ();
  pid_t pid;

  CHECK (g != NULL);
  if (g == NULL)
    return;
  CHECK_ERRNO (g, guestfs_wait_ready (g), EINVAL);
  CHECK (guestfs_add_drive_scratch (g, 16 * 1024 * 1024, -1) == 0);
  CHECK (guestfs_config (g, "-name", "careen-settings-test") == 0);
  CHECK (guestfs_set_pgroup (g, 0) == 0);
  CHECK (guestfs_get_pgroup (g) == 0);
  CHECK (guestfs_launch (g) == 0);
  CHECK (guestfs_wait_ready (g) == 0);
  pid = guestfs_get_pid (g);
  CHECK (pid > 0);
  if (pid > 0) {
    CHECK (qemu_has_args (pid, "-name", "careen-settings-test"));
    CHECK (getpgid (pid) == getpgid (0));
  }
  CHECK_ERRNO (g, guestfs_remove_drive (g, "x"), ENOTSUP);
  CHECK (guestfs_shutdown (g) == 0);
  guestfs_close (g);
}

int
main (void)
{
  guestfs_h *g = guestfs_create ();

  if (g == NULL) {
    perror ("guestfs_create");
    exit (EXIT_FAILURE);
  }
  test_backend (g);
  test_flags (g);
  test_drives (g);
  test_private (g);
  test_struct_functions (g);
  test_fallback (g);
  guestfs_close (g);
  test_environment ();
  test_old_callbacks ();
  test_launch ();
  TEST_LIB_EXIT ();
}
