/* careen - offline disk-image toolkit
 * Perl-style s/// substitutions with PCRE2, for virt-edit -e and
 * virt-customize --edit.  The expression comes from the user; the
 * text comes from the guest, so it is only ever matched, never run,
 * and its size is bounded.
 */

#include <config.h>

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pcre2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "edit-expr.h"
#include "vector.h"

/* Largest file edited: the whole file is held in memory twice. */
#define EDIT_EXPR_MAX_FILE (256 * 1024 * 1024)

struct edit_expr {
  pcre2_code *code;
  pcre2_match_data *md;
  char *replacement;            /* in PCRE2's extended syntax */
  bool global;                  /* /g */
};

void
edit_expr_free (struct edit_expr *e)
{
  if (e == NULL)
    return;
  pcre2_match_data_free (e->md);
  pcre2_code_free (e->code);
  free (e->replacement);
  free (e);
}

static char
closing_bracket (char c)
{
  switch (c) {
  case '(': return ')';
  case '[': return ']';
  case '{': return '}';
  case '<': return '>';
  default: return 0;
  }
}

/* Reads one part of the expression starting at *P, up to the delimiter
 * CLOSE (which nests with OPEN when the delimiters are brackets).  An
 * escaped delimiter stands for itself; the backslash is kept when the
 * delimiter means something in a regex, so that it stays literal.
 * Returns a new string and moves *P past the delimiter, or NULL.
 */
static char *
read_part (const char **p, char open, char close)
{
  const char *s = *p;
  size_t len = strlen (s), n = 0;
  char *out = malloc (len + 1);
  int depth = 0;

  if (out == NULL)
    return NULL;
  for (; *s; ++s) {
    if (*s == '\\' && s[1] != '\0') {
      if (s[1] == close || (open && s[1] == open)) {
        if (strchr ("^$.|?*+()[]{}", s[1]))
          out[n++] = '\\';
        out[n++] = *++s;
      }
      else {
        out[n++] = *s++;
        out[n++] = *s;
      }
      continue;
    }
    if (open && *s == open)
      depth++;
    else if (*s == close) {
      if (depth == 0) {
        out[n] = '\0';
        *p = s + 1;
        return out;
      }
      depth--;
    }
    out[n++] = *s;
  }
  free (out);
  errno = EINVAL;
  return NULL;
}

/* Perl's replacement syntax to PCRE2's extended one: \1 and $& become
 * ${1} and ${0}; $N, ${N} and the backslash escapes are the same.
 * Anything else after '$' would be a Perl variable, which has no
 * meaning here.  Returns NULL with *WHY set on a bad replacement.
 */
static char *
convert_replacement (const char *r, const char **why)
{
  size_t len = strlen (r);
  char *out = malloc (len * 4 + 1);
  size_t n = 0;

  if (out == NULL) {
    *why = "out of memory";
    return NULL;
  }
  for (; *r; ++r) {
    if (r[0] == '\\' && r[1] >= '1' && r[1] <= '9') {
      n += sprintf (out + n, "${%c}", r[1]);
      r++;
    }
    else if (r[0] == '\\' && r[1] != '\0') {
      out[n++] = *r++;
      out[n++] = *r;
    }
    else if (r[0] == '$' && r[1] == '&') {
      n += sprintf (out + n, "${0}");
      r++;
    }
    else if (r[0] == '$' && !(isdigit ((unsigned char) r[1]) || r[1] == '{')) {
      free (out);
      *why = "only $1, ${1}, \\1 and $& may follow '$' in the replacement "
        "(write \\$ for a dollar sign)";
      return NULL;
    }
    else
      out[n++] = *r;
  }
  out[n] = '\0';
  return out;
}

int
edit_expr_is_substitution (const char *expr)
{
  while (isspace ((unsigned char) *expr))
    expr++;
  return expr[0] == 's' && expr[1] != '\0' &&
    !isalnum ((unsigned char) expr[1]) && !isspace ((unsigned char) expr[1]) &&
    expr[1] != '\\' && expr[1] != '_';
}

