"""s6-fdholder-store: give an fd (stdin, or -d's) to an fd-holder server
under an identifier, for -T milliseconds (forever by default).

Also the helpers every fd-holder client shares: the -t option, connecting,
and one request with its ``unable to ...`` message (exit 1)."""

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.engine.numscan import scan0
from execpy.errors import SysFail, Usage
from s6utils.lib import fdholder

PROG = b"s6-fdholder-store"
USAGE = b"s6-fdholder-store [ -d fd ] [ -t timeout ] [ -T fdtimeout ] socket id"


def numeric_options(argv, optstring, usage):
    """Options whose arguments are all numbers: ({letter: value or None
    for a flag}, index of the first operand)."""
    opts, i = parse_or_usage(argv, optstring, usage)
    values = {}
    for letter, arg in opts:
        if arg is not None:
            arg = scan0(arg)
            if arg is None:
                raise Usage(usage)
        values[letter] = arg
    return values, i


def start(path, deadline, what=b"a"):
    """Connect to the server, or die as every fd-holder client does."""
    try:
        return fdholder.Client.start(path, deadline)
    except OSError as e:
        raise SysFail(b"connect to " + what + b" fd-holder daemon at " + path, e) from None


def request(path, deadline, what, method, *args, client=None, who=b"a"):
    """Connect (unless ``client`` is given), call ``method`` of the client
    with ``args`` and the deadline, disconnect; a failure is ``unable to
    WHAT``, exit 1."""
    client = client or start(path, deadline, who)
    try:
        return method(client, *args, deadline=deadline)
    except OSError as e:
        raise SysFail(what, e, 1) from None
    finally:
        client.end()


def main(ctx, argv):
    opts, i = numeric_options(argv, b"d:t:T:", USAGE)
    args = argv[i:]
    if len(args) < 2:
        raise Usage(USAGE)
    deadline = fdholder.deadline_in(opts.get(b"t", 0))
    limit = fdholder.limit_in(opts.get(b"T", 0))
    request(args[0], deadline, b"store fd", fdholder.Client.store, opts.get(b"d", 0), args[1], limit)
    return Exit(0)
