"""One service, supervised as s6-supervise 2.11.3.2 does it.

The supervisor is a state machine: five states, twenty-seven events (a
timeout, a child's death, four signals, twenty-one control commands) and
``ACTIONS[(state, event)]`` naming what to do. Everything else here is the
actions themselves and the plumbing that turns descriptors into events.

A Supervisor is not a process. It lives in the loop of the process that
supervises the whole tree; "the supervisor exits" means it gives back its
descriptors and its lock, sends its ``x`` event and tells its owner (the
scanner, or the standalone s6-supervise command) through ``on_exit``.
"""

import errno
import fcntl
import os

from execpy.engine import process
from execpy.engine.fdio import write_all
from s6utils.lib import death_tally, fifodir, status, tai
from s6utils.supervision import procs, script
from s6utils.supervision import servicedir as sd
from s6utils.supervision.loop import INF, now

DOWN, UP, FINISH, LASTUP, LASTFINISH = range(5)
STATE_NAMES = ("DOWN", "UP", "FINISH", "LASTUP", "LASTFINISH")

TIMEOUT, CHLD, TERM, HUP, QUIT, INT = range(6)
COMMANDS = b"abqhkti12pcyroduDUxOQ"   # control fifo commands, events 6...26
NEVENTS = 6 + len(COMMANDS)
DEVNULL = -1

_SIGALRM, _SIGABRT, _SIGQUIT, _SIGHUP, _SIGKILL = 14, 6, 3, 1, 9
_SIGTERM, _SIGINT, _SIGUSR1, _SIGUSR2, _SIGSTOP, _SIGCONT, _SIGWINCH = 15, 2, 10, 12, 19, 18, 28


def command_event(c):
    """The event number of control byte ``c`` (an int), or -1."""
    i = COMMANDS.find(c)
    return -1 if i < 0 else 6 + i


class Shared:
    """A descriptor several holders keep open (a logging pipe's end is held
    by the scanner and by one supervisor); closed when the last lets go."""

    __slots__ = ("fd", "refs")

    def __init__(self, fd, refs=1):
        self.fd = fd
        self.refs = refs

    def take(self):
        self.refs += 1
        return self

    def release(self):
        self.refs -= 1
        if self.refs == 0 and self.fd >= 0:
            try:
                os.close(self.fd)
            except OSError:
                pass
            self.fd = -1


_fdpaths = None


def _dir_path(dirfd, fallback):
    """A path to the directory open on ``dirfd`` (through /proc when it is
    mounted, so a renamed directory is still found)."""
    global _fdpaths
    if _fdpaths is None:
        _fdpaths = os.path.isdir(b"/proc/self/fd")
    return b"/proc/self/fd/%d" % dirfd if _fdpaths else fallback


