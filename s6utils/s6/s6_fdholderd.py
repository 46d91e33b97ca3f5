"""s6-fdholderd: hold file descriptors for the clients of the listening
Unix socket on stdin (s6 2.15.1.0's fd-holder server).

One event loop: the socket, the signal queue, and one non-blocking
connection per client, each with its unixmessage receiver and sender. What
a client may do comes from the access rules (a directory, ``-i rulesdir``,
or a cdb file, ``-x rulesfile``, which SIGHUP reads again) matched on its
uid and gid: the ``S6_FDHOLDER_STORE_REGEX`` and ``..._RETRIEVE_REGEX``
extended regexps (POSIX regexec, through execpy.engine.posixre) and the
``S6_FDHOLDER_LIST``, ``..._GETDUMP`` and ``..._SETDUMP`` rights. The fds
are kept in skalibs' genset order (a slot table with a free list), which is
the order list and getdump show; each has a TAI64N limit and is closed when
it passes. SIGTERM: lame duck (no new clients, pending answers are sent,
then exit); the exit code says whether fds (1) or clients (2) were left.
"""

import errno
import os
import select
import time
import _signal as signal

from execpy.engine import Exit
from execpy.engine.options import parse_or_usage
from execpy.engine.numscan import scan0
from execpy.errors import Die, SysFail, Usage, strerror, warn
from s6utils.lib import cdb, fdholder, ipcio, tai
from s6utils.lib.fdholder import PACK, pack_entry, tain_add, tain_unpack
from s6utils.lib.sigqueue import SignalQueue
from s6utils.lib.unixmessage import MAXFDS, Receiver, Sender
from s6utils.s6.s6_ipcserver_access import ALLOW, check_uidgid_cdb, check_uidgid_fs

PROG = b"s6-fdholderd"
USAGE = (b"s6-fdholderd [ -v verbosity ] [ -1 ] [ -c maxconn ] [ -n maxfds ] "
         b"[ -t timeout ] [ -T lameducktimeout ] [ -i rulesdir | -x rulesfile ]")
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)

MAXREADS = 128  # UNIXMESSAGE_MAXREADS: messages handled per client per wake


# --------------------------------------------------------------------------
# the state

class Client:
    __slots__ = ("fd", "rx", "tx", "deadline", "rre", "wre", "dumping", "flags")

    def __init__(self, fd, rre, wre, flags, deadline):
        self.fd = fd
        self.rx = Receiver(fd)
        self.tx = Sender(fd)
        self.deadline = deadline
        self.rre, self.wre = rre, wre  # None: matches nothing (".^")
        self.dumping = 0
        self.flags = flags  # 1 getdump, 2 setdump, 4 list

    def close(self):
        self.rx.close_fds()
        # fds queued to be closed once sent (retrieve -D) are closed now:
        # the store forgot them already (unixmessage.Sender has no public
        # way to drop its queue yet)
        for item in getattr(self.tx, "_queue", ()):
            fdholder.close_fds(item[2])
        os.close(self.fd)


class ProtocolError(Exception):
    """The client broke the protocol: it is disconnected (EPROTO)."""


def _matches(pattern, ident):
    if pattern is None:
        return False
    from execpy.engine import posixre
    try:
        return posixre.match(pattern or b".*", ident) is not None
    except posixre.RegexError:
        return False


