"""What the loop commands share (forx, forstdin, forbacktickx, loopwhilex).

* Exit-code lists (``-o okcodes`` / ``-x breakcodes``) are read the way
  skalibs' uint16_scanlist reads them: numbers separated by any run of
  ``,:;`` space, tab, CR or LF; scanning stops at the first byte that is
  neither, and the list is refused only when nothing at all was read. A
  number that would overflow 16 bits stops before the digit that overflows
  (``70000`` reads as 7000, then 0).
* A child's fate is compared, and relayed, as an execline "approximation":
  the exit code, 128 for codes of 128 and more, 128+n for signal n.
"""

import os

from execpy.engine import process
from execpy.engine.core import Ctx, spawn, waitpid
from execpy.engine.numscan import U16, scan_list


def scan_codes(arg, limit=256):
    """The list of codes in ``arg``, or None when not even one number is there."""
    codes, _ = scan_list(arg, limit, U16)
    return codes or None


approx = process.exitcode_of  # execline's approximation of a wait status


def spawn_with(ctx, argv, var, value, doimport):
    """Start ``argv`` as a child with ``var=value`` in its environment.

    With ``doimport`` (the -E option), the child is
    ``importas -ui var var argv...`` so the value is substituted into the
    command line and leaves the environment. Raises OSError if the program
    cannot be started.
    """
    nul = value.find(b"\0")
    if nul >= 0:  # a C string ends there
        value = value[:nul]
    child = Ctx(dict(ctx.env), ctx.prog)
    child.setenv(var, value)
    if doimport:
        argv = [b"importas", b"-ui", var, var] + list(argv)
    return spawn(child, argv)


class Runner:
    """Runs a loop body once per value, in sequence or in parallel.

    ``codes`` is the -o/-x list (None when neither was given) and ``breaking``
    says which: True for -x (listed codes stop the loop), False for -o
    (unlisted codes stop it). ``run(value)`` returns None to go on, or the
    code the command must exit with.
    """

    def __init__(self, ctx, argv, var, doimport, parallel, codes, breaking, maxpar=0):
        self.ctx = ctx
        self.argv = argv
        self.var = var
        self.doimport = doimport
        self.parallel = parallel
        self.codes = codes or []
        self.breaking = breaking
        self.maxpar = maxpar  # 0: no limit
        self.pids = []
        self.failed = False

    def stops(self, code):
        listed = (code & 0xFFFF) in self.codes
        return listed if self.breaking else not listed

    def run(self, value):
        pid = spawn_with(self.ctx, self.argv, self.var, value, self.doimport)
        if self.parallel:
            self.pids.append(pid)
            if self.maxpar and len(self.pids) >= self.maxpar:
                self._reap_one()
            return None
        code = approx(waitpid(pid))
        if self.stops(code):
            return code
        return None

    def _reap_one(self):
        while True:
            try:
                pid, wstatus = os.waitpid(-1, 0)
            except InterruptedError:
                continue
            if pid in self.pids:
                self.pids.remove(pid)
                if self.stops(approx(wstatus)):
                    self.failed = True
                return

    def wait_all(self):
        """Wait for every parallel instance; True if one of them would
        have stopped the loop."""
        for pid in self.pids:
            if self.stops(approx(waitpid(pid))):
                self.failed = True
        self.pids = []
        return self.failed


class Records:
    """Read fd 0 record by record, as forstdin does (skagetlnsep /
    netstring_get on a buffered stdin).

    ``delim`` is the set of delimiter bytes; empty means netstrings.
    ``next()`` returns (record, complete): the record includes its
    delimiter when complete; (partial, False) at end of input for an
    unterminated last record; None at a clean end of input. Raises OSError
    (EPIPE) for a netstring cut short, EPROTO for a malformed one.
    """

    def __init__(self, fd, delim):
        self.fd = fd
        self.delim = delim
        self.buf = b""
        self.eof = False

    def _fill(self):
        while True:
            try:
                data = os.read(self.fd, 8192)
            except InterruptedError:
                continue
            break
        if not data:
            self.eof = True
        self.buf += data

    def next(self):
        if not self.delim:
            return self._netstring()
        start = 0
        while True:
            buf = self.buf
            for i in range(start, len(buf)):
                if buf[i] in self.delim:
                    self.buf = buf[i + 1:]
                    return buf[:i + 1], True
            start = len(buf)
            if self.eof:
                self.buf = b""
                return (buf, False) if buf else None
            self._fill()

    def _netstring(self):
        import errno
        while True:
            buf = self.buf
            colon = buf.find(b":")
            if colon >= 0:
                if not buf[:colon].isdigit():
                    raise OSError(errno.EPROTO, "")
                end = colon + 1 + int(buf[:colon])
                if len(buf) > end:
                    if buf[end] != 0x2C:
                        raise OSError(errno.EPROTO, "")
                    self.buf = buf[end + 1:]
                    return buf[colon + 1:end], True
            if self.eof:
                if not buf:
                    return None
                raise OSError(errno.EPIPE, "")
            self._fill()
