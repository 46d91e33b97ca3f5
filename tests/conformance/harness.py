"""Conformance cases: one script, run by the real binaries and by execpy.

A case file (``*.t`` under tests/conformance/) holds cases like::

    #### foreground runs its block, then the rest
    ## flags: -P
    foreground { echo 1 }
    echo 2
    ## stdout:
    1
    2
    ## status: 0

Header lines, all optional, before the script:

    ## flags: -S2          execlineb's options (default -P)
    ## args: a b           words after the script (split on spaces)
    ## env: A=1 B=x        added to the environment (PATH is set by the harness)
    ## stdin: a\\nb\\n       stdin, with Python escapes (default: empty)
    ## mode: sh            run the script with /bin/sh -c instead of execlineb
    ## only: execpy        an execpy extension: not run against the real binaries
    ## timeout: 20         seconds (default 10)
    ## setup: mkdir d      an sh command run in the case's directory first

Expectations after the script: ``## stdout:`` and ``## stderr:`` take the
lines that follow (a missing section expects nothing), ``## stdout-repr:``
and ``## stderr-repr:`` a Python bytes literal on the same line, and
``## status: N``. ``@TMP@`` in expectations and ``$CASETMP`` in the script
environment stand for the case's own directory, which is also its cwd.

The real execline is Debian's, in /usr/lib/execline/bin; real s6 is in
/usr/bin. execpy's commands are the repository's bin/.

``python3 tests/conformance/harness.py --golden FILE`` reprints FILE with
every expectation taken from the real binaries: the way to write new cases.
"""

import ast
import os
import re
import signal
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REAL_EXECLINE = "/usr/lib/execline/bin"
IMPLS = {
    "real": {"path": REAL_EXECLINE + ":/usr/bin:/bin", "execlineb": REAL_EXECLINE + "/execlineb"},
    "execpy": {"path": os.path.join(ROOT, "bin") + ":/usr/bin:/bin",
               "execlineb": os.path.join(ROOT, "bin", "execlineb")},
    # the versions s6-overlay 3.2.3.2 ships (execline 2.9.9.2, s6 2.15.1.0, ...), built from
    # source where a helper put them; tests/test_versions_delta.py compares against them
    "oracle": {"path": "/tmp/oracle/bin:/usr/bin:/bin", "execlineb": "/tmp/oracle/bin/execlineb"},
}


class Case:
    def __init__(self, name, path, line):
        self.name = name
        self.path = path
        self.line = line
        self.flags = ["-P"]
        self.args = []
        self.env = {}
        self.stdin = b""
        self.mode = "execline"
        self.only = None
        self.timeout = 10
        self.setup = None
        self.script = ""
        self.stdout = b""
        self.stderr = b""
        self.status = 0

    @property
    def id(self):
        return "%s:%d:%s" % (os.path.relpath(self.path, os.path.dirname(__file__)), self.line, self.name)


_HEADER = re.compile(r"^## ([a-z-]+):(.*)$")


def parse_file(path):
    cases = []
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    i = 0
    while i < len(lines):
        if not lines[i].startswith("#### "):
            i += 1
            continue
        case = Case(lines[i][5:].strip(), path, i + 1)
        i += 1
        # headers
        while i < len(lines):
            m = _HEADER.match(lines[i])
            if not m or m.group(1) in ("stdout", "stderr", "status", "stdout-repr", "stderr-repr"):
                break
            key, value = m.group(1), m.group(2).strip()
            if key == "flags":
                case.flags = value.split()
            elif key == "args":
                case.args = value.split()
            elif key == "env":
                for item in value.split():
                    k, _, v = item.partition("=")
                    case.env[k] = v
            elif key == "stdin":
                case.stdin = ast.literal_eval("b'''" + value + "'''")
            elif key == "mode":
                case.mode = value
            elif key == "only":
                case.only = value
            elif key == "timeout":
                case.timeout = float(value)
            elif key == "setup":
                case.setup = value
            else:
                raise ValueError("%s:%d: unknown header %s" % (path, i + 1, key))
            i += 1
        body = []
        while i < len(lines) and not _HEADER.match(lines[i]) and not lines[i].startswith("#### "):
            body.append(lines[i])
            i += 1
        while body and not body[-1].strip():
            body.pop()
        case.script = "\n".join(body) + "\n"
        while i < len(lines) and not lines[i].startswith("#### "):
            m = _HEADER.match(lines[i])
            if not m and not lines[i].strip():
                i += 1
                continue
            if not m:
                raise ValueError("%s:%d: expected a ## section" % (path, i + 1))
            key, value = m.group(1), m.group(2)
            i += 1
            if key in ("stdout", "stderr"):
                chunk = []
                while i < len(lines) and not _HEADER.match(lines[i]) and not lines[i].startswith("#### "):
                    chunk.append(lines[i])
                    i += 1
                while chunk and not chunk[-1]:
                    chunk.pop()
                data = ("\n".join(chunk) + "\n").encode("utf-8", "surrogateescape") if chunk else b""
                setattr(case, key, data)
            elif key in ("stdout-repr", "stderr-repr"):
                setattr(case, key[:6], ast.literal_eval(value.strip()))
            elif key == "status":
                case.status = int(value)
        cases.append(case)
    return cases


