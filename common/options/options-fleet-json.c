/** careen - offline disk-image toolkit
 *
 * The "result" of one image in a fleet's JSON Lines, made from what
 * the tool printed for it.  The tool is careen's own, run by us, but
 * its output carries guest bytes (file contents, names), so strings
 * are escaped byte by byte and JSON the tool printed is checked for
 * balance before it is embedded in a line of ours.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "fleet-internal.h"

ssize_t
fleet_json_compact (char *buf, size_t len)
{
  size_t i, o = 0;
  bool in_string = false, escaped = false, any = false;
  long depth = 0;

  for (i = 0; i < len; ++i) {
    char c = buf[i];

    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      else if ((unsigned char) c < 0x20)
        return -1;
      buf[o++] = c;
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
      continue;
    if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[')
      depth++;
    else if (c == '}' || c == ']') {
      if (--depth < 0)
        return -1;
    }
    else if (c == '\0')
      return -1;
    any = true;
    buf[o++] = c;
  }
  if (in_string || depth != 0 || !any)
    return -1;
  return o;
}

/* One line of the output as an object of the tool's columns: the
 * line's blank-separated words, the last column taking the rest.
 * Decimal numbers are written as numbers.
 */
static void
write_columns (const struct fleet_tool *tool, FILE *fp, const char *line,
               size_t len)
{
  size_t c, i = 0;

  fputc ('{', fp);
  for (c = 0; tool->columns[c] && i < len; ++c) {
    size_t start, end, k;
    bool number;

    while (i < len && (line[i] == ' ' || line[i] == '\t'))
      i++;
    start = i;
    if (tool->columns[c + 1])
      while (i < len && line[i] != ' ' && line[i] != '\t')
        i++;
    else
      i = len;
    end = i;
    number = end > start && end - start <= 18;
    for (k = start; k < end && number; ++k)
      number = line[k] >= '0' && line[k] <= '9';
    fprintf (fp, "%s\"%s\":", c ? "," : "", tool->columns[c]);
    if (number)
      fwrite (&line[start], 1, end - start, fp);
    else
      options_json_bytes (fp, &line[start], end - start);
  }
  fputc ('}', fp);
}

/* An array of the lines of BUF, each as a string or as columns. */
static void
write_lines (const struct fleet_tool *tool, FILE *fp, const char *buf,
             size_t len)
{
  size_t i = 0;
  bool first = true;

  fputc ('[', fp);
  while (i < len) {
    const char *nl = memchr (&buf[i], '\n', len - i);
    size_t end = nl ? (size_t) (nl - buf) : len;

    if (!first)
      fputc (',', fp);
    first = false;
    if (tool->result == FLEET_RESULT_COLUMNS)
      write_columns (tool, fp, &buf[i], end - i);
    else
      options_json_bytes (fp, &buf[i], end - i);
    i = end + 1;
  }
  fputc (']', fp);
}

int
fleet_json_result (const struct fleet_tool *tool, FILE *fp, char *buf,
                   size_t len)
{
  ssize_t n;

  switch (tool->result) {
  case FLEET_RESULT_NONE:
    fputs ("null", fp);
    return 0;
  case FLEET_RESULT_STRING:
    options_json_bytes (fp, buf, len);
    return 0;
  case FLEET_RESULT_LINES:
  case FLEET_RESULT_COLUMNS:
    write_lines (tool, fp, buf, len);
    return 0;
  case FLEET_RESULT_JSON:
  case FLEET_RESULT_JSON_ELEMENT:
    n = fleet_json_compact (buf, len);
    if (n == -1)
      return -1;
    if (tool->result == FLEET_RESULT_JSON_ELEMENT) {
      /* "[ELEMENT]": what a tool prints for one guest. */
      if (n < 3 || buf[0] != '[' || buf[n - 1] != ']')
        return -1;
      fwrite (buf + 1, 1, n - 2, fp);
      return 0;
    }
    fwrite (buf, 1, n, fp);
    return 0;
  }
  return -1;
}
