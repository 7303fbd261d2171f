/** careen - offline disk-image toolkit
 *
 * The conversion of the v2v programs, from the source's description to
 * a converted guest.  virt-v2v and virt-v2v-inspector never write the
 * source disks: each gets a qcow2 overlay in the temporary directory
 * and the appliance converts the guest through the overlays.
 * virt-v2v-in-place converts the source disks themselves.
 */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanups.h"
#include "spawn.h"
#include "stringsbuf.h"
#include "v2v-cmdline.h"

#define VIRTIO_WIN_DEFAULT "/usr/share/virtio-win"

int
v2v_run_command (char *const *argv)
{
  struct spawn sp;
  int status;

  spawn_init (&sp, v2v_program (), argv);
  if (spawn_start (&sp) == -1)
    return -1;
  v2v_tmp_set_child (sp.pid);
  status = spawn_wait (&sp);
  v2v_tmp_set_child (0);
  return status;
}

void
v2v_converted_free (struct v2v_converted *c)
{
  v2v_inspect_free (&c->inspect);
  strings_free (c->overlays);
  c->overlays = NULL;
}

/* The name qemu-img will not take for a protocol ("nbd:x"). */
static char *
qemu_img_name (const char *file)
{
  char *r;

  if (file[0] != '/' && strchr (file, ':')) {
    if (asprintf (&r, "./%s", file) == -1)
      r = NULL;
  }
  else
    r = strdup (file);
  return r;
}

/* One overlay of DISK, named after its index I in TMPDIR.  The
 * backing file's format is named, so that qemu never probes it (a raw
 * disk holding a qcow2 header would otherwise be read as qcow2).
 */
static char *
create_overlay (const char *tmpdir, size_t i, const struct v2v_disk *disk)
{
  CLEANUP_FREE char *backing = qemu_img_name (disk->path);
  char *path = NULL;
  const char *argv[16];
  size_t n = 0;
  int r;

  if (backing == NULL ||
      asprintf (&path, "%s/overlay%zu.qcow2", tmpdir, i) == -1) {
    v2v_error ("asprintf: out of memory");
    return NULL;
  }
  if (v2v_tmp_remember (path) == -1) {
    free (path);
    return NULL;
  }
  argv[n++] = QEMU_IMG;
  argv[n++] = "create";
  argv[n++] = "-q";
  argv[n++] = "-f";
  argv[n++] = "qcow2";
  argv[n++] = "-o";
  argv[n++] = "compat=1.1";
  argv[n++] = "-b";
  argv[n++] = backing;
  argv[n++] = "-F";
  argv[n++] = disk->format;
  argv[n++] = path;
  argv[n] = NULL;
  r = v2v_run_command ((char *const *) argv);
  if (r != 0) {
    if (r > 0)
      v2v_error ("qemu-img create of the overlay of '%s' failed (exit "
                 "status %d)", disk->path, r);
    free (path);
    return NULL;
  }
  return path;
}

/* Frees the free space of every mounted filesystem in the overlays,
 * so that the output does not copy deleted data.  A filesystem that
 * cannot discard is simply copied whole.
 */
static void
trim_filesystems (guestfs_h *g, const struct v2v_inspect *i)
{
  size_t k;

  v2v_progress ("Mapping filesystem data to avoid copying unused and "
                "blank areas");
  for (k = 0; i->mountpoints[k] && i->mountpoints[k + 1]; k += 2) {
    const char *mp = i->mountpoints[k];

    guestfs_push_error_handler (g, NULL, NULL);
    if (guestfs_is_dir (g, mp) == 1 && guestfs_fstrim (g, mp, -1) == -1 &&
        guestfs_last_errno (g) != ENOTSUP)
      v2v_warning ("fstrim %s: %s (its free space is copied too)", mp,
                   guestfs_last_error (g));
    guestfs_pop_error_handler (g);
  }
}

/* $VIRTIO_WIN, else where distributions install the virtio-win
 * collection, if it is there.
 */
static const char *
virtio_win (void)
{
  const char *dir = getenv ("VIRTIO_WIN");

  if (dir && *dir)
    return dir;
  if (access (VIRTIO_WIN_DEFAULT, R_OK | X_OK) == 0)
    return VIRTIO_WIN_DEFAULT;
  return NULL;
}

/* Launches the appliance on the overlays (or, in place, on the source
 * disks themselves) and converts the guest.
 */
