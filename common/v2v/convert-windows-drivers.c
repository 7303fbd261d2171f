/* careen - offline disk-image toolkit
 * The virtio drivers of a Windows guest, from VIRTIO_WIN: a directory,
 * or an ISO image of one (virtio-win.iso).  Both are laid out in one of
 * the ways virtio-win has used:
 *
 *   DRIVER/OSDIR/ARCH/FILES   viostor/w10/amd64/viostor.sys (today)
 *   ARCH/OSDIR/FILES          amd64/Win10/viostor.sys (older trees)
 *   OSDIR/ARCH/FILES          Win7/AMD64/viostor.sys (older ISOs)
 *
 * OSDIR names a Windows release (w10, 2k19 ...; older trees spell some
 * of them Win10, Wlh, Wnet, Wxp), ARCH an architecture (amd64, x86,
 * ARM64).  Names are matched without regard to case.  When a driver has
 * no directory for this release, the nearest older release of the same
 * family (client or server) is used, as its drivers still load.
 *
 * The files a driver needs to be installed (.sys, .inf, .cat, .dll) go
 * to %SystemRoot%\Drivers\VirtIO, where Windows finds them through
 * DevicePath and pnputil at first boot; the block driver's .sys goes to
 * System32\drivers as well, because it must load before Windows can
 * read its disk to install anything.  Two programs go there too, for
 * the first boot to install (convert-windows-firstboot.c): the balloon
 * driver's service, blnsvr.exe, from the balloon driver's directory,
 * and the QEMU guest agent's installer for the guest's architecture
 * from the tree's guest-agent directory (qemu-ga-x86_64.msi,
 * qemu-ga-i386.msi).
 *
 * An ISO is read by a second appliance with the image as its only disk:
 * the conversion's appliance is running already and cannot take another
 * disk, and reading the ISO on the host would need an ISO reader there.
 */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanups.h"
#include "stringsbuf.h"
#include "convert-windows.h"

/* Where the drivers are read from. */
struct vwsource {
  const char *root;             /* host directory, or "/" in iso */
  guestfs_h *iso;               /* the appliance reading the ISO, or NULL */
  char *tmpfile;                /* host file a file of the ISO passes
                                   through on its way to the guest */
};

/* Other spellings of the release directories in older trees. */
static const struct { const char *osdir, *alias; } osdir_aliases[] = {
  { "xp", "wxp" }, { "2k3", "wnet" }, { "2k8", "wlh" },
  { "w7", "win7" }, { "w8", "win8" }, { "w8.1", "win8.1" },
  { "w10", "win10" }, { "w11", "win11" },
};

/* Every release directory name, to tell the old layouts' top
 * directories from driver directories.
 */
static const char *const all_osdirs[] = {
  "xp", "2k3", "2k8", "w7", "2k8R2", "w8", "2k12", "w8.1", "2k12R2",
  "w10", "2k16", "2k19", "2k22", "w11", "2k25", NULL
};

/* Releases whose drivers know virtio 1.0 devices (the modern PCI ids
 * 1041 and up): Windows 8 / Server 2012 and later.
 */
static const char *const virtio_1_0_osdirs[] = {
  "w8", "2k12", "w8.1", "2k12R2", "w10", "2k16", "2k19", "2k22", "w11",
  "2k25", NULL
};

static bool
in_list (const char *const *list, const char *s)
{
  size_t k;

  for (k = 0; list[k] != NULL; ++k)
    if (strcasecmp (list[k], s) == 0)
      return true;
  return false;
}

/* Does directory NAME stand for release OSDIR? */
static bool
osdir_matches (const char *name, const char *osdir)
{
  size_t k;

  if (strcasecmp (name, osdir) == 0)
    return true;
  for (k = 0; k < sizeof osdir_aliases / sizeof osdir_aliases[0]; ++k)
    if (strcmp (osdir_aliases[k].osdir, osdir) == 0 &&
        strcasecmp (osdir_aliases[k].alias, name) == 0)
      return true;
  return false;
}

static bool
is_any_osdir (const char *name)
{
  size_t k;

  for (k = 0; all_osdirs[k] != NULL; ++k)
    if (osdir_matches (name, all_osdirs[k]))
      return true;
  return false;
}

