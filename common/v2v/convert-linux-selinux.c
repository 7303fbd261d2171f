/* careen - offline disk-image toolkit
 * Leftovers that would confuse the converted guest's first boot: files
 * written during conversion carry no SELinux label, so a guest that
 * enforces (or logs) SELinux is asked to relabel itself; blkid's
 * caches name the old devices.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "convert-linux.h"

/* Whether /etc/selinux/config sets SELINUX=enforcing or permissive. */
static int
selinux_enabled (struct linux_guest *lg)
{
  CLEANUP_FREE char *content = NULL;
  bool absent;
  char *line, *next;

  content = linux_read_config (lg->g, "/etc/selinux/config", NULL, &absent);
  if (content == NULL)
    return absent ? 0 : -1;
  for (line = content; *line != '\0'; line = next) {
    size_t len = strcspn (line, "\n");
    const char *v;

    next = line + len + (line[len] == '\n');
    line[len] = '\0';
    line += strspn (line, " \t");
    if (strncmp (line, "SELINUX=", 8) != 0)
      continue;
    v = line + 8;
    if (*v == '"')
      v++;
    return strncmp (v, "enforcing", 9) == 0 ||
      strncmp (v, "permissive", 10) == 0;
  }
  return 0;
}

int
linux_selinux_relabel (struct linux_guest *lg)
{
  int r = selinux_enabled (lg);

  if (r <= 0)
    return r;
  return guestfs_touch (lg->g, "/.autorelabel");
}

int
linux_remove_blkid_cache (struct linux_guest *lg)
{
  static const char *const caches[] = {
    "/etc/blkid/blkid.tab", "/etc/blkid/blkid.tab.old", "/etc/blkid.tab",
    "/etc/blkid.tab.old",
  };
  size_t n;

  for (n = 0; n < sizeof caches / sizeof caches[0]; ++n)
    if (linux_is_file (lg->g, caches[n]) && guestfs_rm (lg->g, caches[n]) == -1)
      return -1;
  return 0;
}
