"""s6-rc-db: query a compiled s6-rc database (the live one by default).

Reads the database under a shared lock, as C s6-rc-db 0.7.0.0 does, and
answers one query: lists, a service's type, timeouts, contents,
dependencies, pipeline, script or flags, or the closure of a selection.
Exit codes: 3 unknown name, 4 bad database, 5 wrong type for the query.
"""

import errno
import os
import struct

from execpy.engine import Exit
from execpy.engine.fdio import write_stdout
from execpy.errors import Die, Usage
from s6utils.lib import cdb
from s6utils.rc import graph, lock
from s6utils.rc import db as dbfile
from s6utils.rc.errtext import SysFail
from s6utils.rc.gol import Arg, Flag, command, gol

PROG = b"s6-rc-db"
USAGE = (b"s6-rc-db [ -u | -d ] [ -l live ] [ -c compiled ] [ -b ] [ -E | -e ] command... "
         b"(use s6-rc-db help for more information)")
LIVEDIR = b"/run/s6-rc"

FLAGS = (Flag(b"u", b"up", "down", False), Flag(b"d", b"down", "down", True),
         Flag(b"b", b"block", "block"),
         Flag(b"E", b"with-essentials", "hide", False),
         Flag(b"e", b"without-essentials", "hide", True))
ARGS = (Arg(b"l", b"livedir", "live"), Arg(b"c", b"compiled", "compiled"))

HELP = (b"s6-rc-db help\n"
        b"s6-rc-db check\n"
        b"s6-rc-db list all|services|oneshots|longruns|bundles\n"
        b"s6-rc-db type servicename\n"
        b"s6-rc-db [ -u | -d ] timeout atomicname\n"
        b"s6-rc-db contents bundlename\n"
        b"s6-rc-db [ -u | -d ] dependencies servicename...\n"
        b"s6-rc-db pipeline longrunname\n"
        b"s6-rc-db [ -u | -d ] script oneshotname\n"
        b"s6-rc-db flags atomicname\n"
        b"s6-rc-db atomics servicename...\n"
        b"s6-rc-db [ -u | -d ] all-dependencies servicename...\n")

COMMANDS = (b"all-dependencies", b"atomics", b"check", b"contents", b"dependencies", b"flags",
            b"help", b"list", b"pipeline", b"script", b"timeout", b"type")
LISTS = (b"all", b"bundles", b"longruns", b"oneshots", b"services")