class Holder:
    """The fds held, in genset slots, and the clients."""

    def __init__(self, opts):
        self.opts = opts
        self.slots = [None] * opts.maxfds  # [id, fd, limit] or None
        self.free = list(range(opts.maxfds - 1, -1, -1))
        self.by_id = {}
        self.clients = []
        self.timeout = opts.timeout  # seconds, or None
        # C's errno as its loop leaves it, which the rules file lookup does
        # not touch and its warnings print: ESRCH from looking for the
        # earliest limit with no fd held, 0 after reading until EAGAIN,
        # EPIPE when a client hung up...
        self.c_errno = 0

    # the fd store --------------------------------------------------------
    def numfds(self):
        return len(self.by_id)

    def held(self):
        return [e for e in self.slots if e is not None]

    def add(self, ident, fd, limit):
        i = self.free.pop()
        self.slots[i] = [ident, fd, limit]
        self.by_id[ident] = i

    def remove(self, ident, close=True):
        i = self.by_id.pop(ident)
        entry = self.slots[i]
        self.slots[i] = None
        self.free.append(i)
        if close:
            os.close(entry[1])

    def earliest(self):
        limits = [e[2] for e in self.slots if e is not None]
        return min(limits) if limits else None

    def expire(self, now):
        for e in self.held():
            if e[2] <= now:
                self.remove(e[0])

    # answers -------------------------------------------------------------
    def answer(self, c, code):
        c.tx.put(bytes((code,)))
        self.set_deadline(c)

    def set_deadline(self, c):
        if c.deadline is None and self.timeout is not None:
            c.deadline = time.monotonic() + self.timeout

    # requests ------------------------------------------------------------
    def handle(self, c, data, fds):
        if not data:
            _drop(fds)
            raise ProtocolError
        op = data[:1]
        body = data[1:]
        try:
            f = _OPS.get(op)
            if f is None:
                raise ProtocolError
            f(self, c, body, fds)
        except ProtocolError:
            _drop(fds)
            raise

    def do_store(self, c, m, fds):
        if c.dumping or len(m) < PACK + 3 or len(fds) != 1:
            raise ProtocolError
        ident = _ident_at(m, PACK)
        if not _matches(c.wre, ident):
            _drop(fds)
            return self.answer(c, errno.EPERM)
        if self.numfds() >= self.opts.maxfds:
            _drop(fds)
            return self.answer(c, errno.ENFILE)
        if ident in self.by_id:
            _drop(fds)
            return self.answer(c, errno.EBUSY)
        self.answer(c, 0)
        limit = tain_unpack(m[:PACK])
        taken = {e[2] for e in self.slots if e is not None}
        while limit in taken:  # limits are unique: a later one, by a nanosecond
            limit = tain_add(limit, 0, 1)
        self.add(ident, fds[0], limit)

    def do_delete(self, c, m, fds):
        if c.dumping or len(m) < 3 or fds:
            raise ProtocolError
        ident = _ident_at(m, 0)
        if not _matches(c.wre, ident):
            return self.answer(c, errno.EPERM)
        if ident not in self.by_id:
            return self.answer(c, errno.ENOENT)
        self.answer(c, 0)
        self.remove(ident)

    def do_retrieve(self, c, m, fds):
        if c.dumping or len(m) < 4 or fds:
            raise ProtocolError
        ident = _ident_at(m, 1)
        if not _matches(c.rre, ident):
            return self.answer(c, errno.EPERM)
        if m[0] and not _matches(c.wre, ident):
            return self.answer(c, errno.EPERM)
        if ident not in self.by_id:
            return self.answer(c, errno.ENOENT)
        fd = self.slots[self.by_id[ident]][1]
        c.tx.put(b"\0", [fd], [fd] if m[0] else ())
        if m[0]:
            self.remove(ident, close=False)

    def do_list(self, c, m, fds):
        if c.dumping or m or fds:
            raise ProtocolError
        if not c.flags & 4:
            return self.answer(c, errno.EPERM)
        held = self.held()
        c.tx.put(b"\0" + len(held).to_bytes(4, "big") + b"".join(e[0] + b"\0" for e in held))
        self.set_deadline(c)

    def do_getdump(self, c, m, fds):
        if c.dumping or m or fds:
            raise ProtocolError
        if not c.flags & 1:
            return self.answer(c, errno.EPERM)
        held = self.held()
        n = len(held)
        trips = 1 + (n - 1) // MAXFDS if n else 0
        c.tx.put(b"\0" + trips.to_bytes(4, "big") + n.to_bytes(4, "big"))
        for i in range(trips):
            part = held[i * MAXFDS:(i + 1) * MAXFDS]
            c.tx.put(b"".join(pack_entry(e[0], e[2]) for e in part), [e[1] for e in part])
        self.set_deadline(c)

    def do_setdump(self, c, m, fds):
        if c.dumping or len(m) != 4 or fds:
            raise ProtocolError
        if not c.flags & 2:
            return self.answer(c, errno.EPERM)
        n = int.from_bytes(m, "big")
        if n > self.opts.maxfds or n + self.numfds() > self.opts.maxfds:
            return self.answer(c, errno.ENFILE)
        c.dumping = n
        trips = 1 + (n - 1) // MAXFDS if n else 0
        c.tx.put(b"\0" + trips.to_bytes(4, "big"))

    def do_setdump_data(self, c, m, fds):
        if not fds or len(fds) > c.dumping or len(m) < len(fds) * (PACK + 3):
            raise ProtocolError
        if not c.flags & 2:
            _drop(fds)
            return self.answer(c, errno.EPERM)
        if self.numfds() + len(fds) > self.opts.maxfds:
            _drop(fds)
            return self.answer(c, errno.ENFILE)
        parsed = fdholder.parse_entries(m, len(fds))
        if parsed is None or parsed[1] != len(m):
            raise ProtocolError
        for (ident, limit), fd in zip(parsed[0], fds):
            if ident in self.by_id:
                self.remove(ident)
            self.add(ident, fd, limit)
        c.dumping -= len(fds)
        self.answer(c, errno.EAGAIN if c.dumping else 0)