/* The architecture directory names of the guest's architecture. */
static const char *const *
arch_dirs (const char *arch)
{
  static const char *const amd64[] = { "amd64", "x64", NULL };
  static const char *const x86[] = { "x86", "i386", NULL };
  static const char *const arm64[] = { "ARM64", NULL };
  static const char *const none[] = { NULL };

  if (strcmp (arch, "x86_64") == 0)
    return amd64;
  if (strcmp (arch, "i386") == 0 || strcmp (arch, "i486") == 0 ||
      strcmp (arch, "i586") == 0 || strcmp (arch, "i686") == 0)
    return x86;
  if (strcmp (arch, "aarch64") == 0)
    return arm64;
  return none;
}

static bool
is_server (const struct winconv *w)
{
  return strncmp (w->i->product_variant, "Server", 6) == 0;
}

/* The release directories for this Windows, its own first, then the
 * older ones of its family whose drivers it still loads.
 */
static const char *const *
winconv_osdirs (const struct winconv *w)
{
  static const char *const xp[] = { "xp", NULL };
  static const char *const w2k3[] = { "2k3", "xp", NULL };
  static const char *const w2k8[] = { "2k8", NULL };
  static const char *const w7[] = { "w7", NULL };
  static const char *const w2k8r2[] = { "2k8R2", NULL };
  static const char *const w8[] = { "w8", "w7", NULL };
  static const char *const w2k12[] = { "2k12", "2k8R2", NULL };
  static const char *const w81[] = { "w8.1", "w8", "w7", NULL };
  static const char *const w2k12r2[] = { "2k12R2", "2k12", "2k8R2", NULL };
  static const char *const w10[] = { "w10", "w8.1", "w8", "w7", NULL };
  static const char *const w11[] = {
    "w11", "w10", "w8.1", "w8", "w7", NULL
  };
  static const char *const w2k16[] = {
    "2k16", "2k12R2", "2k12", "2k8R2", NULL
  };
  static const char *const w2k19[] = {
    "2k19", "2k16", "2k12R2", "2k12", "2k8R2", NULL
  };
  static const char *const w2k22[] = {
    "2k22", "2k19", "2k16", "2k12R2", "2k12", "2k8R2", NULL
  };
  static const char *const w2k25[] = {
    "2k25", "2k22", "2k19", "2k16", "2k12R2", "2k12", "2k8R2", NULL
  };
  static const char *const none[] = { NULL };
  int major = w->i->major, minor = w->i->minor;
  const char *product = w->i->product_name;
  bool server = is_server (w);

  if (major == 5 && minor == 1)
    return xp;
  if (major == 5 && minor == 2)
    return w2k3;
  if (major == 6 && minor == 0)
    return w2k8;
  if (major == 6 && minor == 1)
    return server ? w2k8r2 : w7;
  if (major == 6 && minor == 2)
    return server ? w2k12 : w8;
  if (major == 6 && minor == 3)
    return server ? w2k12r2 : w81;
  /* Windows 10 and 11, Server 2016 to 2025 all say 10.0: the product
   * name tells them apart, else the build number each one started at.
   */
  if (major == 10 && !server) {
    if (strstr (product, "Windows 11") || w->build >= 22000)
      return w11;
    return w10;
  }
  if (major == 10) {
    if (strstr (product, "2025") || w->build >= 26100)
      return w2k25;
    if (strstr (product, "2022") || w->build >= 20348)
      return w2k22;
    if (strstr (product, "2019") || w->build >= 17763)
      return w2k19;
    return w2k16;
  }
  return none;
}

/* Source access: the host directory or the ISO's appliance. */

static char *
source_path (const struct vwsource *src, const char *rel)
{
  char *r;

  if (strcmp (rel, ".") == 0)
    r = strdup (src->iso ? "/" : src->root);
  else if (asprintf (&r, "%s/%s", src->root, rel) == -1)
    r = NULL;
  if (r == NULL) {
    v2v_error ("out of memory");
    return NULL;
  }
  return r;
}

/* The entries of directory REL of the source, or NULL (printed). */
static char **
source_list (const struct vwsource *src, const char *rel)
{
  CLEANUP_FREE char *path = source_path (src, rel);
  struct stringsbuf sb;
  struct dirent *e;
  DIR *dir;

  if (path == NULL)
    return NULL;
  if (src->iso) {
    char **r = guestfs_ls (src->iso, path);
    if (r == NULL)
      v2v_error ("VIRTIO_WIN: cannot list '%s': %s", rel,
                 guestfs_last_error (src->iso));
    return r;
  }
  dir = opendir (path);
  if (dir == NULL) {
    v2v_error ("VIRTIO_WIN: cannot list '%s': %m", path);
    return NULL;
  }
  stringsbuf_init (&sb);
  errno = 0;
  while ((e = readdir (dir)) != NULL) {
    if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
      continue;
    if (stringsbuf_add_string (&sb, e->d_name) == -1)
      goto out_err;
  }
  if (errno != 0)
    goto out_err;
  closedir (dir);
  return stringsbuf_finish (&sb);

 out_err:
  v2v_error ("VIRTIO_WIN: cannot list '%s': %m", path);
  closedir (dir);
  stringsbuf_release (&sb);
  return NULL;
}

