"""runblock: run the n-th block (or with -r what follows n blocks) found in
the positional parameters, popping their frame first unless -P."""

from execpy.engine import Exec, Exit
from execpy.engine import positional
from execpy.engine.options import parse_or_usage, uint0
from execpy.errors import Die, Usage

PROG = b"runblock"
USAGE = b"runblock [ -P ] [ -n argshift ] [ -r ] n cmd..."


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"Prn:", USAGE)
    nopop = remainder = False
    m = 0
    for letter, arg in opts:
        if letter == b"P":
            nopop = True
        elif letter == b"r":
            remainder = True
        else:
            m = uint0(arg)
            if m is None:
                raise Usage(USAGE)
    if i >= len(argv):
        raise Usage(USAGE)
    n = uint0(argv[i])
    if n is None or (not n and not remainder):
        raise Usage(USAGE)
    cmd = argv[i + 1:]
    env = ctx.env
    count = env.get(b"#")
    if count is None:
        raise Die(100, b"# not set")
    sharp = uint0(count)
    if sharp is None:
        raise Die(100, b"invalid $#")
    strict = ctx.strict()

    def arg(k):
        if k > sharp:
            raise Die(100, b"too few arguments")
        name = b"%d" % k
        value = env.get(name)
        if value is None:
            raise Die(100, name + b" not set")
        return value

    def unquoted(value, block, pos):
        msg = (b"unquoted positional " + value + b" at block %d position %d" % (block, pos))
        if strict >= 2:
            raise Die(100, msg)
        ctx.warn(msg)

    for blockno in range(1, n + remainder):   # skip n-1 blocks (n with -r)
        base = m
        while True:
            m += 1
            value = arg(m)
            if not value:
                break
            if value[:1] != b" " and strict:
                unquoted(value, blockno, m - base)
    words = list(cmd)
    if remainder:
        m += 1
        if m > sharp:
            return Exit(0)
        words += [arg(k) for k in range(m, sharp + 1)]
    else:
        base = m
        while True:
            m += 1
            value = arg(m)
            if not value:
                break
            if value[:1] == b" ":
                value = value[1:]
            elif strict:
                unquoted(value, n, m - base)
            words.append(value)
    if not nopop:
        ctx.env = positional.pop(env)
    return Exec(words)
