"""s6-rc: the live service manager. It answers the queries ``list`` (the
selection: the services named, plus with -a those up; with -d, everything
else), ``listall`` (the selection with everything it needs to come up, or
with -d everything that needs it, to go down) and ``diff`` (longruns whose
supervisor disagrees with s6-rc's state); and it runs the transitions ``change`` (``start`` is ``-u change``, ``stop`` ``-d change``,
both without -p) and ``reload``, run by transition.py.
"""

import errno
import os
import struct
import time

from execpy.engine import Exit
from execpy.engine.fdio import write_stdout
from execpy.engine.options import uint0
from execpy.errors import Die
from s6utils.lib import status as svstatus
from s6utils.lib import cdb
from s6utils.rc import graph, layout, lock
from s6utils.rc import db as dbfile
from s6utils.rc.errtext import SysFail
from s6utils.rc.gol import Arg, Flag, command, gol
from s6utils.rc.report import Report

PROG = b"s6-rc"
USAGE = (b"s6-rc [ -v verbosity ] [ -n dryrunthrottle ] [ -t timeout ] [ -l live ] [ -b ] "
         b"[ -E | -e ] [ -u | -d | -D ] [ -p ] [ -a ] "
         b"help|list|listall|diff|start|stop|change [ servicenames... ]")
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)
LIVEDIR = b"/run/s6-rc"

HELP = (b"s6-rc help\n"
        b"s6-rc [ -l live ] [ -a ] list [ servicenames... ]\n"
        b"s6-rc [ -l live ] [ -a ] [ -u | -d ] listall [ servicenames... ]\n"
        b"s6-rc [ -l live ] diff\n"
        b"s6-rc [ -l live ] [ -a ] [ -u | -d | -D ] [ -p ] [ -v verbosity ] [ -t timeout ] "
        b"[ -n dryrunthrottle ] change [ servicenames... ]\n")

FLAGS = (Flag(b"u", b"up", "down", False), Flag(b"d", b"down", "down", True),
         Flag(b"D", b"all-down", ("down", "hide"), (True, True)),
         Flag(b"p", b"prune", "prune"), Flag(b"a", b"add", "add"), Flag(b"b", b"block", "block"),
         Flag(b"E", b"with-essentials", "hide", False),
         Flag(b"e", b"without-essentials", "hide", True), Flag(None, b"no-lock", "nolock"))
ARGS = (Arg(b"v", b"verbosity", "verbosity"), Arg(b"n", b"dry-run", "dryrun"),
        Arg(b"t", b"timeout", "timeout"), Arg(b"l", b"livedir", "live"))

COMMANDS = (b"change", b"diff", b"help", b"list", b"listall", b"reload", b"start", b"stop")
SELECTED, WANTED = 0x10, 0x02
TRANSITIONS = (b"change", b"reload", b"start", b"stop")


def _uint(settings, key, what):
    if key in settings and uint0(settings[key]) is None:
        raise Die(100, what + b" must be an unsigned integer")


def main(ctx, argv):
    settings, i = gol(argv, FLAGS, ARGS)
    _uint(settings, "verbosity", b"verbosity")
    _uint(settings, "dryrun", b"dry-run")
    _uint(settings, "timeout", b"verbosity")  # sic: C says verbosity here too
    live = settings.get("live", LIVEDIR)
    args = argv[i:]
    what = command(args, COMMANDS, USAGE)
    if what == b"help":
        write_stdout(HELP)
        return Exit(0)
    if what == b"start":
        what = b"change"
        settings["down"] = settings["prune"] = False
    elif what == b"stop":
        what = b"change"
        settings["down"], settings["prune"] = True, False
    fds = []
    try:
        if not settings.get("nolock"):
            try:
                fds.append(lock.take(live, what in TRANSITIONS, settings.get("block", False)))
                fds.append(lock.take(live + b"/compiled", False, settings.get("block", False)))
            except OSError as e:
                raise SysFail(b"take locks", e) from None
        return _query(ctx, live, what, args[1:], settings, fds)
    finally:
        for fd in fds:
            lock.release(fd)


