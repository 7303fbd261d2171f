/* careen - offline disk-image toolkit */

/**
 * RPM databases in Berkeley DB format (RHEL and CentOS up to 8, SLES
 * up to 15.3): the Packages file is a Berkeley DB hash whose values
 * are the package headers.  This reads it page by page, without
 * libdb: only the hash and overflow pages matter, the hash function
 * and bucket layout do not (every record is on some hash page).
 *
 * On-disk layout read here (Berkeley DB 4.x and 5.x, hash version 8
 * and 9; integers in the byte order of the machine that wrote the
 * file, told by the magic number):
 *
 *   page 0, the metadata page:  offset 12 magic (0x00061561),
 *     16 version, 20 page size, 25 page type (8), 32 last page number
 *   every page starts with a 26-byte header:  8 pgno, 16 next_pgno,
 *     20 entries (u16), 22 hf_offset (u16), 25 type
 *   hash pages (type 2 or 13): entries u16 offsets from byte 26, key
 *     and value items alternating; an item is 1 byte of kind then
 *     either the bytes (kind 1, up to the previous item's offset, or
 *     the page end for the first) or, for kind 3, 3 bytes of padding,
 *     u32 first overflow page and u32 total length
 *   overflow pages (type 7): hf_offset bytes of data from byte 26,
 *     next_pgno the next page of the chain (0 at the end)
 */

#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"
#include "inspect-apps-rpmbdb.h"

#define BDB_HASH_MAGIC 0x00061561
#define BDB_PAGE_HEADER 26
#define BDB_P_HASH_UNSORTED 2
#define BDB_P_OVERFLOW 7
#define BDB_P_HASHMETA 8
#define BDB_P_HASH 13
#define BDB_H_KEYDATA 1
#define BDB_H_OFFPAGE 3
/* Berkeley DB's own page size bounds. */
#define BDB_MIN_PAGE 512
#define BDB_MAX_PAGE 65536
/* Largest header taken from an overflow chain: no real package header
 * comes near it, and it bounds the buffer a hostile file can make us
 * allocate.
 */
#define BDB_MAX_VALUE (16 * 1024 * 1024)
/* Most pages read: a Packages file of a few GiB at 4 KiB pages. */
#define BDB_MAX_PAGES (1024 * 1024)

struct bdb {
  int fd;
  bool swap;                    /* written with the other byte order */
  uint32_t pagesize;
  uint32_t last_pgno;
  unsigned char *page;          /* the hash page being read */
  unsigned char *ovpage;        /* an overflow page */
};

static uint32_t
get32 (const struct bdb *db, const unsigned char *p)
{
  uint32_t v;

  memcpy (&v, p, 4);
  return db->swap ? __builtin_bswap32 (v) : v;
}

static uint16_t
get16 (const struct bdb *db, const unsigned char *p)
{
  uint16_t v;

  memcpy (&v, p, 2);
  return db->swap ? __builtin_bswap16 (v) : v;
}

/* Reads page pgno into buf.  0, 1 at a short read (the page is not
 * there), -1 with errno.
 */
static int
read_page (const struct bdb *db, uint32_t pgno, unsigned char *buf)
{
  off_t off = (off_t) pgno * db->pagesize;
  size_t done = 0;

  while (done < db->pagesize) {
    ssize_t n = pread (db->fd, buf + done, db->pagesize - done,
                       off + (off_t) done);

    if (n == -1) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    if (n == 0)
      return 1;
    done += (size_t) n;
  }
  return 0;
}

/* Gathers len bytes from the overflow chain starting at pgno into a
 * new buffer (*out_r).  0, 1 if the chain is broken (skip the
 * record), -1 with errno.
 */
static int
read_overflow (struct bdb *db, uint32_t pgno, uint32_t len,
               unsigned char **out_r)
{
  unsigned char *out;
  size_t have = 0;
  uint32_t hops = 0;
  int r;

  *out_r = NULL;
  if (len == 0 || len > BDB_MAX_VALUE)
    return 1;
  out = malloc (len);
  if (out == NULL)
    return -1;
  while (have < len) {
    uint16_t n;

    /* A chain longer than the file has loops. */
    if (pgno == 0 || pgno > db->last_pgno || ++hops > db->last_pgno)
      goto broken;
    r = read_page (db, pgno, db->ovpage);
    if (r == -1) {
      int err = errno;

      free (out);
      errno = err;
      return -1;
    }
    if (r == 1 || db->ovpage[25] != BDB_P_OVERFLOW)
      goto broken;
    n = get16 (db, db->ovpage + 22);
    if (n > db->pagesize - BDB_PAGE_HEADER || n > len - have)
      goto broken;
    memcpy (out + have, db->ovpage + BDB_PAGE_HEADER, n);
    have += n;
    pgno = get32 (db, db->ovpage + 16);
    if (n == 0 && have < len)
      goto broken;
  }
  *out_r = out;
  return 0;

 broken:
  free (out);
  return 1;
}

