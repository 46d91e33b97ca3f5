"""Blocks that are one test, one exit or one command that only works on
files and fds, after any fd builtins (`if { eltest ... }`, `foreground
{ exit 3 }`, `foreground { fdmove -c 1 2 s6-echo ... }`, `if { s6-mkdir
-p d }`), run inside the chain's process (core.spawn_wait and the INLINE
builtins): the same exit codes, stdout, stderr and files as C execline,
which forks and execs for them, no fork at all, and the chain's own fds
and umask as they were."""

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


def forks_of(script, cwd):
    p = subprocess.run([sys.executable, "-ES", "-c", COUNT % (ROOT, BIN), script], cwd=cwd,
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
def test_a_test_or_an_exit_block_costs_no_fork(script, tmp_path):
    assert forks_of(script, tmp_path) == 0


@pytest.mark.parametrize("script", [
    "foreground { fdmove -c 1 2 s6-echo hi } exit 0",
    "if { fdmove -c 1 2 eltest -d / } exit 0",
    "if { redirfd -w 1 /dev/null fdclose 0 fdswap 1 2 s6-echo x } exit 0",
    "if { s6-mkdir -p /tmp } if { s6-rmrf /nonexistent/x } exit 0",
    "if { fdmove 1 2 exit 0 } exit 0",
    "foreground { if { eltest 2 -ge 2 } fdmove -c 1 2 s6-echo -- info } exit 0",  # s6-overlay's
    "if { if { if { eltest -d / } exit 0 } exit 0 } exit 0",
    "s6-setlock lk foreground { fdmove -c 1 2 s6-echo x } if { s6-mkdir -p /tmp } exit 0",
    # rc.init's: s6-rc-compile's lock on the new database is dropped when it is done
    "if { s6-mkdir -p src/a } if { redirfd -w 1 src/a/type s6-echo oneshot } "
    "if { redirfd -w 1 src/a/up s6-echo exit 0 } if { s6-rc-compile db src } if { redirfd -w 1 after s6-echo done } exit 0",
])
def test_fd_builtins_before_an_inline_command_cost_no_fork(script, tmp_path):
    assert forks_of(script, tmp_path) == 0


@pytest.mark.parametrize("script", [
    "foreground { exec eltest -d / } exit 0",
    "if { eltest -d / } foreground { getpid p } exit 0",
    "if { fdmove -c 1 2 /bin/true } exit 0",            # an external program
    "if { redirfd -f v /dev/null exit 0 } exit 0",      # -f defines a variable
    "if { fdmove -c x 2 exit 0 } exit 0",               # the child says what is wrong
    "foreground { if { fdmove -c 1 2 /bin/true } exit 0 } exit 0",
])
def test_other_blocks_still_fork(script, tmp_path):
    assert forks_of(script, tmp_path) >= 1


# blocks run inline, with what C execline does for each (execpy's own s6-echo, s6-mkdir,
# ... stand for s6-portable-utils' C programs, which Debian does not package: where the
# oracle build of s6-overlay 3.2.3.2's versions is present, these are checked against it
# too). @TMP@ is the case's directory, its cwd. Each: script -> (status, stdout, stderr).
FD_CASES = {
    # the block's fds are its own: after it, the chain's are as they were
    "foreground { fdmove -c 1 2 eltest 1 -gt } echo after":
        (0, b"after\n", b"eltest: fatal: parse error at argument 2\n"),
    "foreground { fdswap 1 2 eltest 1 -gt } echo after":
        (0, b"eltest: fatal: parse error at argument 2\nafter\n", b""),
    "foreground { redirfd -w 2 err eltest 1 -gt } foreground { cat err } echo after":
        (0, b"eltest: fatal: parse error at argument 2\nafter\n", b""),
    "if { fdclose 2 eltest 1 -gt } echo never": (100, b"", b""),
    "foreground { fdmove 1 2 exit 0 } foreground { echo out } eltest 1 -gt":
        (100, b"out\n", b"eltest: fatal: parse error at argument 2\n"),
    "foreground { redirfd -w 5 f exit 0 } fdmove 1 5 echo leaked":
        (111, b"", b"fdmove: fatal: unable to move fd 5 to fd 1: Bad file descriptor\n"),
    "foreground { redirfd -r 0 /nonexistent exit 0 } importas -u r ? echo r=${r}":
        (0, b"r=111\n", b"redirfd: fatal: unable to open /nonexistent: No such file or directory\n"),
    "foreground { if { eltest 2 -ge 2 } fdmove -c 1 2 eltest 1 -gt } echo after":
        (0, b"after\n", b"eltest: fatal: parse error at argument 2\n"),
    "foreground { if { eltest 1 -ge 2 } fdmove -c 1 2 eltest 1 -gt } importas -u r ? echo r=${r}":
        (0, b"r=1\n", b""),
    "if { if { fdmove 1 2 eltest 1 -gt } exit 3 } echo never": (100, b"", b""),  # fd 2 closed
    "if { if -x 4 { exit 1 } exit 0 } echo never": (4, b"", b""),
    # what a forked child could not change in its parent: the lock the chain holds (closing
    # any fd of the locked file drops a POSIX lock), SIGXFSZ over the file size limit, an
    # fd the chain has just above its own
    "s6-setlock lk foreground { redirfd -r 0 lk s6-echo x } "
    "foreground { s6-setlock -n lk s6-echo free } s6-echo end":
        (0, b'x\nend\n', b's6-setlock: fatal: unable to lock lk: Resource busy\n'),
    "s6-softlimit -f 10 foreground { redirfd -w 1 big s6-echo 0123456789012345678901234567890 } "
    "importas -u r ? s6-echo r=${r}":
        (0, b'r=281\n', b''),
    "s6-setlock lk foreground { fdmove -c 1 2 s6-echo x } foreground { fdmove -c 2 1 s6-mkdir d } "
    "foreground { s6-setlock -n lk s6-echo free } s6-echo end":
        (0, b"end\n", b"x\ns6-setlock: fatal: unable to lock lk: Resource busy\n"),
    "s6-setlock lk foreground { fdmove -c 1 3 exit 0 } "  # 3: s6-setlock's fd
    "foreground { s6-setlock -n lk s6-echo free } s6-echo end":
        (0, b"end\n", b"s6-setlock: fatal: unable to lock lk: Resource busy\n"),
    "foreground { fdmove -c 1 64 s6-echo hi } importas -u r ? echo r=${r}":
        (0, b'r=111\n', b'fdmove: fatal: unable to move fd 64 to fd 1: Bad file descriptor\n'),
    "foreground { fdmove -c 1 63 fdmove -c 1 65 s6-echo hi } importas -u r ? echo r=${r}":
        (0, b'r=111\n', b'fdmove: fatal: unable to move fd 63 to fd 1: Bad file descriptor\n'),
    # s6-portable-utils
    "s6-softlimit -o 20 foreground { fdmove -c 1 2 s6-echo hi } echo x": (0, b"x\n", b"hi\n"),
    "foreground { if { eltest 2 -ge 2 } fdmove -c 1 2 s6-echo -- info } echo after":
        (0, b"after\n", b"info\n"),
    "foreground { fdmove -c 1 2 s6-echo -- hello } echo done": (0, b"done\n", b"hello\n"),
    "foreground { redirfd -w 1 f s6-echo -n -s : a b } foreground { cat f } echo":
        (0, b"a:b\n", b""),
    "foreground { s6-mkdir -m 0700 d } foreground { s6-mkdir e } stat -c %a d e":
        (0, b"700\n755\n", b""),
    "foreground { s6-mkdir a/b } importas -u r ? echo r=${r}":
        (0, b"r=111\n", b"s6-mkdir: warning: unable to mkdir a/b: No such file or directory\n"),
    "if { s6-mkdir -p a/b/c } if { s6-chmod 0751 a/b } if { s6-rename a/b a/d } "
    "if { s6-mkfifo a/p } if { s6-ln -s a/d l } foreground { stat -c %a-%F a/d a/p l } "
    "if { s6-rmrf a l } eltest ! -e a":
        (0, b"751-directory\n666-fifo\n777-symbolic link\n", b""),
    "if { s6-chmod 0999 x } echo never": (100, b"", b"s6-chmod: usage: s6-chmod mode file\n"),
    "if { s6-rmrf } echo never": (100, b"", b"s6-rmrf: usage: s6-rmrf file ...\n"),
}


def run_case(bindir, script, tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE):
    env = {"PATH": bindir + ":/usr/bin:/bin"}
    p = subprocess.run([os.path.join(bindir, "execlineb"), "-c", script], stdout=stdout,
                       stderr=stderr, timeout=30, env=env, stdin=subprocess.DEVNULL, cwd=tmp)
    # EBUSY as musl words it (the oracle's): execpy's s6 tools in a checkout use the host's text
    err = (p.stderr or b"").replace(os.fsencode(tmp), b"@TMP@").replace(b"Device or resource busy",
                                                                        b"Resource busy")
    return p.returncode, (p.stdout or b"").replace(os.fsencode(tmp), b"@TMP@"), err


ORACLE = "/tmp/oracle/bin"
HAVE_ORACLE = os.path.exists(os.path.join(ORACLE, "s6-echo"))


@pytest.mark.parametrize("script", sorted(FD_CASES))
def test_inline_fd_block_matches_c(script, tmp_path):
    assert run_case(BIN, script, str(tmp_path)) == FD_CASES[script]


@pytest.mark.skipif(not HAVE_ORACLE, reason="no oracle build in " + ORACLE)
@pytest.mark.parametrize("script", sorted(FD_CASES))
def test_inline_fd_block_recorded_from_the_oracle(script, tmp_path):
    """The recorded expectations are what execline 2.9.9.2 and s6-portable-utils 2.3.1.2 do."""
    assert run_case(ORACLE, script, str(tmp_path)) == FD_CASES[script]


@pytest.mark.skipif(not HAVE_C, reason="no Debian execline in " + REAL_EXECLINE)
@pytest.mark.parametrize("script", [k for k in sorted(FD_CASES) if "s6-" not in k])
def test_inline_fd_block_matches_debian(script, tmp_path):
    assert run_case(REAL_EXECLINE, script, str(tmp_path)) == FD_CASES[script]


BROKEN = {  # the block's write meets a pipe nobody reads: C's child dies of SIGPIPE (foreground's ? is 256+13)
    "foreground { s6-echo x } importas -u r ? fdmove -c 1 2 echo r=${r}": ("stdout", b"r=269\n"),
    "foreground { fdmove -c 1 2 s6-echo x } importas -u r ? echo r=${r}": ("stderr", b"r=269\n"),
    "foreground { s6-mkdir a/b } importas -u r ? echo r=${r}": ("stderr", b"r=269\n"),
    # the child dies at its first message: what it would have done next is not done
    "foreground { s6-mkdir /nonexistent/x b } importas -u r ? "
    "ifelse { eltest -d b } { echo r=${r} made b } echo r=${r}": ("stderr", b"r=269\n"),
    # a death inside an inner block is that block's: the outer one goes on
    "foreground { if -nX { s6-mkdir /nonexistent/x } s6-echo next } importas -u r ? echo r=${r}":
        ("stderr", b"next\nr=0\n"),
}


def run_broken(bindir, script, which, tmp):
    r, w = os.pipe()
    os.close(r)
    out = subprocess.PIPE
    try:
        got = run_case(bindir, script, tmp, stdout=w if which == "stdout" else out,
                       stderr=w if which == "stderr" else out)
    finally:
        os.close(w)
    return got[1] if which == "stderr" else got[2]


@pytest.mark.parametrize("script", sorted(BROKEN))
def test_inline_block_on_a_broken_pipe_dies_as_the_child_would(script, tmp_path):
    which, want = BROKEN[script]
    assert run_broken(BIN, script, which, str(tmp_path)) == want
    if HAVE_ORACLE:
        assert run_broken(ORACLE, script, which, str(tmp_path)) == want


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
