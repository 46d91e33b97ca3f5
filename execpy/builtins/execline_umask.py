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


def octal_prefix(word):
    """skalibs' uint32_oscan as execline-umask uses it: the octal digits at
    the start of the word, stopping before one that would overflow 32 bits;
    None if there is none. What follows them is ignored."""
    value = 0
    count = 0
    for c in word:
        d = c - 0x30
        if not 0 <= d <= 7 or value > (0xffffffff - d) >> 3:
            break
        value = value * 8 + d
        count += 1
    return value if count else None


def main(ctx, argv):
    mask = octal_prefix(argv[1]) if len(argv) >= 3 else None
    if mask is None:
        raise Usage(USAGE)
    os.umask(mask & 0o777)
    return Exec(argv[2:])
