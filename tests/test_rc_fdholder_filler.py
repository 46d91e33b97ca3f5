"""s6-rc-fdholder-filler: execpy's against s6-rc 0.7.0.0's (the oracle
build), each run by C s6-ipcclient against a C s6-fdholder-daemon; what the
C filler did is in tests/golden/fdholder/filler.json (FDHOLDER_GOLDEN=1
regenerates it). Then the whole s6rc-fdholder service end to end."""

import json
import os

import pytest

from tests.conftest import BIN
from tests.test_s6_fdholder import (DEBIAN, GOLDEN, ORACLE, Server, _run, make_rules)

FILLERS = {"execpy": os.path.join(BIN, "s6-rc-fdholder-filler"),
           "oracle": next((p for p in (os.path.join(os.path.dirname(ORACLE), "libexec",
                                                    "s6-rc-fdholder-filler"),
                                       os.path.join(ORACLE, "s6-rc-fdholder-filler"))
                           if os.access(p, os.X_OK)), os.path.join(ORACLE, "s6-rc-fdholder-filler"))}
# (s6-rc 0.7 installs the filler in libexec/; an older oracle build had it in bin/ too)
NAMES = (b"cons1\n  # a comment\n\t cons two \r\n#x\n\n" + b"n" * 243 + b"\nlast")
CASES = [
    # (filler options, stdin, rules allow setdump)
    (["-1"], NAMES, True),
    ([], b"one\n", True),
    (["-1", "-t", "1000"], b"", True),
    (["-1"], b"# only a comment\n   \n", True),
    ([], b"a\n" + b"n" * 244 + b"\n", True),
    (["-1"], b"a\nb\n", False),
    (["-t", "x"], b"a\n", True),
    (["-X"], b"a\n", True),
    (["--", "extra"], b"z\0ignored\n", True),
]


def run_case(filler, opts, stdin, setdump, tmp):
    rules = str(tmp / "rules")
    make_rules(rules, store=r"^pipe:s6rc-", retrieve=r"^pipe:s6rc-")
    if not setdump:
        os.unlink(os.path.join(rules, "uid", str(os.getuid()), "env", "S6_FDHOLDER_SETDUMP"))
    server = Server("debian", tmp, "s", rules)
    try:
        fin = tmp / "in"
        fin.write_bytes(stdin)
        with open(str(fin), "rb") as f:
            out, err, code = _run([os.path.join(DEBIAN, "s6-ipcclient"), "-l0", server.path,
                                   filler] + opts, stdin=f)
        held = _run([os.path.join(DEBIAN, "s6-fdholder-list"), server.path])
    finally:
        server.stop()
    return [out.decode("latin-1"), err.decode("latin-1"), code, held[0].decode("latin-1")]


@pytest.mark.skipif(not os.environ.get("FDHOLDER_GOLDEN"), reason="regenerates golden files")
def test_make_golden(tmp_path):
    if not os.access(FILLERS["oracle"], os.X_OK):
        pytest.skip("no oracle build")
    res = []
    for i, (opts, stdin, setdump) in enumerate(CASES):
        d = tmp_path / str(i)
        d.mkdir()
        res.append(run_case(FILLERS["oracle"], opts, stdin, setdump, d))
    with open(os.path.join(GOLDEN, "filler.json"), "w") as f:
        json.dump(res, f, indent=1)
        f.write("\n")


@pytest.mark.parametrize("i", range(len(CASES)))
@pytest.mark.parametrize("impl", ["execpy", "oracle"])
def test_filler(impl, i, tmp_path):
    if not os.access(FILLERS[impl], os.X_OK):
        pytest.skip("no %s build" % impl)
    with open(os.path.join(GOLDEN, "filler.json")) as f:
        want = json.load(f)[i]
    opts, stdin, setdump = CASES[i]
    assert run_case(FILLERS[impl], opts, stdin, setdump, tmp_path) == want


# --------------------------------------------------------------------------
# end to end: a producer/consumer pair compiled by execpy's s6-rc-compile,
# s6-rc-init on execpy's s6-svscan, s6rc-fdholder filling its pipe

import signal  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

from tests.svharness import kill_strays  # noqa: E402

PROGRAMS = ("execlineb pipeline if forstdin exit redirfd fdmove fdswap s6-svc "
            "s6-fdholder-daemon s6-fdholderd s6-fdholder-retrieve s6-rc-fdholder-filler "
            "s6-envuidgid s6-applyuidgid s6-ipcclient").split()


def kill_strays_cmd(fragment):
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/cmdline" % name, "rb") as f:
                    cmd = f.read().replace(b"\0", b" ")
            except OSError:
                continue
            if fragment.encode() in cmd and int(name) != os.getpid():
                try:
                    os.kill(int(name), signal.SIGKILL)
                except OSError:
                    pass


