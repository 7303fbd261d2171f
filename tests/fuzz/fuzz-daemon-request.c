/** careen - offline disk-image toolkit
 *
 * libFuzzer harness for the daemon's side of the protocol: the framing
 * and transfer handling of daemon/proto.c and the argument decoding of
 * every call in daemon/dispatch-gen.c.  The daemon reads what the
 * library sends; a bug here would let a hostile program on the host
 * side (or a corrupted stream) crash or subvert the appliance, and the
 * same codec decodes guest-influenced data elsewhere.
 *
 * The input is the byte stream the daemon reads from its channel: any
 * number of calls, with their upload chunks.  Every do_NAME is a stub
 * that fails (daemon-stubs.c), so only decoding runs.  The daemon ends
 * its process on a protocol error or end of file (exit); exit is
 * wrapped (-Wl,--wrap=exit) to jump back here instead.  Leak checking
 * is off for this harness: the daemon is a process that exits on those
 * paths, so what it had allocated then is not a leak.
 */

#include <config.h>

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "daemon.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
const char *__asan_default_options (void);
void __wrap_exit (int status) __attribute__ ((noreturn));
void __real_exit (int status) __attribute__ ((noreturn));

/* Largest input fuzzed, and the socket buffers that must hold it and
 * every reply to it (each a short error) while nothing reads them.
 */
#define FUZZ_MAX_INPUT (64 * 1024)
#define FUZZ_SOCKBUF (4 * 1024 * 1024)

extern void proto_init (int fd);
extern int proto_serve_one (void);

static jmp_buf exit_env;
static bool serving;            /* exit_env is valid */

const char *
__asan_default_options (void)
{
  return "detect_leaks=0";
}

/* Only the daemon's exits jump back; libFuzzer's own (at the end of
 * the run, or after a crash report) are real.
 */
void
__wrap_exit (int status)
{
  if (serving) {
    serving = false;
    longjmp (exit_env, 1);
  }
  __real_exit (status);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  int sv[2];
  int bufsize = FUZZ_SOCKBUF;
  size_t done;

  if (size > FUZZ_MAX_INPUT)
    return 0;
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
    abort ();
  setsockopt (sv[0], SOL_SOCKET, SO_SNDBUF, &bufsize, sizeof bufsize);
  setsockopt (sv[0], SOL_SOCKET, SO_RCVBUF, &bufsize, sizeof bufsize);
  setsockopt (sv[1], SOL_SOCKET, SO_SNDBUF, &bufsize, sizeof bufsize);
  setsockopt (sv[1], SOL_SOCKET, SO_RCVBUF, &bufsize, sizeof bufsize);
  for (done = 0; done < size; ) {
    ssize_t r = write (sv[1], data + done, size - done);

    if (r <= 0)
      abort ();
    done += (size_t) r;
  }
  shutdown (sv[1], SHUT_WR);

  proto_init (sv[0]);
  if (setjmp (exit_env) == 0) {
    serving = true;
    while (proto_serve_one () == 0)
      ;
  }
  serving = false;
  close (sv[0]);
  close (sv[1]);
  return 0;
}
