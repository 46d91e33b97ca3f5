"""s6-svwait: wait until services are up, ready, down... then exit."""

from execpy.engine import Exit
from execpy.engine.numscan import scan0
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, Usage
from s6utils.lib.svevents import WANTS, Watch, deadline_after  # noqa: F401 - WANTS: s6-svlisten's too

PROG = b"s6-svwait"
USAGE = b"s6-svwait [ -U | -u | -d | -D | -r | -R ] [ -a | -o ] [ -t timeout ] servicedir..."
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)
FAILED = b"some services reported permanent failure or their supervisor died"


def parse_timeout(arg, usage):
    t = scan0(arg)
    if t is None:
        raise Usage(usage)
    return t


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"UudDrRaot:", USAGE)
    wantup, wantready = 1, 0
    or_ = False
    t = 0
    for letter, arg in opts:
        if letter in WANTS:
            wantup, wantready = WANTS[letter]
        elif letter == b"a":
            or_ = False
        elif letter == b"o":
            or_ = True
        else:
            t = parse_timeout(arg, USAGE)
    dirs = argv[i:]
    if not dirs:
        raise Usage(USAGE)
    deadline = deadline_after(t)
    with Watch(dirs) as w:
        if wantup == 2:
            wantup = 1
            e = w.loop(0, 0, False, deadline)
            if e:
                raise Die(e, FAILED)
        e = w.loop(wantup, wantready, or_, deadline)
        if e:
            raise Die(e, FAILED)
    return Exit(0)
