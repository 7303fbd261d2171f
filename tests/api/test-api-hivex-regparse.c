/* careen - offline disk-image toolkit */

/**
 * Unit test of common/regedit/reg-parse.c, the parser of regedit text behind
 * virt-win-reg --merge (no appliance): every form of key and value,
 * line joining, line ends, headers and comments, string encoding, and
 * the malformed inputs it must refuse with the line number.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg-parse.h"

static int failures;

#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond)) {                                                      \
      fprintf (stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
               #cond);                                                  \
      failures++;                                                       \
    }                                                                   \
  } while (0)

static int
parse (const char *text, enum reg_encoding enc, struct reg_file *rf,
       char *err, size_t errlen)
{
  return reg_parse (text, strlen (text), enc, rf, err, errlen);
}

static bool
data_is (const struct reg_value *v, uint32_t type, const char *data,
         size_t len)
{
  return v->type == type && v->len == len && !v->delete &&
    memcmp (v->data, data, len) == 0;
}

static void
test_good (void)
{
  static const char text[] =
    "\xef\xbb\xbfWindows Registry Editor Version 5.00\r\n"
    "\r\n"
    "; a comment\n"
    "[HKLM\\SOFTWARE\\A]\r\n"
    "\"S\"=\"a\\\"b\\\\c\"\n"
    "@=dword:0000002a\n"
    "\"Bin\"=hex:01,02,\\\n"
    "  03,FF\n"
    "\"M\"=hex(7):61,00,00,00\n"
    "\"E\"=str(2):\"%x%\"\n"
    "\"U\"=\"\xc3\xa9\xf0\x9d\x84\x9e\"\n"
    "\"Gone\"=-\n"
    "\"\\\"odd name\"=hex(ffffffff):\n"
    "\n"
    "[-HKLM\\SOFTWARE\\B]\n"
    "[HKU\\x]\n"
    "\"Q\"=hex(b):01,00,00,00,00,00,00,00";
  struct reg_file rf;
  char err[128];
  const struct reg_op *op;

  CHECK (parse (text, REG_ENCODING_UTF16LE, &rf, err, sizeof err) == 0);
  CHECK (rf.nr_ops == 3);
  if (rf.nr_ops == 3) {
    op = &rf.ops[0];
    CHECK (strcmp (op->path, "HKLM\\SOFTWARE\\A") == 0 && !op->delete);
    CHECK (op->nr_values == 8);
    if (op->nr_values == 8) {
      CHECK (strcmp (op->values[0].name, "S") == 0);
      CHECK (data_is (&op->values[0], 1, "a\0\"\0b\0\\\0c\0\0", 12));
      CHECK (strcmp (op->values[1].name, "") == 0);
      CHECK (data_is (&op->values[1], 4, "\x2a\0\0\0", 4));
      CHECK (data_is (&op->values[2], 3, "\x01\x02\x03\xff", 4));
      CHECK (data_is (&op->values[3], 7, "a\0\0\0", 4));
      CHECK (data_is (&op->values[4], 2, "%\0x\0%\0\0", 8));
      /* U+00E9 then U+1D11E as a surrogate pair. */
      CHECK (data_is (&op->values[5], 1,
                      "\xe9\x00\x34\xd8\x1e\xdd\0", 8));
      CHECK (strcmp (op->values[6].name, "Gone") == 0 &&
             op->values[6].delete);
      CHECK (strcmp (op->values[7].name, "\"odd name") == 0);
      CHECK (op->values[7].type == 0xffffffff && op->values[7].len == 0);
    }
    CHECK (strcmp (rf.ops[1].path, "HKLM\\SOFTWARE\\B") == 0 &&
           rf.ops[1].delete && rf.ops[1].nr_values == 0);
    op = &rf.ops[2];
    CHECK (strcmp (op->path, "HKU\\x") == 0 && op->nr_values == 1);
    if (op->nr_values == 1)
      CHECK (data_is (&op->values[0], 11, "\x01\0\0\0\0\0\0\0", 8));
  }
  reg_file_free (&rf);

  /* ASCII strings are stored as given, NUL-terminated. */
  CHECK (parse ("REGEDIT4\n[k]\n\"a\"=\"xy\"\n", REG_ENCODING_ASCII, &rf,
                err, sizeof err) == 0);
  CHECK (rf.nr_ops == 1 && rf.ops[0].nr_values == 1 &&
         data_is (&rf.ops[0].values[0], 1, "xy", 3));
  reg_file_free (&rf);

  /* Empty input: nothing to do. */
  CHECK (parse ("", REG_ENCODING_UTF16LE, &rf, err, sizeof err) == 0);
  CHECK (rf.nr_ops == 0);
  reg_file_free (&rf);
}

