"""eltest: evaluate a test expression (see execpy.engine.testexpr).

Exit codes: 0 true, 1 false, 100 syntax error or bad operand, 111 system
error."""

from execpy.engine import Exit
from execpy.engine.testexpr import run_test

PROG = b"eltest"
USAGE = b"eltest expression..."
INLINE = True  # core.spawn_wait may run it without a fork


def main(ctx, argv):
    return Exit(run_test(ctx, argv[1:]))
