"""s6-rc-init against C s6-rc-init 0.7.0.0, on a running s6-svscan.

Each scenario starts an s6-svscan on a fresh scan directory, runs s6-rc-init
steps (a first start, a second one that finds s6-rc running, mismatches,
recovery of a lost live link, an abandoned live directory, every usage and
precondition error) and observes what a user can see: output and exit
code, the live directory (its links, prefix, state, the servicedirs with
their down files and event fifodirs, whether each is supervised) and the
scan directory's links. Paths are shown relative to the test directory and
the live directory's random suffix as XXXXXX.

The recording (tests/golden/rc/init.json, ``python3 tests/test_rc_init.py
--record``) is C s6-rc-init on C s6-svscan 2.15.1.0. execpy's s6-rc-init on
execpy's s6-svscan must match it; where C is installed, so must each
s6-rc-init on the other's s6-svscan.
"""

import json
import os
import re
import signal
import stat
import subprocess
import sys
import time

import pytest

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from s6utils.lib import control  # noqa: E402
from tests import rc_golden as g  # noqa: E402
from tests.svharness import kill_strays  # noqa: E402

GOLDEN = os.path.join(g.GOLDEN, "init.json")
PY_BIN = os.path.join(g.ROOT, "bin")
TIMEOUT = 30


def _bin(impl, name):
    return os.path.join(PY_BIN if impl == "py" else g.C_BIN, name)


def _norm(top, data):
    text = data.decode("latin-1").replace(top, "TMP")
    return re.sub(r":s6-rc-init:[A-Za-z0-9]{6}", ":s6-rc-init:XXXXXX", text)


def _observe(top):
    """What s6-rc-init left: the live link, the live directory, the scan dir."""
    out = {}
    live = os.path.join(top, "live")
    if os.path.islink(live):
        out["live"] = _norm(top, os.readlink(live).encode())
    real = os.path.realpath(live)
    if os.path.isdir(real):
        entries = {}
        for name in sorted(os.listdir(real)):
            path = os.path.join(real, name)
            if os.path.islink(path):
                entries[name] = "-> " + _norm(top, os.readlink(path).encode())
            elif os.path.isdir(path):
                entries[name] = "dir %04o" % stat.S_IMODE(os.stat(path).st_mode)
            else:
                with open(path, "rb") as f:
                    entries[name] = "file %r" % f.read()
        out["livedir"] = entries
        sdirs = os.path.join(real, "servicedirs")
        out["servicedirs"] = {}
        for name in sorted(os.listdir(sdirs)) if os.path.isdir(sdirs) else []:
            path = os.path.join(sdirs, name)
            ev = os.path.join(path, "event")
            out["servicedirs"][name] = {
                "files": sorted(x for x in os.listdir(path) if x != "supervise"),
                "event": "%04o" % stat.S_IMODE(os.stat(ev).st_mode) if os.path.isdir(ev) else None,
                "listeners": len(os.listdir(ev)) if os.path.isdir(ev) else None,
                "supervised": control.svc_ok(os.fsencode(path)),
            }
    scan = os.path.join(top, "scan")
    out["scan"] = {name: _norm(top, os.readlink(os.path.join(scan, name)).encode())
                   for name in sorted(os.listdir(scan)) if not name.startswith(".")} \
        if os.path.isdir(scan) else None
    return out


