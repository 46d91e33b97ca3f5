"""heredoc: make a string readable on a given fd (a pipe fed by a child), go on."""

import os

from execpy.engine import Exec
from execpy.engine.options import fd0, parse_or_usage
from execpy.errors import SysFail, Usage, format_error
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
        code = 111
        try:
            os.close(r)
            try:
                write_all(w, data)
                code = 0
            except OSError as e:
                from execpy.errors import write_stderr
                write_stderr(format_error(b"heredoc (child)", SysFail(b"allwrite", e)))
        finally:
            os._exit(code)

    if opts:
        try:
            doublefork(feed)
        except OSError as e:
            raise SysFail(b"doublefork", e) from None
    else:
        try:
            pid = os.fork()
        except OSError as e:
            raise SysFail(b"fork", e) from None
        if pid == 0:
            feed()
    os.close(w)
    try:
        fd_move(fd, r)
    except OSError as e:
        raise SysFail(b"read on fd " + argv[i], e) from None
    return Exec(argv[i + 2:])
