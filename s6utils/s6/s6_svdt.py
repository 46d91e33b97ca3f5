"""s6-svdt: print a service's death tally, oldest death first."""

from execpy.engine import Exit
from execpy.engine.numscan import scan0
from execpy.engine.options import parse_or_usage
from execpy.engine.signals import sig_name
from execpy.errors import SysFail, Usage
from execpy.engine.fdio import write_stdout
from s6utils.lib import death_tally, tai

PROG = b"s6-svdt"
USAGE = b"s6-svdt [ -S | -s ] [ -n maxentries ] servicedir"


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"Ssn:", USAGE)
    maxn = death_tally.MAX_DEATH_TALLY
    numeric = False
    for letter, arg in opts:
        if letter == b"S":
            numeric = False
        elif letter == b"s":
            numeric = True
        else:
            maxn = scan0(arg)
            if maxn is None:
                raise Usage(USAGE)
    if i >= len(argv):
        raise Usage(USAGE)
    service = argv[i]
    maxn = min(maxn, death_tally.MAX_DEATH_TALLY)
    if not maxn:
        return Exit(0)
    try:
        records = death_tally.read(service, maxn)
    except OSError as e:
        raise SysFail(b"read death tally for service " + service, e) from None
    out = []
    for stamp, code, sig in records:
        if sig:
            what = b"signal " + (b"%d" % sig if numeric else b"SIG" + sig_name(sig))
        else:
            what = b"exitcode %d" % code
        out.append(tai.label(stamp) + b" " + what + b"\n")
    write_stdout(b"".join(out))
    return Exit(0)
