/* careen - write the registry hives the tests start from
 * Copyright (C) 2026 the careen authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * write-hive [empty|odd-names|bad-length] OUTPUT
 *
 * Writes a small Windows registry hive ("regf" file) to OUTPUT, built
 * here byte by byte from the published description of the format, so
 * that the test suite needs no binary hive from outside the tree:
 *
 *   empty       a root key with no subkeys and no values: what make-hive
 *               fills from the .reg texts of the test guests, and what
 *               virt-win-reg and the hivex API tests merge into
 *   odd-names   the empty hive with subkeys and values whose names are
 *               stored as UTF-16LE (letters outside Latin-1, an embedded
 *               NUL), as Windows writes them and hivex's writer cannot
 *   bad-length  the empty hive with a value whose recorded data size is
 *               larger than the cell that holds its data, for robustness
 *               tests
 *
 * The output is the same on every run (fixed timestamps), so a hash of
 * this source is a hash of the hives.
 *
 * Layout: a 4096-byte base block, then one 4096-byte hive bin.  Offsets
 * inside the hive ("cell offsets") count from the start of the hive bin
 * data, that is file offset minus 4096, and point at a cell's size
 * field.  Every cell starts with its size, a multiple of 8, negative
 * while the cell is in use; what is left of the bin after the last cell
 * is one free cell (positive size).  All numbers are little-endian.
 */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

/* The base block. */
#define BASE_BLOCK_SIZE 4096
#define BB_SIGNATURE 0                  /* "regf" */
#define BB_SEQUENCE1 4                  /* primary sequence number */
#define BB_SEQUENCE2 8                  /* secondary: equal when clean */
#define BB_TIMESTAMP 12                 /* FILETIME of the last write */
#define BB_MAJOR 20                     /* format version 1.5 (Windows XP+) */
#define BB_MINOR 24
#define BB_FILE_TYPE 28                 /* 0: primary file, not a log */
#define BB_FILE_FORMAT 32               /* 1: direct memory load */
#define BB_ROOT_CELL 36                 /* cell offset of the root key */
#define BB_BINS_SIZE 40                 /* bytes of hive bins after the block */
#define BB_CLUSTERING 44                /* sector size / 512 */
#define BB_FILE_NAME 48                 /* UTF-16LE, 64 bytes, informative */
#define BB_CHECKSUM 508                 /* XOR of the 127 words before it */

/* The hive bin and its header. */
#define BIN_SIZE 4096
#define BIN_HEADER_SIZE 32
#define HB_SIGNATURE 0                  /* "hbin" */
#define HB_OFFSET 4                     /* its cell offset: 0 for the first */
#define HB_SIZE 8
#define HB_TIMESTAMP 20                 /* copy of the base block's */

/* Key node ("nk") fields, from the start of the cell data. */
#define NK_FLAGS 2
#define NK_TIMESTAMP 4
#define NK_PARENT 16
#define NK_SUBKEYS 20
#define NK_VOLATILE_SUBKEYS 24
#define NK_SUBKEY_LIST 28
#define NK_VOLATILE_SUBKEY_LIST 32
#define NK_VALUES 36
#define NK_VALUE_LIST 40
#define NK_SECURITY 44
#define NK_CLASS 48
#define NK_MAX_SUBKEY_NAME 52
#define NK_MAX_SUBKEY_CLASS 56
#define NK_MAX_VALUE_NAME 60
#define NK_MAX_VALUE_DATA 64
#define NK_NAME_LEN 72
#define NK_CLASS_LEN 74
#define NK_NAME 76

#define KEY_HIVE_ENTRY 0x0004           /* the root key */
#define KEY_NO_DELETE 0x0008
#define KEY_COMP_NAME 0x0020            /* name in Latin-1, not UTF-16LE */

/* Key value ("vk") fields. */
#define VK_NAME_LEN 2
#define VK_DATA_SIZE 4
#define VK_DATA 8                       /* cell offset, or the data itself */
#define VK_TYPE 12
#define VK_FLAGS 16
#define VK_NAME 20

#define VALUE_COMP_NAME 0x0001          /* name in Latin-1, not UTF-16LE */
#define DATA_INLINE 0x80000000          /* data of 4 bytes or less in VK_DATA */

