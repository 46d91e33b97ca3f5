"""s6-svlisten: run a program while listening to several services, then
exit when all (or one, with -o) reach the wanted state.

The services come first, as an execline block ended by an empty word."""

from execpy.engine import Exit
from execpy.engine.core import spawn
from execpy.engine.blocks import read_block
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage, warn
from s6utils.s6.s6_svwait import FAILED, WANTS, parse_timeout
from s6utils.lib.svevents import ChildReaper, Watch, deadline_after

PROG = b"s6-svlisten"
USAGE = (b"s6-svlisten [ -U | -u | -d | -D | -r | -R ] [ -a | -o ] [ -t timeout ] "
         b"servicedir... \"\" prog...")
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"uUdDrRaot:", USAGE)
    wantup, wantready = 1, 0
    or_ = False
    t = 0
    for letter, arg in opts:
        if letter == b"t":
            t = parse_timeout(arg, USAGE)
        elif letter == b"a":
            or_ = False
        elif letter == b"o":
            or_ = True
        else:
            wantup, wantready = WANTS[letter]
    args = argv[i:]
    if len(args) < 3:
        raise Usage(USAGE)
    try:
        dirs, j = read_block(ctx, args, 0)
    except Die as e:
        if e.msg != b"unterminated block":
            raise
        dirs, j = args, None
    if not dirs or j == len(args):
        raise Usage(USAGE)
    if j is None:
        raise Die(100, b"unterminated servicedir block")
    prog = args[j:]
    if wantup == 2 and or_:
        or_ = False
        warn(PROG, b"-o is unsupported when combined with -" + (b"R" if wantready else b"r")
             + b"- using -a instead")
    deadline = deadline_after(t)
    with Watch(dirs) as w:
        try:
            spawn(ctx, prog)
        except OSError as e:
            raise SysFail(b"spawn " + prog[0], e) from None
        with ChildReaper() as reaper:
            reaper.reap()
            if wantup == 2:
                wantup = 1
                e = w.loop(0, 1, or_, deadline, reaper)
                if e:
                    raise Die(e, FAILED)
            e = w.loop(wantup, wantready, or_, deadline, reaper)
            if e:
                raise Die(e, FAILED)
    return Exit(0)
