"""s6-fdholder-delete: make an fd-holder server close the fd it holds
under an identifier."""

from execpy.engine import Exit
from execpy.errors import Usage
from s6utils.lib import fdholder
from s6utils.s6.s6_fdholder_store import numeric_options, request

PROG = b"s6-fdholder-delete"
USAGE = b"s6-fdholder-delete [ -t timeout ] socket id"


def main(ctx, argv):
    opts, i = numeric_options(argv, b"t:", USAGE)
    args = argv[i:]
    if len(args) < 2:
        raise Usage(USAGE)
    request(args[0], fdholder.deadline_in(opts.get(b"t", 0)), b"delete fd for id " + args[1],
            fdholder.Client.delete, args[1])
    return Exit(0)
