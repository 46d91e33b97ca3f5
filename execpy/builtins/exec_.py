"""exec: run a program with a chosen argv[0] and/or an empty environment."""

from execpy.engine import Exec
from execpy.engine.options import parse_or_usage
from execpy.errors import Usage

PROG = b"exec"
USAGE = b"exec [ -c ] [ -l ] [ -a argv0 ] prog..."


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"cla:", USAGE)
    rest = argv[i:]
    if not rest:
        raise Usage(USAGE)
    clear = login = False
    argv0 = None
    for letter, arg in opts:
        if letter == b"c":
            clear = True
        elif letter == b"l":
            login = True
        else:
            argv0 = arg
    search_path = ctx.env.get(b"PATH")  # looked up on the PATH exec started with
    if clear:
        ctx.env = {}
    if argv0 is None and not login:
        return Exec(rest)
    from execpy.engine.core import _lookup, exec_external, prepare_exec
    if _lookup(rest[0]) is not None:
        return Exec(rest)
    name = argv0 if argv0 is not None else rest[0]
    if login:
        name = b"-" + name
    # The program is found by its real name; only its argv[0] changes.
    prepare_exec()
    exec_external(ctx, rest, argv0=name, search_path=search_path)
