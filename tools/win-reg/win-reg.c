/* careen - offline disk-image toolkit */

/**
 * win-reg: the guest side of virt-win-reg (see win-reg.h): finding
 * Windows, mapping registry paths to hive files, walking and changing
 * keys through the hivex_* calls.  Names coming back from the guest are
 * only compared and printed; lengths are bounded by the library.
 */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "guestfs.h"
#include "cleanups.h"
#include "stringsbuf.h"
#include "vector.h"
#include "win-reg.h"

/* Most levels of a guest path or registry path walked: both are far
 * shorter in practice.
 */
#define WINREG_MAX_COMPONENTS 512

/* ---- Reading the regedit files ---- */

/* Bytes read from a .reg file at a time. */
#define READ_CHUNK 65536

/* Reads the whole of fp, bounded by REG_MAX_INPUT.  NULL on error
 * (errno set; EFBIG when too large).
 */
static char *
read_all (FILE *fp, size_t *len_r)
{
  char *buf = NULL;
  size_t len = 0, cap = 0, n;

  do {
    if (len >= REG_MAX_INPUT) {
      free (buf);
      errno = EFBIG;
      return NULL;
    }
    if (vector_reserve ((void **) &buf, &cap, len, READ_CHUNK, 1) == -1) {
      free (buf);
      return NULL;
    }
    n = fread (buf + len, 1, cap - len, fp);
    len += n;
  } while (n > 0);
  if (ferror (fp)) {
    free (buf);
    errno = EIO;
    return NULL;
  }
  *len_r = len;
  return buf;
}

/* Moves the ops of src to the end of dst. */
static int
append_ops (struct reg_file *dst, struct reg_file *src)
{
  if (src->nr_ops == 0)
    return 0;
  if (dst->nr_ops + src->nr_ops > REG_MAX_OPS) {
    errno = E2BIG;
    return -1;
  }
  if (vector_reserve ((void **) &dst->ops, &dst->cap_ops, dst->nr_ops,
                      src->nr_ops, sizeof *dst->ops) == -1)
    return -1;
  memcpy (dst->ops + dst->nr_ops, src->ops, src->nr_ops * sizeof *src->ops);
  dst->nr_ops += src->nr_ops;
  free (src->ops);
  src->ops = NULL;
  src->nr_ops = src->cap_ops = 0;
  return 0;
}

int
winreg_read_reg_files (const char *program, const char *const *files,
                       size_t nr_files, enum reg_encoding enc,
                       struct reg_file *rf)
{
  size_t i;

  rf->ops = NULL;
  rf->nr_ops = rf->cap_ops = 0;
  for (i = 0; i < (nr_files ? nr_files : 1); ++i) {
    const char *name = nr_files ? files[i] : "stdin";
    FILE *fp = nr_files ? fopen (name, "r") : stdin;
    CLEANUP_FREE char *text = NULL;
    struct reg_file one;
    char err[256];
    size_t len = 0;

    if (fp == NULL) {
      fprintf (stderr, "%s: open: %s: %s\n", program, name, strerror (errno));
      goto error;
    }
    text = read_all (fp, &len);
    if (text == NULL) {
      fprintf (stderr, "%s: read: %s: %s\n", program, name, strerror (errno));
      if (fp != stdin)
        fclose (fp);
      goto error;
    }
    if (fp != stdin)
      fclose (fp);
    if (reg_parse (text, len, enc, &one, err, sizeof err) == -1) {
      fprintf (stderr, "%s: %s: %s\n", program, name, err);
      reg_file_free (&one);
      goto error;
    }
    if (append_ops (rf, &one) == -1) {
      fprintf (stderr, "%s: %s: %s\n", program, name, strerror (errno));
      reg_file_free (&one);
      goto error;
    }
  }
  return 0;

 error:
  reg_file_free (rf);
  return -1;
}

/* ---- Finding Windows ---- */

/* The guest path matching path without regard to case, or NULL (not
 * found; nothing printed).
 */
