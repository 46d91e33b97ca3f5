"""Blocks that are one test or one exit (`if { eltest ... }`, `foreground
{ exit 3 }`) run inside the chain's process (core.spawn_wait and the
INLINE builtins): the same exit codes, stdout and stderr as C execline,
which forks and execs for them, and no fork at all."""

import os
import subprocess
import sys

import pytest

from tests.conftest import BIN, REAL_EXECLINE, ROOT

HAVE_C = os.path.exists(os.path.join(REAL_EXECLINE, "execlineb"))

# each script is run by `execlineb -c`, with the directory of the
# implementation's programs first on PATH
CASES = [
    "if { eltest -d / } echo yes",
    "if { eltest -d /nowhere } echo yes",
    "if -n { eltest -d /nowhere } echo no",
    "if { eltest 1 -gt } echo never",            # syntax error: eltest's message, if's code
    "if { eltest 1 -gt x } echo never",          # bad operand
    "if -t { eltest -z x } echo never",
    "if -x 9 { exit 4 } echo never",
    "if { exit 300 } echo never",
    "if { exit x } echo never",                   # exit's usage message
    "ifelse { eltest a = a } { echo then } echo else",
    "ifelse -n { eltest a = a } { echo then } echo else",
    "ifelse { eltest a =~ ( } { echo then } echo else",
    "ifthenelse { eltest a != b } { exit 5 } { echo else } importas -u r ? echo r=${r}",
    "ifthenelse { exit 1 } { exit 5 } { exit 6 } importas -u r ? echo r=${r}",
    "ifthenelse -s { eltest -e / } { define x yes } { define x no } echo ${x}",
    "foreground { exit 7 } importas -u r ? echo r=${r}",
    "foreground { eltest } importas -u r ? echo r=${r}",
    "foreground { eltest -q } importas -u r ? echo r=${r}",
    "ifte { echo then } { echo else } eltest 2 -lt 10",
    "ifte -n { echo then } { echo else } eltest 2 -lt 10",
]


def run(impl, script):
    path = os.path.join(ROOT, "bin") if impl == "execpy" else REAL_EXECLINE
    env = {"PATH": path + ":/usr/bin:/bin"}
    p = subprocess.run([os.path.join(path, "execlineb"), "-c", script], capture_output=True,
                       timeout=30, env=env, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


@pytest.mark.skipif(not HAVE_C, reason="no Debian execline in " + REAL_EXECLINE)
@pytest.mark.parametrize("script", CASES)
def test_inline_block_matches_c(script):
    assert run("execpy", script) == run("c", script)


def run_broken_stderr(impl, script):
    """As run, with stderr a pipe nobody reads any more: the test's message kills it (SIGPIPE)
    in C's child, never the chain."""
    path = os.path.join(ROOT, "bin") if impl == "execpy" else REAL_EXECLINE
    r, w = os.pipe()
    os.close(r)
    try:
        p = subprocess.run([os.path.join(path, "execlineb"), "-c", script], stdout=subprocess.PIPE,
                           stderr=w, timeout=30, env={"PATH": path + ":/usr/bin:/bin"},
                           stdin=subprocess.DEVNULL)
    finally:
        os.close(w)
    return p.returncode, p.stdout


@pytest.mark.skipif(not HAVE_C, reason="no Debian execline in " + REAL_EXECLINE)
@pytest.mark.parametrize("script", [
    "foreground { eltest 1 -gt } importas -u r ? echo r=${r}",
    "if -X { eltest 1 -gt } echo never",
    "ifelse -X { eltest 1 -gt } { echo then } echo else",
])
def test_inline_block_with_a_broken_stderr_matches_c(script):
    assert run_broken_stderr("execpy", script) == run_broken_stderr("c", script)


def test_inline_block_traces_as_a_child_would():
    env = {"PATH": BIN + ":/usr/bin:/bin", "EXECPY_TRACE": "1"}
    p = subprocess.run([os.path.join(BIN, "execlineb"), "-c", "if { eltest -d / } exit 3"],
                       capture_output=True, timeout=30, env=env, stdin=subprocess.DEVNULL)
    assert p.returncode == 3
    assert p.stderr.endswith(b"\n+ if { eltest -d / } exit 3\n+ eltest -d /\n+ exit 3\n"), p.stderr


COUNT = r"""
import os, sys
sys.path.insert(0, %r)
from execpy import commands
from execpy.engine import core, process
from execpy.parser import words
core.set_lookup(commands.load)
forks = []
real = os.fork
def counting():
    forks.append(1)
    return real()
os.fork = counting
argv = [w.encode() for w in sys.argv[1:]]
code = core.run(core.Ctx({b"PATH": b"%s:/usr/bin:/bin"}), [b"execlineb", b"-c"] + argv)
os.write(1, b"forks=%%d code=%%d\n" %% (len(forks), code))
"""


def forks_of(script):
    p = subprocess.run([sys.executable, "-ES", "-c", COUNT % (ROOT, BIN), script],
                       capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    last = p.stdout.decode().strip().split("\n")[-1]
    assert last.startswith("forks="), (p.stdout, p.stderr)
    return int(last.split()[0][6:])


@pytest.mark.parametrize("script", [
    "if { eltest -d / } exit 0",
    "ifelse { eltest a = b } { exit 1 } exit 0",
    "ifthenelse { eltest -e / } { exit 0 } { exit 1 } exit 0",
    "foreground { exit 3 } exit 0",
    "ifte { exit 0 } { exit 1 } eltest -n x",
    "if { s6-test -d / } exit 0",
])
def test_a_test_or_an_exit_block_costs_no_fork(script):
    assert forks_of(script) == 0


@pytest.mark.parametrize("script", [
    "if { fdmove -c 1 2 eltest -d / } exit 0",   # a chain: it changes fds, so it is a child
    "foreground { exec eltest -d / } exit 0",
    "if { eltest -d / } foreground { getpid p } exit 0",
])
def test_other_blocks_still_fork(script):
    assert forks_of(script) >= 1


def test_all_digits_regex_answers_as_regexec():
    """posixre.search answers "^[[:digit:]]+$" (every s6-overlay setting is checked with it)
    without regcomp: the same answers as the C library's regexec."""
    import itertools
    sys.path.insert(0, ROOT)
    from execpy.engine import posixre
    assert posixre._load(), "the C library is needed to compare with"
    for pattern in (b"^[[:digit:]]+$", b"^[0-9]+$"):
        for n in range(4):
            for parts in itertools.product([b"0", b"7", b"a", b"\n", b" ", b"\xd9", b"+"], repeat=n):
                value = b"".join(parts)
                assert posixre.search(pattern, value) == \
                    (posixre._c_match(pattern, value, posixre.REG_EXTENDED | posixre.REG_NOSUB, 0)
                     is not None), (pattern, value)


@pytest.mark.skipif(not HAVE_C, reason="no Debian execline in " + REAL_EXECLINE)
@pytest.mark.parametrize("value", ["", "0", "42", "4 2", "x1", "1x", "007"])
def test_all_digits_eltest_matches_c(value):
    script = 'ifelse { eltest "%s" =~ "^[[:digit:]]+$" } { echo yes } echo no' % value
    assert run("execpy", script) == run("c", script)
