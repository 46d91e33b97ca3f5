"""Differential properties: execpy against Debian's execline 2.9.3.0.

Each property builds a script from random parts (tests/strategies.py),
runs it under the real execlineb and under execpy, and requires the same
result. The whole suite is kept under about a minute and a half: the
examples are few but derandomized, so a run is reproducible.
"""

import ast
import os
import subprocess
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from execpy.parser.lexer import ParseError, parse
from tests import strategies as S

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REAL = "/usr/lib/execline/bin"
OURS = os.path.join(ROOT, "bin")

pytestmark = pytest.mark.skipif(not os.path.exists(REAL + "/execlineb"),
                                reason="Debian's execline is not installed")

# EXECPY_PROP_SCALE=10 multiplies the examples and draws new ones (bug hunting).
SCALE = int(os.environ.get("EXECPY_PROP_SCALE", "1"))
SETTINGS = dict(deadline=None, derandomize=SCALE == 1, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

PRINTER_CODE = (b"#!/usr/bin/python3 -S\n"
                b"import os, sys\n"
                b"sys.stdout.write(repr([os.fsencode(a) for a in sys.argv[1:]]))\n")


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory(prefix="execpy-prop-") as d:
        printer = os.path.join(d, "printer")
        with open(printer, "wb") as f:
            f.write(PRINTER_CODE)
        os.chmod(printer, 0o755)
        yield d


def run(impl, workdir, script, flags=(b"-P",), args=(), env=None):
    """Run ``script`` (bytes) with execlineb ``flags``; (stdout, stderr, status)."""
    bindir = REAL if impl == "real" else OURS
    path = os.path.join(workdir, "script-" + impl)
    with open(path, "wb") as f:
        f.write(script)
    full_env = {b"PATH": (bindir + ":/usr/bin:/bin").encode()}
    if env:
        full_env.update(env)
    p = subprocess.run([os.path.join(bindir, "execlineb").encode()] + list(flags) + [path.encode()]
                       + list(args), cwd=workdir, env=full_env, capture_output=True,
                       stdin=subprocess.DEVNULL, timeout=30)
    err = p.stderr.replace(path.encode(), b"@SCRIPT@")
    return p.stdout, err, p.returncode


# -------------------------------------------------------------------------
# the lexer

@settings(max_examples=250 * SCALE, **SETTINGS)
@given(text=S.script_texts)
def test_lexer_matches_real_execlineb(workdir, text):
    printer = os.path.join(workdir, "printer").encode()
    script = printer + b"\n" + text
    out, err, status = run("real", workdir, script)
    try:
        words = parse(script)
    except ParseError as e:
        assert status == 100 and err == b"execlineb: fatal: " + e.kind.encode() + b"\n", (err, e.kind)
        return
    assert status == 0, err
    assert words[0] == printer
    assert ast.literal_eval(out.decode("latin-1")) == words[1:]


@settings(max_examples=150 * SCALE, **SETTINGS)
@given(words=st.lists(st.binary(min_size=0, max_size=6).filter(lambda b: b"\0" not in b), max_size=5))
def test_quote_roundtrip(words):
    script = b" ".join(S.quote(w) for w in words)
    assert parse(script) == words


# -------------------------------------------------------------------------
# substitution

def _printing(words):
    return b" ".join(S.quote(w) for w in words)


def _compare(workdir, script, **kw):
    real = run("real", workdir, script, **kw)
    ours = run("execpy", workdir, script, **kw)
    assert ours == real, script


@settings(max_examples=120 * SCALE, **SETTINGS)
@given(opts=S.define_options, value=S.values, template=S.templates)
def test_define(workdir, opts, value, template):
    printer = os.path.join(workdir, "printer").encode()
    script = (_printing([b"define"] + S.option_words(opts) + [b"X", value])
              + b"\n" + _printing([printer] + template) + b"\n")
    _compare(workdir, script)


@settings(max_examples=80 * SCALE, **SETTINGS)
@given(opts=S.define_options, value=S.values, other=S.values, template=S.templates,
       unset=st.booleans())
def test_importas_and_multisubstitute(workdir, opts, value, other, template, unset):
    printer = os.path.join(workdir, "printer").encode()
    env = {} if unset else {b"V": value}
    alone = (_printing([b"importas", b"-D", b"dflt"] + S.option_words(opts) + [b"X", b"V"])
             + b"\n" + _printing([printer] + template) + b"\n")
    _compare(workdir, alone, env=env)
    multi = (b"multisubstitute {\n"
             + _printing([b"importas"] + S.option_words(opts) + [b"X", b"V"]) + b"\n"
             + _printing([b"define", b"-s", b"Y", other]) + b"\n}\n"
             + _printing([printer] + template) + b"\n")
    _compare(workdir, multi, env=env)


# -------------------------------------------------------------------------
# chains of builtins

@settings(max_examples=70 * SCALE, **SETTINGS)
@given(chain=S.chains, flags=S.positional_flags, args=S.positional_args)
def test_chains(workdir, chain, flags, args):
    script = S.render(chain) + b"\n"
    real = run("real", workdir, script, flags=flags, args=args)
    ours = run("execpy", workdir, script, flags=flags, args=args)
    assert ours == real, script


# -------------------------------------------------------------------------
# eltest

_ELTEST_WORDS = ["-n", "-z", "=", "!=", "-eq", "-lt", "-ge", "-a", "-o", "!", "(", ")", "a", "",
                 "1", "-1", "07", "x", "\\-n", "-f", "/etc/passwd", "=~", "^a", "a(", "-v", "PATH",
                 "-t", "0", "<", ">=", "-d", "/", "4294967295"]


@settings(max_examples=300 * SCALE, **SETTINGS)
@given(words=st.lists(st.sampled_from(_ELTEST_WORDS), max_size=8))
def test_eltest(words):
    def go(path):
        p = subprocess.run([path] + words, capture_output=True, stdin=subprocess.DEVNULL, timeout=10,
                           env={"PATH": "/usr/bin:/bin"})
        return p.stdout, p.stderr, p.returncode
    assert go(os.path.join(OURS, "eltest")) == go(REAL + "/eltest")
