/* careen - offline disk-image toolkit
 * The kernel GRUB boots by default must be one with virtio drivers:
 * the converted guest's disks are on virtio, and a default kernel
 * without virtio_blk stops at "cannot find root device" although a
 * newer (or older) kernel of the same guest would boot.  When the
 * default lacks virtio_blk and another kernel has it, the default
 * becomes the best kernel (linux_best_kernel: the newest with
 * virtio_blk), and a warning says so.
 *
 * Where the default is written:
 *   GRUB legacy  default=N in grub.conf / menu.lst: N counts the
 *                title entries, each naming its kernel on its
 *                "kernel" line
 *   GRUB 2       GRUB_DEFAULT=saved (Fedora, RHEL): saved_entry in
 *                grubenv, a title, an id or a BLS entry name, each
 *                holding the kernel version, which is replaced;
 *                GRUB_DEFAULT=TITLE-OR-ID: the same in
 *                /etc/default/grub and grub.cfg's "set default";
 *                GRUB_DEFAULT=N (Debian, Ubuntu): the Nth entry of
 *                grub.cfg, and the new default is the id path
 *                ("submenu-id>entry-id") of the best kernel's first
 *                entry, written to both files
 * grubenv is a block of exactly its size (1024 bytes), padded with
 * '#': the padding is redone after the edit.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "convert-linux.h"

static const char *const legacy_files[] = {
  "/boot/grub/grub.conf", "/boot/grub/menu.lst", "/etc/grub.conf", NULL
};
static const char *const grub2_cfgs[] = {
  "/boot/grub2/grub.cfg", "/boot/grub/grub.cfg", NULL
};
static const char *const grubenvs[] = {
  "/boot/grub2/grubenv", "/boot/grub/grubenv", NULL
};

/* The kernel whose version appears in TEXT (the longest such version:
 * "6.1.0-1" is in "6.1.0-10" too), or NULL.
 */
static const struct linux_kernel *
kernel_in (const struct linux_guest *lg, const char *text, size_t len)
{
  const struct linux_kernel *r = NULL;
  size_t n;

  for (n = 0; n < lg->kernels.len; ++n) {
    const struct linux_kernel *k = &lg->kernels.ptr[n];
    size_t vl = strlen (k->version);
    const char *p;

    for (p = text; p + vl <= text + len; ++p)
      if (memcmp (p, k->version, vl) == 0 &&
          (r == NULL || vl > strlen (r->version))) {
        r = k;
        break;
      }
  }
  return r;
}

/* TEXT with the first OLD after OFFSET replaced by NEW; NULL on
 * ENOMEM (printed).
 */
static char *
replace_at (const char *text, size_t offset, const char *old, const char *new)
{
  const char *p = strstr (text + offset, old);
  char *r;

  if (p == NULL)
    return strdup (text);
  if (asprintf (&r, "%.*s%s%s", (int) (p - text), text, new,
                p + strlen (old)) == -1) {
    v2v_error ("out of memory");
    return NULL;
  }
  return r;
}

/* The line of TEXT starting (after blanks) with KEY: its start, or
 * NULL.  *VALUE_R gets what follows KEY, *LEN_R its length to the end
 * of the line.
 */
static const char *
find_line (const char *text, const char *key, const char **value_r,
           size_t *len_r)
{
  const char *line = text;

  while (line && *line) {
    const char *p = line + strspn (line, " \t");
    const char *eol = strchr (p, '\n');

    if (strncmp (p, key, strlen (key)) == 0) {
      *value_r = p + strlen (key);
      *len_r = (eol ? eol : p + strlen (p)) - *value_r;
      return line;
    }
    line = eol ? eol + 1 : NULL;
  }
  return NULL;
}

/* Edits a config file: CONTENT with [START, START+LEN) replaced by
 * NEW, written to PATH.
 */
static int
write_spliced (guestfs_h *g, const char *path, const char *content,
               size_t start, size_t len, const char *new)
{
  CLEANUP_FREE char *text = NULL;

  if (asprintf (&text, "%.*s%s%s", (int) start, content, new,
                content + start + len) == -1) {
    v2v_error ("out of memory");
    return -1;
  }
  return linux_write_config (g, path, text);
}

static void
say_switched (const struct linux_kernel *from, const struct linux_kernel *to,
              const char *where)
{
  v2v_warning ("the default kernel %s has no virtio drivers: the guest "
               "now boots kernel %s by default (%s)", from->version,
               to->version, where);
}

