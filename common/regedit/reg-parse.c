/* careen - offline disk-image toolkit */

/**
 * reg-parse: regedit text (what virt-win-reg exports and --merge
 * reads) into a list of keys to merge or delete, each with the values
 * to set or delete.  See reg-parse.h for the contract.
 *
 * The grammar is the one regedit and Win::Hivex::Regedit use:
 *
 *   [KEY]                  merge into KEY (created if missing)
 *   [-KEY]                 delete KEY and everything below it
 *   "name"="text"          REG_SZ
 *   "name"=str(N):"text"   a string stored with type N (hex)
 *   "name"=dword:XXXXXXXX  REG_DWORD, 8 hex digits
 *   "name"=hex:xx,xx       REG_BINARY
 *   "name"=hex(N):xx,xx    raw bytes with type N (hex)
 *   "name"=-               delete the value
 *   @=...                  the default value (empty name)
 *
 * Inside quotes a backslash makes the next character literal.  Strings
 * are stored NUL-terminated, in UTF-16LE unless ASCII was asked for.
 * Hostile input: every allocation is bounded (REG_MAX_*), lengths are
 * computed with overflow checks, and a malformed line is an error, not
 * a guess.
 */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reg-parse.h"
#include "vector.h"

/* The parser's state: the input, the position, the line number of the
 * current logical line (its first physical line), and the error.
 */
struct parser {
  const char *p, *end;
  size_t lineno, next_lineno;
  enum reg_encoding enc;
  char *err;
  size_t errlen;
};

static int parse_error (struct parser *ps, const char *fs, ...)
  __attribute__ ((format (printf, 2, 3)));

/* Sets the error message and returns -1. */
static int
parse_error (struct parser *ps, const char *fs, ...)
{
  va_list args;
  int n;

  n = snprintf (ps->err, ps->errlen, "line %zu: ", ps->lineno);
  if (n < 0 || (size_t) n >= ps->errlen)
    return -1;
  va_start (args, fs);
  vsnprintf (ps->err + n, ps->errlen - n, fs, args);
  va_end (args);
  return -1;
}

static bool
is_space (char c)
{
  return c == ' ' || c == '\t';
}

/* Reads the next logical line into a new string (*line_r, caller
 * frees): \r\n or \n ends a physical line, and a line ending in '\'
 * (and blanks) is joined with the next.  Returns 1, 0 at the end of
 * the input, -1 on error.
 */
static int
next_line (struct parser *ps, char **line_r)
{
  char *line = NULL;
  size_t len = 0, cap = 0;

  *line_r = NULL;
  if (ps->p >= ps->end)
    return 0;
  ps->lineno = ps->next_lineno;
  for (;;) {
    const char *nl = memchr (ps->p, '\n', ps->end - ps->p);
    const char *stop = nl ? nl : ps->end;
    size_t n = stop - ps->p, keep;
    bool cont = false;

    ps->next_lineno++;
    if (n > 0 && ps->p[n - 1] == '\r')
      n--;
    keep = n;
    /* A final '\' (blanks allowed after it) continues the line. */
    while (keep > 0 && is_space (ps->p[keep - 1]))
      keep--;
    if (keep > 0 && ps->p[keep - 1] == '\\' && nl != NULL) {
      cont = true;
      n = keep - 1;
    }
    if (len + n > REG_MAX_LINE) {
      free (line);
      return parse_error (ps, "line longer than %d bytes", REG_MAX_LINE);
    }
    if (vector_reserve ((void **) &line, &cap, len, n + 1, 1) == -1) {
      free (line);
      return parse_error (ps, "%s", strerror (errno));
    }
    memcpy (line + len, ps->p, n);
    len += n;
    line[len] = '\0';
    ps->p = nl ? nl + 1 : ps->end;
    if (!cont)
      break;
  }
  if (memchr (line, '\0', len) != NULL) {
    free (line);
    return parse_error (ps, "NUL byte in the text");
  }
  *line_r = line;
  return 1;
}

/* Blank, or a comment. */
static bool
is_blank (const char *s)
{
  while (is_space (*s))
    s++;
  return *s == '\0' || *s == ';';
}

static bool
rest_is_blank (const char *s)
{
  while (is_space (*s))
    s++;
  return *s == '\0';
}

