/* careen - offline disk-image toolkit */

/**
 * Windows dynamic disks (LDM): the ldmtool_* calls, list_ldm_volumes
 * and list_ldm_partitions, with ldmtool(1).
 *
 * ldmtool prints JSON.  The names in it come from the LDM metadata of
 * guest disks, so the small parser here is strict and bounded: a
 * document that is not what ldmtool writes is an error, never a
 * guess.
 *
 * The volumes of the disks are mapped (/dev/mapper/ldm_vol_*,
 * ldm_part_*) the first time they are listed, as if at launch, unless
 * ldmtool_create_all or ldmtool_remove_all was called before.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "daemon.h"

/* Bounds on ldmtool's JSON: nesting (ldmtool writes two levels),
 * members or items per container, and one string.
 */
#define JSON_MAX_DEPTH 8
#define JSON_MAX_ITEMS 65536
#define JSON_MAX_STRING 4096

/* Length of a GUID as ldmtool writes it: 8-4-4-4-12 hex digits. */
#define GUID_LEN 36

/* Longest volume name taken: LDM names are short. */
#define LDM_NAME_MAX 256

/* ---- The JSON subset ldmtool writes ---- */

enum json_type { JSON_STRING, JSON_ARRAY, JSON_OBJECT, JSON_SCALAR };

struct json {
  enum json_type type;
  char *str;                    /* JSON_STRING */
  size_t n;                     /* items of an array or object */
  struct json *items;           /* array items, object values */
  char **keys;                  /* object keys */
};

static void
json_release (struct json *v)
{
  size_t i;

  free (v->str);
  for (i = 0; i < v->n; ++i) {
    json_release (&v->items[i]);
    if (v->keys)
      free (v->keys[i]);
  }
  free (v->items);
  free (v->keys);
  memset (v, 0, sizeof *v);
}

struct json_parser {
  const char *p;
};

static void
skip_ws (struct json_parser *jp)
{
  jp->p += strspn (jp->p, " \t\r\n");
}

/* A string at jp->p (on its opening quote), decoded to UTF-8. */
static char *
parse_string (struct json_parser *jp)
{
  char *s = malloc (JSON_MAX_STRING + 4);
  size_t n = 0;

  if (s == NULL)
    return NULL;
  jp->p++;
  while (*jp->p != '"') {
    unsigned c = (unsigned char) *jp->p;

    if (c == '\0' || c < 0x20 || n >= JSON_MAX_STRING)
      goto bad;
    if (c != '\\') {
      s[n++] = c;
      jp->p++;
      continue;
    }
    jp->p++;
    switch (*jp->p++) {
    case '"': s[n++] = '"'; break;
    case '\\': s[n++] = '\\'; break;
    case '/': s[n++] = '/'; break;
    case 'b': s[n++] = '\b'; break;
    case 'f': s[n++] = '\f'; break;
    case 'n': s[n++] = '\n'; break;
    case 'r': s[n++] = '\r'; break;
    case 't': s[n++] = '\t'; break;
    case 'u': {
      unsigned u = 0;
      int i;

      for (i = 0; i < 4; ++i) {
        int h = hex_digit_value (jp->p[i]);
        if (h < 0)
          goto bad;
        u = u * 16 + h;
      }
      jp->p += 4;
      /* Surrogates (characters beyond the BMP) and NUL are refused:
       * no LDM name needs them.
       */
      if (u == 0 || (u >= 0xd800 && u <= 0xdfff))
        goto bad;
      if (u < 0x80)
        s[n++] = u;
      else if (u < 0x800) {
        s[n++] = 0xc0 | (u >> 6);
        s[n++] = 0x80 | (u & 0x3f);
      }
      else {
        s[n++] = 0xe0 | (u >> 12);
        s[n++] = 0x80 | ((u >> 6) & 0x3f);
        s[n++] = 0x80 | (u & 0x3f);
      }
      break;
    }
    default:
      goto bad;
    }
  }
  jp->p++;
  s[n] = '\0';
  return s;

 bad:
  free (s);
  errno = EINVAL;
  return NULL;
}

static int parse_value (struct json_parser *jp, struct json *v, int depth);

/* An array or object at jp->p (on its opening bracket). */
static int
parse_container (struct json_parser *jp, struct json *v, int depth)
{
  bool object = *jp->p == '{';
  char close = object ? '}' : ']';

  v->type = object ? JSON_OBJECT : JSON_ARRAY;
  jp->p++;
  skip_ws (jp);
  if (*jp->p == close) {
    jp->p++;
    return 0;
  }
  for (;;) {
    struct json *items;
    char **keys;
    char *key = NULL;

    if (v->n >= JSON_MAX_ITEMS)
      goto bad;
    if (object) {
      if (*jp->p != '"' || (key = parse_string (jp)) == NULL)
        goto bad;
      skip_ws (jp);
      if (*jp->p++ != ':') {
        free (key);
        goto bad;
      }
      skip_ws (jp);
      keys = realloc (v->keys, (v->n + 1) * sizeof *keys);
      if (keys == NULL) {
        free (key);
        return -1;
      }
      v->keys = keys;
      v->keys[v->n] = key;
    }
    items = realloc (v->items, (v->n + 1) * sizeof *items);
    if (items == NULL) {
      if (object)
        free (v->keys[v->n]);
      return -1;
    }
    v->items = items;
    memset (&v->items[v->n], 0, sizeof v->items[v->n]);
    if (parse_value (jp, &v->items[v->n], depth + 1) == -1) {
      json_release (&v->items[v->n]);
      if (object)
        free (v->keys[v->n]);
      return -1;
    }
    v->n++;
    skip_ws (jp);
    if (*jp->p == close) {
      jp->p++;
      return 0;
    }
    if (*jp->p++ != ',')
      goto bad;
    skip_ws (jp);
  }

 bad:
  errno = EINVAL;
  return -1;
}

