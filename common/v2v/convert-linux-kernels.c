/* careen - offline disk-image toolkit
 * The installed kernels of a Linux guest, found from the files rather
 * than the package database: a kernel installed by hand, or one whose
 * package the database does not tie to its modules, boots all the
 * same.  A kernel is an image in /boot (vmlinuz-*, vmlinux-*, Arch's
 * vmlinuz-linux*) or in /lib/modules/VERSION/ (Fedora and Arch keep
 * one there), with its /lib/modules/VERSION directory; what drivers it
 * has decides what the converted guest can use.
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanups.h"
#include "xalloc.h"
#include "stringsbuf.h"
#include "convert-linux.h"

/* Most module files looked at per kernel: bounds the work a hostile
 * guest can cause (a distribution kernel has about 6000).
 */
#define LINUX_MAX_MODULE_FILES 100000

/* Longest kernel version accepted from a file name or image. */
#define LINUX_MAX_VERSION 128

int
linux_compare_versions (const char *a, const char *b)
{
  int r = strverscmp (a, b);

  return r < 0 ? -1 : r > 0 ? 1 : 0;
}

/* The directory holding /lib/modules on this guest; usr-merged guests
 * whose /lib is not a symlink keep them in /usr/lib/modules only.
 */
static const char *
modules_root (guestfs_h *g)
{
  static const char *const roots[] = { "/lib/modules", "/usr/lib/modules" };
  size_t n;
  int r;

  for (n = 0; n < sizeof roots / sizeof roots[0]; ++n) {
    guestfs_push_error_handler (g, NULL, NULL);
    r = guestfs_is_dir_opts (g, roots[n],
                             GUESTFS_IS_DIR_OPTS_FOLLOWSYMLINKS, 1, -1);
    guestfs_pop_error_handler (g);
    if (r > 0)
      return roots[n];
  }
  return NULL;
}

static bool
valid_version (const char *v)
{
  size_t n;

  if (v[0] == '\0' || strlen (v) > LINUX_MAX_VERSION)
    return false;
  if (strcmp (v, ".") == 0 || strcmp (v, "..") == 0)
    return false;
  for (n = 0; v[n] != '\0'; ++n)
    if (!isalnum ((unsigned char) v[n]) && strchr ("._-+~", v[n]) == NULL)
      return false;
  return true;
}

/* The version an image says it is: bzImages carry "version X (...)",
 * which guestfs_file reports.
 */
static char *
image_version (guestfs_h *g, const char *image)
{
  CLEANUP_FREE char *desc = NULL;
  const char *p;
  size_t len;
  char *v;

  guestfs_push_error_handler (g, NULL, NULL);
  desc = guestfs_file (g, image);
  guestfs_pop_error_handler (g);
  if (desc == NULL || (p = strstr (desc, "version ")) == NULL)
    return NULL;
  p += strlen ("version ");
  len = strcspn (p, " ,");
  v = strndup (p, len);
  if (v != NULL && !valid_version (v)) {
    free (v);
    return NULL;
  }
  return v;
}

/* Arch's images are named for the package (vmlinuz-linux,
 * vmlinuz-linux-lts): the modules directory whose pkgbase file names
 * that package is the kernel's version.
 */
static char *
pkgbase_version (guestfs_h *g, const char *modroot, char *const *versions,
                 const char *pkg)
{
  size_t n;

  for (n = 0; versions[n] != NULL; ++n) {
    CLEANUP_FREE char *path = NULL;
    CLEANUP_FREE char *content = NULL;
    bool absent;

    if (asprintf (&path, "%s/%s/pkgbase", modroot, versions[n]) == -1)
      return NULL;
    guestfs_push_error_handler (g, NULL, NULL);
    content = linux_read_config (g, path, NULL, &absent);
    guestfs_pop_error_handler (g);
    if (content == NULL)
      continue;
    content[strcspn (content, "\n")] = '\0';
    if (strcmp (content, pkg) == 0)
      return strdup (versions[n]);
  }
  return NULL;
}

static const char *const virtio_modules[] = {
  "virtio_blk", "virtio_scsi", "virtio_net", "virtio_pci",
  "virtio_rng", "virtio_balloon", "pvpanic", "vmw_vsock_virtio_transport",
};

