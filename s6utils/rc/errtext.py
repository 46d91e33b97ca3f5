"""Failed system calls worded as s6-overlay's s6-rc prints them.

s6-overlay builds s6-rc against musl, whose strerror texts differ from
glibc's for a few errno values (EBUSY is "Resource busy", errno 0 "No error
information"). The s6-rc commands raise this SysFail, which uses musl's
text where it differs (checked against musl's strerror) and the host's
elsewhere, so their messages are the ones s6-overlay users see."""

import errno

from execpy import errors

MUSL = {
    0: b"No error information",
    errno.EIO: b"I/O error",
    errno.ECHILD: b"No child process",
    errno.ENOMEM: b"Out of memory",
    errno.EBUSY: b"Resource busy",
    errno.EXDEV: b"Cross-device link",
    errno.EMFILE: b"No file descriptors available",
    errno.ENOTTY: b"Not a tty",
    errno.ESPIPE: b"Invalid seek",
    errno.ENAMETOOLONG: b"Filename too long",
    errno.ELOOP: b"Symbolic link loop",
    errno.EOVERFLOW: b"Value too large for data type",
    errno.ENOTSUP: b"Not supported",
    errno.ETIMEDOUT: b"Operation timed out",
    errno.EDQUOT: b"Quota exceeded",
}


def strerror(err):
    return MUSL.get(err) or errors.strerror(err)


class SysFail(errors.Die):
    """``unable to WHAT: strerror``, exit 111."""

    def __init__(self, what, err, code=111):
        if isinstance(err, OSError):
            err = err.errno
        super().__init__(code, b"unable to " + what + b": " + strerror(err))
        self.errno = err
