/* careen - build a Windows registry hive for the test guests
 * Copyright (C) 2026 the careen authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * make-hive TEMPLATE OUTPUT < SPEC
 *
 * Copies the hive TEMPLATE (the empty hive of write-hive, test-hives.sh),
 * applies SPEC to it with the hivex library and writes the result to
 * OUTPUT.  The test guests' SOFTWARE and SYSTEM hives are made this way
 * from text kept in the tree, so no binary hive of ours is checked in.
 *
 * SPEC is a small subset of the regedit format, one item per line:
 *
 *   [\Path\To\Key]           create the key (and its parents) under
 *                            the hive root, and make it current
 *   "Name"="text"            REG_SZ (UTF-16LE, NUL-terminated);
 *                            \\ and \" are the only escapes
 *   "Name"=str(2):"text"     REG_EXPAND_SZ, the same encoding
 *   "Name"=dword:0000000a    REG_DWORD (hexadecimal, little-endian)
 *   "Name"=hex:01,02,ff      REG_BINARY bytes
 *   @="text"                 the key's default value
 *
 * Blank lines, lines starting with ';' and a first line "Windows
 * Registry Editor Version 5.00" are ignored.  Any other line is an
 * error, so a mistake in a spec never yields a silently different hive.
 * The input is our own test data, but it is still checked: every value
 * has a bounded size.
 */

#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>

#include <hivex.h>

/* Longest spec line and value we accept: the test hives hold short
 * strings and a few bytes of binary data; this only bounds buffers.
 */
#define MAX_LINE 1024
#define MAX_VALUE 512

static const char *spec_name = "<stdin>";
static int lineno;

static void __attribute__ ((noreturn, format (printf, 1, 2)))
fail (const char *fs, ...)
{
  va_list args;

  fprintf (stderr, "make-hive: %s:%d: ", spec_name, lineno);
  va_start (args, fs);
  vfprintf (stderr, fs, args);
  va_end (args);
  fputc ('\n', stderr);
  exit (EXIT_FAILURE);
}

/* Finds or creates each component of PATH ("\A\B\C") under the root. */
static hive_node_h
make_key (hive_h *h, char *path)
{
  hive_node_h node = hivex_root (h);
  char *comp, *save = NULL;

  for (comp = strtok_r (path, "\\", &save); comp != NULL;
       comp = strtok_r (NULL, "\\", &save)) {
    hive_node_h child;

    errno = 0;
    child = hivex_node_get_child (h, node, comp);
    if (child == 0 && errno != 0)
      fail ("hivex_node_get_child: '%s': %m", comp);
    if (child == 0) {
      child = hivex_node_add_child (h, node, comp);
      if (child == 0)
        fail ("hivex_node_add_child: '%s': %m", comp);
    }
    node = child;
  }
  return node;
}

/* Parses a quoted string starting at *P (which points at the opening
 * quote) into OUT (NUL-terminated), and leaves *P after the closing
 * quote.
 */
static void
parse_quoted (char **p, char *out, size_t outsize)
{
  char *s = *p;
  size_t n = 0;

  if (*s != '"')
    fail ("expected '\"'");
  s++;
  while (*s != '"') {
    if (*s == '\0')
      fail ("unterminated string");
    if (*s == '\\') {
      s++;
      if (*s != '\\' && *s != '"')
        fail ("unknown escape '\\%c'", *s);
    }
    if (n + 1 >= outsize)
      fail ("string longer than %zu bytes", outsize - 1);
    out[n++] = *s++;
  }
  out[n] = '\0';
  *p = s + 1;
}

/* Encodes the ASCII/Latin-1 string S as UTF-16LE with a final NUL, as
 * Windows stores REG_SZ and REG_EXPAND_SZ.  Returns the length in bytes.
 */
static size_t
utf16le (const char *s, char *out, size_t outsize)
{
  size_t n = 0;

  do {
    if (n + 2 > outsize)
      fail ("string too long for a value");
    out[n++] = *s;
    out[n++] = 0;
  } while (*s++ != '\0');
  return n;
}