class Scan:
    """An s6-svscan (C or execpy) on TOP/scan for the length of a scenario."""

    def __init__(self, impl, top):
        self.top = top
        os.makedirs(os.path.join(top, "scan"), exist_ok=True)
        self.proc = subprocess.Popen([_bin(impl, "s6-svscan"), os.path.join(top, "scan")],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        ctl = os.fsencode(os.path.join(top, "scan"))
        end = time.monotonic() + 10
        while control.svc_writectl(ctl, control.SVSCAN_CTLDIR, b"") != 1:
            assert time.monotonic() < end, "s6-svscan did not start"
            time.sleep(0.02)

    def stop(self):
        try:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        kill_strays(self.top)


def _db(top):
    """A database (C's compile of the "pipelines" tree) at TOP/db."""
    if not os.path.exists(os.path.join(top, "db")):
        g.restore(g.load("valid")["pipelines"]["db"], os.path.join(top, "db"))


def _run(impl, top, argv):
    prog = "s6-rc-init"
    if argv[:1] == ["s6-rc"]:  # a query on the live directory just made
        prog, argv = "s6-rc", argv[1:]
    p = subprocess.run([_bin(impl, prog)] + [a.replace("TMP", top) for a in argv],
                       cwd=top, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    return [_norm(top, p.stdout), _norm(top, p.stderr), p.returncode]


INIT = ["-t", "10000", "-c", "TMP/db", "-l", "TMP/live", "TMP/scan"]

# scenario: (needs a running s6-svscan, steps); a step is s6-rc-init's
# arguments, or a string naming a setup action (see _act)
SCENARIOS = {
    "start-then-again": (True, [INIT, ["s6-rc", "-l", "TMP/live", "-a", "list"],
                                ["s6-rc", "-l", "TMP/live", "diff"],
                                ["s6-rc", "-l", "TMP/live", "-u", "listall", "last", "xpipe"],
                                INIT, ["-p", "x"] + INIT,
                                ["-c", "TMP/db/", "-l", "TMP/live", "TMP/scan"],
                                ["-l", "TMP/live", "-c", "TMP/db", "TMP/scan/"]]),
    "prefix": (True, [["-p", "rc-"] + INIT, ["--prefix=rc-"] + INIT]),
    "recover-lost-link": (True, [INIT, "unlink live", INIT]),
    "abandoned-livedir": (True, ["fake livedir", INIT]),
    "dereference": (True, [["-d", "-c", "dblink", "-l", "TMP/live", "TMP/scan"]]),
    "relative-bootdb": (True, [["-c", "db", "-l", "TMP/live", "TMP/scan"]]),
    "missing-bootdb": (True, [["-c", "TMP/nowhere", "-l", "TMP/live", "TMP/scan"]]),
    "bootdb-without-n": (True, ["remove db/n", INIT]),
    "livedir-at-root": (True, [["-c", "TMP/db", "-l", "/nonexistent-s6-rc-test", "TMP/scan"]]),
    "usage": (False, [[], ["-x", "TMP/scan"], ["--nope", "TMP/scan"], ["-t", "x", "TMP/scan"],
                      ["scan"], ["-l", "live", "TMP/scan"], ["-c", "db", "TMP/scan"],
                      ["-p", "a/b", "TMP/scan"], ["-p", "a\nb", "TMP/scan"],
                      ["-l", "/", "TMP/scan"], ["-d", "-c", "TMP/nowhere", "TMP/scan"],
                      ["--bootdb=TMP/db", "--livedir=TMP/live", "--no-block", "-b",
                       "--dereference", "--no-dereference", "TMP/noscan"]]),
    # a regular file as the control pipe: written to, nobody starts: timeout
    "no-svscan": (False, [INIT, "mkdir scan/.s6-svscan", INIT, "file scan/.s6-svscan/control",
                          ["-t", "300"] + INIT[2:], ["-c", "TMP/db", "-l", "TMP/live", "TMP/noscan"]]),
}


def _act(top, action):
    verb, _, arg = action.partition(" ")
    path = os.path.join(top, arg)
    if verb == "unlink":
        os.unlink(path)
    elif verb == "remove":
        os.unlink(path)
    elif verb == "mkdir":
        os.makedirs(path)
    elif verb == "file":
        with open(path, "w"):
            pass
    elif action == "fake livedir":
        real = os.path.join(top, "live:s6-rc-init:abcdef")
        os.makedirs(os.path.join(real, "servicedirs", "s6rc-fdholder"))
        os.symlink("live:s6-rc-init:abcdef", os.path.join(top, "live"))


def scenario(name, init_impl, scan_impl, top):
    needs_scan, steps = SCENARIOS[name]
    os.makedirs(os.path.join(top, "scan"), exist_ok=True)
    _db(top)
    os.symlink("db", os.path.join(top, "dblink"))
    scan = Scan(scan_impl, top) if needs_scan else None
    results = []
    try:
        for step in steps:
            if isinstance(step, str):
                _act(top, step)
            else:
                results.append([step, _run(init_impl, top, step), _observe(top)])
    finally:
        if scan is not None:
            scan.stop()
    return results


COMBOS = [("py", "py"), pytest.param("c", "py", marks=pytest.mark.skipif(
    not g.have_oracle(), reason="no C s6-rc")),
    pytest.param("py", "c", marks=pytest.mark.skipif(not g.have_oracle(), reason="no C s6")),
    pytest.param("c", "c", marks=pytest.mark.skipif(not g.have_oracle(), reason="no C s6"))]


@pytest.mark.parametrize("init_impl,scan_impl", COMBOS)
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_init_scenario_matches_c(tmp_path, name, init_impl, scan_impl):
    with open(GOLDEN) as f:
        golden = json.load(f)[name]
    got = json.loads(json.dumps(scenario(name, init_impl, scan_impl, str(tmp_path))))
    for mine, theirs in zip(got, golden):
        assert mine == theirs
    assert len(got) == len(golden)


def record():
    import tempfile
    data = {}
    for name in sorted(SCENARIOS):
        with tempfile.TemporaryDirectory() as top:
            data[name] = scenario(name, "c", "c", top)
    with open(GOLDEN, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    if sys.argv[1:] != ["--record"] or not g.have_oracle():
        sys.exit("usage: test_rc_init.py --record (needs C s6-rc under %s)" % g.ORACLE)
    record()