/* Each must fail, naming the given line. */
static void
test_bad (void)
{
  static const struct { const char *text; const char *line; } bad[] = {
    { "\"a\"=\"b\"\n", "line 1:" },                /* value outside a key */
    { "junk\n", "line 1:" },
    { "[k]\n\"a\"=dword:12\n", "line 2:" },         /* 8 digits needed */
    { "[k]\n\"a\"=dword:1234567g\n", "line 2:" },
    { "[k]\n\"a\"=hex:1\n", "line 2:" },            /* odd digits */
    { "[k]\n\"a\"=hex:0x\n", "line 2:" },
    { "[k]\n\"a\"=hex(123456789):00\n", "line 2:" }, /* type too big */
    { "[k]\n\"a\"=hex():00\n", "line 2:" },
    { "[k]\n\"a=\"b\"\n", "line 2:" },              /* no '=' after name */
    { "[k]\n\"a\"=\"b\n", "line 2:" },              /* unclosed quote */
    { "[k]\n\"a\"=\"b\" x\n", "line 2:" },
    { "[k]\n\"a\"=\"\xc3\"\n", "line 2:" },         /* invalid UTF-8 */
    { "[k]\n\"a\"=\"\xed\xa0\x80\"\n", "line 2:" }, /* a surrogate */
    { "[k]\n\"a\"=unknown\n", "line 2:" },
    { "[]\n", "line 1:" },
    { "[k\n", "line 1:" },
    { "[k]\n\n\n\"a\"=\"b\"\n", "line 4:" },        /* key ended by blank */
    { "[k]\n\"a\"=hex:00,\\\n01,\\\n0g\n\"b\"=-\n", "line 2:" },
  };
  size_t i;

  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    struct reg_file rf;
    char err[128];

    if (parse (bad[i].text, REG_ENCODING_UTF16LE, &rf, err,
               sizeof err) != -1) {
      fprintf (stderr, "bad input %zu was accepted\n", i);
      failures++;
    }
    else if (strncmp (err, bad[i].line, strlen (bad[i].line)) != 0) {
      fprintf (stderr, "bad input %zu: error '%s', expected %s\n",
               i, err, bad[i].line);
      failures++;
    }
    reg_file_free (&rf);
  }

  /* A NUL byte inside the text. */
  {
    static const char text[] = "[k]\n\"a\"=\"b\0\"\n";
    struct reg_file rf;
    char err[128];

    CHECK (reg_parse (text, sizeof text - 1, REG_ENCODING_UTF16LE, &rf,
                      err, sizeof err) == -1);
    reg_file_free (&rf);
  }

  /* A line longer than REG_MAX_LINE. */
  {
    size_t n = REG_MAX_LINE + 16;
    char *text = malloc (n + 1);
    struct reg_file rf;
    char err[128];

    if (text != NULL) {
      memset (text, 'x', n);
      memcpy (text, "[k]\n\"a\"=\"", 9);
      text[n] = '\0';
      CHECK (reg_parse (text, n, REG_ENCODING_UTF16LE, &rf, err,
                        sizeof err) == -1);
      CHECK (strstr (err, "longer") != NULL);
      reg_file_free (&rf);
      free (text);
    }
  }
}

int
main (void)
{
  test_good ();
  test_bad ();
  if (failures > 0) {
    fprintf (stderr, "test-api-hivex-regparse: %d check(s) failed\n",
             failures);
    exit (EXIT_FAILURE);
  }
  exit (EXIT_SUCCESS);
}