#define REG_SZ 1
#define REG_BINARY 3
#define REG_DWORD 4

/* "No cell" in an offset field. */
#define NO_CELL 0xffffffff

/* 2026-01-01 00:00:00 UTC as a FILETIME (100 ns since 1601). */
#define TIMESTAMP UINT64_C(134116992000000000)

struct hive {
  unsigned char file[BASE_BLOCK_SIZE + BIN_SIZE];
  uint32_t next;                /* cell offset of the first unused byte */
};

static void
put16 (unsigned char *p, uint16_t v)
{
  p[0] = v & 0xff;
  p[1] = v >> 8;
}

static void
put32 (unsigned char *p, uint32_t v)
{
  put16 (p, v & 0xffff);
  put16 (p + 2, v >> 16);
}

static void
put64 (unsigned char *p, uint64_t v)
{
  put32 (p, v & 0xffffffff);
  put32 (p + 4, v >> 32);
}

/* The data of the cell at cell offset OFF (after its size field). */
static unsigned char *
cell_data (struct hive *h, uint32_t off)
{
  return h->file + BASE_BLOCK_SIZE + off + 4;
}

/* Allocates a zeroed cell for LEN bytes of data; returns its offset. */
static uint32_t
alloc_cell (struct hive *h, size_t len)
{
  uint32_t off = h->next;
  size_t size = (4 + len + 7) & ~(size_t) 7;

  /* The hives written here are small by design: one bin is plenty. */
  if (size > BIN_SIZE - off) {
    fprintf (stderr, "write-hive: a cell of %zu bytes does not fit in the "
             "hive bin\n", size);
    exit (EXIT_FAILURE);
  }
  put32 (h->file + BASE_BLOCK_SIZE + off, (uint32_t) -(int32_t) size);
  h->next += size;
  return off;
}

/* Writes a SID (revision 1) with identifier authority AUTHORITY and
 * N sub-authorities to P; returns its length.
 */
static size_t
put_sid (unsigned char *p, uint8_t authority, size_t n, const uint32_t *sub)
{
  size_t i;

  p[0] = 1;
  p[1] = n;
  /* The 48-bit authority is big-endian: only its last byte is used. */
  memset (p + 2, 0, 5);
  p[7] = authority;
  for (i = 0; i < n; ++i)
    put32 (p + 8 + 4 * i, sub[i]);
  return 8 + 4 * n;
}

/* Writes an access-allowed ACE for SID, inherited by subkeys, to P;
 * returns its length.
 */
static size_t
put_allow_ace (unsigned char *p, uint32_t mask,
               uint8_t authority, size_t n, const uint32_t *sub)
{
  size_t len = 8 + put_sid (p + 8, authority, n, sub);

  p[0] = 0;                     /* ACCESS_ALLOWED_ACE_TYPE */
  p[1] = 0x02;                  /* CONTAINER_INHERIT_ACE */
  put16 (p + 2, len);
  put32 (p + 4, mask);
  return len;
}

/* Writes the self-relative security descriptor every key of these
 * hives shares to P (which has room for it) and returns its length:
 * owned by the Administrators, who with SYSTEM have full control
 * (KEY_ALL_ACCESS), and Everyone may read (KEY_READ).
 */
static size_t
put_security_descriptor (unsigned char *p)
{
  static const uint32_t administrators[] = { 32, 544 };  /* S-1-5-32-544 */
  static const uint32_t local_system[] = { 18 };         /* S-1-5-18 */
  static const uint32_t everyone[] = { 0 };              /* S-1-1-0 */
  const uint32_t key_all_access = 0x000f003f, key_read = 0x00020019;
  unsigned char *acl = p + 20;
  size_t len, owner, group;

  /* The access control list, right after the 20-byte header. */
  len = 8;
  len += put_allow_ace (acl + len, key_all_access, 5, 2, administrators);
  len += put_allow_ace (acl + len, key_all_access, 5, 1, local_system);
  len += put_allow_ace (acl + len, key_read, 1, 1, everyone);
  acl[0] = 2;                   /* ACL_REVISION */
  acl[1] = 0;
  put16 (acl + 2, len);
  put16 (acl + 4, 3);           /* entries */
  put16 (acl + 6, 0);

  owner = 20 + len;
  group = owner + put_sid (p + owner, 5, 2, administrators);
  len = group + put_sid (p + group, 5, 1, local_system);

  p[0] = 1;                     /* revision */
  p[1] = 0;
  put16 (p + 2, 0x8004);        /* SE_SELF_RELATIVE | SE_DACL_PRESENT */
  put32 (p + 4, owner);
  put32 (p + 8, group);
  put32 (p + 12, 0);            /* no SACL */
  put32 (p + 16, 20);           /* DACL */
  return len;
}

