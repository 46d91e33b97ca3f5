"""s6-rc change, start, stop and reload against C s6-rc 0.7.0.0, on a live
supervision tree.

A scenario compiles a source tree, starts an s6-svscan on a fresh scan
directory, runs s6-rc-init, then plays s6-rc steps and observes, after each,
what a user can see: exit code, stdout, stderr, live/state, the longruns'
``down`` files, which longruns s6 has up, and the log the oneshots' scripts
append to. Everything C does runs C: s6-rc, s6-rc-init, s6-svscan, and the
s6-svc / s6-sudo / oneshot runner it spawns (the oracle build in
/tmp/oracle, whose compiled-in paths are /tmp/oracle/bin and
/tmp/oracle/libexec). execpy's run is execpy's s6-rc, s6-rc-init and
s6-svscan, spawning the programs of TMP/prefix: execpy's where it has them,
the oracle's (or Debian's) otherwise.

Independent services may go in any order, so lines are compared per
service (each service's own lines, in order), plus the lines that name no
service, and each run is held to the order the dependencies impose
(check_order). Paths are shown relative to the test directory.

The recording (tests/golden/rc/change/scenarios.json, ``python3
tests/test_rc_change.py --record``) is C's; execpy must match it, and where
the oracle is present, C is also run live.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from s6utils.lib import control  # noqa: E402
from s6utils.lib import status as svstatus  # noqa: E402
from s6utils.rc import lock  # noqa: E402
from tests import rc_golden as g  # noqa: E402
from tests.rc_trees import Mode, _bundle, _longrun, _merge, _oneshot, materialize  # noqa: E402
from tests.test_rc_init import Scan  # noqa: E402

GOLDEN_DIR = os.path.join(g.GOLDEN, "change")
GOLDEN = os.path.join(GOLDEN_DIR, "scenarios.json")
PY_BIN = os.path.join(g.ROOT, "bin")
ORACLE_BIN = g.C_BIN
ORACLE_LIBEXEC = g.ORACLE + "/libexec"
C_PREFIXES = "%s/:%s/:%s/" % (ORACLE_BIN, ORACLE_BIN, ORACLE_LIBEXEC)
TIMEOUT = 60

# programs a live tree's scripts and s6-rc call, and where execpy's run finds
# them when execpy has no module for them yet
EXECLINE = ["execlineb", "fdmove", "pipeline", "if", "forstdin", "redirfd", "exit", "fdswap"]
S6 = ["s6-svc", "s6-sudo", "s6-sudoc", "s6-sudod", "s6-ipcserver-socketbinder", "s6-ipcserverd",
      "s6-ipcserver-access", "s6-ipcclient", "s6-fdholder-daemon", "s6-fdholder-retrieve",
      "s6-svlisten1"]
RC = ["s6-rc-oneshot-run", "s6-rc-fdholder-filler", "s6-rc-dryrun"]


def have_oracle():
    return all(os.access(os.path.join(ORACLE_BIN, p), os.X_OK)
               for p in ("s6-rc", "s6-rc-init", "s6-svscan", "s6-svc", "s6-sudo"))


def _execpy_has(name):
    from execpy import commands
    try:
        return commands.load(name.encode()) is not None
    except Exception:  # noqa: BLE001 - "not written yet"
        return False


def _foreign(name):
    for d in (ORACLE_LIBEXEC, ORACLE_BIN, "/usr/bin", "/usr/lib/execline/bin", "/usr/libexec"):
        p = os.path.join(d, name)
        if os.access(p, os.X_OK):
            return p
    return None


def execpy_svc_reloads():
    """Whether execpy's s6-svc has s6 2.15's -l (what s6-rc reload sends)."""
    from execpy import commands
    return b"l" in commands.load(b"s6-svc").COMMANDS


def _use_execpy(name):
    if name == "s6-svc" and not execpy_svc_reloads() and _foreign("s6-svc") == \
            os.path.join(ORACLE_BIN, "s6-svc"):
        return False  # s6 2.11's s6-svc cannot reload: take 2.15's
    return _execpy_has(name)


def make_prefix(top, own=False):
    """TMP/prefix/: a link per program, to execpy's launcher where execpy
    has the command, else to a C build; returns EXECPY_S6RC_PREFIXES.
    ``own``: execpy's s6-svc even where the tests take 2.15's for reloads."""
    d = os.path.join(top, "prefix")
    os.makedirs(d, exist_ok=True)
    use = _execpy_has if own else _use_execpy
    for name in EXECLINE + S6 + RC:
        target = os.path.join(PY_BIN, name) if use(name) else _foreign(name)
        if target:
            os.symlink(target, os.path.join(d, name))
    return "%s/:%s/:%s/" % (d, d, d)


def oneshots_runnable():
    return _execpy_has("s6-rc-oneshot-run") or _foreign("s6-rc-oneshot-run") is not None


def reload_runnable():
    return execpy_svc_reloads() or os.access(os.path.join(ORACLE_BIN, "s6-svc"), os.X_OK)


# --------------------------------------------------------------------------
# the source trees: LOG is replaced by the log file's path

def _say(word):
    return "/bin/sh -c \"echo %s >> LOG\"\n" % word


READY_RUN = "#!/bin/sh\nsleep 0.05\necho >&3\nexec sleep 1000\n"
NEVER_READY = "#!/bin/sh\nexec sleep 1000 3>&-\n"
HUP_PROOF = "#!/bin/sh\ntrap '' HUP\nexec sleep 1000\n"  # survives a reload
SLOW_READY = "#!/bin/sh\nsleep 3\necho >&3\nexec sleep 1000\n"

BASIC = _merge(
    _longrun("src/lr1"),
    _longrun("src/lr2", READY_RUN, deps=["lr1"], notification_fd="3\n"),
    _oneshot("src/os1", _say("os1-up"), _say("os1-down"), deps=["lr1"]),
    _oneshot("src/os2", _say("os2-up"), _say("os2-down"), deps=["os1", "lr2"]),
    _bundle("src/b", ["lr2", "os1"]),
    _oneshot("src/bad", "/bin/sh -c \"exit 3\"\n", deps=["lr1"]),
    _longrun("src/afterbad", deps=["bad"]),
    _oneshot("src/killed", "/bin/sh -c \"kill -9 $$\"\n"),
    _longrun("src/never", NEVER_READY, notification_fd="3\n", timeout_up="300\n"),
    _oneshot("src/afternever", _say("afternever-up"), deps=["never"]),
    _longrun("src/slow", SLOW_READY, notification_fd="3\n"),
    _longrun("src/ess", flag_essential=""),
    _longrun("src/afteress", deps=["ess"]),
    _longrun("src/lr3", deps=["lr1"]),
)

ONESHOT_WAITS = _merge(
    _longrun("src/lr1"),
    _oneshot("src/quick", _say("quick-up"), _say("quick-down"), deps=["lr1"]),
    _oneshot("src/hang", "/bin/sh -c \"sleep 1.5\"\n", "/bin/sh -c \"sleep 1.5\"\n",
             timeout_up="300\n"),
    _oneshot("src/slowos", "/bin/sh -c \"sleep 0.8; echo slowos-up >> LOG\"\n",
             _say("slowos-down")),
    _oneshot("src/afterslow", _say("afterslow-up"), deps=["slowos"]),
)

LONGRUNS_ONLY = _merge(
    _longrun("src/a", HUP_PROOF),
    _longrun("src/b", READY_RUN, deps=["a"], notification_fd="3\n"),
    _longrun("src/c", HUP_PROOF, deps=["a"]),
    _longrun("src/d", deps=["b", "c"]),
    _bundle("src/all", ["d"]),
    _longrun("src/never", NEVER_READY, notification_fd="3\n", timeout_up="300\n"),
    _longrun("src/afternever", deps=["never"]),
    _longrun("src/slow", SLOW_READY, notification_fd="3\n"),
    _longrun("src/ess", flag_essential=""),
    _longrun("src/failrun", "#!/bin/false\n", notification_fd="3\n", timeout_up="400\n"),
)

V2 = ["-v", "2"]
# scenario: (tree, needs oneshots, steps); a step is s6-rc's arguments after
# "-l TMP/live", or ("busy", arguments...): s6-rc while the test holds the
# live lock, or ("term" | "int", arguments...): s6-rc with those, sent
# SIGTERM or SIGINT after 0.4 s, or ("sleep", seconds), or ("down", name): an s6-svc -d of
# the test's own, or ("racy", arguments...): a -t
# whose deadline the last transition's own (clamped) timeout races; C ends
# either way (mostly the child's failure, exit 1, sometimes "timed out", 2)
SCENARIOS = {
    "longruns": (LONGRUNS_ONLY, False, [
        V2 + ["change", "a"], V2 + ["change", "all"], ["-v3", "change", "d", "c"],
        V2 + ["-d", "change", "b"], V2 + ["-u", "change", "all"], V2 + ["-d", "change", "a"],
        V2 + ["change", "nosuch"], ["change"], ("busy", "change", "a"),
        ("busy", "-a", "list"), ("busy", "--no-lock", "-v2", "-d", "change", "d"),
        V2 + ["-da", "change"]]),
    "longrun-failures": (LONGRUNS_ONLY, False, [
        V2 + ["change", "never", "afternever", "a"], V2 + ["change", "failrun"],
        ("racy",) + tuple(V2 + ["-t", "300", "change", "slow"]), ("down", "slow"),
        ["change", "never"], ["-v0", "change", "never"], V2 + ["-da", "change"]]),
    "essentials": (LONGRUNS_ONLY, False, [
        V2 + ["change", "ess", "a"], V2 + ["-d", "change", "ess", "a"], ["-da", "change"],
        V2 + ["-e", "-d", "change", "ess"], V2 + ["change", "ess"], V2 + ["-D", "change", "ess"]]),
    "prune-aliases": (LONGRUNS_ONLY, False, [
        V2 + ["change", "all"], V2 + ["-pu", "change", "c"], V2 + ["-p", "start", "b"],
        V2 + ["-p", "stop", "a"], V2 + ["start", "d"],
        V2 + ["-pd", "change", "b", "never", "slow", "failrun", "ess", "s6rc-fdholder"],
        V2 + ["-da", "change"]]),
    "signals": (LONGRUNS_ONLY, False, [
        ("term",) + tuple(V2 + ["change", "slow", "a"]), ("down", "slow"),
        ("int",) + tuple(V2 + ["change", "slow", "c"]), ("down", "slow"),
        ("term",) + tuple(["change", "slow"]), ("down", "slow"), V2 + ["-da", "change"]]),
    "reload": (LONGRUNS_ONLY, False, [
        V2 + ["change", "a", "c"], V2 + ["reload", "a", "c"], ["-v3", "reload", "c"],
        V2 + ["reload"], V2 + ["reload", "nosuch"], V2 + ["-da", "change"]]),
    "dry-run": (LONGRUNS_ONLY, False, [
        V2 + ["-n", "10", "change", "all"], ["-v3", "-n0", "change", "b"],
        V2 + ["change", "a"], V2 + ["-n", "5", "-d", "change", "a"], ["-n", "1", "change", "d"],
        ["-v", "0", "-n", "1", "change", "d"]]),
    "oneshots": (BASIC, True, [
        V2 + ["change", "os1"], V2 + ["change", "b"], ["-v3", "change", "os2"],
        V2 + ["-d", "change", "lr2"], V2 + ["change", "os2", "lr3"], V2 + ["-d", "change", "lr1"],
        V2 + ["-n", "1", "change", "os2"], V2 + ["-da", "change"]]),
    "oneshot-failures": (BASIC, True, [
        V2 + ["change", "bad", "afterbad", "lr3"], V2 + ["change", "killed"],
        V2 + ["change", "never", "afternever"], ["change", "bad"],
        V2 + ["-d", "change", "os1", "bad"], V2 + ["-da", "change"]]),
    # s6-rc's oneshot transitions through the runner: a script over its timeout, s6-rc's
    # own -t while one runs, a SIGTERM to s6-rc (it stops no oneshot: it waits for them),
    # verbosity 4 (s6-sudo -v), and a runner that is down (no socket to connect to)
    "oneshot-waits": (ONESHOT_WAITS, True, [
        V2 + ["change", "quick"], V2 + ["change", "hang"], ["-v4", "-d", "change", "quick"],
        ("racy", "-v2", "-t", "300", "change", "slowos"), ("sleep", 1.0),
        V2 + ["-d", "change", "slowos"],
        ("term", "-v2", "change", "afterslow"), ("sleep", 1.0), V2 + ["-da", "change"],
        ("down", "s6rc-oneshot-runner"), V2 + ["change", "quick"]]),
}


# --------------------------------------------------------------------------
# running

def _norm(top, data):
    text = data.decode("latin-1").replace(ORACLE_BIN + "/", "PREFIX/")
    return text.replace(top + "/prefix/", "PREFIX/").replace(top, "TMP")


def _prog(impl, name):
    return os.path.join(ORACLE_BIN if impl == "c" else PY_BIN, name)


def _env(prefixes):
    return {"PATH": "/usr/bin:/bin", "EXECPY_S6RC_PREFIXES": prefixes}


def setup_live(impl, top, tree):
    """Compile the tree (execpy's compiler: byte for byte C's), start
    s6-svscan and s6-rc-init; returns (the Scan, the environment)."""
    prefixes = C_PREFIXES if impl == "c" else make_prefix(top)
    env = _env(prefixes)
    log = os.path.join(top, "log")
    files = {k: (v.replace("LOG", log) if isinstance(v, str) else v) for k, v in tree.items()}
    materialize(files, top)
    subprocess.run([os.path.join(PY_BIN, "s6-rc-compile"), os.path.join(top, "db"),
                    os.path.join(top, "src")], check=True, timeout=TIMEOUT, env=env,
                   stdin=subprocess.DEVNULL)
    scan = Scan(impl, top)
    try:
        subprocess.run([_prog(impl, "s6-rc-init"), "-c", os.path.join(top, "db"), "-l",
                        os.path.join(top, "live"), os.path.join(top, "scan")], check=True,
                       timeout=TIMEOUT, env=env, stdin=subprocess.DEVNULL)
    except BaseException:
        scan.stop()
        raise
    return scan, env


def observe(top):
    """The live state after a step. A failed start ends with an s6-svc -d
    that s6-rc does not wait for: the supervisors are given up to 2 s to
    take the longruns s6-rc has down (a ``down`` file) down."""
    end = time.monotonic() + 2
    while True:
        seen = _observe(top)
        if not set(seen["up"]) & set(seen["down"]) or time.monotonic() > end:
            return seen
        time.sleep(0.02)


def _observe(top):
    live = os.path.join(top, "live")
    with open(os.path.join(live, "state"), "rb") as f:
        state = f.read()
    sdirs = os.path.join(live, "servicedirs")
    down, up = [], []
    for name in sorted(os.listdir(sdirs)):
        path = os.path.join(sdirs, name)
        if os.path.exists(os.path.join(path, "down")):
            down.append(name)
        try:
            st = svstatus.read_status(os.fsencode(path))
            if st.pid and st.wantup:
                up.append(name)
        except OSError:
            pass
    try:
        with open(os.path.join(top, "log")) as f:
            log = f.read().split()
    except FileNotFoundError:
        log = []
    return {"state": state.hex(), "down": down, "up": up, "log": log}


def run_step(impl, top, env, step, signo=None):
    """s6-rc with ``step``; with ``signo``, that signal is sent to it
    after 0.4 s."""
    argv = [_prog(impl, "s6-rc"), "-l", os.path.join(top, "live")] + step
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                          stdin=subprocess.DEVNULL) as p:
        if signo is not None:
            try:
                p.communicate(timeout=0.4)
            except subprocess.TimeoutExpired:
                p.send_signal(signo)
        try:
            out, err = p.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            p.kill()
            raise
    return {"code": p.returncode, "stdout": _norm(top, out).splitlines(),
            "stderr": _norm(top, err).splitlines()}


def _settle(top):
    """Wait until no s6-svc / s6-sudo child of a step is still at work (a
    timed-out step leaves them, as C does)."""
    end = time.monotonic() + 5
    while time.monotonic() < end:
        busy = False
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open("/proc/%s/cmdline" % name, "rb") as f:
                    cmd = f.read()
            except OSError:
                continue
            if os.fsencode(top) + b"/live" in cmd and (b"s6-svc" in cmd or b"s6-sudo" in cmd
                                                       or b"s6-svlisten" in cmd):
                busy = True
        if not busy:
            return
        time.sleep(0.05)


def scenario(name, impl, top):
    tree, _, steps = SCENARIOS[name]
    scan, env = setup_live(impl, top, tree)
    results = []
    try:
        for step in steps:
            if isinstance(step, tuple) and step[0] in ("sleep", "down"):
                if step[0] == "sleep":
                    time.sleep(step[1])
                else:  # whatever the race left, the service is told down
                    sdir = os.path.join(top, "live", "servicedirs", step[1])
                    control.svc_writectl(os.fsencode(sdir), b"supervise", b"d")
                    time.sleep(0.2)
                _settle(top)
                continue
            if isinstance(step, tuple):
                step = list(step)
            signo = {"term": signal.SIGTERM, "int": signal.SIGINT}.get(step[0])
            args = step[1:] if step[0] in ("racy", "term", "int", "busy") else step
            held = lock.take(os.fsencode(os.path.join(top, "live")), True, False) \
                if step[0] == "busy" else None
            try:
                out = run_step(impl, top, env, args, signo)
            finally:
                if held is not None:
                    os.close(held)
            _settle(top)
            out["after"] = observe(top)
            results.append([list(step), out])
    finally:
        scan.stop()
    return results


# --------------------------------------------------------------------------
# comparing

_SERVICE = re.compile(r"service (\S+?)(?::| successfully| is marked)|"
                      r"unable to (?:\(dry run\) )?\w+ service (\S+?):")
_DRYRUN_T = re.compile(r" -T \d+ ")


def per_service(lines):
    """Each service's lines in order; the lines naming none under ''."""
    out = {}
    for line in lines:
        m = _SERVICE.search(line)
        key = (m.group(1) or m.group(2)) if m else ""
        out.setdefault(key, []).append(line)
    return out


