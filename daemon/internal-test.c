/* careen - offline disk-image toolkit */

/**
 * The daemon side of the internal test calls: each return type made
 * from a string argument, the "err" forms that fail with a known errno,
 * and internal_test_format, which describes every argument it decoded
 * so that a test on the library side can check the round trip.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* The errno of the "err" calls: one no real call uses, so a test that
 * sees it knows the errno came from here, across the protocol.
 */
#define INTERNAL_TEST_ERRNO EDOM

static void
put_list (FILE *fp, char *const *list)
{
  size_t i;

  fputc ('[', fp);
  for (i = 0; list && list[i] != NULL; ++i)
    fprintf (fp, "%s%s", i > 0 ? ", " : "", list[i]);
  fputs ("]\n", fp);
}

char *
do_internal_test_format (const char *str, const char *optstr,
                         char *const *strlist, int b, int integer,
                         int64_t integer64, const char *filein,
                         const char *fileout, const char *bufferin,
                         size_t bufferin_size, int obool, int oint,
                         int64_t oint64, const char *ostring,
                         char *const *ostringlist)
{
  char *text = NULL;
  size_t len = 0, i;
  FILE *fp = open_memstream (&text, &len);

  if (fp == NULL) {
    reply_with_perror ("open_memstream");
    return NULL;
  }
  fprintf (fp, "%s\n", str);
  fprintf (fp, "%s\n", optstr ? optstr : "null");
  put_list (fp, strlist);
  fprintf (fp, "%s\n", b ? "true" : "false");
  fprintf (fp, "%d\n", integer);
  fprintf (fp, "%" PRIi64 "\n", integer64);
  fprintf (fp, "%s\n", filein);
  fprintf (fp, "%s\n", fileout);
  for (i = 0; i < bufferin_size; ++i)
    fprintf (fp, "<%02x>", (unsigned char) bufferin[i]);
  fputc ('\n', fp);

  if (optargs_bitmask & GUESTFS_INTERNAL_TEST_FORMAT_OBOOL_BITMASK)
    fprintf (fp, "%s\n", obool ? "true" : "false");
  else
    fputs ("unset\n", fp);
  if (optargs_bitmask & GUESTFS_INTERNAL_TEST_FORMAT_OINT_BITMASK)
    fprintf (fp, "%d\n", oint);
  else
    fputs ("unset\n", fp);
  if (optargs_bitmask & GUESTFS_INTERNAL_TEST_FORMAT_OINT64_BITMASK)
    fprintf (fp, "%" PRIi64 "\n", oint64);
  else
    fputs ("unset\n", fp);
  if (optargs_bitmask & GUESTFS_INTERNAL_TEST_FORMAT_OSTRING_BITMASK)
    fprintf (fp, "%s\n", ostring);
  else
    fputs ("unset\n", fp);
  if (optargs_bitmask & GUESTFS_INTERNAL_TEST_FORMAT_OSTRINGLIST_BITMASK)
    put_list (fp, ostringlist);
  else
    fputs ("unset\n", fp);

  if (fclose (fp) == EOF) {
    reply_with_perror ("open_memstream");
    free (text);
    return NULL;
  }
  /* A large buffer grows four times in hex: say so plainly rather than
   * fail later in the encoder.
   */
  if (len > DAEMON_MAX_READ) {
    reply_with_error_errno (EMSGSIZE, "description of the arguments too "
                            "large for a reply (%zu bytes)", len);
    free (text);
    return NULL;
  }
  return text;
}

/* val as a decimal number in [min, max]; replies on error. */
static int
parse_number (const char *val, long long min, long long max,
              long long *r)
{
  char *end;

  errno = 0;
  *r = strtoll (val, &end, 10);
  if (end == val || *end != '\0' || errno != 0 || *r < min || *r > max) {
    reply_with_error_errno (EINVAL, "%s: expecting a number from %lld to "
                            "%lld", val, min, max);
    return -1;
  }
  return 0;
}

int
do_internal_test_rint (const char *val)
{
  long long n;

  if (parse_number (val, INT_MIN, INT_MAX, &n) == -1)
    return -1;
  return (int) n;
}

