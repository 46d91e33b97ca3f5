"""piperw: make a pipe on two given fds, go on."""

import os

from execpy.engine import Exec
from execpy.engine.options import fd0
from execpy.errors import SysFail, Usage
from execpy.builtins._fdproc import fd_move

PROG = b"piperw"
USAGE = b"piperw fdr fdw prog..."


def main(ctx, argv):
    if len(argv) < 4:
        raise Usage(USAGE)
    fdr, fdw = fd0(argv[1]), fd0(argv[2])
    if fdr is None or fdw is None or fdr == fdw:
        raise Usage(USAGE)
    try:
        r, w = os.pipe()
    except OSError as e:
        raise SysFail(b"create pipe", e) from None
    try:
        if w == fdr:
            w2 = os.dup(w)
            os.close(w)
            w = w2
        fd_move(fdr, r)
        fd_move(fdw, w)
    except OSError as e:
        raise SysFail(b"move fds", e) from None
    return Exec(argv[3:])
