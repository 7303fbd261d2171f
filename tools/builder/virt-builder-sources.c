/** careen - offline disk-image toolkit
 *
 * Where virt-builder finds its repositories: --source URLs (or
 * $VIRT_BUILDER_SOURCE when there is none), then each *.conf file of
 * $XDG_CONFIG_HOME/virt-builder/repos.d and of
 * DIR/virt-builder/repos.d for each DIR of $VIRT_BUILDER_DIRS (a
 * colon-separated list; /etc when unset, none when set but empty).
 * The .conf files are in the index's own format (common/builder):
 *
 *   [id]
 *   uri=https://example.com/builder/index.asc
 *   gpgkey=file:///etc/virt-builder/repos.d/example.gpg
 *   proxy=no
 *
 * --no-default-sources (or VIRT_BUILDER_DIRS= and an XDG_CONFIG_HOME
 * without repos.d) leaves only the command line's: the tests use it so
 * that nothing reaches a public server.
 */

#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "stringsbuf.h"
#include "xalloc.h"
#include "vector.h"
#include "virt-builder.h"

DEFINE_VECTOR_TYPE (vb_source_vector, struct vb_source);

void
vb_sources_free (struct vb_source *s, size_t n)
{
  size_t i;

  for (i = 0; i < n; ++i) {
    free (s[i].uri);
    free (s[i].gpgkey);
    free (s[i].fingerprint);
    free (s[i].proxy);
    if (s[i].index_file)
      unlink (s[i].index_file);
    free (s[i].index_file);
    free (s[i].used_fingerprint);
    index_entries_free (s[i].entries, s[i].nr_entries);
    index_release (&s[i].index);
  }
  free (s);
}

static int
add_source (struct vb_source_vector *v, struct vb_source src)
{
  if (v->len >= VB_MAX_SOURCES) {
    vb_error ("more than %d sources of templates", VB_MAX_SOURCES);
    return -1;
  }
  if (vb_source_vector_append (v, src) == -1)
    die_nomem ();
  return 0;
}

static int
compare_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The sources of one .conf file. */
static int
read_conf (const char *path, struct vb_source_vector *v)
{
  struct index idx;
  CLEANUP_FREE char *error = NULL;
  size_t i;

  if (index_parse_file (path, &idx, &error) == -1) {
    vb_error ("%s", error);
    return -1;
  }
  for (i = 0; i < idx.nr_sections; ++i) {
    const struct index_section *sec = &idx.sections[i];
    const struct index_field *uri = index_section_field (sec, "uri", NULL);
    const struct index_field *key = index_section_field (sec, "gpgkey", NULL);
    const struct index_field *proxy = index_section_field (sec, "proxy", NULL);
    struct vb_source src = { .check_signature = key != NULL };

    if (uri == NULL) {
      vb_error ("%s: [%s] has no 'uri' field", path, sec->name);
      index_release (&idx);
      return -1;
    }
    if (key != NULL) {
      /* Only local keys: a key fetched with the index would vouch for
       * nothing.
       */
      if (strncmp (key->value, "file://", 7) != 0) {
        vb_error ("%s: [%s]: gpgkey '%s' is not a file:// URI", path,
                  sec->name, key->value);
        index_release (&idx);
        return -1;
      }
      src.gpgkey = xstrdup (key->value + 7);
    }
    src.uri = xstrdup (uri->value);
    if (proxy != NULL) {
      if (strcmp (proxy->value, "system") == 0)
        src.proxy = NULL;
      else if (strcmp (proxy->value, "no") == 0 ||
               strcmp (proxy->value, "off") == 0)
        src.proxy = xstrdup ("");
      else
        src.proxy = xstrdup (proxy->value);
    }
    if (add_source (v, src) == -1) {
      free (src.uri);
      free (src.gpgkey);
      free (src.proxy);
      index_release (&idx);
      return -1;
    }
  }
  index_release (&idx);
  return 0;
}

