"""s6-svc: send commands to a service's supervisor.

Each command letter is written, in order, to ``servicedir/supervise/control``.
With ``-w`` the command is sent by s6-svlisten1 (or only waited for, by
s6-svwait, when no command is given), so the wait starts before the
supervisor can act: the same chain s6-svc 2.11.3.2 execs into.
"""

from execpy.engine import Exec, Exit
from execpy.engine.options import parse_or_usage
from execpy.engine.numscan import scan0
from execpy.errors import Die, Usage, warn
from s6utils.lib import control

PROG = b"s6-svc"
# 2.11.3.2's usage line and options (tests/test_svtools.py and test_install compare
# with Debian's); of 2.15.1.0's, l P C K work, -s signal is refused as 2.11 does
USAGE = (b"s6-svc [ -wu | -wU | -wd | -wD | -wr | -wR ] [ -T timeout ] "
         b"[ -abqhkti12pcyroduDUxOQ ] servicedir")

# s6 2.15.1.0's letters: 2.11.3.2's plus l (reload-signal), P, C, K (the
# process group: SIGSTOP, SIGCONT, SIGKILL)
COMMANDS = b"abqhkti12pcyrlPCKoduDUxOQ"
DATASIZE = 63

def main(ctx, argv):
    opts, i = parse_or_usage(argv, COMMANDS + b"T:w:", USAGE)
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

    if wait is not None:
        from s6utils.lib.svevents import readiness_wait  # what s6-svlisten1 imports anyway
        wait = readiness_wait(service, wait)
        sub = [b"s6-svlisten1" if len(data) > 1 else b"s6-svwait", b"-" + wait]
        if timeout:
            sub += [b"-t", b"%d" % timeout]
        sub += [b"--", service]
        if len(data) > 1:
            sub += [b"s6-svc", bytes(data), b"--", service]
        return Exec(sub)

    control.send(service, control.CTLDIR, bytes(data[1:]), b" directory: ")
    return Exit(0)
