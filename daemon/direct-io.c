/* careen - offline disk-image toolkit */

/**
 * Direct I/O for bulk transfers.  Under TCG every page that goes
 * through the appliance's page cache costs an emulated copy and the
 * cache's emulated bookkeeping, and every page the cache fills is
 * memory qemu has to back on the host (bench/README.md): bulk reads and
 * writes of uploads, downloads, copies and fills therefore use O_DIRECT
 * where the kernel allows it, so that qemu moves the data straight
 * between the image and the daemon's page-aligned buffer.
 *
 * A request that does not fit direct I/O's alignment rules (an odd
 * offset or tail) or a filesystem without direct I/O gets EINVAL: the
 * caller then drops the descriptor back to cached I/O with
 * direct_io_drop and retries, and uses direct_io_forget so that the
 * pages cached that way do not stay behind.
 */

#include <config.h>

#include <fcntl.h>
#include <stdlib.h>

#include "daemon.h"

void
direct_io_set (int fd)
{
  int fl = fcntl (fd, F_GETFL);

  if (fl != -1)
    (void) fcntl (fd, F_SETFL, fl | O_DIRECT);
}

bool
direct_io_drop (int fd)
{
  int fl = fcntl (fd, F_GETFL);

  if (fl == -1 || !(fl & O_DIRECT))
    return false;
  return fcntl (fd, F_SETFL, fl & ~O_DIRECT) == 0;
}

void *
direct_io_buffer (size_t n)
{
  void *p;

  if (posix_memalign (&p, DIRECT_IO_ALIGN, n) != 0)
    return NULL;
  return p;
}

void
direct_io_forget (int fd, int64_t offset, int64_t len)
{
  /* Clean pages go at once; dirty ones are started on their way out
   * first, or the advice would skip them.  Only a hint: errors do not
   * matter to the transfer.
   */
  (void) sync_file_range (fd, offset, len, SYNC_FILE_RANGE_WRITE |
                          SYNC_FILE_RANGE_WAIT_AFTER);
  (void) posix_fadvise (fd, offset, len, POSIX_FADV_DONTNEED);
}
