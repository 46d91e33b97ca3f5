"""s6-mkfifo: create named pipes, mode 0666 by default or -m's mode (only
the execute bits are masked)."""

import os

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail, Usage
from execpy.engine.numscan import oscan0

PROG = b"s6-mkfifo"
USAGE = b"s6-mkfifo [ -m mode ] fifo..."
INLINE = True  # core.spawn_wait may run it without a fork (files and fds only)


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"m:", USAGE)
    mode = 0o666
    for _, arg in opts:
        mode = oscan0(arg)
        if mode is None:
            raise Usage(USAGE)
    if i >= len(argv):
        raise Usage(USAGE)
    os.umask(0o111)
    for path in argv[i:]:
        try:
            os.mkfifo(path, mode & 0o7777)
        except OSError as e:
            raise SysFail(b"mkfifo " + path, e)
    return Exit(0)