static char *
winreg_ci_path (struct winreg *w, const char *path)
{
  CLEANUP_FREE char *copy = strdup (path);
  char *cur, *comp, *save = NULL;
  size_t depth = 0;

  if (copy == NULL)
    return NULL;
  cur = strdup ("");
  if (cur == NULL)
    return NULL;
  for (comp = strtok_r (copy, "/", &save); comp != NULL;
       comp = strtok_r (NULL, "/", &save)) {
    CLEANUP_FREE_STRING_LIST char **ents = NULL;
    const char *found = NULL;
    char *next;
    size_t i;

    if (++depth > WINREG_MAX_COMPONENTS)
      goto none;
    guestfs_push_error_handler (w->g, NULL, NULL);
    ents = guestfs_ls (w->g, cur[0] ? cur : "/");
    guestfs_pop_error_handler (w->g);
    if (ents == NULL)
      goto none;
    /* The exact name wins over others differing only in case. */
    for (i = 0; ents[i] != NULL; ++i)
      if (strcmp (ents[i], comp) == 0)
        found = ents[i];
    for (i = 0; found == NULL && ents[i] != NULL; ++i)
      if (strcasecmp (ents[i], comp) == 0)
        found = ents[i];
    if (found == NULL)
      goto none;
    if (asprintf (&next, "%s/%s", cur, found) == -1)
      goto none;
    free (cur);
    cur = next;
  }
  if (cur[0] == '\0') {
    free (cur);
    return strdup ("/");
  }
  return cur;

 none:
  free (cur);
  return NULL;
}

/* Looks for the system root on the filesystem mounted at "/". */
static char *
find_systemroot (struct winreg *w)
{
  static const char *const roots[] = { "/Windows", "/WinNT", NULL };
  size_t i;

  for (i = 0; roots[i] != NULL; ++i) {
    CLEANUP_FREE char *config = NULL;
    char *root;

    if (asprintf (&config, "%s/System32/config", roots[i]) == -1)
      return NULL;
    root = winreg_ci_path (w, config);
    if (root == NULL)
      continue;
    /* Keep only the \Windows part, as spelled in the guest. */
    root[strlen (root) - strlen ("/System32/config")] = '\0';
    return root;
  }
  return NULL;
}

/* Mounts the filesystems inspection found for root, shortest
 * mountpoint first.  Returns 0 or -1 (silent: the caller falls back).
 */
static int
mount_inspected (struct winreg *w, const char *root)
{
  CLEANUP_FREE_STRING_LIST char **mps = NULL;
  size_t i, j, n;

  mps = guestfs_inspect_get_mountpoints (w->g, root);
  if (mps == NULL)
    return -1;
  n = strings_count (mps) / 2;
  for (i = 0; i < n; ++i) {
    /* Selection sort by mountpoint length: lists are tiny. */
    size_t best = i;
    for (j = i + 1; j < n; ++j)
      if (strlen (mps[2 * j]) < strlen (mps[2 * best]))
        best = j;
    if (best != i) {
      char *t0 = mps[2 * i], *t1 = mps[2 * i + 1];
      mps[2 * i] = mps[2 * best];
      mps[2 * i + 1] = mps[2 * best + 1];
      mps[2 * best] = t0;
      mps[2 * best + 1] = t1;
    }
    if ((w->write ? guestfs_mount (w->g, mps[2 * i + 1], mps[2 * i])
         : guestfs_mount_ro (w->g, mps[2 * i + 1], mps[2 * i])) == -1)
      return -1;
  }
  return 0;
}

