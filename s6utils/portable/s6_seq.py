"""s6-seq: print unsigned integers from first to last by increment, each
followed by a separator (newline; -s's string, or NUL if it is empty); -w
pads them with zeros to the same width."""

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail, Usage
from execpy.engine.fdio import write_all
from execpy.engine.numscan import U32, scan0

PROG = b"s6-seq"
USAGE = b"s6-seq [ -w ] [ -s separator ] limits"


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"ws:", USAGE)
    fixed = False
    sep = b"\n"
    for letter, arg in opts:
        if letter == b"w":
            fixed = True
        else:
            sep = arg or b"\0"
    limits = [scan0(w) for w in argv[i:]]
    if not 1 <= len(limits) <= 3 or None in limits:
        raise Usage(USAGE)
    first, increment = 1, 1
    if len(limits) == 1:
        last = limits[0]
    elif len(limits) == 2:
        first, last = limits
    else:
        first, increment, last = limits
    if not increment:  # the C program would loop forever (or divide by zero)
        raise Usage(USAGE)
    width = 0
    if fixed:
        top = (first + increment * (((last - first) & U32) // increment)) & U32
        width = len(b"%d" % top)
    out = []
    n = first
    try:
        while n <= last:
            out.append(b"%0*d" % (width, n) + sep)
            if len(out) >= 4096:
                write_all(1, b"".join(out))
                out = []
            n += increment
        write_all(1, b"".join(out))
    except OSError as e:
        raise SysFail(b"write to stdout", e)
    return Exit(0)
