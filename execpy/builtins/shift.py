"""shift: shift the positional parameters by arguments and/or blocks."""

from execpy.engine import Exec
from execpy.engine.options import parse_or_usage, uint0
from execpy.errors import Die, Usage

PROG = b"shift"
USAGE = b"shift [ -n arg# ] [ -b block# ] prog..."
HERE = True  # core.run_here may run it in the block's process


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"n:b:", USAGE)
    nargs = nblocks = 0
    explicit = False
    for letter, arg in opts:
        value = uint0(arg)
        if value is None or value > 0xFFFFFFFF:
            raise Usage(USAGE)
        if letter == b"n":
            nargs = value
        else:
            nblocks = value
        explicit = True
    if i >= len(argv):
        raise Usage(USAGE)
    if not explicit:
        nargs = 1
    strict = ctx.strict()
    env = ctx.env
    count = env.get(b"#")
    if count is None:
        raise Die(100, b"# not set")
    if not count.isdigit() or int(count) > 0xFFFFFFFF:
        raise Die(100, b"invalid $#")
    sharp = int(count)

    n = nargs
    if n > sharp:
        if strict:
            msg = b"unable to shift %d arguments: got %d" % (n, sharp)
            if strict >= 2:
                raise Die(100, b": " + msg)
            ctx.warn(msg)
        n = sharp

    for block in range(nblocks):
        while True:
            n += 1
            if n > sharp:
                # execline prints the block number over the digits of n
                digits = b"%d" % n
                over = b"%d" % block
                raise Die(100, b": unable to shift block : too few arguments ("
                          + over + digits[len(over):] + b")")
            name = b"%d" % n
            value = env.get(name)
            if value is None:
                raise Die(100, name + b" not set")
            if not value:
                break
            if value[0] != 0x20 and strict:
                # execline measures the position from the word itself: always 1
                msg = b"unquoted positional " + value + b" at block %d position 1" % block
                if strict >= 2:
                    raise Die(100, msg)
                ctx.warn(msg)

    changes = {b"#": b"%d" % (sharp - n)}
    for k in range(1, sharp + 1):
        changes[b"%d" % k] = env.get(b"%d" % (k + n)) if k <= sharp - n else None
    return Exec(argv[i:], changes)