def all_cases():
    out = []
    base = os.path.dirname(os.path.abspath(__file__))
    for dirpath, _, files in sorted(os.walk(base)):
        for name in sorted(files):
            if name.endswith(".t"):
                out.extend(parse_file(os.path.join(dirpath, name)))
    return out


def _default_signals():
    """In the case's child: every disposition default and nothing blocked, as a
    container's first process gets them (a shell's background job inherits
    SIGINT and SIGQUIT ignored, nohup SIGHUP, which the trap cases would see)."""
    for sig in signal.valid_signals():
        if sig not in (signal.SIGKILL, signal.SIGSTOP):
            try:
                signal.signal(sig, signal.SIG_DFL)
            except (OSError, ValueError):
                pass
    signal.pthread_sigmask(signal.SIG_SETMASK, ())


def run_case(case, impl):
    """Run ``case`` under ``impl`` ("real" or "execpy"); return (stdout, stderr, status)."""
    conf = IMPLS[impl]
    with tempfile.TemporaryDirectory(prefix="execpy-conf-") as tmp:
        env = {"PATH": conf["path"], "CASETMP": tmp}
        env.update(case.env)
        if case.setup:
            subprocess.run(["/bin/sh", "-c", case.setup], cwd=tmp, env=env, timeout=case.timeout,
                           check=True, stdin=subprocess.DEVNULL)
        if case.mode == "sh":
            argv = ["/bin/sh", "-c", case.script] + (["sh"] + case.args if case.args else [])
        else:
            script = os.path.join(tmp, "script")
            with open(script, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(case.script)
            argv = [conf["execlineb"]] + case.flags + [script] + case.args
        p = subprocess.run(argv, cwd=tmp, env=env, input=case.stdin, capture_output=True,
                           timeout=case.timeout, preexec_fn=_default_signals)
        out = p.stdout.replace(tmp.encode(), b"@TMP@")
        err = p.stderr.replace(tmp.encode(), b"@TMP@")
        status = p.returncode if p.returncode >= 0 else 128 - p.returncode
        # the real execlineb names itself by its path; execpy's launcher by its own
        err = err.replace(conf["execlineb"].encode(), b"@EXECLINEB@")
        out = out.replace(conf["execlineb"].encode(), b"@EXECLINEB@")
        return out, err, status


def _section(name, data):
    if not data:
        return []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if (text is None or "\r" in text or not text.endswith("\n") or text.endswith("\n\n") or text == "\n"
            or "\n## " in "\n" + text or "\n#### " in "\n" + text):
        return ["## %s-repr: %r" % (name, data)]
    return ["## %s:" % name] + text[:-1].split("\n")


def golden(path, impl="real"):
    """Reprint ``path`` with expectations from the real binaries (``impl``)."""
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        lines = f.read().split("\n")
    out = []
    cases = {c.line: c for c in parse_file(path)}
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#### ") and (i + 1) in cases:
            case = cases[i + 1]
            out.append(line)
            i += 1
            while i < len(lines) and not lines[i].startswith("#### "):
                m = _HEADER.match(lines[i])
                if m and m.group(1) in ("stdout", "stderr", "status", "stdout-repr", "stderr-repr"):
                    break
                out.append(lines[i])
                i += 1
            while i < len(lines) and not lines[i].startswith("#### "):
                i += 1
            if case.only == "execpy":
                stdout, stderr, status = case.stdout, case.stderr, case.status
            else:
                stdout, stderr, status = run_case(case, impl)
            out += _section("stdout", stdout) + _section("stderr", stderr)
            out.append("## status: %d" % status)
            out.append("")
            continue
        out.append(line)
        i += 1
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--golden":
        for p in sys.argv[2:]:
            text = golden(p)
            with open(p, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(text)
            print("golden:", p)
    elif len(sys.argv) >= 2 and sys.argv[1] == "--check":
        impls = sys.argv[2:] or ["real", "execpy"]
        bad = 0
        for case in all_cases():
            for impl in impls:
                if case.only and case.only != impl:
                    continue
                got = run_case(case, impl)
                if got != (case.stdout, case.stderr, case.status):
                    bad += 1
                    print("FAIL", impl, case.id, got)
        print("failures:", bad)
    else:
        print(__doc__)
