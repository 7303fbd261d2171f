/** careen - offline disk-image toolkit
 *
 * The options the v2v programs share: the source (-i, -if and the
 * positional arguments), the network mappings (-n, -b, --mac),
 * --block-driver, --root and --machine-readable.  A bad value stops
 * the program with a message naming the option, as getopt's own
 * errors do.
 */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "v2v-cmdline.h"

void
v2v_die (const char *fs, ...)
{
  va_list args;

  fflush (stdout);
  fprintf (stderr, "%s: error: ", v2v_program ());
  va_start (args, fs);
  vfprintf (stderr, fs, args);
  va_end (args);
  fputc ('\n', stderr);
  exit (EXIT_FAILURE);
}

void
v2v_not_supported (const char *option, const char *why)
{
  v2v_die ("%s is not supported by careen: %s", option, why);
}

enum input_mode
v2v_parse_input_mode (const char *arg)
{
  if (strcmp (arg, "disk") == 0)
    return INPUT_DISK;
  if (strcmp (arg, "local") == 0)
    return INPUT_LOCAL;
  if (strcmp (arg, "ova") == 0)
    return INPUT_OVA;
  if (strcmp (arg, "vmx") == 0)
    return INPUT_VMX;
  if (strcmp (arg, "libvirtxml") == 0)
    return INPUT_LIBVIRTXML;
  if (strcmp (arg, "libvirt") == 0)
    return INPUT_LIBVIRT;
  v2v_die ("-i: unknown input mode '%s' (disk, local, ova, vmx or "
       "libvirtxml)", arg);
}

/* -n [IN:]OUT or -b [IN:]OUT. */
void
v2v_add_net_map (struct net_map *maps, size_t *n, const char *option,
             char *arg)
{
  char *colon = strchr (arg, ':');
  struct net_map m;
  size_t k;

  if (*n >= V2V_MAX_MAPPINGS)
    v2v_die ("too many %s options (at most %d)", option, V2V_MAX_MAPPINGS);
  if (colon) {
    *colon = '\0';
    m.in = arg;
    m.out = colon + 1;
    if (*m.in == '\0')
      v2v_die ("%s: empty name before ':' in '%s:%s'", option, arg, m.out);
  }
  else {
    m.in = NULL;
    m.out = arg;
  }
  if (*m.out == '\0')
    v2v_die ("%s: empty name of the target network or bridge", option);
  for (k = 0; k < *n; ++k)
    if ((m.in == NULL && maps[k].in == NULL) ||
        (m.in && maps[k].in && strcmp (m.in, maps[k].in) == 0))
      v2v_die ("%s: '%s' is mapped twice", option, m.in ? m.in : "default");
  maps[(*n)++] = m;
}

/* --mac aa:bb:cc:dd:ee:ff:network|bridge|ip:VALUE */
void
v2v_add_mac_map (struct v2v_cmdline *cl, const char *arg)
{
  struct mac_map *m;
  const char *kind, *value;
  size_t k;

  if (cl->nr_macs >= V2V_MAX_MAPPINGS)
    v2v_die ("too many --mac options (at most %d)", V2V_MAX_MAPPINGS);
  m = &cl->macs[cl->nr_macs];
  for (k = 0; k < 17; ++k) {
    bool colon_place = k % 3 == 2;

    if (colon_place ? arg[k] != ':' : !isxdigit ((unsigned char) arg[k]))
      v2v_die ("--mac '%s': expected aa:bb:cc:dd:ee:ff:network:OUT, "
           "...:bridge:OUT or ...:ip:ADDR", arg);
    m->mac[k] = tolower ((unsigned char) arg[k]);
  }
  m->mac[17] = '\0';
  if (arg[17] != ':')
    v2v_die ("--mac '%s': expected ':' after the MAC address", arg);
  kind = arg + 18;
  value = strchr (kind, ':');
  if (value == NULL || value[1] == '\0')
    v2v_die ("--mac '%s': nothing after network:, bridge: or ip:", arg);
  value++;
  if (strncmp (kind, "network:", 8) == 0) {
    m->is_ip = false;
    m->type = V2V_NET_NETWORK;
  }
  else if (strncmp (kind, "bridge:", 7) == 0) {
    m->is_ip = false;
    m->type = V2V_NET_BRIDGE;
  }
  else if (strncmp (kind, "ip:", 3) == 0)
    m->is_ip = true;
  else
    v2v_die ("--mac '%s': unknown kind of mapping (network, bridge or ip)",
         arg);
  for (k = 0; k < cl->nr_macs; ++k)
    if (strcmp (cl->macs[k].mac, m->mac) == 0 &&
        cl->macs[k].is_ip == m->is_ip)
      v2v_die ("--mac: %s is mapped twice", m->mac);
  if (m->is_ip) {
    const char *why = v2v_static_ip_parse (m->mac, value,
                                           &cl->static_ips[cl->nr_static_ips]);

    if (why)
      v2v_die ("--mac '%s': %s", arg, why);
    cl->nr_static_ips++;
  }
  m->value = value;
  cl->nr_macs++;
}

