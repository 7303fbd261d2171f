/** careen - offline disk-image toolkit
 *
 * virt-win-reg: exports Windows registry keys of a guest as regedit
 * text, prints single values, and merges regedit files back into the
 * guest's hives (--merge).  The hives are read and changed in the
 * appliance with the hivex_* calls: no hive is copied to the host and
 * nothing of the guest is parsed here except what the calls return.
 * The regedit text given to --merge is parsed by reg-parse.c before
 * the image is touched, so a malformed file changes nothing.
 */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guestfs.h"
#include "cleanups.h"
#include "options.h"
#include "reg-parse.h"
#include "win-reg.h"

#define PROGRAM "virt-win-reg"

enum {
  HELP_OPTION = CHAR_MAX + 1,
  ENCODING_OPTION,
  MERGE_OPTION,
  UNSAFE_PRINTABLE_OPTION,
};

/* -d is --debug, as in libguestfs's virt-win-reg (not --domain: the
 * guest is always the first argument).
 */
static const char short_options[] = "a:c:dvVx";
static const struct option long_options[] = {
  { "add", required_argument, NULL, 'a' },
  { "connect", required_argument, NULL, 'c' },
  { "debug", no_argument, NULL, 'd' },
  { "encoding", required_argument, NULL, ENCODING_OPTION },
  { "format", optional_argument, NULL, 0 },
  { "help", no_argument, NULL, HELP_OPTION },
  { "long-options", no_argument, NULL, 0 },
  { "merge", no_argument, NULL, MERGE_OPTION },
  { "ro", no_argument, NULL, 0 },
  { "short-options", no_argument, NULL, 0 },
  { "unsafe-printable-strings", no_argument, NULL, UNSAFE_PRINTABLE_OPTION },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, 'V' },
  { NULL, 0, NULL, 0 }
};

static void __attribute__ ((noreturn))
usage (int status)
{
  if (status != EXIT_SUCCESS)
    fprintf (stderr, "Try '%s --help' for more information.\n", PROGRAM);
  else
    printf ("%s: export and merge Windows Registry entries (careen)\n"
            "\n"
            "Usage:\n"
            "  %s [--options] disk.img|domname 'HKLM\\Path\\To\\Key' "
            "[name|@]\n"
            "  %s --merge [--options] disk.img|domname [input.reg ...]\n"
            "  %s [--options] -a disk.img [-a disk.img ...] KEY [name|@]\n"
            "\n"
            "Options:\n"
            "  -a|--add image            add a disk image\n"
            "  -c|--connect uri          libvirt URI of the domain\n"
            "  -d|--debug                print what is being done\n"
            "  --encoding=UTF-16LE|ASCII how --merge stores strings\n"
            "  --format[=raw|qcow2|..]   format of the next -a images\n"
            "  --help                    display this help\n"
            "  --merge                   merge regedit files into the "
            "guest\n"
            "  --unsafe-printable-strings print strings as text (export)\n"
            "  -v|--verbose              print library debug messages\n"
            "  -V|--version              display the version and exit\n"
            "  -x                        trace library calls\n"
            "\n"
            "See the %s(1) man page.\n",
            PROGRAM, PROGRAM, PROGRAM, PROGRAM, PROGRAM);
  exit (status);
}

/* Prints the regedit export of node (of path "\..." in its hive, shown
 * after prefix) and its subtree.  Returns 0 or -1 (error printed).
 */
static int export_node (guestfs_h *g, int64_t node, const char *prefix,
                        const char *path, bool printable, int depth);

/* Most levels of keys exported.  Windows allows 512; a hostile hive can
 * make a cycle of keys, which this also stops.
 */
#define WINREG_MAX_DEPTH 512

static bool debug;

