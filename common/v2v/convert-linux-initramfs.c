/* careen - offline disk-image toolkit
 * The initramfs of each kernel, rebuilt with the virtio drivers by the
 * guest's own tool, chrooted in the guest: a guest built for IDE or
 * SATA disks has only those drivers in its initramfs and cannot find
 * its root on a virtio disk.  The tool is chosen by what the guest
 * has, not by its name, so a distribution careen does not know works
 * when it uses one of the common tools.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "stringsbuf.h"
#include "convert-linux.h"

/* The drivers every initramfs gets, where the kernel has them as
 * modules: the disk, network and console drivers and the buses they
 * sit on.  virtio_pci_*_dev are split out of virtio_pci since 5.14.
 */
static const char *const initramfs_modules[] = {
  "virtio", "virtio_ring", "virtio_pci", "virtio_pci_legacy_dev",
  "virtio_pci_modern_dev", "virtio_blk", "virtio_scsi", "virtio_net",
  "virtio_console", "virtio_rng", "virtio_balloon",
};
#define NR_INITRAMFS_MODULES \
  (sizeof initramfs_modules / sizeof initramfs_modules[0])

enum initramfs_tool {
  TOOL_INITRAMFS_TOOLS,  /* Debian, Ubuntu */
  TOOL_DRACUT,           /* Fedora, RHEL 6+, SUSE 12+ */
  TOOL_MKINITCPIO,       /* Arch */
  TOOL_MKINITFS,         /* Alpine */
  TOOL_MKINITRD,         /* RHEL 5, SLES 11 */
};

struct tool_choice {
  enum initramfs_tool tool;
  const char *paths[5];  /* where the guest has it */
};

/* In order of preference: a guest with dracut installed beside an
 * older tool uses dracut, but Debian's update-initramfs comes first: a
 * Debian may have dracut-core installed beside initramfs-tools, whose
 * image is the one it boots.
 */
static const struct tool_choice tools[] = {
  { TOOL_INITRAMFS_TOOLS, { "/usr/sbin/update-initramfs",
                            "/sbin/update-initramfs", NULL } },
  { TOOL_DRACUT, { "/usr/bin/dracut", "/usr/sbin/dracut", "/sbin/dracut",
                   NULL } },
  { TOOL_MKINITCPIO, { "/usr/bin/mkinitcpio", "/usr/sbin/mkinitcpio", NULL } },
  { TOOL_MKINITFS, { "/sbin/mkinitfs", "/usr/sbin/mkinitfs", NULL } },
  { TOOL_MKINITRD, { "/sbin/mkinitrd", "/usr/sbin/mkinitrd",
                     "/usr/bin/mkinitrd", NULL } },
};
#define NR_TOOLS (sizeof tools / sizeof tools[0])

/* The modules of INITRAMFS_MODULES that K has as files: the others are
 * built in (nothing to add) or absent (the tools fail on them).
 */
static char **
modules_to_add (const struct linux_kernel *k)
{
  struct stringsbuf sb;
  size_t n;

  stringsbuf_init (&sb);
  for (n = 0; n < NR_INITRAMFS_MODULES; ++n)
    if (linux_kernel_has_module_file (k, initramfs_modules[n]) &&
        stringsbuf_add_string (&sb, initramfs_modules[n]) == -1) {
      stringsbuf_release (&sb);
      return NULL;
    }
  return stringsbuf_finish (&sb);
}

/* Whether line-oriented CONTENT has a line that is exactly WORD (what
 * the modules lists of initramfs-tools look like).
 */
static bool
has_line (const char *content, const char *word)
{
  size_t len = strlen (word);
  const char *p = content;

  while ((p = strstr (p, word)) != NULL) {
    if ((p == content || p[-1] == '\n') &&
        (p[len] == '\0' || p[len] == '\n' || p[len] == ' ' || p[len] == '\t'))
      return true;
    p += len;
  }
  return false;
}

/* initramfs-tools: /etc/initramfs-tools/modules lists modules to add,
 * one a line; they are included even under MODULES=list.
 */
static int
add_initramfs_tools_modules (struct linux_guest *lg, char *const *mods)
{
  static const char path[] = "/etc/initramfs-tools/modules";
  CLEANUP_FREE char *content = NULL;
  CLEANUP_FREE char *real = NULL;
  CLEANUP_FREE char *out = NULL;
  size_t n, size = 0;
  bool absent, changed = false;
  FILE *fp;

  content = linux_read_config (lg->g, path, &real, &absent);
  if (content == NULL && !absent)
    return -1;
  fp = open_memstream (&out, &size);
  if (fp == NULL)
    goto out_nomem;
  if (content != NULL) {
    fputs (content, fp);
    /* A last line without its newline would join the first module. */
    if (content[0] != '\0' && content[strlen (content) - 1] != '\n')
      fputc ('\n', fp);
  }
  for (n = 0; mods[n] != NULL; ++n)
    if (content == NULL || !has_line (content, mods[n])) {
      fprintf (fp, "%s\n", mods[n]);
      changed = true;
    }
  if (fclose (fp) == EOF)
    goto out_nomem;
  if (!changed)
    return 0;
  return linux_write_config (lg->g, real ? real : path, out);

 out_nomem:
  v2v_error ("'%s': %s", path, strerror (errno));
  return -1;
}

