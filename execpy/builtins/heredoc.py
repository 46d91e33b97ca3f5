"""heredoc: make a string readable on a given fd (a pipe fed by a child), go on."""

import os

from execpy.engine import Exec, process
from execpy.engine.options import fd0, parse_or_usage
from execpy.errors import SysFail, Usage
from execpy.builtins._fdproc import doublefork, fd_move, write_all

PROG = b"heredoc"
USAGE = b"heredoc [ -d ] fd string command..."


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"d", USAGE)
    if len(argv) - i < 3:
        raise Usage(USAGE)
    fd = fd0(argv[i])
    if fd is None:
        raise Usage(USAGE)
    data = argv[i + 1]
    try:
        r, w = os.pipe()
    except OSError as e:
        raise SysFail(b"pipe", e) from None

    def feed():
        os.close(r)
        try:
            write_all(w, data)
        except OSError as e:
            raise SysFail(b"allwrite", e) from None
        return 0

    try:
        if opts:
            doublefork(feed, b"heredoc (child)")
        else:
            try:
                process.fork_child(feed, b"heredoc (child)")
            except OSError as e:
                raise SysFail(b"fork", e) from None
    except BaseException:
        os.close(r)
        raise
    finally:
        os.close(w)  # the child's end
    try:
        fd_move(fd, r)
    except OSError as e:
        raise SysFail(b"read on fd " + argv[i], e) from None
    return Exec(argv[i + 2:])
