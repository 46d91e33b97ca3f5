"""The exceptions a command raises, and the one place that prints them.

A builtin never prints its own fatal error nor exits: it raises, and the
chain runner (execpy.engine.run) formats the message the way skalibs' strerr
does: ``prog: fatal: msg``, ``prog: usage: usage-line`` or ``prog: warning: msg``.
"""

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


def strerror(err):
    """The libc text for an errno value, as bytes."""
    try:
        return os.strerror(err).encode()
    except (ValueError, TypeError):
        return b"Unknown error " + str(err).encode()


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
    """Write all of data to fd 2, ignoring errors (a closed stderr is not fatal)."""
    view = memoryview(data)
    while view:
        try:
            n = os.write(2, view)
        except InterruptedError:
            continue
        except OSError:
            return
        view = view[n:]
