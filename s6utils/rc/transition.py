"""The state engine behind ``s6-rc change`` (and start, stop, reload):
services brought up or down as soon as their dependencies allow, in
parallel, from one event loop on SIGCHLD, as C s6-rc 0.7.0.0 runs it.

A transition is a child: ``s6-svc -uwU|-uwu|-dwD|-l -T ms -- servicedir``
for a longrun, ``s6-sudo -el0 -t 30000 -T ms -- runner-socket up|down|reload
N`` for a oneshot (the oneshot runner longrun then runs the script inside the
supervision tree), under the program paths C s6-rc has compiled in (the
layout, see layout.py), or each prefixed by ``s6-rc-dryrun`` for a dry run.
The child is forked and runs the argv through the execline engine, so that
execpy's s6-svc and s6-sudo run in it without a new interpreter; a foreign
program is exec'd. When the s6-svc is execpy's, a longrun's transition
needs no child at all: ``Wait`` does here what that s6-svc would do (its
s6-svlisten1 subscribes to the service's events, sends the command, waits
for the state within -T), with the same messages and the same exit code,
and the event loop polls its subscription. Likewise a oneshot's, when the
s6-sudo is execpy's: ``Sudo`` talks to the runner as that s6-sudo would
(connect, send the request with fds 0, 1 and 2, wait for the status), and
the event loop polls the connection.

The state bytes are C's: 0x01 up, 0x02 wanted up (written to live/state),
0x10 selected, 0x20 examined (internal). live/state is rewritten after every
successful transition, and a longrun's ``down`` file removed (up) or created
(down) when its transition has succeeded.
"""

import errno
import os
import select
import sys
import time
import _signal as signal

from execpy.engine import core, process
from execpy.engine.options import getopt
from execpy.errors import Die, format_error, write_stderr
from s6utils.lib import control, files, sudo, unixmessage
from s6utils.lib.svevents import PERMANENT, WANTS, Watch, deadline_after, readiness_wait
from s6utils.lib.sigqueue import SignalQueue
from s6utils.rc.errtext import SysFail, strerror

UP, WANTED, SELECTED, MARK = 0x01, 0x02, 0x10, 0x20
RUNNER = b"s6rc-oneshot-runner"  # the compiler's name for the oneshot runner (sources.RUNNER)
SIGNALS = (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT)
SIGNAMES = {signal.SIGTERM: b"TERM", signal.SIGINT: b"INT"}
DONE = (b"stopped", b"started", b"reloaded")
# what execpy's s6-svc and s6-sudo hand over to in-process: imported once
# here rather than in every child
NEXT = {b"s6-svc": (b"s6-svlisten1", b"s6-svlisten"), b"s6-sudo": (b"s6-ipcclient", b"s6-sudoc")}


def dryrun_prefix(layout):
    """Where C s6-rc finds s6-rc-dryrun: its bin directory, which is the
    libexec directory in s6-overlay's slashpackage build and ``.../bin/``
    next to ``.../libexec/`` in a --prefix build."""
    d = layout.s6rc_libexec
    if d.endswith(b"/libexec/"):
        return d[:-len(b"libexec/")] + b"bin/"
    return d


class _Here:
    """What Wait and Sudo share: a transition run in s6-rc's own process,
    ended with its code and the message its process would print."""

    def _end(self, code, message=b""):
        self.code = code
        if message:
            write_stderr(message)
        self.close()