def _prefix(top, pipeline):
    pfx = os.path.join(top, "pfx")
    os.mkdir(pfx)
    for p in PROGRAMS:
        target = os.path.join(BIN, p)
        if p == "pipeline" and pipeline == "c":
            target = "/usr/lib/execline/bin/pipeline"
        if p == "s6-ipcclient" and not os.path.exists(
                os.path.join(os.path.dirname(BIN), "s6utils", "s6", "s6_ipcclient.py")):
            target = os.path.join(DEBIAN, p)  # execpy's is helper C's, maybe not there yet
        os.symlink(target, os.path.join(pfx, p))
    return pfx + "/"


def _sources(top):
    src = os.path.join(top, "src")
    for name, kind, other, run in (
            ("prod", "producer-for", "cons",
             "#!/bin/sh\ni=0\nwhile :; do i=$((i+1)); echo \"line $i\"; sleep 0.05; done\n"),
            ("cons", "consumer-for", "prod", "#!/bin/sh\nexec cat >> %s/out\n" % top)):
        d = os.path.join(src, name)
        os.makedirs(d)
        for fname, text in (("type", "longrun\n"), (kind, other + "\n"), ("run", run)):
            with open(os.path.join(d, fname), "w") as f:
                f.write(text)
        os.chmod(os.path.join(d, "run"), 0o755)
    return src


def _x(*argv, env=None):
    p = subprocess.run([os.path.join(BIN, argv[0])] + list(argv[1:]), stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=30, env=env)
    assert p.returncode == 0, (argv, p.stderr)
    return p.stdout


def _pipe_of(top, service, fd):
    pid = int(_x("s6-svstat", "-p", os.path.join(top, "scan", service)))
    assert pid > 0
    return os.readlink("/proc/%d/fd/%d" % (pid, fd))


def _grows(path, after, exact=False):
    """Wait until ``path`` has a line starting with ``after`` (that is
    ``after``, if ``exact``) past the end it had when called."""
    start = os.path.getsize(path) if os.path.exists(path) else 0
    end = time.monotonic() + 10
    while time.monotonic() < end:
        if os.path.exists(path):
            with open(path, "rb") as f:
                f.seek(start)
                lines = f.read().splitlines()[1:]
                if any(line == after if exact else line.startswith(after) for line in lines):
                    return
        time.sleep(0.05)
    raise AssertionError("%s did not get %r" % (path, after))


@pytest.mark.parametrize("pipeline,svscan", [("execpy", "execpy"), ("c", "execpy"),
                                             ("c", "debian")])
def test_pipeline_through_the_fdholder(pipeline, svscan, tmp_path):
    """The producer's output reaches the consumer through the pipe the
    filler stored, and the same pipe survives a restart of either end
    (under execpy's supervision tree, and under Debian's s6-svscan)."""
    top = str(tmp_path)
    pfx = _prefix(top, pipeline)
    env = dict(os.environ, EXECPY_S6RC_PREFIXES=pfx + ":" + pfx + ":" + pfx)
    _x("s6-rc-compile", os.path.join(top, "db"), _sources(top), env=env)
    scan = os.path.join(top, "scan")
    os.mkdir(scan)
    svscan = subprocess.Popen([os.path.join(BIN if svscan == "execpy" else DEBIAN, "s6-svscan"),
                               scan], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        end = time.monotonic() + 10
        while not os.path.exists(os.path.join(scan, ".s6-svscan", "control")):
            assert time.monotonic() < end
            time.sleep(0.02)
        time.sleep(0.2)
        _x("s6-rc-init", "-c", os.path.join(top, "db"), "-l", os.path.join(top, "live"), scan)
        _x("s6-svc", "-wU", "-T", "20000", "-u", os.path.join(scan, "s6rc-fdholder"))
        held = subprocess.run([os.path.join(BIN, "s6-fdholder-list"),
                               os.path.join(scan, "s6rc-fdholder", "s")],
                              capture_output=True, timeout=10)
        assert held.stdout == b"pipe:s6rc-r-cons\npipe:s6rc-w-cons\n"
        _x("s6-svc", "-wu", "-T", "20000", "-u", os.path.join(scan, "cons"))
        _x("s6-svc", "-wu", "-T", "20000", "-u", os.path.join(scan, "prod"))
        out = os.path.join(top, "out")
        _grows(out, b"line 10", exact=True)
        pipe = _pipe_of(top, "cons", 0)
        assert pipe.startswith("pipe:") and _pipe_of(top, "prod", 1) == pipe
        _x("s6-svc", "-wr", "-T", "20000", "-r", os.path.join(scan, "prod"))
        _grows(out, b"line 3", exact=True)  # a new producer counts from 1 again
        _x("s6-svc", "-wr", "-T", "20000", "-r", os.path.join(scan, "cons"))
        _grows(out, b"line ")
        assert _pipe_of(top, "cons", 0) == pipe and _pipe_of(top, "prod", 1) == pipe
    finally:
        svscan.send_signal(signal.SIGTERM)
        try:
            svscan.wait(15)
        except subprocess.TimeoutExpired:
            svscan.kill()
            svscan.wait(5)
        kill_strays(top)
