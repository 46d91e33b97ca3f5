"""execpy's s6 control and query tools against Debian's, on real supervisors.

Debian's C s6-supervise (and s6-svscan) run on temporary service
directories; in every situation Debian's tool and execpy's tool are run the
same way and must give the same stdout, stderr and exit code. Counts of
seconds may differ by one (a second can tick between the two runs).
The fifodir protocol (s6utils.lib.fifodir) is checked against s6-ftrig-*.
"""

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from s6utils.lib import death_tally, tai
from s6utils.lib import fifodir as ftrig
from s6utils.lib import status as svstatus

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "bin")
REAL = "/usr/bin"
TIMEOUT = 20

pytestmark = pytest.mark.skipif(not os.path.exists(REAL + "/s6-supervise"),
                                reason="Debian's s6 is not installed (apt-get install s6)")


# --------------------------------------------------------------------------
# running tools

def exe(impl, name):
    return os.path.join(REAL if impl == "real" else BIN, name)


def tool(impl, name, *args, cwd=None, timeout=TIMEOUT, env=None):
    p = subprocess.run([exe(impl, name), *args], cwd=cwd, timeout=timeout, env=env,
                       stdin=subprocess.DEVNULL, capture_output=True)
    return p.stdout, p.stderr, p.returncode


_NUMBER = re.compile(rb"@[0-9a-f]{24}|\d+")


def _seconds(token):
    if token.startswith(b"@"):
        return int(token[1:17], 16)
    return int(token)


def _numbers_close(a, b):
    """a and b are equal except for numbers (and TAI64N labels) whose
    seconds differ by at most one: a second may tick between two runs."""
    if _NUMBER.sub(b"#", a) != _NUMBER.sub(b"#", b):
        return False
    na = [_seconds(x) for x in _NUMBER.findall(a)]
    nb = [_seconds(x) for x in _NUMBER.findall(b)]
    return all(abs(x - y) <= 1 for x, y in zip(na, nb))


def same(real, ours, timing=False):
    """Assert two (stdout, stderr, status) triples agree."""
    if timing:
        assert real[1:] == ours[1:], (real, ours)
        assert _numbers_close(real[0], ours[0]), (real, ours)
    else:
        assert real == ours


def both(name, *args, cwd=None, timing=False, timeout=TIMEOUT):
    real = tool("real", name, *args, cwd=cwd, timeout=timeout)
    ours = tool("execpy", name, *args, cwd=cwd, timeout=timeout)
    same(real, ours, timing)
    return real