struct edit_expr *
edit_expr_compile (const char *program, const char *option, const char *expr)
{
  CLEANUP_FREE char *pattern = NULL, *replacement = NULL;
  struct edit_expr *e = NULL;
  const char *p = expr, *why = NULL;
  uint32_t options = 0;
  char open = 0, close, ropen = 0, rclose;
  int errcode;
  PCRE2_SIZE erroffset;

  while (isspace ((unsigned char) *p))
    p++;
  if (*p++ != 's') {
    why = "only substitutions are supported: s/REGEX/REPLACEMENT/FLAGS";
    goto bad;
  }
  if (*p == '\0' || isalnum ((unsigned char) *p) ||
      isspace ((unsigned char) *p) || *p == '\\') {
    why = "the delimiter after 's' must be a punctuation character";
    goto bad;
  }
  close = closing_bracket (*p);
  if (close)
    open = *p;
  else
    close = *p;
  p++;
  pattern = read_part (&p, open, close);
  if (pattern == NULL) {
    why = "the regular expression has no end delimiter";
    goto bad;
  }
  rclose = close;
  if (open) {
    /* s{REGEX}{REPLACEMENT}: the second part has its own brackets. */
    while (isspace ((unsigned char) *p))
      p++;
    ropen = *p;
    rclose = closing_bracket (*p);
    if (rclose == 0) {
      why = "the replacement must be in brackets after s{...}";
      goto bad;
    }
    p++;
  }
  replacement = read_part (&p, ropen, rclose);
  if (replacement == NULL) {
    why = "the replacement has no end delimiter";
    goto bad;
  }

  e = calloc (1, sizeof *e);
  if (e == NULL) {
    why = "out of memory";
    goto bad;
  }
  for (; *p; ++p) {
    switch (*p) {
    case 'g': e->global = true; break;
    case 'i': options |= PCRE2_CASELESS; break;
    case 'm': options |= PCRE2_MULTILINE; break;
    case 's': options |= PCRE2_DOTALL; break;
    case 'x': options |= PCRE2_EXTENDED; break;
    default:
      if (isspace ((unsigned char) *p) || *p == ';')
        break;
      why = "unknown or unsupported flag (g, i, m, s and x are supported)";
      goto bad;
    }
  }
  e->replacement = convert_replacement (replacement, &why);
  if (e->replacement == NULL)
    goto bad;
  e->code = pcre2_compile ((PCRE2_SPTR) pattern, PCRE2_ZERO_TERMINATED,
                           options, &errcode, &erroffset, NULL);
  if (e->code == NULL) {
    PCRE2_UCHAR msg[256];

    pcre2_get_error_message (errcode, msg, sizeof msg);
    if (program)
      fprintf (stderr, "%s: %s: %s: at offset %zu of the regular "
               "expression: %s\n", program, option, expr,
               (size_t) erroffset, (const char *) msg);
    edit_expr_free (e);
    return NULL;
  }
  e->md = pcre2_match_data_create_from_pattern (e->code, NULL);
  if (e->md == NULL) {
    why = "out of memory";
    goto bad;
  }
  return e;

 bad:
  if (program)
    fprintf (stderr, "%s: %s: %s: %s\n", program, option, expr, why);
  edit_expr_free (e);
  return NULL;
}

/* Runs one substitution on LINE (LEN bytes) into *BUF (of *SIZE bytes,
 * grown as needed).  Returns the new length, or -1 (error printed).
 */
static ssize_t
substitute (const char *program, struct edit_expr *e, const char *line,
            size_t len, char **buf, size_t *size)
{
  uint32_t opts = PCRE2_SUBSTITUTE_EXTENDED |
    PCRE2_SUBSTITUTE_OVERFLOW_LENGTH |
    (e->global ? PCRE2_SUBSTITUTE_GLOBAL : 0);

  for (;;) {
    PCRE2_SIZE outlen = *size;
    int r = pcre2_substitute (e->code, (PCRE2_SPTR) line, len, 0, opts,
                              e->md, NULL, (PCRE2_SPTR) e->replacement,
                              PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *) *buf,
                              &outlen);

    if (r >= 0)
      return (ssize_t) outlen;
    if (r == PCRE2_ERROR_NOMEMORY) {
      /* outlen is the length needed; room for the terminating zero. */
      char *nbuf = realloc (*buf, outlen + 1);

      if (nbuf == NULL) {
        fprintf (stderr, "%s: out of memory\n", program);
        return -1;
      }
      *buf = nbuf;
      *size = outlen + 1;
      continue;
    }
    {
      PCRE2_UCHAR msg[256];

      pcre2_get_error_message (r, msg, sizeof msg);
      fprintf (stderr, "%s: substitution failed: %s\n", program,
               (const char *) msg);
      return -1;
    }
  }
}