/* Parses a quoted string at *sp (which must start with '"'), advancing
 * *sp past the closing quote.  Returns a new string or NULL (error set).
 */
static char *
parse_quoted (struct parser *ps, const char **sp, size_t max)
{
  const char *s = *sp;
  char *out;
  size_t n = 0;

  if (*s != '"') {
    parse_error (ps, "expected '\"'");
    return NULL;
  }
  s++;
  out = malloc (strlen (s) + 1);
  if (out == NULL) {
    parse_error (ps, "%s", strerror (errno));
    return NULL;
  }
  for (; *s != '"'; s++) {
    if (*s == '\0') {
      free (out);
      parse_error (ps, "no closing quote");
      return NULL;
    }
    if (*s == '\\') {
      s++;
      if (*s == '\0') {
        free (out);
        parse_error (ps, "no closing quote");
        return NULL;
      }
    }
    if (n >= max) {
      free (out);
      parse_error (ps, "string longer than %zu bytes", max);
      return NULL;
    }
    out[n++] = *s;
  }
  out[n] = '\0';
  *sp = s + 1;
  return out;
}

/* Decodes one UTF-8 character at s (NUL-terminated); returns its
 * length and sets *cp, or 0 for a malformed or overlong sequence or a
 * surrogate.
 */
static size_t
utf8_decode (const unsigned char *s, uint32_t *cp)
{
  size_t n, i;
  uint32_t c;

  if (s[0] < 0x80) {
    *cp = s[0];
    return 1;
  }
  else if ((s[0] & 0xe0) == 0xc0) { n = 2; c = s[0] & 0x1f; }
  else if ((s[0] & 0xf0) == 0xe0) { n = 3; c = s[0] & 0x0f; }
  else if ((s[0] & 0xf8) == 0xf0) { n = 4; c = s[0] & 0x07; }
  else
    return 0;
  for (i = 1; i < n; ++i) {
    if ((s[i] & 0xc0) != 0x80)
      return 0;
    c = (c << 6) | (s[i] & 0x3f);
  }
  if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) ||
      (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
      (c >= 0xd800 && c <= 0xdfff))
    return 0;
  *cp = c;
  return n;
}

/* Encodes the string s as a registry string of the parser's encoding,
 * with a final NUL, into a new buffer.  Returns 0 or -1 (error set).
 */
