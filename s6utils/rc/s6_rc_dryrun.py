"""s6-rc-dryrun: what s6-rc -n runs instead of each transition. Prints
``s6-rc-dryrun:`` and its arguments, each after a space, on stdout (unless
-v 0), sleeps for the -t milliseconds (1000 by default), and succeeds."""

import time

from execpy.engine import Exit
from execpy.engine.fdio import write_all
from execpy.engine.options import parse_or_usage, uint0
from execpy.errors import Usage

PROG = b"s6-rc-dryrun"
USAGE = b"s6-rc-dryrun [ -v verbosity ] [ -t timeout ] args..."


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"v:t:", USAGE)
    given = {b"v": 1, b"t": 1000}  # verbosity, milliseconds
    given.update((letter, uint0(arg)) for letter, arg in opts)
    args = argv[i:]
    if None in given.values() or not args:
        raise Usage(USAGE)
    t = given[b"t"]
    if given[b"v"]:
        try:  # C does not check this write
            write_all(1, PROG + b":" + b"".join(b" " + a for a in args) + b"\n")
        except OSError:
            pass
    end = time.monotonic() + t / 1000
    while True:  # the whole time, as deepsleepuntil does
        left = end - time.monotonic()
        if left <= 0:
            break
        time.sleep(left)
    return Exit(0)
