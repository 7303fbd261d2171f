/* careen - offline disk-image toolkit */

/**
 * API tests of the internal test calls and sleep, in one launch.  The
 * internal test calls carry every argument and return type through the
 * generated stubs, the protocol and the daemon's dispatch: each value
 * must come back unchanged, including empty strings, a NULL optional
 * string, empty and long lists, the 32- and 64-bit extremes and
 * buffers with NUL bytes, and each error must keep its errno.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests.h"

#define MiB (INT64_C(1024) * 1024)

/* The description internal_test_format should give. */
static void
check_format (guestfs_h *g, int line, const char *expected,
              const char *str, const char *optstr, char *const *strlist,
              int b, int integer, int64_t integer64, const char *bufferin,
              size_t bufferin_size,
              const struct guestfs_internal_test_format_argv *optargs)
{
  char *text = guestfs_internal_test_format_argv (g, str, optstr, strlist, b,
                                                  integer, integer64, "fi",
                                                  "fo", bufferin,
                                                  bufferin_size, optargs);

  if (text == NULL)
    test_fail (__FILE__, line, "internal_test_format failed");
  else if (strcmp (text, expected) != 0)
    test_fail (__FILE__, line, "internal_test_format gave:\n%s\nexpected:\n%s",
               text, expected);
  free (text);
}

static void
test_arguments (guestfs_h *g)
{
  char *const empty[] = { NULL };
  char *const two[] = { (char *) "a b", (char *) "", NULL };
  struct guestfs_internal_test_format_argv none = { .bitmask = 0 };
  struct guestfs_internal_test_format_argv all = {
    .bitmask = GUESTFS_INTERNAL_TEST_FORMAT_OBOOL_BITMASK |
      GUESTFS_INTERNAL_TEST_FORMAT_OINT_BITMASK |
      GUESTFS_INTERNAL_TEST_FORMAT_OINT64_BITMASK |
      GUESTFS_INTERNAL_TEST_FORMAT_OSTRING_BITMASK |
      GUESTFS_INTERNAL_TEST_FORMAT_OSTRINGLIST_BITMASK,
    .obool = 1, .oint = INT_MIN, .oint64 = INT64_MAX,
    .ostring = "", .ostringlist = two,
  };
  struct guestfs_internal_test_format_argv some = {
    .bitmask = GUESTFS_INTERNAL_TEST_FORMAT_OBOOL_BITMASK |
      GUESTFS_INTERNAL_TEST_FORMAT_OSTRINGLIST_BITMASK,
    .obool = 0, .ostringlist = empty,
  };
  struct guestfs_internal_test_format_argv bad = { .bitmask = 1 << 5 };

  /* Empty everything, NULL optstr, no optargs. */
  check_format (g, __LINE__,
                "\nnull\n[]\nfalse\n0\n0\nfi\nfo\n\n"
                "unset\nunset\nunset\nunset\nunset\n",
                "", NULL, empty, 0, 0, 0, "", 0, &none);
  /* Extremes, NUL bytes in the buffer, every optarg. */
  check_format (g, __LINE__,
                "abc\n\n[a b, ]\ntrue\n2147483647\n-9223372036854775808\n"
                "fi\nfo\n<61><00><ff><00>\n"
                "true\n-2147483648\n9223372036854775807\n\n[a b, ]\n",
                "abc", "", two, 1, INT_MAX, INT64_MIN, "a\0\xff\0", 4, &all);
  check_format (g, __LINE__,
                "x\ny\n[]\ntrue\n-1\n-1\nfi\nfo\n\n"
                "false\nunset\nunset\nunset\n[]\n",
                "x", "y", empty, 1, -1, -1, "", 0, &some);
  /* Unknown optargs bits are refused. */
  CHECK_ERROR (g, guestfs_internal_test_format_argv (g, "", NULL, empty, 0, 0,
                                                     0, "", "", "", 0, &bad),
               EINVAL);

  /* A long list and a long string. */
  {
    const size_t n = 200000;
    char **list = calloc (n + 1, sizeof *list);
    char *big = malloc (MiB + 1), *text;
    size_t i, count = 0;
    const char *p;

    if (list == NULL || big == NULL)
      abort ();
    for (i = 0; i < n; ++i)
      list[i] = (char *) "xy";
    memset (big, 'q', MiB);
    big[MiB] = '\0';
    text = guestfs_internal_test_format (g, big, NULL, list, 0, 0, 0, "", "",
                                         "", 0, -1);
    CHECK (text != NULL);
    if (text) {
      CHECK (strncmp (text, big, MiB) == 0 && text[MiB] == '\n');
      for (p = text; (p = strstr (p, "xy")) != NULL; p += 2)
        count++;
      CHECK (count == n);
    }
    free (text);
    /* rstring echoes a 1 MiB string. */
    text = guestfs_internal_test_rstring (g, big);
    CHECK (text != NULL && strcmp (text, big) == 0);
    free (text);
    /* A buffer of 1 MiB grows to 4 MiB of hex: refused cleanly. */
    CHECK_ERROR (g, guestfs_internal_test_format (g, "", NULL, empty, 0, 0, 0,
                                                  "", "", big, MiB, -1),
                 EMSGSIZE);
    free (big);
    free (list);
  }

  /* The library call prints what the daemon described. */
  {
    char out[] = "/tmp/careen-api-misc-out.XXXXXX";
    int fd = mkstemp (out);
    char buf[512];
    ssize_t r;

    if (fd == -1)
      abort ();
    CHECK_OK (guestfs_internal_test_set_output (g, out));
    CHECK_OK (guestfs_internal_test (g, "s", NULL, two, 1, 5, -6, "in", "out",
                                     "\0", 1,
                                     GUESTFS_INTERNAL_TEST_OINT64, (int64_t) 7,
                                     -1));
    CHECK_OK (guestfs_internal_test_close_output (g));
    r = pread (fd, buf, sizeof buf - 1, 0);
    buf[r > 0 ? r : 0] = '\0';
    CHECK_STREQ (buf, "s\nnull\n[a b, ]\ntrue\n5\n-6\nin\nout\n<00>\n"
                 "unset\nunset\n7\nunset\nunset\n");
    close (fd);
    unlink (out);
  }
}

