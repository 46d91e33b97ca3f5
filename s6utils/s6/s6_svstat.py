"""s6-svstat: print the state of a supervised service.

Without field options it prints one human line, as s6 2.11.3.2 does:
``up (pid 123) 5 seconds, normally down, want down, ready 4 seconds``.
With ``-o`` (or the -uwNrpest shortcuts) it prints the chosen fields,
separated by spaces.
"""

import os

from execpy.engine import Exit, process
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage
from execpy.engine.fdio import write_stdout
from execpy.engine.signals import sig_name
from s6utils.lib.control import svc_ok
from s6utils.lib.status import read_status
from s6utils.lib.tai import label, seconds_since, tain_now

PROG = b"s6-svstat"
USAGE = (b"s6-svstat [ -uwNrpest | -o up,wantedup,normallyup,ready,paused,pid,"
         b"exitcode,signal,signum,updownsince,readysince,updownfor,readyfor ] [ -n ] servicedir")

MAXFIELDS = 16


class _View:
    """What the field printers look at: the record, the time, the down file."""

    __slots__ = ("st", "now", "normallyup")

    def __init__(self, st, now, normallyup):
        self.st = st
        self.now = now
        self.normallyup = normallyup

    @property
    def isup(self):
        return bool(self.st.pid) and not self.st.finishing


def _bool(x):
    return b"true" if x else b"false"


def _exitcode(v):
    w = v.st.wstat
    if v.isup or not os.WIFEXITED(w):
        return -1
    return os.WEXITSTATUS(w)


def _signum(v):
    s = process.status_of(v.st.wstat)
    return s - 256 if s > 255 and not v.isup else -1


def _signal(v):
    sig = _signum(v)
    return b"NA" if sig == -1 else b"SIG" + sig_name(sig)


def _pid(v):
    return b"%d" % v.st.pid if v.isup else b"-1"


# In the order s6-svstat searches them: a field name may be abbreviated to
# any prefix, and the first entry it is a prefix of wins.
FIELDS = (
    (b"up", lambda v: _bool(v.isup)),
    (b"wantedup", lambda v: _bool(v.st.wantup)),
    (b"normallyup", lambda v: _bool(v.normallyup)),
    (b"ready", lambda v: _bool(v.st.pid and v.st.ready)),
    (b"paused", lambda v: _bool(v.st.paused)),
    (b"pid", _pid),
    (b"exitcode", lambda v: b"%d" % _exitcode(v)),
    (b"signal", _signal),
    (b"signum", lambda v: b"%d" % _signum(v)),
    (b"updownsince", lambda v: label(v.st.stamp)),
    (b"readysince", lambda v: label(v.st.readystamp)),
    (b"updownfor", lambda v: b"%d" % seconds_since(v.st.stamp, v.now)),
    (b"readyfor", lambda v: b"%d" % seconds_since(v.st.readystamp, v.now)),
)
_BY_LETTER = {b"u": b"up", b"w": b"wantedup", b"N": b"normallyup", b"r": b"ready",
              b"p": b"pid", b"e": b"exitcode", b"s": b"signal", b"t": b"updownfor"}
_BY_NAME = dict(FIELDS)


def _split_fields(arg):
    """The fields of an -o argument as s6-svstat walks them: a trailing
    comma ends the list, an empty field anywhere else is an error."""
    out = []
    pos = 0
    n = len(arg)
    while pos < n:
        end = arg.find(b",", pos)
        if end < 0:
            end = n
        out.append(arg[pos:end])
        pos = end + 1
    return out


def parse_fields(arg, fields):
    for name in _split_fields(arg):
        if not name:
            raise Die(100, b"invalid null option field")
        for full, func in FIELDS:
            if full.startswith(name):
                break
        else:
            raise Die(100, b"invalid option field: " + name)
        if len(fields) >= MAXFIELDS:
            raise Die(100, b"too many option fields")
        fields.append(func)


def legacy_line(v, numeric):
    st = v.st
    if v.isup:
        out = [b"up (pid %d) " % st.pid]
    else:
        s = process.status_of(st.wstat)
        if s > 255:
            what = b"signal " + (b"%d" % (s - 256) if numeric else b"SIG" + sig_name(s - 256))
        else:
            what = b"exitcode %d" % s
        out = [b"down (", what, b") "]
    out.append(b"%d seconds" % seconds_since(st.stamp, v.now))
    if v.isup and not v.normallyup:
        out.append(b", normally down")
    if not v.isup and v.normallyup:
        out.append(b", normally up")
    if v.isup and st.paused:
        out.append(b", paused")
    if not v.isup and st.wantup:
        out.append(b", want up")
    if v.isup and not st.wantup:
        out.append(b", want down")
    if st.ready:
        out.append(b", ready %d seconds" % seconds_since(st.readystamp, v.now))
    return b"".join(out)


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"no:uwNrpest", USAGE)
    numeric = False
    fields = []
    for letter, arg in opts:
        if letter == b"n":
            numeric = True
        elif letter == b"o":
            parse_fields(arg, fields)
        else:
            if len(fields) >= MAXFIELDS:
                raise Die(100, b"too many option fields")
            fields.append(_BY_NAME[_BY_LETTER[letter]])
    if i >= len(argv):
        raise Usage(USAGE)
    service = argv[i]
    try:
        running = svc_ok(service)
    except OSError as e:
        raise SysFail(b"check " + service, e) from None
    if not running:
        raise Die(1, b": unable to read status for " + service + b": s6-supervise not running")
    try:
        st = read_status(service)
    except OSError as e:
        raise SysFail(b"read status for " + service, e) from None
    now = tain_now()
    if st.stamp > now:
        st.stamp = now
    try:
        os.stat(service + b"/down")
        normallyup = False
    except FileNotFoundError:
        normallyup = True
    except OSError as e:
        if e.errno == 2:
            normallyup = True
        else:
            raise SysFail(b"access " + service + b"/down", e) from None
    v = _View(st, now, normallyup)
    if fields:
        line = b" ".join(f(v) for f in fields)
    else:
        line = legacy_line(v, numeric)
    write_stdout(line + b"\n")
    return Exit(0)
