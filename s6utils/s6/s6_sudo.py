"""s6-sudo: s6-ipcclient connecting to ``path``, then s6-sudoc with the
options that concern it: the chain s6-sudo execs into, run here in-process
(both are commands of the table)."""

from execpy.engine import Exec
from execpy.engine.options import parse_or_usage
from execpy.errors import Usage
from s6utils.s6.s6_ipcclient import client_options
from s6utils.s6.s6_sudoc import timeouts

PROG = b"s6-sudo"
USAGE = (b"s6-sudo [ -q | -Q | -v ] [ -p bindpath ] [ -l localname ] [ -e ] "
         b"[ -t timeout ] [ -T timeoutrun ] path [ args... ]")


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"qQvp:l:et:T:", USAGE)
    verbosity, bindpath, localname, rest = client_options(opts)
    t, T, rest = timeouts(rest, USAGE)
    nodoenv = bool(rest)  # -e
    args = argv[i:]
    if not args:
        raise Usage(USAGE)
    verbosity = min(verbosity, 4)
    out = [b"s6-ipcclient"]
    if not verbosity:
        out.append(b"-Q")
    else:
        out += [b"-v"] * (verbosity - 1)
    if bindpath is not None:
        out += [b"-p", bindpath]
    if localname is not None:
        out += [b"-l", localname]
    out += [b"--", args[0], b"s6-sudoc"]
    if nodoenv:
        out.append(b"-e")
    out += [b"-t", b"%d" % t, b"-T", b"%d" % T, b"--"] + list(args[1:])
    return Exec(out)