static int
parse_value (struct json_parser *jp, struct json *v, int depth)
{
  if (depth > JSON_MAX_DEPTH) {
    errno = EINVAL;
    return -1;
  }
  skip_ws (jp);
  if (*jp->p == '"') {
    v->type = JSON_STRING;
    v->str = parse_string (jp);
    return v->str ? 0 : -1;
  }
  if (*jp->p == '[' || *jp->p == '{')
    return parse_container (jp, v, depth);
  /* Numbers, true, false, null: their values are never needed. */
  {
    size_t n = strspn (jp->p, "0123456789+-.eEtruefalsn");

    if (n == 0) {
      errno = EINVAL;
      return -1;
    }
    v->type = JSON_SCALAR;
    jp->p += n;
    return 0;
  }
}

/* Parses a whole document.  Replies on error. */
static int
json_parse (const char *text, struct json *v)
{
  struct json_parser jp = { text };

  memset (v, 0, sizeof *v);
  if (parse_value (&jp, v, 0) == -1) {
    if (errno == ENOMEM)
      reply_with_perror ("ldmtool output");
    else
      reply_with_error ("ldmtool: output is not the JSON expected");
    json_release (v);
    return -1;
  }
  skip_ws (&jp);
  if (*jp.p != '\0') {
    reply_with_error ("ldmtool: output is not the JSON expected");
    json_release (v);
    return -1;
  }
  return 0;
}

/* The member key of object v, or NULL. */
static struct json *
json_member (struct json *v, const char *key)
{
  size_t i;

  if (v->type != JSON_OBJECT)
    return NULL;
  for (i = 0; i < v->n; ++i)
    if (strcmp (v->keys[i], key) == 0)
      return &v->items[i];
  return NULL;
}

/* An array of strings as a string list.  Replies on error. */
static char **
json_strings (struct json *v)
{
  struct stringsbuf sb;
  size_t i;
  char **r;

  if (v == NULL || v->type != JSON_ARRAY) {
    reply_with_error ("ldmtool: a list was expected in its output");
    return NULL;
  }
  stringsbuf_init (&sb);
  for (i = 0; i < v->n; ++i) {
    if (v->items[i].type != JSON_STRING) {
      reply_with_error ("ldmtool: a list of names was expected");
      stringsbuf_release (&sb);
      return NULL;
    }
    if (stringsbuf_add_string (&sb, v->items[i].str) == -1) {
      reply_with_perror ("malloc");
      stringsbuf_release (&sb);
      return NULL;
    }
  }
  r = stringsbuf_finish (&sb);
  if (r == NULL)
    reply_with_perror ("malloc");
  return r;
}

/* ---- Running ldmtool ---- */

/* Runs ldmtool with argv (from the command on) and parses what it
 * prints.  Replies on error.
 */
static int
ldmtool (const char *const *args, struct json *v)
{
  const char *argv[64] = { "ldmtool" };
  CLEANUP_FREE char *out = NULL, *err = NULL;
  size_t n = 1, i;

  for (i = 0; args[i] != NULL; ++i) {
    if (n >= sizeof argv / sizeof argv[0] - 1) {
      reply_with_error_errno (E2BIG, "too many devices");
      return -1;
    }
    argv[n++] = args[i];
  }
  argv[n] = NULL;
  if (require_program ("ldmtool") == -1)
    return -1;
  load_device_mapper ();
  if (commandv (&out, &err, argv) == -1)
    return command_error ("ldmtool", err);
  return json_parse (out, v);
}

static int
check_guid (const char *diskgroup)
{
  size_t i;

  for (i = 0; i < GUID_LEN; ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;

    if (dash ? diskgroup[i] != '-' : hex_digit_value (diskgroup[i]) < 0)
      break;
  }
  if (i != GUID_LEN || diskgroup[i] != '\0') {
    reply_with_error_errno (EINVAL, "invalid disk group GUID: '%s'",
                            diskgroup);
    return -1;
  }
  return 0;
}

static int
check_volume (const char *volume)
{
  if (*volume == '\0' || *volume == '-' || strlen (volume) > LDM_NAME_MAX) {
    reply_with_error_errno (EINVAL, "invalid volume name: '%s'", volume);
    return -1;
  }
  return 0;
}

