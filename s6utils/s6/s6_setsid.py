"""s6-setsid: become a session leader (or a process group leader, possibly
in the foreground of the terminal), then go on."""

import os
import signal

from execpy.engine import Exec
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail, Usage, strerror
from execpy.engine.numscan import scan0

PROG = b"s6-setsid"
USAGE = b"s6-setsid [ -s | -b | -f | -g ] [ -i | -I | -q ] [ -d ctty ] prog..."

_SESSION, _BACKGROUND, _FOREGROUND, _GRAB = range(4)
_QUIET, _LOOSE, _STRICT = range(3)


def _failed(ctx, insist, what, err):
    if insist == _STRICT:
        raise SysFail(what, err)
    if insist == _LOOSE:
        ctx.warn(b"unable to " + what + b": " + strerror(err.errno))


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"sbfgiIqd:", USAGE)
    what = _SESSION
    insist = _LOOSE
    ctty = 0
    for letter, arg in opts:
        if letter in (b"s", b"b", b"f", b"g"):
            what = b"sbfg".index(letter)
        elif letter == b"i":
            insist = _STRICT
        elif letter == b"I":
            insist = _LOOSE
        elif letter == b"q":
            insist = _QUIET
        else:
            ctty = scan0(arg)
            if ctty is None:
                raise Usage(USAGE)
    rest = argv[i:]
    if not rest:
        raise Usage(USAGE)

    if what == _SESSION:
        try:
            os.setsid()
        except OSError as e:
            _failed(ctx, insist, b"setsid", e)
    else:
        try:
            os.setpgid(0, 0)
        except OSError as e:
            _failed(ctx, insist, b"setpgid", e)
        if what >= _FOREGROUND:
            old = None
            if what == _GRAB:
                old = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
            try:
                os.tcsetpgrp(ctty, os.getpid())
            except OSError as e:
                _failed(ctx, insist, b"tcsetpgrp", e)
            finally:
                if old is not None:
                    signal.signal(signal.SIGTTOU, old)
    return Exec(rest)
