/** careen - offline disk-image toolkit
 *
 * The parser of virt-builder index files (index.h).  One pass over the
 * lines with a small state machine: the grammar is line-oriented and
 * every rule (where a header may appear, what a continuation line
 * continues) depends only on the kind of the line before, so a
 * yacc grammar would add nothing but a second tool.
 *
 * What is accepted follows virt-builder 1.48's reader: a section
 * header only at the start or after a blank line, keys of
 * [A-Za-z0-9_.], subkeys of [A-Za-z0-9_.,], values to the end of the
 * line, continuation lines beginning with a space or tab, '#' comment
 * lines anywhere, and a final newline.  A gpg clear signature around
 * the text is taken off (the signature itself is gpg's business).
 * CRLF line ends are accepted as LF.
 */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "index.h"
#include "vector.h"
#include "xalloc.h"

#define PGP_SIGNED_BEGIN "-----BEGIN PGP SIGNED MESSAGE-----"
#define PGP_SIGNATURE_BEGIN "-----BEGIN PGP SIGNATURE-----"

DEFINE_VECTOR_TYPE (field_vector, struct index_field);
DEFINE_VECTOR_TYPE (section_vector, struct index_section);

/* What the previous significant line was: it decides what may come
 * next.
 */
enum parse_state {
  BEFORE_FIRST,                 /* nothing but blanks and comments yet */
  AFTER_HEADER,                 /* [name], no field yet */
  IN_FIELDS,                    /* a field or its continuation */
  AFTER_BLANK,                  /* a blank line ended the section */
};

struct parser {
  const char *filename;
  struct section_vector sections;
  struct field_vector fields;   /* of the open section */
  enum parse_state state;
  int has_comments;
  char *error;
};

static void parse_error (struct parser *p, size_t line, const char *fs, ...)
  __attribute__ ((format (printf, 3, 4)));

static void
parse_error (struct parser *p, size_t line, const char *fs, ...)
{
  va_list args;
  char *msg;

  va_start (args, fs);
  if (vasprintf (&msg, fs, args) == -1)
    die_nomem ();
  va_end (args);
  if (asprintf (&p->error, "%s:%zu: %s", p->filename, line, msg) == -1)
    die_nomem ();
  free (msg);
}

static void
free_fields (struct index_field *fields, size_t n)
{
  size_t i;

  for (i = 0; i < n; ++i) {
    free (fields[i].key);
    free (fields[i].subkey);
    free (fields[i].value);
  }
  free (fields);
}

void
index_release (struct index *idx)
{
  size_t i;

  for (i = 0; i < idx->nr_sections; ++i) {
    free (idx->sections[i].name);
    free_fields (idx->sections[i].fields, idx->sections[i].nr_fields);
  }
  free (idx->sections);
  memset (idx, 0, sizeof *idx);
}

/* Moves the open section's fields into it. */
static void
close_section (struct parser *p)
{
  struct index_section *s;

  if (p->sections.len == 0)
    return;
  s = &p->sections.ptr[p->sections.len - 1];
  if (s->fields != NULL || p->fields.len == 0)
    return;
  s->nr_fields = p->fields.len;
  s->fields = field_vector_steal (&p->fields);
}

static int
is_key_char (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
    (c >= '0' && c <= '9') || c == '_' || c == '.';
}

static int
is_section_char (char c)
{
  return is_key_char (c) || c == '-';
}

static int
parse_header (struct parser *p, const char *s, size_t len, size_t line)
{
  size_t i = 1;
  struct index_section sec = { .line = line };

  if (p->state == AFTER_HEADER || p->state == IN_FIELDS) {
    parse_error (p, line, "section header must follow a blank line");
    return -1;
  }
  while (i < len && is_section_char (s[i]))
    ++i;
  if (i == 1 || i >= len || s[i] != ']') {
    parse_error (p, line, "bad section header (expected [name] where name "
                 "is letters, digits, '_', '.' and '-')");
    return -1;
  }
  sec.name = xstrndup (s + 1, i - 1);
  for (++i; i < len; ++i)
    if (s[i] != ' ' && s[i] != '\t') {
      free (sec.name);
      parse_error (p, line, "unexpected text after section header");
      return -1;
    }
  close_section (p);
  if (section_vector_append (&p->sections, sec) == -1)
    die_nomem ();
  p->state = AFTER_HEADER;
  return 0;
}