/* Whether the list INNER (words separated by blanks) has WORD. */
static bool
has_word (const char *inner, size_t len, const char *word)
{
  size_t wlen = strlen (word);
  size_t n = 0;

  while (n < len) {
    size_t w;

    n += strspn (inner + n, " \t");
    w = strcspn (inner + n, " \t");
    if (n + w > len)
      w = len - n;
    if (w == wlen && strncmp (inner + n, word, wlen) == 0)
      return true;
    n += w;
  }
  return false;
}

char *
linux_shell_list_add (const char *content, const char *name, bool array,
                      char *const *words)
{
  char *out = NULL;
  size_t n, size = 0, plen = strlen (name) + 1;
  FILE *fp;
  const char *line, *next;
  bool done = false;

  fp = open_memstream (&out, &size);
  if (fp == NULL)
    return NULL;
  /* Line by line, blank lines kept. */
  for (line = content; *line != '\0'; line = next) {
    size_t len = strcspn (line, "\n");
    const char *inner;
    size_t ilen;
    bool nonempty;

    next = line + len + (line[len] == '\n');
    /* Only the plain one-line form NAME=(a b) or NAME="a b" is edited
     * in place; anything else gets an addition after it below.
     */
    if (done || len < plen + 2 || strncmp (line, name, plen - 1) != 0 ||
        line[plen - 1] != '=' ||
        !((line[plen] == '(' && line[len - 1] == ')') ||
          (line[plen] == '"' && line[len - 1] == '"')) ||
        memchr (line + plen + 1, line[len - 1], len - plen - 2) != NULL) {
      fwrite (line, 1, len, fp);
      fputc ('\n', fp);
      continue;
    }
    inner = line + plen + 1;
    ilen = len - plen - 2;
    fwrite (line, 1, len - 1, fp);
    nonempty = strspn (inner, " \t") < ilen;
    for (n = 0; words[n] != NULL; ++n)
      if (!has_word (inner, ilen, words[n])) {
        fprintf (fp, "%s%s", nonempty ? " " : "", words[n]);
        nonempty = true;
      }
    fprintf (fp, "%c\n", line[len - 1]);
    done = true;
  }
  /* Appended so as to keep what an earlier, more complex definition
   * says: mkinitcpio.conf is read by bash, mkinitfs.conf by sh.
   */
  if (!done) {
    if (array)
      fprintf (fp, "%s+=(", name);
    else
      fprintf (fp, "%s=\"$%s", name, name);
    for (n = 0; words[n] != NULL; ++n)
      fprintf (fp, "%s%s", n || !array ? " " : "", words[n]);
    fprintf (fp, "%c\n", array ? ')' : '"');
  }
  if (fclose (fp) == EOF) {
    free (out);
    return NULL;
  }
  return out;
}

/* Adds WORDS to NAME's list in the guest's PATH. */
static int
add_to_shell_list (struct linux_guest *lg, const char *path, const char *name,
                   bool array, char *const *words)
{
  CLEANUP_FREE char *content = NULL;
  CLEANUP_FREE char *real = NULL;
  CLEANUP_FREE char *out = NULL;
  bool absent;

  content = linux_read_config (lg->g, path, &real, &absent);
  if (content == NULL) {
    if (absent)
      v2v_error ("'%s' is missing: cannot add the virtio drivers", path);
    return -1;
  }
  out = linux_shell_list_add (content, name, array, words);
  if (out == NULL) {
    v2v_error ("'%s': %s", path, strerror (errno));
    return -1;
  }
  if (strcmp (out, content) == 0)
    return 0;
  return linux_write_config (lg->g, real, out);
}

static int
run_tool (struct linux_guest *lg, const struct linux_kernel *k,
          enum initramfs_tool tool, const char *program, char *const *mods)
{
  CLEANUP_FREE char *drivers = strings_join (mods, " ");
  const char *argv[16];
  size_t argc = 0;
  bool exists = linux_is_file (lg->g, k->initrd);