static int
encode_string (struct parser *ps, const char *s, char **data_r, size_t *len_r)
{
  size_t slen = strlen (s), cap, n = 0;
  char *out;

  if (ps->enc == REG_ENCODING_ASCII) {
    if (slen + 1 > REG_MAX_VALUE_LEN)
      return parse_error (ps, "value longer than %d bytes", REG_MAX_VALUE_LEN);
    out = malloc (slen + 1);
    if (out == NULL)
      return parse_error (ps, "%s", strerror (errno));
    memcpy (out, s, slen + 1);
    *data_r = out;
    *len_r = slen + 1;
    return 0;
  }

  /* Each byte of UTF-8 gives at most one UTF-16 unit (2 bytes); a
   * 4-byte sequence gives two.  Plus the final NUL.
   */
  if (__builtin_mul_overflow (slen + 1, 2, &cap) || cap > REG_MAX_VALUE_LEN)
    return parse_error (ps, "value longer than %d bytes", REG_MAX_VALUE_LEN);
  out = malloc (cap);
  if (out == NULL)
    return parse_error (ps, "%s", strerror (errno));
  while (*s) {
    uint32_t c;
    size_t k = utf8_decode ((const unsigned char *) s, &c);

    if (k == 0) {
      free (out);
      return parse_error (ps, "invalid UTF-8 in a string");
    }
    s += k;
    if (c >= 0x10000) {
      uint32_t v = c - 0x10000;
      uint16_t hi = 0xd800 | (v >> 10), lo = 0xdc00 | (v & 0x3ff);
      out[n++] = hi & 0xff; out[n++] = hi >> 8;
      out[n++] = lo & 0xff; out[n++] = lo >> 8;
    }
    else {
      out[n++] = c & 0xff;
      out[n++] = c >> 8;
    }
  }
  out[n++] = 0;
  out[n++] = 0;
  *data_r = out;
  *len_r = n;
  return 0;
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* "xx,xx,..." (blanks and commas between bytes ignored) into bytes. */
static int
parse_hex_bytes (struct parser *ps, const char *s, char **data_r,
                 size_t *len_r)
{
  size_t cap = strlen (s) / 2 + 1, n = 0;
  char *out = malloc (cap);
  int hi = -1;

  if (out == NULL)
    return parse_error (ps, "%s", strerror (errno));
  for (; *s; s++) {
    int d;

    if (*s == ',' || is_space (*s)) {
      if (hi >= 0)
        goto bad;
      continue;
    }
    d = hex_digit (*s);
    if (d < 0)
      goto bad;
    if (hi < 0)
      hi = d;
    else {
      if (n >= REG_MAX_VALUE_LEN) {
        free (out);
        return parse_error (ps, "value longer than %d bytes",
                            REG_MAX_VALUE_LEN);
      }
      out[n++] = (hi << 4) | d;
      hi = -1;
    }
  }
  if (hi >= 0)
    goto bad;
  *data_r = out;
  *len_r = n;
  return 0;

 bad:
  free (out);
  return parse_error (ps, "invalid hex bytes");
}

/* Parses a hexadecimal type "N)" at *sp into *type_r (32 bits). */
static int
parse_type (struct parser *ps, const char **sp, uint32_t *type_r)
{
  const char *s = *sp;
  uint64_t t = 0;
  size_t digits = 0;
  int d;

  while ((d = hex_digit (*s)) >= 0) {
    t = t * 16 + d;
    if (++digits > 8)
      return parse_error (ps, "value type out of range");
    s++;
  }
  if (digits == 0 || *s != ')' || s[1] != ':')
    return parse_error (ps, "invalid value type");
  *type_r = t;
  *sp = s + 2;
  return 0;
}

/* Parses the data after '=' into v. */
static int
parse_data (struct parser *ps, const char *s, struct reg_value *v)
{
  if (strncmp (s, "dword:", 6) == 0) {
    uint32_t dw = 0;
    size_t i;

    s += 6;
    for (i = 0; i < 8; ++i) {
      int d = hex_digit (s[i]);
      if (d < 0)
        return parse_error (ps, "dword needs 8 hex digits");
      dw = (dw << 4) | d;
    }
    if (!rest_is_blank (s + 8))
      return parse_error (ps, "dword needs 8 hex digits");
    v->type = 4;
    v->data = malloc (4);
    if (v->data == NULL)
      return parse_error (ps, "%s", strerror (errno));
    v->data[0] = dw & 0xff;
    v->data[1] = (dw >> 8) & 0xff;
    v->data[2] = (dw >> 16) & 0xff;
    v->data[3] = dw >> 24;
    v->len = 4;
    return 0;
  }
  if (strncmp (s, "hex:", 4) == 0) {
    v->type = 3;
    return parse_hex_bytes (ps, s + 4, &v->data, &v->len);
  }
  if (strncmp (s, "hex(", 4) == 0) {
    s += 4;
    if (parse_type (ps, &s, &v->type) == -1)
      return -1;
    return parse_hex_bytes (ps, s, &v->data, &v->len);
  }
  v->type = 1;
  if (strncmp (s, "str:", 4) == 0)
    s += 4;
  else if (strncmp (s, "str(", 4) == 0) {
    s += 4;
    if (parse_type (ps, &s, &v->type) == -1)
      return -1;
  }
  if (*s == '"') {
    char *str = parse_quoted (ps, &s, REG_MAX_VALUE_LEN);
    int r;

    if (str == NULL)
      return -1;
    if (!rest_is_blank (s)) {
      free (str);
      return parse_error (ps, "unexpected text after the string");
    }
    r = encode_string (ps, str, &v->data, &v->len);
    free (str);
    return r;
  }
  return parse_error (ps, "unknown kind of value");
}

/* Parses a value line of a [key] section into a new value of op. */
static int
parse_value_line (struct parser *ps, const char *s, struct reg_op *op)
{
  struct reg_value v = { .name = NULL };

  if (op->nr_values >= REG_MAX_VALUES)
    return parse_error (ps, "more than %d values in a key", REG_MAX_VALUES);
  if (*s == '@') {
    v.name = strdup ("");
    if (v.name == NULL)
      return parse_error (ps, "%s", strerror (errno));
    s++;
  }
  else {
    v.name = parse_quoted (ps, &s, REG_MAX_NAME);
    if (v.name == NULL)
      return -1;
  }
  if (*s != '=') {
    free (v.name);
    return parse_error (ps, "expected '=' after the value name");
  }
  s++;
  if (*s == '-' && rest_is_blank (s + 1))
    v.delete = true;
  else if (parse_data (ps, s, &v) == -1) {
    free (v.name);
    free (v.data);
    return -1;
  }

  if (vector_reserve ((void **) &op->values, &op->cap_values, op->nr_values,
                      1, sizeof *op->values) == -1) {
    free (v.name);
    free (v.data);
    return parse_error (ps, "%s", strerror (errno));
  }
  op->values[op->nr_values++] = v;
  return 0;
}

/* Parses "[KEY]" or "[-KEY]" into a new op of rf. */
static int
parse_key_line (struct parser *ps, const char *s, struct reg_file *rf)
{
  const char *close = strrchr (s, ']');
  struct reg_op op = { .path = NULL };
  size_t len;

  if (close == NULL || !rest_is_blank (close + 1))
    return parse_error (ps, "expected ']' at the end of the key");
  if (rf->nr_ops >= REG_MAX_OPS)
    return parse_error (ps, "more than %d keys", REG_MAX_OPS);
  s++;
  if (*s == '-') {
    op.delete = true;
    s++;
  }
  len = close - s;
  if (len == 0)
    return parse_error (ps, "empty key path");
  if (len > REG_MAX_PATH)
    return parse_error (ps, "key path longer than %d bytes", REG_MAX_PATH);
  op.path = strndup (s, len);
  if (op.path == NULL)
    return parse_error (ps, "%s", strerror (errno));
  if (vector_reserve ((void **) &rf->ops, &rf->cap_ops, rf->nr_ops, 1,
                      sizeof *rf->ops) == -1) {
    free (op.path);
    return parse_error (ps, "%s", strerror (errno));
  }
  rf->ops[rf->nr_ops++] = op;
  return 0;
}

int
reg_parse (const char *text, size_t len, enum reg_encoding enc,
           struct reg_file *rf, char *err, size_t errlen)
{
  struct parser ps = {
    .p = text, .end = text + len, .lineno = 1, .next_lineno = 1,
    .enc = enc, .err = err, .errlen = errlen,
  };
  /* In a [key] section whose values are being read (not [-key]). */
  bool inner = false;
  char *line;
  int r;

  rf->ops = NULL;
  rf->nr_ops = rf->cap_ops = 0;
  if (errlen > 0)
    err[0] = '\0';
  if (len > REG_MAX_INPUT)
    return parse_error (&ps, "input larger than %d bytes", REG_MAX_INPUT);
  /* The byte-order mark some editors write. */
  if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    ps.p += 3;

  while ((r = next_line (&ps, &line)) == 1) {
    const char *s = line;

    if (is_blank (s)) {
      inner = false;
    }
    else if (!inner && (strstr (s, "Windows Registry Editor Version") ||
                        strncmp (s, "REGEDIT", 7) == 0)) {
      /* A header. */
    }
    else if (s[0] == '[') {
      if (parse_key_line (&ps, s, rf) == -1)
        goto error;
      inner = !rf->ops[rf->nr_ops - 1].delete;
    }
    else if (inner && (s[0] == '"' || s[0] == '@')) {
      if (parse_value_line (&ps, s, &rf->ops[rf->nr_ops - 1]) == -1)
        goto error;
    }
    else {
      parse_error (&ps, "unexpected text: '%.40s'", s);
      goto error;
    }
    free (line);
  }
  return r;

 error:
  free (line);
  return -1;
}

void
reg_file_free (struct reg_file *rf)
{
  size_t i, j;

  for (i = 0; i < rf->nr_ops; ++i) {
    for (j = 0; j < rf->ops[i].nr_values; ++j) {
      free (rf->ops[i].values[j].name);
      free (rf->ops[i].values[j].data);
    }
    free (rf->ops[i].values);
    free (rf->ops[i].path);
  }
  free (rf->ops);
  rf->ops = NULL;
  rf->nr_ops = rf->cap_ops = 0;
}