static int
parse_field (struct parser *p, const char *s, size_t len, size_t line)
{
  size_t k = 0, sk_start = 0, sk_end = 0, eq;
  struct index_field f = { .line = line };

  switch (p->state) {
  case BEFORE_FIRST:
    parse_error (p, line, "data before the first [section] header");
    return -1;
  case AFTER_BLANK:
    parse_error (p, line, "field after a blank line (a section has no blank "
                 "lines; a new one starts with [name])");
    return -1;
  case AFTER_HEADER:
  case IN_FIELDS:
    break;
  }

  while (k < len && is_key_char (s[k]))
    ++k;
  eq = k;
  if (k > 0 && k < len && s[k] == '[') {
    sk_start = sk_end = k + 1;
    while (sk_end < len && (is_key_char (s[sk_end]) || s[sk_end] == ','))
      ++sk_end;
    if (sk_end == sk_start || sk_end >= len || s[sk_end] != ']') {
      parse_error (p, line, "bad subkey (expected key[subkey]=value where "
                   "subkey is letters, digits, '_', '.' and ',')");
      return -1;
    }
    eq = sk_end + 1;
  }
  if (k == 0 || eq >= len || s[eq] != '=') {
    parse_error (p, line, "expected key=value or key[subkey]=value "
                 "(key is letters, digits, '_' and '.')");
    return -1;
  }

  f.key = xstrndup (s, k);
  if (sk_start > 0)
    f.subkey = xstrndup (s + sk_start, sk_end - sk_start);
  f.value = xstrndup (s + eq + 1, len - eq - 1);
  if (field_vector_append (&p->fields, f) == -1)
    die_nomem ();
  p->state = IN_FIELDS;
  return 0;
}

static int
parse_continuation (struct parser *p, const char *s, size_t len, size_t line)
{
  struct index_field *f;
  size_t old;
  char *v;

  if (p->state != IN_FIELDS) {
    parse_error (p, line, "continuation line (beginning with a space) "
                 "without a field to continue");
    return -1;
  }
  f = &p->fields.ptr[p->fields.len - 1];
  old = strlen (f->value);
  /* old + '\n' + (len - 1) + NUL: bounded by INDEX_MAX_SIZE. */
  v = realloc (f->value, old + len + 1);
  if (v == NULL)
    die_nomem ();
  v[old] = '\n';
  memcpy (v + old + 1, s + 1, len - 1);
  v[old + len] = '\0';
  f->value = v;
  return 0;
}

static int
parse_line (struct parser *p, const char *s, size_t len, size_t line)
{
  if (len > 0 && s[len - 1] == '\r')
    --len;
  if (len == 0) {
    if (p->state == AFTER_HEADER || p->state == IN_FIELDS)
      p->state = AFTER_BLANK;
    return 0;
  }
  switch (s[0]) {
  case '#':
    p->has_comments = 1;
    return 0;
  case '[':
    return parse_header (p, s, len, line);
  case ' ': case '\t':
    return parse_continuation (p, s, len, line);
  default:
    return parse_field (p, s, len, line);
  }
}

static int
line_is (const char *s, size_t len, const char *what)
{
  if (len > 0 && s[len - 1] == '\r')
    --len;
  return len == strlen (what) && memcmp (s, what, len) == 0;
}

/* Field order for finding duplicates: key, then subkey (none first). */
static int
compare_fields (const void *av, const void *bv)
{
  const struct index_field *a = *(const struct index_field *const *) av;
  const struct index_field *b = *(const struct index_field *const *) bv;
  int r = strcmp (a->key, b->key);

  if (r != 0)
    return r;
  if (a->subkey == NULL || b->subkey == NULL)
    return (a->subkey != NULL) - (b->subkey != NULL);
  return strcmp (a->subkey, b->subkey);
}

/* Sorting makes both duplicate checks O(n log n): a hostile index of
 * a million fields must not take a quadratic time to reject.
 */
static int
check_duplicate_fields (struct parser *p, const struct index_section *s)
{
  CLEANUP_FREE const struct index_field **v = NULL;
  size_t i;

  if (s->nr_fields < 2)
    return 0;
  v = xmalloc (s->nr_fields * sizeof *v);
  for (i = 0; i < s->nr_fields; ++i)
    v[i] = &s->fields[i];
  qsort (v, s->nr_fields, sizeof *v, compare_fields);
  for (i = 1; i < s->nr_fields; ++i)
    if (compare_fields (&v[i - 1], &v[i]) == 0) {
      const struct index_field *dup =
        v[i]->line > v[i - 1]->line ? v[i] : v[i - 1];
      parse_error (p, dup->line, "[%s]: field '%s%s%s%s' appears more "
                   "than once", s->name, dup->key, dup->subkey ? "[" : "",
                   dup->subkey ? dup->subkey : "", dup->subkey ? "]" : "");
      return -1;
    }
  return 0;
}

static const char *
section_arch (const struct index_section *s)
{
  const struct index_field *f = index_section_field (s, "arch", NULL);

  return f ? f->value : "";
}

static int
compare_sections (const void *av, const void *bv)
{
  const struct index_section *a = *(const struct index_section *const *) av;
  const struct index_section *b = *(const struct index_section *const *) bv;
  int r = strcmp (a->name, b->name);

  return r != 0 ? r : strcmp (section_arch (a), section_arch (b));
}