  if (drivers == NULL) {
    v2v_error ("initramfs: %s", strerror (errno));
    return -1;
  }
  argv[argc++] = program;
  switch (tool) {
  case TOOL_INITRAMFS_TOOLS:
    if (add_initramfs_tools_modules (lg, mods) == -1)
      return -1;
    argv[argc++] = exists ? "-u" : "-c";
    argv[argc++] = "-k";
    argv[argc++] = k->version;
    break;
  case TOOL_DRACUT:
    argv[argc++] = "-f";
    /* A kernel with its virtio drivers built in has none to add, and
     * dracut refuses an empty list.
     */
    if (mods[0] != NULL) {
      argv[argc++] = "--add-drivers";
      argv[argc++] = drivers;
    }
    argv[argc++] = k->initrd;
    argv[argc++] = k->version;
    break;
  case TOOL_MKINITCPIO:
    if (add_to_shell_list (lg, "/etc/mkinitcpio.conf", "MODULES", true,
                           mods) == -1)
      return -1;
    argv[argc++] = "-k";
    argv[argc++] = k->version;
    argv[argc++] = "-g";
    argv[argc++] = k->initrd;
    break;
  case TOOL_MKINITFS: {
    const char *virtio[] = { "virtio", NULL };

    if (add_to_shell_list (lg, "/etc/mkinitfs/mkinitfs.conf", "features",
                           false, (char *const *) virtio) == -1)
      return -1;
    argv[argc++] = "-o";
    argv[argc++] = k->initrd;
    argv[argc++] = k->version;
    break;
  }
  case TOOL_MKINITRD:
    /* SUSE's mkinitrd names modules with -m and the images with -k/-i;
     * Red Hat's takes --with=MODULE for each, then IMAGE VERSION.
     */
    if (strncmp (lg->i->distro, "sles", 4) == 0 ||
        strncmp (lg->i->distro, "opensuse", 8) == 0) {
      if (mods[0] != NULL) {
        argv[argc++] = "-m";
        argv[argc++] = drivers;
      }
      argv[argc++] = "-k";
      argv[argc++] = k->vmlinuz;
      argv[argc++] = "-i";
      argv[argc++] = k->initrd;
    }
    else {
      CLEANUP_FREE_STRING_LIST char **with = NULL;
      struct stringsbuf sb;
      size_t n;
      int r;

      stringsbuf_init (&sb);
      if (stringsbuf_add_string (&sb, program) == -1 ||
          stringsbuf_add_string (&sb, "-f") == -1)
        goto out_nomem;
      for (n = 0; mods[n] != NULL; ++n)
        if (stringsbuf_add_format (&sb, "--with=%s", mods[n]) == -1)
          goto out_nomem;
      if (stringsbuf_add_string (&sb, k->initrd) == -1 ||
          stringsbuf_add_string (&sb, k->version) == -1)
        goto out_nomem;
      with = stringsbuf_finish (&sb);
      if (with == NULL)
        goto out_nomem_done;
      r = linux_run (lg, "initramfs", with);
      return r;
    out_nomem:
      stringsbuf_release (&sb);
    out_nomem_done:
      v2v_error ("initramfs: %s", strerror (errno));
      return -1;
    }
    break;
  }
  argv[argc] = NULL;
  return linux_run (lg, "initramfs", (char *const *) argv);
}

/* The rebuilt image must be there and not empty: some tools exit 0
 * when they skipped the work.
 */
static int
check_initrd (struct linux_guest *lg, const struct linux_kernel *k,
              const char *program)
{
  struct guestfs_statns *st;
  int64_t size;

  if (!linux_is_file (lg->g, k->initrd)) {
    v2v_error ("initramfs: '%s' did not make '%s' for kernel %s", program,
               k->initrd, k->version);
    return -1;
  }
  st = guestfs_statns (lg->g, k->initrd);
  if (st == NULL)
    return -1;
  size = st->st_size;
  guestfs_free_statns (st);
  if (size == 0) {
    v2v_error ("initramfs: '%s' made an empty '%s' for kernel %s", program,
               k->initrd, k->version);
    return -1;
  }
  return 0;
}

int
linux_rebuild_initramfs (struct linux_guest *lg)
{
  const char *program = NULL;
  enum initramfs_tool tool = TOOL_DRACUT;
  size_t n;

  for (n = 0; n < NR_TOOLS && program == NULL; ++n) {
    program = linux_first_file (lg->g, tools[n].paths);
    tool = tools[n].tool;
  }
  if (program == NULL) {
    v2v_error ("no initramfs tool in the guest: looked for update-initramfs, "
               "dracut, mkinitcpio, mkinitfs and mkinitrd in /sbin, "
               "/usr/sbin and /usr/bin");
    return -1;
  }

  for (n = 0; n < lg->kernels.len; ++n) {
    const struct linux_kernel *k = &lg->kernels.ptr[n];
    CLEANUP_FREE_STRING_LIST char **mods = modules_to_add (k);

    if (mods == NULL) {
      v2v_error ("initramfs: %s", strerror (errno));
      return -1;
    }
    if (!lg->o->quiet)
      v2v_progress ("Rebuilding the initramfs of kernel %s with %s",
                    k->version, program);
    if (run_tool (lg, k, tool, program, mods) == -1 ||
        check_initrd (lg, k, program) == -1)
      return -1;
  }
  return 0;
}
