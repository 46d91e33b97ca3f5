"""if: run a block; go on only if it succeeded."""

import os

from execpy.engine import Exec, Exit, process
from execpy.engine.blocks import read_block
from execpy.engine.core import inline_plan, spawn_wait
from execpy.engine.options import BadOption, getopt, parse_or_usage
from execpy.errors import Die, SysFail, Usage

PROG = b"if"
USAGE = b"if [ -n ] [ -X ] [ -t | -x exitcode ] { command... }"


def inline_step(ctx, argv):
    """For core.spawn_wait: ((), this step's length, the fds the block
    names) when the block can run inline itself (it puts its own fds back),
    else None. The block is only
    looked for, not read: reading it could print a strict-mode warning
    that the step itself prints again."""
    try:
        _, i = getopt(argv, b"nXtx:")
    except BadOption:
        return None
    find = getattr(argv, "block_end", None)
    if find is not None:
        end = find(i)
        if end is None:
            return None
        block = argv.inner(i, end)
    else:  # a block's words, quoted with a space; an unquoted one is left to the child
        end = i
        while end < len(argv) and argv[end]:
            if argv[end][0] != 0x20:
                return None
            end += 1
        if end == len(argv):
            return None
        block = [w[1:] for w in argv[i:end]]
    plan = inline_plan(ctx, block)
    if plan is None:
        return None
    return (), end + 1, plan[1]  # the block puts back its own fds


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
