"""The versions s6-overlay 3.2.3.2 ships (execline 2.9.9.2, s6 2.15.1.0,
s6-portable-utils 2.3.1.2, s6-linux-utils 2.6.4.1) against execpy.

The cases in tests/golden/newer/*.t (the conformance format, see
tests/conformance/harness.py) hold the forms s6-overlay's scripts and real
images use, the options added since Debian's execline 2.9.3.0 and s6
2.11.3.2, and their error cases; their expectations were recorded from the
C builds in /tmp/oracle/bin. Every case runs against execpy; where the
oracle is present, the recording is re-checked against it too.

Where the newer version and the older one (which tests/conformance holds
execpy to) answer the same input differently, execpy keeps the older answer
for now: those cases are listed in CONFLICTS, and the test checks that
execpy still gives the older answer, so that resolving one shows here.

``python3 tests/test_versions_delta.py --golden FILE...`` rewrites the
expectations of FILE from the oracle.
"""

import glob
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.conformance import harness  # noqa: E402

FILES = sorted(glob.glob(os.path.join(ROOT, "tests", "golden", "newer", "*.t")))
CASES = [c for f in FILES for c in harness.parse_file(f)]
HAVE_ORACLE = os.path.exists(harness.IMPLS["oracle"]["execlineb"])

# case name: what 2.9.3.0 / 2.11.3.2 print instead (and execpy with them)
CONFLICTS = {
    "s6-svc -s bad signal": "2.11.3.2: -s is not an option (tests/test_svtools.py)",
    "s6-svc: unknown option": "2.11.3.2's usage line, without -s, l, P, C, K (tests/test_svtools.py)",
    "s6-svc: no dir": "2.11.3.2's usage line, without -s, l, P, C, K (tests/test_svtools.py)",
    "s6-svscanctl -an on a non-scandir": "2.11.3.2: fatal: : unable to control (tests/test_svtools.py)",
    # execline 2.9.5.0 sets ? after backtick -D/-I/-x; execpy's first cut of it made cont-init's
    # importas read the wrong ? in the overlay, so it was taken back: 2.9.3.0's answer for now
    "backtick -D sets ? (2.9.5.0)": "2.9.3.0: ? not set",
    "backtick -x sets ?": "2.9.3.0: ? not set",
    "backtick -I sets ?, killed": "2.9.3.0: ? not set",
    "backtick -E -D sets $?": "2.9.3.0: ? not set",
    "backtick -E -x on failure": "2.9.3.0",
    "execlineb: unknown option": "2.9.3.0's usage line, without [ -e ]",
    "emptyenv: unknown option": "2.9.3.0: the usage line; 2.9.8.0 (gol): unrecognized short option: Z",
    "emptyenv: no program": "2.9.3.0's usage line, without -l",
    "redirfd: unknown option": "2.9.3.0: the usage line; 2.9.9.0 (gol): unrecognized short option: Z",
    "redirfd: bad fd": "2.9.3.0's usage line, without -N, -f, -E",
    "redirfd: missing file": "2.9.3.0's usage line, without -N, -f, -E",
    "elglob: too few words": "2.9.3.0's usage line, without -n, -d (tests/conformance/subst/directives.t)",
    "wait: unknown option": "2.9.3.0: the usage line; 2.9.9.x (gol): unrecognized short option: Z",
    # s6 2.14.0.0: s6-svc takes several dirs, warns for each one it cannot reach and exits 102;
    # 2.11.3.2 controls the first, warns "ignoring extra arguments", dies 100 (tests/test_svtools.py)
    "s6-svc on a non-service": "2.11.3.2: fatal, exit 100",
    "s6-svc on two non-services": "2.11.3.2: ignoring extra arguments, fatal, exit 100",
    "s6-svc -s signal name on a non-service": "2.11.3.2: fatal, exit 100",
    "s6-svc -l on a non-service": "2.11.3.2: fatal, exit 100",
    "s6-svc -O -- .": "2.11.3.2: fatal, exit 100",
    "s6-svc -wD -d -T2500 on a non-service": "2.11.3.2 execs s6-svlisten1, 2.15.1.0 s6-svlisten",
    # 2.11.3.2 prints "fatal: : unable to read status" (a doubled separator), 2.15.1.0 not
    "s6-svstat on a non-service": "2.11.3.2's doubled ': '",
    "s6-svstat -o pid on a non-service": "2.11.3.2's doubled ': '",
    "s6-svstat -g on a non-service": "not done: -g / -o pgid (2.13.0.0) need the pgid in supervise/status",
    "s6-softlimit: bad number": "2.11.3.2's usage line, without -H | -h (tests/conformance/s6/softlimit.t)",
    "s6-log: no script": "2.11.3.2's usage line, without -t (tests/test_s6_log.py)",
    "s6-log -t bad number": "2.11.3.2's usage line, without -t (tests/test_s6_log.py)",
    "s6-notifyoncheck: no notification-fd":
        "2.11.3.2: 's6-supervise not running.', 100; 2.15.1.0: unable to read ./notification-fd, 111",
    # s6-overlay's binaries are musl builds; execpy's s6 tools use the host C library's texts
    "s6-grep bad regex": "musl's regerror text (Invalid contents of {}) against glibc's",
    "s6-maximumtime -k": "musl's ETIMEDOUT text (Operation timed out) against glibc's",
    "s6-maximumtime -t": "musl's ETIMEDOUT text (Operation timed out) against glibc's",
}