_OPS = {
    b"S": Holder.do_store, b"D": Holder.do_delete, b"R": Holder.do_retrieve,
    b"L": Holder.do_list, b"?": Holder.do_getdump, b"!": Holder.do_setdump,
    b".": Holder.do_setdump_data,
}


def _ident_at(m, pos):
    """The identifier a request ends with: its length at ``pos``, then it
    and a NUL, which end the message."""
    idlen = m[pos]
    if pos + idlen + 2 != len(m) or m[pos + 1 + idlen]:
        raise ProtocolError
    return _cstr(m[pos + 1:pos + 1 + idlen])


def _cstr(b):
    """An identifier as C sees it: up to its first NUL."""
    i = b.find(b"\0")
    return b if i < 0 else b[:i]


def _drop(fds):
    fdholder.close_fds(fds)


# --------------------------------------------------------------------------
# new connections

def _rights(opts, env):
    """(retrieve regexp, store regexp, flags) from a rule's environment,
    (name, value or None) pairs in order; None when a regexp does not
    compile."""
    flags = 0
    res = {b"S6_FDHOLDER_RETRIEVE_REGEX": None, b"S6_FDHOLDER_STORE_REGEX": None}
    for name, value in env:
        if value is None:
            continue
        flags |= {b"S6_FDHOLDER_GETDUMP": 1, b"S6_FDHOLDER_SETDUMP": 2,
                  b"S6_FDHOLDER_LIST": 4}.get(name, 0)
        if name in res and res[name] is None:
            from execpy.engine import posixre
            try:
                posixre.match(value or b".*", b"")
            except posixre.RegexError as e:
                if opts.verbosity:
                    warn(PROG, b"invalid " + name + b" value: " + value + b": " + e.msg)
                return None
            res[name] = value
    return res[b"S6_FDHOLDER_RETRIEVE_REGEX"], res[b"S6_FDHOLDER_STORE_REGEX"], flags


