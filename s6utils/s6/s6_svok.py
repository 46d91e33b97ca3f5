"""s6-svok: exit 0 if a supervisor is running on a service directory, else 1."""

from execpy.engine import Exit
from execpy.errors import SysFail, Usage
from s6utils.lib.control import svc_ok

PROG = b"s6-svok"
USAGE = b"s6-svok servicedir"


def main(ctx, argv):
    if len(argv) < 2:
        raise Usage(USAGE)
    try:
        r = svc_ok(argv[1])
    except OSError as e:
        raise SysFail(b"check " + argv[1], e) from None
    return Exit(0 if r else 1)