/* GRUB legacy: the title entries' kernels, default=N. */
static int
grub_legacy (struct linux_guest *lg, const struct linux_kernel *best,
             const char *file)
{
  CLEANUP_FREE char *content = NULL, *real = NULL;
  const struct linux_kernel *kernels[256];
  size_t nr = 0, def = 0, len;
  const char *line, *value, *dl = NULL;
  char buf[32];
  bool absent;
  size_t k;

  content = linux_read_config (lg->g, file, &real, &absent);
  if (content == NULL)
    return absent ? 0 : -1;
  /* Entries in order: each "title" starts one, its "kernel" line says
   * which kernel it boots (NULL: none of ours).
   */
  for (line = content; line && *line; ) {
    const char *p = line + strspn (line, " \t");
    const char *eol = strchr (p, '\n');
    size_t l = eol ? (size_t) (eol - p) : strlen (p);

    if (strncmp (p, "title", 5) == 0 && nr < sizeof kernels / sizeof *kernels)
      kernels[nr++] = NULL;
    else if (strncmp (p, "kernel", 6) == 0 && nr > 0 &&
             kernels[nr - 1] == NULL)
      kernels[nr - 1] = kernel_in (lg, p, l);
    else if (strncmp (p, "default", 7) == 0 && nr == 0 && dl == NULL) {
      dl = p;
      def = strtoul (p + 7 + strspn (p + 7, " \t="), NULL, 10);
    }
    line = eol ? eol + 1 : NULL;
  }
  if (def >= nr || kernels[def] == NULL || kernels[def]->virtio_blk)
    return 0;
  for (k = 0; k < nr && kernels[k] != best; ++k)
    ;
  if (k == nr)
    return 0;
  snprintf (buf, sizeof buf, "default=%zu", k);
  if (dl == NULL) {
    /* No default line: entry 0 is the default; put one first. */
    CLEANUP_FREE char *text = NULL;

    if (asprintf (&text, "%s\n%s", buf, content) == -1) {
      v2v_error ("out of memory");
      return -1;
    }
    if (linux_write_config (lg->g, real, text) == -1)
      return -1;
  }
  else {
    find_line (dl, "default", &value, &len);
    if (write_spliced (lg->g, real, content, dl - content,
                       value + len - dl, buf) == -1)
      return -1;
  }
  say_switched (kernels[def], best, file);
  return 0;
}

/* grubenv: saved_entry with OLD's version replaced by BEST's. */
static int
grub2_saved (struct linux_guest *lg, const struct linux_kernel *best)
{
  CLEANUP_FREE char *content = NULL, *real = NULL, *edited = NULL;
  CLEANUP_FREE char *padded = NULL;
  const struct linux_kernel *old;
  const char *env = linux_first_file (lg->g, grubenvs);
  const char *line, *value;
  size_t len, size, used;
  bool absent;

  if (env == NULL)
    return 0;
  content = linux_read_config (lg->g, env, &real, &absent);
  if (content == NULL)
    return absent ? 0 : -1;
  line = find_line (content, "saved_entry=", &value, &len);
  if (line == NULL)
    return 0;
  old = kernel_in (lg, value, len);
  if (old == NULL || old->virtio_blk || old == best)
    return 0;
  edited = replace_at (content, value - content, old->version,
                       best->version);
  if (edited == NULL)
    return -1;
  /* The block keeps its size: the padding absorbs the change. */
  size = strlen (content);
  used = strlen (edited);
  while (used > 0 && edited[used - 1] == '#')
    used--;
  if (used > size) {
    v2v_error ("'%s': the new saved_entry does not fit in the block", env);
    return -1;
  }
  padded = malloc (size + 1);
  if (padded == NULL) {
    v2v_error ("out of memory");
    return -1;
  }
  memcpy (padded, edited, used);
  memset (padded + used, '#', size - used);
  padded[size] = '\0';
  if (linux_write_config (lg->g, real, padded) == -1)
    return -1;
  say_switched (old, best, env);
  return 0;
}

/* grub.cfg: the id path of BEST's first entry ("submenu>entry"), or
 * NULL when no entry with an id boots it.
 */