def new_client(holder, fd):
    opts = holder.opts
    try:
        uid, gid = ipcio.peereid(fd)
    except OSError as e:
        if opts.verbosity:
            warn(PROG, b"unable to getpeereid: " + strerror(e.errno))
        return None
    params = {"env": [], "exec": None}
    try:
        if opts.rulestype == 1:
            verdict = check_uidgid_fs(uid, gid, opts.rules, params)
        else:
            verdict = check_uidgid_cdb(uid, gid, opts.table, params)
    except (OSError, cdb.Invalid) as e:
        if opts.verbosity:
            err = e.errno if isinstance(e, OSError) else holder.c_errno
            warn(PROG, b"error while checking rules: " + strerror(err))
        return None
    if verdict != ALLOW:
        return None
    if params["exec"] and opts.verbosity:
        warn(PROG, b"unused exec string in rules for uid %d gid %d" % (uid, gid))
    rights = _rights(opts, params["env"])
    if rights is None:
        if opts.verbosity:
            # C's errno: the fs lookup's last call (reading the env
            # directory, then the exec file), or the loop's
            err = params.get("errno", 0) if opts.rulestype == 1 else holder.c_errno
            warn(PROG, b"unable to parse_env: " + strerror(err))
        return None
    deadline = None if holder.timeout is None else time.monotonic() + holder.timeout
    return Client(fd, rights[0], rights[1], rights[2], deadline)


# --------------------------------------------------------------------------
# options and the loop

class Options:
    __slots__ = ("verbosity", "notify", "maxconn", "maxfds", "timeout", "lameduck",
                 "rules", "rulestype", "table")


def parse(argv):
    opts = Options()
    opts.verbosity, opts.notify, opts.maxconn, opts.maxfds = 1, False, 16, 1000
    opts.rules, opts.rulestype, opts.table = None, 0, None
    t = T = 0
    flags, i = parse_or_usage(argv, b"v:1c:n:i:x:t:T:", USAGE)
    for letter, arg in flags:
        if letter == b"1":
            opts.notify = True
            continue
        if letter in b"ix":
            opts.rules, opts.rulestype = arg, (1 if letter == b"i" else 2)
            continue
        value = scan0(arg)
        if value is None:
            raise Usage(USAGE)
        if letter == b"v":
            opts.verbosity = value
        elif letter == b"t":
            t = value
        elif letter == b"T":
            T = value
        elif letter == b"c":
            opts.maxconn = value
        else:
            opts.maxfds = value
    opts.timeout = t / 1000.0 if t else None
    opts.lameduck = T / 1000.0 if T else None
    return opts


def _check_start(opts):
    if not opts.rulestype:
        raise Die(100, b"no access rights specified!")
    opts.maxconn = max(1, min(opts.maxconn, fdholder.MAX))
    import resource
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft != resource.RLIM_INFINITY:
        if soft < 7:
            raise Die(111, b"open file limit too low")
        if opts.maxfds > soft:
            opts.maxfds = soft - 6
    opts.maxfds = max(1, opts.maxfds)
    try:
        sock = ipcio.is_socket(0)
    except OSError as e:
        raise SysFail(b"fstat stdin", e) from None
    if not sock:
        raise Die(100, b"stdin is not a socket")
    if opts.notify:
        try:
            os.fstat(1)
        except OSError as e:
            raise Die(100, b"called with option -1 but stdout said: " + strerror(e.errno)) from None
    else:
        _close_quiet(1)
    if opts.rulestype == 2:
        try:
            opts.table = cdb.Cdb.open(opts.rules)
        except OSError as e:
            raise SysFail(b"cdb_init " + opts.rules, e) from None


def reload_rules(opts):
    """SIGHUP: a rules file is read again; if that fails, the rules in
    use stay."""
    if opts.rulestype != 2:
        return
    try:
        opts.table = cdb.Cdb.open(opts.rules)
    except OSError:
        pass


def _close_quiet(fd):
    try:
        os.close(fd)
    except OSError:
        pass


def main(ctx, argv):
    opts = parse(argv)
    _check_start(opts)
    holder = Holder(opts)
    sigs = SignalQueue((signal.SIGTERM, signal.SIGHUP))
    sigs.catch()
    os.set_blocking(0, False)
    try:
        if opts.notify:
            try:
                os.write(1, b"\n")
            except OSError:
                pass
            _close_quiet(1)
        code = loop(holder, sigs)
    finally:
        sigs.restore()
        sigs.close()
    return Exit(code)