def _query(ctx, live, what, names, settings, fds):
    down, hide = settings.get("down", False), settings.get("hide", False)
    compiled = live + b"/compiled"
    try:
        dirfd = os.open(compiled, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:  # C goes on with fd -1: reading n then fails EBADF
        raise SysFail(b"read " + compiled + b"/n", errno.EBADF) from None
    fds.append(dirfd)
    db = dbfile.load_sizes(dirfd, compiled)
    state = _state(live, db.n)
    dbfile.load_records(dirfd, db, live)
    if what == b"diff":
        return Exit(_diff(live, db, state))
    _select(live, dirfd, db, state, names, None if what != b"change" else not down)
    if settings.get("add"):
        for k in range(db.n):
            if state[k] & 1:
                state[k] |= SELECTED
    if what == b"list":
        if down:
            for k in range(db.n):
                state[k] ^= SELECTED
        chosen = {k for k in range(db.n) if state[k] & SELECTED}
    elif what == b"reload":
        return Exit(_transition(ctx, live, db, state, settings, None))
    else:
        chosen = graph.closure(db, [k for k in range(db.n) if state[k] & SELECTED],
                               0 if down else 1)
        if what == b"change":
            for k in chosen:
                state[k] |= SELECTED
            return Exit(_transition(ctx, live, db, state, settings, not down))
    write_stdout(b"".join(db.name(k) + b"\n" for k in range(db.n) if k in chosen
                          and not (hide and db.services[k].flags & dbfile.FLAG_ESSENTIAL)))
    return Exit(0)


def _transition(ctx, live, db, state, settings, up):
    """Reload (up None) or change the closed selection; the exit code."""
    from s6utils.rc.transition import Engine  # the queries do not need it
    t = uint0(settings.get("timeout", b"0"))
    deadline = time.monotonic() + t / 1000 if t else None
    report = Report(PROG, uint0(settings.get("verbosity", b"1")))
    dryrun = settings.get("dryrun")
    if dryrun is not None:  # as C formats it back: -n 007 passes -t 7
        dryrun = b"%d" % uint0(dryrun)
    engine = Engine(live, db, state, ctx.env, layout.current(ctx.env), report,
                    dryrun, settings.get("hide", False), deadline)
    with engine:
        if up is None:
            return engine.reload()
        if not settings.get("prune"):
            return engine.change(1 if up else 0)
        if up:
            _invert(state)
        code = engine.change(0)
        if code:
            return code
        _invert(state)
        return engine.change(1)


def _invert(state):
    for k in range(len(state)):
        state[k] ^= SELECTED


def _state(live, n):
    fn = live + b"/state"
    try:
        fd = os.open(fn, os.O_RDONLY | os.O_CLOEXEC)
        try:
            data = b""
            while len(data) < n:
                chunk = os.read(fd, n - len(data))
                if not chunk:
                    break
                data += chunk
        finally:
            os.close(fd)
    except OSError as e:
        raise SysFail(b"read " + fn, e) from None
    if len(data) < n:
        raise Die(4, b"unable to read valid state in " + fn)
    return bytearray(c & 0x0F for c in data)


def _select(live, dirfd, db, state, names, want=None):
    """Mark the services ``names`` resolve to; for change, mark them
    wanted up (want true) or not (want false)."""
    where = live + b"/resolve.cdb"
    bad = Die(4, b"invalid resolve database in " + where)
    try:
        data = dbfile.read_file(dirfd, b"resolve.cdb")
        if not data:
            raise OSError(errno.EINVAL, "")
    except OSError as e:
        raise SysFail(b"cdb_init " + where, e) from None
    table = cdb.Cdb(data)
    for name in names:
        try:
            found = table.find(name)
            if found is None:
                raise Die(3, name + b" is not a recognized identifier in " + where)
            pos, length = found
            if length & 3 or length >> 2 > db.n:
                raise bad
            xs = struct.unpack(">%dI" % (length >> 2), table.data(pos, length))
        except cdb.Invalid:
            raise Die(4, b"invalid cdb in " + where) from None
        for x in xs:
            if x >= db.n:
                raise bad
            state[x] |= SELECTED
            if want is not None:
                state[x] = state[x] | WANTED if want else state[x] & ~WANTED


def _diff(live, db, state):
    out = []
    for k in range(db.nlong):
        name = db.name(k)
        fn = live + b"/servicedirs/" + name
        try:
            wantup = svstatus.read_status(fn).wantup
        except OSError as e:
            raise SysFail(b"read longrun status for " + fn, e) from None
        if bool(state[k] & 1) != wantup:
            out.append((b"+" if wantup else b"-") + name + b"\n")
    write_stdout(b"".join(out))
    return 1 if out else 0