/* 1 if REL is a directory (or a regular file, with WANT_FILE), 0 if not,
 * -1 on error.
 */
static int
source_is (const struct vwsource *src, const char *rel, bool want_file)
{
  CLEANUP_FREE char *path = source_path (src, rel);
  struct stat st;
  int r;

  if (path == NULL)
    return -1;
  if (src->iso) {
    r = want_file ? guestfs_is_file (src->iso, path) :
      guestfs_is_dir (src->iso, path);
    if (r == -1)
      v2v_error ("VIRTIO_WIN: '%s': %s", rel, guestfs_last_error (src->iso));
    return r;
  }
  if (stat (path, &st) == -1)
    return 0;
  return want_file ? S_ISREG (st.st_mode) : S_ISDIR (st.st_mode);
}

static int
source_copy (const struct vwsource *src, const char *rel, guestfs_h *g,
             const char *dest)
{
  CLEANUP_FREE char *path = source_path (src, rel);
  const char *from = path;

  if (path == NULL)
    return -1;
  if (src->iso) {
    if (guestfs_download (src->iso, path, src->tmpfile) == -1) {
      v2v_error ("VIRTIO_WIN: cannot read '%s': %s", rel,
                 guestfs_last_error (src->iso));
      return -1;
    }
    from = src->tmpfile;
  }
  if (guestfs_upload (g, from, dest) == -1) {
    v2v_error ("cannot copy '%s' from VIRTIO_WIN to '%s': %s",
               rel, dest, guestfs_last_error (g));
    return -1;
  }
  return 0;
}

/* The entry of directory REL whose name matches, by MATCH, one of
 * NAMES (tried in order): "REL/entry" (new string) with *index_r the
 * index in NAMES, NULL with *index_r -1 when none, NULL with *index_r
 * -2 on error (printed).
 */
static char *
source_find (const struct vwsource *src, const char *rel,
             const char *const *names,
             bool (*match) (const char *entry, const char *name),
             ssize_t *index_r)
{
  CLEANUP_FREE_STRING_LIST char **entries = source_list (src, rel);
  size_t n, k;
  char *r;

  *index_r = -2;
  if (entries == NULL)
    return NULL;
  for (n = 0; names[n] != NULL; ++n)
    for (k = 0; entries[k] != NULL; ++k) {
      if (!match (entries[k], names[n]))
        continue;
      if (strcmp (rel, ".") == 0)
        r = strdup (entries[k]);
      else if (asprintf (&r, "%s/%s", rel, entries[k]) == -1)
        r = NULL;
      if (r == NULL) {
        v2v_error ("out of memory");
        return NULL;
      }
      switch (source_is (src, r, false)) {
      case 1:
        break;
      case 0:
        free (r);
        continue;
      default:
        free (r);
        return NULL;
      }
      *index_r = (ssize_t) n;
      return r;
    }
  *index_r = -1;
  return NULL;
}

static bool
name_matches (const char *entry, const char *name)
{
  return strcasecmp (entry, name) == 0;
}

/* Where the copied files go, and what was copied. */
struct copy_state {
  const struct winconv *w;
  const struct vwsource *src;
  char *destdir;                /* %SystemRoot%\Drivers\VirtIO, made on
                                   first use */
  struct windrivers *d;
  const char *viostor_osdir, *vioscsi_osdir;
};

static bool
wanted_file (const char *name)
{
  const char *dot = strrchr (name, '.');

  if (strcasecmp (name, "blnsvr.exe") == 0)
    return true;
  return dot != NULL &&
    (strcasecmp (dot, ".sys") == 0 || strcasecmp (dot, ".inf") == 0 ||
     strcasecmp (dot, ".cat") == 0 || strcasecmp (dot, ".dll") == 0);
}