/* Module name of a path "…/virtio_blk.ko.xz", or NULL. */
static char *
module_name (const char *path)
{
  const char *base = strrchr (path, '/');
  const char *ko;
  char *name, *p;

  base = base ? base + 1 : path;
  ko = strstr (base, ".ko");
  if (ko == NULL || ko == base)
    return NULL;
  if (ko[3] != '\0' && strcmp (ko + 3, ".xz") != 0 &&
      strcmp (ko + 3, ".gz") != 0 && strcmp (ko + 3, ".zst") != 0)
    return NULL;
  name = strndup (base, ko - base);
  /* The kernel takes - and _ in module names as the same character,
   * and some files use - (virtio-rng.ko): compare in one spelling.
   */
  for (p = name; p != NULL && *p != '\0'; ++p)
    if (*p == '-')
      *p = '_';
  return name;
}

static bool
list_has (char *const *list, const char *s)
{
  size_t n;

  for (n = 0; list != NULL && list[n] != NULL; ++n)
    if (strcmp (list[n], s) == 0)
      return true;
  return false;
}

bool
linux_kernel_has_module_file (const struct linux_kernel *k,
                              const char *module)
{
  return list_has (k->module_files, module);
}

/* Which drivers K has: module files under its directory, and the
 * modules.builtin list of those compiled in.
 */
static int
probe_drivers (guestfs_h *g, struct linux_kernel *k)
{
  CLEANUP_FREE_STRING_LIST char **files = NULL;
  CLEANUP_FREE_STRING_LIST char **builtin = NULL;
  CLEANUP_FREE char *builtin_path = NULL;
  CLEANUP_FREE char *content = NULL;
  struct stringsbuf mods;
  bool absent;
  size_t n;
  bool has[sizeof virtio_modules / sizeof virtio_modules[0]] = { false };

  {
    CLEANUP_FREE char *dirslash = xdir_with_slash (k->modpath);

    files = guestfs_find (g, dirslash);
  }
  if (files == NULL)
    return -1;
  if (strings_count (files) > LINUX_MAX_MODULE_FILES) {
    v2v_error ("'%s' holds more than %d files: not a kernel's modules",
               k->modpath, LINUX_MAX_MODULE_FILES);
    return -1;
  }
  stringsbuf_init (&mods);
  for (n = 0; files[n] != NULL; ++n) {
    char *name = module_name (files[n]);

    if (name == NULL)
      continue;
    if (stringsbuf_add_string_nodup (&mods, name) == -1) {
      stringsbuf_release (&mods);
      return -1;
    }
  }
  k->module_files = stringsbuf_finish (&mods);
  if (k->module_files == NULL)
    return -1;

  if (asprintf (&builtin_path, "%s/modules.builtin", k->modpath) == -1)
    return -1;
  content = linux_read_config (g, builtin_path, NULL, &absent);
  if (content == NULL && !absent)
    return -1;
  if (content != NULL) {
    char *line, *save = NULL;
    struct stringsbuf b;

    stringsbuf_init (&b);
    for (line = strtok_r (content, "\n", &save); line != NULL;
         line = strtok_r (NULL, "\n", &save)) {
      char *name = module_name (line);

      if (name != NULL && stringsbuf_add_string_nodup (&b, name) == -1) {
        stringsbuf_release (&b);
        return -1;
      }
    }
    builtin = stringsbuf_finish (&b);
    if (builtin == NULL)
      return -1;
  }

  for (n = 0; n < sizeof virtio_modules / sizeof virtio_modules[0]; ++n)
    has[n] = list_has (k->module_files, virtio_modules[n]) ||
      list_has (builtin, virtio_modules[n]);
  k->virtio_blk = has[0];
  k->virtio_scsi = has[1];
  k->virtio_net = has[2];
  k->virtio_pci = has[3];
  k->virtio_rng = has[4];
  k->virtio_balloon = has[5];
  k->pvpanic = has[6];
  k->virtio_socket = has[7];
  /* Linux 3.8 is where virtio 1.0 (modern) devices became usable. */
  k->virtio_1_0 = linux_compare_versions (k->version, "3.8") >= 0;
  return 0;
}

static void
kernel_release (struct linux_kernel *k)
{
  free (k->version);
  free (k->vmlinuz);
  free (k->modpath);
  free (k->initrd);
  strings_free (k->module_files);
}

void
linux_kernels_release (struct linux_guest *lg)
{
  size_t n;

  for (n = 0; n < lg->kernels.len; ++n)
    kernel_release (&lg->kernels.ptr[n]);
  linux_kernel_vector_release (&lg->kernels);
}

