"""fdblock: make an fd blocking (or with -n non-blocking), go on."""

import os

from execpy.engine import Exec
from execpy.engine.options import fd0, parse_or_usage
from execpy.errors import SysFail, Usage

PROG = b"fdblock"
USAGE = b"fdblock [ -n ] fd prog..."


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"n", USAGE)
    block = not opts
    fd = fd0(argv[i]) if len(argv) - i >= 2 else None
    if fd is None:
        raise Usage(USAGE)
    try:
        os.set_blocking(fd, block)
    except OSError as e:
        raise SysFail(b"ndelay_off" if block else b"ndelay_on", e) from None
    return Exec(argv[i + 1:])
