/* careen - offline disk-image toolkit
 * errno numbers cross the wire as names, because the numbers are not the
 * same on every system that might run one side of the protocol.
 */

#include <config.h>

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "protocol.h"

struct errno_name {
  int errnum;
  const char *name;
};

#define E(x) { x, #x },
static const struct errno_name errno_names[] = {
#ifdef E2BIG
  E(E2BIG)
#endif
#ifdef EACCES
  E(EACCES)
#endif
#ifdef EADDRINUSE
  E(EADDRINUSE)
#endif
#ifdef EADDRNOTAVAIL
  E(EADDRNOTAVAIL)
#endif
#ifdef EAFNOSUPPORT
  E(EAFNOSUPPORT)
#endif
#ifdef EAGAIN
  E(EAGAIN)
#endif
#ifdef EALREADY
  E(EALREADY)
#endif
#ifdef EBADF
  E(EBADF)
#endif
#ifdef EBADMSG
  E(EBADMSG)
#endif
#ifdef EBUSY
  E(EBUSY)
#endif
#ifdef ECANCELED
  E(ECANCELED)
#endif
#ifdef ECHILD
  E(ECHILD)
#endif
#ifdef ECONNABORTED
  E(ECONNABORTED)
#endif
#ifdef ECONNREFUSED
  E(ECONNREFUSED)
#endif
#ifdef ECONNRESET
  E(ECONNRESET)
#endif
#ifdef EDEADLK
  E(EDEADLK)
#endif
#ifdef EDESTADDRREQ
  E(EDESTADDRREQ)
#endif
#ifdef EDOM
  E(EDOM)
#endif
#ifdef EDQUOT
  E(EDQUOT)
#endif
#ifdef EEXIST
  E(EEXIST)
#endif
#ifdef EFAULT
  E(EFAULT)
#endif
#ifdef EFBIG
  E(EFBIG)
#endif
#ifdef EHOSTUNREACH
  E(EHOSTUNREACH)
#endif
#ifdef EIDRM
  E(EIDRM)
#endif
#ifdef EILSEQ
  E(EILSEQ)
#endif
#ifdef EINPROGRESS
  E(EINPROGRESS)
#endif
#ifdef EINTR
  E(EINTR)
#endif
#ifdef EINVAL
  E(EINVAL)
#endif
#ifdef EIO
  E(EIO)
#endif
#ifdef EISCONN
  E(EISCONN)
#endif
#ifdef EISDIR
  E(EISDIR)
#endif
#ifdef ELOOP
  E(ELOOP)
#endif
#ifdef EMFILE
  E(EMFILE)
#endif
#ifdef EMLINK
  E(EMLINK)
#endif
#ifdef EMSGSIZE
  E(EMSGSIZE)
#endif
#ifdef ENAMETOOLONG
  E(ENAMETOOLONG)
#endif
#ifdef ENETDOWN
  E(ENETDOWN)
#endif
#ifdef ENETRESET
  E(ENETRESET)
#endif
#ifdef ENETUNREACH
  E(ENETUNREACH)
#endif
#ifdef ENFILE
  E(ENFILE)
#endif
#ifdef ENOBUFS
  E(ENOBUFS)
#endif
#ifdef ENODATA
  E(ENODATA)
#endif
#ifdef ENODEV
  E(ENODEV)
#endif
#ifdef ENOENT
  E(ENOENT)
#endif
#ifdef ENOEXEC
  E(ENOEXEC)
#endif
#ifdef ENOLCK
  E(ENOLCK)
#endif
#ifdef ENOLINK
  E(ENOLINK)
#endif
#ifdef ENOMEDIUM
  E(ENOMEDIUM)
#endif
#ifdef ENOMEM
  E(ENOMEM)
#endif
#ifdef ENOMSG
  E(ENOMSG)
#endif
#ifdef ENOSPC
  E(ENOSPC)
#endif
#ifdef ENOSR
  E(ENOSR)
#endif
#ifdef ENOSTR
  E(ENOSTR)
#endif
#ifdef ENOSYS
  E(ENOSYS)
#endif
#ifdef ENOTBLK
  E(ENOTBLK)
#endif
#ifdef ENOTCONN
  E(ENOTCONN)
#endif
#ifdef ENOTDIR
  E(ENOTDIR)
#endif
#ifdef ENOTEMPTY
  E(ENOTEMPTY)
#endif
#ifdef ENOTRECOVERABLE
  E(ENOTRECOVERABLE)
#endif
#ifdef ENOTSOCK
  E(ENOTSOCK)
#endif
#ifdef ENOTSUP
  E(ENOTSUP)
#endif
#ifdef ENOTTY
  E(ENOTTY)
#endif
#ifdef ENXIO
  E(ENXIO)
#endif
#ifdef EOPNOTSUPP
  E(EOPNOTSUPP)
#endif
#ifdef EOVERFLOW
  E(EOVERFLOW)
#endif
#ifdef EOWNERDEAD
  E(EOWNERDEAD)
#endif
#ifdef EPERM
  E(EPERM)
#endif
#ifdef EPIPE
  E(EPIPE)
#endif
#ifdef EPROTO
  E(EPROTO)
#endif
#ifdef EPROTONOSUPPORT
  E(EPROTONOSUPPORT)
#endif
#ifdef EPROTOTYPE
  E(EPROTOTYPE)
#endif
#ifdef ERANGE
  E(ERANGE)
#endif
#ifdef EROFS
  E(EROFS)
#endif
#ifdef ESPIPE
  E(ESPIPE)
#endif
#ifdef ESRCH
  E(ESRCH)
#endif
#ifdef ESTALE
  E(ESTALE)
#endif
#ifdef ETIME
  E(ETIME)
#endif
#ifdef ETIMEDOUT
  E(ETIMEDOUT)
#endif
#ifdef ETXTBSY
  E(ETXTBSY)
#endif
#ifdef EUCLEAN
  E(EUCLEAN)
#endif
#ifdef EWOULDBLOCK
  E(EWOULDBLOCK)
#endif
#ifdef EXDEV
  E(EXDEV)
#endif
};
#undef E

const char *
proto_errno_to_string (int errnum)
{
  size_t i;

  if (errnum == 0)
    return "";
  for (i = 0; i < sizeof errno_names / sizeof errno_names[0]; ++i)
    if (errno_names[i].errnum == errnum)
      return errno_names[i].name;
  return "EINVAL";
}

int
proto_string_to_errno (const char *name)
{
  size_t i;

  if (name == NULL || *name == '\0')
    return 0;
  for (i = 0; i < sizeof errno_names / sizeof errno_names[0]; ++i)
    if (strcmp (errno_names[i].name, name) == 0)
      return errno_names[i].errnum;
  return EINVAL;
}
