/* careen - tests of write-hive
 * Copyright (C) 2026 the careen authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * Runs write-hive for each kind of hive and reads the result with the
 * hivex library: the empty hive has a root key with no subkeys and no
 * values, a base block whose fields and checksum are right (computed
 * here again), and hivex can add a key to it and save it; the hive of
 * odd names reads back with those names; the value with a false length
 * is refused.  Copies truncated, or damaged in the base block, the bin
 * header or the root key, are refused by hivex_open.
 */

#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hivex.h>

static int failures;

#define CHECK(expr)                                                     \
  do {                                                                  \
    if (!(expr)) {                                                      \
      fprintf (stderr, "%s:%d: check failed: %s\n",                     \
               __FILE__, __LINE__, #expr);                              \
      failures++;                                                       \
    }                                                                   \
  } while (0)

#define HIVE_SIZE 8192

static char tmpdir[] = "/tmp/careen-write-hive.XXXXXX";

static uint32_t
get32 (const unsigned char *p)
{
  return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t) p[3] << 24;
}

static void
put32 (unsigned char *p, uint32_t v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = v >> 24;
}

/* The XOR of the first 127 little-endian words of the base block. */
static uint32_t
checksum (const unsigned char *bb)
{
  uint32_t c = 0;
  size_t i;

  for (i = 0; i < 508; i += 4)
    c ^= get32 (bb + i);
  return c;
}

/* Runs write-hive KIND into the temporary directory; returns the path
 * (static storage, overwritten by the next call).
 */
static const char *
write_hive (const char *kind)
{
  static char path[256];
  const char *top = getenv ("top_builddir");
  char prog[4096];
  pid_t pid;
  int status;

  snprintf (prog, sizeof prog, "%s/tests/guests/write-hive",
            top ? top : "../..");
  snprintf (path, sizeof path, "%s/%s", tmpdir, kind);
  pid = fork ();
  if (pid == -1) {
    perror ("fork");
    exit (EXIT_FAILURE);
  }
  if (pid == 0) {
    execl (prog, "write-hive", kind, path, (char *) NULL);
    fprintf (stderr, "exec: %s: %m\n", prog);
    _exit (127);
  }
  if (waitpid (pid, &status, 0) == -1) {
    perror ("waitpid");
    exit (EXIT_FAILURE);
  }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0) {
    fprintf (stderr, "write-hive %s failed\n", kind);
    exit (EXIT_FAILURE);
  }
  return path;
}

static void
read_whole (const char *path, unsigned char *buf, size_t size)
{
  FILE *fp = fopen (path, "rb");

  if (fp == NULL) {
    fprintf (stderr, "fopen: %s: %m\n", path);
    exit (EXIT_FAILURE);
  }
  CHECK (fread (buf, 1, size, fp) == size);
  CHECK (fgetc (fp) == EOF);    /* and nothing more */
  fclose (fp);
}

static void
write_whole (const char *path, const unsigned char *buf, size_t size)
{
  FILE *fp = fopen (path, "wb");

  if (fp == NULL || fwrite (buf, 1, size, fp) != size || fclose (fp) != 0) {
    fprintf (stderr, "write: %s: %m\n", path);
    exit (EXIT_FAILURE);
  }
}

/* The base block and the first bin, byte by byte. */
static void
test_layout (const unsigned char *h)
{
  uint32_t root = get32 (h + 36);

  CHECK (memcmp (h, "regf", 4) == 0);
  CHECK (get32 (h + 4) == get32 (h + 8));       /* clean: sequences equal */
  CHECK (get32 (h + 20) == 1);                  /* version 1.3 to 1.5 */
  CHECK (get32 (h + 24) >= 3 && get32 (h + 24) <= 5);
  CHECK (get32 (h + 28) == 0);                  /* primary file */
  CHECK (get32 (h + 32) == 1);
  CHECK (get32 (h + 40) == HIVE_SIZE - 4096);   /* the hive bins */
  CHECK (get32 (h + 508) == checksum (h));

  CHECK (memcmp (h + 4096, "hbin", 4) == 0);
  CHECK (get32 (h + 4096 + 4) == 0);
  CHECK (get32 (h + 4096 + 8) == HIVE_SIZE - 4096);

  /* The root: an allocated "nk" cell flagged as the hive's entry with
   * a Latin-1 name, pointing at an "sk" cell.
   */
  CHECK (root >= 32 && root < HIVE_SIZE - 4096 - 80);
  if (root >= 32 && root < HIVE_SIZE - 4096 - 80) {
    const unsigned char *nk = h + 4096 + root + 4;
    uint32_t sk = get32 (nk + 44);

    CHECK ((int32_t) get32 (nk - 4) < 0);
    CHECK (memcmp (nk, "nk", 2) == 0);
    CHECK ((nk[2] & 0x24) == 0x24);     /* KEY_HIVE_ENTRY|KEY_COMP_NAME */
    CHECK (get32 (nk + 20) == 0);       /* subkeys */
    CHECK (get32 (nk + 36) == 0);       /* values */
    CHECK (sk >= 32 && sk < HIVE_SIZE - 4096 - 24);
    if (sk >= 32 && sk < HIVE_SIZE - 4096 - 24)
      CHECK (memcmp (h + 4096 + sk + 4, "sk", 2) == 0);
  }
}