def _ms_until(deadline, now):
    return max(0, int((deadline - now) * 1000 + 0.999))


def loop(holder, sigs):
    opts = holder.opts
    cont = True
    lameduck = None
    while True:
        now = time.monotonic()
        wall = tai.tain_now()
        timeout = None
        if not holder.numfds():
            holder.c_errno = errno.ESRCH
        if not cont and lameduck is not None:
            timeout = _ms_until(lameduck, now)
        first = holder.earliest()
        if first is not None and first < fdholder.tain_add(wall, fdholder.INFINITE_RELATIVE >> 1):
            ms = _wall_ms(first, wall)
            timeout = ms if timeout is None else min(timeout, ms)
        poller = select.poll()
        poller.register(sigs.fd, select.POLLIN)
        if cont and len(holder.clients) < opts.maxconn:
            poller.register(0, select.POLLIN)
        busy = False
        for c in holder.clients:
            if c.deadline is not None:
                ms = _ms_until(c.deadline, now)
                timeout = ms if timeout is None else min(timeout, ms)
            ev = (select.POLLIN if (cont or c.rx.pending()) else 0) \
                | (select.POLLOUT if c.tx.busy() else 0)
            if ev:
                poller.register(c.fd, ev)
                busy = True
        if not cont and not busy:
            break
        events = dict(sigs.poll(poller, -1 if timeout is None else min(timeout, 0x7FFFFFFF)))
        if not events:
            now = time.monotonic()
            if not cont and lameduck is not None and now >= lameduck:
                break
            holder.expire(tai.tain_now())
            for c in list(holder.clients):
                if c.deadline is not None and now >= c.deadline:
                    _remove(holder, c)
            continue
        if sigs.fd in events:
            sigs.drain()
            holder.c_errno = 0
        for sig in sigs.take():
            if sig == signal.SIGTERM and cont:
                cont = False
                if opts.lameduck is not None:
                    lameduck = time.monotonic() + opts.lameduck
            elif sig == signal.SIGHUP:
                reload_rules(opts)
        for c in list(holder.clients):
            if events.get(c.fd, 0) & (select.POLLOUT | select.POLLERR | select.POLLHUP) and c.tx.busy():
                try:
                    if c.tx.flush():
                        c.deadline = None
                    else:
                        holder.c_errno = errno.EAGAIN
                except OSError as e:
                    holder.c_errno = e.errno
                    _remove(holder, c)
        for c in list(holder.clients):
            if c.rx.pending() or events.get(c.fd, 0) & (select.POLLIN | select.POLLHUP | select.POLLERR):
                if not _read(holder, c):
                    _remove(holder, c)
        if events.get(0, 0) & select.POLLIN:
            _accept(holder)
    return (1 if holder.numfds() else 0) | (2 if holder.clients else 0)


def _wall_ms(limit, wall):
    sec = limit[0] - wall[0]
    ns = sec * 1000000000 + limit[1] - wall[1]
    return max(0, (ns + 999999) // 1000000)


def _read(holder, c):
    for _ in range(MAXREADS):
        try:
            m = c.rx.try_recv()
        except OSError as e:
            holder.c_errno = e.errno
            return False
        if m is None:
            holder.c_errno = 0
            return True
        try:
            holder.handle(c, m[0], m[1])
        except ProtocolError:
            holder.c_errno = errno.EPROTO
            return False
    return True


def _remove(holder, c):
    holder.clients.remove(c)
    c.close()


def _accept(holder):
    try:
        fd, _ = ipcio.accept(0)
    except (BlockingIOError, InterruptedError):
        return
    except OSError as e:
        if e.errno == errno.ECONNABORTED:
            return
        raise SysFail(b"accept", e) from None
    os.set_blocking(fd, False)
    c = new_client(holder, fd)
    if c is None:
        os.close(fd)
    else:
        holder.clients.insert(0, c)
