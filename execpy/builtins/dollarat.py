"""dollarat: print the positional parameters $1 ... $# and exit 0."""

import os

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail

PROG = b"dollarat"
USAGE = b"dollarat [ -n ] [ -0 | -d delimchar ]"


def sharp(ctx, name=b"$#"):
    """The number in ``#``, dying as execline does when it is missing or bad."""
    value = ctx.env.get(b"#")
    if value is None:
        raise Die(100, b"# not set")
    if not value.isdigit() or int(value) > 0xFFFFFFFF:
        raise Die(100, b"invalid " + name)
    return int(value)


def main(ctx, argv):
    opts, _ = parse_or_usage(argv, b"n0d:", USAGE)
    chomp = False
    delim = b"\n"
    for letter, arg in opts:
        if letter == b"n":
            chomp = True
        elif letter == b"0":
            delim = b"\0"
        else:
            delim = arg[:1]
    n = sharp(ctx)
    values = []
    for i in range(1, n + 1):
        name = b"%d" % i
        value = ctx.env.get(name)
        if value is None:
            raise Die(100, name + b" not set")
        values.append(value)
    if not delim:  # netstrings
        out = b"".join(b"%d:%s," % (len(v), v) for v in values)
    else:
        out = b"".join(v + delim for v in values)
        if chomp and out:
            out = out[:-1]
    view = memoryview(out)
    while view:
        try:
            view = view[os.write(1, view):]
        except InterruptedError:
            continue
        except OSError as e:
            raise SysFail(b"write to stdout", e) from None
    return Exit(0)