/* The bounds [*start, *end) of item i of the hash page in db->page,
 * or false when the page's offsets make no sense.
 */
static bool
item_bounds (const struct bdb *db, uint16_t entries, uint16_t i,
             uint32_t *start, uint32_t *end)
{
  uint32_t off = get16 (db, db->page + BDB_PAGE_HEADER + 2 * (size_t) i);
  uint32_t lim = i == 0 ? db->pagesize
    : get16 (db, db->page + BDB_PAGE_HEADER + 2 * (size_t) (i - 1));

  if (off < BDB_PAGE_HEADER + 2 * (uint32_t) entries || off >= lim ||
      lim > db->pagesize)
    return false;
  *start = off;
  *end = lim;
  return true;
}

static int
each_on_page (struct bdb *db,
              int (*fn) (void *, const unsigned char *, size_t),
              void *opaque)
{
  uint16_t entries = get16 (db, db->page + 20);
  uint16_t i;

  if (BDB_PAGE_HEADER + 2 * (size_t) entries > db->pagesize)
    return 0;
  /* Items go key, value, key, value ... */
  for (i = 1; i < entries; i += 2) {
    uint32_t ks, ke, vs, ve;
    const unsigned char *item;

    if (!item_bounds (db, entries, i - 1, &ks, &ke) ||
        !item_bounds (db, entries, i, &vs, &ve))
      return 0;
    /* Key 0 holds RPM's counter of package numbers, not a header. */
    if (db->page[ks] == BDB_H_KEYDATA && ke - ks == 5 &&
        get32 (db, db->page + ks + 1) == 0)
      continue;
    item = db->page + vs;
    if (item[0] == BDB_H_KEYDATA) {
      if (fn (opaque, item + 1, ve - vs - 1) == -1)
        return -1;
    }
    else if (item[0] == BDB_H_OFFPAGE && ve - vs >= 12) {
      CLEANUP_FREE unsigned char *value = NULL;
      uint32_t len = get32 (db, item + 8);
      int r = read_overflow (db, get32 (db, item + 4), len, &value);

      if (r == -1)
        return -1;
      if (r == 0 && fn (opaque, value, len) == -1)
        return -1;
    }
  }
  return 0;
}

int
rpmbdb_each_header (int fd,
                    int (*fn) (void *opaque, const unsigned char *blob,
                               size_t len),
                    void *opaque)
{
  unsigned char meta[BDB_MIN_PAGE];
  struct bdb db = { .fd = fd };
  struct stat st;
  uint32_t pgno, magic;
  int r, ret = -1, err = 0;

  /* A directory, FIFO or device where the file should be is not a
   * database, like any other file that is not one.
   */
  if (fstat (fd, &st) == -1)
    return -1;
  if (!S_ISREG (st.st_mode))
    return 0;
  db.pagesize = sizeof meta;
  r = read_page (&db, 0, meta);
  if (r != 0)
    return r == 1 ? 0 : -1;
  memcpy (&magic, meta + 12, 4);
  if (magic == BDB_HASH_MAGIC)
    db.swap = false;
  else if (__builtin_bswap32 (magic) == BDB_HASH_MAGIC)
    db.swap = true;
  else
    return 0;                   /* not a hash database */
  if (meta[25] != BDB_P_HASHMETA)
    return 0;
  db.pagesize = get32 (&db, meta + 20);
  db.last_pgno = get32 (&db, meta + 32);
  if (db.pagesize < BDB_MIN_PAGE || db.pagesize > BDB_MAX_PAGE ||
      (db.pagesize & (db.pagesize - 1)) != 0)
    return 0;
  if (db.last_pgno > BDB_MAX_PAGES)
    db.last_pgno = BDB_MAX_PAGES;
  db.page = malloc (db.pagesize);
  db.ovpage = malloc (db.pagesize);
  if (db.page == NULL || db.ovpage == NULL)
    goto out;
  for (pgno = 1; pgno <= db.last_pgno; ++pgno) {
    r = read_page (&db, pgno, db.page);
    if (r == -1)
      goto out;
    if (r == 1)
      break;                    /* the file ends before last_pgno says */
    if (db.page[25] != BDB_P_HASH && db.page[25] != BDB_P_HASH_UNSORTED)
      continue;
    if (each_on_page (&db, fn, opaque) == -1)
      goto out;
  }
  ret = 0;
 out:
  if (ret == -1)
    err = errno;
  free (db.page);
  free (db.ovpage);
  if (ret == -1)
    errno = err;
  return ret;
}
