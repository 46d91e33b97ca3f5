"""s6-rename: atomically rename a file."""

import os

from execpy.engine import Exit
from execpy.errors import SysFail, Usage

PROG = b"s6-rename"
USAGE = b"s6-rename old new"
INLINE = True  # core.spawn_wait may run it without a fork (files and fds only)


def main(ctx, argv):
    if len(argv) < 3:
        raise Usage(USAGE)
    try:
        os.rename(argv[1], argv[2])
    except OSError as e:
        raise SysFail(b"rename " + argv[1] + b" to " + argv[2], e)
    return Exit(0)
