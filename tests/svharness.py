"""Running supervisors in tests: Debian's C s6 and execpy's, the same way.

A scenario builds a service directory, subscribes to its ``event/``
fifodir before the supervisor starts (so even ``s`` is seen), starts
s6-supervise ("c": /usr/bin, "execpy": bin/), plays steps (control
commands, signals, waits for events) and returns what can be observed:
the events, the last status record, the death tally, stderr. Every
process started is stopped, and any service left behind (they run in
their own sessions) is killed by the directory it ran in.
"""

import os
import shutil
import signal
import subprocess
import time

from s6utils.lib import death_tally
from s6utils.lib import fifodir as ftrig
from s6utils.lib import status as svstatus

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "bin")
SUPERVISE = {"c": "/usr/bin/s6-supervise", "execpy": os.path.join(BIN, "s6-supervise")}
SVSCAN = {"c": "/usr/bin/s6-svscan", "execpy": os.path.join(BIN, "s6-svscan")}
IMPLS = ("c", "execpy")
# s6 2.15.1.0 as s6-overlay 3.2.3.2 ships it, where a C build is in /tmp/oracle (never in CI)
ORACLE = "/tmp/oracle/bin"
if os.path.exists(os.path.join(ORACLE, "s6-supervise")):
    SUPERVISE["s6-2.15"] = os.path.join(ORACLE, "s6-supervise")
    SVSCAN["s6-2.15"] = os.path.join(ORACLE, "s6-svscan")


