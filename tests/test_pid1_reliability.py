"""The supervision tree as a PID 1 that cannot be wedged (issue 11).

Each test is one of the issue's repros, run against execpy's tree and,
where the issue compares, against Debian's C s6 2.11.3.2: SIGTERM then
SIGHUP, failed forks, signal floods, control commands queued behind a
spawn, and a soak of all of it at once on a tree whose services crash and
restart.
"""

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest

from execpy.engine import process
from s6utils.supervision import procs
from s6utils.supervision import supervisor as sv
from tests import svharness as h
from tests.test_supervision import _pid1_of, _scandir, _zombies_of, needs_pidns
from tests.test_supervision_unit import running_loop

pytestmark = pytest.mark.skipif(not os.path.exists("/usr/bin/s6-svscan"),
                                reason="Debian's s6 is not installed (apt-get install s6)")

SLEEP = "#!/bin/sh\nexec sleep 100\n"
ENV = {b"PATH": b"/usr/bin:/bin"}
PIDNS = ["unshare", "--pid", "--fork", "--mount-proc", "--kill-child"]
FLOOD_SIGNALS = (signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM, signal.SIGCHLD,
                 signal.SIGWINCH, signal.SIGPWR)


def _fds(pid):
    return sorted(int(n) for n in os.listdir("/proc/%d/fd" % pid))


def _instances(d):
    """Live (not zombie) processes whose working directory is ``d``: the
    instances of a service, which run in its directory."""
    d = os.path.realpath(d)
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            if os.readlink("/proc/%s/cwd" % name) != d:
                continue
            with open("/proc/%s/stat" % name) as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state not in ("Z", "X"):
            out.append((int(name), state))
    return out


def _rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _sender(pid, secs, rate=0, sigs=FLOOD_SIGNALS):
    """A process that sends ``sigs`` to ``pid`` for ``secs`` seconds (at
    about ``rate`` a second; 0: as fast as it can) and prints how many it
    sent."""
    code = ("import os, sys, time\n"
            "pid, secs, rate = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])\n"
            "sigs = [int(s) for s in sys.argv[4:]]\n"
            "t0 = time.monotonic(); n = 0\n"
            "try:\n"
            "    while time.monotonic() - t0 < secs:\n"
            "        for s in sigs:\n"
            "            for _ in range(20):\n"
            "                os.kill(pid, s)\n"
            "        n += 20 * len(sigs)\n"
            "        if rate and n / rate > time.monotonic() - t0:\n"
            "            time.sleep(n / rate - (time.monotonic() - t0))\n"
            "except ProcessLookupError:\n"
            "    pass\n"
            "print(n)\n")
    return subprocess.Popen([sys.executable, "-c", code, str(pid), str(secs), str(rate)]
                            + [str(int(s)) for s in sigs], stdout=subprocess.PIPE)


def _sent(sender):
    out, _ = sender.communicate(timeout=30)
    return int(out or 0)


def _start_trees(impl, tmp_path, n, services):
    trees = []
    for i in range(n):
        scan = _scandir(tmp_path, "%s%02d" % (impl, i), services)
        trees.append(h.Svscan(impl, scan).start())
    return trees


def _all_up(trees, names):
    return all(_instances(os.path.join(t.dir, n)) for t in trees for n in names)


# --------------------------------------------------------------------------
# 1. SIGTERM then SIGHUP

def test_sigterm_then_sighup_ends_the_tree_20_times_out_of_20(tmp_path):
    """``kill -TERM $P; kill -HUP $P``, on 20 trees at once. HUP used to
    lower the kill level TERM had raised, leaving the tree up for good,
    20 times out of 20. Now each wake takes the pending signals lowest
    number first (HUP, then TERM) and kill levels add up, so the tree
    ends whatever the timing. (A HUP that comes after the TERM was
    handled stays pending until the end, then kills s6-svscan: it ends
    either way, as C's does.)

    Debian's C s6-svscan, run the issue's way (one tree at a time, this
    2-core machine shared with other work): 15 exits 0, 2 deaths by the
    pending SIGHUP, 3 wedged for good: C reads its signalfd until it is
    empty, and a HUP read after the TERM in the same loop lowers the
    level. 20 C trees at once wedge more often still; C is not run here."""
    impl = "execpy"
    trees = _start_trees(impl, tmp_path, 20, {"a": {"run": SLEEP}})
    try:
        assert h.wait_until(lambda: _all_up(trees, "a"), 20)
        for t in trees:
            os.kill(t.proc.pid, signal.SIGTERM)
            os.kill(t.proc.pid, signal.SIGHUP)
        codes = [t.wait_exit(10) for t in trees]
        assert None not in codes, codes
        assert set(codes) <= {0, -signal.SIGHUP}, codes
        assert h.wait_until(lambda: not any(_instances(os.path.join(t.dir, "a")) for t in trees), 5)
    finally:
        for t in trees:
            t.stop()


