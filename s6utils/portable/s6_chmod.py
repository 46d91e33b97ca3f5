"""s6-chmod: set a file's permissions to an absolute octal mode."""

import os

from execpy.engine import Exit
from execpy.errors import SysFail, Usage
from execpy.engine.numscan import oscan0

PROG = b"s6-chmod"
USAGE = b"s6-chmod mode file"
INLINE = True  # core.spawn_wait may run it without a fork (files and fds only)


def main(ctx, argv):
    if len(argv) < 3:
        raise Usage(USAGE)
    mode = oscan0(argv[1])
    if mode is None:
        raise Usage(USAGE)
    try:
        os.chmod(argv[2], mode & 0o7777)
    except OSError as e:
        raise SysFail(b"change mode of " + argv[2], e)
    return Exit(0)
