"""getpid: put this process's pid (or with -P its parent's) in a variable, go on."""

import os

from execpy.engine.options import parse_or_usage
from execpy.errors import Usage
from execpy.builtins._fdproc import check_var, modif_and_exec

PROG = b"getpid"
USAGE = b"getpid [ -E | -e ] [ -P | -p ] variable prog..."


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"EePp", USAGE)
    doimport = parent = False
    for letter, _ in opts:
        if letter in (b"E", b"e"):
            doimport = letter == b"E"
        else:
            parent = letter == b"P"
    if len(argv) - i < 2:
        raise Usage(USAGE)
    var = argv[i]
    check_var(var)
    pid = os.getppid() if parent else os.getpid()
    return modif_and_exec(argv[i + 1:], var, b"%d" % pid, doimport)
