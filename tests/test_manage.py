"""The execpy management command."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(*args):
    return subprocess.run([sys.executable, os.path.join(ROOT, "bin", "execpy")] + list(args),
                          capture_output=True, timeout=30)


def test_parse_shows_blocks():
    p = run("parse", "-c", 'foreground { if { true } echo "a b" } echo x')
    assert p.returncode == 0
    assert p.stdout.decode().splitlines() == [
        "foreground", "  if", "    true", "  }", "  echo", "  a b", "}", "echo", "x"]


def test_parse_locates_errors():
    p = run("parse", "-c", 'echo a\necho "\\08"')
    assert p.returncode == 100
    err = p.stderr.decode().splitlines()
    assert err[0] == "execlineb: fatal: syntax error"
    assert err[1] == "  at -c line 2 column 9:"
    assert err[3].index("^") == err[2].index("8")


def test_trace_render_keeps_a_words_own_spaces():
    from execpy.engine.trace import render
    assert render([b"foreground", b" echo", b" hi", b"", b"echo", b"  a b"]) == \
        b"foreground { echo hi } echo '  a b'"
    assert render([b"if", b" if", b"  true", b" ", b" echo", b""]) == b"if { if { true } echo }"
