"""if: run a block; go on only if it succeeded."""

import os

from execpy.engine import Exec, Exit, process
from execpy.engine.blocks import read_block
from execpy.engine.core import spawn_wait
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage

PROG = b"if"
USAGE = b"if [ -n ] [ -X ] [ -t | -x exitcode ] { command... }"
HERE = True  # core.run_here may run it in the block's process


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"nXtx:", USAGE)
    negate = crash_is_false = False
    code = None
    for letter, arg in opts:
        if letter == b"n":
            negate = True
        elif letter == b"X":
            crash_is_false = True
        elif letter == b"t":
            code = 0
        else:
            if not arg.isdigit():
                raise Usage(USAGE)
            code = int(arg) & 0xFF
    block, rest = read_block(ctx, argv, i)
    try:
        wstatus = spawn_wait(ctx, block)
    except OSError as e:
        raise SysFail(b"spawn " + block[0], e) from None
    if os.WIFSIGNALED(wstatus) and not crash_is_false:
        sig = os.WTERMSIG(wstatus)
        raise Die(128 + sig, b"child crashed with signal %d" % sig)
    relay = process.exitcode_of(wstatus)
    if (relay != 0) == negate:
        return Exec(argv[rest:])
    if code is not None:
        return Exit(code)
    return Exit(1 if negate else relay)
