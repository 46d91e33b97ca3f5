"""s6-fdholder-getdump: take every fd an fd-holder server holds, then run
prog with them open and described in S6_FD#, S6_FD_i, S6_FDID_i and
S6_FDLIMIT_i (unset when the fd never expires)."""

import os

from execpy.engine import Exec
from execpy.errors import SysFail, Usage
from s6utils.lib import fdholder, tai
from s6utils.s6.s6_fdholder_store import numeric_options, request

PROG = b"s6-fdholder-getdump"
USAGE = b"s6-fdholder-getdump [ -t timeout ] socket prog..."


def dump_env(dump):
    """The environment changes describing ``dump``, in skalibs' order."""
    now = tai.tain_now()
    changes = {b"S6_FD#": b"%d" % len(dump)}
    for i, (ident, fd, limit) in enumerate(dump):
        changes[b"S6_FD_%d" % i] = b"%d" % fd
        changes[b"S6_FDID_%d" % i] = ident
        changes[b"S6_FDLIMIT_%d" % i] = tai.label(limit) if fdholder.is_finite(limit, now) else None
    return changes


def get_dump(path, deadline, who=b"a"):
    return request(path, deadline, b"get dump", fdholder.Client.getdump, who=who)


def main(ctx, argv):
    opts, i = numeric_options(argv, b"t:", USAGE)
    args = argv[i:]
    if len(args) < 2:
        raise Usage(USAGE)
    dump = get_dump(args[0], fdholder.deadline_in(opts.get(b"t", 0)))
    for _, fd, _ in dump:
        try:
            os.set_inheritable(fd, True)
        except OSError as e:
            raise SysFail(b"uncoe", e) from None
    return Exec(args[1:], dump_env(dump))