@pytest.mark.parametrize("impl", h.IMPLS)
def test_svscanctl_th_ends_the_tree_unlike_c(impl, tmp_path):
    """``s6-svscanctl -th`` writes both commands at once: C's ``h`` then
    replaces the kill level ``t`` asked for, and C s6-svscan stops
    scanning but waits forever for supervisors it never told to stop
    (its service stays up). execpy's requests add up: the tree ends. A
    deviation, in the README's table."""
    t = _start_trees(impl, tmp_path, 1, {"a": {"run": SLEEP}})[0]
    a = os.path.join(t.dir, "a")
    try:
        assert h.wait_until(lambda: _instances(a), 10)
        p = subprocess.run(["/usr/bin/s6-svscanctl", "-th", t.dir], timeout=10,
                           stdin=subprocess.DEVNULL, capture_output=True)
        assert p.returncode == 0
        if impl == "c":
            assert t.wait_exit(2) is None and _instances(a)
        else:
            assert t.wait_exit(10) == 0
            assert not _instances(a)
    finally:
        if t.proc.poll() is None:
            t.proc.kill()
            t.proc.wait(10)
        t.stop()


# --------------------------------------------------------------------------
# 2. failed forks leak nothing

@pytest.fixture
def nobody_scan():
    """A scan directory nobody (uid 65534) may use, with a SIGUSR1 script."""
    if os.geteuid() != 0 or not shutil.which("setpriv") or not shutil.which("prlimit"):
        pytest.skip("needs root, setpriv and prlimit")
    top = tempfile.mkdtemp(prefix="execpy-nobody-")
    os.chmod(top, 0o755)
    scan = os.path.join(top, "scan")
    h.write(os.path.join(scan, ".s6-svscan", "SIGUSR1"), "#!/bin/sh\nexit 0\n", 0o755)
    for dirpath, dirs, files in os.walk(top):
        for name in dirs + files + [""]:
            os.chown(os.path.join(dirpath, name), 65534, 65534)
    yield scan
    shutil.rmtree(top, ignore_errors=True)


@pytest.mark.parametrize("impl", h.IMPLS)
def test_failed_forks_leak_no_descriptor(impl, nobody_scan):
    """s6-svscan as nobody under ``prlimit --nproc=1`` (it is the one
    process nobody may have, so every fork fails), 50 SIGUSR1s, each seen
    failing ("unable to spawn ...: Resource temporarily unavailable"): the
    descriptor table is the same before and after, as C's is (execpy's used
    to grow by one pipe per failed fork)."""
    errpath = nobody_scan + ".stderr"
    with open(errpath, "wb") as err:
        proc = subprocess.Popen(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                 "prlimit", "--nproc=1:1", h.SVSCAN[impl], nobody_scan],
                                stdin=subprocess.DEVNULL, stdout=err, stderr=err)

    def failures():
        with open(errpath, "rb") as f:
            return f.read().count(b"SIGUSR1: Resource temporarily unavailable")

    try:
        assert h.wait_until(lambda: os.path.exists(os.path.join(nobody_scan, ".s6-svscan", "control"))
                            and len(_fds(proc.pid)) > 3, 10)
        time.sleep(0.3)
        before = _fds(proc.pid)
        for i in range(50):
            proc.send_signal(signal.SIGUSR1)
            assert h.wait_until(lambda: failures() > i, 5), i
        assert _fds(proc.pid) == before
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert failures() == 50


def _fork_fails(*args, **kw):
    raise OSError(11, os.strerror(11))


