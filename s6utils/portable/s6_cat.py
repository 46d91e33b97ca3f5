"""s6-cat: copy stdin to stdout until EOF."""

from execpy.engine import Exit
from execpy.errors import SysFail
from execpy.engine.fdio import copy_fd

PROG = b"s6-cat"
USAGE = b"s6-cat"


def main(ctx, argv):
    try:
        copy_fd(0, 1)
    except OSError as e:
        raise SysFail(b"fd_cat", e)
    return Exit(0)
