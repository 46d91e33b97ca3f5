"""s6-ls: list a directory's entries in directory order, one per line
(-0: NUL-terminated). Dotfiles are hidden unless -a (still not . and ..)
or -A; -x hides one name."""

import os

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail, Usage
from execpy.engine.fdio import write_all

PROG = b"s6-ls"
USAGE = b"s6-ls [ -0 ] [ -a | -A ] [ -x exclude ] dir"


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"0aAx:", USAGE)
    show = 0  # 0: no dotfiles, 1: dotfiles but . and .., 2: everything
    exclude = None
    delim = b"\n"
    for letter, arg in opts:
        if letter == b"0":
            delim = b"\0"
        elif letter == b"a":
            show = 1
        elif letter == b"A":
            show = 2
        else:
            exclude = arg
    if i >= len(argv):
        raise Usage(USAGE)
    path = argv[i]
    try:
        names = os.listdir(path)
    except OSError as e:
        raise SysFail(b"open directory " + path, e)
    if show == 2:
        names = [b".", b".."] + names
    out = []
    for name in names:
        if name.startswith(b".") and show < 2 and (not show or name in (b".", b"..")):
            continue
        if name == exclude:
            continue
        out.append(name + delim)
    try:
        write_all(1, b"".join(out))
    except OSError as e:
        raise SysFail(b"write to stdout", e)
    return Exit(0)
