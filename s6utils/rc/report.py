"""Messages on stderr by verbosity, worded as skalibs' strerr words them:
``prog: warning: ...``, ``prog: info: ...`` and, for debug output,
``prog: tracing: in FUNCTION: ...`` (FUNCTION is the name of the C function
that prints it, so that a trace reads as C s6-rc's)."""

from execpy.errors import write_stderr


class Report:
    __slots__ = ("prog", "verbosity")

    def __init__(self, prog, verbosity=1):
        self.prog = prog
        self.verbosity = verbosity

    def _say(self, kind, parts):
        write_stderr(self.prog + kind + b"".join(parts) + b"\n")

    def warn(self, level, *parts):
        if self.verbosity >= level:
            self._say(b": warning: ", parts)

    def info(self, level, *parts):
        if self.verbosity >= level:
            self._say(b": info: ", parts)

    def trace(self, function, *parts):
        if self.verbosity >= 4:
            self._say(b": tracing: in " + function + b": ", parts)
