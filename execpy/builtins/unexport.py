"""unexport: remove an environment variable, then go on."""

from execpy.engine import Exec
from execpy.errors import Usage

PROG = b"unexport"
USAGE = b"unexport variable prog..."


def main(ctx, argv):
    if len(argv) < 3:
        raise Usage(USAGE)
    return Exec(argv[2:], {argv[1]: None})
