"""forbacktickx: run a loop body once per record of a command's output.

execline 2.9 implements it as ``pipeline -- gen... "" unexport ! forstdin
... -- var fdmove 0 SAVED loop...`` and its messages come from those
programs; execpy runs the same steps in one process and names each step's
messages the same way (pipeline:, forstdin:, and fdmove: from the loop
body, which restores the original stdin).
"""

import os

from execpy.builtins.forstdin import loop_over_stdin
from execpy.builtins._fdproc import check_var
from execpy.builtins.forx import parse_loop_options
from execpy.engine.blocks import read_block
from execpy.engine.core import spawn
from execpy.errors import Die, SysFail, Usage

PROG = b"forbacktickx"
USAGE = (b"forbacktickx [ -p | -o okcode,okcode,... | -x breakcode,breakcode,... ]"
         b" [ -E | -e ] [ -N | -n ] [ -C | -c ] [ -0 | -d delim ] var { backtickcmd... } command...")


def main(ctx, argv):
    conf, i = parse_loop_options(argv, b"pP:NnCc0d:o:x:Ee", USAGE)
    if len(argv) - i < 2 or not argv[i]:
        raise Usage(USAGE)
    var = argv[i]
    if not argv[i + 1]:
        raise Die(100, b"empty block")
    if b"" not in argv[i + 1:]:
        raise Die(100, b"unterminated block")
    try:
        saved = os.dup(0)
    except OSError as e:
        if e.errno != 9:
            raise SysFail(b"dup stdin", e) from None
        saved = None

    # what pipeline does: the block writes into a pipe that becomes stdin
    ctx.prog = b"pipeline"
    ctx.nblock = 0
    gen, rest = read_block(ctx, argv, i + 1)
    r, w = os.pipe()
    try:
        spawn(ctx, gen, file_actions=[(os.POSIX_SPAWN_DUP2, w, 1)])
    except OSError as e:
        raise SysFail(b"spawn " + gen[0], e) from None
    os.close(w)
    if r != 0:  # with stdin closed, the pipe's read end already is fd 0
        os.dup2(r, 0)
        os.close(r)
    ctx.unsetenv(b"!")

    ctx.prog = b"forstdin"
    check_var(var)
    if saved is None:
        loop = [b"fdclose", b"0"] + argv[rest:]
    else:
        loop = [b"fdmove", b"0", b"%d" % saved] + argv[rest:]
    return loop_over_stdin(ctx, conf, var, loop)
