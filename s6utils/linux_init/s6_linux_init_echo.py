"""s6-linux-init-echo: print the arguments, separated by a space (or -s's
first character), then a newline (not with -n)."""

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail

PROG = b"s6-linux-init-echo"
USAGE = b"s6-linux-init-echo [ -n ] [ -s sep ] args..."


def main(ctx, argv):
    import os
    opts, i = parse_or_usage(argv, b"ns:", USAGE)
    sep, newline = b" ", b"\n"
    for letter, arg in opts:
        if letter == b"n":
            newline = b""
        else:
            sep = arg[:1] if arg else b"\0"
    data = memoryview(sep.join(argv[i:]) + newline)
    try:
        while data:
            data = data[os.write(1, data):]
    except OSError as e:
        raise SysFail(b"write to stdout", e) from None
    return Exit(0)
