"""getcwd: put the working directory in a variable, go on."""

import os

from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail, Usage
from execpy.builtins._fdproc import check_var, modif_and_exec

PROG = b"getcwd"
USAGE = b"getcwd [ -E | -e ] variable prog..."
HERE = True  # core.run_here may run it in the block's process


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"Ee", USAGE)
    doimport = bool(opts) and opts[-1][0] == b"E"
    if len(argv) - i < 2:
        raise Usage(USAGE)
    var = argv[i]
    check_var(var)
    try:
        cwd = os.getcwdb()
    except OSError as e:
        raise SysFail(b"getcwd", e) from None
    return modif_and_exec(argv[i + 1:], var, cwd, doimport)
