"""pipeline: run a block with a pipe to (or with -w from) the rest of the chain."""

import os

from execpy.engine import Exec
from execpy.engine.blocks import read_block
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail
from execpy.builtins._fdproc import (doublefork, fd_move, pipe_actions, run_as,
                                     spawn_or_die)

PROG = b"pipeline"
USAGE = b"pipeline [ -d ] [ -r | -w ] { command... } command..."


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"drw", USAGE)
    double = writer = False
    for letter, _ in opts:
        if letter == b"d":
            double = True
        else:
            writer = letter == b"w"
    block, rest = read_block(ctx, argv, i)
    if rest >= len(argv):
        raise Die(100, b"empty remainder")
    # default (-r): the block writes on its stdout, the chain reads on 0;
    # -w: the chain writes on its stdout, the block reads on 0.
    mine_fd, theirs_fd = (1, 0) if writer else (0, 1)
    try:
        r, w = os.pipe()
    except OSError as e:
        raise SysFail(b"create pipe", e) from None
    mine, theirs = (w, r) if writer else (r, w)
    if double:
        def setup():
            os.close(mine)
            fd_move(theirs_fd, theirs)
        try:
            name = b"pipeline (grandchild)"
            pid = doublefork(run_as(ctx, block, name, setup), name)
        finally:
            os.close(theirs)
    else:
        try:
            pid = spawn_or_die(ctx, block, file_actions=pipe_actions(theirs_fd, mine, theirs))
        finally:
            os.close(theirs)
    try:
        fd_move(mine_fd, mine)
    except OSError as e:
        raise SysFail(b"fd_move", e) from None
    return Exec(argv[rest:], {b"!": b"%d" % pid})
