"""unexport: remove an environment variable, then go on."""

from execpy.engine import Exec
from execpy.errors import Die, Usage

PROG = b"unexport"
USAGE = b"unexport variable prog..."
HERE = True  # core.run_here may run it in the block's process


def main(ctx, argv):
    if len(argv) < 3:
        raise Usage(USAGE)
    if b"=" in argv[1]:
        raise Die(100, b"invalid variable name: " + argv[1])
    return Exec(argv[2:], {argv[1]: None})
