/* careen - offline disk-image toolkit
 * The serial console and network driver settings of the old
 * hypervisor: Xen PV guests talk on xvc0/hvc0, which KVM's serial port
 * is not; interface names pinned to the old MAC addresses and
 * "alias eth0 e1000"-style module aliases keep the virtio NIC from
 * coming up as eth0.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "convert-linux.h"

/* Boot loader files that carry the kernel command line. */
static const char *const console_files[] = {
  "/boot/grub/grub.cfg", "/boot/grub2/grub.cfg", "/etc/default/grub",
  "/boot/grub/menu.lst", "/boot/grub/grub.conf", "/etc/grub.conf",
  "/etc/sysconfig/grub",
  NULL
};

/* Replaces every FROM in S by TO; returns a new string and the count
 * in *count, or NULL on ENOMEM.
 */
static char *
replace_all (const char *s, const char *from, const char *to, size_t *count)
{
  char *out = NULL;
  size_t size = 0;
  FILE *fp = open_memstream (&out, &size);
  const char *p;

  if (fp == NULL)
    return NULL;
  while ((p = strstr (s, from)) != NULL) {
    fwrite (s, 1, p - s, fp);
    fputs (to, fp);
    s = p + strlen (from);
    (*count)++;
  }
  fputs (s, fp);
  if (fclose (fp) == EOF) {
    free (out);
    return NULL;
  }
  return out;
}

/* Applies the replacements FROM[k] -> TO[k] to PATH, if it exists. */
static int
edit_file (struct linux_guest *lg, const char *path,
           const char *const *from, const char *const *to)
{
  CLEANUP_FREE char *content = NULL;
  CLEANUP_FREE char *real = NULL;
  bool absent;
  size_t k, count = 0;

  content = linux_read_config (lg->g, path, &real, &absent);
  if (content == NULL)
    return absent ? 0 : -1;
  for (k = 0; from[k] != NULL; ++k) {
    char *next = replace_all (content, from[k], to[k], &count);

    if (next == NULL) {
      v2v_error ("'%s': %s", path, strerror (errno));
      return -1;
    }
    free (content);
    content = next;
  }
  if (count == 0)
    return 0;
  return linux_write_config (lg->g, real, content);
}

int
linux_fix_console (struct linux_guest *lg)
{
  static const char *const from[] = { "console=xvc0", "console=hvc0", NULL };
  static const char *const to[] = { "console=ttyS0", "console=ttyS0", NULL };
  static const char *const tty_from[] = { "xvc0", NULL };
  static const char *const tty_to[] = { "ttyS0", NULL };
  size_t n;

  for (n = 0; console_files[n] != NULL; ++n)
    if (edit_file (lg, console_files[n], from, to) == -1)
      return -1;
  /* The getty of Xen's console in SysV init. */
  return edit_file (lg, "/etc/inittab", tty_from, tty_to);
}

char *
linux_alias_text (const char *content, bool virtio_net, bool virtio_blk,
                  bool *changed)
{
  char *out = NULL;
  size_t size = 0;
  const char *line, *next;
  FILE *fp;

  *changed = false;
  fp = open_memstream (&out, &size);
  if (fp == NULL)
    return NULL;
  for (line = content; *line != '\0'; line = next) {
    size_t len = strcspn (line, "\n");
    char copy[256], alias[64], driver[64];
    const char *want = NULL;
    int used = 0;

    next = line + len + (line[len] == '\n');
    /* Longer lines are no alias lines careen rewrites. */
    if (len < sizeof copy) {
      memcpy (copy, line, len);
      copy[len] = '\0';
      if (sscanf (copy, " alias %63s %63s %n", alias, driver, &used) == 2 &&
          copy[used] == '\0') {
        if (strncmp (alias, "eth", 3) == 0 && virtio_net)
          want = "virtio_net";
        else if (strncmp (alias, "scsi_hostadapter", 16) == 0 && virtio_blk)
          want = "virtio_blk";
      }
    }
    if (want != NULL && strcmp (driver, want) != 0) {
      fprintf (fp, "alias %s %s\n", alias, want);
      *changed = true;
    }
    else {
      fwrite (line, 1, len, fp);
      fputc ('\n', fp);
    }
  }
  if (fclose (fp) == EOF) {
    free (out);
    return NULL;
  }
  return out;
}

/* The old hypervisor's aliases in PATH pointed at virtio. */
static int
fix_aliases (struct linux_guest *lg, const char *path)
{
  CLEANUP_FREE char *content = NULL;
  CLEANUP_FREE char *real = NULL;
  CLEANUP_FREE char *out = NULL;
  bool absent, changed;

  content = linux_read_config (lg->g, path, &real, &absent);
  if (content == NULL)
    return absent ? 0 : -1;
  out = linux_alias_text (content, lg->virtio_net,
                          lg->block_bus == V2V_BUS_VIRTIO_BLK, &changed);
  if (out == NULL) {
    v2v_error ("'%s': %s", path, strerror (errno));
    return -1;
  }
  if (!changed)
    return 0;
  return linux_write_config (lg->g, real, out);
}

int
linux_fix_network (struct linux_guest *lg)
{
  static const char *const rules[] = {
    "/etc/udev/rules.d/70-persistent-net.rules",
    "/etc/udev/rules.d/75-persistent-net-generator.rules",
  };
  CLEANUP_FREE_STRING_LIST char **confs = NULL;
  size_t n;

  /* Interface names pinned to the source's MAC addresses: the new NIC
   * would become eth1 and the configuration for eth0 unused.
   */
  for (n = 0; n < sizeof rules / sizeof rules[0]; ++n)
    if (linux_is_file (lg->g, rules[n]) && guestfs_rm (lg->g, rules[n]) == -1)
      return -1;

  if (fix_aliases (lg, "/etc/modprobe.conf") == -1 ||
      fix_aliases (lg, "/etc/modules.conf") == -1)
    return -1;
  confs = guestfs_glob_expand (lg->g, "/etc/modprobe.d/*.conf");
  if (confs == NULL)
    return -1;
  for (n = 0; confs[n] != NULL; ++n)
    if (fix_aliases (lg, confs[n]) == -1)
      return -1;
  return 0;
}
