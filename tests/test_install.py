"""`pip install .` into a fresh venv carries every command of the one table.

The venv is built once for the module, from Debian's /usr/bin/python3 (the
interpreter bin/ names), from a copy of the tree (setuptools writes build/
and *.egg-info into the tree it builds), without the network: pip gets
--no-index --no-build-isolation --no-deps, and the only build tool a fresh
venv may lack (`wheel`, which setuptools before 70.1 needs) comes from
Debian's python3-wheel-whl when it is there, from the index otherwise. click
(the `execpy` management command's dependency) is not installed.
"""

import glob
import os
import re
import shutil
import signal
import subprocess

import pytest

from execpy import commands
from tests import svharness as h

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "bin")
PYTHON = "/usr/bin/python3"
REAL_EXECLINE = "/usr/lib/execline/bin"
# The text of each message is upstream's (cd's is execline-cd's): the test
# compares it with Debian's program, or the clone's where Debian has none.
# commands that have no usage error at all (upstream's behave the same):
# with no arguments they read an empty stdin, test nothing, or open a block
NO_USAGE = {"eltest": 1, "s6-test": 1, "s6-cat": 0, "s6-tai64n": 0, "foreground": 100,
            # no options, no usage line: stdin must be a socket / pid 1, as C's
            "s6-linux-init-logouthookd": 111, "s6-overlay-suexec": 100}
# commands whose usage message needs a missing operand, not a bad option
USAGE_WITHOUT_OPERANDS = {"homeof", "multisubstitute", "s6-fghack", "s6-rmrf", "s6-supervise",
                          "s6-svdt-clear", "s6-svok", "s6-overlay-stat"} | set(NO_USAGE)
# commands that act on the whole machine whatever their arguments (s6-linux-init-nuke
# SIGKILLs every process it can, s6-linux-init-umountall remounts and unmounts, as C's do): only checked to be installed here; run
# it only inside a PID namespace
NEVER_RUN_HERE = {"s6-linux-init-nuke", "s6-linux-init-umountall"}
MARK = b"execpy-launcher"
# a usage message, or the option error of skalibs' gol (s6-rc's programs)
USAGE_LINE = re.compile(rb"[\w.-]+: (usage: |fatal: unrecognized \w+ option: )")


def run(argv, timeout=60, **kw):
    return subprocess.run(argv, timeout=timeout, stdin=subprocess.DEVNULL, capture_output=True,
                          **kw)


def _clean_env():
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}


class Unavailable(Exception):
    """This machine cannot build a venv (the reason says why)."""


def _ensure_bdist_wheel(py, env):
    """Give a fresh venv what setuptools builds wheels with."""
    probe = ("import setuptools\ntry:\n    import setuptools.command.bdist_wheel\n"
             "except ImportError:\n    import wheel.bdist_wheel\n")
    if run([py, "-W", "ignore", "-c", probe], env=env).returncode == 0:
        return
    local = sorted(glob.glob("/usr/share/python-wheels/wheel-*.whl"))  # python3-wheel-whl
    args = ["--no-index", "--no-deps", local[-1]] if local else ["wheel"]
    p = run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check"] + args,
            timeout=180, env=env)
    if p.returncode != 0:
        raise Unavailable("the fresh venv has no `wheel` to build with, and pip could not install "
                          "it (apt-get install python3-wheel-whl installs it offline): %s"
                          % p.stderr.decode(errors="replace")[-300:])


def install_venv(top):
    """A fresh venv in ``top``/venv with the tree pip-installed into it, as
    `pip install .` would, offline. Raises Unavailable if venvs cannot be
    made here; fails (AssertionError) if pip cannot install the tree."""
    if not os.access(PYTHON, os.X_OK):
        raise Unavailable("no %s" % PYTHON)
    env = _clean_env()
    venv = os.path.join(top, "venv")
    p = run([PYTHON, "-m", "venv", venv], timeout=120, env=env)
    if p.returncode != 0:
        raise Unavailable("python3 -m venv does not work here (apt-get install python3-venv): %s"
                          % p.stderr.decode(errors="replace")[-300:])
    py = os.path.join(venv, "bin", "python3")
    _ensure_bdist_wheel(py, env)
    src = os.path.join(top, "src")
    shutil.copytree(ROOT, src, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis"))
    p = run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-index",
             "--no-build-isolation", "--no-deps", src], timeout=300, env=env)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    shutil.rmtree(src)
    return venv


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    try:
        return install_venv(str(tmp_path_factory.mktemp("install")))
    except Unavailable as e:
        pytest.skip(str(e))


def _head(path):
    with open(path, "rb") as f:
        return f.read(256)


def _launchers(d):
    return {n for n in os.listdir(d)
            if os.path.isfile(os.path.join(d, n)) and MARK in _head(os.path.join(d, n))}


def test_bin_holds_exactly_the_table_each_a_link_to_the_launcher():
    assert sorted(os.listdir(BIN)) == sorted(commands.names() + ["execpy"])
    for name in commands.names():
        assert os.readlink(os.path.join(BIN, name)) == "../execpy/launcher.py", name


