/* careen - offline disk-image toolkit
 * Test driver of the Linux converter: opens a disk (the test's own
 * qcow2 overlay: it is written), inspects and mounts it the way
 * virt-v2v does, runs the converter (all of it, or the steps named
 * with --steps) and prints the guestcaps, the kernels found and, with
 * --show, guest files after the conversion, all in one launch.
 *
 *   v2v-convert-linux-test [--steps LIST] [--nr-disks N]
 *       [--block-driver virtio-blk|virtio-scsi] [--show PATH]...
 *       [--sh COMMAND]... [--mac MAC:ip:...]... [--before OP]...
 *       [-v] DISK FORMAT
 *
 *   v2v-convert-linux-test --text remap NR_DISKS TARGET < IN > OUT
 *   v2v-convert-linux-test --text shell-list NAME array|string WORD... <IN
 *   v2v-convert-linux-test --text aliases net|blk|net,blk < IN > OUT
 *
 * The --text forms run the converter's text edits on standard input,
 * without an appliance.
 *
 * LIST is "all" (v2v_convert_linux) or steps, run in the order given:
 * kernels, tools, remap, grub-default, console, network, static-ip,
 * blkid, initramfs, selinux.  --before sets a case up in the same launch,
 * before the steps: OP is mkdir:PATH, touch:PATH, rm:PATH,
 * write:PATH=TEXT or ln:TARGET=LINK.
 * Steps after "kernels" use the bus it chose; without it, the bus of
 * --block-driver.  Exit 0 when every step succeeded, 1 otherwise; the
 * files are shown either way, so a test can check what the steps that
 * ran did before the one that failed.
 */

#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guestfs.h"
#include "cleanups.h"
#include "convert-linux.h"
#include "stringsbuf.h"
#include "v2v.h"

static const char *
bus_name (enum v2v_bus bus)
{
  switch (bus) {
  case V2V_BUS_VIRTIO_BLK: return "virtio-blk";
  case V2V_BUS_VIRTIO_SCSI: return "virtio-scsi";
  case V2V_BUS_IDE: return "ide";
  case V2V_BUS_SATA: return "sata";
  case V2V_BUS_SCSI: return "scsi";
  case V2V_BUS_UNKNOWN: break;
  }
  return "unknown";
}

/* Inspection string, "unknown" when the call fails (as v2v_inspect). */
static char *
field (guestfs_h *g, char *(*get) (guestfs_h *, const char *),
       const char *root)
{
  char *s;

  guestfs_push_error_handler (g, NULL, NULL);
  s = get (g, root);
  guestfs_pop_error_handler (g);
  return s ? s : strdup ("unknown");
}

static int
compare_mountpoints (const void *a, const void *b)
{
  const char *const *pa = a, *const *pb = b;
  size_t la = strlen (pa[0]), lb = strlen (pb[0]);

  return la < lb ? -1 : la > lb ? 1 : strcmp (pa[0], pb[0]);
}

/* Fills I from the first root and mounts its filesystems, shortest
 * mountpoint first.
 */
static int
inspect_and_mount (guestfs_h *g, struct v2v_inspect *i)
{
  CLEANUP_FREE_STRING_LIST char **roots = guestfs_inspect_os (g);
  size_t n, nr;
  char **pairs;

  if (roots == NULL)
    return -1;
  if (roots[0] == NULL) {
    fprintf (stderr, "v2v-convert-linux-test: no operating system found\n");
    return -1;
  }
  i->root = strdup (roots[0]);
  i->type = field (g, guestfs_inspect_get_type, roots[0]);
  i->distro = field (g, guestfs_inspect_get_distro, roots[0]);
  i->osinfo = field (g, guestfs_inspect_get_osinfo, roots[0]);
  i->arch = field (g, guestfs_inspect_get_arch, roots[0]);
  i->product_name = field (g, guestfs_inspect_get_product_name, roots[0]);
  i->product_variant = field (g, guestfs_inspect_get_product_variant,
                              roots[0]);
  i->package_format = field (g, guestfs_inspect_get_package_format,
                             roots[0]);
  i->package_management = field (g, guestfs_inspect_get_package_management,
                                 roots[0]);
  i->windows_systemroot = strdup ("");
  i->windows_current_control_set = strdup ("");
  i->major = guestfs_inspect_get_major_version (g, roots[0]);
  i->minor = guestfs_inspect_get_minor_version (g, roots[0]);
  i->mountpoints = guestfs_inspect_get_mountpoints (g, roots[0]);
  if (i->root == NULL || i->windows_systemroot == NULL ||
      i->windows_current_control_set == NULL || i->mountpoints == NULL)
    return -1;

  nr = strings_count (i->mountpoints) / 2;
  pairs = i->mountpoints;
  qsort (pairs, nr, 2 * sizeof (char *), compare_mountpoints);
  for (n = 0; n < nr; ++n)
    if (guestfs_mount (g, pairs[2 * n + 1], pairs[2 * n]) == -1 &&
        strcmp (pairs[2 * n], "/") == 0)
      return -1;
  printf ("distro: %s %d.%d %s %s\n", i->distro, i->major, i->minor,
          i->arch, i->package_format);
  return 0;
}

