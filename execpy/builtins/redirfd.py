"""redirfd: open a file on a given fd, go on. With -f (execline 2.9.9.0),
the first word names a variable that gets the number of the fd opened
(-E: substituted into the rest instead, through ``importas -uSi``)."""

import os

from execpy.engine import Exec
from execpy.engine.options import BadOption, fd0, getopt, parse_or_usage
from execpy.errors import SysFail, Usage
from execpy.builtins._fdproc import fd_move

PROG = b"redirfd"
USAGE = b"redirfd -[ r | w | u | a | x ] [ -n ] [ -b ] fd file prog..."
OPENS = True  # opens files: not inline in a process that holds a lock (core._plan)

_MODES = {
    b"r": os.O_RDONLY,
    b"w": os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
    b"u": os.O_RDWR,
    b"a": os.O_WRONLY | os.O_CREAT | os.O_APPEND,
    b"x": os.O_WRONLY | os.O_CREAT | os.O_EXCL,
}


def inline_step(ctx, argv):
    """For core.spawn_wait: (the fd this step opens, its length, the fds it
    reads: none), or None
    when it is not a plain well-formed redirfd on a numbered fd (-f gives
    the process a new variable, and is left to a forked child)."""
    try:
        opts, i = getopt(argv, b"rwuaxNnbfEe")
    except BadOption:
        return None
    letters = b"".join(letter for letter, _ in opts)
    if b"f" in letters or not any(m in letters for m in b"rwuax") or len(argv) - i < 3:
        return None
    fd = fd0(argv[i])
    if fd is None or fd < 0:
        return None
    return (fd,), i + 2, ()


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"rwuaxNnbfEe", USAGE)
    mode = None
    nonblock = changemode = openvar = doimport = False
    for letter, _ in opts:
        if letter == b"n":
            nonblock = True
        elif letter == b"N":
            nonblock = False
        elif letter == b"b":
            changemode = True
        elif letter == b"f":
            openvar = True
        elif letter == b"E":
            doimport = True
        elif letter == b"e":
            doimport = False
        else:
            mode = _MODES[letter]
    if len(argv) - i < 3 or mode is None:
        raise Usage(USAGE)
    fd = None if openvar else fd0(argv[i])
    if fd is None and not openvar:
        raise Usage(USAGE)
    path = argv[i + 1]
    flags = mode | (os.O_NONBLOCK if nonblock else 0)
    try:
        fd2 = os.open(path, flags, 0o666)
    except OSError as e:
        if not (mode & os.O_WRONLY and e.errno == 6):  # ENXIO: a fifo, no reader
            raise SysFail(b"open " + path, e) from None
        fd2 = _open_fifo_writer(path, flags)
    if openvar:
        return _open_into_var(argv[i], fd2, changemode, nonblock, argv[i + 2:], doimport)
    try:
        fd_move(fd, fd2)
    except OSError as e:
        raise SysFail(b"move fd %d to fd " % fd2 + argv[i], e) from None
    if changemode:
        try:
            os.set_blocking(fd, nonblock)
        except OSError as e:
            raise SysFail(b"change blocking mode", e) from None
    return Exec(argv[i + 2:])


def _open_into_var(var, fd, changemode, nonblock, rest, doimport):
    os.set_inheritable(fd, True)
    if changemode:
        try:
            os.set_blocking(fd, nonblock)
        except OSError as e:
            raise SysFail(b"change blocking mode", e) from None
    if doimport:
        rest = [b"importas", b"-uSi", var] + list(rest)
    return Exec(rest, {var: b"%d" % fd})


def _open_fifo_writer(path, flags):
    """The -nb trick on a fifo without a reader: be the reader for the time
    it takes to open the writing end."""
    try:
        reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as e:
        raise SysFail(b"open_read " + path, e) from None
    try:
        return os.open(path, flags, 0o666)
    except OSError as e:
        raise SysFail(b"open " + path, e) from None
    finally:
        os.close(reader)