static void
test_returns (guestfs_h *g)
{
  char **l;
  char *s;
  size_t size;

  CHECK (guestfs_internal_test_rint (g, "0") == 0);
  CHECK (guestfs_internal_test_rint (g, "2147483647") == INT_MAX);
  CHECK (guestfs_internal_test_rint (g, "-2147483648") == INT_MIN);
  CHECK_ERROR (g, guestfs_internal_test_rint (g, "2147483648"), EINVAL);
  CHECK_ERROR (g, guestfs_internal_test_rint (g, "abc"), EINVAL);
  CHECK_ERROR (g, guestfs_internal_test_rint (g, ""), EINVAL);
  CHECK_ERROR (g, guestfs_internal_test_rinterr (g), EDOM);
  CHECK_STREQ (guestfs_last_error (g), "internal_test_rinterr: error");

  CHECK (guestfs_internal_test_rint64 (g, "9223372036854775807") ==
         INT64_MAX);
  CHECK (guestfs_internal_test_rint64 (g, "-9223372036854775808") ==
         INT64_MIN);
  CHECK (guestfs_internal_test_rint64 (g, "-2") == -2);
  CHECK_ERROR (g, guestfs_internal_test_rint64 (g, "9223372036854775808"),
               EINVAL);
  CHECK_ERROR (g, guestfs_internal_test_rint64err (g), EDOM);

  CHECK (guestfs_internal_test_rbool (g, "true") == 1);
  CHECK (guestfs_internal_test_rbool (g, "false") == 0);
  CHECK_ERROR (g, guestfs_internal_test_rboolerr (g), EDOM);

  s = guestfs_internal_test_rstring (g, "");
  CHECK_STREQ (s, "");
  free (s);
  s = guestfs_internal_test_rstring (g, "héllo wörld");
  CHECK_STREQ (s, "héllo wörld");
  free (s);
  CHECK_ERROR (g, guestfs_internal_test_rstringerr (g), EDOM);

  l = guestfs_internal_test_rstringlist (g, "0");
  CHECK (l != NULL && l[0] == NULL);
  test_free_list (l);
  l = guestfs_internal_test_rstringlist (g, "3");
  CHECK (l != NULL && test_count (l) == 3);
  if (l) {
    CHECK_STREQ (l[0], "0");
    CHECK_STREQ (l[2], "2");
  }
  test_free_list (l);
  l = guestfs_internal_test_rstringlist (g, "300000");
  CHECK (l != NULL && test_count (l) == 300000);
  if (l)
    CHECK_STREQ (l[299999], "299999");
  test_free_list (l);
  /* Too long for one message (about 10 MB): a long reply. */
  l = guestfs_internal_test_rstringlist (g, "1000000");
  CHECK (l != NULL && test_count (l) == 1000000);
  if (l)
    CHECK_STREQ (l[999999], "999999");
  test_free_list (l);
  CHECK_ERROR (g, guestfs_internal_test_rstringlist (g, "4194305"), EINVAL);
  CHECK_ERROR (g, guestfs_internal_test_rstringlist (g, "-1"), EINVAL);
  CHECK_ERROR (g, guestfs_internal_test_rstringlisterr (g), EDOM);

  l = guestfs_internal_test_rhashtable (g, "2");
  CHECK (l != NULL && test_count (l) == 4);
  if (l)
    CHECK_STREQ (test_hash_get (l, "1"), "1");
  test_free_list (l);
  l = guestfs_internal_test_rhashtable (g, "0");
  CHECK (l != NULL && l[0] == NULL);
  test_free_list (l);
  CHECK_ERROR (g, guestfs_internal_test_rhashtableerr (g), EDOM);

  s = guestfs_internal_test_rbufferout (g, "abc", &size);
  CHECK (s != NULL && size == 3 && memcmp (s, "abc", 3) == 0);
  free (s);
  s = guestfs_internal_test_rbufferout (g, "", &size);
  CHECK (s != NULL && size == 0);
  free (s);
  CHECK_ERROR (g, guestfs_internal_test_rbufferouterr (g, &size), EDOM);

  {
    struct guestfs_lvm_pv *pv = guestfs_internal_test_rstruct (g, "");
    struct guestfs_lvm_pv_list *pl;

    CHECK (pv != NULL);
    if (pv) {
      CHECK_STREQ (pv->pv_name, "pv0");
      CHECK (memcmp (pv->pv_uuid, "0123456789abcdef0123456789abcdef", 32)
             == 0);
      CHECK_STREQ (pv->pv_fmt, "lvm2");
      CHECK_STREQ (pv->pv_attr, "a-\ttab");
      CHECK_STREQ (pv->pv_tags, "");
      CHECK (pv->pv_size == UINT64_MAX);
      CHECK (pv->dev_size == 0);
      CHECK (pv->pv_pe_count == INT64_MIN);
      CHECK (pv->pv_pe_alloc_count == INT64_MAX);
      CHECK (pv->pe_start == 0 && pv->pv_mda_count == 0 &&
             pv->pv_mda_free == 0 && pv->pv_free == 0 && pv->pv_used == 0);
    }
    guestfs_free_lvm_pv (pv);
    CHECK_ERROR (g, guestfs_internal_test_rstructerr (g), EDOM);

    pl = guestfs_internal_test_rstructlist (g, "0");
    CHECK (pl != NULL && pl->len == 0);
    guestfs_free_lvm_pv_list (pl);
    pl = guestfs_internal_test_rstructlist (g, "20000");
    CHECK (pl != NULL && pl->len == 20000);
    if (pl && pl->len == 20000) {
      CHECK_STREQ (pl->val[19999].pv_name, "pv19999");
      CHECK (memcmp (pl->val[33].pv_uuid, "123456789abcdef0123456789abcdef0",
                     32) == 0);
      CHECK (pl->val[19999].pv_size == UINT64_MAX - 19999);
      CHECK (pl->val[19999].dev_size == 19999);
      CHECK (pl->val[1].pv_pe_count == INT64_MIN + 1);
      CHECK (pl->val[1].pv_pe_alloc_count == INT64_MAX - 1);
    }
    guestfs_free_lvm_pv_list (pl);
    /* About 20 MB: a long reply. */
    pl = guestfs_internal_test_rstructlist (g, "100000");
    CHECK (pl != NULL && pl->len == 100000);
    if (pl && pl->len == 100000)
      CHECK_STREQ (pl->val[99999].pv_name, "pv99999");
    guestfs_free_lvm_pv_list (pl);
    CHECK_ERROR (g, guestfs_internal_test_rstructlist (g, "100001"), EINVAL);
    CHECK_ERROR (g, guestfs_internal_test_rstructlisterr (g), EDOM);
  }

  /* After all the errors the daemon still answers. */
  CHECK_OK (guestfs_ping_daemon (g));
}