def _other(line):
    """A line of a program s6-rc spawned, as s6 2.15 words it (execpy's
    s6-svc waits through s6-svlisten1, as s6 2.11's does; 2.15's through
    s6-svlisten), and with the C library's text of ETIMEDOUT in s6-sudoc's
    (musl's in s6-overlay's build; in a checkout execpy's s6 tools word it as
    the host's C library does: README, error texts)."""
    line = line.replace("s6-svlisten1: ", "s6-svlisten: ")
    if line.startswith("s6-sudoc: "):
        line = line.replace("Connection timed out", "Operation timed out")
    return line


def comparable(result):
    """What must be equal between C and execpy: the line sets per service,
    the dry run's output as a set (its children print in any order)."""
    return {"code": result["code"],
            "stderr": per_service([_other(x) for x in result["stderr"]]),
            "stdout": sorted(result["stdout"]),
            "after": dict(result["after"], log=sorted(result["after"]["log"]))}


def deps_in(tree):
    """name -> the names it depends on, from the source tree."""
    deps = {}
    for path in tree:
        parts = path.split("/")
        if len(parts) == 4 and parts[2] == "dependencies.d":
            deps.setdefault(parts[1], set()).add(parts[3])
    return deps


def check_order(lines, deps):
    """A service starts only after what it needs has started, and stops
    only after what needs it has stopped."""
    when = {}
    for k, line in enumerate(lines):
        m = re.search(r"service (\S+?): (starting|stopping)$", line)
        if m:
            when[(m.group(1), m.group(2))] = k
        m = re.search(r"service (\S+?) successfully (started|stopped)$", line)
        if m:
            when[(m.group(1), m.group(2))] = k
    for a, needs in deps.items():
        for b in needs:
            if (a, "starting") in when and (b, "started") in when:
                assert when[(b, "started")] > when[(a, "starting")] or \
                    when[(a, "starting")] > when.get((b, "starting"), -1), (a, b, lines)
                assert when[(a, "starting")] > when.get((b, "starting"), -1), (a, b, lines)
            if (b, "stopping") in when and (a, "stopped") in when:
                assert when[(b, "stopping")] > when[(a, "stopping")], (b, a, lines)