def wait_until(cond, timeout=10.0, what="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


def svstat_o(path, fields):
    out, err, rc = tool("real", "s6-svstat", "-o", fields, path)
    assert rc == 0, err
    return out.decode().split()


# --------------------------------------------------------------------------
# supervised services (Debian's s6-supervise)

SLEEP_RUN = "#!/bin/sh\nexec sleep 100\n"


class Service:
    """A service directory under Debian's s6-supervise."""

    def __init__(self, path, run=SLEEP_RUN, finish=None, down=False, notif=None, extra=None):
        self.path = str(path)
        os.makedirs(self.path, exist_ok=True)
        self._write("run", run, 0o755)
        if finish is not None:
            self._write("finish", finish, 0o755)
        if down:
            self._write("down", "")
        if notif is not None:
            self._write("notification-fd", "%d\n" % notif)
        for name, (text, mode) in (extra or {}).items():
            self._write(name, text, mode)
        self.proc = None

    def _write(self, name, text, mode=0o644):
        p = os.path.join(self.path, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)
        os.chmod(p, mode)

    def start(self, up=True):
        self.proc = subprocess.Popen([REAL + "/s6-supervise", self.path], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        wait_until(lambda: os.path.exists(self.path + "/supervise/status")
                   and tool("real", "s6-svok", self.path)[2] == 0, what="s6-supervise")
        if up:
            self.wait_fields("up", "true")
        return self

    def fields(self, fields):
        return svstat_o(self.path, fields)

    def wait_fields(self, fields, expect, timeout=10.0):
        fields = fields.replace(" ", ",")
        expect = expect.split()
        try:
            wait_until(lambda: self.fields(fields) == expect, timeout,
                       "%s to be %s" % (fields, expect))
        except AssertionError:
            raise AssertionError("%s: %s is %s, not %s" % (
                self.path, fields, self.fields(fields), expect)) from None

    def svc(self, *letters):
        out, err, rc = tool("real", "s6-svc", *letters, self.path)
        assert rc == 0, err

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            subprocess.run([REAL + "/s6-svc", "-dx", self.path], timeout=TIMEOUT,
                           capture_output=True)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc = None


@pytest.fixture
def services(tmp_path):
    started = []

    def make(name="sv", start=True, up=True, **kw):
        s = Service(tmp_path / name, **kw)
        started.append(s)
        if start:
            s.start(up)
        return s

    yield make
    for s in started:
        s.stop()


# --------------------------------------------------------------------------
# the fifodir protocol

def test_fifodir_make_modes(tmp_path):
    for args, name in (([], "a"), (["-g", "5"], "b")):
        real = str(tmp_path / ("real-" + name))
        ours = str(tmp_path / ("ours-" + name)).encode()
        subprocess.run([REAL + "/s6-mkfifodir", *args, real], check=True, timeout=TIMEOUT)
        ftrig.fifodir_make(ours, int(args[1]) if args else -1)
        sr, so = os.stat(real), os.stat(ours)
        assert (oct(sr.st_mode), sr.st_gid) == (oct(so.st_mode), so.st_gid)


def test_real_listener_our_notifier(tmp_path):
    fd = str(tmp_path / "fifodir")
    ftrig.fifodir_make(fd.encode())
    p = subprocess.Popen([REAL + "/s6-ftrig-wait", "-t", "5000", fd, "a.*b"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_until(lambda: any(n.startswith("ftrig1:@") for n in os.listdir(fd)), what="listener")
        assert ftrig.notify(fd.encode(), b"xyazb") == 1
        out, err = p.communicate(timeout=TIMEOUT)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert (out, err, p.returncode) == (b"b\n", b"", 0)
    wait_until(lambda: not os.listdir(fd), what="listener cleanup")


def test_our_listener_real_notifier(tmp_path):
    fd = tmp_path / "fifodir"
    subprocess.run([REAL + "/s6-mkfifodir", str(fd)], check=True, timeout=TIMEOUT)
    with ftrig.Listener(str(fd).encode()) as listener:
        name = os.path.basename(listener.path)
        assert len(name) == 39 and name.startswith(b"ftrig1:@")
        assert oct(os.stat(listener.path).st_mode) == oct(0o10600)
        r = subprocess.run([REAL + "/s6-ftrig-notify", str(fd), "hello"], timeout=TIMEOUT)
        assert r.returncode == 0
        assert ftrig.wait_sequence(listener, b"l+o", time.monotonic() + 5) == ord("o")
    assert os.listdir(fd) == []


def test_notify_removes_stale_fifos(tmp_path):
    fd = str(tmp_path / "fifodir").encode()
    ftrig.fifodir_make(fd)
    stale = fd + b"/ftrig1:@400000006b0e1b2e06ee63d3:178bEK"
    os.mkfifo(stale, 0o600)
    os.mkfifo(fd + b"/not-a-listener", 0o600)
    assert ftrig.notify(fd, b"x") == 0
    assert sorted(os.listdir(fd)) == [b"not-a-listener"]
    # s6-cleanfifodir and ftrig.clean agree on what is stale
    os.mkfifo(stale, 0o600)
    with ftrig.Listener(fd) as live:
        ftrig.clean(fd)
        assert sorted(os.listdir(fd)) == sorted([b"not-a-listener", os.path.basename(live.path)])


def test_real_listen1_sees_our_events(tmp_path):
    fd = str(tmp_path / "fifodir")
    ftrig.fifodir_make(fd.encode())
    script = "import sys, time; sys.path.insert(0, %r)\n" % ROOT + (
        "from s6utils.lib import fifodir as ftrig\n"
        "time.sleep(0.2)\n"
        "ftrig.notify(%r, b'U')\n" % fd.encode())
    r = subprocess.run([REAL + "/s6-ftrig-listen1", "-t", "5000", fd, "U", sys.executable, "-c",
                        script], capture_output=True, timeout=TIMEOUT)
    assert (r.stdout, r.stderr, r.returncode) == (b"U\n", b"", 0)


# --------------------------------------------------------------------------
# usage and option errors

USAGE_CASES = [
    ("s6-svc",), ("s6-svc", "-wx", "d"), ("s6-svc", "-w"), ("s6-svc", "-T", "x", "d"),
    ("s6-svc", "-T", "4294967296", "d"), ("s6-svc", "-s", "d"), ("s6-svc", "-Z", "d"),
    ("s6-svc", "-" + "u" * 63, "d"), ("s6-svc", ""), ("s6-svc", "-w", "", "d"),
    ("s6-svstat",), ("s6-svstat", "-x", "d"), ("s6-svstat", "-o"), ("s6-svstat", "-g", "d"),
    ("s6-svstat", "-o", "up,,pid", "d"), ("s6-svstat", "-o", ",up", "d"),
    ("s6-svstat", "-o", "foo", "d"), ("s6-svstat", "-o", "upx", "d"),
    ("s6-svstat", "-o", "pgid", "d"), ("s6-svstat", "-uwNrpestuwNrpestu", "d"),
    ("s6-svstat", "-o", "up,up,up,up,up,up,up,up", "-o", "up,up,up,up,up,up,up,up,up", "d"),
    ("s6-svwait",), ("s6-svwait", "-u"), ("s6-svwait", "-t", "x", "d"), ("s6-svwait", "-x", "d"),
    ("s6-svok",), ("s6-svscanctl",), ("s6-svscanctl", "-7", "d"), ("s6-svscanctl", "-x", "d"),
    ("s6-svscanctl", "-" + "t" * 65, "d"),
    ("s6-svdt",), ("s6-svdt", "-n", "x", "d"), ("s6-svdt", "-x", "d"), ("s6-svdt", "-n", "0", "d"),
    ("s6-svdt-clear",),
    ("s6-svlisten1",), ("s6-svlisten1", "d"), ("s6-svlisten1", "-o", "d", "true"),
    ("s6-svlisten1", "-t", "x", "d", "true"),
    ("s6-svlisten",), ("s6-svlisten", "a"), ("s6-svlisten", "a", "b"), ("s6-svlisten", "a", ""),
    ("s6-svlisten", "", "true"), ("s6-svlisten", "a", "b", "true"),
    ("s6-svlisten", "", "true", "x"), ("s6-svlisten", "-t", "x", "a", "", "b"),
    ("s6-svlisten", "a", "b", ""), ("s6-svlisten", "-x", "a", "", "b"),
    ("s6-notifyoncheck",), ("s6-notifyoncheck", "-3", "x", "true"),
    ("s6-notifyoncheck", "-s", "x", "true"), ("s6-notifyoncheck", "-n", "-1", "true"),
    ("s6-notifyoncheck", "-x", "true"), ("s6-notifyoncheck", "-d"),
    ("s6-notifyoncheck", "true"),
]


@pytest.mark.parametrize("argv", USAGE_CASES, ids=lambda a: " ".join(a) or "-")
def test_usage_and_option_errors(argv, tmp_path):
    both(*argv, cwd=str(tmp_path))


@pytest.mark.parametrize("strict", ["1", "2"])
def test_svlisten_block_strictness(tmp_path, strict):
    env = dict(os.environ, EXECLINE_STRICT=strict)
    for args in (["-t", "100", "nonexist", " b", "", "true"], ["-t", "100", " x", "", "true"]):
        real = tool("real", "s6-svlisten", *args, cwd=str(tmp_path), env=env)
        ours = tool("execpy", "s6-svlisten", *args, cwd=str(tmp_path), env=env)
        assert real == ours


# --------------------------------------------------------------------------
# no supervisor: the same broken trees, twice

def _broken_tree(root):
    os.makedirs(root + "/empty")
    os.makedirs(root + "/nosup/supervise")
    os.makedirs(root + "/noctl/supervise")
    os.makedirs(root + "/ctlfile/supervise")
    open(root + "/ctlfile/supervise/control", "w").close()
    os.makedirs(root + "/deadsup/supervise")
    os.mkfifo(root + "/deadsup/supervise/control")
    open(root + "/deadsup/supervise/lock", "w").close()
    os.makedirs(root + "/deadscan/.s6-svscan")
    os.mkfifo(root + "/deadscan/.s6-svscan/control")
    os.makedirs(root + "/scannoctl/.s6-svscan")
    os.makedirs(root + "/scanfile")
    open(root + "/scanfile/.s6-svscan", "w").close()
    os.makedirs(root + "/supfile")
    open(root + "/supfile/supervise", "w").close()
    open(root + "/afile", "w").close()


def _tree(root):
    out = []
    for d, dirs, files in os.walk(root):
        for n in sorted(dirs + files):
            p = os.path.join(d, n)
            st = os.lstat(p)
            body = b""
            if os.path.isfile(p):
                with open(p, "rb") as f:
                    body = f.read()
            out.append((os.path.relpath(p, root), oct(st.st_mode), body))
    return sorted(out)


DIRS = ["nonexist", "empty", "nosup", "noctl", "ctlfile", "deadsup", "deadscan", "scannoctl",
        "scanfile", "supfile", "afile", ""]
COMMANDS = [
    ("s6-svc", "-u"), ("s6-svc", "-du"), ("s6-svc", "-wu", "-T", "200"),
    ("s6-svc", "-wU", "-T", "200", "-u"), ("s6-svscanctl", "-t"), ("s6-svscanctl",),
    ("s6-svok",), ("s6-svstat",), ("s6-svstat", "-o", "up"), ("s6-svdt",), ("s6-svdt-clear",),
    ("s6-svwait", "-t", "200"), ("s6-svwait", "-d", "-t", "200"),
]


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: " ".join(c))
def test_without_supervisor(cmd, tmp_path):
    roots = {}
    for impl in ("real", "execpy"):
        root = str(tmp_path / impl)
        _broken_tree(root)
        roots[impl] = root
    for d in DIRS:
        real = tool("real", *cmd, d, cwd=roots["real"])
        ours = tool("execpy", *cmd, d, cwd=roots["execpy"])
        assert real == ours, d
    # same side effects: event/ fifodirs, emptied death tallies, control bytes
    assert _tree(roots["real"]) == _tree(roots["execpy"])


def test_svlisten_without_supervisor(tmp_path):
    results = {}
    for impl in ("real", "execpy"):
        root = str(tmp_path / impl)
        _broken_tree(root)
        out = []
        for d in DIRS:
            out.append(tool(impl, "s6-svlisten1", "-t", "200", d, "true", cwd=root))
            out.append(tool(impl, "s6-svlisten", "-t", "200", d, "nonexist", "", "true", cwd=root))
            out.append(tool(impl, "s6-svlisten", "-o", "-R", d, "", "true", cwd=root))
        out.append(_tree(root))
        results[impl] = out
    assert results["real"] == results["execpy"]


# --------------------------------------------------------------------------
# the bytes that reach a control pipe (a reader of our own plays the supervisor)

CONTROL_CASES = [
    ("s6-svc", "supervise", ["-abqhkti12pcyroduDUxOQ"]),
    ("s6-svc", "supervise", ["-u", "-d", "-T", "100", "-O"]),
    ("s6-svc", "supervise", ["-" + "u" * 62]),
    ("s6-svc", "supervise", ["-T0", "-k"]),
    ("s6-svc", "supervise", []),
    ("s6-svscanctl", ".s6-svscan", ["-zabhitqnN"]),
    ("s6-svscanctl", ".s6-svscan", ["-" + "n" * 64]),
    ("s6-svscanctl", ".s6-svscan", ["-a", "--"]),
    ("s6-svscanctl", ".s6-svscan", []),
]


@pytest.mark.parametrize("name,sub,args", CONTROL_CASES, ids=lambda x: str(x)[:30])
def test_control_bytes(tmp_path, name, sub, args):
    got = {}
    for impl in ("real", "execpy"):
        d = str(tmp_path / impl)
        os.makedirs(d + "/" + sub)
        os.mkfifo(d + "/" + sub + "/control", 0o600)
        fd = os.open(d + "/" + sub + "/control", os.O_RDONLY | os.O_NONBLOCK)
        try:
            result = tool(impl, name, *args, d)
            try:
                data = os.read(fd, 4096)
            except BlockingIOError:
                data = b""
        finally:
            os.close(fd)
        got[impl] = (result[0], result[1].replace(d.encode(), b"D"), result[2], data)
    assert got["real"] == got["execpy"]
    assert got["real"][2] == 0


# --------------------------------------------------------------------------
# s6-svstat, s6-svok, s6-svdt in every state a supervisor can be in

SVSTAT_VARIANTS = [
    [], ["-n"], ["-u"], ["-w"], ["-N"], ["-r"], ["-p"], ["-e"], ["-s"], ["-t"],
    ["-uwNrpest"], ["-n", "-s"],
    ["-o", "up,wantedup,normallyup,ready,paused,pid,exitcode,signal,signum,updownsince,"
           "readysince,updownfor,readyfor"],
    ["-o", "u,w,n,r,pa,pi,e,si,signu,updowns,readys,updownf,readyf,"],
    ["-o", "signal,signum", "-n"], ["-p", "-o", "up", "-t"],
]


def compare_queries(path):
    for variant in SVSTAT_VARIANTS:
        both("s6-svstat", *variant, path, timing=True)
    both("s6-svok", path)
    for variant in ([], ["-s"], ["-S"], ["-n", "1"], ["-n", "0"], ["-s", "-n", "99999"]):
        both("s6-svdt", *variant, path)


def test_state_up(services):
    s = services()
    compare_queries(s.path)


def test_state_normally_down(services):
    s = services(down=True, up=False)
    compare_queries(s.path)
    s.svc("-u")
    s.wait_fields("up", "true")
    compare_queries(s.path)


def test_state_killed_and_exited(services):
    s = services(run="#!/bin/sh\nexec sleep 100\n")
    s.svc("-d")
    s.wait_fields("up wantedup", "false false")
    compare_queries(s.path)
    s.svc("-u")
    s.wait_fields("up", "true")
    s.svc("-k")
    s.wait_fields("pid", "-1")
    s.wait_fields("up", "true")
    compare_queries(s.path)
    s.svc("-d")
    s.wait_fields("up", "false")
    # now a plain exit code
    with open(s.path + "/run", "w") as f:
        f.write("#!/bin/sh\nexit 3\n")
    s.svc("-o")
    s.wait_fields("up exitcode", "false 3")
    compare_queries(s.path)


def test_state_ready(services):
    s = services(run="#!/bin/sh\necho >&5\nexec sleep 100\n", notif=5)
    s.wait_fields("ready", "true")
    compare_queries(s.path)


def test_state_paused(services):
    s = services()
    s.svc("-p")
    s.wait_fields("paused", "true")
    compare_queries(s.path)
    s.svc("-c")


def test_state_finishing(services):
    s = services(finish="#!/bin/sh\nexec sleep 3\n")
    s.svc("-d")
    s.wait_fields("up", "false")
    compare_queries(s.path)


def test_state_once_and_want_down(services):
    s = services()
    s.svc("-o")
    s.wait_fields("wantedup", "false")
    compare_queries(s.path)
    s.stop()
    t = services(name="stubborn", run="#!/bin/sh\ntrap '' TERM\nexec sleep 100\n")
    t.svc("-d")
    t.wait_fields("wantedup", "false")
    time.sleep(0.2)
    compare_queries(t.path)
    t.svc("-k")


def test_death_tally(services):
    s = services(run="#!/bin/sh\nexit 7\n", up=False)
    wait_until(lambda: tool("real", "s6-svdt", s.path)[0].count(b"\n") >= 2, 15, "two deaths")
    s.svc("-d")
    s.wait_fields("wantedup", "false")
    compare_queries(s.path)
    out, err, rc = tool("execpy", "s6-svdt-clear", s.path)
    assert (out, err, rc) == (b"", b"", 0)
    assert tool("real", "s6-svdt", s.path) == (b"", b"", 0)
    assert os.path.getsize(s.path + "/supervise/death_tally") == 0


# --------------------------------------------------------------------------
# forged status records: every flag, wait status and time, Debian's reader
# against ours (a helper holds supervise/lock, so the reader believes a
# supervisor runs)

@pytest.fixture
def forged(tmp_path):
    path = str(tmp_path / "forged")
    os.makedirs(path + "/supervise")
    open(path + "/supervise/lock", "w").close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, os, sys\n"
         "fd = os.open(sys.argv[1], os.O_RDWR)\n"
         "fcntl.lockf(fd, fcntl.LOCK_EX)\n"
         "print('locked', flush=True)\n"
         "sys.stdin.read()\n", path + "/supervise/lock"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline() == b"locked\n"
        yield path
    finally:
        holder.stdin.close()
        holder.wait(TIMEOUT)
        holder.stdout.close()


def _forge(path, pid, wstat, flags, age, readyage, down):
    now = tai.tain_now()
    st = svstatus.Status(stamp=(now[0] - age, now[1]), readystamp=(now[0] - readyage, 999),
                         pid=pid, wstat=wstat, paused=bool(flags & 1), finishing=bool(flags & 2),
                         wantup=bool(flags & 4), ready=bool(flags & 8))
    svstatus.write_status(path.encode(), st)
    if down:
        open(path + "/down", "w").close()
    elif os.path.exists(path + "/down"):
        os.unlink(path + "/down")


FORGED = [
    (0, 0, 0, 10, 10, False), (0, 0, 15, 10, 5, True), (123, 0, 4, 1000, 999, False),
    (123, 0, 15, 1000, 999, True), (123, 0, 2 | 4, 5, 5, False), (0, 9, 4, 3, 3, False),
    (0, 0x8b, 8, 3, 3, False), (0, 3 << 8, 12, 0, 0, False), (0, 255 << 8, 0, 1, 1, False),
    (0, 0x7f, 4, 1, 1, False), (0, 0x137f, 4, 1, 1, False), (0, 40, 0, 1, 1, True),
    (0, 64, 0, 1, 1, False), (0, 65, 0, 1, 1, False), (99999, 0, 1 | 4, -50, -50, False),
    (1, 0, 8, 86400 * 365, -5, False), (4294967295, 0, 15, 0, 0, True), (1 << 32, 0, 15, 1, 1, False),
    ((1 << 32) + 77, 0, 4, 1, 1, False), (3360352031, 0, 9, 3, 3, True),
    (0, 0xffff, 15, 7, 7, False), (0, 0x100, 3, 7, 7, True),
]


@pytest.mark.parametrize("record", FORGED, ids=str)
def test_forged_status(forged, record):
    _forge(forged, *record)
    for variant in SVSTAT_VARIANTS:
        both("s6-svstat", *variant, forged, timing=True)


def test_forged_status_fuzz(forged):
    import random
    rng = random.Random(2113)
    variants = [[], ["-n"], ["-o", "up,wantedup,normallyup,ready,paused,pid,exitcode,signal,"
                                 "signum,updownsince,readysince,updownfor,readyfor"]]
    for _ in range(30):
        record = (rng.choice([0, 0, 1, rng.randrange(1 << 32)]), rng.randrange(1 << 16),
                  rng.randrange(16), rng.randrange(-100, 10 ** 6), rng.randrange(-100, 10 ** 6),
                  rng.random() < 0.5)
        _forge(forged, *record)
        for variant in variants:
            real = tool("real", "s6-svstat", *variant, forged)
            ours = tool("execpy", "s6-svstat", *variant, forged)
            assert real[1:] == ours[1:] and _numbers_close(real[0], ours[0]), (record, real, ours)


def test_forged_status_errors(forged):
    with open(forged + "/supervise/status", "wb") as f:
        f.write(b"short")
    both("s6-svstat", forged)
    os.unlink(forged + "/supervise/status")
    both("s6-svstat", forged)
    os.mkdir(forged + "/supervise/status")
    both("s6-svstat", forged)
    os.rmdir(forged + "/supervise/status")
    _forge(forged, 5, 0, 4, 1, 1, False)
    os.mkdir(forged + "/down")  # a directory still counts as "down"
    both("s6-svstat", forged)
    os.rmdir(forged + "/down")
    both("s6-svok", forged)


def test_forged_death_tally(forged):
    now = tai.tain_now()
    records = [((now[0] - k, k * 1000), k % 256, (k * 7) % 70) for k in range(50)]
    with open(forged + "/supervise/death_tally", "wb") as f:
        f.write(death_tally.pack(records))
    for variant in ([], ["-s"], ["-n", "3"], ["-n", "49"], ["-n", "50"], ["-n", "4097"]):
        both("s6-svdt", *variant, forged)
    # a corrupt tally is reset to empty by both
    for impl in ("real", "execpy"):
        with open(forged + "/supervise/death_tally", "ab") as f:
            f.write(b"partial")
        assert tool(impl, "s6-svdt", forged) == (b"", b"", 0)
        assert os.path.getsize(forged + "/supervise/death_tally") == 0


# --------------------------------------------------------------------------
# s6-svc: commands reach the supervisor

TRAPS = "".join("trap 'echo %s >> log' %s\n" % (sig, sig)
                for sig in ("ALRM", "ABRT", "QUIT", "HUP", "INT", "USR1", "USR2", "WINCH"))


def _last_line(path):
    try:
        with open(path) as f:
            lines = f.read().split()
    except FileNotFoundError:
        return None
    return lines[-1] if lines else None


def test_svc_signals(services):
    s = services(run="#!/bin/sh\n" + TRAPS + "echo >&4\nwhile :; do sleep 0.05; done\n", notif=4)
    s.wait_fields("ready", "true")
    log = os.path.join(s.path, "log")
    for letter, name in (("a", "ALRM"), ("b", "ABRT"), ("q", "QUIT"), ("h", "HUP"), ("i", "INT"),
                         ("1", "USR1"), ("2", "USR2"), ("y", "WINCH")):
        assert tool("execpy", "s6-svc", "-" + letter, s.path) == (b"", b"", 0)
        wait_until(lambda: _last_line(log) == name, what="signal " + name)
    pid = s.fields("pid")
    assert tool("execpy", "s6-svc", "-p", s.path) == (b"", b"", 0)
    s.wait_fields("paused", "true")
    assert tool("execpy", "s6-svc", "-c", s.path) == (b"", b"", 0)
    s.wait_fields("paused", "false")
    assert tool("execpy", "s6-svc", "-t", s.path) == (b"", b"", 0)
    wait_until(lambda: s.fields("pid") not in (pid, ["-1"]), what="restart after -t")


def test_svc_up_down_once(services):
    s = services()
    assert tool("execpy", "s6-svc", "-d", s.path) == (b"", b"", 0)
    s.wait_fields("up wantedup", "false false")
    assert tool("execpy", "s6-svc", "-u", s.path) == (b"", b"", 0)
    s.wait_fields("up wantedup", "true true")
    assert tool("execpy", "s6-svc", "-O", s.path) == (b"", b"", 0)
    s.wait_fields("wantedup", "false")
    assert tool("execpy", "s6-svc", "-u", s.path, "extra") == (
        b"", b"s6-svc: warning: ignoring extra arguments\n", 0)
    s.wait_fields("wantedup", "true")
    assert tool("execpy", "s6-svc", "-kdr", s.path) == (b"", b"", 0)
    s.wait_fields("up wantedup", "false false")


def test_svc_x_ends_supervisor(services):
    s = services()
    assert tool("execpy", "s6-svc", "-dx", s.path) == (b"", b"", 0)
    s.proc.wait(10)
    both("s6-svc", "-u", s.path)
    both("s6-svstat", s.path)


# --------------------------------------------------------------------------
# waiting: s6-svc -w, s6-svwait, s6-svlisten1, s6-svlisten

def _steps(s, impl, steps):
    out = []
    for argv in steps:
        r = tool(impl, *argv)
        out.append(r)
    return out


def test_svc_wait_with_readiness(services):
    s = services(run="#!/bin/sh\nsleep 0.2\necho >&3\nexec sleep 100\n", notif=3)
    s.wait_fields("ready", "true")
    steps = [
        ("s6-svc", "-wD", "-T", "5000", "-d", s.path),
        ("s6-svc", "-wU", "-T", "5000", "-u", s.path),
        ("s6-svc", "-wR", "-T", "5000", "-t", s.path),
        ("s6-svc", "-wd", "-T", "5000", "-d", s.path),
        ("s6-svc", "-wu", "-T", "5000", "-u", s.path),
        ("s6-svc", "-wr", "-T", "5000", "-k", s.path),
        ("s6-svc", "-wU", "-T", "5000", s.path),
        ("s6-svwait", "-U", "-t", "5000", s.path),
        ("s6-svwait", "-u", s.path),
        ("s6-svwait", "-d", "-t", "300", s.path),
        ("s6-svlisten1", "-D", "-t", "5000", s.path, "s6-svc", "-d", s.path),
        ("s6-svlisten1", "-U", "-t", "5000", s.path, REAL + "/s6-svc", "-u", s.path),
        ("s6-svlisten1", "-R", "-t", "5000", s.path, "s6-svc", "-t", s.path),
        ("s6-svlisten1", "-u", "-t", "300", s.path, "true"),
        ("s6-svlisten1", "-d", "-t", "300", s.path, "true"),
        ("s6-svlisten1", "-d", "-t", "300", s.path, "nonexistent-program"),
    ]
    real = _steps(s, "real", steps)
    ours = _steps(s, "execpy", steps)
    assert real == ours


def test_svc_wait_without_notification_fd(services):
    s = services()
    steps = [
        ("s6-svc", "-wU", "-T", "5000", "-d", s.path),
        ("s6-svc", "-wU", "-T", "5000", "-u", s.path),
        ("s6-svc", "-wR", "-T", "5000", "-t", s.path),
        ("s6-svc", "-wD", "-T", "5000", "-d", s.path),
        ("s6-svc", "-wU", "-T", "300", s.path),
        ("s6-svc", "-wu", "-T", "300", s.path),
        ("s6-svc", "-wd", "-T", "5000", "-d", s.path),
        ("s6-svc", "-wu", "-T", "5000", "-u", s.path),
    ]
    real = _steps(s, "real", steps)
    ours = _steps(s, "execpy", steps)
    assert real == ours


def test_svc_wait_timeout(services):
    s = services(run="#!/bin/sh\nexec sleep 100\n", notif=3)  # never ready
    steps = [
        ("s6-svc", "-wU", "-T", "300", "-u", s.path),
        ("s6-svc", "-wU", "-T", "300", s.path),
        ("s6-svwait", "-U", "-t", "300", s.path),
        ("s6-svlisten1", "-U", "-t", "300", s.path, "true"),
        ("s6-svlisten", "-U", "-t", "300", s.path, "", "true"),
    ]
    assert _steps(s, "real", steps) == _steps(s, "execpy", steps)


def test_svwait_and_or(services):
    a = services(name="a")
    b = services(name="b", down=True, up=False)
    steps = [
        ("s6-svwait", "-u", "-t", "300", a.path, b.path),
        ("s6-svwait", "-a", "-u", "-t", "300", a.path, b.path),
        ("s6-svwait", "-o", "-u", "-t", "300", a.path, b.path),
        ("s6-svwait", "-o", "-d", "-t", "300", a.path, b.path),
        ("s6-svwait", "-o", "-U", "-t", "300", a.path, b.path),
        ("s6-svlisten", "-u", "-t", "5000", a.path, b.path, "", "s6-svc", "-u", b.path),
        ("s6-svlisten", "-o", "-d", "-t", "5000", a.path, b.path, "", "s6-svc", "-d", a.path),
        ("s6-svlisten", "-o", "-r", "-t", "5000", a.path, " " + b.path, "", "s6-svc", "-du", b.path),
        ("s6-svlisten", "-d", "-t", "5000", a.path, b.path, "", "s6-svc", "-d", b.path),
    ]

    def reset():
        a.svc("-u")
        a.wait_fields("up", "true")
        b.svc("-d")
        b.wait_fields("up", "false")

    reset()
    real = _steps(a, "real", steps)
    reset()
    ours = _steps(a, "execpy", steps)
    assert real == ours


def _listen_both(argvs, trigger):
    """Start Debian's and execpy's listener at once, then trigger."""
    procs = []
    for impl in ("real", "execpy"):
        for argv in argvs:
            procs.append(subprocess.Popen([exe(impl, argv[0]), *argv[1:]], stdin=subprocess.DEVNULL,
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    try:
        time.sleep(0.5)  # both subscribed
        trigger()
        results = [(p.communicate(timeout=TIMEOUT), p.returncode) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.communicate()
    half = len(argvs)
    return results[:half], results[half:]


def test_supervisor_death_is_reported(services):
    s = services(run="#!/bin/sh\nexec sleep 100\n", notif=3, finish="#!/bin/sh\nexit 0\n")
    real, ours = _listen_both([
        ("s6-svwait", "-U", "-t", "8000", s.path),
        ("s6-svwait", "-u", "-t", "8000", s.path),  # already up: exits at once
        ("s6-svlisten1", "-U", "-t", "8000", s.path, "true"),
    ], lambda: s.svc("-dx"))
    s.proc.wait(10)
    assert real == ours
    assert real[0][1] == 1


def test_permanent_failure_is_reported(services):
    s = services(run="#!/bin/sh\nexit 2\n", finish="#!/bin/sh\nexit 125\n", down=True, up=False)
    real, ours = _listen_both([
        ("s6-svwait", "-U", "-t", "8000", s.path),  # u d O D: O is the failure
        ("s6-svwait", "-o", "-U", "-t", "8000", s.path),
        ("s6-svlisten1", "-U", "-t", "8000", s.path, "true"),
        ("s6-svwait", "-u", "-t", "8000", s.path),  # u comes first
        ("s6-svwait", "-D", "-t", "1500", s.path),
    ], lambda: s.svc("-u"))
    assert real == ours
    assert [r[1] for r in real] == [1, 1, 1, 0, 0]


# --------------------------------------------------------------------------
# s6-svscanctl against Debian's s6-svscan

@pytest.fixture
def scandir(tmp_path):
    scan = str(tmp_path / "scan")
    Service(scan + "/a")
    proc = subprocess.Popen([REAL + "/s6-svscan", scan], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        wait_until(lambda: tool("real", "s6-svok", scan + "/a")[2] == 0, what="s6-svscan")
        yield scan, proc
    finally:
        if proc.poll() is None:
            subprocess.run([REAL + "/s6-svscanctl", "-t", scan], timeout=TIMEOUT,
                           capture_output=True)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def test_svscanctl(scandir):
    scan, proc = scandir
    Service(scan + "/b")
    assert tool("execpy", "s6-svscanctl", "-a", scan) == (b"", b"", 0)
    wait_until(lambda: tool("real", "s6-svok", scan + "/b")[2] == 0, what="rescan")
    Service(scan + "/c")
    assert tool("execpy", "s6-svscanctl", "-h", scan) == (b"", b"", 0)
    wait_until(lambda: tool("real", "s6-svok", scan + "/c")[2] == 0, what="rescan")
    assert tool("execpy", "s6-svscanctl", scan) == (b"", b"", 0)
    both("s6-svscanctl", "-n", scan + "/a")
    assert tool("execpy", "s6-svscanctl", "-t", scan) == (b"", b"", 0)
    proc.wait(10)
    both("s6-svscanctl", "-a", scan)
    both("s6-svscanctl", "-t", scan + "/a")


# --------------------------------------------------------------------------
# s6-notifyoncheck

NOTIF_RUN = "#!/bin/sh\nexec %s -d -n 300 -w 100 -c \"test -e flag\" sleep 100\n"


@pytest.mark.parametrize("impl", ["real", "execpy"])
def test_notifyoncheck_command_line(services, impl):
    s = services(run=NOTIF_RUN % exe(impl, "s6-notifyoncheck"), notif=3)
    time.sleep(0.4)
    assert s.fields("ready") == ["false"]
    open(os.path.join(s.path, "flag"), "w").close()
    s.wait_fields("ready", "true")
    # the check's subscription to event/ is gone
    wait_until(lambda: os.listdir(s.path + "/event") == [], what="fifodir cleanup")
    os.unlink(os.path.join(s.path, "flag"))
    s.svc("-d")
    s.wait_fields("up", "false")


@pytest.mark.parametrize("impl", ["real", "execpy"])
def test_notifyoncheck_data_check(services, impl):
    s = services(run="#!/bin/sh\nexec %s -s 0 -w 50 -n 200 sleep 100\n"
                 % exe(impl, "s6-notifyoncheck"),
                 notif=3, extra={"data/check": ("#!/bin/sh\ntest -e flag\n", 0o755)})
    time.sleep(0.3)
    assert s.fields("ready") == ["false"]
    open(os.path.join(s.path, "flag"), "w").close()
    s.wait_fields("ready", "true")


@pytest.mark.parametrize("impl", ["real", "execpy"])
def test_notifyoncheck_gives_up(services, impl):
    s = services(run="#!/bin/sh\nexec %s -n 2 -s 0 -w 20 -c false sleep 100\n"
                 % exe(impl, "s6-notifyoncheck"), notif=3)
    time.sleep(0.5)
    assert s.fields("ready") == ["false"]
    wait_until(lambda: os.listdir(s.path + "/event") == [], what="fifodir cleanup")


def test_notifyoncheck_errors(services, tmp_path):
    plain = str(tmp_path / "plain")
    os.makedirs(plain)
    both("s6-notifyoncheck", "true", cwd=plain)
    s = services()
    both("s6-notifyoncheck", "true", cwd=s.path)
    both("s6-notifyoncheck", "-3", "7", "true", cwd=s.path)
    with open(s.path + "/notification-fd", "w") as f:
        f.write("x\n")
    both("s6-notifyoncheck", "true", cwd=s.path)
    with open(s.path + "/notification-fd", "w") as f:
        f.write("9\nrest")
    both("s6-notifyoncheck", "true", cwd=s.path)
    # a valid fd (stderr: the parent closes it, the child keeps its own copy): the parent
    # runs the program, the child tries once and says why it failed
    both("s6-notifyoncheck", "-n", "1", "-s", "0", "-3", "2", "echo", "daemon", cwd=s.path)
    both("s6-notifyoncheck", "-n", "1", "-s", "0", "-3", "2", "-c", "nonexistent-check", "true",
         cwd=s.path)
    both("s6-notifyoncheck", "-n", "1", "-s", "0", "-3", "2", "-c", "echo {", "true", cwd=s.path)
    both("s6-notifyoncheck", "-n", "1", "-s", "0", "-3", "2", "-c", "echo checked", "true",
         cwd=s.path)
    both("s6-notifyoncheck", "-n", "1", "-s", "0", "-3", "2", "nonexistent-daemon", cwd=s.path)
