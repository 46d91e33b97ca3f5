"""s6-echo: write the arguments, separated by a space (or -s's first
character), and a newline unless -n."""

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail
from execpy.engine.fdio import write_all

PROG = b"s6-echo"
USAGE = b"s6-echo [ -n ] [ -s sep ] args..."


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"ns:", USAGE)
    sep = b" "
    newline = True
    for letter, arg in opts:
        if letter == b"n":
            newline = False
        else:
            sep = arg[:1] or b"\0"
    data = sep.join(argv[i:]) + (b"\n" if newline else b"")
    try:
        write_all(1, data)
    except OSError as e:
        raise SysFail(b"write to stdout", e)
    return Exit(0)
