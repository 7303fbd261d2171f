/** careen - offline disk-image toolkit
 *
 * libFuzzer harness for the library's side of the protocol: everything
 * a compromised daemon can send in answer to one call.  The input is
 * what the "daemon" writes on the channel: progress frames, cancel
 * flags, download chunks and the reply itself, decoded by the real
 * code (lib/proto.c, lib/conn.c, the generated stubs in
 * lib/actions-gen.c and their struct decoders).
 *
 * A handle is put in the READY state by hand with one end of a
 * socketpair as its channel; the other end holds the input, then end
 * of file.  No qemu is involved: the handle's pid stays 0, so
 * "killing the appliance" after a protocol error only closes the
 * socket.  The first input byte chooses the call (and so the return
 * type decoded) and whether tracing (which prints the decoded result)
 * is on.
 */

#include <config.h>

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "guestfs.h"
#include "guestfs-internal.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Socket buffer asked for: inputs beyond it are cut (the harness must
 * write the whole input before the call reads it, single-threaded).
 */
#define FUZZ_SOCKBUF (1024 * 1024)

static void
quiet_events (guestfs_h *g, void *opaque, uint64_t event, int event_handle,
              int flags, const char *buf, size_t buf_len,
              const uint64_t *array, size_t array_len)
{
}

static void
free_strings (char **l)
{
  size_t i;

  if (l == NULL)
    return;
  for (i = 0; l[i] != NULL; ++i)
    free (l[i]);
  free (l);
}

/* One call of each return kind (and the file transfer directions),
 * chosen by sel.
 */
static void
call_one (guestfs_h *g, unsigned sel)
{
  size_t size;
  char *const names[] = { (char *) "a", (char *) "b", NULL };

  switch (sel % 20) {
  case 0: free_strings (guestfs_ls (g, "/")); break;
  case 1: guestfs_free_statvfs (guestfs_statvfs (g, "/")); break;
  case 2: guestfs_free_dirent_list (guestfs_readdir (g, "/")); break;
  case 3: free (guestfs_read_file (g, "/f", &size)); break;
  case 4: free (guestfs_cat (g, "/f")); break;
  case 5: (void) guestfs_exists (g, "/f"); break;
  case 6: (void) guestfs_filesize (g, "/f"); break;
  case 7: (void) guestfs_download (g, "/f", "/dev/null"); break;
  case 8: (void) guestfs_upload (g, "/dev/null", "/f"); break;
  case 9: (void) guestfs_tar_out (g, "/", "/dev/null"); break;
  case 10: free_strings (guestfs_list_partitions (g)); break;
  case 11: guestfs_free_partition_list (guestfs_part_list (g, "/dev/sda"));
    break;
  case 12: guestfs_free_statns_list (guestfs_lstatnslist (g, "/", names));
    break;
  case 13: guestfs_free_xattr_list (guestfs_lgetxattrs (g, "/f")); break;
  case 14: guestfs_free_lvm_lv_list (guestfs_lvs_full (g)); break;
  case 15: free_strings (guestfs_inspect_os (g)); break;
  case 16: free_strings (guestfs_inspect_get_mountpoints (g, "/dev/sda1"));
    break;
  case 17:
    guestfs_free_application2_list (guestfs_inspect_list_applications2
                                    (g, "/dev/sda1"));
    break;
  case 18: free_strings (guestfs_find (g, "/")); break;
  case 19: free (guestfs_hivex_value_value (g, 1, &size)); break;
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  guestfs_h *g;
  int sv[2];
  int bufsize = FUZZ_SOCKBUF;
  size_t done;
  unsigned sel;

  if (size < 1)
    return 0;
  sel = data[0];
  data++;
  size--;
  if (size > FUZZ_SOCKBUF / 2)
    size = FUZZ_SOCKBUF / 2;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
    abort ();
  setsockopt (sv[1], SOL_SOCKET, SO_SNDBUF, &bufsize, sizeof bufsize);
  setsockopt (sv[0], SOL_SOCKET, SO_RCVBUF, &bufsize, sizeof bufsize);
  setsockopt (sv[0], SOL_SOCKET, SO_SNDBUF, &bufsize, sizeof bufsize);
  for (done = 0; done < size; ) {
    ssize_t r = write (sv[1], data + done, size - done);

    if (r <= 0)
      break;                    /* buffer full: fuzz a shorter input */
    done += (size_t) r;
  }
  shutdown (sv[1], SHUT_WR);

  g = guestfs_create ();
  if (g == NULL)
    abort ();
  guestfs_set_error_handler (g, NULL, NULL);
  guestfs_set_autosync (g, 0);
  guestfs_set_trace (g, (sel & 0x80) != 0);
  guestfs_set_event_callback (g, quiet_events, GUESTFS_EVENT_ALL, 0, NULL);
  g->state = READY;
  g->conn.sock_fd = sv[0];

  call_one (g, sel & 0x7f);

  guestfs_close (g);            /* closes sv[0] if the call did not */
  close (sv[1]);
  return 0;
}
