"""The logging script: a first pass checks its shape, a second one reads
its numbers and regexes, in order, into rules of selections and actions,
opening each logdir as it comes."""

from execpy.engine.numscan import U32, U64, scan0
from execpy.errors import Die, SysFail
from s6utils.log.logdir import Logdir
from s6utils.log.selection import (ACT_DIR, ACT_FD1, ACT_FD2, ACT_NOTHING, ACT_STATUS, SEL_F,
                                   SEL_MINUS, SEL_PLUS, StatusFile)

# the numeric directives: the largest value each takes, and its default
# (r in milliseconds)
_LIMITS = {b"n": U32, b"s": U32, b"S": U64, b"l": U32, b"r": U32, b"E": U32, b"^": U32}
_DEFAULTS = {b"n": 10, b"s": 99999, b"S": 0, b"l": 2000, b"r": 2000, b"E": 200, b"^": 1001}


class Script:
    """The compiled script: rules of (selections, actions), in order."""

    __slots__ = ("rules", "has_sel", "needs_stamp", "logdirs")

    def __init__(self):
        self.rules = []
        self.has_sel = False      # some rule selects (f, +regex, -regex)
        self.needs_stamp = False  # some action is stamped (t, T)
        self.logdirs = []

    def drop(self, kind):
        """Turn every action of ``kind`` into nothing (stdout was closed)."""
        for _, acts in self.rules:
            for act in acts:
                if act[0] == kind:
                    act[0] = ACT_NOTHING


def check(script):
    """The first pass: every directive known, and at least one action."""
    acted = False
    for d in script:
        c = d[:1]
        if c == b"f":
            if len(d) > 1:
                raise Die(100, b"syntax error at directive: " + d)
        elif c in (b"+", b"-", b"n", b"s", b"S", b"l", b"r", b"E", b"^", b"!", b"?", b"p"):
            pass
        elif c in (b"t", b"T", b"1", b"2"):
            if len(d) > 1:
                raise Die(100, b"syntax error at directive: " + d)
            if c in (b"1", b"2"):
                acted = True
        elif c in (b".", b"/"):
            acted = True
        elif c == b"=":
            if len(d) == 1:
                raise Die(100, b"syntax error at directive: " + d)
            acted = True
        else:
            raise Die(100, b"unrecognized directive: " + d)
    if not acted:
        raise Die(100, b"no action directive specified")


def build(script, config, stdout):
    """The second pass, on a script ``check`` accepted: the Script, its
    logdirs open and recovered. ``stdout`` is the target of ``1``."""
    out = Script()
    knobs = dict(_DEFAULTS)
    processor = None
    prefix = b""
    flags = 0
    sels = []
    acts = []
    for d in script:
        c = d[:1]
        arg = d[1:]
        if c in (b"f", b"+", b"-"):
            if acts:
                out.rules.append((sels, acts))
                sels, acts = [], []
            sels.append((SEL_F, None) if c == b"f" else _selection(c, d))
            out.has_sel = True
        elif c in _LIMITS:
            v = scan0(arg, _LIMITS[c])
            if v is None:
                raise Die(100, b"unrecognized directive: " + d)
            if c == b"s":
                v = min(max(v, 4096), 268435455)
            elif c == b"l" and v > (knobs[b"s"] >> 1):
                raise Die(100, b"directive " + d + b" conflicts with previous s directive")
            knobs[c] = v
        elif c in (b"!", b"?"):
            processor = (c, arg) if arg else None
        elif c == b"p":
            prefix = arg + b" " if arg else b""
        elif c == b"t":
            flags |= 1
        elif c == b"T":
            flags |= 2
        else:
            if c == b"1":
                act = [ACT_FD1, flags, prefix, stdout]
            elif c == b"2":
                act = [ACT_FD2, flags, prefix, knobs[b"E"]]
            elif c == b"=":
                act = [ACT_STATUS, flags, prefix, StatusFile(arg, knobs[b"^"], config)]
            else:
                ld = Logdir(config, d, knobs, processor)
                ld.open()
                out.logdirs.append(ld)
                act = [ACT_DIR, flags, prefix, ld]
            if flags:
                out.needs_stamp = True
            acts.append(act)
            flags = 0
    if acts:
        out.rules.append((sels, acts))
    return out


def _selection(c, d):
    from execpy.engine import ere  # only a script that selects needs re
    try:
        rx = ere.compile_ere(d[1:])
    except ere.EREError:
        raise Die(100, b"unrecognized directive: " + d) from None
    except MemoryError:
        raise SysFail(b"initialize script", 12) from None
    return (SEL_PLUS if c == b"+" else SEL_MINUS, rx)
