"""s6-dumpenv: write every environment variable to a file of a directory
(created with -m's mode, default 0755), each file replaced atomically.
-n (the default) writes values as they are, for ``s6-envdir -Lfn``; -N adds
a newline, for ``s6-envdir -Lf``."""

import errno
import os
import stat

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail, Usage
from execpy.engine.fdio import write_all
from execpy.engine.numscan import oscan0

PROG = b"s6-dumpenv"
USAGE = b"s6-dumpenv [ -N | -n ] [ -m mode ] envdir"


def write_file_atomically(path, data):
    tmp = path + b"=.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        write_all(fd, data)
    except OSError:
        os.close(fd)
        os.unlink(tmp)
        raise
    os.close(fd)
    try:
        os.rename(tmp, path)
    except OSError:
        os.unlink(tmp)
        raise


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"Nnm:", USAGE)
    mode = 0o755
    newline = False
    for letter, arg in opts:
        if letter == b"N":
            newline = True
        elif letter == b"n":
            newline = False
        else:
            mode = oscan0(arg)
            if mode is None:
                raise Usage(USAGE)
    if i >= len(argv):
        raise Usage(USAGE)
    path = argv[i]
    try:
        os.mkdir(path, mode & 0o7777)
    except OSError as e:
        if e.errno != errno.EEXIST:
            raise SysFail(b"mkdir " + path, e)
        try:
            st = os.stat(path)
        except OSError as e2:
            raise SysFail(b"stat " + path, e2)
        if not stat.S_ISDIR(st.st_mode):
            raise SysFail(b"mkdir " + path, errno.ENOTDIR)
    for name, value in ctx.env.items():
        fn = path + b"/" + name
        try:
            write_file_atomically(fn, value + (b"\n" if newline else b""))
        except OSError as e:
            raise SysFail(b"open " + fn, e)
    return Exit(0)