class Wait(_Here):
    """``s6-svc -uwU|-uwu|-dwD -T ms -- sdir`` run in s6-rc's own process.

    execpy's s6-svc goes on as ``s6-svlisten1 -U|-u|-D [-t ms] -- sdir
    s6-svc -u|-d -- sdir``: subscribe to sdir's events and read its status,
    send the command (the inner s6-svc's failure is its message only: the
    wait goes on), then wait for the state. ``code`` is None while waiting,
    then what that s6-svc would have exited with: 0; 1 (the service failed
    permanently or its supervisor died); 99 (timed out); 111 (subscribing
    failed). Each message is the one its program prints."""

    def __init__(self, argv, env, cap=None):
        self.argv = argv
        self.env = env
        self.cap = cap        # s6-rc's -t deadline when -T is what was left of it
        self.sdir = argv[5]
        self.code = None
        self.watch = None
        self.failures = 0
        self.deadline = None

    def start(self):
        """What the child would do before it waits (after s6-rc's
        "starting" line, as the child's messages come after it)."""
        argv, sdir, flag, timeout = self.argv, self.sdir, self.argv[1], int(self.argv[3])
        tracing = self.env.get(b"EXECPY_TRACE", b"") not in (b"", b"0")
        if tracing:
            from execpy.engine.trace import trace
            trace(core.Ctx(self.env, b"s6-svc"), argv)
        try:
            wait = readiness_wait(sdir, flag[3:4])  # -uwU: u the command, U the wait
        except Die as e:
            self._end(e.code, format_error(b"s6-svc", e))
            return
        self.wantup, self.wantready = WANTS[wait]
        if tracing:
            t = [b"-t", b"%d" % timeout] if timeout else []
            trace(core.Ctx(self.env, b"s6-svlisten1"), [b"s6-svlisten1", b"-" + wait] + t
                  + [b"--", sdir, b"s6-svc", flag[:2], b"--", sdir])
        self.deadline = deadline_after(timeout)
        if self.cap is not None and self.deadline is not None:
            self.deadline = max(self.deadline, self.cap)  # s6-rc's own timeout says it first
        try:
            self.watch = Watch([sdir])
        except Die as e:
            self._end(e.code, format_error(b"s6-svlisten1", e))
            return
        if tracing:
            trace(core.Ctx(self.env, b"s6-svc"), [b"s6-svc", flag[:2], b"--", sdir])
        try:
            control.send(sdir, control.CTLDIR, flag[1:2], b" directory: ")
        except Die as e:
            write_stderr(format_error(b"s6-svc", e))
        if self.watch.got(self.wantup, self.wantready, True):
            self._end(0)

    def drop(self):
        """In a forked child of s6-rc: let go of the parent's subscription."""
        if self.watch is not None:
            for listener in self.watch.listeners:
                listener.drop()
            self.watch.listeners = []

    @property
    def fd(self):
        return self.watch.listeners[0].fd

    def close(self):
        if self.watch is not None:
            self.watch.close()
            self.watch = None

    def readable(self):
        """Take the events that arrived."""
        seen, done = self.watch.feed(0, self.wantup, self.wantready, True)
        self.failures += seen
        if done:
            if self.failures:
                self._end(1, b"s6-svlisten1: fatal: " + self.sdir + PERMANENT + b"\n")
            else:
                self._end(0)

    def expire(self, now):
        if self.deadline is not None and now >= self.deadline:
            self._end(99, self.timeout_message())

    def timeout_message(self):
        return b"s6-svlisten1: fatal: timed out\n"


def _std_fds_open():
    """Whether fds 0, 1 and 2 are open: else s6-sudoc's process would first
    open /dev/null on them (and the oneshot would get that), so it is kept."""
    import fcntl
    try:
        for fd in (0, 1, 2):
            fcntl.fcntl(fd, fcntl.F_GETFD)
    except OSError:
        return False
    return True