/* Notes what the copied file NAME (from release OSDIR) provides. */
static void
note_file (struct copy_state *cs, const char *name, const char *osdir)
{
  struct windrivers *d = cs->d;

  if (strcasecmp (name, "blnsvr.exe") == 0) {
    d->blnsvr = true;
    return;
  }
  d->any = true;
  if (strcasecmp (name, "viostor.sys") == 0)
    cs->viostor_osdir = osdir;
  else if (strcasecmp (name, "vioscsi.sys") == 0)
    cs->vioscsi_osdir = osdir;
  else if (strcasecmp (name, "netkvm.sys") == 0)
    d->netkvm = true;
  else if (strcasecmp (name, "balloon.sys") == 0)
    d->balloon = true;
  else if (strcasecmp (name, "viorng.sys") == 0)
    d->viorng = true;
  else if (strcasecmp (name, "pvpanic.sys") == 0)
    d->pvpanic = true;
  else if (strcasecmp (name, "viosock.sys") == 0)
    d->viosock = true;
}

/* %SystemRoot%\Drivers\VirtIO, made on first use. */
static int
make_destdir (struct copy_state *cs)
{
  guestfs_h *g = cs->w->g;
  CLEANUP_FREE char *want = NULL;

  if (cs->destdir != NULL)
    return 0;
  want = winconv_join (cs->w->i->windows_systemroot, "Drivers/VirtIO");
  if (want == NULL)
    return -1;
  cs->destdir = winconv_resolve (g, want);
  if (cs->destdir == NULL)
    return -1;
  if (guestfs_mkdir_p (g, cs->destdir) == -1) {
    v2v_error ("cannot make '%s': %s", cs->destdir, guestfs_last_error (g));
    return -1;
  }
  return 0;
}

/* Copies the driver files of source directory REL (of release OSDIR). */
static int
copy_dir (struct copy_state *cs, const char *rel, const char *osdir)
{
  CLEANUP_FREE_STRING_LIST char **entries = source_list (cs->src, rel);
  guestfs_h *g = cs->w->g;
  size_t k;
  int r;

  if (entries == NULL)
    return -1;
  for (k = 0; entries[k] != NULL; ++k) {
    CLEANUP_FREE char *from = NULL, *dest = NULL;

    if (!wanted_file (entries[k]))
      continue;
    if (asprintf (&from, "%s/%s", rel, entries[k]) == -1) {
      v2v_error ("out of memory");
      return -1;
    }
    r = source_is (cs->src, from, true);
    if (r == -1)
      return -1;
    if (r == 0)
      continue;
    if (make_destdir (cs) == -1)
      return -1;
    dest = winconv_join (cs->destdir, entries[k]);
    if (dest == NULL || source_copy (cs->src, from, g, dest) == -1)
      return -1;
    note_file (cs, entries[k], osdir);
  }
  return 0;
}

/* DRIVER/OSDIR/ARCH for one driver directory TOP. */
static int
copy_driver (struct copy_state *cs, const char *top,
             const char *const *osdirs, const char *const *arches)
{
  ssize_t k, a;

  for (k = 0; osdirs[k] != NULL; ++k) {
    const char *one[] = { osdirs[k], NULL };
    CLEANUP_FREE char *os = NULL, *dir = NULL;

    os = source_find (cs->src, top, one, osdir_matches, &a);
    if (os == NULL && a == -1)
      continue;
    if (os == NULL)
      return -1;
    dir = source_find (cs->src, os, arches, name_matches, &a);
    if (dir == NULL && a == -1)
      continue;
    if (dir == NULL)
      return -1;
    return copy_dir (cs, dir, osdirs[k]);
  }
  return 0;
}

/* The older layouts, where one directory holds every driver: ARCH/OSDIR
 * when ARCH_FIRST, else OSDIR/ARCH, from ROOT ("." for the top).
 */
static int
copy_flat (struct copy_state *cs, bool arch_first,
           const char *const *osdirs, const char *const *arches)
{
  ssize_t k, idx;

  if (arch_first) {
    CLEANUP_FREE char *archdir = source_find (cs->src, ".", arches,
                                              name_matches, &idx);
    CLEANUP_FREE char *dir = NULL;

    if (archdir == NULL)
      return idx == -1 ? 0 : -1;
    dir = source_find (cs->src, archdir, osdirs, osdir_matches, &idx);
    if (dir == NULL)
      return idx == -1 ? 0 : -1;
    return copy_dir (cs, dir, osdirs[idx]);
  }

  for (k = 0; osdirs[k] != NULL; ++k) {
    const char *one[] = { osdirs[k], NULL };
    CLEANUP_FREE char *os = NULL, *dir = NULL;

    os = source_find (cs->src, ".", one, osdir_matches, &idx);
    if (os == NULL && idx == -1)
      continue;
    if (os == NULL)
      return -1;
    dir = source_find (cs->src, os, arches, name_matches, &idx);
    if (dir == NULL && idx == -1)
      continue;
    if (dir == NULL)
      return -1;
    return copy_dir (cs, dir, osdirs[k]);
  }
  return 0;
}