static void
inspect_release (struct v2v_inspect *i)
{
  free (i->root);
  free (i->type);
  free (i->distro);
  free (i->osinfo);
  free (i->arch);
  free (i->product_name);
  free (i->product_variant);
  free (i->package_format);
  free (i->package_management);
  free (i->windows_systemroot);
  free (i->windows_current_control_set);
  strings_free (i->mountpoints);
}

static void
print_caps (const struct v2v_guestcaps *c)
{
  printf ("block_bus: %s\n", bus_name (c->block_bus));
  printf ("net_model: %s\n", c->net_model);
  printf ("machine: %s\n", c->machine);
  printf ("arch: %s\n", c->arch);
  printf ("acpi: %d\n", c->acpi);
  printf ("virtio_rng: %d\n", c->virtio_rng);
  printf ("virtio_balloon: %d\n", c->virtio_balloon);
  printf ("pvpanic: %d\n", c->pvpanic);
  printf ("virtio_socket: %d\n", c->virtio_socket);
  printf ("virtio_1_0: %d\n", c->virtio_1_0);
}

static void
print_kernels (const struct linux_guest *lg)
{
  size_t n;

  for (n = 0; n < lg->kernels.len; ++n) {
    const struct linux_kernel *k = &lg->kernels.ptr[n];

    printf ("kernel: %s %s %s blk=%d scsi=%d net=%d\n", k->version,
            k->vmlinuz, k->initrd, k->virtio_blk, k->virtio_scsi,
            k->virtio_net);
  }
  if (lg->kernels.len > 0)
    printf ("best kernel: %s\n", linux_best_kernel (lg)->version);
}

/* One step of the converter by name. */
static int
run_step (struct linux_guest *lg, const char *step)
{
  if (strcmp (step, "kernels") == 0) {
    const struct linux_kernel *k;

    if (linux_find_kernels (lg) == -1)
      return -1;
    print_kernels (lg);
    k = linux_best_kernel (lg);
    /* The same choice v2v_convert_linux makes, for the steps after. */
    lg->block_bus = lg->o->block_driver == V2V_BUS_VIRTIO_SCSI &&
      k->virtio_scsi ? V2V_BUS_VIRTIO_SCSI :
      k->virtio_blk ? V2V_BUS_VIRTIO_BLK : V2V_BUS_IDE;
    lg->virtio_net = k->virtio_net;
    return 0;
  }
  if (strcmp (step, "tools") == 0)
    return linux_remove_guest_tools (lg);
  if (strcmp (step, "remap") == 0)
    return linux_remap_devices (lg);
  if (strcmp (step, "console") == 0)
    return linux_fix_console (lg);
  if (strcmp (step, "network") == 0)
    return linux_fix_network (lg);
  if (strcmp (step, "grub-default") == 0)
    return linux_grub_default (lg);
  if (strcmp (step, "static-ip") == 0)
    return linux_set_static_ips (lg);
  if (strcmp (step, "blkid") == 0)
    return linux_remove_blkid_cache (lg);
  if (strcmp (step, "initramfs") == 0)
    return linux_rebuild_initramfs (lg);
  if (strcmp (step, "selinux") == 0)
    return linux_selinux_relabel (lg);
  fprintf (stderr, "v2v-convert-linux-test: unknown step '%s'\n", step);
  return -1;
}