/* All 63 optional arguments, or a chosen few, through the _argv form
 * (the variadic one would need 126 arguments).
 */
static void
test_63_optargs (guestfs_h *g)
{
  struct guestfs_internal_test_63_optargs_argv a = { .bitmask = 0 };
  int *v[63] = {
    &a.opt1, &a.opt2, &a.opt3, &a.opt4, &a.opt5, &a.opt6, &a.opt7, &a.opt8,
    &a.opt9, &a.opt10, &a.opt11, &a.opt12, &a.opt13, &a.opt14, &a.opt15,
    &a.opt16, &a.opt17, &a.opt18, &a.opt19, &a.opt20, &a.opt21, &a.opt22,
    &a.opt23, &a.opt24, &a.opt25, &a.opt26, &a.opt27, &a.opt28, &a.opt29,
    &a.opt30, &a.opt31, &a.opt32, &a.opt33, &a.opt34, &a.opt35, &a.opt36,
    &a.opt37, &a.opt38, &a.opt39, &a.opt40, &a.opt41, &a.opt42, &a.opt43,
    &a.opt44, &a.opt45, &a.opt46, &a.opt47, &a.opt48, &a.opt49, &a.opt50,
    &a.opt51, &a.opt52, &a.opt53, &a.opt54, &a.opt55, &a.opt56, &a.opt57,
    &a.opt58, &a.opt59, &a.opt60, &a.opt61, &a.opt62, &a.opt63,
  };
  int i;

  CHECK_OK (guestfs_internal_test_63_optargs (g, -1));
  for (i = 0; i < 63; ++i)
    *v[i] = i + 1;
  a.bitmask = (UINT64_C(1) << 63) - 1;
  CHECK_OK (guestfs_internal_test_63_optargs_argv (g, &a));
  /* Only the top one, set with the variadic form. */
  CHECK_OK (guestfs_internal_test_63_optargs
            (g, GUESTFS_INTERNAL_TEST_63_OPTARGS_OPT63, 63, -1));
  /* A wrong value is seen at its own position. */
  a.opt40 = 41;
  CHECK_ERROR (g, guestfs_internal_test_63_optargs_argv (g, &a), EINVAL);
  if (strstr (guestfs_last_error (g), "opt40 is 41") == NULL)
    test_fail (__FILE__, __LINE__, "wrong error: %s", guestfs_last_error (g));
  /* ... and not when its bit is clear. */
  a.bitmask &= ~GUESTFS_INTERNAL_TEST_63_OPTARGS_OPT40_BITMASK;
  CHECK_OK (guestfs_internal_test_63_optargs_argv (g, &a));
  /* Bit 63 is no argument. */
  a.bitmask |= UINT64_C(1) << 63;
  CHECK_ERROR (g, guestfs_internal_test_63_optargs_argv (g, &a), EINVAL);
}