static int
copy_all (struct copy_state *cs)
{
  const char *const *osdirs = winconv_osdirs (cs->w);
  const char *const *arches = arch_dirs (cs->w->i->arch);
  CLEANUP_FREE_STRING_LIST char **tops = NULL;
  size_t k;
  int r;

  if (osdirs[0] == NULL || arches[0] == NULL)
    return 0;
  tops = source_list (cs->src, ".");
  if (tops == NULL)
    return -1;
  for (k = 0; tops[k] != NULL; ++k) {
    if (in_list (arches, tops[k]) || is_any_osdir (tops[k]))
      continue;
    r = source_is (cs->src, tops[k], false);
    if (r == -1)
      return -1;
    if (r == 0)
      continue;
    if (copy_driver (cs, tops[k], osdirs, arches) == -1)
      return -1;
  }
  if (copy_flat (cs, true, osdirs, arches) == -1 ||
      copy_flat (cs, false, osdirs, arches) == -1)
    return -1;
  return 0;
}

/* The QEMU guest agent's installer for the guest's architecture, from
 * the tree's guest-agent directory, if it has one.
 */
static int
copy_guest_agent (struct copy_state *cs)
{
  static const char *const dirs[] = { "guest-agent", NULL };
  static const char *const msi_64[] = { "qemu-ga-x86_64.msi", NULL };
  static const char *const msi_32[] = { "qemu-ga-i386.msi",
                                        "qemu-ga-x86.msi", NULL };
  const char *arch = cs->w->i->arch;
  const char *const *msis = strcmp (arch, "x86_64") == 0 ? msi_64 :
    arch[0] == 'i' && strcmp (arch + 2, "86") == 0 ? msi_32 : NULL;
  CLEANUP_FREE char *dir = NULL, *from = NULL, *dest = NULL;
  ssize_t k;
  size_t n;
  int r;

  if (msis == NULL)
    return 0;
  dir = source_find (cs->src, ".", dirs, name_matches, &k);
  if (dir == NULL)
    return k == -1 ? 0 : -1;
  for (n = 0; msis[n] != NULL; ++n) {
    free (from);
    if (asprintf (&from, "%s/%s", dir, msis[n]) == -1) {
      from = NULL;
      v2v_error ("out of memory");
      return -1;
    }
    r = source_is (cs->src, from, true);
    if (r == -1)
      return -1;
    if (r == 1)
      break;
  }
  if (msis[n] == NULL)
    return 0;
  if (make_destdir (cs) == -1)
    return -1;
  dest = winconv_join (cs->destdir, msis[n]);
  if (dest == NULL || source_copy (cs->src, from, cs->w->g, dest) == -1)
    return -1;
  cs->d->qemu_ga_msi = msis[n];
  return 0;
}

/* Chooses the block driver among those copied, as --block-driver asks,
 * and puts its .sys where Windows loads boot drivers from.
 */
static int
install_block_driver (struct copy_state *cs)
{
  const struct winconv *w = cs->w;
  struct windrivers *d = cs->d;
  bool want_scsi = w->o->block_driver == V2V_BUS_VIRTIO_SCSI;
  CLEANUP_FREE char *from = NULL, *want = NULL, *dest = NULL;
  CLEANUP_FREE char *sysdir = NULL;

  if (want_scsi && cs->vioscsi_osdir) {
    d->block = "vioscsi";
    d->osdir = cs->vioscsi_osdir;
  }
  else if (cs->viostor_osdir) {
    if (want_scsi)
      v2v_warning ("there is no virtio-scsi driver (vioscsi) for this "
                   "version of Windows: using virtio-blk (viostor)");
    d->block = "viostor";
    d->osdir = cs->viostor_osdir;
  }
  else
    return 0;

  d->virtio_1_0 = in_list (virtio_1_0_osdirs, d->osdir);
  if (asprintf (&from, "%s/%s.sys", cs->destdir, d->block) == -1 ||
      asprintf (&want, "%s/System32/drivers", w->i->windows_systemroot) == -1) {
    v2v_error ("out of memory");
    return -1;
  }
  sysdir = winconv_resolve (w->g, want);
  if (sysdir == NULL)
    return -1;
  if (guestfs_mkdir_p (w->g, sysdir) == -1) {
    v2v_error ("cannot make '%s': %s", sysdir, guestfs_last_error (w->g));
    return -1;
  }
  if (asprintf (&dest, "%s/%s.sys", sysdir, d->block) == -1) {
    v2v_error ("out of memory");
    return -1;
  }
  if (guestfs_cp (w->g, from, dest) == -1) {
    v2v_error ("cannot copy '%s' to '%s': %s", from, dest,
               guestfs_last_error (w->g));
    return -1;
  }
  return 0;
}