class Sudo(_Here):
    """``s6-sudo -el0 -t 30000 -T ms -- runner-socket up|down N`` (-vel0 at
    s6-rc's verbosity 4 and more) run in s6-rc's own process.

    execpy's s6-sudo goes on as s6-ipcclient then s6-sudoc: connect to the
    runner's socket, read its banner, send the request with fds 0, 1 and 2
    (and no environment: -e), get the runner's confirmation (within -t),
    then the wait status of the oneshot's script (within -T). Each step and
    its messages are those programs' own (s6utils.lib.sudo); ``code`` is None while waiting, then what that
    s6-sudo would have exited with. Closing the connection, as the end of
    that process would, tells the runner to stop the script."""

    BANNER, CONFIRM, STATUS = range(3)

    def __init__(self, argv, env, cap=None):
        self.argv = argv
        self.env = env
        self.cap = cap        # s6-rc's -t deadline when -T is what was left of it
        self.code = None
        self.sock = None
        self.deadline = None
        self.stage = self.BANNER
        self.buf = b""

    def connect(self):
        """Before s6-rc's "starting" line: connect, without waiting; False
        when the connect would wait (the caller then forks the s6-sudo as C
        does). A failure is kept for start() to print, as the child would
        after that line."""
        ipc = sudo.chain(self.argv, b"s6-sudo")  # s6-ipcclient [opts] -- path s6-sudoc ...
        opts, i = getopt(ipc, b"qQvp:l:")
        self.verbosity, bindpath, _, _ = sudo.client_options(opts)
        self.path, sudoc = ipc[i], ipc[i + 1:]
        opts, j = getopt(sudoc, b"et:T:")
        self.t, self.T, _ = sudo.timeouts(opts, b"s6-sudoc")
        self.args = sudoc[j:]
        self.traced = (ipc, sudoc)
        self.failure = None
        try:
            self.sock = sudo.connect_to(self.path, 1, bindpath, nonblocking=True)
        except BlockingIOError:
            return False
        except Die as e:
            self.failure = e
        return True

    def start(self):
        """What the child would do and print after s6-rc's "starting" line."""
        tracing = self.env.get(b"EXECPY_TRACE", b"") not in (b"", b"0")
        if tracing:
            from execpy.engine.trace import trace
            for argv in (self.argv, self.traced[0]):
                trace(core.Ctx(self.env, argv[0]), argv)
        if self.failure is not None:
            self._end(self.failure.code, format_error(b"s6-ipcclient", self.failure))
            return
        if self.verbosity >= 2:
            sudo.connected(self.path)
        if tracing:
            trace(core.Ctx(self.env, b"s6-sudoc"), self.traced[1])
        t = self.t
        self.deadline = deadline_after(t)

    def drop(self):
        """In a forked child of s6-rc: let go of the parent's connection."""
        if self.sock is not None:
            os.close(self.sock)
            self.sock = None

    @property
    def fd(self):
        return self.sock

    def close(self):
        if self.sock is not None:
            os.close(self.sock)
            self.sock = None

    def readable(self):
        """Take what the runner sent; a step failed ends it as s6-sudoc would."""
        err = None
        try:
            data = os.read(self.sock, 4096)
        except BlockingIOError:
            return
        except OSError as e:
            data, err = b"", e.errno
        if data:
            self.buf += data
        try:
            self._steps(data == b"", err or 0)
        except Die as e:
            self._end(e.code, format_error(b"s6-sudoc", e))

    def _steps(self, short, err):
        """Go through the steps the bytes so far allow; ``short``: nothing
        more will come (end of file or ``err``), so a step still short of
        bytes fails with ``err``."""
        sudoc = sudo
        if self.stage == self.BANNER:
            n = len(sudoc.BANNER_B)
            if len(self.buf) < n and not short:
                return
            banner, self.buf = self.buf[:n], self.buf[n:]
            sudoc.check_banner(banner, err)
            sender = unixmessage.Sender(self.sock)
            try:
                sender.put(sudoc.request(self.args, []), (0, 1, 2))
            except OSError as e:
                raise sudoc.SysFail(b"unixmessage_putv", e) from None
            try:  # a small first message: a fresh socket always takes it at once
                if not sender.flush():
                    sender.flush_until(self.deadline)
            except OSError as e:
                raise sudoc.SysFail(b"send args to server", e) from None
            self.stage = self.CONFIRM
        if self.stage == self.CONFIRM:
            if not self.buf and not short:
                return
            c, self.buf = self.buf[:1], self.buf[1:]
            sudoc.check_confirmation(c, err)
            self.stage = self.STATUS
            self.deadline = deadline_after(self.T)
            if self.cap is not None and self.deadline is not None:
                self.deadline = max(self.deadline, self.cap)  # s6-rc's own timeout says it first
        if len(self.buf) < 4 and not short:
            return
        self._end(sudoc.exit_code(self.buf[:4], err))

    def expire(self, now):
        if self.deadline is not None and now >= self.deadline:
            try:
                self._steps(True, errno.ETIMEDOUT)
            except Die as e:
                self._end(e.code, format_error(b"s6-sudoc", e))