static int
run_steps (guestfs_h *g, const struct v2v_inspect *i,
           const struct v2v_convert_options *o, const char *steps)
{
  struct linux_guest lg = { .g = g, .i = i, .o = o,
                            .block_bus = o->block_driver,
                            .virtio_net = true };
  CLEANUP_FREE char *copy = strdup (steps);
  char *step, *save = NULL;
  int r = 0;

  if (strcmp (steps, "all") == 0) {
    struct v2v_guestcaps caps = { 0 };

    if (v2v_convert_linux (g, i, o, &caps) == -1)
      return -1;
    print_caps (&caps);
    return 0;
  }
  if (copy == NULL)
    return -1;
  for (step = strtok_r (copy, ",", &save); step != NULL && r == 0;
       step = strtok_r (NULL, ",", &save)) {
    r = run_step (&lg, step);
    printf ("step %s: %s\n", step, r == 0 ? "ok" : "failed");
  }
  linux_kernels_release (&lg);
  return r;
}

static void
show_file (guestfs_h *g, const char *path)
{
  CLEANUP_FREE char *content = NULL;
  CLEANUP_FREE char *target = NULL;
  size_t size;

  guestfs_push_error_handler (g, NULL, NULL);
  if (guestfs_is_symlink (g, path) > 0)
    target = guestfs_readlink (g, path);
  else if (guestfs_exists (g, path) > 0)
    content = guestfs_read_file (g, path, &size);
  guestfs_pop_error_handler (g);
  if (target != NULL) {
    printf ("== %s: symlink to %s\n", path, target);
    return;
  }
  if (content == NULL) {
    printf ("== %s: absent\n", path);
    return;
  }
  printf ("== %s: %zu bytes\n", path, size);
  fwrite (content, 1, size, stdout);
  if (size > 0 && content[size - 1] != '\n')
    putchar ('\n');
}

/* One --before OP. */
static int
before (guestfs_h *g, const char *op)
{
  CLEANUP_FREE char *copy = strdup (op);
  char *arg, *eq;

  if (copy == NULL || (arg = strchr (copy, ':')) == NULL)
    return -1;
  *arg++ = '\0';
  eq = strchr (arg, '=');
  if (strcmp (copy, "mkdir") == 0)
    return guestfs_mkdir_p (g, arg);
  if (strcmp (copy, "touch") == 0)
    return guestfs_touch (g, arg);
  if (strcmp (copy, "rm") == 0)
    return guestfs_rm (g, arg);
  if (eq == NULL)
    return -1;
  *eq++ = '\0';
  if (strcmp (copy, "write") == 0)
    return guestfs_write (g, arg, eq, strlen (eq));
  if (strcmp (copy, "ln") == 0)
    return guestfs_ln_s (g, arg, eq);
  return -1;
}