def _skip_oneshots(name):
    if SCENARIOS[name][1] and not oneshots_runnable():
        pytest.skip("no s6-rc-oneshot-run to run oneshots with")
    if name == "reload" and not reload_runnable():
        pytest.skip("no s6-svc with -l (s6 2.15) to reload with")


_TIMEOUT_ENDS = ("s6-rc: fatal: timed out", "s6-rc: warning: unable to start service ")


def check_step(step, mine, theirs, deps):
    """One step of execpy's run against C's."""
    check_order(mine["stderr"], deps)
    if step[0] != "racy":
        assert comparable(mine) == comparable(theirs), step
        return
    for r in (mine, theirs):  # either end, each as C words it
        assert r["code"] in (1, 2), r
        said = [x for x in r["stderr"] if x.startswith(_TIMEOUT_ENDS)]
        assert len(said) == 1 and said[0].startswith(_TIMEOUT_ENDS[2 - r["code"]]), r
    a, b = comparable(mine), comparable(theirs)
    assert a["after"]["state"] == b["after"]["state"], step


def _golden(name):
    if not os.path.exists(GOLDEN):
        pytest.skip("no recording")
    with open(GOLDEN) as f:
        data = json.load(f)
    if name not in data:
        pytest.skip("not recorded")
    return data[name]


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_change_matches_recorded_c(tmp_path, name):
    _skip_oneshots(name)
    golden = _golden(name)
    got = json.loads(json.dumps(scenario(name, "py", str(tmp_path))))
    deps = deps_in(SCENARIOS[name][0])
    for (step, mine), (step2, theirs) in zip(got, golden):
        assert step == step2
        check_step(step, mine, theirs, deps)
    assert len(got) == len(golden)