static size_t
parse_hex_bytes (const char *s, char *out, size_t outsize)
{
  size_t n = 0;

  while (*s) {
    char *end;
    unsigned long byte;

    errno = 0;
    byte = strtoul (s, &end, 16);
    if (end == s || errno != 0 || byte > 0xff)
      fail ("bad hex byte in '%s'", s);
    if (n >= outsize)
      fail ("binary value longer than %zu bytes", outsize);
    out[n++] = (char) byte;
    s = end;
    if (*s == ',')
      s++;
    else if (*s != '\0')
      fail ("expected ',' in hex list");
  }
  return n;
}

/* Parses one value line and sets the value on NODE. */
static void
set_value (hive_h *h, hive_node_h node, char *line)
{
  char name[MAX_LINE];
  char text[MAX_VALUE];
  char data[MAX_VALUE * 2];
  hive_set_value val;
  char *p = line;

  if (*p == '@') {
    name[0] = '\0';
    p++;
  }
  else
    parse_quoted (&p, name, sizeof name);
  if (*p++ != '=')
    fail ("expected '=' after the value name");

  if (*p == '"') {
    parse_quoted (&p, text, sizeof text);
    val.t = hive_t_REG_SZ;
    val.len = utf16le (text, data, sizeof data);
  }
  else if (strncmp (p, "str(2):", 7) == 0) {
    p += 7;
    parse_quoted (&p, text, sizeof text);
    val.t = hive_t_REG_EXPAND_SZ;
    val.len = utf16le (text, data, sizeof data);
  }
  else if (strncmp (p, "dword:", 6) == 0) {
    char *end;
    unsigned long v;

    errno = 0;
    v = strtoul (p + 6, &end, 16);
    if (end == p + 6 || *end != '\0' || errno != 0 || v > UINT32_MAX)
      fail ("bad dword '%s'", p + 6);
    data[0] = v & 0xff;
    data[1] = (v >> 8) & 0xff;
    data[2] = (v >> 16) & 0xff;
    data[3] = (v >> 24) & 0xff;
    val.t = hive_t_REG_DWORD;
    val.len = 4;
    p = end;
  }
  else if (strncmp (p, "hex:", 4) == 0) {
    val.t = hive_t_REG_BINARY;
    val.len = parse_hex_bytes (p + 4, data, sizeof data);
    p += strlen (p);
  }
  else
    fail ("unknown value type in '%s'", p);

  if (*p != '\0')
    fail ("trailing text '%s'", p);

  val.key = name;
  val.value = data;
  if (hivex_node_set_value (h, node, &val, 0) == -1)
    fail ("hivex_node_set_value: '%s': %m", name);
}

int
main (int argc, char *argv[])
{
  hive_h *h;
  hive_node_h node = 0;
  char line[MAX_LINE];

  if (argc != 3) {
    fprintf (stderr, "usage: make-hive TEMPLATE OUTPUT < SPEC\n");
    exit (EXIT_FAILURE);
  }

  h = hivex_open (argv[1], HIVEX_OPEN_WRITE);
  if (h == NULL) {
    fprintf (stderr, "make-hive: hivex_open: %s: %m\n", argv[1]);
    exit (EXIT_FAILURE);
  }

  while (fgets (line, sizeof line, stdin) != NULL) {
    size_t len = strlen (line);

    lineno++;
    if (len > 0 && line[len-1] != '\n' && !feof (stdin))
      fail ("line longer than %d bytes", MAX_LINE - 2);
    while (len > 0 && (line[len-1] == '\n' || line[len-1] == '\r'))
      line[--len] = '\0';

    if (len == 0 || line[0] == ';' ||
        strcmp (line, "Windows Registry Editor Version 5.00") == 0)
      continue;
    if (line[0] == '[') {
      if (line[len-1] != ']')
        fail ("expected ']' at the end of a key line");
      line[len-1] = '\0';
      node = make_key (h, line + 1);
    }
    else if (line[0] == '"' || line[0] == '@') {
      if (node == 0)
        fail ("value before any [key] line");
      set_value (h, node, line);
    }
    else
      fail ("cannot parse '%s'", line);
  }
  if (ferror (stdin))
    fail ("read: %m");

  if (hivex_commit (h, argv[2], 0) == -1) {
    fprintf (stderr, "make-hive: hivex_commit: %s: %m\n", argv[2]);
    exit (EXIT_FAILURE);
  }
  if (hivex_close (h) == -1) {
    fprintf (stderr, "make-hive: hivex_close: %m\n");
    exit (EXIT_FAILURE);
  }
  exit (EXIT_SUCCESS);
}