/* An os-version may appear once per architecture. */
static int
check_duplicate_sections (struct parser *p)
{
  CLEANUP_FREE const struct index_section **v = NULL;
  size_t i, n = p->sections.len;

  for (i = 0; i < n; ++i)
    if (check_duplicate_fields (p, &p->sections.ptr[i]) == -1)
      return -1;
  if (n < 2)
    return 0;
  v = xmalloc (n * sizeof *v);
  for (i = 0; i < n; ++i)
    v[i] = &p->sections.ptr[i];
  qsort (v, n, sizeof *v, compare_sections);
  for (i = 1; i < n; ++i)
    if (compare_sections (&v[i - 1], &v[i]) == 0) {
      const struct index_section *dup =
        v[i]->line > v[i - 1]->line ? v[i] : v[i - 1];
      parse_error (p, dup->line, "os-version [%s] with arch '%s' appears "
                   "more than once", dup->name, section_arch (dup));
      return -1;
    }
  return 0;
}

int
index_parse (const char *filename, const char *data, size_t len,
             struct index *idx, char **error)
{
  struct parser p = { .filename = filename, .state = BEFORE_FIRST };
  const char *s = data, *end = data + len, *nl;
  size_t line = 0;
  int clearsigned = 0, in_armor_headers = 0, signature_seen = 0;
  int r = -1;

  memset (idx, 0, sizeof *idx);
  *error = NULL;

  if (len > INDEX_MAX_SIZE) {
    parse_error (&p, 1, "index larger than %d bytes", INDEX_MAX_SIZE);
    goto out;
  }
  if (memchr (data, '\0', len) != NULL) {
    parse_error (&p, 1, "index contains a NUL byte");
    goto out;
  }

  while (s < end) {
    size_t n;

    ++line;
    nl = memchr (s, '\n', end - s);
    if (nl == NULL) {
      parse_error (&p, line, "last line has no newline at its end");
      goto out;
    }
    n = nl - s;

    if (line == 1 && line_is (s, n, PGP_SIGNED_BEGIN)) {
      clearsigned = in_armor_headers = 1;
    }
    else if (in_armor_headers) {
      /* "Hash: ..." lines up to a blank line. */
      if (n == 0 || line_is (s, n, ""))
        in_armor_headers = 0;
    }
    else if (clearsigned && line_is (s, n, PGP_SIGNATURE_BEGIN)) {
      signature_seen = 1;
      break;
    }
    else {
      /* Clear-signed text escapes lines beginning with '-' as "- -". */
      if (clearsigned && n >= 2 && s[0] == '-' && s[1] == ' ') {
        s += 2;
        n -= 2;
      }
      if (parse_line (&p, s, n, line) == -1)
        goto out;
    }
    s = nl + 1;
  }
  if (clearsigned && !signature_seen) {
    parse_error (&p, line, "clear-signed index has no signature block");
    goto out;
  }
  close_section (&p);
  if (check_duplicate_sections (&p) == -1)
    goto out;

  idx->nr_sections = p.sections.len;
  idx->sections = section_vector_steal (&p.sections);
  idx->has_comments = p.has_comments;
  idx->clearsigned = clearsigned;
  r = 0;

 out:
  if (r == -1) {
    struct index tmp = { .nr_sections = p.sections.len };

    /* The open section's fields are freed below, with p.fields. */
    tmp.sections = section_vector_steal (&p.sections);
    index_release (&tmp);
    *error = p.error;
  }
  free_fields (p.fields.ptr, p.fields.len);
  return r;
}

int
index_parse_file (const char *path, struct index *idx, char **error)
{
  CLEANUP_CLOSE int fd = -1;
  CLEANUP_FREE char *data = NULL;
  struct stat st;
  size_t got = 0;

  memset (idx, 0, sizeof *idx);
  *error = NULL;
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd == -1 || fstat (fd, &st) == -1)
    goto os_error;
  if (!S_ISREG (st.st_mode)) {
    if (asprintf (error, "%s: not a regular file", path) == -1)
      die_nomem ();
    return -1;
  }
  if (st.st_size > INDEX_MAX_SIZE) {
    if (asprintf (error, "%s: index larger than %d bytes", path,
                  INDEX_MAX_SIZE) == -1)
      die_nomem ();
    return -1;
  }
  data = xmalloc (st.st_size + 1);
  while (got < (size_t) st.st_size) {
    ssize_t r = read (fd, data + got, st.st_size - got);

    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      goto os_error;
    if (r == 0)
      break;                    /* shrank under us: parse what is there */
    got += r;
  }
  return index_parse (path, data, got, idx, error);

 os_error:
  if (asprintf (error, "%s: %m", path) == -1)
    die_nomem ();
  return -1;
}

const struct index_field *
index_section_field (const struct index_section *s, const char *key,
                     const char *subkey)
{
  size_t i;

  for (i = 0; i < s->nr_fields; ++i) {
    const struct index_field *f = &s->fields[i];

    if (strcmp (f->key, key) != 0)
      continue;
    if (subkey == NULL ? f->subkey == NULL
        : f->subkey != NULL && strcmp (f->subkey, subkey) == 0)
      return f;
  }
  return NULL;
}
