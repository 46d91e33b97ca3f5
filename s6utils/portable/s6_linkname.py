"""s6-linkname: print what a symbolic link points to (-f: the fully
resolved path, which must exist), with a newline unless -n."""

import os

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail, Usage
from execpy.engine.fdio import write_all

PROG = b"s6-linkname"
USAGE = b"s6-linkname [ -n ] [ -f ] link"


def realpath(path):
    """realpath(3): resolve every link; the result must exist."""
    resolved = os.path.realpath(path)
    os.stat(resolved)
    return resolved


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"nf", USAGE)
    resolve = False
    newline = True
    for letter, _ in opts:
        if letter == b"n":
            newline = False
        else:
            resolve = True
    if i >= len(argv):
        raise Usage(USAGE)
    path = argv[i]
    try:
        result = realpath(path) if resolve else os.readlink(path)
    except OSError as e:
        raise SysFail(b"resolve " + path, e)
    try:
        write_all(1, result + (b"\n" if newline else b""))
    except OSError as e:
        raise SysFail(b"write to stdout", e)
    return Exit(0)
