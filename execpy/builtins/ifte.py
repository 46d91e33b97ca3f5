"""ifte: run the command after two blocks, exec the first block if it
succeeded, the second if it failed."""

from execpy.engine import Exec
from execpy.engine.blocks import read_block_or_none
from execpy.engine.core import spawn_wait
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail
from execpy.builtins.ifelse import judge

PROG = b"ifte"
USAGE = b"ifte [ -X ] [ -n ] { command-then... } { command-else... } command-if..."
HERE = True  # core.run_here may run it in the block's process


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"Xn", USAGE)
    letters = {letter for letter, _ in opts}
    then, i = read_block_or_none(ctx, argv, i)
    if then is None:
        raise Die(100, b"unterminated then block")
    if i >= len(argv):
        raise Die(100, b"else block required")
    other, i = read_block_or_none(ctx, argv, i)
    if other is None:
        raise Die(100, b"unterminated else block")
    test = argv[i:]
    if not test:
        raise Die(100, b"empty command-if")
    try:
        wstatus = spawn_wait(ctx, test)
    except OSError as e:
        if e.errno == 2 and test[0][:1] == b" ":
            # the real message starts with an empty part: ": unable to ..."
            raise Die(111, b": unable to spawn " + test[0] + b": name begins with a space,"
                      b" are you trying to spawn a block as your command-if?") from None
        raise SysFail(b"spawn " + test[0], e) from None
    ok = judge(wstatus, b"X" in letters)
    return Exec(then if ok != (b"n" in letters) else other)