int
winreg_find_windows (struct winreg *w)
{
  CLEANUP_FREE_STRING_LIST char **roots = NULL;
  CLEANUP_FREE_STRING_LIST char **fses = NULL;
  size_t i;

  /* Inspection first, when the library has it and it finds one
   * operating system.
   */
  guestfs_push_error_handler (w->g, NULL, NULL);
  roots = guestfs_inspect_os (w->g);
  if (roots != NULL && roots[0] != NULL && roots[1] == NULL &&
      mount_inspected (w, roots[0]) == 0) {
    char *sr = guestfs_inspect_get_windows_systemroot (w->g, roots[0]);
    if (sr != NULL) {
      w->systemroot = winreg_ci_path (w, sr);
      free (sr);
    }
  }
  guestfs_pop_error_handler (w->g);
  if (w->systemroot != NULL)
    return 0;
  if (roots != NULL && roots[0] != NULL && roots[1] != NULL) {
    fprintf (stderr, "%s: multiboot operating systems are not supported\n",
             w->program);
    return -1;
  }

  /* Else each filesystem in turn, looking for \Windows\System32\config. */
  guestfs_push_error_handler (w->g, NULL, NULL);
  guestfs_umount_all (w->g);
  fses = guestfs_list_filesystems (w->g);
  for (i = 0; fses != NULL && fses[i] != NULL; i += 2) {
    if (strcmp (fses[i + 1], "swap") == 0 ||
        strcmp (fses[i + 1], "unknown") == 0)
      continue;
    if ((w->write ? guestfs_mount (w->g, fses[i], "/")
         : guestfs_mount_ro (w->g, fses[i], "/")) == -1)
      continue;
    w->systemroot = find_systemroot (w);
    if (w->systemroot != NULL) {
      if (w->debug)
        fprintf (stderr, "%s: Windows found on %s at %s\n",
                 w->program, fses[i], w->systemroot);
      break;
    }
    guestfs_umount_all (w->g);
  }
  guestfs_pop_error_handler (w->g);
  if (w->systemroot == NULL) {
    fprintf (stderr, "%s: no Windows operating system could be found in "
             "this disk image\n", w->program);
    return -1;
  }
  return 0;
}

/* ---- Registry paths ---- */

/* If key starts with one of the names (then '\' or the end), returns
 * what follows, else NULL.
 */
static const char *
skip_name (const char *key, const char *const *names)
{
  size_t i;

  for (i = 0; names[i] != NULL; ++i) {
    size_t n = strlen (names[i]);
    if (strncasecmp (key, names[i], n) == 0 &&
        (key[n] == '\\' || key[n] == '\0'))
      return key[n] == '\\' ? key + n + 1 : key + n;
  }
  return NULL;
}

static const char *const hklm_names[] = { "HKEY_LOCAL_MACHINE", "HKLM", NULL };
static const char *const hku_names[] = { "HKEY_USERS", "HKU", NULL };
static const char *const machine_hives[] = {
  "SAM", "SECURITY", "SOFTWARE", "SYSTEM", NULL
};

int
winreg_path_supported (const char *program, const char *key)
{
  const char *rest;

  if (key[0] == '\\')
    key++;
  if ((rest = skip_name (key, hklm_names)) != NULL &&
      skip_name (rest, machine_hives) != NULL)
    return 0;
  if ((rest = skip_name (key, hku_names)) != NULL &&
      rest[0] != '\0' && rest[0] != '\\')
    return 0;
  fprintf (stderr, "%s: %s: not a supported Windows Registry path\n",
           program, key);
  return -1;
}

/* The rest after the hive's own name, as a path inside the hive. */
static char *
subpath_of (const char *rest)
{
  char *s;

  if (asprintf (&s, "\\%s", rest) == -1)
    return NULL;
  return s;
}

/* The profile directory of a user SID, from the SOFTWARE hive's
 * ProfileList (closing that hive again).  Returns a guest path or NULL.
 */
static char *
profile_of_sid (struct winreg *w, const char *sid)
{
  struct winreg_hive sw = { .file = NULL };
  CLEANUP_FREE char *sub = NULL, *image = NULL;
  char *p, *ret = NULL;
  int64_t node, v;

  if (asprintf (&sw.file, "%s/System32/config/SOFTWARE",
                w->systemroot) == -1 ||
      asprintf (&sub, "\\Microsoft\\Windows NT\\CurrentVersion\\"
                "ProfileList\\%s", sid) == -1)
    goto out;
  {
    char *f = winreg_ci_path (w, sw.file);
    free (sw.file);
    sw.file = f;
  }
  if (sw.file == NULL || winreg_open (w, &sw, false) == -1)
    goto out;
  node = winreg_lookup (w, sub, false, NULL);
  if (node > 0) {
    v = guestfs_hivex_node_get_value (w->g, node, "ProfileImagePath");
    if (v > 0)
      image = guestfs_hivex_value_string (w->g, v);
  }
  guestfs_hivex_close (w->g);
  if (image == NULL)
    goto out;

  /* "%SystemRoot%\..." or "C:\Users\x" or "%SystemDrive%\Users\x". */
  if (strncasecmp (image, "%systemroot%", 12) == 0) {
    if (asprintf (&ret, "%s%s", w->systemroot, image + 12) == -1)
      ret = NULL;
  }
  else {
    p = image;
    if (strncasecmp (p, "%systemdrive%", 13) == 0)
      p += 13;
    else if (p[0] && p[1] == ':')
      p += 2;
    ret = strdup (p);
  }
  for (p = ret; p && *p; p++)
    if (*p == '\\')
      *p = '/';

 out:
  winreg_hive_free (&sw);
  if (ret == NULL)
    fprintf (stderr, "%s: %s: cannot find the user's profile directory\n",
             w->program, sid);
  return ret;
}

