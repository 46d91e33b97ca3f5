"""elglob: glob a pattern and substitute the matches (see execpy.engine.directives)."""

from execpy.engine.directives import run_alone
from execpy.builtins._newer import elglob as _directive

PROG = b"elglob"
USAGE = b"elglob [ -v ] [ -w ] [ -s ] [ -m ] [ -e ] [ -0 ] key pattern prog..."
HERE = True  # core.run_here may run it in the block's process
OPENS = True  # not where a lock is held (core.run_here)


def main(ctx, argv):
    return run_alone(ctx, argv, _directive, USAGE)