/* The key security cell ("sk"): alone in its list, so it is its own
 * next and previous entry.  REFS keys use it.
 */
static uint32_t
add_security (struct hive *h, uint32_t refs)
{
  unsigned char sd[256];
  size_t sd_len = put_security_descriptor (sd);
  uint32_t off = alloc_cell (h, 20 + sd_len);
  unsigned char *p = cell_data (h, off);

  memcpy (p, "sk", 2);
  put32 (p + 4, off);           /* flink */
  put32 (p + 8, off);           /* blink */
  put32 (p + 12, refs);
  put32 (p + 16, sd_len);
  memcpy (p + 20, sd, sd_len);
  return off;
}

/* A name as a hive stores it: Latin-1 bytes when COMP, or UTF-16LE. */
struct name {
  const char *bytes;
  size_t len;
  int comp;
};

/* A key node with no subkeys, values or class yet. */
static uint32_t
add_key (struct hive *h, const struct name *name, uint16_t flags,
         uint32_t parent, uint32_t security)
{
  uint32_t off = alloc_cell (h, NK_NAME + name->len);
  unsigned char *p = cell_data (h, off);

  memcpy (p, "nk", 2);
  put16 (p + NK_FLAGS, flags | (name->comp ? KEY_COMP_NAME : 0));
  put64 (p + NK_TIMESTAMP, TIMESTAMP);
  put32 (p + NK_PARENT, parent);
  put32 (p + NK_SUBKEYS, 0);
  put32 (p + NK_VOLATILE_SUBKEYS, 0);
  put32 (p + NK_SUBKEY_LIST, NO_CELL);
  put32 (p + NK_VOLATILE_SUBKEY_LIST, NO_CELL);
  put32 (p + NK_VALUES, 0);
  put32 (p + NK_VALUE_LIST, NO_CELL);
  put32 (p + NK_SECURITY, security);
  put32 (p + NK_CLASS, NO_CELL);
  put16 (p + NK_NAME_LEN, name->len);
  put16 (p + NK_CLASS_LEN, 0);
  memcpy (p + NK_NAME, name->bytes, name->len);
  return off;
}

/* The hash of a hash leaf entry: the name in upper case, one character
 * code at a time, H = 37 * H + C.  The names hashed here are ASCII or
 * UTF-16LE with upper-case letters outside ASCII.
 */
static uint32_t
name_hash (const struct name *name)
{
  uint32_t h = 0;
  size_t i, step = name->comp ? 1 : 2;

  for (i = 0; i + step <= name->len; i += step) {
    uint32_t c = (unsigned char) name->bytes[i];

    if (!name->comp)
      c |= (unsigned char) name->bytes[i+1] << 8;
    if (c >= 'a' && c <= 'z')
      c -= 'a' - 'A';
    h = 37 * h + c;
  }
  return h;
}

/* Gives the key PARENT the N subkeys KEYS (named NAMES, in the sorted
 * order of their upper-case names) in a hash leaf ("lh").
 */
static void
set_subkeys (struct hive *h, uint32_t parent, size_t n,
             const uint32_t *keys, const struct name *names)
{
  uint32_t list = alloc_cell (h, 4 + 8 * n);
  unsigned char *p = cell_data (h, list);
  unsigned char *nk;
  uint32_t longest = 0;
  size_t i;

  memcpy (p, "lh", 2);
  put16 (p + 2, n);
  for (i = 0; i < n; ++i) {
    put32 (p + 4 + 8 * i, keys[i]);
    put32 (p + 8 + 8 * i, name_hash (&names[i]));
    if (names[i].len > longest)
      longest = names[i].len;
  }
  nk = cell_data (h, parent);
  put32 (nk + NK_SUBKEYS, n);
  put32 (nk + NK_SUBKEY_LIST, list);
  put32 (nk + NK_MAX_SUBKEY_NAME, longest);
}

