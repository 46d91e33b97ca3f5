"""foreground: run a block, wait for it, set ? to its status, go on."""

from execpy.engine import Exec
from execpy.engine.blocks import read_block
from execpy.engine.core import spawn_wait, status_of
from execpy.errors import strerror

PROG = b"foreground"
USAGE = b"foreground { command... } command..."
HERE = True  # core.run_here may run it in the block's process


def main(ctx, argv):
    block, rest = read_block(ctx, argv, 1)
    try:
        wstatus = spawn_wait(ctx, block)
    except OSError as e:
        ctx.warn(b"unable to spawn " + block[0] + b": " + strerror(e.errno))
        status = 127
    else:
        status = status_of(wstatus)
    return Exec(argv[rest:], {b"?": b"%d" % status})
