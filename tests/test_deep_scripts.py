"""Deeply nested scripts (issue 11, items 5 to 7).

C execline execs at every step, so what bounds a nested script there is the
kernel's limit on an exec's argv and environment: the words of a block at
depth d carry d spaces, and past about 1,400 levels of ``if {`` (8 MB stack)
execlineb dies with "Argument list too long". execpy runs the steps in one
process and must give the same answers, at the same depths, in time and
memory linear in the depth. Here: the kernel's rules against the running
kernel, nested scripts against C's results (recorded from Debian's execline
2.9.3.0, or compared live at the exact boundary), the cost of depth, the
one-line internal error of a forked child, and ``execpy parse`` of a deep
file.
"""

import os
import random
import subprocess
import sys
import tempfile
import time

import pytest

from execpy.engine.core import _HERE_DEPTH as HERE_DEPTH
from execpy.engine.subst import substitute
from execpy.parser.lexer import ParseError, parse_argv, parse_words
from execpy.parser.words import Words, decode, encode
from tests.conformance import harness

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "bin")
C_BIN = "/usr/lib/execline/bin"
ENV = {"PATH": BIN + ":/usr/bin:/bin"}

needs_c = pytest.mark.skipif(not os.path.exists(C_BIN + "/execlineb"), reason="needs Debian's execline")


def nested(kind, n, inner="echo inner"):
    """n levels of one construct around ``inner``."""
    if kind == "foreground":
        return "foreground { " * n + inner + " }" * n + " echo done"
    if kind == "if":
        return "if { " * n + inner + " }" * n + " echo done"
    if kind == "backtick":
        return "backtick -i x { " * n + inner + " }" * n + " echo done"
    if kind == "pipeline":
        return "pipeline { " * n + inner + " } cat" * n
    assert kind == "ifelse"
    return "ifelse { " * n + "true" + " } { echo then } echo else" * n


def run_script(path, script, env, stack=8192, timeout=60):
    """execlineb -P on ``script`` under a soft stack limit of ``stack`` kB."""
    f = tempfile.NamedTemporaryFile("w", suffix=".el", delete=False)
    try:
        with f:
            f.write(script)
        return subprocess.run(["sh", "-c", 'ulimit -S -s %d && exec "$0" -P "$1"' % stack,
                               os.path.join(path, "execlineb"), f.name],
                              env=env, capture_output=True, timeout=timeout)
    finally:
        os.unlink(f.name)


# --------------------------------------------------------------------------
# the kernel's rules (execpy.engine.argmax) against execve itself

_KERNEL_PROBE = r"""
import os, resource, sys
sys.path.insert(0, %(root)r)
from execpy.engine import argmax
stack = %(stack)r
if stack is not None:
    resource.setrlimit(resource.RLIMIT_STACK, (stack, resource.getrlimit(resource.RLIMIT_STACK)[1]))

def kernel_refuses(argv, env):
    try:
        pid = os.posix_spawn(b"/bin/true", argv, env)
    except OSError as e:
        return e.errno == 7
    os.waitpid(pid, 0)
    return False

env = {b"A": b"x" * 100, b"BB": b"y"}
checks = bad = 0
for nargs, chunk in ((1, 100000), (3, 1000), (1000, 100), (20000, 10)):
    def make(total):
        q, r = divmod(total, chunk)
        return [b"true"] + [b"a"] * (nargs - 1) + [b"z" * chunk] * q + [b"z" * r]
    lo, hi = 0, 7 << 20  # the largest total the formula accepts
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if argmax.too_big(b"/bin/true", make(mid), env):
            hi = mid - 1
        else:
            lo = mid
    for total in (lo - 1, lo, lo + 1):
        checks += 1
        bad += argmax.too_big(b"/bin/true", make(total), env) != kernel_refuses(make(total), env)
for k in (131070, 131071, 131072):  # one argument, one variable, at 32 pages
    checks += 2
    bad += argmax.too_big(b"/bin/true", [b"true", b"z" * k], env) != kernel_refuses([b"true", b"z" * k], env)
    e = dict(env)
    e[b"V"] = b"z" * (k - 2)  # "V=" and the value: the same lengths
    bad += argmax.too_big(b"/bin/true", [b"true"], e) != kernel_refuses([b"true"], e)
print(checks, bad)
"""


