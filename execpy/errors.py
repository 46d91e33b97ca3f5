"""The exceptions a command raises, and the one place that prints them.

A builtin never prints its own fatal error nor exits: it raises, and the
chain runner (execpy.engine.run) formats the message the way skalibs' strerr
does: ``prog: fatal: msg``, ``prog: usage: usage-line`` or ``prog: warning: msg``.
"""

import errno
import os


class Die(Exception):
    """Fatal error: ``prog: fatal: msg``, exit ``code``."""

    def __init__(self, code, msg, after=b""):
        super().__init__(code, msg)
        self.code = code
        self.msg = msg if isinstance(msg, bytes) else msg.encode()
        self.after = after  # extra lines printed after the message (execpy's additions)


class SysFail(Die):
    """A failed system call: ``prog: fatal: unable to WHAT: strerror``."""

    def __init__(self, what, err, code=111):
        if isinstance(err, OSError):
            err = err.errno
        if isinstance(what, str):
            what = what.encode()
        super().__init__(code, b"unable to " + what + b": " + strerror(err))
        self.errno = err


class Usage(Die):
    """Bad usage: ``prog: usage: line``, exit 100."""

    def __init__(self, line, code=100):
        super().__init__(code, line)


# musl's strerror texts where they differ from glibc's (checked against
# musl's strerror). s6-overlay's programs are static musl builds, so an
# image installed by `execpy overlay install` (which writes execpy/_libc.py)
# words errors with these; a checkout words them as the host's libc does,
# as the Debian (glibc) programs it is compared with do.
# (read off musl 1.2.3's strerror, every value below 134 where it differs from glibc's)
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
    errno.EDOM: b"Domain error",
    errno.ERANGE: b"Result not representable",
    errno.EDEADLK: b"Resource deadlock would occur",
    errno.ENAMETOOLONG: b"Filename too long",
    errno.ELOOP: b"Symbolic link loop",
    errno.ETIME: b"Device timeout",
    errno.EOVERFLOW: b"Value too large for data type",
    errno.EILSEQ: b"Illegal byte sequence",
    errno.ENOTSOCK: b"Not a socket",
    errno.EMSGSIZE: b"Message too large",
    errno.ENOTSUP: b"Not supported",
    errno.EADDRINUSE: b"Address in use",
    errno.EADDRNOTAVAIL: b"Address not available",
    errno.ENETUNREACH: b"Network unreachable",
    errno.ENETRESET: b"Connection reset by network",
    errno.ECONNABORTED: b"Connection aborted",
    errno.EISCONN: b"Socket is connected",
    errno.ENOTCONN: b"Socket not connected",
    errno.ESHUTDOWN: b"Cannot send after socket shutdown",
    errno.ETIMEDOUT: b"Operation timed out",
    errno.EHOSTUNREACH: b"Host is unreachable",
    errno.EINPROGRESS: b"Operation in progress",
    errno.EDQUOT: b"Quota exceeded",
    errno.EOWNERDEAD: b"Previous owner died",
}
# errno values musl has no text for (it says "No error information")
MUSL_UNKNOWN = frozenset(getattr(errno, name) for name in (
    "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST", "ELNRNG", "EUNATCH", "ENOCSI", "EL2HLT", "EBADE",
    "EBADR", "EXFULL", "ENOANO", "EBADRQC", "EBADSLT", "EBFONT", "ENONET", "ENOPKG", "EREMOTE",
    "EADV", "ESRMNT", "ECOMM", "EDOTDOT", "ENOTUNIQ", "EREMCHG", "ELIBACC", "ELIBBAD", "ELIBSCN",
    "ELIBMAX", "ELIBEXEC", "ERESTART", "ESTRPIPE", "EUSERS", "ETOOMANYREFS", "EUCLEAN", "ENOTNAM",
    "ENAVAIL", "EISNAM", "ERFKILL",
) if hasattr(errno, name))
_texts = None  # MUSL in an s6-overlay install, {} elsewhere (decided at the first error)


def libc_texts():
    """The table of texts that replace the host's: MUSL when this is an
    overlay install (execpy/_libc.py says so), else empty. Never raises:
    when the answer cannot be had (no fd left to read the module with), the
    host's texts serve this time and the question is asked again later."""
    global _texts
    if _texts is not None:
        return _texts
    try:
        from execpy import _libc
    except ImportError:
        _texts = {}
        return _texts
    except Exception:  # noqa: BLE001 - an error path must not fail itself
        return {}
    _texts = MUSL if getattr(_libc, "TEXTS", "") == "musl" else {}
    return _texts


def host_strerror(err):
    """The host libc's text for an errno value, as bytes."""
    try:
        return os.strerror(err).encode()
    except (ValueError, TypeError):
        return b"Unknown error " + str(err).encode()


def strerror(err):
    """The text for an errno value, as bytes: the libc's that s6-overlay's
    programs use in an overlay install (musl), the host's otherwise."""
    texts = libc_texts()
    if not texts:
        return host_strerror(err)
    text = texts.get(err)
    if text:
        return text
    text = host_strerror(err)
    if err in MUSL_UNKNOWN or text.startswith(b"Unknown error"):
        return b"No error information"  # musl's text for what it does not know
    return text


def format_error(prog, exc):
    """The one-line message for a Die, as bytes (newline included)."""
    if isinstance(prog, str):
        prog = prog.encode()
    kind = b"usage" if isinstance(exc, Usage) else b"fatal"
    return prog + b": " + kind + b": " + exc.msg + b"\n" + exc.after


def warn(prog, msg):
    """Print ``prog: warning: msg`` on stderr."""
    if isinstance(prog, str):
        prog = prog.encode()
    if isinstance(msg, str):
        msg = msg.encode()
    write_stderr(prog + b": warning: " + msg + b"\n")


def write_stderr(data):
    """Write all of data to fd 2, ignoring errors (a closed stderr is not
    fatal). Returns False when the write met a broken pipe (EPIPE, with
    SIGPIPE ignored), True otherwise."""
    view = memoryview(data)
    while view:
        try:
            n = os.write(2, view)
        except InterruptedError:
            continue
        except BrokenPipeError:
            if pipe_kills:
                raise PipeDeath() from None
            return False
        except OSError:
            return True
        view = view[n:]
    return True


class PipeDeath(BaseException):
    """Raised by write_stderr on a broken pipe while ``pipe_kills``: core's
    inline block stands for a forked child, which would have died of
    SIGPIPE right there (its SIGPIPE is at its default)."""


pipe_kills = False
