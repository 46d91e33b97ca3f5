"""exit: end the chain with a status (0 by default)."""

from execpy.engine import Exit
from execpy.errors import Usage

PROG = b"exit"
USAGE = b"exit [ exitcode ]"
INLINE = True  # core.spawn_wait may run it without a fork


def main(ctx, argv):
    if len(argv) < 2:
        return Exit(0)
    if not argv[1].isdigit():
        raise Usage(USAGE)
    return Exit(int(argv[1]) & 0xFF)