/* The guest path of user's NTUSER.DAT from its profile directory. */
static char *
user_hive (struct winreg *w, const char *profile)
{
  CLEANUP_FREE char *path = NULL;

  if (asprintf (&path, "%s/NTUSER.DAT", profile) == -1)
    return NULL;
  return winreg_ci_path (w, path);
}

int
winreg_map_path (struct winreg *w, const char *key, struct winreg_hive *hv)
{
  static const struct { const char *name, *sid; } wellknown[] = {
    { "LocalSystem", "S-1-5-18" },
    { "LocalService", "S-1-5-19" },
    { "NetworkService", "S-1-5-20" },
  };
  const char *rest;
  CLEANUP_FREE char *file = NULL;
  size_t i;

  hv->file = hv->subpath = hv->prefix = NULL;
  if (key[0] == '\\')
    key++;

  if ((rest = skip_name (key, hklm_names)) != NULL) {
    for (i = 0; machine_hives[i] != NULL; ++i) {
      const char *one[] = { machine_hives[i], NULL };
      const char *r2 = skip_name (rest, one);

      if (r2 == NULL)
        continue;
      if (asprintf (&file, "%s/System32/config/%s", w->systemroot,
                    machine_hives[i]) == -1 ||
          asprintf (&hv->prefix, "HKEY_LOCAL_MACHINE\\%s",
                    machine_hives[i]) == -1)
        goto oom;
      hv->subpath = subpath_of (r2);
      hv->file = winreg_ci_path (w, file);
      goto found;
    }
  }
  else if ((rest = skip_name (key, hku_names)) != NULL) {
    const char *sep = strchr (rest, '\\');
    size_t ulen = sep ? (size_t) (sep - rest) : strlen (rest);
    CLEANUP_FREE char *user = strndup (rest, ulen);
    const char *r2 = sep ? sep + 1 : rest + ulen;
    CLEANUP_FREE char *profile = NULL;
    const char *sid = NULL;

    if (user == NULL)
      goto oom;
    if (ulen == 0)
      goto unsupported;
    hv->subpath = subpath_of (r2);
    if (strcasecmp (user, ".DEFAULT") == 0) {
      if (asprintf (&file, "%s/System32/config/DEFAULT",
                    w->systemroot) == -1 ||
          (hv->prefix = strdup ("HKEY_USERS\\.DEFAULT")) == NULL)
        goto oom;
      hv->file = winreg_ci_path (w, file);
      goto found;
    }
    for (i = 0; i < sizeof wellknown / sizeof wellknown[0]; ++i)
      if (strcasecmp (user, wellknown[i].name) == 0)
        sid = wellknown[i].sid;
    if (sid == NULL && strncasecmp (user, "S-1-5-", 6) == 0)
      sid = user;
    if (sid != NULL) {
      if (asprintf (&hv->prefix, "HKEY_USERS\\%s", sid) == -1)
        goto oom;
      profile = profile_of_sid (w, sid);
      if (profile == NULL)
        goto error;
    }
    else {
      if (asprintf (&hv->prefix, "HKEY_USERS\\%s", user) == -1 ||
          asprintf (&file, "/Users/%s", user) == -1)
        goto oom;
      profile = winreg_ci_path (w, file);
      free (file);
      file = NULL;
      if (profile == NULL) {
        if (asprintf (&file, "/Documents and Settings/%s", user) == -1)
          goto oom;
        profile = winreg_ci_path (w, file);
      }
      if (profile == NULL) {
        fprintf (stderr, "%s: %s: cannot find user directory\n",
                 w->program, user);
        goto error;
      }
    }
    hv->file = user_hive (w, profile);
    goto found;
  }

 unsupported:
  fprintf (stderr, "%s: %s: not a supported Windows Registry path\n",
           w->program, key);
  goto error;

 found:
  if (hv->subpath == NULL || hv->prefix == NULL)
    goto oom;
  if (hv->file == NULL) {
    fprintf (stderr, "%s: %s: the hive file of this key was not found in "
             "the guest\n", w->program, key);
    goto error;
  }
  if (w->debug)
    fprintf (stderr, "%s: %s is %s in %s\n", w->program, key, hv->subpath,
             hv->file);
  return 0;

 oom:
  perror ("malloc");
 error:
  winreg_hive_free (hv);
  return -1;
}

