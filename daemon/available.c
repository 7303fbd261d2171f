/* careen - offline disk-image toolkit */

/**
 * Optional parts of the API: filesystem_available, feature_available,
 * available and available_all_groups.
 *
 * A group is available when everything its calls need is in this
 * appliance: the host tools (the appliance copies only those the host
 * has) and the kernel's filesystem drivers.  The answer comes from
 * looking, never from a fixed list, so it stays honest whatever the
 * appliance was built from.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "procedures-gen.h"

/* Longest filesystem name taken (it becomes a modprobe argument). */
#define FS_NAME_MAX 32
/* Lines of /proc/filesystems read at most (there are a few dozen). */
#define PROC_FILESYSTEMS_MAX_LINES 1024

struct group {
  const char *name;
  const char *programs[8];      /* all needed, NULL-terminated */
  const char *filesystems[4];   /* kernel filesystems needed */
  const char *calls[4];         /* daemon calls careen must have */
};

/* Every group libguestfs 1.48 has, named as it names them, so that a
 * program asking about any of them gets an answer rather than an
 * error.  A group whose calls careen does not have (yet) is not
 * available: its calls fail with ENOTSUP.
 */
static const struct group groups[] = {
  { "acl", { "getfacl", "setfacl" }, { NULL },
    { "acl_get_file", "acl_set_file" } },
  { "blkdiscard", { NULL }, { NULL }, { NULL } }, /* BLKDISCARD ioctl */
  { "blkdiscardzeroes", { NULL }, { NULL }, { NULL } },
  { "btrfs", { "mkfs.btrfs", "btrfs", "btrfstune" }, { "btrfs" }, { NULL } },
  { "extlinux", { "extlinux" }, { NULL }, { "extlinux" } },
  { "f2fs", { "mkfs.f2fs", "resize.f2fs" }, { NULL }, { "f2fs_expand" } },
  { "fstrim", { NULL }, { NULL }, { NULL } },     /* FITRIM ioctl */
  { "gdisk", { "sgdisk" }, { NULL }, { NULL } },
  { "grub", { "grub-install" }, { NULL }, { "grub_install" } },
  { "hivex", { NULL }, { NULL }, { "hivex_open" } },
  { "inotify", { NULL }, { NULL }, { "inotify_init" } },
  { "journal", { NULL }, { NULL }, { "journal_open" } },
  { "ldm", { "ldmtool" }, { NULL }, { "ldmtool_scan", "list_ldm_volumes" } },
  { "libtsk", { NULL }, { NULL }, { "internal_filesystem_walk" } },
  { "libyara", { NULL }, { NULL }, { "yara_load" } },
  { "linuxcaps", { "getcap", "setcap" }, { NULL },
    { "cap_get_file", "cap_set_file" } },
  { "linuxfsuuid", { "mkswap", "blkid" }, { NULL }, { NULL } },
  { "linuxmodules", { "modprobe" }, { NULL }, { "modprobe" } },
  { "linuxxattrs", { NULL }, { NULL }, { "getxattrs", "lgetxattrs" } },
  { "luks", { "cryptsetup" }, { NULL }, { NULL } },
  { "lvm2", { "lvm" }, { NULL }, { NULL } },
  { "mdadm", { "mdadm" }, { NULL }, { NULL } },
  { "mknod", { NULL }, { NULL }, { "mknod", "mkfifo" } },
  { "ntfs3g", { "ntfs-3g", "ntfs-3g.probe", "ntfsclone", "ntfsfix" },
    { "fuse" }, { NULL } },
  { "ntfsprogs", { "mkntfs", "ntfsresize", "ntfslabel" }, { NULL }, { NULL } },
  { "rsync", { "rsync" }, { NULL }, { "rsync_in", "rsync_out" } },
  { "scrub", { "scrub" }, { NULL }, { "scrub_file" } },
  /* selinuxfs is registered only when SELinux runs. */
  { "selinux", { NULL }, { "selinuxfs" }, { "getcon", "setcon" } },
  { "selinuxrelabel", { "setfiles" }, { NULL }, { "selinux_relabel" } },
  { "sleuthkit", { "icat", "blkls" }, { NULL },
    { "download_inode", "download_blocks" } },
  { "squashfs", { "mksquashfs" }, { NULL }, { "mksquashfs" } },
  { "syslinux", { "syslinux" }, { NULL }, { "syslinux" } },
  { "wipefs", { "wipefs" }, { NULL }, { "wipefs" } },
  /* xfs_admin is a script that needs expr. */
  { "xfs", { "mkfs.xfs", "xfs_admin", "xfs_db", "xfs_growfs", "xfs_info",
             "xfs_repair", "expr" }, { "xfs" }, { NULL } },
  { "xz", { "xz" }, { NULL }, { NULL } },
  { "zerofree", { "zerofree" }, { NULL }, { NULL } },
  { NULL, { NULL }, { NULL }, { NULL } }
};

