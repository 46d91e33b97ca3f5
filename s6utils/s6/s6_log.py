"""s6-log: a reliable logger with automatic rotation (s6 2.11.3.2).

    s6-log [ -d notif ] [ -q | -v ] [ -b ] [ -p ] [ -l linelimit ] [ -- ] logging script

The command: its options and standard fds; the engine (the script, the
logdirs, the loop) is s6utils.log.
"""

import os

from execpy.engine.core import Exit
from execpy.engine.fdio import notify_ready, sanitize_std_fds
from execpy.engine.numscan import U32, scan0
from execpy.engine.options import MISSING, UNKNOWN, Scan
from execpy.errors import Die, SysFail, Usage, strerror
from s6utils.log.config import PROG, Config
from s6utils.log.loop import Loop, Stdout
from s6utils.log.script import build, check

USAGE = b"s6-log [ -d notif ] [ -q | -v ] [ -b ] [ -p ] [ -l linelimit ] [ -- ] logging_script"
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)

LINELIMIT_MIN = 48

__all__ = ["PROG", "USAGE", "main"]


def main(ctx, argv):
    config = Config(ctx.env)
    notif, i = _options(config, argv)
    script = argv[i:]
    if not script:
        raise Usage(USAGE)
    if config.linelimit and config.linelimit < LINELIMIT_MIN:
        config.linelimit = LINELIMIT_MIN
    sanitize_std_fds()
    for fd, name in ((0, b"in"), (1, b"out")):
        try:
            os.set_blocking(fd, False)
        except OSError as e:
            raise SysFail(b"set std" + name + b" non-blocking", e) from None
    check(script)
    stdout = Stdout()
    loop = Loop(config, build(script, config, stdout), stdout)
    loop.catch_signals()
    if notif is not None:
        notify_ready(notif)
    loop.run()
    loop.finalize()
    return Exit(0)


def _each_option(argv, optstring):
    """Options one at a time, then ``(None, index of the first operand)``.
    A bad option raises Usage when it is reached, so earlier options have
    acted already (s6-log checks -d inside its option loop)."""
    scan = Scan(argv, optstring)
    for letter, arg in scan:
        if arg is UNKNOWN or arg is MISSING:
            raise Usage(USAGE)
        yield letter, arg
    yield None, scan.index


def _options(config, argv):
    notif = None
    for opt, arg in _each_option(argv, b"qvbpl:t:d:"):
        if opt is None:
            return notif, arg
        if opt == b"q":
            if config.verbosity:
                config.verbosity -= 1
        elif opt == b"v":
            config.verbosity += 1
        elif opt == b"b":
            config.block = True
        elif opt == b"p":
            config.protect = True
        elif opt == b"l":
            v = scan0(arg, U32)
            if v is None:
                raise Usage(USAGE)
            config.linelimit = v
        elif opt == b"t":
            v = scan0(arg, U32)
            if v is None:
                raise Usage(USAGE)
            config.lastlinetimeout = v
        elif opt == b"d":
            v = scan0(arg, U32)
            if v is None:
                raise Usage(USAGE)
            if v < 3:
                raise Die(100, b"notification fd must be 3 or more")
            import fcntl
            try:
                fcntl.fcntl(v, fcntl.F_GETFD)
            except OSError as e:
                raise Die(100, b"invalid notification fd: " + strerror(e.errno)) from None
            notif = v