/* A value: its data in a cell of its own, or in the value cell when it
 * is 4 bytes or less.  SIZE is the data size recorded, which may be a
 * lie (larger than LEN, the bytes actually stored).
 */
struct value {
  struct name name;
  uint32_t type;
  const char *data;
  size_t len;
  uint32_t size;
};

/* Gives the key KEY the N values VALUES, in a key values list. */
static void
set_values (struct hive *h, uint32_t key, size_t n,
            const struct value *values)
{
  uint32_t list = alloc_cell (h, 4 * n);
  uint32_t longest_name = 0, longest_data = 0;
  unsigned char *nk;
  size_t i;

  for (i = 0; i < n; ++i) {
    const struct value *v = &values[i];
    uint32_t vk = alloc_cell (h, VK_NAME + v->name.len);
    unsigned char *p;

    if (v->len <= 4 && v->size == v->len) {
      p = cell_data (h, vk);
      put32 (p + VK_DATA_SIZE, v->size | DATA_INLINE);
      memcpy (p + VK_DATA, v->data, v->len);
    }
    else {
      uint32_t data = alloc_cell (h, v->len);

      memcpy (cell_data (h, data), v->data, v->len);
      p = cell_data (h, vk);
      put32 (p + VK_DATA_SIZE, v->size);
      put32 (p + VK_DATA, data);
    }
    memcpy (p, "vk", 2);
    put16 (p + VK_NAME_LEN, v->name.len);
    put32 (p + VK_TYPE, v->type);
    put16 (p + VK_FLAGS, v->name.comp ? VALUE_COMP_NAME : 0);
    memcpy (p + VK_NAME, v->name.bytes, v->name.len);
    put32 (cell_data (h, list) + 4 * i, vk);

    if (v->name.len > longest_name)
      longest_name = v->name.len;
    if (v->size > longest_data)
      longest_data = v->size;
  }
  nk = cell_data (h, key);
  put32 (nk + NK_VALUES, n);
  put32 (nk + NK_VALUE_LIST, list);
  put32 (nk + NK_MAX_VALUE_NAME, longest_name);
  put32 (nk + NK_MAX_VALUE_DATA, longest_data);
}

#define COMP(s) { (s), sizeof (s) - 1, 1 }
#define UTF16(s) { (s), sizeof (s) - 1, 0 }

/* Subkeys and values with names hivex cannot write: a Latin-1 name
 * stored as UTF-16LE, names with letters outside Latin-1, and names
 * with an embedded NUL, in subkeys sorted by upper-case name.
 */
static void
add_odd_names (struct hive *h, uint32_t root, uint32_t security)
{
  static const struct name names[] = {
    UTF16 ("c\0a\0f\0\xe9\0"),                   /* "café" */
    UTF16 ("n\0u\0l\0\0\0k\0e\0y\0"),            /* "nul", NUL, "key" */
    UTF16 ("\xa9\x03\x22\x21"),                  /* "Ω™" */
  };
  static const struct value values[] = {
    { UTF16 ("\xa9\x03"), REG_DWORD, "\x2a\0\0\0", 4, 4 },
    { UTF16 ("a\0\0\0b\0"), REG_SZ, "x\0\0\0", 4, 4 },
    { COMP ("na\xefve"), REG_BINARY, "\x01\x02\x03\x04\x05", 5, 5 },
  };
  const size_t n = sizeof names / sizeof names[0];
  uint32_t keys[sizeof names / sizeof names[0]];
  size_t i;

  for (i = 0; i < n; ++i)
    keys[i] = add_key (h, &names[i], 0, root, security);
  set_subkeys (h, root, n, keys, names);
  set_values (h, keys[0], sizeof values / sizeof values[0], values);
}

/* A subkey holding a value that says it has 4096 bytes of data in a
 * cell of 16.
 */
