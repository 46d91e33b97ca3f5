"""s6-rc-update: switch a live s6-rc to another compiled database, keeping
the services that are up up.

Reads the live state and both databases under their locks, works out
which services must restart (s6utils.rc.update, with the conversion file
of -f), has ``s6-rc -d change`` stop the old ones, makes a new live
directory for the new database (the servicedirs of the longruns that
stay up are moved over, so their supervisors live on), switches the live
link to it, tells s6-svscan, and becomes ``s6-rc -u change`` for the new
ones. ``-n`` runs both s6-rc invocations under s6-rc-dryrun and changes
nothing. s6-rc runs in-process (a forked child, then this process), as
execpy runs every command of its table.
"""

import errno
import os
import time

from execpy.engine import Exec, process
from execpy.engine.options import uint0
from execpy.errors import Die, Usage, write_stderr
from s6utils.lib import cdb as cdbmod
from s6utils.rc import db as dbfile
from s6utils.rc import layout, livedir, lock, update
from s6utils.rc.repo import run_tool
from s6utils.rc.errtext import SysFail
from s6utils.rc.gol import Arg, Flag, gol

PROG = b"s6-rc-update"
USAGE = (b"s6-rc-update [ -n ] [ -v verbosity ] [ -t timeout ] [ -l live ] "
         b"[ -f conversion_file ] [ -E | -e ] [ -b ] newdb")
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)
LIVEDIR = b"/run/s6-rc"

FLAGS = (Flag(b"n", b"dry-run", "dry"), Flag(b"b", b"block", "block"),
         Flag(b"E", b"no-force-essentials", "force", False),
         Flag(b"e", b"force-essentials", "force", True))
ARGS = (Arg(b"v", b"verbosity", "verbosity"), Arg(b"t", b"timeout", "timeout"),
        Arg(b"l", b"livedir", "live"), Arg(b"f", b"conversion-file", "convfile"))


def _info(verbosity, msg):
    if verbosity >= 2:
        write_stderr(PROG + b": info: " + msg + b"\n")


class Options:
    __slots__ = ("verbosity", "deadline", "live", "dry", "force", "binprefix")


def main(ctx, argv):
    settings, i = gol(argv, FLAGS, ARGS)
    args = argv[i:]
    if not args:
        raise Usage(USAGE)
    o = Options()
    o.verbosity = 1
    if "verbosity" in settings:
        o.verbosity = uint0(settings["verbosity"])
        if o.verbosity is None:
            raise Die(100, b"verbosity must be an unsigned integer")
    o.deadline = None
    if "timeout" in settings:
        t = uint0(settings["timeout"])
        if t is None:
            raise Die(100, b"verbosity must be an unsigned integer")  # sic: C's text
        if t:
            o.deadline = time.monotonic() + t / 1000
    live = settings.get("live", LIVEDIR)
    newdb = args[0]
    if live[:1] != b"/":
        raise Die(100, live + b" is not an absolute path")
    if newdb[:1] != b"/":
        raise Die(100, newdb + b" is not an absolute path")
    try:
        live = livedir.canon(live)
    except OSError as e:
        raise SysFail(b"canonicalize livedir", e) from None
    o.live = live
    o.dry = settings.get("dry", False)
    o.force = settings.get("force", False)
    o.binprefix = layout.current(ctx.env).s6rc_libexec
    blocking = settings.get("block", False)
    oldfn = live + b"/compiled"
    fds = []
    try:
        try:
            fds.append(lock.take(live, True, blocking))
            fds.append(lock.take(oldfn, False, blocking))
        except OSError as e:
            raise SysFail(b"take lock on " + live + b" and " + oldfn, e) from None
        try:
            fds.append(lock.take(newdb, False, blocking))
        except OSError as e:
            raise SysFail(b"take lock on " + newdb, e) from None
        return _update(ctx, o, newdb, settings.get("convfile", b"/dev/null"), fds)
    finally:
        for fd in fds:
            lock.release(fd)


def _open_dir(path):
    try:
        return os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return -1  # C does not check: the reads below fail and say so