/* Where the initramfs of the image /boot/vmlinuz-SUFFIX lives: the
 * existing one of the names distributions use, else the name of the
 * distribution's own tool.
 */
static char *
initrd_path (guestfs_h *g, const struct v2v_inspect *i, const char *vmlinuz,
             const char *version)
{
  const char *base = strrchr (vmlinuz, '/');
  const char *suffix;
  const char *fmts[] = {
    "/boot/initrd.img-%s", "/boot/initramfs-%s.img", "/boot/initrd-%s",
    "/boot/initramfs-%s", "/boot/initrd-%s.img",
  };
  size_t n;
  char *path;

  base = base ? base + 1 : vmlinuz;
  suffix = strchr (base, '-') ? strchr (base, '-') + 1 : version;
  if (strncmp (vmlinuz, "/boot/", 6) != 0)
    suffix = version;
  for (n = 0; n < sizeof fmts / sizeof fmts[0]; ++n) {
    if (asprintf (&path, fmts[n], suffix) == -1)
      return NULL;
    if (linux_is_file (g, path))
      return path;
    free (path);
  }
  if (strcmp (i->distro, "debian") == 0 || strcmp (i->distro, "ubuntu") == 0 ||
      strcmp (i->distro, "linuxmint") == 0 || strcmp (i->distro, "kalilinux") == 0)
    n = 0;
  else if (strncmp (i->distro, "sles", 4) == 0 ||
           strncmp (i->distro, "opensuse", 8) == 0 ||
           strcmp (i->distro, "suse-based") == 0)
    n = 2;
  else if (strcmp (i->distro, "alpinelinux") == 0)
    n = 3;
  else
    n = 1;
  if (asprintf (&path, fmts[n], suffix) == -1)
    return NULL;
  return path;
}

/* Adds the kernel of IMAGE and VERSION unless it is there already. */
static int
add_kernel (struct linux_guest *lg, const char *modroot, const char *image,
            const char *version)
{
  struct linux_kernel k = { 0 };
  size_t n;

  for (n = 0; n < lg->kernels.len; ++n)
    if (strcmp (lg->kernels.ptr[n].version, version) == 0)
      return 0;

  k.version = strdup (version);
  k.vmlinuz = strdup (image);
  if (k.version == NULL || k.vmlinuz == NULL ||
      asprintf (&k.modpath, "%s/%s", modroot, version) == -1)
    goto out_nomem;
  k.initrd = initrd_path (lg->g, lg->i, image, version);
  if (k.initrd == NULL)
    goto out_nomem;
  k.xen_only = strstr (version, "xen") != NULL;
  k.debug = strstr (version, "debug") != NULL;
  if (probe_drivers (lg->g, &k) == -1)
    goto out_free;
  if (linux_kernel_vector_append (&lg->kernels, k) == -1)
    goto out_nomem;
  return 0;

 out_nomem:
  v2v_error ("kernel '%s': %s", version, strerror (errno));
 out_free:
  kernel_release (&k);
  return -1;
}

/* Alpine names images for the flavour (vmlinuz-lts) and its modules
 * directories VERSION-FLAVOUR (6.6.31-0-lts): the newest of those.
 */
static char *
flavour_version (char *const *versions, const char *flavour)
{
  const char *best = NULL;
  size_t n, len = strlen (flavour);

  for (n = 0; versions != NULL && versions[n] != NULL; ++n) {
    size_t vlen = strlen (versions[n]);

    if (vlen > len + 1 && versions[n][vlen - len - 1] == '-' &&
        strcmp (versions[n] + vlen - len, flavour) == 0 &&
        (best == NULL || linux_compare_versions (versions[n], best) > 0))
      best = versions[n];
  }
  return best ? strdup (best) : NULL;
}

/* The version of /boot/NAME: its suffix when a modules directory has
 * that name, else Arch's pkgbase or Alpine's flavour, else the image's
 * version string.
 */
static char *
boot_image_version (guestfs_h *g, const char *modroot, char *const *versions,
                    const char *name, const char *image)
{
  const char *suffix = strchr (name, '-') + 1;
  char *v;

  if (list_has (versions, suffix))
    return strdup (suffix);
  if (strncmp (suffix, "linux", 5) == 0) {
    v = pkgbase_version (g, modroot, versions, suffix);
    if (v != NULL)
      return v;
  }
  v = flavour_version (versions, suffix);
  if (v != NULL)
    return v;
  return image_version (g, image);
}

