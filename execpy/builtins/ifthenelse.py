"""ifthenelse: run a test block, then the then- or else-block, wait for it,
set ? and go on."""

from execpy.engine import Exec
from execpy.engine.blocks import read_block_or_none
from execpy.engine.core import spawn_wait, status_of
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, strerror
from execpy.builtins._fdproc import spawn_wait_or_die
from execpy.builtins.ifelse import judge, read_if_then

PROG = b"ifthenelse"
USAGE = (b"ifthenelse [ -X ] { command-if... } { command-then... } "
         b"{ command-else... } [ remainder... ]")
HERE = True  # core.run_here may run it in the block's process


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"Xs", USAGE)
    letters = {letter for letter, _ in opts}
    test, then, i = read_if_then(ctx, argv, i)
    other, i = read_block_or_none(ctx, argv, i)
    if other is None:
        raise Die(100, b"unterminated else block")
    remainder = argv[i:]
    ok = judge(spawn_wait_or_die(ctx, test), b"X" in letters)
    chosen = then if ok else other
    if b"s" in letters:  # the undocumented scoping hack: no child, one chain
        return Exec(chosen + remainder)
    try:
        wstatus = spawn_wait(ctx, chosen)
    except OSError as e:
        ctx.warn(b"unable to spawn " + chosen[0] + b": " + strerror(e.errno))
        status = 127
    else:
        status = status_of(wstatus)
    return Exec(remainder, {b"?": b"%d" % status})