/* hivex reads the empty hive, and can write to it. */
static void
test_empty (const char *path)
{
  char saved[512];
  hive_h *h = hivex_open (path, HIVEX_OPEN_WRITE);
  hive_node_h root, child;
  hive_node_h *children;
  hive_value_h *values;
  char *name;

  CHECK (h != NULL);
  if (h == NULL)
    return;
  root = hivex_root (h);
  CHECK (root != 0);
  name = hivex_node_name (h, root);
  CHECK (name != NULL && strcmp (name, "ROOT") == 0);
  free (name);
  children = hivex_node_children (h, root);
  CHECK (children != NULL && children[0] == 0);
  free (children);
  values = hivex_node_values (h, root);
  CHECK (values != NULL && values[0] == 0);
  free (values);

  /* A new key takes the root's security cell and the free space. */
  child = hivex_node_add_child (h, root, "Careen");
  CHECK (child != 0);
  snprintf (saved, sizeof saved, "%s/saved", tmpdir);
  CHECK (hivex_commit (h, saved, 0) == 0);
  CHECK (hivex_close (h) == 0);

  h = hivex_open (saved, 0);
  CHECK (h != NULL);
  if (h == NULL)
    return;
  CHECK (hivex_node_get_child (h, hivex_root (h), "careen") != 0);
  CHECK (hivex_close (h) == 0);
}

/* The names of the odd-names hive, as hivex gives them in UTF-8. */
static void
test_odd_names (const char *path)
{
  static const char *keys[] = { "caf\xc3\xa9", "nul", "\xce\xa9\xe2\x84\xa2" };
  static const char *vals[] = { "\xce\xa9", "a", "na\xc3\xafve" };
  hive_h *h = hivex_open (path, 0);
  hive_node_h *children;
  hive_value_h *values;
  size_t i;

  CHECK (h != NULL);
  if (h == NULL)
    return;
  children = hivex_node_children (h, hivex_root (h));
  CHECK (children != NULL);
  for (i = 0; children && i < 3; ++i) {
    char *name = hivex_node_name (h, children[i]);

    CHECK (name != NULL && strcmp (name, keys[i]) == 0);
    CHECK (hivex_node_parent (h, children[i]) == hivex_root (h));
    free (name);
  }
  CHECK (children != NULL && children[3] == 0);

  values = hivex_node_values (h, children ? children[0] : 0);
  CHECK (values != NULL);
  for (i = 0; values && i < 3; ++i) {
    char *key = hivex_value_key (h, values[i]);

    CHECK (key != NULL && strcmp (key, vals[i]) == 0);
    free (key);
  }
  CHECK (values != NULL && values[3] == 0);
  if (values != NULL)
    CHECK (hivex_value_dword (h, values[0]) == 42);
  free (values);
  free (children);
  CHECK (hivex_close (h) == 0);
}

/* The value whose length is false cannot be read. */
static void
test_bad_length (const char *path)
{
  hive_h *h = hivex_open (path, 0);
  hive_node_h key;
  hive_value_h value;
  hive_type t;
  size_t len;

  CHECK (h != NULL);
  if (h == NULL)
    return;
  key = hivex_node_get_child (h, hivex_root (h), "BadLength");
  CHECK (key != 0);
  value = hivex_node_get_value (h, key, "Lies");
  CHECK (value != 0);
  CHECK (hivex_value_type (h, value, &t, &len) == 0 && len == 4096);
  CHECK (hivex_value_value (h, value, &t, &len) == NULL);
  CHECK (hivex_close (h) == 0);
}

/* A damaged copy of the empty hive is not opened. */
static void
refused (const char *what, const unsigned char *buf, size_t size)
{
  char path[512];
  hive_h *h;

  snprintf (path, sizeof path, "%s/damaged", tmpdir);
  write_whole (path, buf, size);
  h = hivex_open (path, 0);
  if (h != NULL) {
    fprintf (stderr, "hivex opened the hive with %s\n", what);
    failures++;
    hivex_close (h);
  }
}

static void
test_damaged (const unsigned char *good)
{
  static unsigned char h[HIVE_SIZE];

  refused ("no hive bin", good, 4096);
  refused ("half a hive bin", good, 6144);
  refused ("its last bytes cut", good, HIVE_SIZE - 2);

  memcpy (h, good, HIVE_SIZE);
  h[48] ^= 1;                           /* a wrong checksum */
  refused ("a wrong checksum", h, HIVE_SIZE);

  memcpy (h, good, HIVE_SIZE);
  memcpy (h + 4096, "hbim", 4);
  refused ("a bad hive bin signature", h, HIVE_SIZE);

  /* The root offset at the security cell, with the checksum fixed. */
  memcpy (h, good, HIVE_SIZE);
  put32 (h + 36, get32 (h + 4096 + get32 (h + 36) + 4 + 44));
  put32 (h + 508, checksum (h));
  refused ("a root that is not a key", h, HIVE_SIZE);

  memcpy (h, good, HIVE_SIZE);
  memcpy (h + 4096 + get32 (h + 36) + 4, "mk", 2);
  refused ("a bad root key signature", h, HIVE_SIZE);
}

int
main (void)
{
  static unsigned char empty[HIVE_SIZE];
  char cmd[256];

  if (mkdtemp (tmpdir) == NULL) {
    perror ("mkdtemp");
    exit (EXIT_FAILURE);
  }

  read_whole (write_hive ("empty"), empty, sizeof empty);
  test_layout (empty);
  test_empty (write_hive ("empty"));
  test_odd_names (write_hive ("odd-names"));
  test_bad_length (write_hive ("bad-length"));
  test_damaged (empty);

  snprintf (cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system (cmd) != 0)
    fprintf (stderr, "cannot remove %s\n", tmpdir);

  if (failures > 0) {
    fprintf (stderr, "test-write-hive: %d checks failed\n", failures);
    exit (EXIT_FAILURE);
  }
  printf ("test-write-hive: all checks passed\n");
  exit (EXIT_SUCCESS);
}