def test_seam_spawns_leave_nothing_open_when_fork_or_exec_fails(monkeypatch):
    """In this process: procs.spawn_simple and procs.fork when fork fails
    (every pipe closed) and when exec fails (the pipe closed, the child
    waited for: no zombie)."""
    before = _fds(os.getpid())
    for _ in range(100):
        with pytest.raises(OSError) as e:
            procs.spawn_simple(b"/bin/true-is-not-here/x", [b"x"], ENV)
        assert e.value.errno == 2
        with pytest.raises(OSError) as e:
            procs.spawn_simple(b"/etc/passwd", [b"x"], ENV)     # exists, not executable
        assert e.value.errno == 13
    assert _fds(os.getpid()) == before
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
    monkeypatch.setattr(process, "fork_child", _fork_fails)
    for _ in range(100):
        with pytest.raises(OSError) as e:
            procs.spawn_simple(b"/bin/true", [b"true"], ENV)
        assert e.value.errno == 11
        with pytest.raises(OSError):
            procs.fork(lambda: 0)
    assert _fds(os.getpid()) == before


def test_supervisor_leaks_nothing_across_failed_forks(tmp_path, monkeypatch, capfd):
    """A Supervisor whose ./run can never be forked (with a notification
    pipe and a service lock to open each time) retries 30 times and keeps
    the same descriptors."""
    d = h.make_service(str(tmp_path / "s"), SLEEP, files={
        "notification-fd": "3", "lock-fd": "4", "supervise/service-lock": ""})
    with running_loop() as (lp, errors):
        monkeypatch.setattr(process, "fork_child", _fork_fails)
        sup = sv.Supervisor(lp, os.fsencode(d), ENV)
        assert sup.start(os.open(d, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)) == 0
        try:
            lp.step(time.monotonic() + 0.05)        # the first try
            before = _fds(os.getpid())
            for _ in range(30):
                sup.deadline = 0.0                  # retry now, not in 60 seconds
                lp.step(time.monotonic() + 0.05)
            assert _fds(os.getpid()) == before
            assert sup.state == sv.DOWN and sup.spawning is None
        finally:
            sup.event(sv.QUIT)                      # down: the supervisor exits
        assert not sup.alive
    err = capfd.readouterr().err
    assert err.count("unable to fork (waiting 60 seconds): Resource temporarily unavailable") == 31
    assert errors == []


# --------------------------------------------------------------------------
# 3. signal floods

FLOOD_TREE = {
    "a": {"run": SLEEP},
    "crash": {"run": "#!/bin/sh\n(sleep 0.05 &)\nexit 1\n"},
    "logged": {"run": "#!/bin/sh\nwhile :; do echo x; sleep 0.1; done\n",
               "log/run": "#!/bin/sh\nexec cat >/dev/null\n"},
    ".s6-svscan": {"SIGUSR1": "#!/bin/sh\nexit 0\n"},
}


def _flood(impl, tmp_path, rate):
    """Flood a tree that is process 1 of a PID namespace: no zombie piles
    up, no descriptor leaks, and a SIGTERM sent in the middle of the flood
    ends the tree at once. Returns how many signals were sent."""
    scan = _scandir(tmp_path, impl, FLOOD_TREE)
    s = h.Svscan(impl, scan).start(prefix=PIDNS)
    sent = 0
    try:
        assert h.wait_until(lambda: _pid1_of(s.proc.pid) and _instances(os.path.join(scan, "a"))
                            and _instances(os.path.join(scan, "logged", "log")), 10)
        pid1 = _pid1_of(s.proc.pid)
        time.sleep(0.3)
        fds = len(_fds(pid1))
        sender = _sender(pid1, 1.5, rate)
        peak = 0
        while sender.poll() is None:
            peak = max(peak, len(_zombies_of(pid1)))
            time.sleep(0.05)
        sent += _sent(sender)
        assert peak <= 5, peak
        assert h.wait_until(lambda: not _zombies_of(pid1), 2), _zombies_of(pid1)
        assert h.wait_until(lambda: len(_fds(pid1)) <= fds, 2), (fds, _fds(pid1))
        # C's s6-svscan 2.11.3.2 lowers its kill level for a HUP it reads
        # after the TERM (the first defect above): whether one comes in the
        # same batch is luck of the machine's speed, so C's tree is flooded
        # without HUPs while it is told to end; execpy's with them.
        sigs = FLOOD_SIGNALS if impl == "execpy" else FLOOD_SIGNALS[1:]
        sender = _sender(pid1, 3.0, rate, sigs)
        time.sleep(0.5)
        os.kill(pid1, signal.SIGTERM)
        t0 = time.monotonic()
        rc = s.wait_exit(5)
        took = time.monotonic() - t0
        sent += _sent(sender)
        assert rc == 0, rc
        assert took < 2.0, took
    finally:
        s.stop()
    return sent