def write(path, content, mode=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w" if isinstance(content, str) else "wb") as f:
        f.write(content)
    if mode is not None:
        os.chmod(path, mode)


def make_service(path, run, finish=None, files=None):
    os.makedirs(path, exist_ok=True)
    write(os.path.join(path, "run"), run, 0o755)
    if finish is not None:
        write(os.path.join(path, "finish"), finish, 0o755)
    for name, content in (files or {}).items():
        write(os.path.join(path, name), content, 0o755 if name.endswith(("run", "finish")) else None)
    return path


def wait_until(cond, timeout=10.0, step=0.02):
    end = time.monotonic() + timeout
    while True:
        v = cond()
        if v:
            return v
        if time.monotonic() > end:
            return v
        time.sleep(step)


def kill_strays(top):
    """Kill every process whose cwd or command line is under ``top``."""
    top_b = os.fsencode(top)
    me = os.getpid()
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == me:
            continue
        pid = int(name)
        try:
            cwd = os.readlink("/proc/%d/cwd" % pid).encode()
        except OSError:
            cwd = b""
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                cmd = f.read()
        except OSError:
            cmd = b""
        if cwd.startswith(top_b) or top_b in cmd:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def send(path, data):
    fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    try:
        os.write(fd, data if isinstance(data, bytes) else data.encode())
    finally:
        os.close(fd)


class Events:
    """A subscription to a service's event/ fifodir, made before the
    supervisor starts."""

    def __init__(self, servicedir):
        ftrig.fifodir_make(os.path.join(servicedir, "event"), os.getegid())
        self.listener = ftrig.Listener(os.path.join(servicedir, "event"))
        self.got = b""

    def pump(self):
        self.got += self.listener.read()
        return self.got

    def wait(self, what, timeout=10.0, start=0):
        """Wait for ``what`` (bytes) to appear in the events at or after
        position ``start``; return the position after it."""
        if isinstance(what, str):
            what = what.encode()
        end = time.monotonic() + timeout
        while True:
            i = self.got.find(what, start)
            if i >= 0:
                return i + len(what)
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError("event %r not seen after %r (got %r)" % (what, start, self.got))
            self.got += self.listener.wait(time.monotonic() + min(left, 0.5))

    def close(self):
        self.listener.close()


class Observation:
    __slots__ = ("events", "status", "tally", "stderr", "rc")

    def __init__(self, events, status, tally, stderr, rc):
        self.events, self.status, self.tally, self.stderr, self.rc = events, status, tally, stderr, rc

    def key(self):
        s = self.status
        # two processes (the supervisor and its child) may write in either order
        return (self.events, (bool(s.pid), s.wstat, s.paused, s.finishing, s.wantup, s.ready),
                self.tally, sorted(self.stderr.splitlines()), self.rc)

    def __repr__(self):
        return "Observation(%r)" % (self.key(),)


class Supervise:
    """One s6-supervise (C or execpy) on one service directory."""

    def __init__(self, impl, servicedir, env=None):
        self.impl = impl
        self.dir = servicedir
        self.events = Events(servicedir)
        self.errpath = servicedir.rstrip("/") + ".stderr"
        self.env = env
        self.proc = None

    def start(self):
        self.err = open(self.errpath, "wb")
        self.proc = subprocess.Popen([SUPERVISE[self.impl], self.dir], stdin=subprocess.DEVNULL,
                                     stdout=self.err, stderr=self.err, env=self.env)
        return self

    def ctl(self, cmds):
        send(os.path.join(self.dir, "supervise", "control"), cmds)

    def status(self):
        return svstatus.read_status(self.dir)

    def wait(self, what, timeout=10.0, start=0):
        return self.events.wait(what, timeout, start)

    def finish(self, timeout=10.0):
        """Wait for the supervisor to exit (kill it if it does not);
        return the Observation."""
        rc = None
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self.err.close()
        time.sleep(0.05)
        self.events.pump()
        self.events.close()
        kill_strays(self.dir)
        status = self.status()
        try:
            with open(os.path.join(self.dir, "supervise", "death_tally"), "rb") as f:
                tally = [(c, s) for _, c, s in death_tally.unpack(f.read())]
        except OSError:
            tally = None
        with open(self.errpath, "rb") as f:
            err = f.read().replace(os.fsencode(self.dir), b"DIR")
        return Observation(self.events.got, status, tally, err, rc)

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        kill_strays(self.dir)


def scenario(impl, base, run, finish=None, files=None, steps=(), settle=0.0, env=None):
    """Play ``steps`` against a fresh service under ``base/impl``."""
    d = os.path.join(base, impl)
    shutil.rmtree(d, ignore_errors=True)
    make_service(d, run, finish, files)
    sv = Supervise(impl, d, env).start()
    pos = 0
    try:
        for kind, arg in steps:
            if kind == "ev":
                pos = sv.wait(arg, start=pos)
            elif kind == "sleep":
                time.sleep(arg)
            elif kind == "cmd":
                sv.ctl(arg)
            elif kind == "sig":
                sv.proc.send_signal(arg)
            else:
                raise ValueError(kind)
        time.sleep(settle)
        return sv.finish()
    finally:
        sv.stop()


class Svscan:
    """One s6-svscan (C or execpy) on a scan directory."""

    def __init__(self, impl, scandir, opts=(), env=None, pass_fds=()):
        self.impl = impl
        self.dir = scandir
        self.opts = list(opts)
        self.env = env
        self.pass_fds = pass_fds
        self.proc = None
        self.errpath = scandir.rstrip("/") + ".stderr"

    def start(self, prefix=()):
        self.err = open(self.errpath, "wb")
        self.proc = subprocess.Popen(list(prefix) + [SVSCAN[self.impl]] + self.opts + [self.dir],
                                     stdin=subprocess.DEVNULL, stdout=self.err, stderr=self.err,
                                     env=self.env, pass_fds=self.pass_fds)
        return self

    def ctl(self, cmds):
        send(os.path.join(self.dir, ".s6-svscan", "control"), cmds)

    def stderr(self):
        with open(self.errpath, "rb") as f:
            return f.read().replace(os.fsencode(self.dir), b"DIR")

    def wait_exit(self, timeout=15.0):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        if self.proc is not None:
            if self.proc.poll() is None:
                try:
                    self.ctl("t")
                except OSError:
                    pass
                if self.wait_exit(10) is None:
                    self.proc.kill()
                    self.proc.wait(10)
            self.err.close()
        kill_strays(self.dir)