@pytest.mark.parametrize("stack", [40000, 100000, 131072, 135168, 262144, 1 << 20, 8 << 20, 32 << 20, -1])
def test_argmax_matches_the_kernel(stack):
    """Just under and just over the limit the formula finds, execve agrees:
    for a few argument counts, per string, with stacks from 40 kB (the
    stack itself bounds the strings) through the 128 kB floor and the
    quarter rule to the 6 MB ceiling and no limit (-1)."""
    code = _KERNEL_PROBE % {"root": ROOT, "stack": stack}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    checks, bad = map(int, p.stdout.split())
    assert checks == 18 and bad == 0


# --------------------------------------------------------------------------
# nested scripts: C's answers

# (stdout, stderr, status) of Debian's execlineb on nested(kind, n), 8 MB stack.
def _too_long(name):
    return b"", b"execlineb: fatal: unable to exec %s: Argument list too long\n" % name.encode(), 126


C_RESULTS = {
    ("foreground", 300): (b"inner\ndone\n", b"", 0),
    ("foreground", 1000): (b"inner\ndone\n", b"", 0),
    ("foreground", 1200): (b"inner\ndone\n", b"", 0),
    ("foreground", 1500): _too_long("foreground"),
    ("if", 300): (b"inner\ndone\n", b"", 0),
    ("if", 1000): (b"inner\ndone\n", b"", 0),
    ("if", 1200): (b"inner\ndone\n", b"", 0),
    ("if", 1500): _too_long("if"),
    ("backtick", 300): (b"done\n", b"", 0),
    ("backtick", 1000): (b"done\n", b"", 0),
    ("backtick", 1200): _too_long("backtick"),
    ("backtick", 1500): _too_long("backtick"),
    ("pipeline", 300): (b"inner\n", b"", 0),
    ("pipeline", 1000): (b"inner\n", b"", 0),
    ("pipeline", 1200): _too_long("pipeline"),
    ("pipeline", 1500): _too_long("pipeline"),
    ("ifelse", 300): (b"then\n" * 300, b"", 0),
    ("ifelse", 1000): _too_long("ifelse"),
    ("ifelse", 1200): _too_long("ifelse"),
    ("ifelse", 1500): _too_long("ifelse"),
}


@pytest.mark.parametrize("kind,n", sorted(set(C_RESULTS) - {("foreground", 1000)}))
def test_nested_blocks_give_cs_answer(kind, n):
    """(foreground 1000 is run by test_a_thousand_levels_cost_linear_time_and_memory.)"""
    p = run_script(BIN, nested(kind, n), ENV)
    assert (p.stdout, p.stderr, p.returncode) == C_RESULTS[(kind, n)]


@pytest.fixture()
def twin_paths():
    """Directories of the same length that hold C's and execpy's commands,
    so that both see environments of exactly the same size."""
    top = tempfile.mkdtemp(prefix="execpy-deep-", dir="/tmp")
    os.symlink(C_BIN, top + "/c")
    os.symlink(BIN, top + "/p")
    yield top
    for name in ("c", "p"):
        os.unlink(os.path.join(top, name))
    os.rmdir(top)


# The deepest nested(kind, n) Debian's execlineb runs under a 512 kB stack
# (128 kB for the strings) with PATH=/tmp/execpy-deep-XXXXXXXX/c:/usr/bin:/bin.
C_MAX_DEPTH_512K = {"if": 351, "backtick": 244, "foreground": 347}


@needs_c
@pytest.mark.parametrize("kind", sorted(C_MAX_DEPTH_512K))
def test_the_deepest_script_c_runs(twin_paths, kind):
    """At C's last depth both run; one level more, both die as C does."""
    top = C_MAX_DEPTH_512K[kind]
    for n in (top, top + 1):
        results = [run_script(os.path.join(twin_paths, impl), nested(kind, n),
                              {"PATH": os.path.join(twin_paths, impl) + ":/usr/bin:/bin"}, stack=512)
                   for impl in ("c", "p")]
        got = [(p.stdout, p.stderr, p.returncode) for p in results]
        assert got[0] == got[1]
        assert (got[0][2] == 126) == (n > top)