@needs_pidns
@pytest.mark.parametrize("impl", h.IMPLS)
def test_signal_flood_to_pid1_at_the_issues_rate(impl, tmp_path):
    """About 40,000 mixed signals a second (the issue sent 490,000 in
    15 s): execpy used to pile up thousands of zombies and never act on
    the SIGTERM; C holds, and so must execpy."""
    assert _flood(impl, tmp_path, 40000) > 40000


@needs_pidns
def test_signal_flood_to_pid1_as_fast_as_it_can_be_sent(tmp_path):
    """The same flood with no rate limit (well over a million signals a
    second here): execpy's loop keeps the signals blocked while it works,
    so the flood costs it one wake per batch. (C's s6-svscan 2.11.3.2 is
    not run here: it reads its signalfd until it is empty, which under
    this flood it never is, so it neither reaps nor acts on SIGTERM, and
    HUPs read after the TERM lower its kill level.)"""
    assert _flood("execpy", tmp_path, 0) > 100000


# --------------------------------------------------------------------------
# 4. control commands queued behind a spawn

QUEUED = ("xU", "xUk", "xUt", "xUp", "xUr", "xu", "xo")


@pytest.mark.parametrize("impl", h.IMPLS)
def test_no_unsupervised_instance_after_queued_commands(impl, tmp_path):
    """``printf D > control; sleep .1; printf xUk > control`` and its
    kin: ``x`` makes the supervisor of a down service exit, and what
    follows in the same read asks it to start the service. C's
    s6-supervise starts ./run and exits at once: for ``xU``, ``xu``,
    ``xo`` (and ``xUp``, stopped) an instance outlives it, unsupervised;
    ``k``, ``t``, ``r`` kill it just before. execpy's supervisor, once
    told to exit, starts nothing: no instance outlives it, whatever the
    sequence (a deviation, in the README's table)."""
    left = {}
    for seq in QUEUED:
        d = h.make_service(str(tmp_path / impl / seq), SLEEP)
        s = h.Supervise(impl, d).start()
        try:
            s.wait("u")
            s.ctl("D")
            s.wait("D")
            time.sleep(0.1)
            s.ctl(seq)
            rc = s.proc.wait(10)
            assert rc == 0
            time.sleep(0.3)
            left[seq] = sorted(state for _, state in _instances(d))
        finally:
            s.finish()
            s.stop()
        assert h.wait_until(lambda: not _instances(d), 5)
    if impl == "c":
        assert left == {"xU": ["S"], "xUk": [], "xUt": [], "xUp": ["T"], "xUr": [],
                        "xu": ["S"], "xo": ["S"]}
    else:
        assert left == {seq: [] for seq in QUEUED}


# --------------------------------------------------------------------------
# 5. the soak

SOAK_TREE = {
    "sleeper": {"run": SLEEP, "finish": "#!/bin/sh\nexit 0\n"},
    "crasher": {"run": "#!/bin/sh\n(sleep 0.2 &)\nexit 3\n", "finish": "#!/bin/sh\nexit 0\n"},
    "notify": {"run": "#!/bin/sh\necho >&3\nexec sleep 100\n", "notification-fd": "3"},
    "logged": {"run": "#!/bin/sh\nwhile :; do echo line; sleep 0.05; done\n",
               "log/run": "#!/bin/sh\nexec cat >/dev/null\n"},
    "el": {"run": "#!%s/execlineb -P\nforeground { sleep 0.3 } exit 1\n" % h.BIN},
    ".s6-svscan": {"SIGUSR1": "#!/bin/sh\nexit 0\n"},
}
SOAK_SECONDS = 15.0
SERVICE_BYTES = b"ahkti12pcyroduDUxOQ" + b"uuuUUU"   # not q, b: a core dump each
SCANNER_BYTES = b"aznhN?"


def _soak_sample(pid1):
    """(descriptors, zombies, RSS in kB), the least over a few looks: a
    crashing service has a zombie or a spawn pipe for an instant."""
    looks = []
    for _ in range(8):
        looks.append((len(_fds(pid1)), len(_zombies_of(pid1)), _rss_kb(pid1)))
        time.sleep(0.05)
    return tuple(min(x) for x in zip(*looks))


