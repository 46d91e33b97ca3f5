"""s6-fdholder-transferdump: copy every fd one fd-holder server holds into
another (-t from:to: the timeouts of each side, in milliseconds)."""

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.engine.numscan import scan, scan0
from execpy.errors import Usage
from s6utils.lib import fdholder
from s6utils.s6.s6_fdholder_getdump import get_dump
from s6utils.s6.s6_fdholder_store import request

PROG = b"s6-fdholder-transferdump"
USAGE = b"s6-fdholder-transferdump [ -t timeoutfrom:timeoutto ] socketfrom socketto"


def parse_timeouts(arg):
    """``from:to``, either part optional, as the C program reads it."""
    tfrom, pos = scan(arg)
    tto = 0
    if not pos and arg[pos:pos + 1] != b":":
        raise Usage(USAGE)
    if pos < len(arg):
        if arg[pos:pos + 1] != b":":
            raise Usage(USAGE)
        rest = arg[pos + 1:]
        if rest:
            tto = scan0(rest)
            if tto is None:
                raise Usage(USAGE)
    return tfrom, tto


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"t:", USAGE)
    tfrom = tto = 0
    for _, arg in opts:
        tfrom, tto = parse_timeouts(arg)
    args = argv[i:]
    if len(args) < 2:
        raise Usage(USAGE)
    deadline = fdholder.deadline_in(tfrom)
    dump = get_dump(args[0], deadline, b"a source")
    try:
        request(args[1], fdholder.deadline_in(tto), b"set dump", fdholder.Client.setdump,
                dump, who=b"a destination")
    finally:
        fdholder.close_fds(fd for _, fd, _ in dump)
    return Exit(0)