@pytest.mark.skipif(not have_oracle(), reason="no C s6-rc in /tmp/oracle")
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_change_matches_live_c(tmp_path, name):
    _skip_oneshots(name)
    deps = deps_in(SCENARIOS[name][0])
    theirs = scenario(name, "c", str(tmp_path / "c"))
    mine = scenario(name, "py", str(tmp_path / "py"))
    for (step, a), (_, b) in zip(mine, theirs):
        check_order(b["stderr"], deps)
        check_step(step, a, b, deps)
    assert len(mine) == len(theirs)


DRYRUN_CASES = [[], ["a"], ["-v", "0", "a"], ["-v0", "-t", "1", "a", "b c"], ["-t", "x", "a"],
                ["-x", "a"], ["-t", "5", "--", "-u", "x"], ["-v", "3", "-t5", "s6-svc", "-uwU"]]


def dryrun_results(prog):
    out = []
    for argv in DRYRUN_CASES:
        p = subprocess.run([prog] + argv, capture_output=True, timeout=TIMEOUT,
                           stdin=subprocess.DEVNULL)
        out.append([argv, p.returncode, p.stdout.decode("latin-1"), p.stderr.decode("latin-1")])
    return out


def test_dryrun_matches_recorded_c():
    with open(os.path.join(GOLDEN_DIR, "dryrun.json")) as f:
        golden = json.load(f)
    assert json.loads(json.dumps(dryrun_results(os.path.join(PY_BIN, "s6-rc-dryrun")))) == golden


