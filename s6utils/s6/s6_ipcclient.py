"""s6-ipcclient: connect to a Unix socket, then go on with the socket on
fds 6 (to read) and 7 (to write), PROTO=IPC and IPCLOCALPATH set."""

import os

from execpy.engine import Exec
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail, Usage, write_stderr
from s6utils.lib import ipcio

PROG = b"s6-ipcclient"
USAGE = b"s6-ipcclient [ -q | -Q | -v ] [ -p bindpath ] [ -l localname ] path prog..."


def client_options(opts):
    """-q, -Q, -v, -p and -l as s6-ipcclient (and s6-sudo) read them:
    (verbosity, bindpath, localname, the other options in order)."""
    verbosity = 1
    bindpath = localname = None
    rest = []
    for letter, arg in opts:
        if letter == b"q":
            verbosity = max(verbosity - 1, 0)
        elif letter == b"Q":
            verbosity = 1
        elif letter == b"v":
            verbosity += 1
        elif letter == b"p":
            bindpath = arg
        elif letter == b"l":
            localname = arg
        else:
            rest.append((letter, arg))
    return verbosity, bindpath, localname, rest


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"qQvp:l:", USAGE)
    verbosity, bindpath, localname, _ = client_options(opts)
    args = argv[i:]
    if len(args) < 2:
        raise Usage(USAGE)
    path = args[0]
    try:
        s = ipcio.stream_socket()
    except OSError as e:
        raise SysFail(b"create socket", e) from None
    try:
        if bindpath is not None:
            try:
                ipcio.bind(s, bindpath)
            except OSError as e:
                raise SysFail(b"bind socket to " + bindpath, e) from None
        try:
            ipcio.connect(s, path)
        except OSError as e:
            raise SysFail(b"connect to " + path, e) from None
        if verbosity >= 2:
            write_stderr(PROG + b": info: " + PROG + b": connected to " + path + b"\n")
        if localname is not None:
            local = localname[:ipcio.IPCPATH_MAX]
        else:
            try:
                local = ipcio.local_name(s)
            except OSError:
                local = None
        try:
            if s != 6:
                os.dup2(s, 6)
            os.set_inheritable(6, True)
            os.dup2(6, 7)
        except OSError as e:
            raise SysFail(b"set up fd 6" if s != 6 else b"set up fd 7", e) from None
    finally:
        if s not in (6, 7):
            os.close(s)
    return Exec(args[1:], {b"PROTO": b"IPC", b"IPCLOCALPATH": local})