/* Where --machine-readable writes. */
FILE *
v2v_machine_readable_stream (const char *format)
{
  FILE *fp;

  if (!options_machine_readable_valid (format))
    v2v_die ("--machine-readable: invalid output format '%s' (stream:stdout, "
             "stream:stderr, file:FILE or fd:N)", format);
  fp = options_machine_readable_open (format);
  if (fp == NULL)
    v2v_die ("--machine-readable: %s: %s", format, strerror (errno));
  return fp;
}

enum v2v_bus
v2v_parse_block_driver (const char *arg)
{
  if (strcmp (arg, "virtio-blk") == 0)
    return V2V_BUS_VIRTIO_BLK;
  if (strcmp (arg, "virtio-scsi") == 0)
    return V2V_BUS_VIRTIO_SCSI;
  v2v_die ("--block-driver: '%s' is not virtio-blk or virtio-scsi", arg);
}

const char *
v2v_parse_root (const char *arg)
{
  if (strcmp (arg, "ask") != 0 && strcmp (arg, "single") != 0 &&
      strcmp (arg, "first") != 0 && strncmp (arg, "/dev/", 5) != 0)
    v2v_die ("--root: '%s' is not ask, single, first or /dev/...", arg);
  return arg;
}

const char *
v2v_parse_input_format (const char *arg)
{
  if (*arg == '\0' || strpbrk (arg, ",:/ ") != NULL)
    v2v_die ("-if: '%s' is not a disk format name", arg);
  return arg;
}

void
v2v_check_input (struct v2v_cmdline *cl, char **args, size_t nr_args)
{
  if (cl->input != INPUT_LIBVIRT && (cl->input_conn || cl->input_password))
    v2v_die ("-ic and -ip are only used with -i libvirt");
  cl->args = args;
  cl->nr_args = nr_args;
  if (nr_args == 0)
    v2v_die ("no source was given: a libvirt guest, or with -i a disk "
             "image, OVA, VMX or libvirt XML file (see %s --help)",
             v2v_program ());
  if (cl->input == INPUT_LIBVIRT && nr_args != 1)
    v2v_die ("-i libvirt: expected one guest name, got %zu", nr_args);
  if (cl->input != INPUT_DISK && cl->input != INPUT_LOCAL && nr_args != 1)
    v2v_die ("expected one source file, got %zu (only -i disk takes "
             "several)", nr_args);
}

int
v2v_handle_option (struct v2v_cmdline *cl, int c, char *arg,
                   const char **machine_format)
{
  switch (c) {
  case 'b':
    v2v_add_net_map (cl->bridges, &cl->nr_bridges, "-b", arg);
    return 1;
  case 'n':
    v2v_add_net_map (cl->networks, &cl->nr_networks, "-n", arg);
    return 1;
  case 'i':
    cl->input = v2v_parse_input_mode (arg);
    cl->input_given = true;
    return 1;
  case 'q':
    cl->quiet = true;
    return 1;
  case V2V_OPT_BLOCK_DRIVER:
    cl->block_driver = v2v_parse_block_driver (arg);
    return 1;
  case V2V_OPT_IGNORED:
    return 1;
  case V2V_OPT_IC:
    cl->input_conn = arg;
    return 1;
  case V2V_OPT_IF:
    cl->input_format = v2v_parse_input_format (arg);
    return 1;
  case V2V_OPT_IO:
    v2v_not_supported ("-io", "the input options are those of the vddk "
                       "and ssh transports");
  case V2V_OPT_IP:
    cl->input_password = arg;
    return 1;
  case V2V_OPT_IT:
    v2v_not_supported ("-it", "careen has no ssh or vddk transport; copy "
                       "the source here first");
  case V2V_OPT_MAC:
    v2v_add_mac_map (cl, arg);
    return 1;
  case V2V_OPT_MACHINE_READABLE:
    cl->machine_readable = true;
    *machine_format = arg;
    return 1;
  case V2V_OPT_ROOT:
    cl->root = v2v_parse_root (arg);
    return 1;
  }
  return 0;
}
