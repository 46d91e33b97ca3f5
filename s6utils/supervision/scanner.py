"""The scan directory, as s6-svscan 2.11.3.2 handles it.

The scanner finds service directories (and their ``log`` subservice, fed
by a pipe from the service's stdout), starts a Supervisor on each, starts
it again a second after it exits while its directory is still there, and
obeys ``.s6-svscan/control`` and its signals. Its three routines run in
s6-svscan's order at every turn of the loop: reap (supervisors that
exited), scan (if asked), killthem (if asked).

In s6-svscan each supervisor is a process; "sending it SIGTERM" is here
handing its Supervisor the TERM event, and "it died" is its on_exit.
"""

import errno
import os
import stat

from execpy.engine.signals import sig_name
from execpy.errors import write_stderr
from s6utils.supervision import procs
from s6utils.supervision import servicedir as sd
from s6utils.supervision.loop import INF, Loop, now
from s6utils.supervision.supervisor import HUP, TERM, Shared, Supervisor

CTLDIR = b".s6-svscan"
CONTROL = CTLDIR + b"/control"
LOCK = CTLDIR + b"/lock"
FINISH = CTLDIR + b"/finish"
CRASH = CTLDIR + b"/crash"
SPECIAL_LOGGER = b"s6-svscan-log"
DIR_RETRY = 3.0

SIGHUP, SIGINT, SIGQUIT, SIGABRT, SIGUSR1, SIGUSR2 = 1, 2, 3, 6, 10, 12
SIGALRM, SIGTERM, SIGCHLD, SIGWINCH, SIGPWR = 14, 15, 17, 28, 30
SIGNALS = (SIGCHLD, SIGALRM, SIGABRT, SIGHUP, SIGINT, SIGTERM, SIGQUIT, SIGUSR1, SIGUSR2,
           SIGPWR, SIGWINCH)

OPEN, CLOSED, REVIVED = 0, -1, -2   # the logging pipe (s6-svscan's p[0] >= 0, -1, -2)


class Entry:
    """One service of the scan directory (s6-svscan's svinfo)."""

    __slots__ = ("dev", "ino", "restart", "sup", "logsup", "pr", "pw", "pstate", "active",
                 "logged", "special")

    def __init__(self, dev, ino):
        self.dev = dev
        self.ino = ino
        t = now()
        self.restart = [t, t]
        self.sup = None
        self.logsup = None
        self.pr = self.pw = None
        self.pstate = CLOSED
        self.active = False
        self.logged = False
        self.special = False    # s6-svscan-log: the catch-all logger

    def close_pipe(self):
        if self.pr is not None:
            self.pw.release()
            self.pr.release()
            self.pr = self.pw = None


def _dup(fd):
    try:
        return os.dup(fd)      # close-on-exec, as Python makes every fd
    except OSError:
        return os.open(b"/dev/null", os.O_RDWR | os.O_CLOEXEC)


def warn(msg):
    write_stderr(b"s6-svscan: warning: " + msg + b"\n")


def _err(e):
    return sd.errtext(e.errno)