/* Every *.conf of DIR/virt-builder/repos.d, in name order. */
static int
read_repos_d (const char *dir, struct vb_source_vector *v)
{
  CLEANUP_FREE char *path = NULL;
  CLEANUP_FREE_STRING_LIST char **names = NULL;
  struct stringsbuf sb;
  struct dirent *d;
  DIR *dh;
  size_t i;

  if (asprintf (&path, "%s/virt-builder/repos.d", dir) == -1)
    die_nomem ();
  dh = opendir (path);
  if (dh == NULL)
    return 0;                   /* no such folder: no sources there */
  stringsbuf_init (&sb);
  while ((d = readdir (dh)) != NULL) {
    size_t len = strlen (d->d_name);

    if (len > 5 && d->d_name[0] != '.' &&
        strcmp (d->d_name + len - 5, ".conf") == 0 &&
        stringsbuf_add_format (&sb, "%s/%s", path, d->d_name) == -1)
      die_nomem ();
  }
  closedir (dh);
  names = stringsbuf_finish (&sb);
  if (names == NULL)
    die_nomem ();
  qsort (names, strings_count (names), sizeof *names, compare_names);
  for (i = 0; names[i]; ++i)
    if (read_conf (names[i], v) == -1)
      return -1;
  return 0;
}

static int
read_default_sources (struct vb_source_vector *v)
{
  const char *xdg = getenv ("XDG_CONFIG_HOME");
  const char *home = getenv ("HOME");
  const char *dirs = getenv ("VIRT_BUILDER_DIRS");
  CLEANUP_FREE char *user = NULL;
  CLEANUP_FREE_STRING_LIST char **list = NULL;
  size_t i;

  if (xdg && *xdg)
    user = xstrdup (xdg);
  else if (home && asprintf (&user, "%s/.config", home) == -1)
    die_nomem ();
  if (user && read_repos_d (user, v) == -1)
    return -1;

  if (dirs == NULL)
    dirs = "/etc";
  {
    CLEANUP_FREE char *copy = xstrdup (dirs);
    char *p, *save = NULL;
    struct stringsbuf sb;

    stringsbuf_init (&sb);
    for (p = strtok_r (copy, ":", &save); p; p = strtok_r (NULL, ":", &save))
      if (stringsbuf_add_string (&sb, p) == -1)
        die_nomem ();
    list = stringsbuf_finish (&sb);
    if (list == NULL)
      die_nomem ();
  }
  for (i = 0; list[i]; ++i)
    if (read_repos_d (list[i], v) == -1)
      return -1;
  return 0;
}

int
vb_sources_get (char **cmd_sources, size_t nr_cmd,
                char **fingerprints, size_t nr_fp,
                bool no_default_sources, struct vb_source **sources)
{
  struct vb_source_vector v = VECTOR_INIT;
  size_t i;
  const char *env_source = getenv ("VIRT_BUILDER_SOURCE");
  const char *env_fp = getenv ("VIRT_BUILDER_FINGERPRINT");
  char *env_list[2] = { NULL, NULL };
  char *env_fps[2] = { NULL, NULL };

  if (nr_cmd == 0 && env_source && *env_source) {
    env_list[0] = (char *) env_source;
    cmd_sources = env_list;
    nr_cmd = 1;
  }
  if (nr_fp == 0 && env_fp && *env_fp) {
    env_fps[0] = (char *) env_fp;
    fingerprints = env_fps;
    nr_fp = 1;
  }
  if (nr_fp > 1 && nr_fp != nr_cmd) {
    vb_error ("%zu --fingerprint options for %zu --source options: give "
              "one for all, or one for each", nr_fp, nr_cmd);
    return -1;
  }
  for (i = 0; i < nr_cmd; ++i) {
    struct vb_source src = { .check_signature = true };

    src.uri = xstrdup (cmd_sources[i]);
    if (nr_fp > 0)
      src.fingerprint = xstrdup (fingerprints[nr_fp == 1 ? 0 : i]);
    if (add_source (&v, src) == -1) {
      free (src.uri);
      free (src.fingerprint);
      goto err;
    }
  }
  if (!no_default_sources && read_default_sources (&v) == -1)
    goto err;
  if (v.len == 0) {
    vb_error ("no sources of templates: give --source, or add a .conf "
              "file to a repos.d folder (see virt-builder(1))");
    goto err;
  }
  *sources = v.ptr;
  return v.len;

 err:
  vb_sources_free (v.ptr, v.len);
  return -1;
}
