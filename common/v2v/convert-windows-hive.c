/* careen - offline disk-image toolkit
 * Registry edits of the Windows converter through the hivex_* calls:
 * the appliance opens the hive file inside the guest, so nothing of the
 * guest is copied to the host.  One hive is open at a time; the
 * converter opens it, makes every change and commits, or closes it on
 * failure so that the file is left as it was.
 *
 * Strings are stored as Windows stores them: UTF-16LE with a final NUL
 * (a REG_MULTI_SZ ends with one more NUL).
 */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "convert-windows.h"

/* Longest string the converter writes, in bytes of UTF-8: its own
 * values are paths and command lines, far shorter than this.
 */
#define WINREG_MAX_STRING 4096

int
winreg_open_hive (guestfs_h *g, const char *path)
{
  if (guestfs_hivex_open (g, path, GUESTFS_HIVEX_OPEN_WRITE, 1, -1) == -1) {
    v2v_error ("cannot open the registry hive '%s': %s",
               path, guestfs_last_error (g));
    return -1;
  }
  return 0;
}

int
winreg_commit_hive (guestfs_h *g)
{
  if (guestfs_hivex_commit (g, NULL) == -1) {
    v2v_error ("cannot write the registry hive: %s", guestfs_last_error (g));
    return -1;
  }
  if (guestfs_hivex_close (g) == -1) {
    v2v_error ("cannot close the registry hive: %s", guestfs_last_error (g));
    return -1;
  }
  return 0;
}

void
winreg_close_hive (guestfs_h *g)
{
  guestfs_push_error_handler (g, NULL, NULL);
  guestfs_hivex_close (g);
  guestfs_pop_error_handler (g);
}

int64_t
winreg_node (guestfs_h *g, int64_t parent, const char *path, bool create)
{
  CLEANUP_FREE char *copy = strdup (path);
  char *name, *save = NULL;
  int64_t node = parent;

  if (copy == NULL) {
    v2v_error ("out of memory");
    return -1;
  }
  for (name = strtok_r (copy, "\\", &save); name != NULL;
       name = strtok_r (NULL, "\\", &save)) {
    int64_t child = guestfs_hivex_node_get_child (g, node, name);

    if (child == -1) {
      v2v_error ("registry key '%s': %s", path, guestfs_last_error (g));
      return -1;
    }
    if (child == 0) {
      if (!create)
        return 0;
      child = guestfs_hivex_node_add_child (g, node, name);
      if (child <= 0) {
        v2v_error ("cannot add the registry key '%s' of '%s': %s",
                   name, path, guestfs_last_error (g));
        return -1;
      }
    }
    node = child;
  }
  return node;
}

static int
set_value (guestfs_h *g, int64_t node, const char *key, int type,
           const char *data, size_t len)
{
  if (guestfs_hivex_node_set_value (g, node, key, type, data, len) == -1) {
    v2v_error ("cannot set the registry value '%s': %s",
               key, guestfs_last_error (g));
    return -1;
  }
  return 0;
}

int
winreg_set_dword (guestfs_h *g, int64_t node, const char *key, uint32_t v)
{
  char le[4] = {
    (char) (v & 0xff), (char) ((v >> 8) & 0xff),
    (char) ((v >> 16) & 0xff), (char) ((v >> 24) & 0xff),
  };

  return set_value (g, node, key, WINREG_DWORD, le, sizeof le);
}

int
winreg_set_binary (guestfs_h *g, int64_t node, const char *key,
                   const char *data, size_t len)
{
  return set_value (g, node, key, WINREG_BINARY, data, len);
}

/* Appends S as UTF-16LE with its final NUL to BUF at *POS.  BUF has
 * room for 4 bytes per input byte plus 2, which UTF-16 never exceeds.
 * Bytes that are not UTF-8 are taken as Latin-1.
 */
