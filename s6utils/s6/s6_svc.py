"""s6-svc: send commands to a service's supervisor.

Each command letter is written, in order, to ``servicedir/supervise/control``.
With ``-w`` the command is sent by s6-svlisten1 (or only waited for, by
s6-svwait, when no command is given), so the wait starts before the
supervisor can act: the same chain s6-svc 2.11.3.2 execs into.
"""

import os

from execpy.engine import Exec, Exit
from execpy.engine.options import parse_or_usage
from execpy.engine.numscan import scan0
from execpy.errors import Die, SysFail, Usage, warn
from s6utils.lib import control

PROG = b"s6-svc"
USAGE = (b"s6-svc [ -wu | -wU | -wd | -wD | -wr | -wR ] [ -T timeout ] "
         b"[ -s signal | -abqhkti12pcyrlPCK ] [ -oduDUxOQ ] servicedirs...")

# s6 2.15.1.0's letters: 2.11.3.2's plus l (reload-signal), P, C, K (the
# process group: SIGSTOP, SIGCONT, SIGKILL)
COMMANDS = b"abqhkti12pcyrlPCKoduDUxOQ"
DATASIZE = 63

# -s signal (s6 2.12.0.0): the signals that have a command letter
_SIGNAL_LETTERS = {14: b"a", 6: b"b", 3: b"q", 1: b"h", 9: b"k", 15: b"t", 2: b"i", 10: b"1",
                   12: b"2", 19: b"p", 18: b"c", 28: b"y"}


def _signal_letter(word):
    from execpy.engine.signals import sig0_scan
    sig = sig0_scan(word)
    if sig is None:
        raise Die(100, b"invalid signal: " + word)
    letter = _SIGNAL_LETTERS.get(sig)
    if letter is None:
        raise Die(100, word + b" is not in the list of user-available signals")
    return letter


def main(ctx, argv):
    opts, i = parse_or_usage(argv, COMMANDS + b"s:T:w:", USAGE)
    data = bytearray(b"-")
    timeout = 0
    wait = None
    for letter, arg in opts:
        if letter == b"T":
            timeout = scan0(arg)
            if timeout is None:
                raise Usage(USAGE)
        elif letter == b"w":
            if not arg or arg[:1] not in (b"d", b"D", b"u", b"U", b"r", b"R"):
                raise Usage(USAGE)
            wait = arg[:1]
        else:
            if letter == b"s":
                letter = _signal_letter(arg)
            if len(data) >= DATASIZE:
                raise Die(100, b"too many commands")
            data += letter
    args = argv[i:]
    if not args:
        raise Usage(USAGE)
    if len(args) > 1:
        warn(PROG, b"ignoring extra arguments")
    service = args[0]
    if not service:
        raise Die(100, b"invalid service path")

    if wait in (b"U", b"R"):
        fn = service + b"/notification-fd"
        try:
            os.stat(fn)
        except FileNotFoundError:
            wait = b"u" if wait == b"U" else b"r"
            warn(PROG, fn + b" not present - ignoring request for readiness notification")
        except OSError as e:
            if e.errno != 2:
                raise SysFail(b"access " + fn, e) from None
            wait = b"u" if wait == b"U" else b"r"
            warn(PROG, fn + b" not present - ignoring request for readiness notification")

    if wait is not None:
        sub = [b"s6-svlisten1" if len(data) > 1 else b"s6-svwait", b"-" + wait]
        if timeout:
            sub += [b"-t", b"%d" % timeout]
        sub += [b"--", service]
        if len(data) > 1:
            sub += [b"s6-svc", bytes(data), b"--", service]
        return Exec(sub)

    control.send(service, control.CTLDIR, bytes(data[1:]), b" directory: ")
    return Exit(0)