static bool
is_boot_image (const char *name)
{
  if (strncmp (name, "vmlinuz-", 8) != 0 && strncmp (name, "vmlinux-", 8) != 0)
    return false;
  /* Rescue images and packaging leftovers are not kernels to boot. */
  if (strstr (name, "-rescue-") != NULL)
    return false;
  return strlen (name) > 8 && strstr (name, ".hmac") == NULL &&
    strstr (name, ".dpkg-") == NULL;
}

/* Drops the kernels WHICH names when some other kernel remains. */
static void
drop_kernels (struct linux_guest *lg, bool xen)
{
  size_t n, kept = 0, others = 0;

  for (n = 0; n < lg->kernels.len; ++n)
    if (!(xen ? lg->kernels.ptr[n].xen_only : lg->kernels.ptr[n].debug))
      others++;
  if (others == 0)
    return;
  for (n = 0; n < lg->kernels.len; ++n) {
    struct linux_kernel *k = &lg->kernels.ptr[n];

    if (xen ? k->xen_only : k->debug)
      kernel_release (k);
    else
      lg->kernels.ptr[kept++] = *k;
  }
  lg->kernels.len = kept;
}

int
linux_find_kernels (struct linux_guest *lg)
{
  guestfs_h *g = lg->g;
  CLEANUP_FREE_STRING_LIST char **versions = NULL;
  CLEANUP_FREE_STRING_LIST char **boot = NULL;
  const char *modroot = modules_root (g);
  size_t n;

  if (modroot != NULL) {
    versions = guestfs_ls (g, modroot);
    if (versions == NULL)
      return -1;
  }

  guestfs_push_error_handler (g, NULL, NULL);
  boot = guestfs_ls (g, "/boot");
  guestfs_pop_error_handler (g);

  for (n = 0; boot != NULL && boot[n] != NULL; ++n) {
    CLEANUP_FREE char *image = NULL;
    CLEANUP_FREE char *version = NULL;

    if (!is_boot_image (boot[n]))
      continue;
    if (asprintf (&image, "/boot/%s", boot[n]) == -1) {
      v2v_error ("kernels: %s", strerror (errno));
      return -1;
    }
    if (!linux_is_file (g, image))
      continue;
    version = boot_image_version (g, modroot ? modroot : "/lib/modules",
                                  versions, boot[n], image);
    if (version == NULL || !valid_version (version)) {
      v2v_warning ("kernel image '%s': its version is unknown: ignored",
                   image);
      continue;
    }
    if (modroot == NULL || !list_has (versions, version)) {
      v2v_warning ("kernel image '%s': no modules directory for %s: ignored",
                   image, version);
      continue;
    }
    if (add_kernel (lg, modroot, image, version) == -1)
      return -1;
  }

  /* Kernels whose image is only in their modules directory. */
  for (n = 0; versions != NULL && versions[n] != NULL; ++n) {
    CLEANUP_FREE char *image = NULL;

    if (!valid_version (versions[n]))
      continue;
    if (asprintf (&image, "%s/%s/vmlinuz", modroot, versions[n]) == -1) {
      v2v_error ("kernels: %s", strerror (errno));
      return -1;
    }
    if (linux_is_file (g, image) &&
        add_kernel (lg, modroot, image, versions[n]) == -1)
      return -1;
  }

  if (lg->kernels.len == 0) {
    v2v_error ("no installed kernel found: looked for /boot/vmlinuz-*, "
               "/boot/vmlinux-* and %s/*/vmlinuz with their modules in %s",
               modroot ? modroot : "/lib/modules",
               modroot ? modroot : "/lib/modules");
    return -1;
  }
  drop_kernels (lg, true);
  drop_kernels (lg, false);
  return 0;
}

const struct linux_kernel *
linux_best_kernel (const struct linux_guest *lg)
{
  const struct linux_kernel *best = NULL;
  size_t n;

  for (n = 0; n < lg->kernels.len; ++n) {
    const struct linux_kernel *k = &lg->kernels.ptr[n];

    if (best == NULL || (k->virtio_blk && !best->virtio_blk) ||
        (k->virtio_blk == best->virtio_blk &&
         linux_compare_versions (k->version, best->version) > 0))
      best = k;
  }
  return best;
}