@needs_c
@pytest.mark.parametrize("script,culprit", [
    ("foreground { if { mytrue } echo ok } echo done", b"foreground: warning: unable to spawn if"),
    ("backtick -i x { if { mytrue } echo ok } echo done", b"backtick: fatal: unable to spawn if"),
    ("foreground { mytrue } echo done", b"foreground: warning: unable to spawn mytrue"),
    ("tryexec { if { mytrue } echo ok } echo fell back", b"fell back"),
])
def test_a_block_spawn_over_the_limit(twin_paths, script, culprit):
    """A block's program found in a long directory: its spawn (or
    tryexec's exec) is refused while the builtin's own exec (a shorter file
    name) passed. execpy runs a builtin block in a fork, or in place for
    tryexec, and refuses it at the same byte."""
    long_dir = os.path.join(twin_paths, "L" * 200, "M" * 200, "N" * 200)
    for impl, target in (("c", C_BIN + "/if"), ("p", BIN + "/if")):
        os.makedirs(os.path.join(long_dir, impl))
        os.symlink(target, os.path.join(long_dir, impl, "if"))
        os.symlink("/bin/true", os.path.join(long_dir, impl, "mytrue"))

    def run(impl, filler):
        env = {"PATH": "%s/%s:%s/%s:/usr/bin:/bin" % (long_dir, impl, twin_paths, impl), "F": "x" * filler}
        p = subprocess.run(["sh", "-c", 'ulimit -S -s 256 && exec "$0" -P -c "$1"',
                            os.path.join(twin_paths, impl, "execlineb"), script],
                           env=env, capture_output=True, timeout=30)
        return p.stdout, p.stderr, p.returncode

    try:
        lo, hi = 128000, 130500  # the largest filler with which C's block still starts
        def failed(filler):
            out, err, _ = run("c", filler)
            return culprit in out + err

        while lo < hi:
            mid = (lo + hi + 1) // 2
            if failed(mid):
                hi = mid - 1
            else:
                lo = mid
        assert not failed(lo) and failed(lo + 1)
        for filler in (lo - 1, lo, lo + 1, lo + 2):
            assert run("p", filler) == run("c", filler)
    finally:
        subprocess.run(["rm", "-rf", os.path.join(twin_paths, "L" * 200)], timeout=30)


# --------------------------------------------------------------------------
# the cost of depth

_PROBE = r"""
import os, sys
stop = int(os.environ["PROBE_STOP"])
pid = os.getppid()
uss = levels = fresh = 0
while pid != stop and pid > 1:
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            if line.startswith(("Private_Dirty:", "Private_Clean:")):
                uss += int(line.split()[1])
    with open("/proc/%d/cmdline" % pid, "rb") as f:
        fresh += b"decode(sys.argv" in f.read()
    levels += 1
    with open("/proc/%d/stat" % pid) as f:
        pid = int(f.read().rsplit(")", 1)[1].split()[1])
with open(os.environ["PROBE_OUT"], "w") as f:
    f.write("%d %d %d" % (levels, uss, fresh))
print("inner")
"""


def test_a_thousand_levels_cost_linear_time_and_memory(tmp_path):
    """C runs 1,000 levels of foreground in about 3 s and 460 MB; before,
    execpy took 72 s (each fork of a fork costs more: the kernel chains
    every mapping to all its ancestors), or died of recursion at 170
    levels. Now: a fresh interpreter at least every 32 levels, well under
    2 MB a level, and seconds."""
    probe = tmp_path / "probe.py"
    probe.write_text(_PROBE)
    out = tmp_path / "probe.out"
    env = dict(ENV, PROBE_STOP=str(os.getpid()), PROBE_OUT=str(out))
    start = time.monotonic()
    p = run_script(BIN, nested("foreground", 1000, "python3 -S " + str(probe)), env, timeout=120)
    elapsed = time.monotonic() - start
    assert (p.stdout, p.stderr, p.returncode) == C_RESULTS[("foreground", 1000)]
    levels, uss_kb, fresh = map(int, out.read_text().split())
    # every interpreter runs its first core._HERE_DEPTH levels in its own
    # process (core.run_here), then forks one process a level
    assert 1000 >= levels >= 1000 - HERE_DEPTH * (fresh + 1)
    assert fresh >= (1000 - HERE_DEPTH * (fresh + 1)) // 32 - 1
    assert uss_kb < 2048 * levels
    assert elapsed < 30