/* Whether the volumes were mapped (or unmapped on request) yet. */
static bool ldm_mapped;

int
do_ldmtool_create_all (void)
{
  static const char *const args[] = { "create", "all", NULL };
  struct json v;

  if (ldmtool (args, &v) == -1)
    return -1;
  json_release (&v);
  ldm_mapped = true;
  return 0;
}

int
do_ldmtool_remove_all (void)
{
  static const char *const args[] = { "remove", "all", NULL };
  struct json v;

  if (ldmtool (args, &v) == -1)
    return -1;
  json_release (&v);
  ldm_mapped = true;
  return 0;
}

/* The mapped devices whose names start with prefix. */
static char **
list_mapped (const char *prefix)
{
  CLEANUP_FREE_STRING_LIST char **all = NULL;
  struct stringsbuf sb;
  size_t i, plen = strlen (prefix);
  char **r;

  if (!ldm_mapped && do_ldmtool_create_all () == -1)
    return NULL;
  all = get_dm_devices (false);
  if (all == NULL) {
    reply_with_perror ("/sys/block");
    return NULL;
  }
  stringsbuf_init (&sb);
  for (i = 0; all[i] != NULL; ++i) {
    if (strncmp (all[i], "/dev/mapper/", 12) != 0 ||
        strncmp (all[i] + 12, prefix, plen) != 0)
      continue;
    if (stringsbuf_add_string (&sb, all[i]) == -1) {
      reply_with_perror ("malloc");
      stringsbuf_release (&sb);
      return NULL;
    }
  }
  r = stringsbuf_finish (&sb);
  if (r == NULL)
    reply_with_perror ("malloc");
  return r;
}

char **
do_list_ldm_volumes (void)
{
  return list_mapped ("ldm_vol_");
}

char **
do_list_ldm_partitions (void)
{
  return list_mapped ("ldm_part_");
}

char **
do_ldmtool_scan_devices (char *const *devices)
{
  const char *args[64] = { "scan" };
  struct json v;
  size_t i;
  char **r;

  for (i = 0; devices[i] != NULL; ++i) {
    if (i + 2 >= sizeof args / sizeof args[0]) {
      reply_with_error_errno (E2BIG, "too many devices");
      return NULL;
    }
    args[i + 1] = devices[i];
  }
  args[i + 1] = NULL;
  if (ldmtool (args, &v) == -1)
    return NULL;
  r = json_strings (&v);
  json_release (&v);
  return r;
}

char **
do_ldmtool_scan (void)
{
  char *const none[] = { NULL };

  return do_ldmtool_scan_devices (none);
}

/* Runs "ldmtool show diskgroup GUID" (volume NULL) or "ldmtool show
 * volume GUID NAME" into v, and points *m_r at its member key (NULL
 * when absent).  The caller releases v.  Replies on error.
 */
static int
show_member (const char *diskgroup, const char *volume, const char *key,
             struct json *v, struct json **m_r)
{
  const char *args[] = { "show", volume ? "volume" : "diskgroup", diskgroup,
                         volume, NULL };

  if (check_guid (diskgroup) == -1 || (volume && check_volume (volume) == -1))
    return -1;
  if (ldmtool (args, v) == -1)
    return -1;
  *m_r = json_member (v, key);
  return 0;
}

static char *
show_string (const char *diskgroup, const char *volume, const char *key,
             bool optional)
{
  struct json v, *m;
  char *r;

  if (show_member (diskgroup, volume, key, &v, &m) == -1)
    return NULL;
  if (m == NULL && optional)
    r = strdup ("");
  else if (m == NULL || m->type != JSON_STRING) {
    reply_with_error ("ldmtool: no %s in its output", key);
    json_release (&v);
    return NULL;
  }
  else
    r = strdup (m->str);
  if (r == NULL)
    reply_with_perror ("strdup");
  json_release (&v);
  return r;
}

static char **
show_strings (const char *diskgroup, const char *volume, const char *key)
{
  struct json v, *m;
  char **r;

  if (show_member (diskgroup, volume, key, &v, &m) == -1)
    return NULL;
  r = json_strings (m);
  json_release (&v);
  return r;
}

char *
do_ldmtool_diskgroup_name (const char *diskgroup)
{
  return show_string (diskgroup, NULL, "name", false);
}

char **
do_ldmtool_diskgroup_volumes (const char *diskgroup)
{
  return show_strings (diskgroup, NULL, "volumes");
}

char **
do_ldmtool_diskgroup_disks (const char *diskgroup)
{
  return show_strings (diskgroup, NULL, "disks");
}

char *
do_ldmtool_volume_type (const char *diskgroup, const char *volume)
{
  return show_string (diskgroup, volume, "type", false);
}

char *
do_ldmtool_volume_hint (const char *diskgroup, const char *volume)
{
  /* Volumes without a drive letter have no hint. */
  return show_string (diskgroup, volume, "hint", true);
}

char **
do_ldmtool_volume_partitions (const char *diskgroup, const char *volume)
{
  return show_strings (diskgroup, volume, "partitions");
}