@pytest.mark.skipif(not have_oracle(), reason="no C s6-rc in /tmp/oracle")
def test_dryrun_matches_live_c():
    assert dryrun_results(os.path.join(PY_BIN, "s6-rc-dryrun")) == \
        dryrun_results(os.path.join(ORACLE_BIN, "s6-rc-dryrun"))


def _event_leftovers(top):
    """Subscriptions left in the servicedirs' event/ fifodirs."""
    sdirs = os.path.join(top, "live", "servicedirs")
    return sorted(name + "/" + f for name in os.listdir(sdirs)
                  for f in os.listdir(os.path.join(sdirs, name, "event"))
                  if os.path.isdir(os.path.join(sdirs, name, "event")))


def _forks_of(top, env, trace, args, signo, delay):
    """execpy's s6-rc on TMP/live under strace -f: (exit code, its stderr
    lines, the forks it made); ``signo``: sent to s6-rc after ``delay`` s."""
    strace = ["strace", "-f", "-qq", "-e", "trace=clone,clone3,fork,vfork", "-o", trace]
    argv = strace + [_prog("py", "s6-rc"), "-l", os.path.join(top, "live")] + args
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                          stdin=subprocess.DEVNULL) as p:
        if signo is not None:  # to s6-rc, strace's child
            time.sleep(delay)
            with open("/proc/%d/task/%d/children" % (p.pid, p.pid)) as f:
                os.kill(int(f.read().split()[0]), signo)
        _, err = p.communicate(timeout=TIMEOUT)
    _settle(top)
    with open(trace) as f:
        forks = [x for x in f if re.search(r"\b(clone3?|v?fork)\(", x) and "= " in x]
    return p.returncode, _norm(top, err).splitlines(), forks