@pytest.mark.parametrize("n", [2000, 5000])
def test_too_deep_fails_at_once(n):
    """Past C's depth the answer is C's, without building the argv: 5,000
    levels (a 75 kB script, a 25 MB argv) fail in milliseconds."""
    code = ("import resource, subprocess, sys\n"
            "p = subprocess.run(sys.argv[1:], capture_output=True, timeout=30)\n"
            "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
            "sys.stdout.flush(); sys.stderr.buffer.write(p.stderr)\n")
    with tempfile.NamedTemporaryFile("w", suffix=".el") as f:
        f.write(nested("foreground", n))
        f.flush()
        start = time.monotonic()
        p = subprocess.run([sys.executable, "-c", code, os.path.join(BIN, "execlineb"), "-P", f.name],
                           env=ENV, capture_output=True, timeout=60)
        elapsed = time.monotonic() - start
    status, maxrss_kb = map(int, p.stdout.split())
    assert (status, p.stderr) == (126, _too_long("foreground")[1])
    assert maxrss_kb < 60 * 1024
    assert elapsed < 5


def test_recursion_limit_alone_reaches_depth():
    """Without the fresh interpreters (if sys.executable cannot be run),
    raising the recursion limit in each child is enough: 200 levels of
    ``if`` print done (before: exit 111 and nothing said past about 170)."""
    code = ("import sys; sys.path.insert(0, %r)\n"
            "from execpy.engine import forked\n"
            "forked.execed_fresh = lambda ctx, argv: False\n"
            "from execpy.cli import main\n"
            "main([b'execlineb', b'-P', b'-c', sys.argv[1].encode()])\n" % ROOT)
    p = subprocess.run([sys.executable, "-c", code, nested("if", 200)], env=ENV,
                       capture_output=True, timeout=60)
    assert (p.stdout, p.stderr, p.returncode) == (b"inner\ndone\n", b"", 0)


# --------------------------------------------------------------------------
# internal errors in forked children: one line, a traceback under EXECPY_DEBUG

_INJECT = r"""
import sys
sys.path.insert(0, %(root)r)
from execpy.engine import forked

def boom(*args, **kwargs):
    raise RuntimeError("boom")

target = sys.argv[1]
if target == "child":  # in every forked child that goes on interpreting
    forked._FORK_CHAIN = 0
    forked.execed_fresh = lambda ctx, argv: False
    forked.room_to_nest = boom
elif target == "heredoc":
    from execpy.builtins import heredoc
    heredoc.write_all = boom
elif target == "builtin":  # a builtin that fails inside a forked block
    from execpy.builtins import if_
    if_.main = boom
from execpy.cli import main
main([b"execlineb", b"-P", b"-c", sys.argv[2].encode()])
"""

CHILD_ERRORS = [
    ("child", "foreground { cd / if { true } } echo parent", b"foreground", b"parent\n"),
    ("child", "if { cd / if { true } } echo parent", b"if", b""),
    ("child", "forx -p i { 1 } if { true }", b"forx", b""),
    ("child", "pipeline { if { true } } cat", b"pipeline", b""),
    ("child", "pipeline -d { if { true } } cat", b"pipeline (grandchild)", b""),
    ("child", "background { if { true } } wait { } echo parent", b"background", b"parent\n"),
    ("child", "background -d { if { true } } echo parent", b"background (grandchild)", b"parent\n"),
    ("child", "backtick -D d x { if { true } } echo parent", b"backtick", b"parent\n"),
    ("heredoc", "heredoc 0 text cat", b"heredoc (child)", b""),
    ("builtin", "foreground { if { true } } echo parent", b"if", b"parent\n"),
]


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("target,script,prog,stdout", CHILD_ERRORS)
def test_a_childs_internal_error_is_one_line(target, script, prog, stdout, debug):
    env = dict(ENV, EXECPY_DEBUG="1") if debug else ENV
    code = _INJECT % {"root": ROOT}
    p = subprocess.run([sys.executable, "-c", code, target, script], env=env,
                       capture_output=True, timeout=30)
    line = prog + b": fatal: internal error: RuntimeError: boom\n"
    assert p.stdout == stdout
    if debug:
        assert p.stderr.startswith(b"Traceback (most recent call last):\n")
        assert p.stderr.endswith(b"RuntimeError: boom\n" + line)
    else:
        assert p.stderr == line


# --------------------------------------------------------------------------
# execpy parse, EXECPY_TRACE