static void
append_utf16le (char *buf, size_t *pos, const char *s)
{
  const unsigned char *p = (const unsigned char *) s;

  while (*p) {
    uint32_t c = *p;
    size_t n = 0, k;

    if (c >= 0xf0 && c < 0xf8) { c &= 0x07; n = 3; }
    else if (c >= 0xe0 && c < 0xf0) { c &= 0x0f; n = 2; }
    else if (c >= 0xc0 && c < 0xe0) { c &= 0x1f; n = 1; }
    for (k = 1; k <= n; ++k) {
      if ((p[k] & 0xc0) != 0x80) {
        c = *p;                 /* not UTF-8: one Latin-1 byte */
        n = 0;
        break;
      }
      c = (c << 6) | (p[k] & 0x3f);
    }
    p += n + 1;
    if (c >= 0x10000) {
      uint32_t hi = 0xd800 + ((c - 0x10000) >> 10);
      uint32_t lo = 0xdc00 + ((c - 0x10000) & 0x3ff);
      buf[(*pos)++] = (char) (hi & 0xff);
      buf[(*pos)++] = (char) (hi >> 8);
      c = lo;
    }
    buf[(*pos)++] = (char) (c & 0xff);
    buf[(*pos)++] = (char) (c >> 8);
  }
  buf[(*pos)++] = 0;
  buf[(*pos)++] = 0;
}

int
winreg_set_string (guestfs_h *g, int64_t node, const char *key,
                   int type, const char *s)
{
  CLEANUP_FREE char *buf = NULL;
  size_t len = strlen (s), pos = 0;

  if (len > WINREG_MAX_STRING) {
    v2v_error ("registry value '%s' is too long (%zu bytes)", key, len);
    return -1;
  }
  buf = malloc (4 * len + 2);
  if (buf == NULL) {
    v2v_error ("out of memory");
    return -1;
  }
  append_utf16le (buf, &pos, s);
  return set_value (g, node, key, type, buf, pos);
}

int
winreg_set_multi_sz (guestfs_h *g, int64_t node, const char *key,
                     const char *const *strs)
{
  CLEANUP_FREE char *buf = NULL;
  size_t total = 0, pos = 0, k;

  for (k = 0; strs[k] != NULL; ++k)
    total += strlen (strs[k]);
  if (total > WINREG_MAX_STRING) {
    v2v_error ("registry value '%s' is too long (%zu bytes)", key, total);
    return -1;
  }
  buf = malloc (4 * total + 2 * k + 2);
  if (buf == NULL) {
    v2v_error ("out of memory");
    return -1;
  }
  for (k = 0; strs[k] != NULL; ++k)
    append_utf16le (buf, &pos, strs[k]);
  buf[pos++] = 0;
  buf[pos++] = 0;
  return set_value (g, node, key, WINREG_MULTI_SZ, buf, pos);
}

/* The value KEY of NODE and its type: the value handle, 0 when it is
 * missing, -1 on error (printed).
 */
static int64_t
get_value (guestfs_h *g, int64_t node, const char *key, int64_t *type_r)
{
  int64_t v = guestfs_hivex_node_get_value (g, node, key);

  if (v == -1) {
    v2v_error ("registry value '%s': %s", key, guestfs_last_error (g));
    return -1;
  }
  if (v == 0)
    return 0;
  *type_r = guestfs_hivex_value_type (g, v);
  if (*type_r == -1) {
    v2v_error ("registry value '%s': %s", key, guestfs_last_error (g));
    return -1;
  }
  return v;
}

char *
winreg_get_string (guestfs_h *g, int64_t node, const char *key,
                   bool *missing_r)
{
  int64_t type = 0, v;
  char *s;

  *missing_r = false;
  v = get_value (g, node, key, &type);
  if (v == -1)
    return NULL;
  if (v == 0 || (type != WINREG_SZ && type != WINREG_EXPAND_SZ)) {
    *missing_r = true;
    return NULL;
  }
  s = guestfs_hivex_value_string (g, v);
  if (s == NULL)
    v2v_error ("registry value '%s': %s", key, guestfs_last_error (g));
  return s;
}

int
winreg_get_dword (guestfs_h *g, int64_t node, const char *key,
                  uint32_t *v_r)
{
  CLEANUP_FREE char *data = NULL;
  int64_t type = 0, v;
  size_t size = 0;
  const unsigned char *u;

  v = get_value (g, node, key, &type);
  if (v == -1)
    return -1;
  if (v == 0 || type != WINREG_DWORD)
    return 1;
  data = guestfs_hivex_value_value (g, v, &size);
  if (data == NULL) {
    v2v_error ("registry value '%s': %s", key, guestfs_last_error (g));
    return -1;
  }
  if (size != 4)
    return 1;
  u = (const unsigned char *) data;
  *v_r = u[0] | (u[1] << 8) | (u[2] << 16) | ((uint32_t) u[3] << 24);
  return 0;
}