def test_the_venv_holds_one_launcher_per_name_of_the_table(venv):
    vbin = os.path.join(venv, "bin")
    assert _launchers(vbin) == set(commands.names())
    first = b"#!%s -ES\n" % os.fsencode(os.path.join(vbin, "python3"))
    for name in commands.names():
        assert _head(os.path.join(vbin, name)).startswith(first), name
    assert os.access(os.path.join(vbin, "execpy"), os.X_OK)  # the management entry point


def test_installed_launchers_are_known_as_execpys_own(venv, tmp_path):
    """Called by path in a chain, an installed command runs in-process; a run
    script naming the installed execlineb is interpreted in the supervisor's
    child: both read the mark."""
    from execpy.engine import core
    from s6utils.supervision import script
    vbin = os.fsencode(os.path.join(venv, "bin"))
    core.set_lookup(commands.load)  # as execpy.cli does
    assert core._lookup(vbin + b"/fdmove") is commands.load(b"fdmove")
    assert core._lookup(b"/usr/lib/execline/bin/fdmove") is None
    run_script = str(tmp_path / "run")
    h.write(run_script, "#!%s/execlineb -P\nsleep 60\n" % os.fsdecode(vbin), 0o755)
    run_b = os.fsencode(run_script)
    assert script.execline_argv(run_b, [run_b]) == [vbin + b"/execlineb", b"-P", run_b]


def test_installed_launcher_starts_without_site_or_re(venv):
    script = os.path.join(venv, "bin", "execlineb")
    first = _head(script).split(b"\n", 1)[0]
    assert first.startswith(b"#!/")
    interp, _, flags = first[2:].partition(b" ")  # run it as the kernel would, plus -X
    p = run([interp] + flags.split() + [b"-X", b"importtime", script, b"-P", b"-c", b"true"],
            env={"PATH": "/usr/bin:/bin"})
    assert p.returncode == 0, p.stderr
    loaded = {line.split(b"|")[-1].strip() for line in p.stderr.splitlines()
              if line.startswith(b"import time:")}
    assert b"execpy.cli" in loaded
    assert not loaded & {b"site", b"re", b"enum", b"typing", b"subprocess"}


def _reference(name):
    """Upstream's program where Debian has it, else the clone's."""
    if os.access(os.path.join(REAL_EXECLINE, name), os.X_OK):
        return os.path.join(REAL_EXECLINE, name)
    if name.startswith("s6-") and os.access(os.path.join("/usr/bin", name), os.X_OK):
        return os.path.join("/usr/bin", name)
    return os.path.join(BIN, name)


def test_every_command_runs_from_the_venv(venv, tmp_path):
    vbin = os.path.join(venv, "bin")
    env = {"PATH": vbin + ":/usr/bin:/bin"}
    wrong = []
    for name in commands.names():
        if name in NEVER_RUN_HERE:
            assert os.access(os.path.join(vbin, name), os.X_OK), name
            continue
        args = [] if name in USAGE_WITHOUT_OPERANDS else ["-Z"]
        ours = run([os.path.join(vbin, name)] + args, timeout=20, env=env, cwd=str(tmp_path))
        ref = run([_reference(name)] + args, timeout=20, env=env, cwd=str(tmp_path))
        got = (ours.returncode, ours.stdout, ours.stderr)
        if got != (ref.returncode, ref.stdout, ref.stderr) or b"internal error" in ours.stderr:
            wrong.append((name, got, ref.returncode, ref.stderr))
        elif name in NO_USAGE:
            if ours.returncode != NO_USAGE[name]:
                wrong.append((name, got))
        elif ours.returncode != 100 or not USAGE_LINE.match(ours.stderr):
            wrong.append((name, got))
    assert not wrong


def test_venv_svscan_supervises_a_service_svstat_reports_up(venv, tmp_path):
    vbin = os.path.join(venv, "bin")
    env = {"PATH": vbin + ":/usr/bin:/bin"}
    scan = str(tmp_path / "scan")
    svc = os.path.join(scan, "svc")
    # the run script names the venv's execlineb: the supervisor must know it for its own
    h.write(os.path.join(svc, "run"), "#!%s/execlineb -P\nsleep 60\n" % vbin, 0o755)
    err = open(str(tmp_path / "svscan.err"), "wb")
    proc = subprocess.Popen([os.path.join(vbin, "s6-svscan"), scan], stdin=subprocess.DEVNULL,
                            stdout=err, stderr=err, env=env, start_new_session=True)
    try:
        def up():
            p = run([os.path.join(vbin, "s6-svstat"), svc], timeout=10, env=env)
            return p.stdout if p.stdout.startswith(b"up (pid ") else None
        line = h.wait_until(up, timeout=15)
        assert line, (tmp_path / "svscan.err").read_bytes()
        pid = int(line.split(b"pid ", 1)[1].split(b")", 1)[0])
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            assert f.read() == b"sleep\x0060\x00"
        assert run(["/usr/bin/s6-svstat", svc], timeout=10).stdout.startswith(b"up (pid %d)" % pid)
        ctl = run([os.path.join(vbin, "s6-svscanctl"), "-t", scan], timeout=10, env=env)
        assert ctl.returncode == 0, ctl.stderr
        assert proc.wait(15) == 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        err.close()
        h.kill_strays(str(tmp_path))
    assert (tmp_path / "svscan.err").read_bytes() == b""
