"""s6-fdholder-retrieve: get an fd from an fd-holder server (-D: and make
it forget it), then run prog with that fd as its stdin."""

import os

from execpy.engine import Exec
from execpy.errors import SysFail, Usage
from s6utils.lib import fdholder
from s6utils.s6.s6_fdholder_store import numeric_options, request

PROG = b"s6-fdholder-retrieve"
USAGE = b"s6-fdholder-retrieve [ -D ] [ -t timeout ] socket id prog..."


def main(ctx, argv):
    opts, i = numeric_options(argv, b"Dt:", USAGE)
    args = argv[i:]
    if len(args) < 3:
        raise Usage(USAGE)
    fd = request(args[0], fdholder.deadline_in(opts.get(b"t", 0)),
                 b"retrieve fd for id " + args[1], fdholder.Client.retrieve, args[1],
                 b"D" in opts)
    if fd:
        try:
            os.dup2(fd, 0)
        except OSError as e:
            os.close(fd)
            raise SysFail(b"move fd", e) from None
        os.close(fd)
    else:
        os.set_inheritable(0, True)
    return Exec(args[2:])
