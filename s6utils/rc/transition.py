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
program is exec'd.

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
from execpy.errors import Die
from s6utils.lib import files
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
        try:
            for pid in self.helpers:  # s6-svc -d/-h: quick; C leaves them
                try:
                    process.waitpid(pid)
                except ChildProcessError:
                    pass
        finally:
            self.queue.restore()
            self.queue.close()

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
        poller = select.poll()
        poller.register(self.queue.fd, select.POLLIN)
        code = 0
        while self.pids:
            if self.deadline is None:
                timeout = None
            else:
                left = self.deadline - time.monotonic()
                if left <= 0:
                    raise Die(2, b"timed out")
                timeout = int(left * 1000) + 1
            if self.queue.poll(poller, timeout):
                self.queue.drain()
            if not self.handle(self.queue.take(), h):
                code = 1
        return code

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
            if pid:
                self.pids[pid] = i
                self.report.info(2, b"dry run: " if self.dryrun is not None else b"",
                                 b"service ", name, b": ", b"starting" if h else b"stopping")
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
        if self.deadline is not None:
            left = int((self.deadline - time.monotonic()) * 1000)
            if left >= 0:
                left = left or 1
                if not t or left < t:
                    t = left
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
        else:
            argv = [self.s6 + b"s6-sudo", b"-vel0" if self.verbosity >= 4 else b"-el0",
                    b"-t", b"30000", b"-T", self.timeout(i, h), b"--",
                    self.live + b"/servicedirs/" + RUNNER + b"/s",
                    (b"down", b"up", b"reload")[h], b"%d" % i]
            if self.dryrun is not None:
                argv += [b" #", db.name(i)]
        if self.dryrun is not None:
            argv = [self.dryrun_bin, b"-v", b"%d" % self.verbosity, b"-t", self.dryrun,
                    b"--"] + argv
        return self.spawn(argv)

    def spawn(self, argv):
        """Start ``argv`` with the signal state s6-rc was started with: if
        argv[0] is one of execpy's commands, in a forked child that runs it
        in-process (its module imported here first, once for all the
        children), else with posix_spawn, as C does. A program that cannot
        be run fails here (0, and self.spawn_errno)."""
        path = argv[0]
        ours = self.ours.get(path)
        if ours is None:
            if not os.access(path, os.X_OK):
                self.spawn_errno = errno.ENOENT if not os.path.exists(path) else errno.EACCES
                return 0
            ours = self.ours[path] = core._lookup(path) is not None
            if ours:
                for name in NEXT.get(path.rsplit(b"/", 1)[-1], ()):
                    core._lookup(name)
        try:
            if not ours:
                return process.posix_spawn(path, argv, self.env, sigmask=self.queue.mask)
            return process.fork_child(lambda: self._child(argv), b"s6-rc")
        except OSError as e:
            self.spawn_errno = e.errno
            return 0

    def _child(self, argv):
        self.queue.restore()
        self.queue.close()
        code = core.run_execline(self.env, argv, argv[0].rsplit(b"/", 1)[-1])
        if code is not None:
            return code
        core.exec_external(core.Ctx(dict(self.env), b"s6-rc"), argv)
