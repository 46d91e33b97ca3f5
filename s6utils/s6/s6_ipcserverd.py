"""s6-ipcserverd: accept connections on the listening Unix socket of fd 0
and run ``prog...`` for each, with the connection on fds 0 and 1 and
PROTO=IPC, IPCREMOTEEUID, IPCREMOTEEGID, IPCCONNNUM, IPCREMOTEPATH set.

At most -c connections at once (40), -C per client uid (40); -1 writes a
newline to fd 1 once ready; -P does not look the client up (no uid/gid
variables, no per-uid limit). SIGTERM: stop accepting and exit; SIGHUP:
SIGTERM+SIGCONT to every connection; SIGQUIT: both; SIGABRT: SIGKILL to
every connection and exit. -v2 logs every connection.

A ``prog`` that is one of execpy's commands (s6-ipcserver-access,
s6-sudod, ...) runs in a forked child that keeps interpreting the chain:
no new interpreter per connection.
"""

import os
import select
import _signal as signal

from execpy.engine import Exit
from execpy.engine.core import Ctx
from execpy.engine.fdio import notify_ready
from execpy.engine.numscan import scan0
from execpy.engine.options import parse_or_usage
from execpy.engine.process import reap
from execpy.errors import Die, SysFail, Usage, strerror, write_stderr
from s6utils.lib import ipcio
from s6utils.lib.sigqueue import SignalQueue

PROG = b"s6-ipcserverd"
USAGE = (b"s6-ipcserverd [ -v verbosity ] [ -1 ] [ -P | -p ] [ -c maxconn ] "
         b"[ -C localmaxconn ] prog...")
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)

ABSOLUTE_MAXCONN = 16384
_SIGNALS = (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGABRT)


def info(msg):
    write_stderr(PROG + b": info: " + msg + b"\n")