@needs_pidns
def test_soak_signals_and_control_bytes_on_a_crashing_tree(tmp_path):
    """15 s of mixed signals (in bursts, to process 1) and random control
    bytes (to every supervisor and to the scanner) on a tree whose
    services crash, restart, make orphans, log and notify readiness. Then
    every service is asked up again: the descriptors are what they were
    before, no zombie is left, the RSS has grown by less than 1 MB (about
    170 kB here, over more than 100,000 signals), and SIGTERM ends the tree."""
    rnd = random.Random(11)
    scan = _scandir(tmp_path, "scan", SOAK_TREE)
    names = ["sleeper", "crasher", "notify", "logged", "logged/log", "el"]
    s = h.Svscan("execpy", scan).start(prefix=PIDNS)
    try:
        assert h.wait_until(lambda: _pid1_of(s.proc.pid) and all(
            _instances(os.path.join(scan, n)) for n in ("sleeper", "notify", "logged/log")), 10)
        pid1 = _pid1_of(s.proc.pid)
        time.sleep(2.0)
        before = _soak_sample(pid1)
        end = time.monotonic() + SOAK_SECONDS
        signals = sent = 0
        while time.monotonic() < end:
            sig = rnd.choice(FLOOD_SIGNALS)
            for _ in range(rnd.randrange(1, 200)):
                os.kill(pid1, sig)
                signals += 1
            name = rnd.choice(names)
            data = bytes(rnd.choice(SERVICE_BYTES) for _ in range(rnd.randrange(1, 6)))
            try:
                h.send(os.path.join(scan, name, "supervise", "control"), data)
                sent += len(data)
            except OSError:
                pass            # that supervisor is restarting
            if rnd.random() < 0.1:
                s.ctl(bytes((rnd.choice(SCANNER_BYTES),)))
            time.sleep(rnd.random() * 0.01)
        assert s.proc.poll() is None
        for name in names:        # everything back up, in a known state
            h.wait_until(lambda: _send_ok(os.path.join(scan, name), b"cU"), 3)
        time.sleep(2.5)
        after = _soak_sample(pid1)
        assert after[0] <= before[0] + 2, (before, after)
        assert after[1] == 0, (before, after)
        assert after[2] <= before[2] + 1024, (before, after)
        assert signals > 10000 and sent > 1000
        os.kill(pid1, signal.SIGTERM)
        assert s.wait_exit(15) == 0
    finally:
        s.stop()
    err = s.stderr()
    assert b"internal error" not in err and b"Traceback" not in err


def _send_ok(d, data):
    try:
        h.send(os.path.join(d, "supervise", "control"), data)
        return True
    except OSError:
        return False


# --------------------------------------------------------------------------
# the loop itself

def _in_child(body, timeout=20):
    """Run ``body()`` in a forked child of the test process and fail with
    what it raised. Signals sent to the test process itself, five kinds at
    once while Python handlers are set, were seen (CPython 3.11.7, under
    pytest with hypothesis) to corrupt the heap and crash pytest in a later
    test's garbage collection; in a child only that child is at risk."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(r)
            body()
        except BaseException as e:  # noqa: BLE001 - report it to the parent
            import traceback
            os.write(w, "".join(traceback.format_exception(type(e), e, e.__traceback__)).encode())
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        report = f.read()
    end = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > end:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the child timed out")
        time.sleep(0.01)
    assert os.waitstatus_to_exitcode(status) == 0, report.decode(errors="replace")


def test_loop_hands_pending_signals_once_each_lowest_first():
    """Signals sent in any order and any number between two wakes come
    to on_signal once each, lowest number first, as from a signalfd."""
    def body():
        got = []
        with running_loop((17, 15, 1, 3, 2, 10), got.append) as (lp, errors):
            for sig in (15, 10, 1, 15, 3, 10, 1, 2) * 50:
                os.kill(os.getpid(), sig)
            lp.step(time.monotonic() + 0.05)
            assert [s for s in got if s != 17] == [1, 2, 3, 10, 15]
            del got[:]
            lp.step(time.monotonic() + 0.02)
            assert [s for s in got if s != 17] == []
        assert errors == []
    _in_child(body)
