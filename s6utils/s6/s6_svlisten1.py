"""s6-svlisten1: run a program while listening to one service, then exit
when the service reaches the wanted state.

The subscription is made before the program starts, so the program may
be what changes the state (``s6-svlisten1 -u sv s6-svc -u sv``). The
program is a child, not the continuation: its own fate is not waited for.
"""

from execpy.engine import Exit
from execpy.engine.core import spawn
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage
from s6utils.s6.s6_svwait import WANTS, parse_timeout
from s6utils.lib.svevents import PERMANENT, ChildReaper, Watch, deadline_after

PROG = b"s6-svlisten1"
USAGE = b"s6-svlisten1 [ -U | -u | -d | -D | -r | -R ] [ -t timeout ] servicedir prog..."
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"uUdDrRt:", USAGE)
    wantup, wantready = 1, 0
    t = 0
    for letter, arg in opts:
        if letter == b"t":
            t = parse_timeout(arg, USAGE)
        else:
            wantup, wantready = WANTS[letter]
    args = argv[i:]
    if len(args) < 2:
        raise Usage(USAGE)
    deadline = deadline_after(t)
    service = args[0]
    failed = service + PERMANENT
    with Watch([service]) as w:
        try:
            spawn(ctx, args[1:])
        except OSError as e:
            raise SysFail(b"spawn " + args[1], e) from None
        with ChildReaper() as reaper:
            reaper.reap()
            if wantup == 2:
                wantup = 1
                if w.loop(0, 1, True, deadline, reaper):
                    raise Die(1, failed)
            if w.loop(wantup, wantready, True, deadline, reaper):
                raise Die(1, failed)
    return Exit(0)
