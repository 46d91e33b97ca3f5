"""Failed system calls worded as s6-overlay's s6-rc prints them.

s6-overlay builds s6-rc against musl, whose strerror texts differ from
glibc's for a few errno values (EBUSY is "Resource busy", errno 0 "No error
information"). The s6-rc commands raise this SysFail, which uses musl's
text where it differs (checked against musl's strerror) and the host's
elsewhere, so their messages are the ones s6-overlay users see."""

from execpy import errors

MUSL = errors.MUSL  # the table lives with execpy.errors (an overlay install uses it everywhere)


def strerror(err):
    return MUSL.get(err) or errors.host_strerror(err)


class SysFail(errors.Die):
    """``unable to WHAT: strerror``, exit 111."""

    def __init__(self, what, err, code=111):
        if isinstance(err, OSError):
            err = err.errno
        super().__init__(code, b"unable to " + what + b": " + strerror(err))
        self.errno = err