int
do_internal_test_rinterr (void)
{
  reply_with_error_errno (INTERNAL_TEST_ERRNO, "error");
  return -1;
}

int64_t
do_internal_test_rint64 (const char *val)
{
  long long n;

  if (parse_number (val, INT64_MIN, INT64_MAX, &n) == -1)
    return -1;
  return n;
}

int64_t
do_internal_test_rint64err (void)
{
  reply_with_error_errno (INTERNAL_TEST_ERRNO, "error");
  return -1;
}

int
do_internal_test_rbool (const char *val)
{
  return strcmp (val, "true") == 0;
}

int
do_internal_test_rboolerr (void)
{
  reply_with_error_errno (INTERNAL_TEST_ERRNO, "error");
  return -1;
}

char *
do_internal_test_rstring (const char *val)
{
  char *r = strdup (val);

  if (r == NULL)
    reply_with_perror ("strdup");
  return r;
}

char *
do_internal_test_rstringerr (void)
{
  reply_with_error_errno (INTERNAL_TEST_ERRNO, "error");
  return NULL;
}

/* Most strings internal_test_rstringlist makes: enough for a reply
 * several times longer than a message (a chunk stream), little enough
 * for the appliance's memory.
 */
#define INTERNAL_TEST_MAX_STRINGS (4 * 1024 * 1024)

/* The strings "0" .. "n-1", each twice when pairs (a hash table). */
static char **
make_numbers (const char *val, bool pairs)
{
  struct stringsbuf sb;
  long long n, i;

  if (parse_number (val, 0, pairs ? INTERNAL_TEST_MAX_STRINGS / 2
                                  : INTERNAL_TEST_MAX_STRINGS, &n) == -1)
    return NULL;
  stringsbuf_init (&sb);
  for (i = 0; i < n; ++i) {
    if (stringsbuf_add_format (&sb, "%lld", i) == -1 ||
        (pairs && stringsbuf_add_format (&sb, "%lld", i) == -1)) {
      reply_with_perror ("malloc");
      stringsbuf_release (&sb);
      return NULL;
    }
  }
  {
    char **r = stringsbuf_finish (&sb);

    if (r == NULL)
      reply_with_perror ("malloc");
    return r;
  }
}

char **
do_internal_test_rstringlist (const char *val)
{
  return make_numbers (val, false);
}

char **
do_internal_test_rstringlisterr (void)
{
  reply_with_error_errno (INTERNAL_TEST_ERRNO, "error");
  return NULL;
}

char **
do_internal_test_rhashtable (const char *val)
{
  return make_numbers (val, true);
}

char **
do_internal_test_rhashtableerr (void)
{
  reply_with_error_errno (INTERNAL_TEST_ERRNO, "error");
  return NULL;
}

char *
do_internal_test_rbufferout (const char *val, size_t *size_r)
{
  char *r = strdup (val);

  if (r == NULL) {
    reply_with_perror ("strdup");
    return NULL;
  }
  *size_r = strlen (val);
  return r;
}

char *
do_internal_test_rbufferouterr (size_t *size_r)
{
  reply_with_error_errno (INTERNAL_TEST_ERRNO, "error");
  return NULL;
}

/* Most structs internal_test_rstructlist makes: well past what one
 * reply can carry (about 150 bytes each), so tests can reach the reply
 * size limit, while bounding the appliance memory used.
 */
#define INTERNAL_TEST_MAX_STRUCTS 100000

/* Element i of the test list: extremes of every field type. */
static int
fill_lvm_pv (struct guestfs_lvm_pv *pv, size_t i)
{
  static const char uuid[] = "0123456789abcdef0123456789abcdef";
  size_t j;

  memset (pv, 0, sizeof *pv);
  if (asprintf (&pv->pv_name, "pv%zu", i) == -1)
    pv->pv_name = NULL;
  pv->pv_fmt = strdup ("lvm2");
  pv->pv_attr = strdup ("a-\ttab");
  pv->pv_tags = strdup ("");
  if (!pv->pv_name || !pv->pv_fmt || !pv->pv_attr || !pv->pv_tags)
    return -1;
  for (j = 0; j < 32; ++j)
    pv->pv_uuid[j] = uuid[(i + j) % 32];
  pv->pv_size = UINT64_MAX - i;
  pv->dev_size = i;
  pv->pv_pe_count = INT64_MIN + (int64_t) i;
  pv->pv_pe_alloc_count = INT64_MAX - (int64_t) i;
  return 0;
}