@pytest.mark.skipif(shutil.which("strace") is None, reason="no strace")
def test_longrun_transitions_need_no_child(tmp_path):
    """execpy's s6-rc waits for its longruns itself (what C's s6-svc child
    does, tests above): a change of four longruns forks nothing; a failed
    start forks only C's fire-and-forget s6-svc -d; an s6-rc killed by
    SIGTERM reports the waits as their child would, crashed with signal 15;
    no step leaves a subscription in an event/ directory."""
    top = str(tmp_path)
    scan, env = setup_live("py", top, LONGRUNS_ONLY)
    trace = os.path.join(top, "trace")
    try:
        def traced(args, signo=None):
            return _forks_of(top, env, trace, args, signo, 0.6)

        code, err, forks = traced(["-v2", "change", "all"])
        assert code == 0 and len(err) == 8, err
        assert forks == [], forks
        assert _event_leftovers(top) == []

        code, err, forks = traced(["-v2", "change", "never"])
        assert (code, err[-2:]) == (1, ["s6-svlisten1: fatal: timed out",
                                        "s6-rc: warning: unable to start service never: "
                                        "command exited 99"]), err
        assert len(forks) == 1, forks  # the s6-svc -d
        assert _event_leftovers(top) == []

        code, err, forks = traced(["-v2", "change", "slow"], signal.SIGTERM)
        assert code == 1 and err[-2:] == [
            "s6-rc: warning: received TERM, aborting pending processes and exiting asap",
            "s6-rc: warning: unable to start service slow: command crashed with signal 15"], err
        assert _event_leftovers(top) == []
    finally:
        scan.stop()


