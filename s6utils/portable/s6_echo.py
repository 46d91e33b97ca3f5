"""s6-echo: write the arguments, separated by a space (or -s's first
character), and a newline unless -n."""

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.engine.fdio import write_stdout

PROG = b"s6-echo"
USAGE = b"s6-echo [ -n ] [ -s sep ] args..."
INLINE = True  # core.spawn_wait may run it without a fork (files and fds only)


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
    write_stdout(data)
    return Exit(0)
