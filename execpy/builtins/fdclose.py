"""fdclose: close an fd, go on."""

import os

from execpy.engine import Exec
from execpy.engine.options import fd0
from execpy.errors import Usage

PROG = b"fdclose"
USAGE = b"fdclose fd prog..."


def inline_step(ctx, argv):
    """For core.spawn_wait: (the fd this step closes, its length, the fds it
    reads: none), or None."""
    fd = fd0(argv[1]) if len(argv) >= 3 else None
    if fd is None or fd < 0:
        return None
    return (fd,), 2, ()


def main(ctx, argv):
    fd = fd0(argv[1]) if len(argv) >= 3 else None
    if fd is None:
        raise Usage(USAGE)
    try:
        os.close(fd)
    except OSError:
        pass
    return Exec(argv[2:])
