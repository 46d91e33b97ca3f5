"""s6-fdholder-setdump: give an fd-holder server the fds described by
S6_FD#, S6_FD_i, S6_FDID_i and S6_FDLIMIT_i (as s6-fdholder-getdump sets
them)."""

from execpy.engine import Exit
from execpy.engine.numscan import scan0
from execpy.errors import Die, Usage
from s6utils.lib import fdholder, tai
from s6utils.s6.s6_fdholder_store import numeric_options, request, start

PROG = b"s6-fdholder-setdump"
USAGE = b"s6-fdholder-setdump [ -t timeout ] socket"


def _get(env, name):
    value = env.get(name)
    if value is None:
        raise Die(100, name + b" not set")
    return value


def read_dump(env, n):
    dump = []
    for i in range(n):
        name = b"S6_FD_%d" % i
        fd = scan0(_get(env, name))
        if fd is None:
            raise Die(100, b"invalid $" + name)
        name = b"S6_FDID_%d" % i
        ident = _get(env, name)
        if not ident or len(ident) > fdholder.ID_SIZE:
            raise Die(100, b"invalid $" + name)
        name = b"S6_FDLIMIT_%d" % i
        value = env.get(name)
        if value is None:
            limit = fdholder.limit_in(0)
        else:
            limit = tai.scan_label(value)
            if limit is None:
                raise Die(100, b"invalid $" + name)
        dump.append((ident, fd, limit))
    return dump


def main(ctx, argv):
    opts, i = numeric_options(argv, b"t:", USAGE)
    args = argv[i:]
    if not args:
        raise Usage(USAGE)
    n = scan0(_get(ctx.env, b"S6_FD#"))
    if n is None:
        raise Die(100, b"invalid $S6_FD#")
    deadline = fdholder.deadline_in(opts.get(b"t", 0))
    client = start(args[0], deadline)
    try:
        dump = read_dump(ctx.env, n)
    except BaseException:
        client.end()
        raise
    if n:
        request(args[0], deadline, b"set dump", fdholder.Client.setdump, dump, client=client)
    else:
        client.end()
    return Exit(0)
