/* careen - offline disk-image toolkit
 * virt-df's private header: the results of one guest, shared between
 * the collecting side (virt-df.c) and the printing side
 * (virt-df-output.c).
 */

#ifndef CAREEN_VIRT_DF_H
#define CAREEN_VIRT_DF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vector.h"

/* The statvfs numbers of one mountable filesystem. */
struct df_row {
  char *device;                 /* "/dev/sda1", "/dev/VG/LV", ... */
  int64_t bsize, frsize, blocks, bfree, bavail;
  int64_t files, ffree, favail;
};
DEFINE_VECTOR_TYPE (df_row_vector, struct df_row);

/* One guest: one or more disks looked at by one appliance. */
struct df_guest {
  char *name;                   /* "disk.img", "disk.img+" for several,
                                   or the domain's name (or UUID) */
  size_t first_drive;           /* its disks in the options' list */
  size_t nr_drives;
  struct df_row_vector rows;
  char *error;                  /* NULL, or why the guest failed */
};

/* How to print. */
struct df_format {
  bool csv, json, human, inodes;
};

/* virt-df-output.c */
extern void df_print_title (const struct df_format *f);
extern void df_print_guest (const struct df_format *f,
                            const struct df_guest *gu);
/* JSON: called once before, once between and once after guests. */
extern void df_print_json_start (void);
extern void df_print_json_guest (const struct df_format *f,
                                 const struct df_guest *gu, bool first);
extern void df_print_json_end (void);

#endif /* CAREEN_VIRT_DF_H */