void
winreg_hive_free (struct winreg_hive *hv)
{
  free (hv->file);
  free (hv->subpath);
  free (hv->prefix);
  hv->file = hv->subpath = hv->prefix = NULL;
}

int
winreg_open (struct winreg *w, const struct winreg_hive *hv, bool write)
{
  return guestfs_hivex_open (w->g, hv->file,
                             GUESTFS_HIVEX_OPEN_WRITE, write,
                             GUESTFS_HIVEX_OPEN_UNSAFE, !write,
                             GUESTFS_HIVEX_OPEN_DEBUG, w->debug,
                             -1);
}

/* ---- Keys and values ---- */

int64_t
winreg_lookup (struct winreg *w, const char *subpath, bool create,
               char **canon_r)
{
  CLEANUP_FREE char *copy = strdup (subpath);
  struct stringsbuf canon;
  char *comp, *save = NULL;
  int64_t node;
  size_t depth = 0;

  if (copy == NULL) {
    perror ("strdup");
    return -1;
  }
  node = guestfs_hivex_root (w->g);
  if (node == -1)
    return -1;
  stringsbuf_init (&canon);
  for (comp = strtok_r (copy, "\\", &save); comp != NULL;
       comp = strtok_r (NULL, "\\", &save)) {
    int64_t child;
    char *name;

    if (++depth > WINREG_MAX_COMPONENTS) {
      fprintf (stderr, "%s: %s: path too deep\n", w->program, subpath);
      goto error;
    }
    child = guestfs_hivex_node_get_child (w->g, node, comp);
    if (child == -1)
      goto error;
    if (child == 0 && !create) {
      fprintf (stderr, "%s: %s: path not found in this hive\n",
               w->program, subpath);
      stringsbuf_release (&canon);
      return 0;
    }
    if (child == 0) {
      if (w->debug)
        fprintf (stderr, "%s: creating key %s\n", w->program, comp);
      child = guestfs_hivex_node_add_child (w->g, node, comp);
      if (child == -1)
        goto error;
    }
    node = child;
    if (canon_r) {
      name = guestfs_hivex_node_name (w->g, node);
      if (name == NULL)
        goto error;
      if (stringsbuf_add_string_nodup (&canon, name) == -1) {
        perror ("malloc");
        goto error;
      }
    }
  }
  if (canon_r) {
    CLEANUP_FREE_STRING_LIST char **list = stringsbuf_finish (&canon);
    CLEANUP_FREE char *joined = NULL;

    if (list == NULL || (joined = strings_join (list, "\\")) == NULL ||
        asprintf (canon_r, "\\%s", joined) == -1) {
      perror ("malloc");
      stringsbuf_release (&canon);
      return -1;
    }
  }
  stringsbuf_release (&canon);
  return node;

 error:
  stringsbuf_release (&canon);
  return -1;
}

