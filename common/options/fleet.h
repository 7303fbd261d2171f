/* careen - offline disk-image toolkit
 * Fleets: one tool run over a list of images, each image a guest of
 * its own in its own appliance, up to -P of them at once.
 *
 * A tool calls fleet_main first thing in main():
 *
 *   static const struct fleet_tool fleet = {
 *     .program = "virt-cat", .short_options = short_options,
 *     .long_options = long_options, .result = FLEET_RESULT_STRING,
 *   };
 *   fleet_main (&fleet, argc, argv);
 *
 * When the command line has --images-from or --merge-results,
 * fleet_main does the whole run and exits; otherwise it returns and
 * the tool parses its command line as usual.  Each image is done by a
 * child process, the tool itself run again with "-a IMAGE" (and
 * "--format=FMT") and the rest of the command line, so a crash or a
 * hang in one image costs only that image.  What the child prints is
 * collected in unlinked temporary files and printed in list order.
 *
 * The options (and their documentation, common/options/fleet.pod):
 * --images-from FILE, -P N, --json, --shard K/N, --results-dir DIR,
 * --merge-results DIR..., --progress, -q/--quiet.
 */

#ifndef CAREEN_FLEET_H
#define CAREEN_FLEET_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

/* Most images of one list; the list is held in memory. */
#define FLEET_MAX_IMAGES 1000000

/* Most appliances at once: each is a qemu with its own memory. */
#define FLEET_MAX_PARALLEL 64

/* What one appliance needs, for the default of -P: the appliance's
 * memory plus qemu's own and the tool's.
 */
#define FLEET_APPLIANCE_BYTES (768ULL * 1024 * 1024)

/* The long options of every fleet tool, for its getopt table (so that
 * --long-options lists them for completion).  fleet_main takes them
 * out of the command line before the tool parses it.
 */
#define FLEET_LONG_OPTIONS                                      \
  { "images-from", required_argument, NULL, 0 },                \
  { "merge-results", no_argument, NULL, 0 },                    \
  { "progress", no_argument, NULL, 0 },                         \
  { "results-dir", required_argument, NULL, 0 },                \
  { "shard", required_argument, NULL, 0 }

/* What a child's standard output becomes in the "result" field of
 * --json.
 */
enum fleet_result_kind {
  FLEET_RESULT_NONE,            /* null (virt-sysprep, virt-customize) */
  FLEET_RESULT_STRING,          /* the output as a string (virt-cat) */
  FLEET_RESULT_LINES,           /* an array of its lines */
  FLEET_RESULT_JSON,            /* the child prints JSON (json_args) */
  FLEET_RESULT_JSON_ELEMENT,    /* ... as an array of one element */
  FLEET_RESULT_COLUMNS,         /* lines of blank-separated columns,
                                   named by columns[] */
};

/* How a tool takes part. */
struct fleet_tool {
  const char *program;                  /* "virt-df" */
  const char *short_options;            /* the tool's getopt tables */
  const struct option *long_options;
  enum fleet_result_kind result;
  /* Added to the child's command line with --json (virt-df's own
   * --json), or NULL.
   */
  const char *const *json_args;
  const char *const *columns;           /* FLEET_RESULT_COLUMNS */
  /* Options the tool has of its own outside a fleet: virt-df's and
   * virt-alignment-scan's -P (appliances for libvirt domains),
   * virt-df's and virt-inspector's --json, -q of the tools that are
   * quiet with it (passed on to the children as well).
   */
  bool own_P, own_json, own_quiet;
  /* -q is given to each child too (virt-sysprep's progress messages);
   * not for virt-alignment-scan, whose -q leaves out the result.
   */
  bool quiet_to_children;
  /* The first line the child prints is a title (virt-df): printed
   * once, for the first image that has one.
   */
  bool title_once;
  /* Exit statuses of the child other than 0 that still mean it did
   * the image (virt-alignment-scan's 2 and 3), as a bit mask; the
   * fleet exits 3 when all succeeded and one of them was seen.
   */
  unsigned ok_statuses;
  /* How the child is given the image: NULL for "-a IMAGE" (and
   * "--format=FMT" before it); virt-v2v gives the image as its last
   * argument and the format with this option ("-if").
   */
  const char *positional_format_option;
  /* The tool reads its options with getopt_long_only ("-os DIR"). */
  bool long_only;
};

/* Exit statuses of a fleet run (fleet.pod). */
enum fleet_status {
  FLEET_ALL_OK = 0,
  FLEET_ALL_FAILED = 1,         /* or a usage error */
  FLEET_SOME_FAILED = 2,
  FLEET_ALL_OK_NOTED = 3,       /* all done, one said an ok_status */
};

/* Does the fleet run and exits when ARGV asks for one; returns
 * otherwise.  Usage errors exit 1 with a message.
 */
extern void fleet_main (const struct fleet_tool *tool, int argc,
                        char *argv[]);

/* The default of -P: the number of cores, but no more appliances than
 * free memory holds (FLEET_APPLIANCE_BYTES each), at least 1, at most
 * FLEET_MAX_PARALLEL.  virt-df and virt-alignment-scan use it for
 * libvirt domains too.
 */
extern size_t fleet_default_parallel (void);

/* The fleet of a tool that changes each image in place and has
 * nothing but a status to report for it (virt-sysprep,
 * virt-customize): -q is the tool's own and goes to every child.
 * Otherwise as fleet_main.
 */
extern void fleet_main_in_place (const char *program,
                                 const char *short_options,
                                 const struct option *long_options,
                                 int argc, char *argv[]);

/* The lines of --help for the fleet options. */
extern void fleet_print_usage (void);
/* The same, then the closing "See PROGRAM(1)." line of --help. */
extern void fleet_print_usage_end (const char *program);

#endif /* CAREEN_FLEET_H */
