// The host's <cerrno> (pulled in by gtest and the C++ library) defines
// EPERM, ENOENT, ... as macros, which would turn the enumerators of
// kernel/lib/errno.h into numbers ("Errno::2"). Include this after every
// system header and before any kernel header; it removes the macros for
// every name Errno declares (keep the list in step with errno.h).
#pragma once

#include <cerrno> // first, so a later include cannot bring the macros back

#undef EPERM
#undef ENOENT
#undef ESRCH
#undef EINTR
#undef EIO
#undef ENXIO
#undef E2BIG
#undef ENOEXEC
#undef EBADF
#undef ECHILD
#undef EAGAIN
#undef ENOMEM
#undef EACCES
#undef EFAULT
#undef EBUSY
#undef EEXIST
#undef EXDEV
#undef ENODEV
#undef ENOTDIR
#undef EISDIR
#undef EINVAL
#undef ENFILE
#undef EMFILE
#undef ENOTTY
#undef EFBIG
#undef ENOSPC
#undef ESPIPE
#undef EROFS
#undef EMLINK
#undef EPIPE
#undef ERANGE
#undef EDEADLK
#undef ENAMETOOLONG
#undef ENOSYS
#undef ENOTEMPTY
#undef ETIMEDOUT