static int
append (const char *program, char **out, size_t *len, size_t *cap,
        const char *s, size_t n)
{
  if (vector_reserve ((void **) out, cap, *len, n, 1) == -1) {
    fprintf (stderr, "%s: out of memory\n", program);
    return -1;
  }
  memcpy (*out + *len, s, n);
  *len += n;
  return 0;
}

int
edit_expr_apply (const char *program, struct edit_expr *const *e, size_t n,
                 const char *in, size_t len, char **out_r, size_t *out_len)
{
  char *out = NULL, *a = NULL, *b = NULL;
  size_t out_n = 0, out_cap = 0, a_size = 0, b_size = 0;
  size_t pos = 0, i;
  int r = -1;

  while (pos < len) {
    const char *nl = memchr (in + pos, '\n', len - pos);
    size_t line_len = nl ? (size_t) (nl - (in + pos)) + 1 : len - pos;
    const char *cur = in + pos;
    size_t cur_len = line_len;

    for (i = 0; i < n; ++i) {
      ssize_t m = substitute (program, e[i], cur, cur_len, &a, &a_size);
      char *t;
      size_t ts;

      if (m == -1)
        goto out;
      /* The result becomes the input of the next expression. */
      t = a; a = b; b = t;
      ts = a_size; a_size = b_size; b_size = ts;
      cur = b;
      cur_len = (size_t) m;
    }
    if (append (program, &out, &out_n, &out_cap, cur, cur_len) == -1)
      goto out;
    pos += line_len;
  }
  if (out == NULL && (out = malloc (1)) == NULL) {
    fprintf (stderr, "%s: out of memory\n", program);
    goto out;
  }
  *out_r = out;
  *out_len = out_n;
  out = NULL;
  r = 0;
 out:
  free (out);
  free (a);
  free (b);
  return r;
}

int
edit_expr_apply_file (const char *program, struct edit_expr *const *e,
                      size_t n, const char *filename)
{
  CLEANUP_FREE char *in = NULL, *out = NULL;
  size_t len = 0, out_len, done;
  struct stat st;
  int fd, r = -1;

  fd = open (filename, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  if (fd == -1) {
    fprintf (stderr, "%s: open: %s: %m\n", program, filename);
    return -1;
  }
  if (fstat (fd, &st) == -1) {
    fprintf (stderr, "%s: stat: %s: %m\n", program, filename);
    goto out;
  }
  if (!S_ISREG (st.st_mode) || st.st_size > EDIT_EXPR_MAX_FILE) {
    fprintf (stderr, "%s: %s: not a regular file of at most %d bytes\n",
             program, filename, EDIT_EXPR_MAX_FILE);
    goto out;
  }
  in = malloc ((size_t) st.st_size + 1);
  if (in == NULL) {
    fprintf (stderr, "%s: out of memory\n", program);
    goto out;
  }
  while (len < (size_t) st.st_size) {
    ssize_t k = read (fd, in + len, (size_t) st.st_size - len);

    if (k == -1) {
      fprintf (stderr, "%s: read: %s: %m\n", program, filename);
      goto out;
    }
    if (k == 0)
      break;
    len += (size_t) k;
  }
  if (edit_expr_apply (program, e, n, in, len, &out, &out_len) == -1)
    goto out;
  if (ftruncate (fd, 0) == -1 || lseek (fd, 0, SEEK_SET) == -1) {
    fprintf (stderr, "%s: truncate: %s: %m\n", program, filename);
    goto out;
  }
  for (done = 0; done < out_len; ) {
    ssize_t k = write (fd, out + done, out_len - done);

    if (k == -1) {
      fprintf (stderr, "%s: write: %s: %m\n", program, filename);
      goto out;
    }
    done += (size_t) k;
  }
  r = 0;
 out:
  if (close (fd) == -1 && r == 0) {
    fprintf (stderr, "%s: close: %s: %m\n", program, filename);
    r = -1;
  }
  return r;
}
