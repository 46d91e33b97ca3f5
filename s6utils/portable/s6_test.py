"""s6-test: the old s6-portable-utils name of eltest, still called by
s6-overlay v2 scripts. Same expression language and exit codes as eltest;
messages are prefixed ``s6-test:``."""

from execpy.engine.testexpr import run_test
from execpy.engine import Exit

PROG = b"s6-test"
USAGE = b"s6-test expression..."
INLINE = True  # core.spawn_wait may run it without a fork


def main(ctx, argv):
    return Exit(run_test(ctx, argv[1:]))