char *
winreg_utf16le_to_utf8 (const char *data, size_t len, bool strip_final_nul)
{
  const unsigned char *d = (const unsigned char *) data;
  size_t units = len / 2, i, n = 0;
  char *out;

  if (strip_final_nul && units > 0 && d[2 * units - 2] == 0 &&
      d[2 * units - 1] == 0)
    units--;
  /* At most 3 bytes of UTF-8 per UTF-16 unit (a pair gives 4 for 2). */
  out = malloc (units * 3 + 1);
  if (out == NULL)
    return NULL;
  for (i = 0; i < units; ++i) {
    uint32_t c = d[2 * i] | d[2 * i + 1] << 8;

    if (c >= 0xd800 && c <= 0xdbff && i + 1 < units) {
      uint32_t lo = d[2 * i + 2] | d[2 * i + 3] << 8;
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff)
      c = 0xfffd;
    if (c < 0x80)
      out[n++] = c;
    else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    }
    else if (c < 0x10000) {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
    else {
      out[n++] = 0xf0 | (c >> 18);
      out[n++] = 0x80 | ((c >> 12) & 0x3f);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  out[n] = '\0';
  return out;
}

int
winreg_print_value (struct winreg *w, int64_t node, const char *name)
{
  CLEANUP_FREE char *data = NULL;
  int64_t v, type;
  size_t len = 0, i;

  v = guestfs_hivex_node_get_value (w->g, node,
                                    strcmp (name, "@") == 0 ? "" : name);
  if (v == -1)
    return -1;
  if (v == 0) {
    fprintf (stderr, "%s: %s: value not found\n", w->program, name);
    return -1;
  }
  type = guestfs_hivex_value_type (w->g, v);
  data = guestfs_hivex_value_value (w->g, v, &len);
  if (type == -1 || data == NULL)
    return -1;

  switch (type) {
  case 1: case 2: case 6: {      /* REG_SZ, REG_EXPAND_SZ, REG_LINK */
    CLEANUP_FREE char *s = winreg_utf16le_to_utf8 (data, len, true);
    if (s == NULL)
      goto oom;
    printf ("%s\n", s);
    return 0;
  }
  case 4:                       /* REG_DWORD */
    if (len == 4) {
      const unsigned char *d = (const unsigned char *) data;
      printf ("%" PRIi32 "\n", (int32_t) ((uint32_t) d[0] | d[1] << 8 |
                                          d[2] << 16 | (uint32_t) d[3] << 24));
      return 0;
    }
    break;
  case 11:                      /* REG_QWORD */
    if (len == 8) {
      uint64_t q = 0;
      for (i = 8; i-- > 0; )
        q = q << 8 | (unsigned char) data[i];
      printf ("%" PRIi64 "\n", (int64_t) q);
      return 0;
    }
    break;
  case 7: {                     /* REG_MULTI_SZ */
    size_t start = 0;
    for (i = 0; i + 1 < len; i += 2) {
      if (data[i] == 0 && data[i + 1] == 0) {
        CLEANUP_FREE char *s = NULL;
        if (i == start)
          break;                /* the empty string ends the list */
        s = winreg_utf16le_to_utf8 (data + start, i - start, false);
        if (s == NULL)
          goto oom;
        printf ("%s\n", s);
        start = i + 2;
      }
    }
    return 0;
  }
  }
  /* Anything else, or a number of the wrong size: the bytes. */
  printf ("hex(%" PRIx64 "):", type);
  for (i = 0; i < len; ++i)
    printf ("%s%02x", i ? "," : "", (unsigned char) data[i]);
  putchar ('\n');
  return 0;

 oom:
  perror ("malloc");
  return -1;
}

/* ---- Merging ---- */

/* Most keys copied when a value is deleted (the key holding it and
 * its subkeys): a value is normally deleted from a small key, and
 * this stops a hostile hive from making the copy unbounded.
 */
#define WINREG_MAX_COPY_KEYS 10000

/* Deepest subkey copied: Windows allows 512 levels. */
#define WINREG_MAX_COPY_DEPTH 512

/* A key read into memory, to be written back under a new node. */
struct saved_value {
  char *key;
  int64_t type;
  char *data;
  size_t len;
};
struct saved_key {
  char *name;
  struct saved_value *values;
  size_t nr_values;
  struct saved_key *children;
  size_t nr_children;
};

static void
saved_key_release (struct saved_key *k)
{
  size_t i;

  for (i = 0; i < k->nr_values; ++i) {
    free (k->values[i].key);
    free (k->values[i].data);
  }
  free (k->values);
  for (i = 0; i < k->nr_children; ++i)
    saved_key_release (&k->children[i]);
  free (k->children);
  free (k->name);
}

/* Reads NODE, its values but the one named SKIP (when not NULL) and
 * its subkeys, into K.  Returns 0, or -1 (error printed; K holds what
 * was read, for saved_key_release).
 */
static int
save_key (struct winreg *w, int64_t node, const char *skip,
          struct saved_key *k, int depth, size_t *count)
{
  struct guestfs_hivex_value_list *vals = NULL;
  struct guestfs_hivex_node_list *kids = NULL;
  size_t i;
  int r = -1;

  if (depth > WINREG_MAX_COPY_DEPTH || ++*count > WINREG_MAX_COPY_KEYS) {
    fprintf (stderr, "%s: the key holding the value to delete has too "
             "many subkeys to be copied\n", w->program);
    return -1;
  }
  k->name = guestfs_hivex_node_name (w->g, node);
  vals = guestfs_hivex_node_values (w->g, node);
  kids = guestfs_hivex_node_children (w->g, node);
  if (k->name == NULL || vals == NULL || kids == NULL)
    goto out;
  k->values = calloc (vals->len + 1, sizeof *k->values);
  k->children = calloc (kids->len + 1, sizeof *k->children);
  if (k->values == NULL || k->children == NULL) {
    perror ("calloc");
    goto out;
  }
  for (i = 0; i < vals->len; ++i) {
    int64_t vh = vals->val[i].hivex_value_h;
    struct saved_value *v = &k->values[k->nr_values];

    v->key = guestfs_hivex_value_key (w->g, vh);
    if (v->key == NULL)
      goto out;
    /* Value names are case-insensitive, as in Windows. */
    if (skip != NULL && strcasecmp (v->key, skip) == 0) {
      free (v->key);
      v->key = NULL;
      continue;
    }
    k->nr_values++;
    v->type = guestfs_hivex_value_type (w->g, vh);
    v->data = guestfs_hivex_value_value (w->g, vh, &v->len);
    if (v->type == -1 || v->data == NULL)
      goto out;
  }
  for (i = 0; i < kids->len; ++i) {
    k->nr_children++;
    if (save_key (w, kids->val[i].hivex_node_h, NULL,
                  &k->children[i], depth + 1, count) == -1)
      goto out;
  }
  r = 0;
 out:
  if (vals)
    guestfs_free_hivex_value_list (vals);
  if (kids)
    guestfs_free_hivex_node_list (kids);
  return r;
}

/* Writes K back as a new subkey of PARENT.  Returns 0 or -1. */
static int
restore_key (struct winreg *w, int64_t parent, const struct saved_key *k)
{
  int64_t node = guestfs_hivex_node_add_child (w->g, parent, k->name);
  size_t i;

  if (node <= 0)
    return -1;
  for (i = 0; i < k->nr_values; ++i)
    if (guestfs_hivex_node_set_value (w->g, node, k->values[i].key,
                                      k->values[i].type, k->values[i].data,
                                      k->values[i].len) == -1)
      return -1;
  for (i = 0; i < k->nr_children; ++i)
    if (restore_key (w, node, &k->children[i]) == -1)
      return -1;
  return 0;
}

/* "name"=-: deletes the value NAME of NODE.  The library can set a
 * value but not remove one, so the key is copied without it: read
 * (with its subkeys), deleted, and written back under the same
 * parent.  What the copy cannot keep is said in virt-win-reg(1).
 * Deleting a value that is not there does nothing.
 */
static int
delete_value (struct winreg *w, const struct reg_op *op, int64_t node,
              const char *name)
{
  struct saved_key k = { .name = NULL };
  int64_t vh, parent;
  size_t count = 0;
  int r = -1;

  vh = guestfs_hivex_node_get_value (w->g, node, name);
  if (vh == -1)
    return -1;
  if (vh == 0)
    return 0;
  if (node == guestfs_hivex_root (w->g)) {
    fprintf (stderr, "%s: [%s] \"%s\"=-: a value of the root key of a "
             "hive cannot be deleted\n", w->program, op->path, name);
    return -1;
  }
  if (w->debug)
    fprintf (stderr, "%s: deleting [%s] \"%s\" (the key is rewritten)\n",
             w->program, op->path, name);
  parent = guestfs_hivex_node_parent (w->g, node);
  if (parent > 0 && save_key (w, node, name, &k, 0, &count) == 0 &&
      guestfs_hivex_node_delete_child (w->g, node) == 0 &&
      restore_key (w, parent, &k) == 0)
    r = 0;
  saved_key_release (&k);
  return r;
}

/* Applies one op to the open hive. */
static int
merge_op (struct winreg *w, const struct reg_op *op, const char *subpath)
{
  int64_t node, root;
  size_t i;

  if (op->delete) {
    guestfs_push_error_handler (w->g, NULL, NULL);
    node = winreg_lookup (w, subpath, false, NULL);
    guestfs_pop_error_handler (w->g);
    if (node <= 0)
      return 0;                 /* deleting what is not there is fine */
    root = guestfs_hivex_root (w->g);
    if (node == root) {
      fprintf (stderr, "%s: %s: the root key of a hive cannot be deleted\n",
               w->program, op->path);
      return -1;
    }
    return guestfs_hivex_node_delete_child (w->g, node);
  }

  node = winreg_lookup (w, subpath, true, NULL);
  if (node <= 0)
    return -1;
  for (i = 0; i < op->nr_values; ++i) {
    const struct reg_value *v = &op->values[i];

    if (v->delete) {
      /* The node is rewritten: look it up again for what follows. */
      if (delete_value (w, op, node, v->name) == -1)
        return -1;
      node = winreg_lookup (w, subpath, true, NULL);
      if (node <= 0)
        return -1;
      continue;
    }
    if (guestfs_hivex_node_set_value (w->g, node, v->name, v->type,
                                      v->data, v->len) == -1)
      return -1;
  }
  return 0;
}

int
winreg_check_merge (const char *program, const struct reg_file *rf)
{
  size_t i;

  for (i = 0; i < rf->nr_ops; ++i)
    if (winreg_path_supported (program, rf->ops[i].path) == -1)
      return -1;
  return 0;
}

int
winreg_merge (struct winreg *w, const struct reg_file *rf)
{
  struct winreg_hive *hvs;
  bool *done;
  size_t i, j;
  int r = 0;

  if (winreg_check_merge (w->program, rf) == -1)
    return -1;

  hvs = calloc (rf->nr_ops ? rf->nr_ops : 1, sizeof *hvs);
  done = calloc (rf->nr_ops ? rf->nr_ops : 1, sizeof *done);
  if (hvs == NULL || done == NULL) {
    perror ("calloc");
    free (hvs);
    free (done);
    return -1;
  }
  for (i = 0; i < rf->nr_ops && r == 0; ++i)
    if (winreg_map_path (w, rf->ops[i].path, &hvs[i]) == -1)
      r = -1;

  /* One hive open at a time: each hive's ops in file order, then one
   * commit per hive.
   */
  for (i = 0; i < rf->nr_ops && r == 0; ++i) {
    if (done[i])
      continue;
    if (winreg_open (w, &hvs[i], true) == -1) {
      r = -1;
      break;
    }
    for (j = i; j < rf->nr_ops && r == 0; ++j) {
      if (done[j] || strcmp (hvs[j].file, hvs[i].file) != 0)
        continue;
      done[j] = true;
      if (w->debug)
        fprintf (stderr, "%s: merging [%s]\n", w->program, rf->ops[j].path);
      r = merge_op (w, &rf->ops[j], hvs[j].subpath);
    }
    if (r == 0 && guestfs_hivex_commit (w->g, NULL) == -1)
      r = -1;
    guestfs_hivex_close (w->g);
  }

  for (i = 0; i < rf->nr_ops; ++i)
    winreg_hive_free (&hvs[i]);
  free (hvs);
  free (done);
  return r;
}

void
winreg_free (struct winreg *w)
{
  free (w->systemroot);
  w->systemroot = NULL;
}