def _update(ctx, o, newfn, convfile, fds):
    live = o.live
    oldfn = live + b"/compiled"
    prefixfn = live + b"/prefix"
    try:
        prefixlen = os.stat(prefixfn).st_size
    except OSError as e:
        raise SysFail(b"read prefix size for " + live, e) from None
    fdold = _open_dir(oldfn)
    fdnew = _open_dir(newfn)
    dirs = [fd for fd in (fdold, fdnew) if fd >= 0]
    try:
        olddb = _sizes(fdold, oldfn)
        newdb = _sizes(fdnew, newfn)
        try:
            with open(prefixfn, "rb") as f:
                prefix = f.read(prefixlen)
        except OSError as e:
            raise SysFail(b"read prefix for " + live, e) from None
        if len(prefix) != prefixlen:
            raise SysFail(b"read prefix for " + live, 0)
        _records(fdold, olddb, oldfn)
        _records(fdnew, newdb, newfn)
        oldstate = _read_state(live, olddb.n)
        newstate = bytearray(newdb.n)
        _info(o.verbosity, b"computing state adjustments")
        oldcdb = _cdb(fdold, live + b"/compiled/resolve.cdb")
        conv = update.Conversion(live, olddb, oldcdb, oldstate)
        conv.parse_file(_read_convfile(convfile))
        newcdb = _cdb(fdnew, newfn + b"/compiled/resolve.cdb")
        table, invimage = update.fill_conversions(olddb, oldstate, newdb, newstate,
                                                  conv.newnames, newcdb, newfn)
        update.compute(olddb, oldstate, newdb, newstate, table, invimage)
    finally:
        for fd in dirs:
            os.close(fd)
    if o.deadline is not None and time.monotonic() >= o.deadline:
        raise Die(10, b"timed out while computing state adjutments")

    down = [olddb.name(i) for i in range(olddb.n - 1, -1, -1) if oldstate[i] & 2]
    _info(o.verbosity, b"stopping services in the old database")
    code = _run_down(ctx, o, down)
    if code:
        if code in (1, 2):
            code += 8
        raise Die(code, b"first s6-rc invocation failed")
    if not o.dry:
        from s6utils.rc import update_live  # only a real switch needs it
        _info(o.verbosity, b"updating state and service directories")
        update_live.switch(ctx, o, olddb, oldstate, newdb, newstate, invimage, newfn, prefix)
    up = [newdb.name(i) for i in range(newdb.n - 1, -1, -1) if newstate[i] & 2]
    _info(o.verbosity, b"starting services in the new database")
    for fd in fds:
        lock.release(fd)
    fds.clear()
    return Exec(_s6rc_argv(o, b"-u", up))


def _sizes(fd, where):
    try:
        data = dbfile.read_file(fd, b"n") if fd >= 0 else _raise(errno.EBADF)
        return dbfile.parse_sizes(data)
    except OSError as e:
        raise SysFail(b"read " + where + b"/n", e) from None
    except dbfile.Short as e:
        raise SysFail(b"read " + where + b"/n", e.errno) from None


def _raise(err):
    raise OSError(err, os.strerror(err))


def _records(fd, db, where):
    dbfile.load_records(fd, db, where)


def _read_state(live, n):
    fn = live + b"/state"
    try:
        with open(fn, "rb") as f:
            data = f.read(n)
    except OSError as e:
        raise SysFail(b"read " + fn, e) from None
    if len(data) < n:
        raise Die(4, b"unable to read valid db in " + fn)
    return bytearray(c & 1 for c in data)


def _cdb(fd, where):
    try:
        data = dbfile.read_file(fd, b"resolve.cdb")
        if not data:
            raise OSError(errno.EINVAL, "")
    except OSError as e:
        raise SysFail(b"cdb_init " + where, e) from None
    return cdbmod.Cdb(data)


def _read_convfile(path):
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as e:
        raise SysFail(b"open " + path, e) from None
    try:
        from execpy.engine.fdio import read_all
        return read_all(fd)
    except OSError as e:
        raise SysFail(b"read from stdin", e) from None
    finally:
        os.close(fd)


def _s6rc_argv(o, direction, names):
    v = b"%d" % o.verbosity
    argv = []
    if o.dry:
        argv = [b"s6-rc-dryrun", b"-v", v, b"-t0", b"--", o.binprefix + b"s6-rc"]
    else:
        argv = [b"s6-rc"]
    argv += [b"-v", v, b"-t", update.tfmt(o.deadline), b"-l", o.live]
    if not o.dry:
        argv.append(b"--no-lock")
    argv += [direction, b"--", b"change"] + names
    return argv


def _run_down(ctx, o, names):
    """The first s6-rc invocation, in a forked child running the engine:
    its exit code as skalibs' wait_estatus gives it."""
    argv = _s6rc_argv(o, b"-D" if o.force else b"-d", names)
    path = o.binprefix + argv[0]
    try:
        status = run_tool(ctx.env, argv, path)[0]
    except OSError as e:
        raise SysFail(b"spawn " + path, e) from None
    return process.exitcode_of(status)