# commands the table does not name yet: their cases wait for it
PENDING = set()


def _pending(case):
    from execpy import commands
    for name in PENDING:
        if name in case.script and name.encode() not in commands.TABLE:
            return name
    return None


def _id(case):
    return "%s:%d:%s" % (os.path.basename(case.path), case.line, case.name)


def test_conflicts_name_cases():
    names = {c.name for c in CASES}
    assert set(CONFLICTS) <= names


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_execpy(case):
    pending = _pending(case)
    if pending:
        pytest.skip("%s is not in execpy/commands.py yet" % pending)
    got = harness.run_case(case, "execpy")
    want = (case.stdout, case.stderr, case.status)
    if case.name in CONFLICTS:
        assert got != want, "conflict resolved? remove it from CONFLICTS"
    else:
        assert got == want


@pytest.mark.skipif(not HAVE_ORACLE, reason="no C build of the newer versions in /tmp/oracle/bin")
@pytest.mark.parametrize("case", CASES, ids=_id)
def test_recording_is_the_oracle(case):
    assert harness.run_case(case, "oracle") == (case.stdout, case.stderr, case.status)


# s6-log -t (s6 2.12.0.0): after SIGTERM, an unfinished last line waits
# lastlinetimeout ms (2000 by default, 0: forever) for its newline
LASTLINE = os.path.join(ROOT, "tests", "golden", "newer", "s6log_lastline.json")
LASTLINE_CASES = {
    "default-2s": ([], [b"a\nparti", 0.2, "TERM", 0.1]),
    "t500": (["-t", "500"], [b"a\nparti", 0.2, "TERM", 0.1]),
    "t500-completed": (["-t", "500"], [b"a\nparti", 0.2, "TERM", 0.1, b"al\nmore\n"]),
    "t0-waits": (["-t", "0"], [b"a\nparti", 0.2, "TERM", 1.0, b"al\nmore\n"]),
    "no-partial": (["-t", "300"], [b"a\n", 0.2, "TERM", 0.1]),
}


def run_lastline(binary, name):
    """(stdout, stderr, status, seconds from SIGTERM to exit, to 0.5 s)"""
    import signal
    import subprocess
    import time
    args, steps = LASTLINE_CASES[name]
    p = subprocess.Popen([binary] + args + ["--", "1"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    t0 = time.monotonic()
    for step in steps:
        if step == "TERM":
            p.send_signal(signal.SIGTERM)
            t0 = time.monotonic()
        elif isinstance(step, float):
            time.sleep(step)
        else:
            p.stdin.write(step)
            p.stdin.flush()
    try:
        p.wait(timeout=4)
        took = round((time.monotonic() - t0) * 2) / 2
    except subprocess.TimeoutExpired:
        took = None
    out, err = p.communicate(timeout=5)
    return [out.decode("latin-1"), err.decode("latin-1"), p.returncode, took]


@pytest.mark.parametrize("name", sorted(LASTLINE_CASES))
def test_s6_log_lastline(name):
    import json
    with open(LASTLINE) as f:
        want = json.load(f)[name]
    assert run_lastline(os.path.join(ROOT, "bin", "s6-log"), name) == want


@pytest.mark.skipif(not HAVE_ORACLE, reason="no C build of the newer versions in /tmp/oracle/bin")
def test_s6_log_lastline_recording_is_the_oracle():
    import json
    with open(LASTLINE) as f:
        want = json.load(f)
    assert {n: run_lastline("/tmp/oracle/bin/s6-log", n) for n in ["t500", "no-partial"]} == \
        {n: want[n] for n in ["t500", "no-partial"]}


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--golden":
        for path in sys.argv[2:]:
            text = harness.golden(path, "oracle")
            with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(text)
            print("golden:", path)

