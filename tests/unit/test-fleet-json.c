/* careen - offline disk-image toolkit
 * The JSON of fleet runs: strings of any bytes (NUL, control bytes,
 * bytes that are not UTF-8), the compaction of a tool's pretty JSON
 * into one line, and the result each kind of tool output becomes.
 * Expected values are written by hand.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "fleet-internal.h"

static int failures;

static void
check (const char *what, char *got, const char *want)
{
  if (got == NULL || strcmp (got, want) != 0) {
    fprintf (stderr, "FAIL: %s:\n  got  %s\n  want %s\n", what,
             got ? got : "(null)", want);
    failures++;
  }
  free (got);
}

static char *
bytes (const char *s, size_t len)
{
  char *buf = NULL;
  size_t size = 0;
  FILE *fp = open_memstream (&buf, &size);

  options_json_bytes (fp, s, len);
  fclose (fp);
  return buf;
}

static char *
compact (const char *s)
{
  char *buf = strdup (s);
  ssize_t n = fleet_json_compact (buf, strlen (buf));

  if (n == -1) {
    free (buf);
    return strdup ("(invalid)");
  }
  buf[n] = '\0';
  return buf;
}

static char *
result (const struct fleet_tool *tool, const char *out)
{
  char *buf = NULL, *copy = strdup (out);
  size_t size = 0;
  FILE *fp = open_memstream (&buf, &size);
  int r = fleet_json_result (tool, fp, copy, strlen (copy));

  fclose (fp);
  free (copy);
  if (r == -1) {
    free (buf);
    return strdup ("(refused)");
  }
  return buf;
}

int
main (void)
{
  static const char *const columns[] = { "a", "b", "rest", NULL };
  struct fleet_tool tool = { .program = "t" };

  check ("plain", bytes ("abc", 3), "\"abc\"");
  check ("escapes", bytes ("q\"b\\n\n\t\x01", 8), "\"q\\\"b\\\\n\\n\\t\\u0001\"");
  check ("NUL", bytes ("a\0b", 3), "\"a\\u0000b\"");
  check ("UTF-8 kept", bytes ("\xc3\xa9\xe2\x82\xac", 5), "\"\xc3\xa9\xe2\x82\xac\"");
  check ("not UTF-8", bytes ("\xe9x\xc0\xaf", 4), "\"\\u00e9x\\u00c0\\u00af\"");
  check ("truncated sequence", bytes ("\xe2\x82", 2), "\"\\u00e2\\u0082\"");
  check ("surrogate", bytes ("\xed\xa0\x80", 3), "\"\\u00ed\\u00a0\\u0080\"");

  check ("compact", compact ("[\n  { \"a b\": 1,\n \"c\" : [ ] }\n]\n"),
         "[{\"a b\":1,\"c\":[]}]");
  check ("escaped quote", compact ("{ \"a\\\" }\": 2 }"),
         "{\"a\\\" }\":2}");
  check ("unbalanced", compact ("[ { ]"), "(invalid)");
  check ("closing first", compact ("] ["), "(invalid)");
  check ("open string", compact ("[ \"a ]"), "(invalid)");
  check ("empty", compact (" \n "), "(invalid)");

  tool.result = FLEET_RESULT_NONE;
  check ("none", result (&tool, "anything\n"), "null");
  tool.result = FLEET_RESULT_STRING;
  check ("string", result (&tool, "a\nb\n"), "\"a\\nb\\n\"");
  tool.result = FLEET_RESULT_LINES;
  check ("lines", result (&tool, "a\n\nb c\n"), "[\"a\",\"\",\"b c\"]");
  check ("no lines", result (&tool, ""), "[]");
  tool.result = FLEET_RESULT_COLUMNS;
  tool.columns = columns;
  check ("columns", result (&tool, "/dev/sda1   1048576  ok  and more\nx\n"),
         "[{\"a\":\"/dev/sda1\",\"b\":1048576,\"rest\":\"ok  and more\"},"
         "{\"a\":\"x\"}]");
  tool.result = FLEET_RESULT_JSON;
  check ("json", result (&tool, "{\n  \"k\": [1, 2]\n}\n"), "{\"k\":[1,2]}");
  check ("json broken", result (&tool, "{\n  \"k\": [1, 2\n"), "(refused)");
  tool.result = FLEET_RESULT_JSON_ELEMENT;
  check ("element", result (&tool, "[\n  { \"g\": 1 }\n]\n"), "{\"g\":1}");
  check ("element of nothing", result (&tool, "[ ]"), "(refused)");
  check ("element not array", result (&tool, "{ }"), "(refused)");

  if (failures) {
    fprintf (stderr, "%d failures\n", failures);
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}