static char *
entry_id_path (const struct linux_guest *lg, const char *cfg,
               const struct linux_kernel *best, size_t nth,
               const struct linux_kernel **nth_kernel)
{
  CLEANUP_FREE char *submenu = NULL, *entry = NULL;
  char *found = NULL;
  const char *line;
  size_t top = 0;
  bool in_submenu = false, top_entry = false;

  *nth_kernel = NULL;
  for (line = cfg; line && *line; ) {
    const char *p = line + strspn (line, " \t");
    const char *eol = strchr (p, '\n');
    size_t l = eol ? (size_t) (eol - p) : strlen (p);
    const char *id = NULL;

    /* The id is the quoted word after $menuentry_id_option. */
    if (strncmp (p, "menuentry ", 10) == 0 ||
        strncmp (p, "submenu ", 8) == 0) {
      const char *o = strstr (p, "$menuentry_id_option '");

      if (o && o < p + l)
        id = o + 22;
    }
    if (strncmp (p, "submenu ", 8) == 0) {
      free (submenu);
      submenu = id ? strndup (id, strcspn (id, "'")) : NULL;
      in_submenu = true;
      top++;
    }
    else if (strncmp (p, "menuentry ", 10) == 0) {
      free (entry);
      entry = id ? strndup (id, strcspn (id, "'")) : NULL;
      top_entry = !in_submenu;
      if (top_entry)
        top++;
    }
    else if (line[0] == '}' && in_submenu && p == line)
      in_submenu = false;
    else if (strncmp (p, "linux", 5) == 0 && entry) {
      const struct linux_kernel *k = kernel_in (lg, p, l);

      if (top_entry && top == nth + 1 && *nth_kernel == NULL)
        *nth_kernel = k;
      if (k == best && found == NULL) {
        if (in_submenu && submenu) {
          if (asprintf (&found, "%s>%s", submenu, entry) == -1)
            found = NULL;
        }
        else
          found = strdup (entry);
      }
    }
    line = eol ? eol + 1 : NULL;
  }
  return found;
}

/* GRUB 2: GRUB_DEFAULT in /etc/default/grub (a number, "saved", or a
 * title or id) and "set default" in grub.cfg.
 */
static int
grub2 (struct linux_guest *lg, const struct linux_kernel *best,
       const char *cfgfile)
{
  CLEANUP_FREE char *cfg = NULL, *cfgreal = NULL, *defs = NULL;
  CLEANUP_FREE char *defsreal = NULL, *value = NULL, *newid = NULL;
  CLEANUP_FREE char *quoted = NULL;
  const struct linux_kernel *old = NULL;
  const char *line = NULL, *v, *sline, *sv;
  size_t len = 0, slen;
  bool absent;

  cfg = linux_read_config (lg->g, cfgfile, &cfgreal, &absent);
  if (cfg == NULL)
    return absent ? 0 : -1;
  defs = linux_read_config (lg->g, "/etc/default/grub", &defsreal, &absent);
  if (defs == NULL && !absent)
    return -1;
  if (defs)
    line = find_line (defs, "GRUB_DEFAULT=", &v, &len);
  value = line ? strndup (v, len) : strdup ("0");
  if (value == NULL) {
    v2v_error ("out of memory");
    return -1;
  }
  /* Its quotes are the shell's, not part of it. */
  if ((value[0] == '"' || value[0] == '\'') && strlen (value) >= 2 &&
      value[strlen (value) - 1] == value[0]) {
    memmove (value, value + 1, strlen (value) - 2);
    value[strlen (value) - 2] = '\0';
  }
  if (strcmp (value, "saved") == 0)
    return grub2_saved (lg, best);

  sline = find_line (cfg, "set default=", &sv, &slen);
  if (value[0] >= '0' && value[0] <= '9' &&
      strspn (value, "0123456789") == strlen (value)) {
    newid = entry_id_path (lg, cfg, best, strtoul (value, NULL, 10), &old);
    if (old == NULL || old->virtio_blk || old == best || newid == NULL)
      return 0;
  }
  else {
    old = kernel_in (lg, value, strlen (value));
    if (old == NULL || old->virtio_blk || old == best)
      return 0;
    newid = replace_at (value, 0, old->version, best->version);
    if (newid == NULL)
      return -1;
  }
  if (asprintf (&quoted, "\"%s\"", newid) == -1) {
    v2v_error ("out of memory");
    return -1;
  }
  if (line && write_spliced (lg->g, defsreal, defs, v - defs, len,
                             quoted) == -1)
    return -1;
  if (sline && write_spliced (lg->g, cfgreal, cfg, sv - cfg, slen,
                              quoted) == -1)
    return -1;
  say_switched (old, best, cfgfile);
  return 0;
}

int
linux_grub_default (struct linux_guest *lg)
{
  const struct linux_kernel *best = linux_best_kernel (lg);
  const char *file;

  /* No kernel has virtio: nothing is better than the default. */
  if (best == NULL || !best->virtio_blk)
    return 0;
  file = linux_first_file (lg->g, grub2_cfgs);
  if (file)
    return grub2 (lg, best, file);
  file = linux_first_file (lg->g, legacy_files);
  if (file)
    return grub_legacy (lg, best, file);
  return 0;
}
