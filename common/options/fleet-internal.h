/* careen - offline disk-image toolkit
 * What the files of the fleet runner (options-fleet*.c) share.
 */

#ifndef CAREEN_FLEET_INTERNAL_H
#define CAREEN_FLEET_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "fleet.h"

/* Longest line of an --images-from list. */
#define FLEET_MAX_LIST_LINE 4096

/* Most bytes of one image's output turned into a "result" (JSON). */
#define FLEET_MAX_OUTPUT (64 * 1024 * 1024)

/* Most bytes of a child's error messages kept in "error". */
#define FLEET_MAX_ERROR 4096

/* Images finished but not yet printed (text output keeps their
 * output in temporary files): a slow image early in the list holds
 * the others back rather than using up file descriptors.
 */
#define FLEET_MAX_PENDING 128

/* One line of the list. */
struct fleet_image {
  char *path;                   /* as the list gives it */
  char *format;                 /* or NULL: the default */
};

/* One image of this run (this shard). */
struct fleet_job {
  size_t index;                 /* in the list */
  enum { JOB_WAITING, JOB_RUNNING, JOB_DONE, JOB_PRINTED } state;
  pid_t pid;
  int out_fd, err_fd;           /* the child's stdout, stderr (temp files) */
  bool failed, noted;           /* failed; ok with a tool's ok_status */
  char *line;                   /* the JSON line (no newline), or NULL */
  bool from_results;            /* line read back from --results-dir */
};

/* The whole run. */
struct fleet {
  const struct fleet_tool *tool;
  /* The command line without the fleet's options (argv[0] dropped). */
  char **args;
  size_t nr_args;
  char *self;                   /* our own executable, run per image */
  const char *images_from;
  const char *default_format;   /* --format=FMT given with the list */
  const char *results_dir;
  bool merge, json, quiet, progress;
  size_t parallel;              /* -P, 0: default */
  unsigned long shard_k, shard_n;
  bool have_a;                  /* -a or -d was given */
  bool results_lost;            /* a result could not be kept */
  bool seen_P;                  /* -P was given */

  struct fleet_image *images;   /* the whole list */
  size_t nr_images, images_cap;
  struct fleet_job *jobs;       /* this shard's, in list order */
  size_t nr_jobs;
};

/* options-fleet-list.c: reads the list into f->images; exits on error. */
extern void fleet_read_list (struct fleet *f);

/* options-fleet-run.c: runs every job, prints in list order; returns
 * the exit status (enum fleet_status).
 */
extern int fleet_run (struct fleet *f);

/* options-fleet-json.c */
/* Removes the blanks between the tokens of the JSON text BUF (LEN
 * bytes) in place; returns the new length, or -1 when BUF is not a
 * complete JSON value (unbalanced, unterminated string).
 */
extern ssize_t fleet_json_compact (char *buf, size_t len);
/* The "result" of a child that printed BUF (LEN bytes), written to FP;
 * -1 when it cannot be made (the output is not what the tool prints).
 */
extern int fleet_json_result (const struct fleet_tool *tool, FILE *fp,
                              char *buf, size_t len);

/* options-fleet-results.c */
/* Marks the shard started in --results-dir and reads the results kept
 * there into the jobs (from_results); exits on error.
 */
extern void fleet_results_start (struct fleet *f);
/* Writes job J's line into --results-dir; -1 after a message. */
extern int fleet_results_write (struct fleet *f, const struct fleet_job *j);
/* Marks the shard complete. */
extern int fleet_results_finish (struct fleet *f);
/* --merge-results DIR...: returns the exit status. */
extern int fleet_merge (struct fleet *f);
/* Whether a kept LINE says "error". */
extern bool fleet_line_failed (const char *line);

#endif /* CAREEN_FLEET_INTERNAL_H */