def test_execpy_parse_of_a_deep_file(tmp_path):
    script = tmp_path / "deep.el"
    script.write_text(nested("foreground", 2000))
    p = subprocess.run([sys.executable, os.path.join(BIN, "execpy"), "parse", str(script)],
                       capture_output=True, timeout=60)
    assert p.returncode == 0 and p.stderr == b""
    lines = p.stdout.decode().splitlines()
    assert len(lines) == 2000 + 2 + 2000 + 2
    assert lines[1999] == "  " * 1999 + "foreground"
    assert lines[2000:2002] == ["  " * 2000 + "echo", "  " * 2000 + "inner"]
    assert lines[-3:] == ["}", "echo", "done"]


def test_trace_of_a_deep_script_is_cut_at_its_width():
    p = run_script(BIN, nested("foreground", 300), dict(ENV, EXECPY_TRACE="1"))
    assert p.stdout == b"inner\ndone\n"
    lines = p.stderr.splitlines()
    assert len(lines) == 1 + 300 + 2  # execlineb, every level's chain, inner, done
    assert max(map(len, lines)) <= 2 + 200 + 4
    assert lines[1].startswith(b"+ foreground { foreground { ") and lines[1].endswith(b" ...")
    assert lines[300] == b"+ foreground { echo inner }"


# --------------------------------------------------------------------------
# Words: the compact argv, against the plain lists it stands for

_PIECES = [b"{ ", b" } ", b" ", b"\n", b'"', b"\\", b"a", b"#", b"{", b"}", b'" "', b'""',
           b"\\0x41", b"$x", b"${x}", b"\\$x", b'" $x"']


def _scan_end(words, i):
    return next((j for j in range(i, len(words)) if words[j] == b""), None)


def _views(words):
    """The argv and the blocks and rests its block reads give."""
    out = [words]
    for i in range(len(words)):
        end = words.block_end(i)
        if end is not None:
            out += [words.inner(i, end), words[end + 1:]]
    return out


def test_words_read_blocks_as_a_scan_would():
    rng = random.Random(11)
    checked = 0
    for _ in range(4000):
        script = b"".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 20)))
        try:
            words = parse_words(script)
        except ParseError:
            continue
        for view in _views(words):
            plain = list(view)
            assert list(decode(encode(view))) == plain
            for i in range(len(view)):
                end = view.block_end(i)
                if end is not None:
                    checked += 1
                    assert end == _scan_end(plain, i)
                    assert list(view.inner(i, end)) == [w[1:] if w[:1] == b" " else w for w in plain[i:end]]
            for values in ({b"x": [b" a", b"b"]}, {b"x": []}, {b"x": [b""]}):
                assert list(substitute(view, values)) == substitute(plain, values)
    assert checked > 150


def test_only_deep_scripts_make_words():
    assert type(parse_argv(b"foreground { if { true } echo a } echo b")) is list
    assert isinstance(parse_argv(nested("if", 100).encode()), Words)


_FORCED = """#!%(python)s -ES
import os, sys
sys.path.insert(0, %(root)r)
from execpy.parser import lexer
lexer.WORDS_OVER = -1  # every script a Words
from execpy.cli import main
main([os.fsencode(a) for a in sys.argv])
"""


def test_conformance_cases_with_every_script_a_words(twin_paths, monkeypatch):
    """Ordinary scripts are plain lists (see lexer.parse_argv), so the
    conformance suite runs them that way. Every fifth case that has a block
    runs here with its script made a Words, through every builtin that
    takes one. (All 796 pass so; this is the sample kept fast.)"""
    wrapper = os.path.join(twin_paths, "execlineb")  # a directory others may search
    with open(wrapper, "w") as f:
        f.write(_FORCED % {"python": sys.executable, "root": ROOT})
    os.chmod(wrapper, 0o755)
    os.chmod(twin_paths, 0o755)
    words = {"path": "%s:%s" % (twin_paths, harness.IMPLS["execpy"]["path"]), "execlineb": wrapper}
    monkeypatch.setattr(harness, "IMPLS", dict(harness.IMPLS, words=words))
    cases = [c for c in harness.all_cases() if "{" in c.script and c.only != "real"][::5]
    assert len(cases) > 60
    try:
        for case in cases:
            assert harness.run_case(case, "words") == (case.stdout, case.stderr, case.status), case.id
    finally:
        os.unlink(wrapper)
