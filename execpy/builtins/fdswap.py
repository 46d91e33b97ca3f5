"""fdswap: exchange two fds, go on."""

import os

from execpy.engine import Exec
from execpy.engine.options import fd0
from execpy.errors import SysFail, Usage

PROG = b"fdswap"
USAGE = b"fdswap fd1 fd2 prog..."


def inline_step(ctx, argv):
    """For core.spawn_wait: (the fds this step swaps, its length, the other
    fds it reads: none), or None."""
    if len(argv) < 4:
        return None
    fd1, fd2 = fd0(argv[1]), fd0(argv[2])
    if fd1 is None or fd2 is None or fd1 < 0 or fd2 < 0:
        return None
    return (fd1, fd2), 3, ()


def main(ctx, argv):
    if len(argv) < 4:
        raise Usage(USAGE)
    fd1, fd2 = fd0(argv[1]), fd0(argv[2])
    if fd1 is None or fd2 is None:
        raise Usage(USAGE)
    try:
        swap(fd1, fd2)
    except OSError as e:
        raise SysFail(b"swap fds", e) from None
    return Exec(argv[3:])


def swap(fd1, fd2):
    if fd1 == fd2:
        return
    tmp = os.dup(fd1)
    try:
        os.dup2(fd2, fd1)
        os.dup2(tmp, fd2)
    finally:
        os.close(tmp)