/* Standard input, whole. */
static char *
read_stdin (void)
{
  char *buf = NULL;
  size_t size = 0;
  FILE *fp = open_memstream (&buf, &size);
  char chunk[4096];
  size_t n;

  if (fp == NULL)
    return NULL;
  while ((n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
    fwrite (chunk, 1, n, fp);
  if (fclose (fp) == EOF)
    return NULL;
  return buf;
}

/* The --text forms; ARGS are the positional arguments. */
static int
run_text (const char *kind, char **args, int nr_args)
{
  CLEANUP_FREE char *in = read_stdin ();
  CLEANUP_FREE char *out = NULL;

  if (in == NULL)
    return EXIT_FAILURE;
  if (strcmp (kind, "remap") == 0 && nr_args == 2) {
    size_t count;

    out = linux_remap_text (in, strtoul (args[0], NULL, 10), args[1],
                            &count);
    if (out != NULL)
      fprintf (stderr, "renamed: %zu\n", count);
  }
  else if (strcmp (kind, "shell-list") == 0 && nr_args >= 3)
    out = linux_shell_list_add (in, args[0], strcmp (args[1], "array") == 0,
                                args + 2);
  else if (strcmp (kind, "aliases") == 0 && nr_args == 1) {
    bool changed;

    out = linux_alias_text (in, strstr (args[0], "net") != NULL,
                            strstr (args[0], "blk") != NULL, &changed);
    if (out != NULL)
      fprintf (stderr, "changed: %d\n", changed);
  }
  else {
    fprintf (stderr, "v2v-convert-linux-test: bad --text arguments\n");
    return EXIT_FAILURE;
  }
  if (out == NULL)
    return EXIT_FAILURE;
  fputs (out, stdout);
  return EXIT_SUCCESS;
}

int
main (int argc, char *argv[])
{
  static const struct option long_options[] = {
    { "steps", required_argument, NULL, 's' },
    { "nr-disks", required_argument, NULL, 'n' },
    { "block-driver", required_argument, NULL, 'b' },
    { "show", required_argument, NULL, 'S' },
    { "sh", required_argument, NULL, 'c' },
    { "text", required_argument, NULL, 't' },
    { "mac", required_argument, NULL, 'm' },
    { "before", required_argument, NULL, 'B' },
    { "verbose", no_argument, NULL, 'v' },
    { NULL, 0, NULL, 0 },
  };
  struct v2v_convert_options o = { .block_driver = V2V_BUS_VIRTIO_BLK,
                                   .nr_disks = 1 };
  struct v2v_inspect i = { 0 };
  const char *steps = "all";
  const char *text = NULL;
  const char *shows[32], *cmds[8], *befores[32];
  static struct v2v_static_ip ips[8];
  size_t nr_shows = 0, nr_cmds = 0, nr_befores = 0, n;
  guestfs_h *g;
  int c, r = EXIT_FAILURE;

  while ((c = getopt_long (argc, argv, "v", long_options, NULL)) != -1) {
    switch (c) {
    case 's': steps = optarg; break;
    case 'n': o.nr_disks = strtoul (optarg, NULL, 10); break;
    case 'b':
      o.block_driver = strcmp (optarg, "virtio-scsi") == 0
        ? V2V_BUS_VIRTIO_SCSI : V2V_BUS_VIRTIO_BLK;
      break;
    case 'S':
      if (nr_shows == sizeof shows / sizeof shows[0]) {
        fprintf (stderr, "v2v-convert-linux-test: too many --show\n");
        exit (EXIT_FAILURE);
      }
      shows[nr_shows++] = optarg;
      break;
    case 'c':
      if (nr_cmds == sizeof cmds / sizeof cmds[0]) {
        fprintf (stderr, "v2v-convert-linux-test: too many --sh\n");
        exit (EXIT_FAILURE);
      }
      cmds[nr_cmds++] = optarg;
      break;
    case 't': text = optarg; break;
    case 'm':
      {
        const char *why;

        if (o.nr_static_ips == sizeof ips / sizeof ips[0] ||
            strlen (optarg) < 21 || strncmp (optarg + 17, ":ip:", 4) != 0) {
          fprintf (stderr, "v2v-convert-linux-test: bad --mac\n");
          exit (EXIT_FAILURE);
        }
        optarg[17] = '\0';
        why = v2v_static_ip_parse (optarg, optarg + 21,
                                   &ips[o.nr_static_ips]);
        if (why) {
          fprintf (stderr, "v2v-convert-linux-test: --mac: %s\n", why);
          exit (EXIT_FAILURE);
        }
        o.static_ips = ips;
        o.nr_static_ips++;
      }
      break;
    case 'B':
      if (nr_befores == sizeof befores / sizeof befores[0]) {
        fprintf (stderr, "v2v-convert-linux-test: too many --before\n");
        exit (EXIT_FAILURE);
      }
      befores[nr_befores++] = optarg;
      break;
    case 'v': o.verbose = true; break;
    default: exit (EXIT_FAILURE);
    }
  }
  if (text != NULL)
    exit (run_text (text, argv + optind, argc - optind));
  if (argc - optind != 2) {
    fprintf (stderr, "usage: v2v-convert-linux-test [options] DISK FORMAT\n");
    exit (EXIT_FAILURE);
  }
  v2v_set_program ("v2v-convert-linux-test", false, false);

  g = guestfs_create ();
  if (g == NULL)
    exit (EXIT_FAILURE);
  if (guestfs_add_drive_opts (g, argv[optind],
                              GUESTFS_ADD_DRIVE_OPTS_FORMAT, argv[optind + 1],
                              -1) == -1 ||
      guestfs_launch (g) == -1 ||
      inspect_and_mount (g, &i) == -1)
    goto out;

  for (n = 0; n < nr_befores; ++n)
    if (before (g, befores[n]) == -1)
      goto out;
  r = run_steps (g, &i, &o, steps) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
  for (n = 0; n < nr_shows; ++n)
    show_file (g, shows[n]);
  for (n = 0; n < nr_cmds; ++n) {
    CLEANUP_FREE char *out = guestfs_sh (g, cmds[n]);

    printf ("== sh %s: %s\n", cmds[n], out ? "ok" : "failed");
    if (out != NULL)
      fputs (out, stdout);
    else
      r = EXIT_FAILURE;
  }
  /* Everything on the disk before the test looks at it again. */
  if (guestfs_umount_all (g) == -1 || guestfs_shutdown (g) == -1)
    r = EXIT_FAILURE;

 out:
  inspect_release (&i);
  guestfs_close (g);
  exit (r);
}
