"""s6-sleep: sleep for some seconds (-m: milliseconds), then exit 0 or go
on with the rest of the command line."""

import time

from execpy.engine import Exec, Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, Usage
from execpy.engine.numscan import scan0

PROG = b"s6-sleep"
USAGE = b"s6-sleep [ -m ] duration prog..."


def sleep_until(deadline):
    """Sleep until the monotonic ``deadline``, through any signal that does
    not kill us."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(left)


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"m", USAGE)
    milli = bool(opts)
    if i >= len(argv):
        raise Usage(USAGE)
    n = scan0(argv[i])
    if n is None:
        raise Usage(USAGE)
    sleep_until(time.monotonic() + (n / 1000.0 if milli else n))
    rest = argv[i + 1:]
    if not rest:
        return Exit(0)
    from execpy.engine.core import _lookup, exec_external, prepare_exec
    if _lookup(rest[0]) is not None:
        return Exec(rest)
    prepare_exec()
    try:
        exec_external(ctx, rest)
    except Die as e:  # s6-sleep reports a failed exec with 111
        e.code = 111
        raise
