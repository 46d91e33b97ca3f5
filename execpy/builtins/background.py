"""background: start a block as a child, set ! to its pid, go on."""

from execpy.engine import Exec, Exit
from execpy.engine.blocks import read_block
from execpy.engine.options import parse_or_usage
from execpy.errors import Die
from execpy.builtins._fdproc import doublefork, run_as, spawn_or_die

PROG = b"background"
USAGE = b"background [ -d ] { command... }"


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"d", USAGE)
    double = bool(opts)
    block, rest = read_block(ctx, argv, i)
    if not block:
        raise Die(100, b"empty block")
    remainder = argv[rest:]
    if not remainder:
        double = False
    if double:
        name = b"background (grandchild)"
        pid = doublefork(run_as(ctx, block, name), name)
    else:
        pid = spawn_or_die(ctx, block)
    if not remainder:
        return Exit(0)
    return Exec(remainder, {b"!": b"%d" % pid})
