"""s6-linux-init in container mode as pid 1, against C s6-linux-init
1.2.0.2: exit codes, console and catch-all logger output, the tree in
/run, the environment dump and stage 2's environment, for halt, poweroff,
reboot, docker-stop (SIGTERM), SIGINT, a bad exit code and a failing
rc.shutdown. Recordings in tests/golden/linux_init/boot.json (see
tests/linux_init_boot.py); live against C where /tmp/oracle has it.
Also: execpy's stage 1 not as pid 1 (a child subreaper), and the small
programs' messages against C."""

import os
import subprocess
import sys
import tempfile

import psutil
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import linux_init_boot as b  # noqa: E402

REASON = b.needs()
needs_ns = pytest.mark.skipif(REASON is not None, reason=REASON or "")
GOLDEN = b.load()
BIN = b.OURS_BIN


def test_recording_has_every_scenario():
    assert sorted(GOLDEN) == sorted(b.SCENARIOS)
    assert GOLDEN["halt-exitcode"]["code"] == 42
    assert GOLDEN["poweroff"]["code"] == -2 and GOLDEN["reboot"]["code"] == -1


@needs_ns
@pytest.mark.parametrize("name", sorted(b.SCENARIOS))
def test_boot_matches_recording(name):
    assert b.run("ours", name) == GOLDEN[name]


@needs_ns
@pytest.mark.skipif(not b.have_oracle(), reason="C s6-linux-init not built in /tmp/oracle")
@pytest.mark.parametrize("name", ["halt-exitcode", "sigterm"])
def test_boot_matches_c_live(name):
    assert b.run("ours", name) == b.run("c", name)


def _leftovers(marker):
    out = []
    for p in psutil.process_iter(["cmdline", "cwd"]):
        try:
            text = " ".join(p.info["cmdline"] or []) + " " + (p.info["cwd"] or "")
        except (psutil.Error, TypeError):
            continue
        if marker in text and p.pid != os.getpid():
            out.append((p.pid, text))
    return out


@needs_ns
def test_stage1_not_pid1_is_a_subreaper(tmp_path):
    """Not pid 1 (a mount namespace only): a warning, then the same boot and
    exit code; shutdown signals only the tree's own processes."""
    top = str(tmp_path)
    base, run, skel = top + "/base", top + "/run", top + "/skel"
    os.makedirs(run + "/s6")
    os.mkdir(skel)
    with open(skel + "/rc.init", "w") as f:
        f.write("#!/bin/sh\necho hello from rc.init\n"
                "echo 42 > /run/s6-linux-init-container-results/exitcode\n"
                "( exec sleep 101 ) &\n"
                "until %s/bin/halt 2>/dev/null; do sleep 0.05; done\nexec sleep 100\n" % base)
    with open(skel + "/rc.shutdown", "w") as f:
        f.write("#!/bin/sh\n")
    os.chmod(skel + "/rc.init", 0o755)
    os.chmod(skel + "/rc.shutdown", 0o755)
    prefixes = ":".join([BIN + "/"] * 3)
    env = {"PATH": "/usr/bin:/bin", "EXECPY_S6LI_PREFIXES": prefixes}
    p = subprocess.run([BIN + "/s6-linux-init-maker", "-NC", "-c", base, "-p", BIN + ":/usr/bin:/bin",
                        "-f", skel, "-e", "EXECPY_S6LI_PREFIXES=" + prefixes, "-B", "-q", "100",
                        base], capture_output=True, timeout=30, env=env)
    assert p.returncode == 0, p.stderr
    sleeper = subprocess.Popen(["sleep", "30"])  # outside the tree: must survive
    try:
        p = subprocess.run(["timeout", "-s", "KILL", "40", "unshare", "--mount", "sh", "-c",
                            "mount --bind %s /run && exec %s/bin/init" % (run, base)],
                           capture_output=True, timeout=45, env={"PATH": "/usr/bin:/bin"})
        assert sleeper.poll() is None
    finally:
        sleeper.kill()
        sleeper.wait()
    assert p.returncode == 42, p.stderr
    assert p.stderr.startswith(b"s6-linux-init: warning: not running as pid 1: going on as a "
                               b"child subreaper\n")
    assert b"hello from rc.init\n" in p.stdout
    assert _leftovers(top) == []


def test_bin_shutdown_link_runs_s6_linux_init_shutdown(tmp_path):
    link = str(tmp_path / "shutdown")
    os.symlink(BIN + "/s6-linux-init-shutdown", link)
    p = _run([link, "-z"])
    assert p.stderr.startswith(b"s6-linux-init-shutdown: usage: ")


def test_hpr_force_refuses_unless_pid1():
    """execpy's -f calls reboot(2) only as pid 1 (never run C's here)."""
    p = _run([BIN + "/s6-linux-init-hpr", "-f", "-p"])
    assert (p.returncode, p.stderr) == \
        (111, b"s6-linux-init-hpr: fatal: unable to reboot(): Operation not permitted\n")


def _run(argv, **kw):
    return subprocess.run(argv, capture_output=True, timeout=30, env={"PATH": "/usr/bin:/bin"},
                          **kw)


# Safe outside a namespace: none of these reaches reboot(2) or kill(-1).
SMALL = [
    ["s6-linux-init-hpr"],
    ["s6-linux-init-hpr", "-x"],
    ["s6-linux-init-hpr", "-h"],
    ["s6-linux-init-hpr", "-p", "-n", "-W", "-d"],
    ["s6-linux-init-shutdown", "-h", "now"],
    ["s6-linux-init-shutdown", "-z"],
    ["s6-linux-init-echo", "a", "b", "c"],
    ["s6-linux-init-echo", "-n", "-s", ":", "a", "b", "c"],
    ["s6-linux-init-echo", "-s", "", "a", "b"],
    ["s6-linux-init-echo", "-q"],
    ["s6-linux-init-shutdownd", "-c", "rel"],
    ["s6-linux-init-shutdownd", "-d", "1"],
    ["s6-linux-init-shutdownd", "-d", "9"],
    ["s6-linux-init-shutdownd", "-g", "x"],
    ["s6-linux-init-telinit"],
    ["s6-linux-init-maker"],
    ["s6-linux-init-logouthookd"],
    ["s6-linux-init"],
    ["s6-linux-init-shutdown", "-H", "now"],
    ["s6-linux-init-shutdown", "-c"],
]


@pytest.mark.parametrize("argv", SMALL, ids=[" ".join(a) for a in SMALL])
def test_small_programs_match_c(argv, tmp_path):
    key = " ".join(argv)
    want = GOLDEN_SMALL.get(key)
    if want is None:
        pytest.skip("not recorded")
    p = _run([BIN + "/" + argv[0]] + argv[1:], cwd=str(tmp_path))
    assert [p.returncode, b.enc(p.stdout), b.enc(p.stderr)] == want


def _load_small():
    import json
    path = os.path.join(HERE, "golden", "linux_init", "small.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


GOLDEN_SMALL = _load_small()


def record_small():
    import json
    out = {}
    for argv in SMALL:
        with tempfile.TemporaryDirectory() as d:
            p = _run([b.ORACLE_BIN + "/" + argv[0]] + argv[1:], cwd=d)
        out[" ".join(argv)] = [p.returncode, b.enc(p.stdout), b.enc(p.stderr)]
    with open(os.path.join(HERE, "golden", "linux_init", "small.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    record_small()
