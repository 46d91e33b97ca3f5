"""tryexec: exec into a block; if that exec fails, go on with the rest."""

from execpy.engine import Exec
from execpy.engine.blocks import read_block
from execpy.engine.core import Ctx, _lookup, exec_external, exec_too_big, prepare_exec
from execpy.engine.options import parse_or_usage
from execpy.errors import Die

PROG = b"tryexec"
USAGE = b"tryexec [ -n ] [ -c ] [ -l ] [ -a argv0 ] { command... } remainder..."


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"ncla:", USAGE)
    swap = clear = login = False
    argv0 = None
    for letter, arg in opts:
        if letter == b"n":
            swap = True
        elif letter == b"c":
            clear = True
        elif letter == b"l":
            login = True
        else:
            argv0 = arg
    block, rest = read_block(ctx, argv, i)
    if not block:
        raise Die(100, b"empty block")
    remainder = argv[rest:]
    if swap and not remainder:
        raise Die(100, b"empty remainder not allowed with -n")
    first, fallback = (remainder, block) if swap else (block, remainder)
    name = argv0 if argv0 is not None else first[0]
    if login:
        name = b"-" + name
    if _lookup(first[0]) is not None:
        # a builtin runs here, as the C program would have exec'd into it;
        # only an argv or environment too big for an exec fails it
        if exec_too_big(Ctx({} if clear else ctx.env, ctx.prog), [name] + list(first[1:]),
                        ctx.env.get(b"PATH")):
            return Exec(fallback)
        if clear:
            ctx.env = {}
        return Exec(first)
    prepare_exec()
    try:
        exec_external(Ctx({} if clear else ctx.env, ctx.prog), first, argv0=name,
                      search_path=ctx.env.get(b"PATH"))
    except Die:
        pass
    return Exec(fallback)