static int
convert_in_appliance (const struct v2v_cmdline *cl, const struct v2v_source *s,
                      struct v2v_converted *c)
{
  struct v2v_convert_options co = {
    .block_driver = cl->block_driver,
    .nr_disks = s->nr_disks,
    .virtio_win = virtio_win (),
    .verbose = cl->o.verbose,
    .quiet = cl->quiet,
    .in_place = cl->in_place,
    .static_ips = cl->static_ips,
    .nr_static_ips = cl->nr_static_ips,
  };
  guestfs_h *g;
  size_t k;

  g = options_create_handle (&cl->o);
  /* One vCPU: the conversion's long step, the guest's initramfs
   * rebuild, is some 2000 short processes one after the other.  Under
   * TCG a second vCPU halts and wakes at each of them, and qemu spent
   * about 40% more host CPU per rebuild with two (bench/README.md).
   */
  if (guestfs_set_memsize (g, V2V_APPLIANCE_MEMSIZE) == -1 ||
      guestfs_set_smp (g, 1) == -1)
    goto out_close;
  /* The overlays lie in our tmpdir, over disks that lie anywhere (and
   * that v2v_disk_check has checked): the library's backing-file rule
   * then applies from the disk on.
   */
  if (!cl->in_place &&
      guestfs_set_backend_setting (g, "backing_files", "overlay") == -1)
    goto out_close;
  for (k = 0; k < s->nr_disks; ++k) {
    const char *file = cl->in_place ? s->disks[k].path : c->overlays[k];
    const char *format = cl->in_place ? s->disks[k].format : "qcow2";

    if (guestfs_add_drive_opts (g, file,
                                GUESTFS_ADD_DRIVE_OPTS_FORMAT, format,
                                GUESTFS_ADD_DRIVE_OPTS_DISCARD,
                                "besteffort",
                                -1) == -1)
      goto out_close;
  }
  if (!cl->in_place &&
      guestfs_clear_backend_setting (g, "backing_files") == -1)
    goto out_close;
  if (guestfs_launch (g) == -1 || options_decrypt (&cl->o, g) == -1)
    goto out_close;

  v2v_progress ("Inspecting the source");
  if (v2v_inspect (g, cl->root, &c->inspect) == -1 ||
      v2v_mount_root (g, &c->inspect, false) == -1 ||
      v2v_convert (g, &c->inspect, &co, &c->caps) == -1)
    goto out_close;
  if (!cl->in_place)
    trim_filesystems (g, &c->inspect);

  v2v_progress (cl->in_place ? "Closing the disks" : "Closing the overlay");
  if (guestfs_umount_all (g) == -1 || guestfs_shutdown (g) == -1)
    goto out_close;
  guestfs_close (g);
  return 0;

 out_close:
  guestfs_close (g);
  return -1;
}

/* The firmware of the target: UEFI when the guest has an ESP with a
 * boot loader, or when the source says so (a guest can carry both).
 */
static enum v2v_firmware
target_firmware (const struct v2v_source *s, const struct v2v_inspect *i)
{
  if (i->firmware == V2V_FIRMWARE_UEFI || s->firmware == V2V_FIRMWARE_UEFI)
    return V2V_FIRMWARE_UEFI;
  return V2V_FIRMWARE_BIOS;
}

int
v2v_convert_guest (const struct v2v_cmdline *cl, const char *tmpdir,
                   const struct v2v_source *s, struct v2v_converted *c)
{
  struct stringsbuf sb;
  size_t k;

  c->source = s;
  v2v_progress ("Opening the source");
  stringsbuf_init (&sb);
  for (k = 0; !cl->in_place && k < s->nr_disks; ++k) {
    char *o = create_overlay (tmpdir, k, &s->disks[k]);

    if (o == NULL || stringsbuf_add_string_nodup (&sb, o) == -1) {
      stringsbuf_release (&sb);
      return -1;
    }
  }
  c->overlays = stringsbuf_finish (&sb);
  if (c->overlays == NULL) {
    v2v_error ("out of memory");
    return -1;
  }
  if (convert_in_appliance (cl, s, c) == -1)
    return -1;

  v2v_progress ("Assigning disks to buses");
  v2v_progress ("Checking if the guest needs BIOS or UEFI to boot");
  c->firmware = target_firmware (s, &c->inspect);
  if (cl->o.verbose)
    fprintf (stderr, "%s: target firmware: %s\n", v2v_program (),
             c->firmware == V2V_FIRMWARE_UEFI ? "uefi" : "bios");
  return 0;
}
