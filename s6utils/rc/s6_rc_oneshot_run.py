"""s6-rc-oneshot-run: run the up, down or reload script of the oneshot
numbered ``servicenumber`` in the live directory's compiled database, with
RC_NAME set to the service's name. s6rc-oneshot-runner (through s6-sudod)
runs it for s6-rc, so a oneshot runs in the runner's environment.

The script's words come from the database (s6utils.rc.db) and go on as
this chain's next step: builtins in-process, the first external program
exec'd. An empty script exits 0. The database is read under a shared
lock on ``live/compiled`` (-b waits for it).
"""

import os

from execpy.engine import Exec, Exit
from execpy.engine.numscan import scan0
from execpy.errors import Die, Usage
from s6utils.rc import db as dbfile
from s6utils.rc import lock
from s6utils.rc.errtext import SysFail
from s6utils.rc.gol import Arg, Flag, gol

PROG = b"s6-rc-oneshot-run"
USAGE = b"s6-rc-oneshot-run [ -l live ] [ -b ] up|down|reload servicenumber"
LIVEDIR = b"/run/s6-rc"

FLAGS = (Flag(None, b"no-block", "block", False), Flag(b"b", b"block", "block", True))
ARGS = (Arg(b"l", b"livedir", "live"),)
WHAT = (b"down", b"up", b"reload")


def main(ctx, argv):
    settings, i = gol(argv, FLAGS, ARGS)
    args = argv[i:]
    if len(args) < 2 or args[0] not in WHAT:
        raise Usage(USAGE)
    what = WHAT.index(args[0])
    number = scan0(args[1])
    if number is None:
        raise Usage(USAGE)
    compiled = settings.get("live", LIVEDIR) + b"/compiled"
    try:
        lockfd = lock.take(compiled, False, settings.get("block", False))
    except OSError as e:
        raise SysFail(b"take lock on " + compiled, e) from None
    try:
        try:
            dirfd = os.open(compiled, os.O_RDONLY | os.O_CLOEXEC)
        except OSError as e:
            raise SysFail(b"open " + compiled, e) from None
        try:
            db = dbfile.load_sizes(dirfd, compiled)
            if number < db.nlong or number >= db.nlong + db.nshort:
                raise Die(3, b"invalid service number")
            dbfile.load_records(dirfd, db, compiled)
        finally:
            os.close(dirfd)
    finally:
        lock.release(lockfd)
    script = db.services[number].scripts[what]
    if not script:
        return Exit(0)
    return Exec(list(script), {b"RC_NAME": db.name(number)})
