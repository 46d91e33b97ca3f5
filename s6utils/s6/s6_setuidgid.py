"""s6-setuidgid: run a program as another account.

Like the C program, it is a rewrite of its command line: ``user`` becomes
``s6-envuidgid user s6-applyuidgid -Uz --``, ``uid:gid`` becomes
``s6-applyuidgid -u uid -g gid -G "" --``. Both run in this same process,
so their messages (``s6-envuidgid: fatal: unknown user: x``) are the real
ones, and the program keeps the PID.
"""

from execpy.engine import Exec
from execpy.errors import Usage

PROG = b"s6-setuidgid"
USAGE = b"s6-setuidgid username prog..."


def main(ctx, argv):
    if len(argv) < 3:
        raise Usage(USAGE)
    account = argv[1]
    prog = list(argv[2:])
    if not account:
        return Exec(prog)
    uid, colon, gid = account.partition(b":")
    if colon:
        return Exec([b"s6-applyuidgid", b"-u", uid, b"-g", gid, b"-G", b"", b"--"] + prog)
    return Exec([b"s6-envuidgid", account, b"s6-applyuidgid", b"-Uz", b"--"] + prog)