class Supervisor:
    """s6-supervise for one service directory."""

    __slots__ = ("name", "prog", "loop", "env", "dirfd", "lockfd", "lockkey", "ctlfd",
                 "notifyfd", "evpath", "state", "st", "deadline", "nextstart", "dying",
                 "cont", "alive", "stdio", "on_exit", "wstat",
                 "spawning", "pending", "finishcoe")

    def __init__(self, loop, name, env, stdio=(0, 1, 2), on_exit=None):
        self.name = name                # as given to run and finish (foo, foo/log)
        self.prog = b"s6-supervise " + name
        self.loop = loop
        self.env = env
        self.dirfd = self.lockfd = self.ctlfd = self.notifyfd = -1
        self.lockkey = None
        self.evpath = b""
        self.state = DOWN
        self.st = status.Status()
        self.deadline = INF
        self.nextstart = 0.0
        self.dying = False
        self.cont = True
        self.alive = False
        # what s6-supervise would have as its fds 0, 1, 2: a Shared (the
        # scanner's pipes and saved descriptors; we hold a reference) or an
        # int (this process's own descriptor: the standalone command)
        self.stdio = list(stdio)
        self.on_exit = on_exit
        self.wstat = 0
        self.spawning = None    # (pid, pipe, notification fd) until ./run has exec'd
        self.pending = []       # events held back meanwhile
        self.finishcoe = -1     # the pipe that says whether ./finish exec'd

    # messages ------------------------------------------------------------
    def _say(self, kind, msg):
        data = self.prog + kind + msg + b"\n"
        try:
            write_all(_fdnum(self.stdio[2]), data)
        except OSError:
            return

    def warn(self, msg):
        self._say(b": warning: ", msg)

    def fatal(self, msg):
        self._say(b": fatal: ", msg)

    # start and exit ------------------------------------------------------
    def start(self, dirfd=None):
        """Claim the service directory and start supervising it.

        ``dirfd`` is the directory already open (the standalone command has
        chdir'ed into it); else ``name`` is opened relative to the current
        directory. Returns 0, or the exit code of an s6-supervise that
        could not start: then the message is printed and ``on_exit`` is
        called, as when an s6-supervise process dies at once."""
        try:
            self._claim(dirfd)
        except sd.Fatal as e:
            prog = self.prog
            if self.dirfd < 0:
                self.prog = b"s6-supervise"
            self.fatal(e.msg)
            self.prog = prog
            self._close_all()
            if self.on_exit is not None:
                self.on_exit(self)
            return e.code
        self.alive = True
        self.loop.add_reader(self.ctlfd, self._on_control)
        self.loop.timed[self] = None
        st = self.st
        st.stamp = tai.tain_now()
        st.readystamp = st.stamp
        self.deadline = now()
        # s6 2.15 writes its first status with the paused flag set, then
        # clears it in memory: the file says paused until the next change
        self.st.paused = True
        self.announce()
        self.st.paused = False
        self.event_notify(b"s")
        return 0

    def _claim(self, dirfd):
        if dirfd is None:
            try:
                dirfd = os.open(self.name, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            except OSError as e:
                raise sd.sysfatal(111, b"chdir to " + self.name, e) from None
        self.dirfd = dirfd
        self.lockfd, self.ctlfd, self.lockkey = sd.claim(dirfd)
        self.evpath = _dir_path(dirfd, self.name) + b"/event"
        try:
            fifodir.clean(self.evpath)
        except OSError as e:
            self.warn(b"unable to ftrigw_clean event: " + sd.errtext(e.errno))
        try:
            death_tally.clear(b".", dirfd)
        except OSError as e:
            raise sd.sysfatal(111, b"truncate " + death_tally.FILE, e) from None
        try:
            if sd.exists(dirfd, b"down"):
                self.st.wantup = False
        except OSError as e:
            raise sd.sysfatal(111, b"access ./down", e) from None

    def _close_all(self):
        if self.spawning is not None:
            self.loop.remove_reader(self.spawning[1])
            _close(self.spawning[1])
            _close(self.spawning[2])
            self.spawning = None
        self._close_finishcoe()
        if self.ctlfd >= 0:
            self.loop.remove_reader(self.ctlfd)
            _close(self.ctlfd)
            self.ctlfd = -1
        self._close_notify()
        if self.lockfd >= 0:
            sd.release(self.lockfd, self.lockkey)
            self.lockfd = -1
        if self.dirfd >= 0:
            _close(self.dirfd)
            self.dirfd = -1
        for i, x in enumerate(self.stdio):
            if isinstance(x, Shared):
                x.release()
                self.stdio[i] = DEVNULL

    def _exit(self):
        """The end of s6-supervise's main loop: the ``x`` event, then the
        process is gone (descriptors closed, lock released)."""
        self.event_notify(b"x")
        self.alive = False
        self.loop.timed.pop(self, None)
        if self.spawning is not None:   # never left behind unsupervised
            procs.kill(self.spawning[0], _SIGKILL)
        if self.st.pid:
            self.loop.forget_child(self.st.pid)
        self._close_all()
        if self.on_exit is not None:
            self.on_exit(self)

    def _after(self):
        if not self.cont and self.alive:
            self._exit()

    # the event sources ---------------------------------------------------
    def dispatch(self, event):
        ACTIONS[(self.state, event)](self)

    def event(self, event):
        """Handle one event from outside (a signal, a scanner's order)."""
        if self.spawning is not None:
            self.pending.append(event)
        elif self.alive:
            self.dispatch(event)
            self._after()

    def on_timeout(self):
        self.dispatch(TIMEOUT)
        self._after()

    def _on_child(self, pid, wstat):
        if self.spawning is not None:
            self.pending.append((pid, wstat))
        elif self.alive and pid == self.st.pid:
            self.wstat = wstat
            self.dispatch(CHLD)
            self._after()

    def _on_control(self):
        fd = self.ctlfd
        while fd >= 0 and self.alive:
            try:
                data = os.read(fd, 4096)
            except (BlockingIOError, InterruptedError):
                break
            except OSError as e:
                self.fatal(b"unable to read supervise/control: " + sd.errtext(e.errno))
                self.cont = False
                break
            if not data:
                break
            for c in data:
                ev = command_event(c)
                if ev < 0:
                    continue
                if self.spawning is not None:
                    self.pending.append(ev)
                else:
                    self.dispatch(ev)
            if self.spawning is not None:
                break
            fd = self.ctlfd
        self._after()

    def _on_notify(self):
        fd = self.notifyfd
        while fd >= 0:
            data = _read_ready(fd, 512)
            if data is None:
                return
            if data and b"\n" in data:
                self.nextstart = now() + 1.0
                st = self.st
                st.readystamp = tai.tain_now()
                st.ready = True
                self.announce()
                self.event_notify(b"U")
                data = b""
            if not data:
                self._close_notify()
                return

    def _close_notify(self):
        if self.notifyfd >= 0:
            self.loop.remove_reader(self.notifyfd)
            _close(self.notifyfd)
            self.notifyfd = -1

    # state on disk and events -------------------------------------------
    def announce(self):
        try:
            status.write_status(b".", self.st, self.dirfd)
        except OSError as e:
            self.warn(b"unable to write status file: " + sd.errtext(e.errno))

    def event_notify(self, what):
        try:
            fifodir.notify(self.evpath, what)
        except OSError:
            pass

    def settimeout(self, secs):
        self.deadline = now() + secs

    def settimeout_infinite(self):
        self.deadline = INF

    def set_down_and_ready(self, events):
        st = self.st
        st.pid = 0
        st.finishing = False
        st.ready = True
        self.state = DOWN
        self.deadline = self.nextstart if self.nextstart else now() + 1.0
        st.readystamp = tai.tain_now()
        self.announce()
        self.event_notify(events)

    # spawning ------------------------------------------------------------
    def _spawn(self, path, argv, extra, coe):
        """Fork the run or finish child: this supervisor's stdin, stdout and
        stderr, then ``extra`` (target fd, our fd) moves, a new
        session, the service directory as cwd; then exec ``path``, or
        interpret it when it is an execline script. ``coe`` is the write
        end of the pipe that reports a failed exec (or -1)."""
        env = self.env
        dirfd = self.dirfd
        stdio = tuple(_fdnum(x) for x in self.stdio)
        iargv = None
        if not env.get(b"EXECPY_NOINTERP"):
            # decided here, not in the child: a forked Python is slow to
            # do anything, and the C supervisor blocks until exec anyway
            iargv = script.execline_argv(path, argv, dirfd)

        def body():
            if not _child_fds(stdio, extra, coe):
                return 127
            try:
                os.fchdir(dirfd)
            except OSError:
                pass
            try:
                os.setsid()
            except OSError:
                pass
            if iargv is not None:
                script.interpret(iargv, env)
            try:
                procs.execve(path, argv, env)
            except OSError as e:
                _failcoe(coe, e.errno)
            return 127

        return procs.fork(body)

    def trystart(self):
        """Fork ./run. The child reports a failed exec on a close-on-exec
        pipe; s6-supervise blocks reading it, but here one blocked read
        would stall every service, so the answer comes through the loop
        (``_on_spawned``). Until then this supervisor handles nothing
        else, as s6-supervise would not: its control fifo is not read and
        other events wait in ``pending``.

        A supervisor told to exit (``x`` while down, then ``u``, ``U`` or
        ``o`` in the same read) starts nothing: s6-supervise would start
        ./run and exit at once, leaving it unsupervised."""
        if not self.cont:
            return
        warn = self.warn
        dirfd = self.dirfd
        lockfd = -1
        lk = sd.read_uint(dirfd, b"lock-fd", warn)
        if lk is not None:
            lockfd = self._open_service_lock()
            if lockfd < 0:
                return
        opened = [lockfd] if lockfd >= 0 else []
        try:
            pid, r, nread = self._start_run(lk, lockfd, opened)
        finally:
            for fd in opened:
                _close(fd)
        if pid <= 0:
            return
        self.spawning = (pid, r, nread)
        self.deadline = INF
        self.loop.watch_child(pid, self._on_child)
        self.loop.remove_reader(self.ctlfd)
        self.loop.add_reader(r, self._on_spawned)

    def _on_spawned(self):
        """The child exec'd (end of file on the pipe) or reported failure."""
        pid, r, nread = self.spawning
        try:
            failed = os.read(r, 16)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as e:
            self.settimeout(60)
            self.warn(b"unable to read pipe (waiting 60 seconds): " + sd.errtext(e.errno))
            procs.kill(pid, _SIGKILL)
            _close(nread)
            self._spawned(None)
        else:
            self._spawned(failed)
        self._after()

    def _spawned(self, failed):
        pid, r, nread = self.spawning
        self.spawning = None
        self.loop.remove_reader(r)
        _close(r)
        if self.ctlfd >= 0:
            self.loop.add_reader(self.ctlfd, self._on_control)
        pending, self.pending = self.pending, []
        if failed is None:    # the pipe broke: the caller warned and waits
            pass
        elif failed:
            # s6 2.15 spawns and learns the child's errno itself (2.11's
            # child said "unable to exec", then "waiting 10 seconds")
            _close(nread)
            self.settimeout(60)
            self.warn(b"unable to spawn ./run (waiting 60 seconds): " + sd.errtext(_errno_of(failed)))
        else:
            if nread >= 0:
                self.notifyfd = nread
                self.loop.add_reader(nread, self._on_notify)
            self.settimeout_infinite()
            self.nextstart = 0.0
            self.state = UP
            st = self.st
            st.pid = pid
            st.ready = False
            st.stamp = tai.tain_now()
            self.announce()
            self.event_notify(b"u")
        for i, item in enumerate(pending):  # what came while s6-supervise would block
            if self.spawning is not None:
                self.pending.extend(pending[i:])
                break
            if isinstance(item, tuple):
                if item[0] == self.st.pid:
                    self.wstat = item[1]
                    self.dispatch(CHLD)
            else:
                self.dispatch(item)

    def _start_run(self, lk, lockfd, opened):
        """The spawning half of trystart: (pid, pipe to hear from the
        child, notification fd) or (0, -1, -1) after a warning. Descriptors
        left in ``opened`` are closed by the caller."""
        warn = self.warn
        notif = sd.read_uint(self.dirfd, b"notification-fd", warn)
        extra = []
        nread = -1
        if notif is not None:
            if lk is not None and notif == lk:
                self.settimeout_infinite()
                warn(b"unable to start service: notification-fd and lock-fd are the same")
                return 0, -1, -1
            try:
                nread, nwrite = os.pipe2(os.O_CLOEXEC)
            except OSError as e:
                self.settimeout(60)
                warn(b"unable to pipe (waiting 60 seconds): " + sd.errtext(e.errno))
                return 0, -1, -1
            opened += (nread, nwrite)
            extra.append((notif, nwrite))
        if lockfd >= 0:
            extra.append((lk, lockfd))
        try:
            r, w = os.pipe2(os.O_CLOEXEC)
        except OSError as e:
            self.settimeout(60)
            warn(b"unable to pipe (waiting 60 seconds): " + sd.errtext(e.errno))
            return 0, -1, -1
        opened.append(r)
        try:
            try:
                pid = self._spawn(b"./run", [b"run", self.name], extra, w)
            finally:
                os.close(w)
        except OSError as e:
            self.settimeout(60)
            warn(b"unable to fork (waiting 60 seconds): " + sd.errtext(e.errno))
            return 0, -1, -1
        for _, fd in extra:   # the child has its copies now
            opened.remove(fd)
            _close(fd)
        opened.remove(r)
        if nread >= 0:
            opened.remove(nread)
        return pid, r, nread

    def _open_service_lock(self):
        """lock-fd: open supervise/service-lock and see if a previous
        instance of the service still holds it. The descriptor (or -1)."""
        warn = self.warn
        try:
            fd = os.open(sd.SERVICE_LOCK, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=self.dirfd)
        except OSError as e:
            self.settimeout(60)
            warn(b"unable to open supervise/service-lock for writing (waiting 60 seconds): "
                 + sd.errtext(e.errno))
            return -1
        try:
            size = os.fstat(fd).st_size
            if size:
                try:
                    os.ftruncate(fd, 0)
                except OSError:
                    pass
                warn(b"a previous instance of the service wrote to the lock file!")
            if not sd.lock(fd):
                warn(b"another instance of the service is already running, child will block")
        except OSError as e:
            os.close(fd)
            self.settimeout(60)
            warn(b"unable to lock supervise/service-lock (waiting 60 seconds): " + sd.errtext(e.errno))
            return -1
        return fd

    def died(self):
        """uplastup_z: the run process is dead; record it, start finish.
        False if finish could not even be forked (then we are down)."""
        st = self.st
        wstat = self.wstat
        self.loop.forget_child(st.pid)
        st.wstat = wstat
        st.paused = False
        st.ready = False
        self.dying = False
        st.stamp = tai.tain_now()
        self._close_notify()
        code = process.status_of(wstat)
        sig = code - 256 if code > 255 else 0
        self._tally(st.stamp, 128 + sig if sig else code, sig)
        argv = [b"finish", b"%d" % min(code, 256), b"%d" % sig, self.name]
        try:
            r, w = os.pipe2(os.O_CLOEXEC | os.O_NONBLOCK)
        except OSError:
            r = w = -1
        try:
            try:
                pid = self._spawn(b"./finish", argv, (), w)
            finally:
                _close(w)
        except OSError as e:
            _close(r)
            self.warn(b"unable to fork for ./finish: " + sd.errtext(e.errno))
            self.set_down_and_ready(b"dD")
            return False
        if r >= 0:
            self.finishcoe = r
            self.loop.add_reader(r, self._on_finish_spawned)
        st.pid = pid
        self.loop.watch_child(pid, self._on_child)
        timeout = sd.read_uint(self.dirfd, b"timeout-finish", self.warn)
        if timeout is None:
            timeout = 5000
        self.deadline = now() + timeout / 1000.0 if timeout else INF
        st.finishing = True
        self.announce()
        self.event_notify(b"d")
        return True

    def _on_finish_spawned(self):
        """./finish exec'd (end of file) or could not: s6 2.15 says so,
        unless there is no ./finish at all. The child then exits 127 and
        the service goes down as after any finish."""
        report = _read_ready(self.finishcoe, 16)
        if report is None:
            return
        self._close_finishcoe()
        if report:
            err = _errno_of(report)
            if err != errno.ENOENT:
                self.warn(b"unable to spawn ./finish: " + sd.errtext(err))

    def _close_finishcoe(self):
        if self.finishcoe >= 0:
            self.loop.remove_reader(self.finishcoe)
            _close(self.finishcoe)
            self.finishcoe = -1

    def _tally(self, stamp, code, sig):
        n = sd.read_uint(self.dirfd, b"max-death-tally", self.warn)
        if n is None:
            n = 100
        if n > death_tally.MAX_DEATH_TALLY:
            n = death_tally.MAX_DEATH_TALLY
        if not n:
            return
        try:
            records = death_tally.read(b".", n, self.dirfd)
        except OSError as e:
            self.warn(b"unable to read " + death_tally.FILE + b": " + sd.errtext(e.errno))
            return
        records.append((stamp, code & 0xFF, sig & 0xFF))
        try:
            death_tally.write(b".", records[-n:], self.dirfd)
        except OSError as e:
            self.warn(b"unable to write " + death_tally.FILE + b": " + sd.errtext(e.errno))

    # the actions ---------------------------------------------------------
    def nop(self):
        pass

    def bail(self):
        self.cont = False

    def sigint(self):
        try:
            pgid = procs.getpgid(self.st.pid)
        except OSError as e:
            self.warn(b"unable to getpgid: " + sd.errtext(e.errno))
        else:
            try:
                procs.killpg(pgid, _SIGINT)
            except OSError:
                pass
        self.bail()

    def closethem(self):
        """Let go of stdin and stdout: the last finish gets /dev/null."""
        for i in (0, 1):
            x = self.stdio[i]
            if isinstance(x, Shared):
                x.release()
            elif x >= 0:          # our own fd: replaced, as s6-supervise does
                _devnull_over(x)
            self.stdio[i] = DEVNULL

    def _kill(self, sig):
        procs.kill(self.st.pid, sig)

    def killa(self):
        self._kill(_SIGALRM)

    def killb(self):
        self._kill(_SIGABRT)

    def killh(self):
        self._kill(_SIGHUP)

    def killq(self):
        self._kill(_SIGQUIT)

    def killk(self):
        self._kill(_SIGKILL)

    def killt(self):
        self._kill(_SIGTERM)

    def killi(self):
        self._kill(_SIGINT)

    def kill1(self):
        self._kill(_SIGUSR1)

    def kill2(self):
        self._kill(_SIGUSR2)

    def killp(self):
        self._kill(_SIGSTOP)
        self.st.paused = True
        self.announce()

    def killc(self):
        self._kill(_SIGCONT)
        self.st.paused = False
        self.announce()

    def killy(self):
        self._kill(_SIGWINCH)

    def killr(self):
        self._kill(sd.read_downsig(self.dirfd, self.warn))

    def wantdown(self):
        self.st.wantup = False
        self.announce()

    def wantup(self):
        self.st.wantup = True
        self.announce()

    def adddown(self):
        try:
            sd.add_down(self.dirfd)
        except OSError as e:
            self.warn(b"unable to create ./down file: " + sd.errtext(e.errno))

    def deldown(self):
        try:
            sd.del_down(self.dirfd)
        except OSError as e:
            self.warn(b"unable to unlink ./down file: " + sd.errtext(e.errno))

    def wantDOWN(self):  # noqa: N802 - s6-svc -D
        self.adddown()
        self.wantdown()

    def wantUP(self):  # noqa: N802 - s6-svc -U
        self.deldown()
        self.wantup()

    def downtimeout(self):
        if self.st.wantup:
            self.trystart()
        else:
            self.settimeout_infinite()

    def down_o(self):
        self.wantdown()
        self.trystart()

    def down_u(self):
        self.wantup()
        self.trystart()

    def down_U(self):  # noqa: N802
        self.wantUP()
        self.trystart()

    def up_z(self):
        if self.died():
            self.state = FINISH

    def lastup_z(self):
        if self.died():
            self.state = LASTFINISH
        else:
            self.bail()

    def uptimeout(self):
        if self.dying:
            self.killk()
            self.settimeout(5)
        else:
            self.settimeout_infinite()
            self.warn(b"can't happen: timeout while the service is up!")

    def up_d(self):
        self.st.wantup = False
        self.killr()
        self.killc()
        timeout = sd.read_uint(self.dirfd, b"timeout-kill", self.warn)
        if timeout:
            self.deadline = now() + timeout / 1000.0
            self.dying = True
        else:
            self.settimeout_infinite()

    def up_D(self):  # noqa: N802
        self.adddown()
        self.up_d()

    def up_x(self):
        self.state = LASTUP
        self.closethem()

    def up_term(self):
        self.state = LASTUP
        self.up_d()

    def finishtimeout(self):
        self.warn(b"finish script lifetime reached maximum value - sending it a SIGKILL")
        self.killc()
        self.killk()
        self.settimeout(5)

    def finish_z(self):
        wstat = self.wstat
        self.loop.forget_child(self.st.pid)
        if process.status_of(wstat) == 125:
            self.st.wantup = False
            self.set_down_and_ready(b"OD")
        else:
            self.set_down_and_ready(b"D")

    def finish_x(self):
        self.state = LASTFINISH
        self.closethem()

    def lastfinish_z(self):
        self.finish_z()
        self.bail()


# --------------------------------------------------------------------------
# the table

def _table():
    S = Supervisor
    nop = S.nop
    kills = [S.killa, S.killb, S.killq, S.killh, S.killk, S.killt, S.killi, S.kill1,
             S.kill2, S.killp, S.killc, S.killy, S.killr]
    nops = [nop] * len(kills)
    #          o            d          u         D            U         x           O            Q
    rows = {
        DOWN: [S.downtimeout, nop, S.bail, S.bail, S.bail, S.bail] + nops
        + [S.down_o, S.wantdown, S.down_u, S.wantDOWN, S.down_U, S.bail, S.wantdown, S.wantDOWN],
        UP: [S.uptimeout, S.up_z, S.up_term, S.up_x, S.bail, S.sigint] + kills
        + [S.wantdown, S.up_d, S.wantup, S.up_D, S.wantUP, S.up_x, S.wantdown, S.wantDOWN],
        FINISH: [S.finishtimeout, S.finish_z, S.finish_x, S.finish_x, S.bail, S.sigint] + nops
        + [S.wantdown, S.wantdown, S.wantup, S.wantDOWN, S.wantUP, S.finish_x, S.wantdown, S.wantDOWN],
        LASTUP: [S.uptimeout, S.lastup_z, S.up_d, S.closethem, S.bail, S.sigint] + kills
        + [S.wantdown, S.up_d, S.wantup, S.up_D, S.wantUP, S.closethem, S.wantdown, S.wantDOWN],
        LASTFINISH: [S.finishtimeout, S.lastfinish_z, nop, S.closethem, S.bail, S.sigint] + nops
        + [S.wantdown, S.wantdown, S.wantup, S.wantDOWN, S.wantUP, S.closethem, S.wantdown, S.wantDOWN],
    }
    table = {}
    for state, row in rows.items():
        assert len(row) == NEVENTS
        for event, action in enumerate(row):
            table[(state, event)] = action
    return table


ACTIONS = _table()


# --------------------------------------------------------------------------
# helpers of the forked child and of the parent

def _fdnum(x):
    return x.fd if isinstance(x, Shared) else x


def _devnull_over(fd):
    try:
        null = os.open(b"/dev/null", os.O_RDONLY if fd == 0 else os.O_WRONLY)
    except OSError:
        return
    if null != fd:
        try:
            os.dup2(null, fd)
        except OSError:
            pass
        os.close(null)


def _close(fd):
    try:
        os.close(fd)
    except OSError:
        pass


def _failcoe(fd, err):
    """In the child: tell the supervisor why it could not become ./run
    (or ./finish): errno, in decimal, on the close-on-exec pipe."""
    if fd < 0:
        return
    try:
        os.write(fd, b"%d" % (err or errno.EIO))
    except OSError:
        pass


def _read_ready(fd, n):
    """What a descriptor the loop said was ready holds: None if nothing
    after all (read again later), b"" at end of file or on an error."""
    try:
        return os.read(fd, n)
    except (BlockingIOError, InterruptedError):
        return None
    except OSError:
        return b""


def _errno_of(report):
    try:
        return int(report)
    except ValueError:
        return errno.EIO


def _child_fds(stdio, extra, coe):
    """In the child: put the supervisor's stdin/stdout/stderr on 0, 1, 2,
    then each extra descriptor on its number. Every source is first copied
    above all targets, so no move can clobber a later one's source."""
    targets = [0, 1, 2] + [t for t, _ in extra]
    top = max(targets) + 1
    moves = []
    for target, src in enumerate(stdio):
        if src == target:
            continue
        try:
            if src == DEVNULL:
                src = os.open(b"/dev/null", (os.O_RDONLY if target == 0 else os.O_WRONLY) | os.O_CLOEXEC)
                moves.append((target, _dup_above(src, top)))
                os.close(src)
            else:
                moves.append((target, _dup_above(src, top)))
        except OSError:
            pass
    for target, src in extra:
        try:
            moves.append((target, _dup_above(src, top)))
        except OSError as e:
            _failcoe(coe, e.errno)
            return False
    for target, fd in moves:
        try:
            os.dup2(fd, target)
        except OSError as e:
            if target > 2:
                _failcoe(coe, e.errno)
                return False
        os.close(fd)
    return True


def _dup_above(fd, top):
    return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, top)