static void
add_bad_length (struct hive *h, uint32_t root, uint32_t security)
{
  static const struct name name = COMP ("BadLength");
  static const struct value value = {
    COMP ("Lies"), REG_BINARY, "0123456789abcdef", 16, 4096
  };
  uint32_t key = add_key (h, &name, 0, root, security);

  set_subkeys (h, root, 1, &key, &name);
  set_values (h, key, 1, &value);
}

/* The base block and bin header, the root key and security cell, what
 * KIND adds, and the free cell after it all.
 */
static void
build (struct hive *h, const char *kind)
{
  static const struct name root_name = COMP ("ROOT");
  unsigned char *bb = h->file, *bin = h->file + BASE_BLOCK_SIZE;
  uint32_t root, security, checksum = 0;
  size_t i, keys;

  memset (h, 0, sizeof *h);
  h->next = BIN_HEADER_SIZE;

  memcpy (bin + HB_SIGNATURE, "hbin", 4);
  put32 (bin + HB_OFFSET, 0);
  put32 (bin + HB_SIZE, BIN_SIZE);
  put64 (bin + HB_TIMESTAMP, TIMESTAMP);

  /* The root key comes first; the security cell follows it, then
   * anything else.  It is used by every key, so count them first.
   */
  if (strcmp (kind, "empty") == 0)
    keys = 1;
  else if (strcmp (kind, "odd-names") == 0)
    keys = 4;
  else if (strcmp (kind, "bad-length") == 0)
    keys = 2;
  else {
    fprintf (stderr, "write-hive: unknown kind of hive '%s'\n", kind);
    exit (EXIT_FAILURE);
  }
  root = add_key (h, &root_name, KEY_HIVE_ENTRY | KEY_NO_DELETE,
                  NO_CELL, 0);
  security = add_security (h, keys);
  put32 (cell_data (h, root) + NK_SECURITY, security);
  if (strcmp (kind, "odd-names") == 0)
    add_odd_names (h, root, security);
  else if (strcmp (kind, "bad-length") == 0)
    add_bad_length (h, root, security);
  if (h->next < BIN_SIZE)
    put32 (bin + h->next, BIN_SIZE - h->next);

  memcpy (bb + BB_SIGNATURE, "regf", 4);
  put32 (bb + BB_SEQUENCE1, 1);
  put32 (bb + BB_SEQUENCE2, 1);
  put64 (bb + BB_TIMESTAMP, TIMESTAMP);
  put32 (bb + BB_MAJOR, 1);
  put32 (bb + BB_MINOR, 5);
  put32 (bb + BB_FILE_TYPE, 0);
  put32 (bb + BB_FILE_FORMAT, 1);
  put32 (bb + BB_ROOT_CELL, root);
  put32 (bb + BB_BINS_SIZE, BIN_SIZE);
  put32 (bb + BB_CLUSTERING, 1);
  for (i = 0; i < BB_CHECKSUM; i += 4)
    checksum ^= bb[i] | bb[i+1] << 8 | bb[i+2] << 16 |
                (uint32_t) bb[i+3] << 24;
  put32 (bb + BB_CHECKSUM, checksum);
}

int
main (int argc, char *argv[])
{
  static struct hive h;
  const char *kind = "empty", *output;
  int fd;

  if (argc == 3)
    kind = argv[1];
  else if (argc != 2) {
    fprintf (stderr, "usage: write-hive [empty|odd-names|bad-length] OUTPUT\n");
    exit (EXIT_FAILURE);
  }
  output = argv[argc-1];
  build (&h, kind);

  fd = open (output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd == -1) {
    fprintf (stderr, "write-hive: open: %s: %m\n", output);
    exit (EXIT_FAILURE);
  }
  if (write (fd, h.file, sizeof h.file) != (ssize_t) sizeof h.file) {
    fprintf (stderr, "write-hive: write: %s: %m\n", output);
    exit (EXIT_FAILURE);
  }
  if (close (fd) == -1) {
    fprintf (stderr, "write-hive: close: %s: %m\n", output);
    exit (EXIT_FAILURE);
  }
  exit (EXIT_SUCCESS);
}
