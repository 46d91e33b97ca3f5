"""s6-overlay's helpers written in execline: printcontenv, with-contenv,
logutil-service. Each test runs in a private mount namespace with a tmpfs on
/run, so /run/s6/container_environment can be laid out freely."""

import os
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "bin")
OVERLAY = os.path.join(ROOT, "overlay", "command")

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("unshare"),
    reason="needs root and unshare for a private /run")


@pytest.fixture
def wrappers(tmp_path):
    """A directory of commands that run the overlay scripts with execpy's
    execlineb (their shebang names /command/execlineb, absent here)."""
    d = tmp_path / "cmd"
    d.mkdir()
    for name in os.listdir(OVERLAY):
        path = os.path.join(OVERLAY, name)
        with open(path) as f:
            shebang = f.readline().split()
        flags = " ".join(shebang[1:])
        w = d / name
        w.write_text('#!/bin/sh\nexec %s/execlineb %s %s "$@"\n' % (BIN, flags, path))
        w.chmod(0o755)
    return str(d)


def in_namespace(wrappers, script, env=None, stdin=b""):
    setup = """set -u
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /run/s6/container_environment
cd /run/s6/container_environment
printf 'val\\n' > A; printf 'two\\nlines\\n\\n' > B; : > EMPTY; printf '\\n' > NL
printf '/usr/bin:/bin\\n' > PATH
cd /
"""
    base = {"PATH": "%s:%s:/usr/bin:/bin" % (wrappers, BIN)}
    base.update(env or {})
    return subprocess.run(["unshare", "--mount", "bash", "-c", setup + script],
                          env=base, input=stdin, capture_output=True, timeout=60)


@pytest.mark.parametrize("var,out,code", [
    ("A", b"val\n", 0),
    ("B", b"two\nlines\n\n", 0),
    ("EMPTY", b"\n", 0),
    ("NL", b"\n", 0),
    ("NOPE", b"", 1),
])
def test_printcontenv_prints_the_value_and_one_newline(wrappers, var, out, code):
    p = in_namespace(wrappers, "printcontenv %s" % var)
    assert (p.stdout, p.returncode) == (out, code), p.stderr
    assert p.stderr == b""


def test_printcontenv_usage(wrappers):
    p = in_namespace(wrappers, "printcontenv")
    assert (p.stdout, p.stderr, p.returncode) == (
        b"", b"printcontenv: usage: printcontenv variable\n", 100)


def test_printcontenv_keep_env_reads_its_own_environment(wrappers):
    p = in_namespace(wrappers, "printcontenv X; echo $?; printcontenv Y; echo $?; printcontenv A; echo $?",
                     env={"S6_KEEP_ENV": "1", "X": "kept", "Y": ""})
    assert p.stdout == b"kept\n0\n1\n1\n", p.stderr


def test_with_contenv_rebuilds_the_environment(wrappers):
    p = in_namespace(wrappers, "with-contenv /usr/bin/env", env={"FOO": "bar"})
    assert p.returncode == 0, p.stderr
    env = p.stdout.decode()
    assert "FOO=bar" not in env  # the caller's variables are gone
    assert "PATH=/usr/bin:/bin\n" in env  # PATH comes from the dump
    assert "A=val\n" in env and "NL=\n" in env and "B=two\nlines\n\n" in env
    assert "EMPTY=" not in env  # an empty file unsets


def test_with_contenv_keep_env_passes_through(wrappers):
    p = in_namespace(wrappers, "with-contenv /usr/bin/env", env={"FOO": "bar", "S6_KEEP_ENV": "1"})
    assert b"FOO=bar\n" in p.stdout and b"A=val" not in p.stdout


def test_logutil_service_logs_as_nobody(wrappers):
    script = """mkdir /run/log; chown nobody /run/log
printf 'n3 s4096\\n' > /run/s6/container_environment/S6_LOGGING_SCRIPT
printf 'line1\\nline2\\n' | logutil-service /run/log/svc; echo rc=$?
cat /run/log/svc/current; stat -c '%U' /run/log/svc/current
"""
    p = in_namespace(wrappers, script)
    assert p.stdout == b"rc=0\nline1\nline2\nnobody\n", p.stderr


def test_logutil_service_default_script_timestamps(wrappers):
    script = """mkdir /run/log; chown nobody /run/log
printf 'hello\\n' | logutil-service /run/log/svc; cat /run/log/svc/current
"""
    p = in_namespace(wrappers, script)
    line = p.stdout.decode()
    # default "n20 s1000000 T": s6-log's ISO 8601 stamp "YYYY-MM-DD HH:MM:SS.nnnnnnnnn", two spaces
    assert line.endswith("  hello\n") and line[4] == "-" and line[13] == ":", (line, p.stderr)


def test_logutil_service_reads_a_fifo(wrappers):
    script = """mkdir /run/log; chown nobody /run/log; mkfifo /run/f
(printf 'via fifo\\n' > /run/f) &
logutil-service -f /run/f /run/log/svc < /dev/null; wait; cat /run/log/svc/current
"""
    p = in_namespace(wrappers, script, env={})
    assert p.stdout == b"via fifo\n" or p.stdout.endswith(b" via fifo\n"), p.stderr


def test_logutil_service_needs_a_logdir(wrappers):
    p = in_namespace(wrappers, "logutil-service")
    assert p.returncode == 100 and p.stdout == b""