class Server:
    def __init__(self, env, argv, maxconn, localmaxconn, lookup, verbosity):
        self.env = env
        self.argv = argv
        self.maxconn = maxconn
        self.localmaxconn = localmaxconn
        self.lookup = lookup
        self.verbosity = verbosity
        self.conns = {}   # pid -> uid
        self.peruid = {}  # uid -> number of connections
        self.cont = True
        self.sigq = SignalQueue(_SIGNALS)

    def status(self):
        info(b"status: %d/%d" % (len(self.conns), self.maxconn))

    def killall(self, sig):
        for pid in self.conns:
            try:
                os.kill(pid, sig)
            except OSError:
                pass

    def reap(self):
        for pid, w in reap():
            uid = self.conns.pop(pid, None)
            if uid is None:
                continue
            n = self.peruid[uid] - 1
            if n:
                self.peruid[uid] = n
            else:
                del self.peruid[uid]
            if self.verbosity >= 2:
                what = b" signal %d" % os.WTERMSIG(w) if os.WIFSIGNALED(w) \
                    else b" exitcode %d" % os.WEXITSTATUS(w)
                info(b"end pid %d uid %s%s" % (pid, b"%d" % uid if self.lookup else b"?", what))
                self.status()

    # signal -> (what -v2 logs after "received SIGxxx, ", the signals sent
    # to every connection, whether to stop)
    ACTIONS = {
        signal.SIGTERM: (b"quitting", (), True),
        signal.SIGHUP: (b"sending SIGTERM+SIGCONT to all connections",
                        (signal.SIGTERM, signal.SIGCONT), False),
        signal.SIGQUIT: (b"sending SIGTERM+SIGCONT to all connections and quitting",
                         (signal.SIGTERM, signal.SIGCONT), True),
        signal.SIGABRT: (b"sending SIGKILL to all connections and quitting",
                         (signal.SIGKILL,), True),
    }
    NAMES = {signal.SIGTERM: b"SIGTERM", signal.SIGHUP: b"SIGHUP",
             signal.SIGQUIT: b"SIGQUIT", signal.SIGABRT: b"SIGABRT"}

    def signals(self):
        for sig in self.sigq.take():
            if sig == signal.SIGCHLD:
                self.reap()
                continue
            what, kills, stop = self.ACTIONS[sig]
            if self.verbosity >= 2:
                info(b"received " + self.NAMES[sig] + b", " + what)
            if stop:
                self.cont = False
            for k in kills:
                self.killall(k)

    def connection(self, s, remote):
        uid = gid = 0
        if self.lookup:
            try:
                uid, gid = ipcio.peereid(s)
            except OSError as e:
                if self.verbosity:
                    write_stderr(PROG + b": warning: unable to getpeereid: " + strerror(e.errno) + b"\n")
                return
        num = self.peruid.get(uid, 0)
        if num >= self.localmaxconn:
            if self.lookup:
                who = b"%d:%d count %d" % (uid, gid, num)
            else:
                who = b"?:? count ?"
            info(b"deny " + who + b"/%d: " % self.localmaxconn + strerror(0))
            return
        changes = {b"PROTO": b"IPC"}
        if self.lookup:
            changes[b"IPCREMOTEEUID"] = b"%d" % uid
            changes[b"IPCREMOTEEGID"] = b"%d" % gid
            changes[b"IPCCONNNUM"] = b"%d" % num
        else:
            changes[b"IPCREMOTEEUID"] = None
            changes[b"IPCREMOTEEGID"] = None
            changes[b"IPCCONNNUM"] = b""
        changes[b"IPCREMOTEPATH"] = remote
        ctx = Ctx(dict(self.env))
        ctx.apply(changes)
        try:
            pid = ipcio.spawn(ctx.env, self.argv, [(0, s), (1, 0)], self.sigq, PROG)
        except OSError as e:
            if self.verbosity:
                write_stderr(PROG + b": warning: unable to spawn " + self.argv[0] + b": "
                             + strerror(e.errno) + b"\n")
            return
        self.peruid[uid] = num + 1
        self.conns[pid] = uid
        if self.verbosity >= 2:
            who = b"%d:%d" % (uid, gid) if self.lookup else b"?:?"
            count = b"%d" % (num + 1) if self.lookup else b"?"
            info(b"allow " + who + b" pid %d count " % pid + count + b"/%d" % self.localmaxconn)
            self.status()

    def loop(self):
        poller = select.poll()
        poller.register(self.sigq.fd, select.POLLIN)
        listening = False
        while self.cont:
            want = len(self.conns) < self.maxconn
            if want != listening:
                if want:
                    poller.register(0, select.POLLIN | select.POLLPRI)
                else:
                    poller.unregister(0)
                listening = want
            ready = dict(self.sigq.poll(poller, -1))
            if ready.get(self.sigq.fd):
                self.sigq.drain()
            if self.sigq.pending:
                self.signals()
                continue
            ev = ready.get(0, 0)
            if not listening or not ev:
                continue
            if ev & (select.POLLERR | select.POLLHUP | select.POLLNVAL | select.POLLPRI):
                raise Die(111, b"trouble with socket")
            try:
                s, remote = ipcio.accept(0)
            except OSError as e:
                if self.verbosity:
                    write_stderr(PROG + b": warning: unable to accept: " + strerror(e.errno) + b"\n")
                continue
            try:
                self.connection(s, remote)
            finally:
                os.close(s)


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"Pp1c:C:v:", USAGE)
    maxconn = localmaxconn = 40
    lookup = True
    verbosity = 1
    flag1 = False
    for letter, arg in opts:
        if letter == b"P":
            lookup = False
        elif letter == b"p":
            lookup = True
        elif letter == b"1":
            flag1 = True
        else:
            value = scan0(arg)
            if value is None:
                raise Usage(USAGE)
            if letter == b"c":
                maxconn = value
            elif letter == b"C":
                localmaxconn = value
            else:
                verbosity = value
    args = argv[i:]
    if not args or not args[0]:
        raise Usage(USAGE)
    try:
        sock = ipcio.is_socket(0)
    except OSError as e:
        raise SysFail(b"fstat stdin", e) from None
    if not sock:
        raise Die(100, b"stdin is not a socket")
    try:
        os.set_inheritable(0, False)
    except OSError as e:
        raise SysFail(b"make socket close-on-exec", e) from None
    if flag1:
        try:
            os.get_inheritable(1)
        except OSError as e:
            raise Die(100, b"called with option -1 but stdout said: " + strerror(e.errno)) from None
    else:
        try:
            os.close(1)
        except OSError:
            pass
    maxconn = min(max(maxconn, 1), ABSOLUTE_MAXCONN)
    if not lookup or localmaxconn > maxconn:
        localmaxconn = maxconn
    server = Server(ctx.env, list(args), maxconn, localmaxconn, lookup, verbosity)
    try:
        server.sigq.catch()
    except OSError as e:
        raise SysFail(b"create selfpipe", e) from None
    try:
        if verbosity >= 2:
            info(b"starting")
            server.status()
        if flag1:  # the socket already listens: clients queue while the modules load
            notify_ready(1)
        ipcio.preload(server.argv)
        server.loop()
        if verbosity >= 2:
            info(b"exiting")
    finally:
        server.sigq.restore()
        server.sigq.close()
    return Exit(0)
