"""execline-umask (also ``umask``): set the umask from an octal value, go on."""

import os

from execpy.engine import Exec
from execpy.errors import Usage

PROG = b"execline-umask"
USAGE = b"umask value prog..."


def octal(word):
    """skalibs' uint0_oscan: the whole word in octal, or None."""
    if not word or word.strip(b"01234567"):
        return None
    value = int(word, 8)
    return value if value <= 0xffffffff else None


def main(ctx, argv):
    mask = octal(argv[1]) if len(argv) >= 3 else None
    if mask is None:
        raise Usage(USAGE)
    os.umask(mask & 0o7777)
    return Exec(argv[2:])