int
main (int argc, char *argv[])
{
  struct options o;
  guestfs_h *g;
  bool merge = false, printable = false, ro = false;
  enum reg_encoding enc = REG_ENCODING_UTF16LE;
  int c, option_index = -1, r;
  struct winreg w = { .g = NULL };

  options_init (&o, PROGRAM, true, short_options, long_options);
  while ((c = getopt_long (argc, argv, short_options, long_options,
                           &option_index)) != -1) {
    switch (c) {
    case HELP_OPTION:
      usage (EXIT_SUCCESS);
    case 'd':
      debug = true;
      break;
    case MERGE_OPTION:
      merge = true;
      break;
    case UNSAFE_PRINTABLE_OPTION:
      printable = true;
      break;
    case ENCODING_OPTION:
      if (strcasecmp (optarg, "utf-16le") == 0 ||
          strcasecmp (optarg, "utf16le") == 0)
        enc = REG_ENCODING_UTF16LE;
      else if (strcasecmp (optarg, "ascii") == 0)
        enc = REG_ENCODING_ASCII;
      else {
        fprintf (stderr, "%s: --encoding: unknown encoding '%s'\n",
                 PROGRAM, optarg);
        exit (EXIT_FAILURE);
      }
      break;
    case 0:
      if (strcmp (long_options[option_index].name, "ro") == 0) {
        ro = true;
        break;
      }
      /* fall through */
    default:
      if (options_handle (&o, c, option_index, optarg) == 0)
        usage (EXIT_FAILURE);
    }
  }

  /* Without -a, the first argument is the guest: a disk image when it
   * names a file (or holds a '/'), else a libvirt domain, as in
   * libguestfs's tool.
   */
  if (o.nr_drives == 0) {
    if (optind >= argc) {
      fprintf (stderr, "%s: no disk image or domain given\n", PROGRAM);
      usage (EXIT_FAILURE);
    }
    options_add_guest_arg (&o, argv[optind++]);
    /* libguestfs's virt-win-reg (Perl) gives --format to this guest:
     * it has no -a for the format to come before.
     */
    o.format_unused = false;
  }
  if (!merge && (argc - optind < 1 || argc - optind > 2)) {
    fprintf (stderr, "%s: expecting 1 or 2 more parameters, subkey path "
             "and optionally the value to export\n", PROGRAM);
    usage (EXIT_FAILURE);
  }
  if (merge) {
    size_t i;

    if (ro) {
      fprintf (stderr, "%s: --merge cannot be used with --ro\n", PROGRAM);
      exit (EXIT_FAILURE);
    }
    /* Refuse early: the library would only fail when writing.  A
     * file with no write permission at all is read-only even for root,
     * whom access(2) would let through.
     */
    for (i = 0; i < o.nr_drives; ++i) {
      struct stat st;

      /* A domain's disks are checked by add_domain. */
      if (o.drives[i].filename == NULL)
        continue;
      if (access (o.drives[i].filename, W_OK) == -1 ||
          (stat (o.drives[i].filename, &st) == 0 && S_ISREG (st.st_mode) &&
           (st.st_mode & 0222) == 0)) {
        fprintf (stderr, "%s: %s: cannot merge into a read-only image\n",
                 PROGRAM, o.drives[i].filename);
        exit (EXIT_FAILURE);
      }
    }
  }
  o.read_only = !merge;

  /* Parse the regedit files before anything is launched or changed. */
  struct reg_file rf = { .ops = NULL };
  if (merge && winreg_read_reg_files (PROGRAM, (const char *const *)
                                      &argv[optind], argc - optind, enc,
                                      &rf) == -1)
    exit (EXIT_FAILURE);
  if (merge && winreg_check_merge (PROGRAM, &rf) == -1)
    exit (EXIT_FAILURE);
  if (!merge && winreg_path_supported (PROGRAM, argv[optind]) == -1)
    exit (EXIT_FAILURE);

  g = options_create_handle (&o);
  if (options_add_drives (&o, g) == -1 || guestfs_launch (g) == -1)
    exit (EXIT_FAILURE);
  w.g = g;
  w.program = PROGRAM;
  w.debug = debug;
  w.write = merge;
  if (winreg_find_windows (&w) == -1)
    exit (EXIT_FAILURE);

  if (merge) {
    r = winreg_merge (&w, &rf);
    reg_file_free (&rf);
  }
  else {
    const char *key = argv[optind];
    const char *name = optind + 1 < argc ? argv[optind + 1] : NULL;
    struct winreg_hive hv = { .file = NULL };
    int64_t node;

    r = -1;
    if (winreg_map_path (&w, key, &hv) == 0 &&
        winreg_open (&w, &hv, false) == 0) {
      CLEANUP_FREE char *canon = NULL;

      node = winreg_lookup (&w, hv.subpath, false, &canon);
      if (node > 0 && name == NULL)
        r = export_node (g, node, hv.prefix, canon, printable, 0);
      else if (node > 0)
        r = winreg_print_value (&w, node, name);
      guestfs_hivex_close (g);
    }
    winreg_hive_free (&hv);
  }

  winreg_free (&w);
  /* Even after a failure: hives already committed must reach the disk
   * (shutdown syncs and unmounts).
   */
  if (merge && guestfs_shutdown (g) == -1)
    r = -1;
  guestfs_close (g);
  options_free (&o);
  if (fflush (stdout) == EOF) {
    perror ("stdout");
    r = -1;
  }
  exit (r == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}

/* One value read for export, sorted by name. */
struct export_value {
  char *name;
  int64_t type;
  char *data;
  size_t len;
};

static int
compare_values (const void *a, const void *b)
{
  const struct export_value *va = a, *vb = b;
  return strcmp (va->name, vb->name);
}

/* Writes a value name with '\' and '"' escaped. */
static void
print_quoted (const char *s)
{
  putchar ('"');
  for (; *s; s++) {
    if (*s == '\\' || *s == '"')
      putchar ('\\');
    putchar (*s);
  }
  putchar ('"');
}

static void
print_value (const struct export_value *v, bool printable)
{
  size_t i;

  if (v->name[0] == '\0')
    fputs ("@=", stdout);
  else {
    print_quoted (v->name);
    putchar ('=');
  }
  if (v->type == 4 && v->len == 4) {
    const unsigned char *d = (const unsigned char *) v->data;
    printf ("dword:%08" PRIx32 "\n", (uint32_t) d[0] | (uint32_t) d[1] << 8 |
            (uint32_t) d[2] << 16 | (uint32_t) d[3] << 24);
  }
  else if (printable && (v->type == 1 || v->type == 2)) {
    CLEANUP_FREE char *s = winreg_utf16le_to_utf8 (v->data, v->len, true);

    printf ("str(%" PRIx64 "):\"", v->type);
    for (i = 0; s && s[i]; ++i) {
      if (s[i] == '"')
        putchar ('\\');
      putchar (s[i]);
    }
    fputs ("\"\n", stdout);
  }
  else {
    printf ("hex(%" PRIx64 "):", v->type);
    for (i = 0; i < v->len; ++i)
      printf ("%s%02x", i ? "," : "", (unsigned char) v->data[i]);
    putchar ('\n');
  }
}

/* One child key, sorted by name. */
struct export_child {
  char *name;
  int64_t node;
};

static int
compare_children (const void *a, const void *b)
{
  const struct export_child *ca = a, *cb = b;
  return strcmp (ca->name, cb->name);
}

static int
export_node (guestfs_h *g, int64_t node, const char *prefix,
             const char *path, bool printable, int depth)
{
  struct guestfs_hivex_value_list *vl;
  struct guestfs_hivex_node_list *nl;
  struct export_value *vals;
  struct export_child *kids;
  size_t i, plen = strlen (prefix);
  int r = 0;

  if (depth >= WINREG_MAX_DEPTH) {
    /* The path is that deep too (a cycle repeats it): its start and
     * end are enough to find it.
     */
    size_t len = strlen (path);

    if (len > 160)
      fprintf (stderr, "%s: %.60s...%s: keys nested deeper than %d "
               "levels\n", PROGRAM, path, path + len - 60, WINREG_MAX_DEPTH);
    else
      fprintf (stderr, "%s: %s: keys nested deeper than %d levels\n",
               PROGRAM, path, WINREG_MAX_DEPTH);
    return -1;
  }
  /* The prefix loses a final '\' so the root reads "PREFIX\". */
  if (plen > 0 && prefix[plen - 1] == '\\')
    plen--;
  printf ("[%.*s%s]\n", (int) plen, prefix, path);

  vl = guestfs_hivex_node_values (g, node);
  if (vl == NULL)
    return -1;
  vals = calloc (vl->len ? vl->len : 1, sizeof *vals);
  if (vals == NULL) {
    perror ("calloc");
    guestfs_free_hivex_value_list (vl);
    return -1;
  }
  for (i = 0; i < vl->len && r == 0; ++i) {
    int64_t v = vl->val[i].hivex_value_h;

    vals[i].name = guestfs_hivex_value_key (g, v);
    vals[i].type = guestfs_hivex_value_type (g, v);
    vals[i].data = guestfs_hivex_value_value (g, v, &vals[i].len);
    if (vals[i].name == NULL || vals[i].type == -1 || vals[i].data == NULL)
      r = -1;
  }
  if (r == 0) {
    qsort (vals, vl->len, sizeof *vals, compare_values);
    for (i = 0; i < vl->len; ++i)
      print_value (&vals[i], printable);
    putchar ('\n');
  }
  for (i = 0; i < vl->len; ++i) {
    free (vals[i].name);
    free (vals[i].data);
  }
  free (vals);
  guestfs_free_hivex_value_list (vl);
  if (r == -1)
    return -1;

  nl = guestfs_hivex_node_children (g, node);
  if (nl == NULL)
    return -1;
  kids = calloc (nl->len ? nl->len : 1, sizeof *kids);
  if (kids == NULL) {
    perror ("calloc");
    guestfs_free_hivex_node_list (nl);
    return -1;
  }
  for (i = 0; i < nl->len && r == 0; ++i) {
    kids[i].node = nl->val[i].hivex_node_h;
    kids[i].name = guestfs_hivex_node_name (g, kids[i].node);
    if (kids[i].name == NULL)
      r = -1;
  }
  if (r == 0)
    qsort (kids, nl->len, sizeof *kids, compare_children);
  for (i = 0; i < nl->len && r == 0; ++i) {
    CLEANUP_FREE char *cpath = NULL;

    /* The root's path is "\": no second separator after it. */
    if (asprintf (&cpath, "%s%s%s", path,
                  strcmp (path, "\\") == 0 ? "" : "\\", kids[i].name) == -1) {
      perror ("asprintf");
      r = -1;
      break;
    }
    r = export_node (g, kids[i].node, prefix, cpath, printable, depth + 1);
  }
  for (i = 0; i < nl->len; ++i)
    free (kids[i].name);
  free (kids);
  guestfs_free_hivex_node_list (nl);
  return r;
}
