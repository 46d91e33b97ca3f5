"""fdreserve: find n free fds, name them FD0..FDn-1 in the environment, go on."""

import os

from execpy.engine import Exec
from execpy.engine.options import uint0
from execpy.errors import Die, SysFail, Usage

PROG = b"fdreserve"
USAGE = b"fdreserve n prog..."


def main(ctx, argv):
    n = uint0(argv[1]) if len(argv) >= 3 else None
    if n is None:
        raise Usage(USAGE)
    import resource
    if n > resource.getrlimit(resource.RLIMIT_NOFILE)[0]:
        raise Die(100, b"too many requested fds")
    # The free fds are found the way the C program finds them: by taking
    # them (pipes, and /dev/null for an odd one), then giving them back.
    pipes = []
    changes = {}
    try:
        for _ in range(n >> 1):
            try:
                pipes.append(os.pipe())
            except OSError as e:
                raise SysFail(b"reserve fds", e) from None
        if n & 1:
            try:
                last = os.open(b"/dev/null", os.O_RDONLY)
            except OSError as e:
                raise SysFail(b"reserve last fd", e) from None
            os.close(last)
            changes[b"FD%d" % (n - 1)] = b"%d" % last
    finally:
        for r, w in pipes:
            os.close(r)
            os.close(w)
    for k, (r, w) in enumerate(pipes):
        changes[b"FD%d" % (2 * k)] = b"%d" % r
        changes[b"FD%d" % (2 * k + 1)] = b"%d" % w
    return Exec(argv[2:], changes)