struct guestfs_lvm_pv *
do_internal_test_rstruct (const char *val)
{
  struct guestfs_lvm_pv *pv = malloc (sizeof *pv);

  if (pv == NULL || fill_lvm_pv (pv, 0) == -1) {
    reply_with_perror ("malloc");
    if (pv)
      guestfs_free_lvm_pv (pv);
    return NULL;
  }
  return pv;
}

struct guestfs_lvm_pv *
do_internal_test_rstructerr (void)
{
  reply_with_error_errno (INTERNAL_TEST_ERRNO, "error");
  return NULL;
}

struct guestfs_lvm_pv_list *
do_internal_test_rstructlist (const char *val)
{
  struct guestfs_lvm_pv_list *l;
  long long n;
  size_t i;

  if (parse_number (val, 0, INTERNAL_TEST_MAX_STRUCTS, &n) == -1)
    return NULL;
  l = calloc (1, sizeof *l);
  if (l == NULL || (n > 0 && (l->val = calloc (n, sizeof *l->val)) == NULL)) {
    reply_with_perror ("malloc");
    free (l);
    return NULL;
  }
  /* len grows as elements are filled, so the free function frees
   * exactly those on failure.
   */
  for (i = 0; i < (size_t) n; ++i) {
    l->len++;
    if (fill_lvm_pv (&l->val[i], i) == -1) {
      reply_with_perror ("malloc");
      guestfs_free_lvm_pv_list (l);
      return NULL;
    }
  }
  return l;
}

struct guestfs_lvm_pv_list *
do_internal_test_rstructlisterr (void)
{
  reply_with_error_errno (INTERNAL_TEST_ERRNO, "error");
  return NULL;
}

/* The 63 optional arguments of internal_test_63_optargs each given
 * must have their own number as value: that shows both which bit
 * arrived and that values were not shifted on the wire.
 */
int
do_internal_test_63_optargs (int opt1, int opt2, int opt3, int opt4,
                             int opt5, int opt6, int opt7, int opt8,
                             int opt9, int opt10, int opt11, int opt12,
                             int opt13, int opt14, int opt15, int opt16,
                             int opt17, int opt18, int opt19, int opt20,
                             int opt21, int opt22, int opt23, int opt24,
                             int opt25, int opt26, int opt27, int opt28,
                             int opt29, int opt30, int opt31, int opt32,
                             int opt33, int opt34, int opt35, int opt36,
                             int opt37, int opt38, int opt39, int opt40,
                             int opt41, int opt42, int opt43, int opt44,
                             int opt45, int opt46, int opt47, int opt48,
                             int opt49, int opt50, int opt51, int opt52,
                             int opt53, int opt54, int opt55, int opt56,
                             int opt57, int opt58, int opt59, int opt60,
                             int opt61, int opt62, int opt63)
{
  const int v[63] = {
    opt1, opt2, opt3, opt4, opt5, opt6, opt7, opt8, opt9, opt10, opt11,
    opt12, opt13, opt14, opt15, opt16, opt17, opt18, opt19, opt20, opt21,
    opt22, opt23, opt24, opt25, opt26, opt27, opt28, opt29, opt30, opt31,
    opt32, opt33, opt34, opt35, opt36, opt37, opt38, opt39, opt40, opt41,
    opt42, opt43, opt44, opt45, opt46, opt47, opt48, opt49, opt50, opt51,
    opt52, opt53, opt54, opt55, opt56, opt57, opt58, opt59, opt60, opt61,
    opt62, opt63
  };
  int i;

  for (i = 0; i < 63; ++i)
    if ((optargs_bitmask & (UINT64_C(1) << i)) && v[i] != i + 1) {
      reply_with_error_errno (EINVAL, "opt%d is %d, expected %d",
                              i + 1, v[i], i + 1);
      return -1;
    }
  return 0;
}