/* Starts an appliance that reads the ISO ISO at "/". */
static guestfs_h *
open_iso (const char *iso)
{
  guestfs_h *h = guestfs_create ();

  if (h == NULL) {
    v2v_error ("cannot create a handle to read VIRTIO_WIN '%s'", iso);
    return NULL;
  }
  guestfs_set_error_handler (h, NULL, NULL);
  if (guestfs_add_drive_opts (h, iso,
                              GUESTFS_ADD_DRIVE_OPTS_READONLY, 1,
                              GUESTFS_ADD_DRIVE_OPTS_FORMAT, "raw",
                              -1) == -1 ||
      guestfs_launch (h) == -1 ||
      guestfs_mount_ro (h, "/dev/sda", "/") == -1) {
    v2v_error ("cannot read the ISO image VIRTIO_WIN '%s': %s",
               iso, guestfs_last_error (h));
    guestfs_close (h);
    return NULL;
  }
  return h;
}

static void
warn_no_drivers (const struct winconv *w)
{
  const struct v2v_inspect *i = w->i;

  if (w->o->virtio_win == NULL)
    v2v_warning ("VIRTIO_WIN is not set, so there are no virtio drivers "
                 "to install in this Windows guest: it will use slower "
                 "emulated devices (IDE disks, rtl8139 network).  Set "
                 "VIRTIO_WIN to the virtio-win ISO or directory to "
                 "install them");
  else
    v2v_warning ("there are no virtio drivers available for this version "
                 "of Windows (%d.%d %s %s) in '%s': the guest will use "
                 "slower emulated devices (IDE disks, rtl8139 network)",
                 i->major, i->minor, i->arch, i->product_variant,
                 w->o->virtio_win);
}

int
winconv_copy_drivers (const struct winconv *w, struct windrivers *d)
{
  struct vwsource src = { .root = NULL, .iso = NULL, .tmpfile = NULL };
  struct copy_state cs = { .w = w, .src = &src, .d = d };
  struct stat st;
  int r = -1;

  memset (d, 0, sizeof *d);
  if (w->o->virtio_win == NULL) {
    warn_no_drivers (w);
    return 0;
  }
  if (stat (w->o->virtio_win, &st) == -1) {
    v2v_error ("VIRTIO_WIN '%s': %m", w->o->virtio_win);
    return -1;
  }
  if (S_ISDIR (st.st_mode))
    src.root = w->o->virtio_win;
  else if (S_ISREG (st.st_mode)) {
    const char *tmpdir = getenv ("TMPDIR");
    int fd;

    src.root = "";
    if (asprintf (&src.tmpfile, "%s/careen-virtio-win.XXXXXX",
                  tmpdir ? tmpdir : "/tmp") == -1) {
      src.tmpfile = NULL;
      v2v_error ("out of memory");
      return -1;
    }
    fd = mkstemp (src.tmpfile);
    if (fd == -1) {
      v2v_error ("cannot make a temporary file: %m");
      goto out;
    }
    close (fd);
    src.iso = open_iso (w->o->virtio_win);
    if (src.iso == NULL)
      goto out;
  }
  else {
    v2v_error ("VIRTIO_WIN '%s' is neither a directory nor an ISO image",
               w->o->virtio_win);
    return -1;
  }

  if (copy_all (&cs) == -1 || install_block_driver (&cs) == -1 ||
      copy_guest_agent (&cs) == -1)
    goto out;
  if (d->block == NULL)
    warn_no_drivers (w);
  r = 0;

 out:
  if (src.iso)
    guestfs_close (src.iso);
  if (src.tmpfile) {
    unlink (src.tmpfile);
    free (src.tmpfile);
  }
  free (cs.destdir);
  return r;
}
