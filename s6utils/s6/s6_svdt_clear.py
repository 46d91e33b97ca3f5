"""s6-svdt-clear: empty a service's death tally."""

from execpy.engine import Exit
from execpy.errors import SysFail, Usage
from s6utils.lib import death_tally

PROG = b"s6-svdt-clear"
USAGE = b"s6-svdt-clear servicedir"


def main(ctx, argv):
    if len(argv) < 2:
        raise Usage(USAGE)
    try:
        death_tally.write(argv[1], [])
    except OSError as e:
        raise SysFail(b"clear death tally for service " + argv[1], e) from None
    return Exit(0)
