"""fdmove: move (or with -c copy) an fd to another number, go on."""

from execpy.engine import Exec
from execpy.engine.options import BadOption, fd0, getopt, parse_or_usage
from execpy.errors import SysFail, Usage
from execpy.builtins._fdproc import fd_copy, fd_move

PROG = b"fdmove"
USAGE = b"fdmove [ -c ] to from prog..."


def inline_step(ctx, argv):
    """For core.spawn_wait: (the fds this step changes, its length, the fds
    it reads), or None when it is not a plain well-formed fdmove (the forked
    child says why)."""
    try:
        opts, i = getopt(argv, b"c")
    except BadOption:
        return None
    if len(argv) - i < 3:
        return None
    to, frm = fd0(argv[i]), fd0(argv[i + 1])
    if to is None or frm is None or to < 0 or frm < 0:
        return None
    return ((to,) if opts else (to, frm)), i + 2, (frm,)


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"c", USAGE)
    if len(argv) - i < 3:
        raise Usage(USAGE)
    to, frm = fd0(argv[i]), fd0(argv[i + 1])
    if to is None or frm is None:
        raise Usage(USAGE)
    try:
        (fd_copy if opts else fd_move)(to, frm)
    except OSError as e:
        raise SysFail(b"move fd " + argv[i + 1] + b" to fd " + argv[i], e) from None
    return Exec(argv[i + 2:])
