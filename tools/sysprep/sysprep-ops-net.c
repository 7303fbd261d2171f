/** careen - offline disk-image toolkit
 *
 * virt-sysprep: network configuration tied to one machine: the
 * HOSTNAME / DHCP_HOSTNAME and HWADDR keys of the Red Hat family's
 * ifcfg files, and NetworkManager's keyfile connection profiles (which
 * carry the MAC address and UUID of the original interface).
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs.h"
#include "cleanups.h"
#include "sysprep.h"

/* Largest ifcfg file rewritten: they are a few hundred bytes; a huge
 * one is not a configuration file and is left alone.
 */
#define SYSPREP_MAX_IFCFG (1024 * 1024)

static bool
line_has_key (const char *line, size_t len, const char *const *keys)
{
  size_t i;

  for (i = 0; keys[i] != NULL; ++i) {
    size_t lk = strlen (keys[i]);

    if (len > lk && strncmp (line, keys[i], lk) == 0 && line[lk] == '=')
      return true;
  }
  return false;
}

/* Drops the lines of PATH that set one of KEYS (the shell syntax
 * "KEY=value" at the start of a line), keeping every other byte.
 */
static int
drop_keys (struct sysprep_ctx *ctx, const char *path,
           const char *const *keys, const char *what)
{
  CLEANUP_FREE char *content = NULL, *out = NULL;
  size_t size, pos = 0, outlen = 0;
  bool changed = false;
  int r;

  r = guestfs_is_file (ctx->g, path);
  if (r <= 0)
    return r;
  content = guestfs_read_file (ctx->g, path, &size);
  if (content == NULL)
    return -1;
  if (size > SYSPREP_MAX_IFCFG) {
    fprintf (stderr, "%s: %s is too large for a network configuration "
             "file (ignored)\n", SYSPREP_PROGRAM, path);
    return 0;
  }
  out = malloc (size + 1);
  if (out == NULL) {
    perror ("malloc");
    return -1;
  }
  while (pos < size) {
    const char *nl = memchr (content + pos, '\n', size - pos);
    size_t len = nl ? (size_t) (nl - (content + pos)) + 1 : size - pos;

    if (line_has_key (content + pos, len, keys))
      changed = true;
    else {
      memcpy (out + outlen, content + pos, len);
      outlen += len;
    }
    pos += len;
  }
  if (!changed)
    return 0;
  return sysprep_rewrite (ctx, path, out, outlen, what);
}

static int
edit_ifcfg (struct sysprep_ctx *ctx, const char *const *keys,
            const char *what)
{
  CLEANUP_FREE_STRING_LIST char **paths = NULL;
  size_t i;

  if (!sysprep_is_redhat (ctx))
    return 0;
  paths = guestfs_glob_expand_opts (ctx->g,
                                    "/etc/sysconfig/network-scripts/ifcfg-*",
                                    GUESTFS_GLOB_EXPAND_OPTS_DIRECTORYSLASH,
                                    0, -1);
  if (paths == NULL)
    return -1;
  for (i = 0; paths[i] != NULL; ++i)
    if (drop_keys (ctx, paths[i], keys, what) == -1)
      return -1;
  return 0;
}

int
sysprep_net_hostname (struct sysprep_ctx *ctx)
{
  static const char *const keys[] = { "HOSTNAME", "DHCP_HOSTNAME", NULL };
  return edit_ifcfg (ctx, keys, "remove HOSTNAME and DHCP_HOSTNAME");
}

int
sysprep_net_hwaddr (struct sysprep_ctx *ctx)
{
  static const char *const keys[] = { "HWADDR", NULL };
  return edit_ifcfg (ctx, keys, "remove HWADDR");
}

int
sysprep_net_nmconn (struct sysprep_ctx *ctx)
{
  if (!sysprep_is_redhat (ctx))
    return 0;
  return sysprep_remove_glob (ctx,
                              "/etc/NetworkManager/system-connections/"
                              "*.nmconnection");
}