static void
test_sleep (guestfs_h *g)
{
  CHECK_OK (guestfs_sleep (g, 0));
  CHECK_OK (guestfs_sleep (g, 1));
  CHECK_ERROR (g, guestfs_sleep (g, -1), EINVAL);
}

/* autosync at close: a program that never calls shutdown still finds
 * its writes on the image (test-api-misc-command checks shutdown).
 * Returns a fresh handle for test_exit, g being closed.
 */
static guestfs_h *
test_autosync_at_close (guestfs_h *g, const char *image)
{
  char cmd[512], buf[64] = "";
  FILE *fp;

  CHECK_OK (guestfs_mkfs (g, "ext4", "/dev/sda"));
  CHECK_OK (guestfs_mount (g, "/dev/sda", "/"));
  CHECK_OK (guestfs_write (g, "/at-close.txt", "closed\n", 7));
  guestfs_close (g);
  snprintf (cmd, sizeof cmd,
            "PATH=$PATH:/sbin:/usr/sbin debugfs -R 'cat /at-close.txt' "
            "'%s' 2>/dev/null", image);
  fp = popen (cmd, "r");
  if (fp == NULL || fgets (buf, sizeof buf, fp) == NULL)
    buf[0] = '\0';
  if (fp)
    pclose (fp);
  CHECK_STREQ (buf, "closed\n");
  return guestfs_create ();
}

int
main (void)
{
  guestfs_h *g = test_create ("test-api-misc-internal");
  const char *image;

  image = test_add_disk (g, 16 * MiB);
  test_launch (g);
  test_arguments (g);
  test_returns (g);
  test_63_optargs (g);
  test_sleep (g);
  g = test_autosync_at_close (g, image);
  test_exit (g);
}
