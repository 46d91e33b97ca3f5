"""execline-cd (also ``cd``): change directory, go on."""

import os

from execpy.engine import Exec
from execpy.errors import SysFail, Usage

PROG = b"execline-cd"
USAGE = b"cd path prog..."


def main(ctx, argv):
    if len(argv) < 3:
        raise Usage(USAGE)
    try:
        os.chdir(argv[1])
    except OSError as e:
        raise SysFail(b"chdir to " + argv[1], e) from None
    return Exec(argv[2:])