class Query:
    """The database being queried and the options that shape the answers."""

    def __init__(self, compiled, dirfd, db, h, hide):
        self.compiled, self.dirfd, self.db = compiled, dirfd, db
        self.h = h  # 1 for up (the default), 0 with -d
        self.hide = hide  # -e: leave essential services out of lists
        self.out = []
        self._cdb = None

    # resolve.cdb --------------------------------------------------------------
    def resolve_cdb(self):
        if self._cdb is None:
            try:
                data = dbfile.read_file(self.dirfd, b"resolve.cdb")
                if not data:
                    raise OSError(errno.EINVAL, "")  # C maps it: nothing to map
            except OSError as e:
                raise SysFail(b"cdb_init " + self.compiled + b"/resolve.cdb", e) from None
            self._cdb = cdb.Cdb(data)
        return self._cdb

    def bad_cdb(self):
        return Die(4, b"invalid cdb in " + self.compiled + b"/resolve.cdb")

    def bad_db(self):
        return Die(4, b"invalid database in " + self.compiled)

    def lookup(self, name):
        """Where the service numbers ``name`` stands for are: (position,
        length) in resolve.cdb."""
        try:
            found = self.resolve_cdb().find(name)
        except cdb.Invalid:
            raise self.bad_cdb() from None
        if found is None:
            raise Die(3, name + b" is not a valid identifier in " + self.compiled)
        return found

    def numbers(self, where):
        """The service numbers stored at ``where``, checked."""
        pos, length = where
        if length & 3:
            raise self.bad_db()
        try:
            data = self.resolve_cdb().data(pos, length)
        except cdb.Invalid:
            raise self.bad_cdb() from None
        xs = struct.unpack(">%dI" % (length // 4), data)
        if any(x >= self.db.n for x in xs):
            raise self.bad_db()
        return xs

    def single(self, where, name):
        """The atomic service ``name`` is, if its record says so, else None."""
        if where[1] != 4:
            return None
        x = self.numbers(where)[0]
        return x if self.db.name(x) == name else None

    def resolve(self, name):
        """The number of atomic service ``name``, or n for a bundle."""
        x = self.single(self.lookup(name), name)
        return self.db.n if x is None else x

    def atomic(self, name):
        n = self.resolve(name)
        if n >= self.db.n:
            raise self.wrong(name, b"a bundle")
        return n

    def wrong(self, name, what):
        return Die(5, b"in database " + self.compiled + b": identifier " + name
                   + b" represents " + what)

    # output ---------------------------------------------------------------------
    def say(self, line):
        self.out.append(line + b"\n")

    def names(self, numbers):
        db = self.db
        for i in numbers:
            if not (self.hide and db.services[i].flags & dbfile.FLAG_ESSENTIAL):
                self.say(db.name(i))


def _list(q, what):
    db = q.db
    if what in (b"all", b"bundles"):
        try:
            for key, pos, length in q.resolve_cdb().items():
                if what == b"bundles" and q.single((pos, length), key) is not None:
                    continue
                q.say(key)
        except cdb.Invalid:
            raise q.bad_cdb() from None
    else:
        start, end = {b"services": (0, db.n), b"oneshots": (db.nlong, db.n),
                      b"longruns": (0, db.nlong)}[what]
        q.names(range(start, end))


def _contents(q, name):
    where = q.lookup(name)
    xs = q.numbers(where)
    if len(xs) == 1 and q.db.name(xs[0]) == name:
        raise q.wrong(name, b"an atomic service")
    q.names(xs)


def _pipeline(q, name):
    db = q.db
    n = q.resolve(name)
    if n >= db.nlong:
        return 5  # C exits without a word
    for _ in range(db.nlong):
        if db.services[n].consumer >= db.nlong:
            break
        n = db.services[n].consumer
    else:
        raise q.bad_db()  # a consumer loop: C would loop forever
    # each producer's own producers first, depth first
    stack = [(n, iter(db.producers_of(n)))]
    while stack:
        if len(stack) > db.nlong:
            raise q.bad_db()
        consumer, todo = stack[-1]
        for p in todo:
            stack.append((p, iter(db.producers_of(p))))
            break
        else:
            stack.pop()
            if stack:
                q.say(db.name(consumer) + b"/" + db.name(stack[-1][0]))


def _script(q, name):
    n = q.atomic(name)
    if n < q.db.nlong:
        raise q.wrong(name, b"a longrun service")
    q.out.extend(word + b"\0" for word in q.db.services[n].scripts[q.h])


def _union(q, names, h, isdeps, closure):
    db = q.db
    selected = set()
    for name in names:
        for x in q.numbers(q.lookup(name)):
            if isdeps:
                selected.update(db.deps_of(x, h))
            else:
                selected.add(x)
    if closure:
        selected = graph.closure(db, selected, h)
    q.names(sorted(selected, reverse=True))


def _check(q):
    db, where = q.db, b"invalid service database in " + q.compiled + b": "
    if graph.revdeps_mismatch(db):
        raise Die(4, where + b"direct and reverse dependencies are mismatched")
    cycle = graph.dependency_cycle(db, 1)
    if cycle:
        raise Die(4, where + b"dependency cycle reached from " + db.name(cycle[0])
                  + b" and involving " + db.name(cycle[1]))
    problem = graph.pipeline_problem(db)
    if problem:
        what = b"cycle" if problem[0] == graph.CYCLE else b"collision"
        raise Die(4, where + b"pipeline " + what + b" reached from " + db.name(problem[1])
                  + b" and involving " + db.name(problem[2]))


def _answer(q, what, args):
    db = q.db
    if what == b"check":
        _check(q)
    elif what == b"list":
        _list(q, args[0])
    elif what == b"type":
        n = q.resolve(args[0])
        q.say(b"bundle" if n >= db.n else b"longrun" if n < db.nlong else b"oneshot")
    elif what == b"timeout":
        q.say(b"%d" % db.services[q.atomic(args[0])].timeout[q.h])
    elif what == b"contents":
        _contents(q, args[0])
    elif what == b"dependencies":
        _union(q, args, q.h, True, False)
    elif what == b"pipeline":
        return _pipeline(q, args[0])
    elif what == b"script":
        _script(q, args[0])
    elif what == b"flags":
        q.say(b"%08x" % db.services[q.atomic(args[0])].flags)
    elif what == b"atomics":
        _union(q, args, 1, False, False)
    else:
        _union(q, args, q.h, False, True)


def main(ctx, argv):
    settings, i = gol(argv, FLAGS, ARGS)
    args = argv[i:]
    what = command(args, COMMANDS, USAGE)
    if what == b"help":
        write_stdout(HELP)
        return Exit(0)
    if what != b"check" and len(args) < 2:
        raise Usage(USAGE)
    if what == b"list" and args[1] not in LISTS:
        raise Die(100, b"unknown subcommand: " + args[1])
    compiled = settings.get("compiled")
    if compiled is None:
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
            q = Query(compiled, dirfd, dbfile.load(dirfd, compiled, compiled),
                      0 if settings.get("down") else 1, settings.get("hide", False))
            code = _answer(q, what, args[1:])
        finally:
            os.close(dirfd)
    finally:
        lock.release(lockfd)
    if code:
        return Exit(code)
    write_stdout(b"".join(q.out))
    return Exit(0)