@pytest.mark.skipif(shutil.which("strace") is None, reason="no strace")
def test_oneshot_transitions_need_no_child(tmp_path):
    """execpy's s6-rc talks to the oneshot runner itself (what C's s6-sudo
    child does, scenario oneshot-waits): bringing oneshots up, a oneshot over
    its timeout and a SIGTERM while one runs fork nothing in s6-rc."""
    if not oneshots_runnable():
        pytest.skip("no s6-rc-oneshot-run to run oneshots with")
    top = str(tmp_path)
    scan, env = setup_live("py", top, ONESHOT_WAITS)
    trace = os.path.join(top, "trace")
    try:
        def forks_of(args, signo=None):
            return _forks_of(top, env, trace, args, signo, 0.4)

        code, err, forks = forks_of(["-v2", "change", "quick", "afterslow"])
        assert code == 0 and "s6-rc: info: service afterslow successfully started" in err, err
        assert forks == [], forks
        code, err, forks = forks_of(["-v2", "change", "hang"])
        assert code == 1 and err[-1] == "s6-rc: warning: unable to start service hang: " \
            "command exited 111", err
        assert forks == [], forks
        code, err, forks = forks_of(["-v2", "-d", "change", "slowos"])
        code, err, forks = forks_of(["-v2", "change", "slowos"], signal.SIGTERM)
        assert code == 0 and err[-1] == "s6-rc: info: service slowos successfully started", err
        assert forks == [], forks
    finally:
        scan.stop()


def record():
    import tempfile
    os.makedirs(GOLDEN_DIR, exist_ok=True)
    data = {}
    for name in sorted(SCENARIOS):
        with tempfile.TemporaryDirectory() as top:
            data[name] = scenario(name, "c", top)
            print(name, "recorded", file=sys.stderr)
    with open(GOLDEN, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(GOLDEN_DIR, "dryrun.json"), "w") as f:
        json.dump(dryrun_results(os.path.join(ORACLE_BIN, "s6-rc-dryrun")), f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--show"]:  # a scenario under one implementation
        import tempfile
        with tempfile.TemporaryDirectory() as top:
            print(json.dumps(scenario(sys.argv[2], sys.argv[3], top), indent=1))
        sys.exit(0)
    if sys.argv[1:] != ["--record"] or not have_oracle():
        sys.exit("usage: test_rc_change.py --record (needs C s6-rc under %s)" % g.ORACLE)
    record()
