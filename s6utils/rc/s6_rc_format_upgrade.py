"""s6-rc-format-upgrade: point a live directory at a database compiled in
the new format from the same sources.

Takes the live directory's lock (exclusive; ``-b`` waits for it), then
replaces ``LIVE/compiled`` with a symlink to the new database in one
rename. Nothing else in the live directory changes: the services, their
state and the supervisors stay as they are. ``-v`` and ``-t`` are checked
and otherwise unused, as in C s6-rc 0.7.0.0.
"""

import os

from execpy.engine import Exit
from execpy.engine.options import uint0
from execpy.errors import Die, Usage
from s6utils.rc import livedir, lock
from s6utils.rc.errtext import SysFail
from s6utils.rc.gol import Arg, Flag, gol

PROG = b"s6-rc-format-upgrade"
USAGE = b"s6-rc-format-upgrade [ -v verbosity ] [ -t timeout ] [ -l live ] [ -b ] newdb"
LIVEDIR = b"/run/s6-rc"

FLAGS = (Flag(b"b", b"block", "block"),)
ARGS = (Arg(b"v", b"verbosity", "verbosity"), Arg(b"l", b"livedir", "live"),
        Arg(b"t", b"timeout", "timeout"))


def main(ctx, argv):
    settings, i = gol(argv, FLAGS, ARGS)
    args = argv[i:]
    for key in ("verbosity", "timeout"):
        if key in settings and uint0(settings[key]) is None:
            raise Die(100, key.encode() + b" must be an unsigned integer")
    if not args:
        raise Usage(USAGE)
    newdb = args[0]
    if newdb[:1] != b"/":
        raise Die(100, newdb + b" is not an absolute path")
    live = settings.get("live", LIVEDIR)
    try:
        lockfd = lock.take(live, True, settings.get("block", False))
    except OSError as e:
        raise SysFail(b"take lock on " + live, e) from None
    link = live + b"/compiled"
    try:
        livedir.atomic_symlink(newdb, link)
    except OSError as e:
        raise SysFail(b"atomic_symlink4 " + link + b" to " + newdb, e) from None
    finally:
        lock.release(lockfd)
    return Exit(0)