/* Whether the daemon has the call (procedures-gen.h lists them all). */
static bool
has_call (const char *name)
{
  const struct daemon_procedure *p;

  for (p = daemon_procedures; p->name; ++p)
    if (strcmp (p->name, name) == 0)
      return true;
  return false;
}

static bool
in_proc_filesystems (const char *fs)
{
  CLEANUP_FCLOSE FILE *fp = fopen ("/proc/filesystems", "re");
  CLEANUP_FREE char *line = NULL;
  size_t alloc = 0, n = 0;

  if (fp == NULL)
    return false;
  /* "nodev\tproc" or "\text4" */
  while (getline (&line, &alloc, fp) != -1 &&
         n++ < PROC_FILESYSTEMS_MAX_LINES) {
    char *name = strchr (line, '\t');

    if (name == NULL)
      continue;
    name++;
    name[strcspn (name, "\n")] = '\0';
    if (strcmp (name, fs) == 0)
      return true;
  }
  return false;
}

/* True if the kernel has the filesystem, loading its module if that is
 * what it takes.  -1 (replied) if fs is not a plausible name.
 */
static int
kernel_has_filesystem (const char *fs)
{
  size_t i;

  if (*fs == '\0' || strlen (fs) > FS_NAME_MAX) {
    reply_with_error_errno (EINVAL, "invalid filesystem name: %s", fs);
    return -1;
  }
  for (i = 0; fs[i]; ++i) {
    char c = fs[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
          (c == '-' && i > 0) || c == '.')) {
      reply_with_error_errno (EINVAL, "invalid filesystem name: %s", fs);
      return -1;
    }
  }
  if (in_proc_filesystems (fs))
    return 1;
  /* Not loaded yet: ask for it by the alias the kernel itself uses
   * ("fs-ext2" is provided by ext4).  The module's absence is the
   * answer, so a failure is not an error.
   */
  {
    char alias[FS_NAME_MAX + 4];

    snprintf (alias, sizeof alias, "fs-%s", fs);
    command (NULL, NULL, "modprobe", "-q", "--", alias, NULL);
  }
  return in_proc_filesystems (fs);
}

int
do_filesystem_available (const char *filesystem)
{
  /* NTFS is mounted through ntfs-3g (FUSE) when the kernel has no
   * read-write NTFS driver.
   */
  if (strcmp (filesystem, "ntfs") == 0) {
    int r = kernel_has_filesystem ("ntfs3");
    if (r != 0)
      return r;
    if (!program_exists ("ntfs-3g"))
      return 0;
    return kernel_has_filesystem ("fuse");
  }
  return kernel_has_filesystem (filesystem);
}

/* 1 if available, 0 if not, -1 (replied) on error. */
static int
group_available (const struct group *gr)
{
  size_t i;

  for (i = 0; i < 4 && gr->calls[i]; ++i)
    if (!has_call (gr->calls[i]))
      return 0;
  for (i = 0; i < 8 && gr->programs[i]; ++i)
    if (!program_exists (gr->programs[i]))
      return 0;
  for (i = 0; i < 4 && gr->filesystems[i]; ++i) {
    int r = kernel_has_filesystem (gr->filesystems[i]);
    if (r != 1)
      return r;
  }
  return 1;
}

static const struct group *
find_group (const char *name)
{
  const struct group *gr;

  for (gr = groups; gr->name; ++gr)
    if (strcmp (gr->name, name) == 0)
      return gr;
  return NULL;
}

/* For each group: 1 all available, 0 the first unavailable in
 * *missing_r, -1 (replied) on error or an unknown group.
 */
static int
groups_available (char *const *names, const char **missing_r)
{
  size_t i;

  for (i = 0; names[i] != NULL; ++i) {
    const struct group *gr = find_group (names[i]);
    int r;

    if (gr == NULL) {
      reply_with_error_errno (EINVAL, "%s: unknown group", names[i]);
      return -1;
    }
    r = group_available (gr);
    if (r != 1) {
      *missing_r = names[i];
      return r;
    }
  }
  return 1;
}

int
do_feature_available (char *const *names)
{
  const char *missing;

  return groups_available (names, &missing);
}

int
do_available (char *const *names)
{
  const char *missing = NULL;
  int r = groups_available (names, &missing);

  if (r == 0) {
    reply_with_error_errno (ENOTSUP, "%s: group not available in this "
                            "appliance", missing);
    return -1;
  }
  return r == 1 ? 0 : -1;
}

char **
do_available_all_groups (void)
{
  struct stringsbuf sb;
  const struct group *gr;
  char **r;

  stringsbuf_init (&sb);
  for (gr = groups; gr->name; ++gr) {
    if (stringsbuf_add_string (&sb, gr->name) == -1) {
      stringsbuf_release (&sb);
      reply_with_perror ("malloc");
      return NULL;
    }
  }
  r = stringsbuf_finish (&sb);
  if (r == NULL)
    reply_with_perror ("malloc");
  return r;
}
