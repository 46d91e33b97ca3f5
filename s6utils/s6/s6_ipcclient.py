"""s6-ipcclient: connect to a Unix socket, then go on with the socket on
fds 6 (to read) and 7 (to write), PROTO=IPC and IPCLOCALPATH set."""

import os

from execpy.engine import Exec
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail, Usage
from s6utils.lib import ipcio
from s6utils.lib.sudo import client_options, connect_to  # noqa: F401 - s6-sudo's too

PROG = b"s6-ipcclient"
USAGE = b"s6-ipcclient [ -q | -Q | -v ] [ -p bindpath ] [ -l localname ] path prog..."




def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"qQvp:l:", USAGE)
    verbosity, bindpath, localname, _ = client_options(opts)
    args = argv[i:]
    if len(args) < 2:
        raise Usage(USAGE)
    path = args[0]
    s = connect_to(path, verbosity, bindpath)
    try:
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
