#include "lib/errno.h"

const char* errno_name(Errno e) {
    switch (e) {
#define NAME(x)                                                                                    \
    case Errno::x:                                                                                 \
        return #x;
        NAME(EPERM)
        NAME(ENOENT) NAME(ESRCH) NAME(EINTR) NAME(EIO) NAME(ENXIO) NAME(E2BIG) NAME(ENOEXEC)
            NAME(EBADF) NAME(ECHILD) NAME(EAGAIN) NAME(ENOMEM) NAME(EACCES) NAME(EFAULT) NAME(EBUSY)
                NAME(EEXIST) NAME(EXDEV) NAME(ENODEV) NAME(ENOTDIR) NAME(EISDIR) NAME(EINVAL)
                    NAME(ENFILE) NAME(EMFILE) NAME(ENOTTY) NAME(EFBIG) NAME(ENOSPC) NAME(ESPIPE)
                        NAME(EROFS) NAME(EMLINK) NAME(EPIPE) NAME(ERANGE) NAME(EDEADLK)
                            NAME(ENAMETOOLONG) NAME(ENOSYS) NAME(ENOTEMPTY) NAME(ETIMEDOUT)
#undef NAME
    }
    return "E?";
}