class Scanner:
    """s6-svscan's state: the services, what is wanted, when to wake up."""

    __slots__ = ("loop", "env", "entries", "max", "rescan", "deadline", "wantscan", "wantkill",
                 "cont", "waitall", "finishing", "consoleholder", "ctlfd", "lockfd", "dead",
                 "std", "console", "late")

    def __init__(self, env, maxservices=500, rescan=0, consoleholder=-1):
        self.env = env
        self.entries = []
        self.max = maxservices
        self.rescan = rescan / 1000.0 if rescan else INF
        self.deadline = INF
        self.wantscan = True
        self.wantkill = 0
        self.cont = True
        self.waitall = True
        self.finishing = False
        self.consoleholder = consoleholder
        self.ctlfd = self.lockfd = -1
        self.dead = []
        self.loop = None
        self.std = ()           # our fds 0, 1, 2 as the supervisors inherit them
        self.console = None
        self.late = []          # signals that came after the loop ended

    # start ---------------------------------------------------------------
    def claim(self):
        """.s6-svscan/, its lock and its control fifo. Raises sd.Fatal."""
        old = os.umask(0)
        try:
            try:
                os.mkdir(CTLDIR, 0o700)
            except OSError as e:
                if e.errno != errno.EEXIST:
                    raise sd.sysfatal(111, b"mkdir " + CTLDIR, e) from None
                try:
                    st = os.stat(CTLDIR)
                except OSError as e2:
                    raise sd.sysfatal(111, b"stat " + CTLDIR, e2) from None
                if not stat.S_ISDIR(st.st_mode):
                    raise sd.Fatal(100, CTLDIR + b" exists and is not a directory") from None
            try:
                self.lockfd = os.open(LOCK, os.O_WRONLY | os.O_NONBLOCK | os.O_CREAT | os.O_CLOEXEC,
                                      0o600)
            except OSError as e:
                raise sd.sysfatal(111, b"open " + LOCK, e) from None
            try:
                ok = sd.lock(self.lockfd)
            except OSError as e:
                raise sd.sysfatal(111, b"lock " + LOCK, e) from None
            if not ok:
                raise sd.Fatal(100, b"another instance of s6-svscan is already running on the same directory")
            self.ctlfd = sd.open_fifo(None, CONTROL, CONTROL)
        finally:
            os.umask(old)

    def start_loop(self):
        # Each s6-supervise has its own copies of s6-svscan's fds 0, 1, 2:
        # what we do later to ours (the end: stdout to /dev/null, the
        # console back on stderr) must not change what they hand to their
        # children, and the copies go away with the last of them.
        self.std = tuple(Shared(_dup(fd)) for fd in (0, 1, 2))
        if self.consoleholder >= 0:
            self.console = Shared(_dup(self.consoleholder))
        self.loop = Loop(SIGNALS, self.on_signal, self.on_error)
        self.loop.timed[self] = None
        self.loop.add_reader(self.ctlfd, self._on_control)

    def on_error(self, e):
        import os as _os
        if _os.environ.get("EXECPY_DEBUG"):
            import traceback
            traceback.print_exception(type(e), e, e.__traceback__)
        warn(b"internal error: " + ("%s: %s" % (type(e).__name__, e)).encode(errors="replace"))

    # the main loop -------------------------------------------------------
    def run(self):
        """Supervise until told to stop; then the finish procedure. Returns
        the exit code when there is no finish script to exec."""
        loop = self.loop
        while self.cont:
            self._guard(self.reap)
            self._guard(self.scan)
            self._guard(self.killthem)
            if not self.cont:
                break
            if self.dead:   # a supervisor exited: the reaper runs first, as
                continue    # a dead s6-supervise's SIGCHLD would wake s6-svscan
            self._guard(loop.step)
        self.finishing = True
        self._guard(self.killthem)
        self._guard(self.closethem)
        self._guard(lambda: loop.remove_reader(self.ctlfd))
        self._guard(self.restore_console)
        if self.waitall:
            while self._guard(self._supervisors_alive):
                self._guard(loop.step)
            self.dead = []
        else:
            self._guard(loop.reap)
        return self.exec_finish()

    def _guard(self, fn):
        """Run ``fn``; a bug in it is reported, never fatal. Returns what
        ``fn`` returned (None after an error)."""
        try:
            return fn()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as e:  # noqa: BLE001 - process 1 does not die of a bug
            try:
                self.on_error(e)
            except BaseException:  # noqa: BLE001 - not even of a failed report
                pass
            return None

    def _supervisors_alive(self):
        for e in self.entries:
            if (e.sup is not None and e.sup.alive) or (e.logsup is not None and e.logsup.alive):
                return True
        return False

    def on_timeout(self):
        self.wantscan = True
        self.deadline = INF

    def lower_deadline(self, t):
        if t < self.deadline:
            self.deadline = t

    # commands and signals ------------------------------------------------
    def kill_level(self, level):
        """Ask killthem for ``level`` (1: active services too, 2: TERM to
        services, 4: TERM to loggers). Requests made between two kills add
        up, where s6-svscan keeps only the last: its ``-th`` (or a HUP
        handled after a TERM) lowers the level TERM asked for and leaves a
        tree that waits forever for supervisors nobody told to stop."""
        self.wantkill |= level

    def hup(self):
        self.kill_level(2)
        self.wantscan = True

    def term(self):
        self.cont = False
        self.waitall = True
        self.kill_level(3)

    def quit(self):
        self.cont = False
        self.waitall = True
        self.kill_level(7)

    def abrt(self):
        self.cont = False
        self.waitall = False

    def command(self, c):
        if c == 0x7A:      # z: the reaper runs at every turn anyway
            pass
        elif c == 0x61:    # a
            self.wantscan = True
        elif c == 0x62:    # b
            self.abrt()
        elif c == 0x68:    # h
            self.hup()
        elif c in (0x69, 0x74):  # i t
            self.term()
        elif c == 0x71:    # q
            self.quit()
        elif c == 0x6E:    # n
            self.kill_level(2)
        elif c == 0x4E:    # N
            self.kill_level(6)
        else:
            warn(b"received unknown control command: " + bytes((c,)))

    def _on_control(self):
        while not self.finishing:
            try:
                data = os.read(self.ctlfd, 4096)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as e:
                self.panic(b"read control pipe", e.errno)
            if not data:
                return
            for c in data:
                self.command(c)

    def on_signal(self, sig):
        if self.finishing:
            # s6-svscan no longer reads them: they stay pending until it
            # gives back the default dispositions, just before exec
            if sig != SIGCHLD and sig not in self.late:
                self.late.append(sig)
            return
        if sig == SIGCHLD:
            return
        if sig == SIGALRM:
            self.wantscan = True
        elif sig == SIGABRT:
            self.abrt()
        else:
            path = CTLDIR + b"/SIG" + sig_name(sig)
            try:
                procs.spawn_simple(path, [path], self.env)
            except OSError as e:
                if e.errno != errno.ENOENT:
                    warn(b"unable to spawn " + path + b": " + _err(e))
                if sig == SIGHUP:
                    self.hup()
                elif sig in (SIGINT, SIGTERM):
                    self.term()
                elif sig == SIGQUIT:
                    self.quit()

    # the reaper ----------------------------------------------------------
    def _sup_exit(self, sup):
        self.dead.append(sup)

    def reap(self):
        if not self.dead:
            return
        dead, self.dead = self.dead, []
        nextscan = now() + 1.0
        entries = self.entries
        for sup in dead:
            for i, e in enumerate(entries):
                if e.sup is sup:
                    e.sup = None
                    e.restart[0] = nextscan
                    break
                if e.logsup is sup:
                    e.logsup = None
                    e.restart[1] = nextscan
                    break
            else:
                continue
            if e.active:
                self.lower_deadline(nextscan)
                continue
            if e.logged:
                # s6-svscan's "black magic": close the pipe as soon as one
                # side is gone, so the other sees EOF or EPIPE; an entry
                # whose pipe is closed is never reused, but a rescan that
                # finds it again asks to be woken when it is gone
                if e.pstate == OPEN:
                    e.close_pipe()
                    e.pstate = CLOSED
                elif e.pstate == REVIVED:
                    self.wantscan = True
            if e.sup is None and (not e.logged or e.logsup is None):
                entries[i] = entries[-1]
                entries.pop()

    # the scanner ---------------------------------------------------------
    def trystart(self, e, name, islog):
        std = self.std
        stdio = [std[0], std[1], std[2]]
        if e.logged:
            if islog:
                stdio[0] = e.pr
            else:
                stdio[1] = e.pw
        if self.console is not None and name == SPECIAL_LOGGER:
            stdio[2] = self.console
        sup = Supervisor(self.loop, name, self.env, [x.take() for x in stdio], self._sup_exit)
        if islog:
            e.logsup = sup
        else:
            e.sup = sup
        sup.start()

    def retrydirlater(self):
        self.lower_deadline(now() + DIR_RETRY)

    def check(self, name):
        if name.startswith(b"."):
            return
        try:
            st = os.stat(name)
        except OSError as e:
            warn(b"unable to stat " + name + b": " + _err(e))
            self.retrydirlater()
            return
        if not stat.S_ISDIR(st.st_mode):
            return
        special = name == SPECIAL_LOGGER
        for e in self.entries:
            if e.ino == st.st_ino and e.dev == st.st_dev:
                if e.logged and e.pstate < 0:
                    e.pstate = REVIVED
                    return
                break
        else:
            if len(self.entries) >= self.max:
                warn(b"unable to start supervisor for " + name + b": too many services")
                return
            e = Entry(st.st_dev, st.st_ino)
            e.special = special
            logname = name + b"/log"
            try:
                if special:      # the catch-all logger is never logged
                    raise FileNotFoundError(errno.ENOENT, "")
                su = os.stat(logname)
            except OSError as ex:
                if ex.errno != errno.ENOENT:
                    warn(b"unable to stat " + logname + b": " + _err(ex))
                    self.retrydirlater()
                    return
            else:
                if stat.S_ISDIR(su.st_mode):
                    try:
                        r, w = os.pipe2(os.O_CLOEXEC)
                    except OSError as ex:
                        warn(b"unable to pipecoe: " + _err(ex))
                        self.retrydirlater()
                        return
                    e.pr, e.pw = Shared(r), Shared(w)
                    e.pstate = OPEN
                    e.logged = True
            self.entries.append(e)
        e.active = True
        t = now()
        if e.logged and e.logsup is None:
            if e.restart[1] <= t:
                self.trystart(e, name + b"/log", True)
            else:
                self.lower_deadline(e.restart[1])
        if e.sup is None:
            if e.restart[0] <= t:
                self.trystart(e, name, False)
            else:
                self.lower_deadline(e.restart[0])

    def scan(self):
        if not self.wantscan:
            return
        self.wantscan = False
        self.deadline = now() + self.rescan
        try:
            names = os.listdir(b".")
        except OSError as e:
            warn(b"unable to opendir .: " + _err(e))
            self.retrydirlater()
            return
        for e in self.entries:
            e.active = False
        for name in names:
            self._guard(lambda: self.check(name))
        entries = self.entries
        i = 0
        while i < len(entries):
            e = entries[i]
            if not e.active and e.sup is None and not (e.logged and e.logsup is not None):
                if e.logged and e.pstate == OPEN:
                    e.close_pipe()
                    e.pstate = CLOSED
                # as s6-svscan: the last entry moves here and is looked at
                # on the next scan only
                entries[i] = entries[-1]
                entries.pop()
            i += 1

    def killthem(self):
        wk = self.wantkill
        if not wk:
            return
        self.wantkill = 0
        for e in list(self.entries):
            if not (wk & 1) and e.active:
                continue
            if e.sup is not None:   # the catch-all logger is killed as a logger
                e.sup.event(TERM if wk & (4 if e.special else 2) else HUP)
            if e.logged and e.logsup is not None:
                e.logsup.event(TERM if wk & 4 else HUP)

    # the end -------------------------------------------------------------
    def closethem(self):
        special = False
        for e in self.entries:
            if e.logged:
                e.close_pipe()
            special = special or e.special
        for x in self.std:
            x.release()
        self.std = ()
        if self.console is not None:
            self.console.release()
            self.console = None
        if special:  # let the catch-all logger see the end of our output
            try:
                os.close(1)
            except OSError:
                pass
            try:
                fd = os.open(b"/dev/null", os.O_WRONLY)
                if fd != 1:
                    os.dup2(fd, 1)
                    os.close(fd)
            except OSError:
                pass

    def restore_console(self):
        ch = self.consoleholder
        if ch >= 0:
            try:
                os.dup2(ch, 2)
                os.close(ch)
            except OSError:
                pass
            self.consoleholder = -1
            try:
                os.dup2(2, 1)
            except OSError as e:
                warn(b"unable to restore stdout: " + _err(e))

    def _prepare_exec(self):
        if self.loop is not None:
            self.loop.restore_signals()
            for sig in self.late:   # now delivered, with their default effect
                try:
                    os.kill(os.getpid(), sig)
                except OSError:
                    pass

    def exec_finish(self):
        self._guard(self._prepare_exec)
        try:
            procs.execve(FINISH, [FINISH], self.env)
        except OSError as e:
            if e.errno == errno.ENOENT:
                return 0
            self._crash(b"exec finish script " + FINISH, e.errno)
        return 0

    def panic(self, what, err):
        self._guard(self._prepare_exec)
        self._guard(self.restore_console)
        self._crash(what, err)

    def _crash(self, what, err):
        warn(b"unable to " + what + b": " + sd.errtext(err))
        warn(b"executing into " + CRASH)
        try:
            procs.execve(CRASH, [CRASH], self.env)
        except OSError as e:
            write_stderr(b"s6-svscan: fatal: unable to exec " + CRASH + b": " + _err(e) + b"\n")
        os._exit(111)