class Engine:
    """One s6-rc transition run over ``db`` with the state bytes ``state``
    (a bytearray whose SELECTED bits are the closed selection)."""

    def __init__(self, live, db, state, env, layout, report, dryrun=None,
                 hide=False, deadline=None):
        self.live = live
        self.db = db
        self.state = state
        self.env = env
        self.report = report
        self.verbosity = report.verbosity
        self.dryrun = dryrun            # the throttle (bytes) or None
        self.hide = hide                # -D / -e: essentials are stopped too
        self.deadline = deadline        # time.monotonic() value or None
        self.s6 = layout.s6
        self.dryrun_bin = dryrun_prefix(layout) + b"s6-rc-dryrun"
        self.pids = {}                  # pid -> service, for transitions
        self.waits = {}                 # Wait -> service: transitions run here
        self.clamped = None             # the last timeout() was -t's remainder
        self.helpers = set()            # pids of fire-and-forget s6-svc
        self.pending = [0] * db.n
        self.lameduck = False
        self.queue = None
        self.h = 1
        self.ours = {}                  # program path -> run in-process?
        self.spawn_errno = 0            # why the last spawn failed

    # -- running ------------------------------------------------------------
    def __enter__(self):
        self.queue = SignalQueue(SIGNALS)
        self.queue.catch()
        return self

    def __exit__(self, *exc):
        self.hand_off()
        for w in self.waits:
            w.close()
        try:
            for pid in self.helpers:  # s6-svc -d/-h: quick; C leaves them
                try:
                    process.waitpid(pid)
                except ChildProcessError:
                    pass
        finally:
            self.queue.restore()
            self.queue.close()

    def hand_off(self):
        """s6-rc ends (-t, a fatal error) while oneshots run here: their C
        s6-sudo children would live on, let the scripts finish and print
        what they print, within their own -T. A forked child does that for
        them; only then does the connection close (which tells the runner
        to stop a script)."""
        pending = [w for w in self.waits if isinstance(w, Sudo) and w.code is None
                   and w.sock is not None]
        if not pending:
            return

        def finish():
            for w in self.waits:
                if w not in pending:
                    w.drop()
            self.queue.restore()
            self.queue.close()
            while any(w.code is None for w in pending):
                live = [w for w in pending if w.code is None]
                now = time.monotonic()
                ends = [w.deadline for w in live if w.deadline is not None]
                timeout = None if not ends else min(max(0, int((min(ends) - now) * 1000) + 1),
                                                    0x7FFFFFFF)
                poller = select.poll()
                for w in live:
                    poller.register(w.fd, select.POLLIN)
                try:
                    ready = poller.poll(timeout)
                except InterruptedError:
                    continue
                byfd = {w.fd: w for w in live}
                for fd, _ in ready:
                    if byfd[fd].code is None:
                        byfd[fd].readable()
                now = time.monotonic()
                for w in live:
                    if w.code is None:
                        w.expire(now)
            return 0

        try:
            process.fork_child(finish, b"s6-sudoc")
        except OSError:
            pass  # then the connections close with s6-rc, and the scripts are stopped

    def change(self, h):
        """Bring the selection up (h 1) or down (h 0); the exit code."""
        db, state = self.db, self.state
        self.h = h
        self.report.info(3, b"bringing selected services ", b"up" if h else b"down")
        for i in range(db.n):
            state[i] &= ~MARK & 0xFF
            self.pending[i] = db.services[i].ndeps[h]
        limit = 4 * db.n + 200
        if sys.getrecursionlimit() < limit:
            sys.setrecursionlimit(limit)
        for i in range(db.n - 1, -1, -1):
            self.examine(i, h)
        return self.loop(h)

    def reload(self):
        """Send a reload to every selected service; the exit code."""
        self.h = 2
        for i in range(self.db.n):
            if self.state[i] & SELECTED:
                pid = self.spawn_transition(i, 2)
                if not pid:
                    raise SysFail(b"send reload command to service " + self.db.name(i),
                                  self.spawn_errno)
                self.pids[pid] = i
        return self.loop(2) if self.pids else 0

    def loop(self, h):
        code = 0
        while self.pids or self.waits:
            while any(w.code is not None for w in self.waits):
                if not self.settle(h):
                    code = 1
            if not (self.pids or self.waits):
                break
            now = time.monotonic()
            deadlines = [w.deadline for w in self.waits if w.deadline is not None]
            if self.deadline is not None:
                if self.deadline - now <= 0:
                    self.global_timeout()
                deadlines.append(self.deadline)
            timeout = None
            if deadlines:
                timeout = min(max(0, int((min(deadlines) - now) * 1000) + 1), 0x7FFFFFFF)
            poller = select.poll()
            poller.register(self.queue.fd, select.POLLIN)
            byfd = {}
            for w in self.waits:
                poller.register(w.fd, select.POLLIN)
                byfd[w.fd] = w
            ready = self.queue.poll(poller, timeout)
            for fd, _ in ready:
                if fd == self.queue.fd:
                    self.queue.drain()
                elif fd in byfd and byfd[fd].code is None:
                    byfd[fd].readable()
            now = time.monotonic()
            if self.deadline is not None and now >= self.deadline:
                self.global_timeout()
            for w in self.waits:
                if w.code is None:
                    w.expire(now)
            if not self.handle(self.queue.take(), h):
                code = 1
        return code

    def settle(self, h):
        """Report the transitions run here that have ended, in the order
        they were started; False if one failed."""
        ok = True
        for w in [w for w in self.waits if w.code is not None]:
            i = self.waits.pop(w)
            if w.code:
                ok = False
                self.on_failure(i, h, False, w.code)
            else:
                self.on_success(i, h)
        return ok

    def global_timeout(self):
        """-t's deadline: s6-rc dies. Each wait it ran here would have timed
        out in its own process at the same moment (its -T is what was left
        of -t) and said so after s6-rc's message."""
        after = b""
        for w in self.waits:
            if w.code is None and isinstance(w, Wait):  # a Sudo's is handed off (__exit__)
                if w.deadline is not None and w.deadline <= self.deadline + 0.005:
                    after += w.timeout_message()
                w.close()
        raise Die(2, b"timed out", after)

    def handle(self, sigs, h):
        ok = True
        for sig in sigs:
            if sig == signal.SIGCHLD:
                for pid, wstat in process.reap():
                    i = self.pids.pop(pid, None)
                    if i is None:
                        self.helpers.discard(pid)
                        continue
                    if os.WIFSIGNALED(wstat):
                        ok = False
                        self.on_failure(i, h, True, os.WTERMSIG(wstat))
                    elif os.WEXITSTATUS(wstat):
                        ok = False
                        self.on_failure(i, h, False, os.WEXITSTATUS(wstat))
                    else:
                        self.on_success(i, h)
            else:
                self.report.warn(2, b"received ", SIGNAMES[sig],
                                 b", aborting pending processes and exiting asap")
                if h == 2:
                    self.kill_oneshots()
                for pid, i in list(self.pids.items())[::-1]:
                    if i < self.db.nlong:
                        try:
                            os.kill(pid, signal.SIGTERM)
                        except OSError:
                            pass
                self.lameduck = True
                mask = self.queue.mask or ()
                if self.queue.caught.get(signal.SIGTERM) == signal.SIG_IGN \
                        or signal.SIGTERM in mask:
                    continue  # a child would not have died of it: the waits go on
                for w, i in list(self.waits.items())[::-1]:
                    if w.code is None and i < self.db.nlong:  # its process would have died of the TERM
                        del self.waits[w]
                        w.close()
                        ok = False
                        self.on_failure(i, h, True, signal.SIGTERM)
        return ok

    # -- the dependency walk --------------------------------------------------
    def examine(self, i, h):
        state = self.state
        if not state[i] & SELECTED or self.pending[i] or state[i] & MARK:
            return
        db = self.db
        name = db.name(i)
        state[i] |= MARK
        if (state[i] & UP) == h:
            self.report.info(3, b"service ", name, b": already ", b"up" if h else b"down")
            self.broadcast_success(i, h)
        elif not h and not self.hide and db.services[i].flags & 1:  # FLAG_ESSENTIAL
            self.report.warn(1, b"service ", name, b" is marked as essential, not stopping it")
        else:
            pid = self.spawn_transition(i, h)
            wait = pid if isinstance(pid, (Wait, Sudo)) else None
            if wait is not None:
                self.waits[wait] = i
            elif pid:
                self.pids[pid] = i
            if pid:
                self.report.info(2, b"dry run: " if self.dryrun is not None else b"",
                                 b"service ", name, b": ", b"starting" if h else b"stopping")
                if wait is not None:
                    wait.start()
            else:
                self.report.warn(1, b"unable to spawn subprocess for ", name, b": ",
                                 strerror(self.spawn_errno))
                self.report.info(2, b"service ", name, b": failed to ",
                                 b"start" if h else b"stop")

    def broadcast_success(self, i, h):
        for j in reversed(self.db.deps_of(i, 1 - h)):
            self.pending[j] -= 1
            self.examine(j, h)

    def on_success(self, i, h):
        if h < 2:
            if i < self.db.nlong:
                self.success_longrun(i, h)
            if h:
                self.state[i] |= UP
            else:
                self.state[i] &= 0xFE
            self.announce()
            if not self.lameduck:
                self.broadcast_success(i, h)
        self.report.info(2, b"dry run: " if self.dryrun is not None else b"", b"service ",
                         self.db.name(i), b" successfully ", DONE[h])

    def on_failure(self, i, h, crashed, code):
        if h < 2 and i < self.db.nlong:
            self.failure_longrun(i)
        self.report.warn(1, b"unable to ", b"(dry run) " if self.dryrun is not None else b"",
                         (b"stop", b"start", b"reload")[h], b" service ", self.db.name(i),
                         b": command ", b"crashed with signal " if crashed else b"exited ",
                         b"%d" % code)

    def announce(self):
        if self.dryrun is not None:
            return
        fn = self.live + b"/state"
        try:
            files.replace(fn, bytes(c & 0x0F for c in self.state))
        except OSError as e:
            raise SysFail(b"write " + fn, e) from None

    def servicedir(self, i):
        return self.live + b"/servicedirs/" + self.db.name(i)

    def success_longrun(self, i, h):
        if self.dryrun is not None:
            return
        fn = self.servicedir(i) + b"/down"
        try:
            if h:
                os.unlink(fn)
            else:
                files.truncate(fn)
        except OSError as e:
            self.report.warn(1, b"unable to ", b"unlink " if h else b"touch ", fn, b": ",
                             strerror(e.errno))

    def failure_longrun(self, i):
        if self.dryrun is not None:
            return
        self.helper([self.s6 + b"s6-svc", b"-d", b"--", self.servicedir(i)])

    def kill_oneshots(self):
        self.helper([self.s6 + b"s6-svc", b"-h", b"--",
                     self.live + b"/servicedirs/" + RUNNER])

    def helper(self, argv):
        pid = self.spawn(argv)
        if pid:
            self.helpers.add(pid)
        else:
            self.report.warn(0, b"unable to spawn ", argv[0], b": ", strerror(self.spawn_errno))

    # -- the children -------------------------------------------------------
    def timeout(self, i, h):
        """The -T of a transition: the service's own timeout, shortened to
        what is left of -t's."""
        t = self.db.services[i].timeout[1 if h else 0]
        self.clamped = None
        if self.deadline is not None:
            left = int((self.deadline - time.monotonic()) * 1000)
            if left >= 0:
                left = left or 1
                if not t or left < t:
                    t = left
                    self.clamped = self.deadline
        return b"%d" % t

    def spawn_transition(self, i, h):
        """Start the transition of service i (h: 0 down, 1 up, 2 reload);
        its pid, or 0 (then self.spawn_errno says why)."""
        db = self.db
        if i < db.nlong:
            sdir = self.servicedir(i)
            flag = (b"-dwD", b"-uwU", b"-l")[h]
            if h == 1:
                try:
                    os.stat(sdir + b"/notification-fd")
                except OSError as e:
                    flag = b"-uwu"
                    if e.errno != errno.ENOENT:
                        self.report.warn(2, b"unable to access ", sdir, b"/notification-fd: ",
                                         strerror(e.errno))
            argv = [self.s6 + b"s6-svc", flag, b"-T", self.timeout(i, h), b"--", sdir]
            if h < 2 and self.dryrun is None and self.runs_here(argv[0]):
                return Wait(argv, self.env, self.clamped)
        else:
            argv = [self.s6 + b"s6-sudo", b"-vel0" if self.verbosity >= 4 else b"-el0",
                    b"-t", b"30000", b"-T", self.timeout(i, h), b"--",
                    self.live + b"/servicedirs/" + RUNNER + b"/s",
                    (b"down", b"up", b"reload")[h], b"%d" % i]
            if self.dryrun is not None:
                argv += [b" #", db.name(i)]
            elif h < 2 and self.runs_here(argv[0]) and _std_fds_open():
                here = Sudo(argv, self.env, self.clamped)
                if here.connect():
                    return here
        if self.dryrun is not None:
            argv = [self.dryrun_bin, b"-v", b"%d" % self.verbosity, b"-t", self.dryrun,
                    b"--"] + argv
        return self.spawn(argv)

    def is_ours(self, path):
        """Whether the program ``path`` is one of execpy's commands (its
        module, and those it hands over to, imported here once for all the
        children); None when it cannot be run (self.spawn_errno says why)."""
        ours = self.ours.get(path)
        if ours is None:
            if not os.access(path, os.X_OK):
                self.spawn_errno = errno.ENOENT if not os.path.exists(path) else errno.EACCES
                return None
            ours = self.ours[path] = core._lookup(path) is not None
            if ours:
                for name in NEXT.get(path.rsplit(b"/", 1)[-1], ()):
                    core._lookup(name)
        return ours

    def runs_here(self, path):
        """Whether ``path`` is execpy's (s6-svc, s6-sudo): its transition then
        runs here (Wait, Sudo)."""
        return bool(self.is_ours(path)) and not self.env.get(b"EXECPY_NOINTERP")

    def spawn(self, argv):
        """Start ``argv`` with the signal state s6-rc was started with: if
        argv[0] is one of execpy's commands, in a forked child that runs it
        in-process, else with posix_spawn, as C does. A program that cannot
        be run fails here (0, and self.spawn_errno)."""
        path = argv[0]
        ours = self.is_ours(path)
        if ours is None:
            return 0
        try:
            if not ours:
                return process.posix_spawn(path, argv, self.env, sigmask=self.queue.mask)
            return process.fork_child(lambda: self._child(argv), b"s6-rc")
        except OSError as e:
            self.spawn_errno = e.errno
            return 0

    def _child(self, argv):
        for w in self.waits:
            w.drop()
        self.queue.restore()
        self.queue.close()
        code = core.run_execline(self.env, argv, argv[0].rsplit(b"/", 1)[-1])
        if code is not None:
            return code
        core.exec_external(core.Ctx(dict(self.env), b"s6-rc"), argv)
