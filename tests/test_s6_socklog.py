"""s6-socklog (s6 2.15.1.0, as s6-overlay's syslogd runs it) against the C
build: every scenario's output was recorded from /tmp/oracle/bin/s6-socklog
into tests/golden/newer/socklog.json, and is re-run live where the oracle
is present.

``python3 tests/test_s6_socklog.py --golden`` rewrites the recording from
the oracle.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "golden", "newer", "socklog.json")
ORACLE = "/tmp/oracle/bin/s6-socklog"
OURS = os.path.join(ROOT, "bin", "s6-socklog")

_CODES = [b"<13>hello", b"<0>x", b"<1>x", b"<2>x", b"<3>x", b"<4>x", b"<5>x", b"<6>x", b"<7>x",
          b"<191>l7", b"<198>mark", b"<100>u12", b"<86>authpriv", b"<32>auth", b"<88>ftp",
          b"<40>syslog", b"<1024>wrap", b"<2047>w", b"<99999999999>x", b"<4294967295>m",
          b"<4294967296>o", b"<>x", b"<13x", b"no code", b"a\nb\n\n", b"a\0b\0", b"<13>\n",
          b"<13>", b"<013>z", b"< 13>y", b"<+13>y", b"mid\nline\0end", b"\xff\xfe high",
          b"x" * 1023, b"y" * 1024, b"z" * 1025, b"w" * 3000, b"<13>" + b"v" * 1030]

# name: (options, datagrams, environment additions, what to do)
SCENARIOS = {
    "codes": ([], _CODES, {}, "term"),
    "raw": (["-r"], [b"<13>hello", b"<3>x\n", b"a\0b", b"q" * 1100], {}, "term"),
    "linelen-80": (["-l", "80"], [b"a" * 79, b"b" * 80, b"c" * 81, b"<13>" + b"d" * 90], {}, "term"),
    "linelen-min": (["-l", "10"], [b"a" * 76, b"b" * 77], {}, "term"),
    "linelen-max": (["-l", "2000000"], [b"a" * 5000], {}, "term"),
    "overlay-form": (["-U", "-t3000"], [b"<30>cron[1]: job", b"<11>err"],
                     {"UID": "65534", "GID": "65534", "GIDLIST": "65534"}, "term"),
    "empty-datagram": ([], [b"<13>before", b""], {}, "wait"),
    "sigint": ([], [b"<13>x"], {}, "int"),
    "sighup": ([], [b"<13>x"], {}, "hup"),
    "lameduck-99": (["-t", "300"], [b"f" * 1000] * 200, {}, "term-blocked"),
    "busy": ([], [], {}, "busy"),
}


def _child_fd3(w):
    def setup():
        os.dup2(w, 3)
    return setup


def drive(binary, name):
    """Run scenario ``name`` with ``binary``: the readiness bytes, stdout,
    stderr, exit status, and what the process looked like once ready."""
    opts, datagrams, extra, how = SCENARIOS[name]
    with tempfile.TemporaryDirectory(prefix="execpy-socklog-") as d:
        path = os.path.join(d, "log")
        env = {"PATH": "/usr/bin:/bin"}
        env.update(extra)
        r, w = os.pipe()
        out_r = out_w = None
        stdout = subprocess.PIPE
        if how == "term-blocked":  # stdout: a pipe nobody reads
            out_r, out_w = os.pipe()
            stdout = out_w
        p = subprocess.Popen([binary, "-d3", "-x", path] + opts, stdout=stdout, stderr=subprocess.PIPE,
                             stdin=subprocess.DEVNULL, pass_fds=(w, 3), env=env, preexec_fn=_child_fd3(w))
        os.close(w)
        if out_w is not None:
            os.close(out_w)
        try:
            ready = os.read(r, 10)
        finally:
            os.close(r)
        seen = {}
        if ready:
            time.sleep(0.1)  # the fd is closed just after the newline
            st = os.stat(path)
            seen["socket_mode"] = oct(st.st_mode)
            seen["lock_mode"] = oct(os.stat(path + ".lock").st_mode)
            with open("/proc/%d/status" % p.pid) as f:
                for line in f:
                    if line.split(":")[0] in ("Uid", "Gid", "Groups"):
                        seen[line.split(":")[0]] = line.split(":", 1)[1].split()
            seen["notif_closed"] = "3" not in os.listdir("/proc/%d/fd" % p.pid)
        second = None
        if how == "busy":
            q = subprocess.run([binary, "-x", path], capture_output=True, timeout=10, env=env)
            second = [q.stderr.decode("latin-1").replace(d, "@TMP@"), q.returncode]
        c = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        c.setblocking(False)  # a daemon that stops reading fills its queue
        try:
            for dg in datagrams:
                try:
                    c.sendto(dg, path)
                except BlockingIOError:
                    break
                except OSError as e:  # the daemon is gone (empty datagram)
                    seen["send_error"] = e.errno
                    break
                time.sleep(0.003)
        finally:
            c.close()
        time.sleep(0.2)
        sig = {"int": signal.SIGINT, "hup": signal.SIGHUP}.get(how, signal.SIGTERM)
        if how != "wait":
            p.send_signal(sig)
        try:
            out, err = p.communicate(timeout=10)
        finally:
            if out_r is not None:
                os.close(out_r)
        status = p.returncode if p.returncode >= 0 else 128 - p.returncode
        return {"ready": ready.decode("latin-1"), "stdout": (out or b"").decode("latin-1"),
                "stderr": err.decode("latin-1"), "status": status, "seen": seen, "second": second}


def _golden():
    with open(GOLDEN) as f:
        return json.load(f)


def _musl_to_glibc(text):
    # s6-overlay's binaries are musl builds; execpy's s6 tools print the host's texts
    return text.replace("Resource busy", "Device or resource busy")


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_socklog_matches_recording(name):
    want = _golden()[name]
    got = drive(OURS, name)
    want = dict(want, stderr=_musl_to_glibc(want["stderr"]))
    if want["second"]:
        want["second"] = [_musl_to_glibc(want["second"][0]), want["second"][1]]
    assert got == want


@pytest.mark.skipif(not os.path.exists(ORACLE), reason="no C s6 2.15.1.0 build in /tmp/oracle")
@pytest.mark.parametrize("name", ["codes", "overlay-form", "linelen-80", "busy"])
def test_recording_is_the_oracle(name):
    want = _golden()[name]
    got = drive(ORACLE, name)
    assert got == want


USAGE = (b"s6-socklog: usage: s6-socklog [ -d notif ] [ -r ] [ -U | -u uid -g gid -G gidlist ]"
         b" [ -l linelen ] [ -t lameducktimeout ] [ -x socket | -i ip_port ]\n")

ERRORS = [
    (["-z"], {}, USAGE, 100),
    (["-d", "x"], {}, USAGE, 100),
    (["-l", "x"], {}, USAGE, 100),
    (["-t", "-1"], {}, USAGE, 100),
    (["-G", "a"], {}, USAGE, 100),
    (["-i", "1.2.3"], {}, USAGE, 100),
    (["-i", "1.2.3.4:x"], {}, USAGE, 100),
    (["-U"], {}, b"s6-socklog: fatal: UID not set\n", 100),
    (["-U"], {"UID": "x"}, b"s6-socklog: fatal: invalid $UID\n", 100),
    (["-U"], {"UID": "1"}, b"s6-socklog: fatal: GID not set\n", 100),
    (["-U"], {"UID": "1", "GID": "1"}, b"s6-socklog: fatal: GIDLIST not set\n", 100),
    (["-U"], {"UID": "1", "GID": "1", "GIDLIST": "a"}, b"s6-socklog: fatal: invalid $GIDLIST\n", 100),
    (["-d", "2"], {}, b"s6-socklog: fatal: notification fd must be 3 or more\n", 100),
    (["-d", "7"], {}, b"s6-socklog: fatal: invalid notification fd: Bad file descriptor\n", 100),
    (["-x", "/nonexistent/log"], {},
     b"s6-socklog: fatal: unable to bind socket to /nonexistent/log: No such file or directory\n", 111),
]


@pytest.mark.parametrize("impl", ["execpy", "oracle"])
@pytest.mark.parametrize("args,env,stderr,status", ERRORS)
def test_socklog_errors(impl, args, env, stderr, status):
    binary = OURS if impl == "execpy" else ORACLE
    if not os.path.exists(binary):
        pytest.skip("no C s6 2.15.1.0 build in /tmp/oracle")
    e = {"PATH": "/usr/bin:/bin"}
    e.update(env)
    p = subprocess.run([binary] + args, capture_output=True, env=e, timeout=10, stdin=subprocess.DEVNULL)
    assert (p.stdout, p.stderr, p.returncode) == (b"", stderr, status)


def test_socklog_closed_stdout():
    for binary in (OURS, ORACLE):
        if not os.path.exists(binary):
            continue
        with tempfile.TemporaryDirectory() as d:
            p = subprocess.run(["/bin/sh", "-c", 'exec "$0" -x "$1" >&-', binary, d + "/log"],
                               capture_output=True, timeout=10)
            assert (p.stderr, p.returncode) == (b"s6-socklog: fatal: invalid stdout: Bad file descriptor\n", 100)


def test_socklog_udp():
    """-i ip_port: each line starts with the client's ip_port."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    results = []
    for binary in (OURS, ORACLE):
        if not os.path.exists(binary):
            continue
        r, w = os.pipe()
        p = subprocess.Popen([binary, "-d3", "-i", "127.0.0.1_%d" % port], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, pass_fds=(w, 3), preexec_fn=_child_fd3(w))
        os.close(w)
        try:
            assert os.read(r, 10) == b"\n"
        finally:
            os.close(r)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as c:
            c.bind(("127.0.0.1", 0))
            cport = c.getsockname()[1]
            c.sendto(b"<13>over udp", ("127.0.0.1", port))
            time.sleep(0.2)
        p.send_signal(signal.SIGTERM)
        out, err = p.communicate(timeout=10)
        assert (out, err, p.returncode) == (b"127.0.0.1_%d: user.notice: over udp\n" % cport, b"", 0)
        results.append(out)
    assert results


if __name__ == "__main__":
    if sys.argv[1:] == ["--golden"]:
        rec = {name: drive(ORACLE, name) for name in sorted(SCENARIOS)}
        with open(GOLDEN, "w") as f:
            json.dump(rec, f, indent=1, sort_keys=True)
            f.write("\n")
        print("golden:", GOLDEN)
