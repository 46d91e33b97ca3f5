"""ifelse: run a test block, then exec the then-block or the rest."""

import os

from execpy.engine import Exec
from execpy.engine.blocks import read_block_or_none
from execpy.engine.options import parse_or_usage
from execpy.errors import Die
from execpy.builtins._fdproc import spawn_wait_or_die, wait_estatus

PROG = b"ifelse"
USAGE = b"ifelse [ -n ] [ -X ] { command-if } { command-then... } command-else..."
HERE = True  # core.run_here may run it in the block's process


def judge(wstatus, crash_is_false):
    """True if a test child succeeded. A crash is fatal (128+signal) unless
    ``crash_is_false`` (the -X option) makes it a failure."""
    if os.WIFSIGNALED(wstatus) and not crash_is_false:
        sig = os.WTERMSIG(wstatus)
        raise Die(128 + sig, b"child crashed with signal %d" % sig)
    return wait_estatus(wstatus) == 0


def read_if_then(ctx, argv, i):
    """The if block and the then block from ``argv[i]`` on, with the
    messages ifelse and ifthenelse share; returns (if, then, next index)."""
    test, i = read_block_or_none(ctx, argv, i)
    if test is None:
        raise Die(100, b"unterminated if block")
    if i >= len(argv):
        raise Die(100, b"then block required")
    then, i = read_block_or_none(ctx, argv, i)
    if then is None:
        raise Die(100, b"unterminated then block")
    return test, then, i


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"nX", USAGE)
    letters = {letter for letter, _ in opts}
    test, then, rest = read_if_then(ctx, argv, i)
    ok = judge(spawn_wait_or_die(ctx, test), b"X" in letters)
    if ok != (b"n" in letters):
        return Exec(then)
    return Exec(argv[rest:])
